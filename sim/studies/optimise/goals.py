"""What a policy search wants: objectives with their directions, and budgets on outcomes.

``--objective backbones_mentored`` takes the outcome's own direction (``OUTCOMES``: +1 more is
better, -1 less is better); an outcome without one (effort or size: ``mentor_hours``,
``final_pool_size``) must say which way it wants, ``--objective mentor_hours:min``, and any
outcome may be turned round the same way (``:max`` / ``:min``). ``--budget mentor_hours<=400000``
or ``--budget final_pool_size>=300`` bounds an outcome in its own unit (``OUTCOMES[...].unit``:
hours over the whole run, mentors at the end ...). A budget holds for a policy when the mean of
its replicate runs meets it (``sim.studies.optimise.search`` says why the mean and what the report adds).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from sim.model.outcomes import OUTCOMES

__all__ = ["Budget", "GoalError", "Objective", "parse_budget", "parse_objective"]

_BUDGET = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(<=|>=)\s*([-+]?(?:\d[\d_]*\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*$")
_WAYS = {"max": 1, "min": -1}


class GoalError(ValueError):
    """A bad --objective or --budget (one line: the option, the value and what is allowed)."""


def _known(outcome: str, option: str, text: str) -> str:
    if outcome not in OUTCOMES:
        raise GoalError(f"{option} {text!r}: unknown outcome {outcome!r} (allowed: {', '.join(OUTCOMES)})")
    return outcome


@dataclass(frozen=True)
class Objective:
    """An outcome to push one way: ``direction`` +1 to maximise, -1 to minimise."""

    outcome: str
    direction: int

    @property
    def text(self) -> str:
        """As typed on the command line, with the direction spelled out: ``backbones:max``."""
        return f"{self.outcome}:{'max' if self.direction > 0 else 'min'}"


@dataclass(frozen=True)
class Budget:
    """A bound on an outcome's replicate mean: ``outcome <= limit`` or ``outcome >= limit``."""

    outcome: str
    op: str  # "<=" or ">="
    limit: float

    @property
    def text(self) -> str:
        """As typed: ``mentor_hours<=400000``."""
        return f"{self.outcome}{self.op}{self.limit:g}"

    def excess(self, value: float) -> float:
        """How far ``value`` is over the budget (0 or below: within it; inf for a missing value)."""
        if not math.isfinite(value):
            return math.inf
        return value - self.limit if self.op == "<=" else self.limit - value

    def holds(self, value: float) -> bool:
        """Whether ``value`` meets the budget."""
        return self.excess(value) <= 0


def parse_objective(text: str) -> Objective:
    """``OUTCOME`` or ``OUTCOME:max`` / ``OUTCOME:min``.

    Raises:
        GoalError: an unknown outcome, an unknown direction, or an outcome with no direction of its own and none given.
    """
    name, _, way = text.strip().partition(":")
    outcome = _known(name.strip(), "--objective", text)
    if way:
        if way.strip() not in _WAYS:
            raise GoalError(
                f"--objective {text!r}: unknown direction {way!r} (allowed: {outcome}:max or {outcome}:min)"
            )
        return Objective(outcome, _WAYS[way.strip()])
    own = OUTCOMES[outcome].direction
    if own == 0:
        raise GoalError(
            f"--objective {text!r}: {outcome} is neither better high nor low (effort or size); "
            f"say which you want (allowed: {outcome}:max or {outcome}:min)"
        )
    return Objective(outcome, own)


def parse_budget(text: str) -> Budget:
    """``OUTCOME<=VALUE`` or ``OUTCOME>=VALUE`` (VALUE in the outcome's unit).

    Raises:
        GoalError: not of that form, or an unknown outcome.
    """
    m = _BUDGET.match(text)
    if m is None:
        raise GoalError(
            f"--budget {text!r}: not a bound (allowed: OUTCOME<=NUMBER or OUTCOME>=NUMBER, e.g. mentor_hours<=400000)"
        )
    outcome = _known(m.group(1), "--budget", text)
    limit = float(m.group(3).replace("_", ""))
    if not math.isfinite(limit):
        raise GoalError(f"--budget {text!r}: the limit must be a finite number")
    return Budget(outcome, m.group(2), limit)

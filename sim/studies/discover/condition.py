"""An outcome condition as a planner writes it: ``final_pool_size < 200 and pool_renewal < 1``.

Read without ``eval``: one or more clauses ``OUTCOME OP NUMBER`` joined by ``and``, ``OP`` one of
``<``, ``<=``, ``>``, ``>=``; the outcome must be one the sweep recorded. A run whose outcome has no
value (n/a: e.g. no median when nobody got there) neither meets nor fails the condition: it is left
out and counted (``Condition.evaluate``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["Clause", "Condition", "ConditionError", "OPS", "parse_condition"]

OPS = ("<=", ">=", "<", ">")  # longest first, so "<=" is never read as "<" then "="
_CLAUSE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(<=|>=|<|>)\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*$")
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
MAX_TEXT = 500  # characters of a condition


class ConditionError(ValueError):
    """A condition that cannot be read; the message names the bad part and what is allowed."""


@dataclass(frozen=True)
class Clause:
    """``outcome op value``: one comparison."""

    outcome: str
    op: str
    value: float

    def holds(self, x: np.ndarray) -> np.ndarray:
        """Where the comparison is true (false where ``x`` is nan)."""
        with np.errstate(invalid="ignore"):
            if self.op == "<":
                return x < self.value
            if self.op == "<=":
                return x <= self.value
            if self.op == ">":
                return x > self.value
            return x >= self.value

    @property
    def text(self) -> str:
        """As typed, normalised: ``pool_renewal < 1``."""
        return f"{self.outcome} {self.op} {self.value:g}"


@dataclass(frozen=True)
class Condition:
    """Clauses that must all hold."""

    clauses: tuple[Clause, ...]

    @property
    def outcomes(self) -> list[str]:
        """The outcomes the condition reads, each once."""
        return list(dict.fromkeys(c.outcome for c in self.clauses))

    @property
    def text(self) -> str:
        """The condition, normalised: ``a < 1 and b >= 2``."""
        return " and ".join(c.text for c in self.clauses)

    def evaluate(self, table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """(met, known): per row, whether the condition holds, and whether every outcome it reads has a value."""
        known = np.ones(len(table), dtype=bool)
        met = np.ones(len(table), dtype=bool)
        for c in self.clauses:
            x = table[c.outcome].to_numpy(dtype=float)
            known &= np.isfinite(x)
            met &= c.holds(x)
        return met & known, known


def parse_condition(text: str, outcomes: Sequence[str], option: str = "--where") -> Condition:
    """Read ``text`` (clauses joined by ``and``) against the outcomes the sweep recorded.

    Raises:
        ConditionError: naming the bad clause, why, and what is allowed (the outcomes listed).
    """
    allowed = ", ".join(outcomes)
    form = "OUTCOME OP NUMBER, OP one of < <= > >=, clauses joined by 'and' (e.g. 'pool_renewal < 1')"
    if not text.strip():
        raise ConditionError(f"{option} is empty (allowed: {form}; outcomes of this sweep: {allowed})")
    if len(text) > MAX_TEXT:
        raise ConditionError(f"{option}: {len(text)} characters is too long (allowed: at most {MAX_TEXT})")
    clauses = []
    for part in _AND.split(text.strip()):
        m = _CLAUSE.match(part)
        if m is None:
            hint = ""
            if re.search(r"\bor\b|\|\||&&|==|!=|=", part):
                hint = " ('or', '=', '==' and '!=' are not allowed: ask for the side of a threshold)"
            raise ConditionError(f"{option}: cannot read {part.strip()!r}{hint} (allowed: {form})")
        name, op, number = m.groups()
        if name not in outcomes:
            raise ConditionError(
                f"{option}: {part.strip()!r}: {name!r} is not an outcome this sweep recorded (allowed: {allowed})"
            )
        value = float(number)
        if not math.isfinite(value):
            raise ConditionError(f"{option}: {part.strip()!r}: {number} is not a finite number (allowed: {form})")
        clauses.append(Clause(name, op, value))
    return Condition(tuple(clauses))

"""Growth laws in the mean-field: a month of one skill type's expected growth under the scenario's law.

``gap_closing`` (the default, ``sim.model.growth``): ``s + r a (1 - s) - f s`` plus the pull times the
gap to the mentor. ``tacit_ceiling`` (``sim.model.variants.tacit_ceiling``, its law in that module's
docstring): a ceiling ``c = min(1, level a)`` of which ``d = (1 - share) c`` is explicit; below ``d``
learning by doing toward ``d`` against forgetting, above it only the tacit part ``s - d`` decays; the
pull toward the mentor's level or the own ceiling, whichever is lower, never past the ceiling; a
mentor's teaching gain toward its own ceiling. The pool is one type at its mean skill and ability.
"""

from __future__ import annotations

from typing import Any

import numpy as np

TACIT = "tacit_ceiling"
LAWS = ("gap_closing", TACIT)  # the growth laws the mean-field follows


def ceilings(g: Any, ability: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """Ceiling ``c = min(1, level * ability)`` and its explicit part ``d = (1 - share) * c`` (tacit_ceiling)."""
    ceiling = np.minimum(1.0, g.tacit_ceiling_level * np.asarray(ability, dtype=float))
    return ceiling, (1.0 - g.tacit_ceiling_share) * ceiling


def alone(g: Any, skill: np.ndarray, ability: np.ndarray) -> np.ndarray:
    """A month of learning by doing and forgetting, without a mentor."""
    doing = g.learning_by_doing * ability
    if g.law != TACIT:
        return skill * (1.0 - doing - g.forgetting) + doing
    _, explicit = ceilings(g, ability)
    above = skill - explicit  # below the explicit part practice against forgetting; above it only the tacit part fades
    return skill + np.where(above <= 0.0, doing * -above - g.forgetting * skill, -g.tacit_ceiling_decay * above)


def mentored(
    g: Any, after: np.ndarray, before: np.ndarray, ability: np.ndarray, pull: np.ndarray, mentor: float
) -> np.ndarray:
    """``after`` (the month alone) plus ``pull`` x the gap from ``before`` to the mentor's level (or the ceiling)."""
    if g.law != TACIT:
        return after + pull * np.clip(mentor - before, 0.0, None)
    ceiling, _ = ceilings(g, ability)
    learned = pull * np.clip(np.minimum(mentor, ceiling) - before, 0.0, None)
    return np.minimum(after + learned, np.maximum(ceiling, after))


def pool_month(g: Any, skill: float, ability: float, teach: float) -> float:
    """The pool's mean skill after a month: learning by doing, forgetting, teaching (``teach``: gain x mentees)."""
    if g.law != TACIT:
        r = g.learning_by_doing * ability
        return skill + r * (1 - skill) - g.forgetting * skill + teach * (1 - skill)
    ceiling, explicit = ceilings(g, ability)
    c, d = float(ceiling), float(explicit)
    if skill <= d:
        change = g.learning_by_doing * ability * (d - skill) - g.forgetting * skill
    else:
        change = -g.tacit_ceiling_decay * (skill - d)
    return skill + change + teach * max(c - skill, 0.0)

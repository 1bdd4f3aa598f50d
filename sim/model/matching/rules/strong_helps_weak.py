"""``strong_helps_weak`` (以强带弱): the strongest free mentors with the weakest mentees."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model.decisions import aspect_mean, order
from sim.model.matching.base import REGISTRY, MatchingRule, Side

if TYPE_CHECKING:
    from sim.params.schema import PairingParams


def pair(a: Side, b: Side, p: PairingParams, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, None]:
    """The k weakest mentees, weakest first, with the k strongest mentors, strongest first."""
    k = min(len(a), len(b))
    weakest = order(aspect_mean(a.skill))[:k]
    strongest = order(aspect_mean(b.skill), descending=True)[:k]
    return weakest, strongest, None


def strongest_first(mentors: Side, rng: np.random.Generator) -> np.ndarray:
    """Teams of the strongest mentors first."""
    return order(aspect_mean(mentors.skill), descending=True)


REGISTRY.register(
    MatchingRule(
        "strong_helps_weak",
        "以强带弱",
        "strong helps weak",
        meaning="strongest free mentors with the weakest mentees",
        order=3,
        pair=pair,
        team_order=strongest_first,
    )
)

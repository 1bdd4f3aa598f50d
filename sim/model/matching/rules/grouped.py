"""``nearby`` and ``similar_field``: pair within a group first.

``nearby`` (就地就近, 帮带便捷) and ``similar_field`` (领域相近): pair within the same unit, or the
same field, first, then the rest at random.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model.matching.base import REGISTRY, MatchingRule, Side, at_random

if TYPE_CHECKING:
    from sim.params.schema import PairingParams


def by_key(key_a: np.ndarray, key_b: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Pair at random within equal keys first, then the rest at random."""
    n_a, n_b = len(key_a), len(key_b)
    order_a = np.lexsort((rng.random(n_a), key_a))
    order_b = np.lexsort((rng.random(n_b), key_b))

    def rank_within(sorted_keys: np.ndarray) -> np.ndarray:
        start = np.r_[0, np.flatnonzero(np.diff(sorted_keys)) + 1]
        ranks = np.arange(len(sorted_keys))
        return ranks - np.repeat(start, np.diff(np.r_[start, len(sorted_keys)]))

    ka, kb = key_a[order_a].astype(np.int64), key_b[order_b].astype(np.int64)
    code_a = ka * (n_a + n_b + 1) + rank_within(ka) if n_a else ka
    code_b = kb * (n_a + n_b + 1) + rank_within(kb) if n_b else kb
    _, pa, pb = np.intersect1d(code_a, code_b, assume_unique=True, return_indices=True)
    ia, ib = order_a[pa], order_b[pb]
    rest_a = np.setdiff1d(np.arange(n_a), ia)
    rest_b = np.setdiff1d(np.arange(n_b), ib)
    ra, rb = at_random(len(rest_a), len(rest_b), rng)
    return np.r_[ia, rest_a[ra]], np.r_[ib, rest_b[rb]]


def pair_nearby(a: Side, b: Side, p: PairingParams, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, None]:
    """Same unit first."""
    ia, ib = by_key(a.unit, b.unit, rng)
    return ia, ib, None


def pair_similar_field(
    a: Side, b: Side, p: PairingParams, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, None]:
    """Same field first."""
    ia, ib = by_key(a.field, b.field, rng)
    return ia, ib, None


def teams_by_unit(mentors: Side, rng: np.random.Generator) -> np.ndarray:
    """Teams of mentors of the same unit."""
    return np.lexsort((rng.random(len(mentors)), mentors.unit))


def teams_by_field(mentors: Side, rng: np.random.Generator) -> np.ndarray:
    """Teams of mentors of the same field."""
    return np.lexsort((rng.random(len(mentors)), mentors.field))


REGISTRY.register(
    MatchingRule(
        "nearby",
        "就地就近",
        "nearby",
        meaning="same unit first, then anyone",
        order=1,
        pair=pair_nearby,
        team_order=teams_by_unit,
    )
)
REGISTRY.register(
    MatchingRule(
        "similar_field",
        "领域相近",
        "similar field",
        meaning="same field first, then anyone",
        order=2,
        pair=pair_similar_field,
        team_order=teams_by_field,
    )
)

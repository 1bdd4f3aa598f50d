"""``across_villages`` (跨村带) and ``township_to_village`` (乡带村): pairing within a township.

Both are the organisation's assignment of expected growth (as ``organisation``) with a preference
the assignment meets first wherever it can, then the rest by expected growth:

- ``across_villages``: a mentor takes mentees of other villages of the same township (a master
  village secretary brings the neighbouring villages' cadres);
- ``township_to_village``: mentees of the village kinds (village-bound youths, new village
  committee members, wealth leaders) get a mentor of their own township, the township's cadres
  bringing its villages; recruits are paired by expected growth alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from sim.model.decisions import best_assignment
from sim.model.matching.base import REGISTRY, MatchingRule, Side, blocks, expected_growth, is_large
from sim.model.matching.large import best_in_blocks, growth_value, unit_field

# preferred(mentee positions, slot positions) -> 1.0 where the pair meets the rule's preference
Preference = Callable[[np.ndarray, np.ndarray], np.ndarray]

if TYPE_CHECKING:
    from sim.params.schema import PairingParams


def _preferring(
    preferred: Preference, a: Side, b: Side, p: PairingParams, rng: np.random.Generator, village_only: bool = False
):
    if is_large(len(a), len(b)):  # ``large``: the township first (where the preference is met)
        ta, tb = a.township_or_zero().astype(np.int64), b.township_or_zero().astype(np.int64)
        if village_only:  # village mentees in their township (same field first), then as ``organisation``
            village = a.village_or_false()
            levels = [
                (np.where(village, unit_field(a), -1), unit_field(b)),  # a unit lies in one township
                (np.where(village, ta * 65536 + a.field, -1), tb * 65536 + b.field),
                (np.where(village, ta, -1), tb),
                (unit_field(a), unit_field(b)),
            ]
        else:  # the same township and field, the same township, then the same field
            levels = [(ta * 65536 + a.field, tb * 65536 + b.field), (ta, tb)]
        levels.append((a.field, b.field))
        weakest = (2,) if village_only else ()  # cross-field pairs for the preference: the weakest slots

        growth = growth_value(p, a, b)

        def objective(ia: np.ndarray, ib: np.ndarray) -> np.ndarray:
            return growth(ia, ib) + preferred(ia, ib)

        xa, xb = best_in_blocks(a, b, objective, levels, rng, weakest_slots_at=weakest)
        return xa, xb, None
    parts_a, parts_b = [], []
    for ca, cb in blocks(len(a), len(b), rng):
        value = expected_growth(p, a.take(ca), b.take(cb)) + preferred(ca[:, None], cb[None, :])  # growth < 1
        xa, xb = best_assignment(value)
        parts_a.append(ca[xa])
        parts_b.append(cb[xb])
    return np.concatenate(parts_a), np.concatenate(parts_b), None


def pair_across_villages(a: Side, b: Side, p: PairingParams, rng: np.random.Generator):
    """Same township, another unit, first."""
    ta, tb = a.township_or_zero(), b.township_or_zero()

    def preferred(ia: np.ndarray, ib: np.ndarray) -> np.ndarray:
        return ((ta[ia] == tb[ib]) & (a.unit[ia] != b.unit[ib])).astype(float)

    return _preferring(preferred, a, b, p, rng)


def pair_township_to_village(a: Side, b: Side, p: PairingParams, rng: np.random.Generator):
    """Village mentees with a mentor of their own township first."""
    ta, tb, village = a.township_or_zero(), b.township_or_zero(), a.village_or_false()

    def preferred(ia: np.ndarray, ib: np.ndarray) -> np.ndarray:
        return ((ta[ia] == tb[ib]) & village[ia]).astype(float)

    return _preferring(preferred, a, b, p, rng, village_only=True)


REGISTRY.register(
    MatchingRule(
        "across_villages",
        "跨村带",
        "across villages",
        meaning="a mentor takes mentees of other villages of the same township first",
        order=6,
        pair=pair_across_villages,
    )
)
REGISTRY.register(
    MatchingRule(
        "township_to_village",
        "乡带村",
        "township brings village",
        meaning="village mentees get a mentor of their own township first",
        order=7,
        pair=pair_township_to_village,
    )
)

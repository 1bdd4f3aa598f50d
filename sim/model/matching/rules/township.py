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

from typing import TYPE_CHECKING

import numpy as np

from sim.model.decisions import best_assignment
from sim.model.matching.base import REGISTRY, MatchingRule, Side, blocks, expected_growth

if TYPE_CHECKING:
    from sim.params.schema import PairingParams


def _preferring(preferred: np.ndarray, a: Side, b: Side, p: PairingParams, rng: np.random.Generator):
    parts_a, parts_b = [], []
    for ca, cb in blocks(len(a), len(b), rng):
        value = expected_growth(p, a.take(ca), b.take(cb)) + preferred[np.ix_(ca, cb)]  # growth < 1
        xa, xb = best_assignment(value)
        parts_a.append(ca[xa])
        parts_b.append(cb[xb])
    return np.concatenate(parts_a), np.concatenate(parts_b), None


def pair_across_villages(a: Side, b: Side, p: PairingParams, rng: np.random.Generator):
    """Same township, another unit, first."""
    same_township = a.township_or_zero()[:, None] == b.township_or_zero()[None, :]
    other_unit = a.unit[:, None] != b.unit[None, :]
    return _preferring((same_township & other_unit).astype(float), a, b, p, rng)


def pair_township_to_village(a: Side, b: Side, p: PairingParams, rng: np.random.Generator):
    """Village mentees with a mentor of their own township first."""
    same_township = a.township_or_zero()[:, None] == b.township_or_zero()[None, :]
    village = a.village_or_false()[:, None]
    return _preferring((same_township & village).astype(float), a, b, p, rng)


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

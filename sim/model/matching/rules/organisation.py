"""``organisation`` (组织统筹): the organisation assigns.

An optimal assignment (``scipy.optimize.linear_sum_assignment``)
maximising expected growth from what the organisation can see: skill gap, same unit, same field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model.decisions import best_assignment
from sim.model.matching.base import REGISTRY, MatchingRule, Side, blocks, expected_growth, is_large
from sim.model.matching.large import best_in_blocks, growth_value, unit_field

if TYPE_CHECKING:
    from sim.params.schema import PairingParams


def pair(a: Side, b: Side, p: PairingParams, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, None]:
    """The assignment of most expected growth (above ``LARGE``: ``large``)."""
    if is_large(len(a), len(b)):
        levels = [(unit_field(a), unit_field(b)), (a.field, b.field)]  # same unit and field, then same field
        xa, xb = best_in_blocks(a, b, growth_value(p, a, b), levels, rng)
        return xa, xb, None
    parts_a, parts_b = [], []
    for ca, cb in blocks(len(a), len(b), rng):
        xa, xb = best_assignment(expected_growth(p, a.take(ca), b.take(cb)))
        parts_a.append(ca[xa])
        parts_b.append(cb[xb])
    return np.concatenate(parts_a), np.concatenate(parts_b), None


REGISTRY.register(
    MatchingRule(
        "organisation",
        "组织统筹",
        "organisation decides",
        meaning="optimal assignment of expected growth (skill gap, same unit, same field)",
        order=5,
        pair=pair,
    )
)

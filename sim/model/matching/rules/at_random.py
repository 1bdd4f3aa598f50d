"""``random``: no principle, a baseline."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model.matching.base import REGISTRY, MatchingRule, Side, at_random

if TYPE_CHECKING:
    from sim.params.schema import PairingParams


def pair(a: Side, b: Side, p: PairingParams, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, None]:
    """As many pairs as possible, at random."""
    ia, ib = at_random(len(a), len(b), rng)
    return ia, ib, None


REGISTRY.register(MatchingRule("random", "随机", "random", meaning="no principle, a baseline", order=0, pair=pair))

"""Matching rules (结对原则): who is paired with whom in one round.

Rules (DOMAIN.md, Guyuan and Xian'an principles), one module each in ``rules/``:
``random`` (no principle, a baseline); ``nearby`` (就地就近, 帮带便捷: same unit first);
``similar_field`` (领域相近: same field first); ``strong_helps_weak`` (以强带弱: strongest free
mentors with the weakest mentees); ``willing`` (双向自愿: stable matching on both sides' noisy
perception of the part of their fit they can foresee, ``foreseeable_quality_share``, none by
default); ``organisation`` (组织统筹: an optimal assignment of expected growth). Why each behaves
as it does against the literature: ``docs/LEVERS.md``.

To add a rule: a new module in ``sim/model/matching/rules/`` that calls ``REGISTRY.register``;
the scenario schema, ``cadre-sim params`` and the demo pick it up from ``RULES``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model.matching import rules
from sim.model.matching.base import REGISTRY, MatchingRule, Side, draw_quality
from sim.model.mechanism import Mechanism, declare
from sim.vocab import Vocabulary

if TYPE_CHECKING:
    from sim.params.schema import PairingParams

__all__ = ["RULES", "MatchingRule", "Side", "match", "rules"]

RULES: Vocabulary[MatchingRule] = REGISTRY.vocabulary()


def match(
    rule: str, a: Side, b: Side, p: PairingParams, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One round of ``rule``: positions into ``a`` and ``b`` of the new pairs, and their quality."""
    if len(a) == 0 or len(b) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    ia, ib, quality = RULES[rule].pair(a, b, p, rng)
    return ia, ib, draw_quality(rng, p, len(ia)) if quality is None else quality


MECHANISM = declare(Mechanism("matching", __name__, sections=("pairing",), words=("matching rule",)))

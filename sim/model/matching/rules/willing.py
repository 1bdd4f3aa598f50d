"""``willing`` (双向自愿): both sides willing.

Stable matching (Gale-Shapley, mentees proposing) on both sides' noisy
perception of their fit; the fit is the pair's real relationship quality.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model.matching.base import REGISTRY, MatchingRule, Side, blocks, draw_quality

if TYPE_CHECKING:
    from sim.params.schema import PairingParams


def stable(perceived_a: np.ndarray, perceived_b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Gale-Shapley, mentees proposing; perceived_x[i, j] is how mentee i / mentor j rates the pair."""
    n_a, n_b = perceived_a.shape
    prefs = np.argsort(-perceived_a, axis=1, kind="stable")
    next_choice = np.zeros(n_a, dtype=np.int64)
    holder = np.full(n_b, -1, dtype=np.int64)
    free = list(range(n_a - 1, -1, -1))
    while free:
        a = free.pop()
        if next_choice[a] >= n_b:
            continue
        b = prefs[a, next_choice[a]]
        next_choice[a] += 1
        current = holder[b]
        if current < 0:
            holder[b] = a
        elif perceived_b[a, b] > perceived_b[current, b]:
            holder[b] = a
            free.append(current)
        else:
            free.append(a)
    ib = np.flatnonzero(holder >= 0)
    return holder[ib], ib


def pair(a: Side, b: Side, p: PairingParams, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Stable matching per block; the quality of each pair is the fit both sides perceived with noise."""
    parts_a, parts_b, parts_q = [], [], []
    for ca, cb in blocks(len(a), len(b), rng):
        quality = draw_quality(rng, p, (len(ca), len(cb)))
        seen_a = quality + rng.normal(0, p.preference_noise, quality.shape)
        seen_b = quality + rng.normal(0, p.preference_noise, quality.shape)
        xa, xb = stable(seen_a, seen_b)
        parts_q.append(quality[xa, xb])
        parts_a.append(ca[xa])
        parts_b.append(cb[xb])
    return np.concatenate(parts_a), np.concatenate(parts_b), np.concatenate(parts_q)


REGISTRY.register(
    MatchingRule(
        "willing",
        "双向自愿",
        "both willing",
        meaning="stable matching on both sides' noisy perception of their fit",
        order=4,
        pair=pair,
    )
)

"""``willing`` (双向自愿): both sides willing.

Stable matching (Gale-Shapley, mentees proposing) on both sides' noisy perception of their fit.
A pair's relationship quality has a part both sides can foresee before they pair (a share
``foreseeable_quality_share`` of its variance) and a part neither can (how the pair will work
once the months of mentoring begin). Both sides rank each other by the foreseeable part seen with
noise (``preference_noise``); the unforeseeable part of the pairs formed is drawn afterwards.

So self-selection raises the quality of the pairs formed only as far as fit can be foreseen. The
default share is 0, an assumption, so by default the pairs both sides chose are on average no better
than pairs drawn at random, and as ``willing`` sees neither the skill gap nor unit nor field,
it does no better than ``organisation``. (The field experiment once cited for the default, Sandvik
et al., paired workers with randomly chosen partners and says nothing about voluntary pairing:
``docs/DOMAIN.md#sandvik``.) A user who believes people do foresee their fit raises
the share (1: all of it, the rule's behaviour before the share existed); see ``docs/LEVERS.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model.decisions import snap
from sim.model.matching.base import REGISTRY, MatchingRule, Side, at_random, blocks, is_large
from sim.model.matching.deferred import MatrixViews, deferred_acceptance, stable_round

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


def stable_matching(seen_a: np.ndarray, seen_b: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """The rule's matching of a whole problem whose perceptions are given (the benchmark's measure)."""
    if is_large(*seen_a.shape):
        ia, ib, _ = deferred_acceptance(MatrixViews(seen_a, seen_b))
        return ia, ib
    parts_a, parts_b = [], []
    for ca, cb in blocks(seen_a.shape[0], seen_a.shape[1], rng):
        xa, xb = stable(seen_a[np.ix_(ca, cb)], seen_b[np.ix_(ca, cb)])
        parts_a.append(ca[xa])
        parts_b.append(cb[xb])
    return np.concatenate(parts_a), np.concatenate(parts_b)


def pair(a: Side, b: Side, p: PairingParams, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Stable matching on the foreseeable part of fit; the quality of each pair formed.

    Up to ``LARGE`` a side, per block of at most ``CHUNK`` (a county's rounds: one block up to
    ``CHUNK``); above, on the whole round (``sim.model.matching.deferred``), stable throughout.

    Above ``LARGE`` with no foreseeable fit (``foreseeable_quality_share`` 0, the default), the
    round is a uniformly random matching of as many pairs as possible, drawn directly: both sides'
    views of every pair are then independent draws of one noise that sees nothing of either side,
    so the law of the stable matching is unchanged by any relabelling of the mentees or of the
    slots; every mentee finds every slot acceptable, so it pairs as many as the shorter side; and
    the only law on those matchings that relabelling leaves unchanged is the uniform one. The
    same law, without drawing a view for each of the ``n_a x n_b`` proposals deferred acceptance
    reads when mentees outnumber slots (seconds a round at 10,000 a side).

    Args:
        a: the mentees offered in the round.
        b: the mentor slots offered in the round.
        p: the pairing parameters (``quality_mean``, ``quality_sd``, ``foreseeable_quality_share``,
            ``preference_noise``).
        rng: the model's generator.

    Returns:
        Positions into ``a`` and ``b`` of the new pairs, and each pair's relationship quality
        (0.05-1): the foreseeable part both sides chose on plus the unforeseeable part.
    """
    share = p.foreseeable_quality_share
    if is_large(len(a), len(b)) and share == 0:  # nothing foreseeable: the stable matching's law is uniform
        ia, ib = at_random(len(a), len(b), rng)
        order = np.argsort(ia, kind="stable")
        unforeseeable = p.quality_sd * rng.standard_normal(len(ia))
        return ia[order], ib[order], np.clip(p.quality_mean + unforeseeable, 0.05, 1.0)
    if is_large(len(a), len(b)):  # the whole round, views drawn as proposals need them
        ia, ib, fit = stable_round(len(a), len(b), p, rng)
        unforeseeable = np.sqrt(1.0 - share) * p.quality_sd * rng.standard_normal(len(ia))
        return ia, ib, np.clip(p.quality_mean + fit + unforeseeable, 0.05, 1.0)
    parts_a, parts_b, parts_q = [], [], []
    for ca, cb in blocks(len(a), len(b), rng):
        shape = (len(ca), len(cb))
        foreseeable = np.sqrt(share) * p.quality_sd * rng.standard_normal(shape)  # deviation from the mean
        # decisions on the grid (sim.model.decisions): who prefers whom does not hinge on last bits
        seen_a = snap(foreseeable + rng.normal(0, p.preference_noise, shape))
        seen_b = snap(foreseeable + rng.normal(0, p.preference_noise, shape))
        xa, xb = stable(seen_a, seen_b)
        unforeseeable = np.sqrt(1.0 - share) * p.quality_sd * rng.standard_normal(len(xa))
        parts_q.append(np.clip(p.quality_mean + foreseeable[xa, xb] + unforeseeable, 0.05, 1.0))
        parts_a.append(ca[xa])
        parts_b.append(cb[xb])
    return np.concatenate(parts_a), np.concatenate(parts_b), np.concatenate(parts_q)


REGISTRY.register(
    MatchingRule(
        "willing",
        "双向自愿",
        "both willing",
        meaning="stable matching on both sides' noisy view of the part of their fit they can foresee",
        order=4,
        pair=pair,
    )
)

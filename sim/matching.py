"""Matching rules (结对原则): who is paired with whom in one round.

A round is one-to-one: each mentee and each mentor slot (a mentor, or a team of mentors) is used
at most once. The model calls rounds repeatedly to fill capacities, so every pairing form
(1:1, 1:k, k:1, teams) is built from this one primitive, and the load spreads evenly: no mentor
gets a second mentee in a round before every free mentor has been offered one.

Rules (DOMAIN.md, Guyuan and Xian'an principles):
- ``random``: no principle, a baseline.
- ``nearby`` (就地就近, 帮带便捷): same unit first, then anyone.
- ``similar_field`` (领域相近): same field first, then anyone.
- ``strong_helps_weak`` (以强带弱): strongest free mentors with the weakest mentees.
- ``willing`` (双向自愿): stable matching (Gale-Shapley, mentees proposing) on both sides'
  noisy perception of their fit; the fit is the pair's real relationship quality.
- ``organisation`` (组织统筹): an optimal assignment (``scipy.optimize.linear_sum_assignment``)
  maximising expected growth from what the organisation can see: skill gap, same unit, same field.

Problems larger than ``CHUNK`` on either side (``willing`` and ``organisation`` only) are
solved on a random shortlist of the longer side (twice the shorter side) split at random into
blocks solved apart, which keeps a 100,000-cadre run tractable; within a county (hundreds per
round) the solution is exact.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from sim.parameters import PairingParams

CHUNK = 400


@dataclass
class Side:
    """Features of the mentees, or of the mentor slots, offered in a round."""

    skill: np.ndarray  # (k, 6)
    unit: np.ndarray
    field: np.ndarray

    def __len__(self) -> int:
        return len(self.unit)

    def take(self, idx: np.ndarray) -> Side:
        return Side(self.skill[idx], self.unit[idx], self.field[idx])


def draw_quality(rng: np.random.Generator, p: PairingParams, size) -> np.ndarray:
    """Latent relationship quality of pairs (0.05-1)."""
    return np.clip(rng.normal(p.quality_mean, p.quality_sd, size), 0.05, 1.0)


def contact_factor(p: PairingParams, mentee_unit, mentor_unit) -> np.ndarray:
    same_unit = np.asarray(mentee_unit == mentor_unit)
    return np.where(same_unit, 1.0, p.remote_contact_factor)


def field_factor(p: PairingParams, mentee_field, mentor_field) -> np.ndarray:
    return np.where(np.asarray(mentee_field == mentor_field), 1.0, p.cross_field_factor)


def _random(n_a: int, n_b: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    k = min(n_a, n_b)
    return rng.permutation(n_a)[:k], rng.permutation(n_b)[:k]


def _by_key(key_a: np.ndarray, key_b: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
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
    ra, rb = _random(len(rest_a), len(rest_b), rng)
    return np.r_[ia, rest_a[ra]], np.r_[ib, rest_b[rb]]


def _strong_helps_weak(a: Side, b: Side) -> tuple[np.ndarray, np.ndarray]:
    k = min(len(a), len(b))
    weakest = np.argsort(a.skill.mean(axis=1), kind="stable")[:k]
    strongest = np.argsort(-b.skill.mean(axis=1), kind="stable")[:k]
    return weakest, strongest


def _stable(perceived_a: np.ndarray, perceived_b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
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


def expected_growth(p: PairingParams, a: Side, b: Side) -> np.ndarray:
    """What the organisation expects of each possible pair (mentees x slots)."""
    gap = np.clip(b.skill.mean(axis=1)[None, :] - a.skill.mean(axis=1)[:, None], 0, None)
    return (
        gap
        * contact_factor(p, a.unit[:, None], b.unit[None, :])
        * field_factor(p, a.field[:, None], b.field[None, :])
    )


def _chunks(n_a: int, n_b: int, rng: np.random.Generator) -> list[tuple[np.ndarray, np.ndarray]]:
    """Blocks of at most CHUNK on each side. In a large problem the longer side is first cut at
    random to twice the shorter one (a shortlist): the round cannot use more than that anyway."""
    if max(n_a, n_b) <= CHUNK:
        return [(np.arange(n_a), np.arange(n_b))]
    side_a = rng.permutation(n_a)[: 2 * n_b] if n_a > 2 * n_b else rng.permutation(n_a)
    side_b = rng.permutation(n_b)[: 2 * n_a] if n_b > 2 * n_a else rng.permutation(n_b)
    c = max(1, int(np.ceil(max(len(side_a), len(side_b)) / CHUNK)))
    return list(zip(np.array_split(side_a, c), np.array_split(side_b, c)))


def match(
    rule: str, a: Side, b: Side, p: PairingParams, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One round: returns positions into ``a`` and ``b`` of the new pairs, and their quality."""
    if len(a) == 0 or len(b) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    if rule == "random":
        ia, ib = _random(len(a), len(b), rng)
    elif rule == "nearby":
        ia, ib = _by_key(a.unit, b.unit, rng)
    elif rule == "similar_field":
        ia, ib = _by_key(a.field, b.field, rng)
    elif rule == "strong_helps_weak":
        ia, ib = _strong_helps_weak(a, b)
    elif rule in ("willing", "organisation"):
        parts_a, parts_b, parts_q = [], [], []
        for ca, cb in _chunks(len(a), len(b), rng):
            sa, sb = a.take(ca), b.take(cb)
            if rule == "willing":
                quality = draw_quality(rng, p, (len(ca), len(cb)))
                seen_a = quality + rng.normal(0, p.preference_noise, quality.shape)
                seen_b = quality + rng.normal(0, p.preference_noise, quality.shape)
                xa, xb = _stable(seen_a, seen_b)
                parts_q.append(quality[xa, xb])
            else:
                xa, xb = linear_sum_assignment(expected_growth(p, sa, sb), maximize=True)
            parts_a.append(ca[xa])
            parts_b.append(cb[xb])
        ia, ib = np.concatenate(parts_a), np.concatenate(parts_b)
        if rule == "willing":
            return ia, ib, np.concatenate(parts_q)
    else:  # pragma: no cover - the parameter set admits only the rules above
        raise ValueError(f"unknown matching rule {rule!r}")
    return ia, ib, draw_quality(rng, p, len(ia))

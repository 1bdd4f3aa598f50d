"""Assignments above a county's size: blocks cut where expected growth comes from.

A round larger than ``base.LARGE`` on either side (a city or a province) would need a dense
mentees x slots matrix (10,000 x 10,000 is 800 MB and minutes to solve). Expected growth
is the skill gap times a factor for the same unit and one for the same field, and the gap is
positive for nearly every pair (mentors are the strong). For such a problem the optimum has a
known shape: each mentee and slot adds its own skill times the factor of its pair, so, in each
field, as many pairs as possible stay within the field, made of the field's weakest mentees and
strongest slots (they gain most from the same-field factor), and only the rest (its strongest
mentees, or weakest slots) pair across fields. The township rules put their preference first
(the same township) and the field second.

So a large round is cut into groups by that shape (per key, level by level), each group is cut
into blocks of at most ``BLOCK // 2`` ordered by unit (same-unit pairs fall into one block), and
each block is solved exactly on integer costs (``sim.model.decisions.best_assignment``). Then
``PASSES`` passes re-solve the pairs in random blocks of ``BLOCK``, which can only raise the
total. At 10,000 mentees and 10,000 slots from a 320,000-cadre Anji this comes within 0.02% of
the exact optimum of the whole problem in about 0.2 s (the exact solve: 5 minutes and 4 GB), as
``benchmarks/bench_matching.py`` measures; first blocks of 50 rather than 100 came as close
(0.016% on average over nine rounds of 1,500-4,000 a side) in two thirds of the time.

Most monthly rounds of a large run are a few dozen mentees against thousands of slots: a round
whose shorter side fits in one block is solved exactly, whole (up to ``EXACT_CELLS`` pairs).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from sim.model.decisions import aspect_mean, best_assignment, snap
from sim.model.matching.base import Side, contact_factor, field_factor

if TYPE_CHECKING:
    from sim.params.schema import PairingParams

BLOCK = 100  # blocks of ``improve``, a side; the first solve takes blocks of half this (as close, in half the time)
PASSES = 2  # passes of ``improve`` over random blocks after the first solve
EXACT_CELLS = 4_000_000  # a round with a side of at most BLOCK and at most this many pairs is solved whole

Keys = list[tuple[np.ndarray, np.ndarray]]  # per level: the key of each mentee and of each slot
Value = Callable[[np.ndarray, np.ndarray], np.ndarray]  # value(mentee positions, slot positions)


def growth_value(p: PairingParams, a: Side, b: Side) -> Value:
    """Expected growth of the pairs ``(ia, ib)`` (broadcast), as ``base.expected_growth`` computes it.

    Each side's mean skill is taken once for the round, not once per block.
    """
    skill_a, skill_b = aspect_mean(a.skill), aspect_mean(b.skill)

    def value(ia: np.ndarray, ib: np.ndarray) -> np.ndarray:
        gap = np.clip(skill_b[ib] - skill_a[ia], 0, None)
        return gap * contact_factor(p, a.unit[ia], b.unit[ib]) * field_factor(p, a.field[ia], b.field[ib])

    return value


def unit_field(side: Side) -> np.ndarray:
    """A key equal for rows of the same unit and field."""
    return side.unit.astype(np.int64) * 65536 + side.field.astype(np.int64)  # fields are int16


def _cut(ia: np.ndarray, ib: np.ndarray, size: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Equal-length aligned pieces of at most ``size``."""
    c = max(1, int(np.ceil(max(len(ia), len(ib)) / size)))
    return list(zip(np.array_split(ia, c), np.array_split(ib, c), strict=True))


def _first_of_each_key(keys: np.ndarray, quota: np.ndarray) -> np.ndarray:
    """For ``keys`` sorted, whether each is among the first ``quota[k]`` of its key."""
    start = np.searchsorted(keys, keys, side="left")
    return np.arange(len(keys)) - start < quota


def grouped_blocks(
    a: Side, b: Side, levels: Keys, rng: np.random.Generator, size: int, weakest_slots_at: tuple[int, ...] = ()
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Blocks of at most ``size`` a side, level by level.

    At each level, for each key, the ``k`` weakest mentees and ``k`` strongest slots of that key
    (``k`` the smaller count) are set aside; the others go on to the next level. After the last
    level the rest is one key, its weakest mentees with its strongest slots. What a level sets
    aside is ordered by key, then by the next levels' keys, unit and at random, and cut into
    aligned blocks (both sides hold as many of each key, so keys line up).
    """
    n_a, n_b = len(a), len(b)
    # weakest mentees first, strongest slots first; ties by position
    left_a = np.argsort(snap(aspect_mean(a.skill)), kind="stable")
    left_b = np.argsort(-snap(aspect_mean(b.skill)), kind="stable")
    chance_a, chance_b = rng.random(n_a), rng.random(n_b)
    levels = [*levels, (np.zeros(n_a, dtype=np.int64), np.zeros(n_b, dtype=np.int64))]
    out: list[tuple[np.ndarray, np.ndarray]] = []
    for depth, (key_a, key_b) in enumerate(levels):
        # a stable sort by key keeps the skill order within each key
        ga = left_a[np.argsort(key_a[left_a], kind="stable")]
        gb = left_b[np.argsort(key_b[left_b], kind="stable")]
        if depth in weakest_slots_at:
            gb = left_b[::-1][np.argsort(key_b[left_b[::-1]], kind="stable")]
        ka, kb = key_a[ga], key_b[gb]
        quota_a = np.minimum(_count_in(ka, ka), _count_in(kb, ka))
        quota_b = np.minimum(_count_in(kb, kb), _count_in(ka, kb))
        take_a, take_b = _first_of_each_key(ka, quota_a), _first_of_each_key(kb, quota_b)
        lower = levels[depth + 1 :]
        ia, ib = ga[take_a], gb[take_b]
        ia = ia[np.lexsort((chance_a[ia], a.unit[ia], *(k[ia] for k, _ in reversed(lower)), key_a[ia]))]
        ib = ib[np.lexsort((chance_b[ib], b.unit[ib], *(k[ib] for _, k in reversed(lower)), key_b[ib]))]
        out += _cut(ia, ib, size)
        keep_a, keep_b = np.ones(n_a, dtype=bool), np.ones(n_b, dtype=bool)
        keep_a[ia], keep_b[ib] = False, False
        left_a, left_b = left_a[keep_a[left_a]], left_b[keep_b[left_b]]  # still in skill order
    return [(ia, ib) for ia, ib in out if len(ia) and len(ib)]


def _count_in(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """How many of ``sorted_keys`` equal each of ``keys``."""
    return np.searchsorted(sorted_keys, keys, "right") - np.searchsorted(sorted_keys, keys, "left")


def best_in_blocks(
    a: Side,
    b: Side,
    value: Value,
    levels: Keys,
    rng: np.random.Generator,
    size: int | None = None,
    weakest_slots_at: tuple[int, ...] = (),
) -> tuple[np.ndarray, np.ndarray]:
    """The assignment of most ``value`` within each block of ``grouped_blocks``.

    A round whose shorter side fits in one block (a month's few mentees against a province's
    slots) is solved exactly, whole: one block of ``improve`` would hold all of it anyway.
    """
    size = size or BLOCK
    if min(len(a), len(b)) <= size and len(a) * len(b) <= EXACT_CELLS:
        return best_assignment(value(np.arange(len(a))[:, None], np.arange(len(b))[None, :]))
    parts_a, parts_b = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for ca, cb in grouped_blocks(a, b, levels, rng, max(1, size // 2), weakest_slots_at):
        xa, xb = best_assignment(value(ca[:, None], cb[None, :]))
        parts_a.append(ca[xa])
        parts_b.append(cb[xb])
    ia, ib = np.concatenate(parts_a), np.concatenate(parts_b)
    for _ in range(PASSES):
        ia, ib = improve(a, b, value, ia, ib, rng, size)
    return ia, ib


def improve(
    a: Side, b: Side, value: Value, ia: np.ndarray, ib: np.ndarray, rng: np.random.Generator, size: int
) -> tuple[np.ndarray, np.ndarray]:
    """Re-solve the pairs in random blocks of ``size`` (with the unpaired spread among them).

    Each block's pairs are one of its assignments, so its exact solve is worth at least as much:
    the total never falls.
    """
    order = rng.permutation(len(ia))
    free_a = np.setdiff1d(np.arange(len(a)), ia)
    free_b = np.setdiff1d(np.arange(len(b)), ib)
    free_a, free_b = free_a[rng.permutation(len(free_a))], free_b[rng.permutation(len(free_b))]
    c = max(1, int(np.ceil(len(ia) / size)))
    parts_a, parts_b = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for pairs, fa, fb in zip(
        np.array_split(order, c), np.array_split(free_a, c), np.array_split(free_b, c), strict=True
    ):
        ca, cb = np.r_[ia[pairs], fa], np.r_[ib[pairs], fb]
        xa, xb = best_assignment(value(ca[:, None], cb[None, :]))
        parts_a.append(ca[xa])
        parts_b.append(cb[xb])
    return np.concatenate(parts_a), np.concatenate(parts_b)

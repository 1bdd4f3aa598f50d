"""Deferred acceptance (Gale-Shapley, mentees proposing) on a whole large round, views drawn as needed.

``willing`` ranks pairs on noisy views of the foreseeable part of their fit, drawn independently
for every pair. A round of 10,000 a side would need three 10,000 x 10,000 matrices of such draws
(2.4 GB) and a sort of each row, while a mentee proposes to about ten mentors on average (the
expected number in a random market is about ln n). So here each mentee's list is drawn as far as
it is read:

- a mentee's order of the slots is a uniformly random permutation (its views are independent and
  identically distributed): the first ``FIRST`` are drawn for everyone, the rest of a list when a
  mentee reaches it;
- its view of its k-th choice is the k-th largest of ``n`` normal draws, drawn from the order
  statistics of uniforms; the foreseeable fit given that view, and the slot's view of the
  proposal (the fit plus the slot's own noise), are drawn when the mentee proposes.

That is the same distribution as drawing every matrix in full; the matching is the mentee-optimal
stable matching of the whole round (no blocking pair anywhere), proposals made in the order of
``willing.stable``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model.decisions import snap

if TYPE_CHECKING:
    from sim.params.schema import PairingParams

FIRST = 32  # choices drawn for every mentee at the start
TAIL = 64  # choices drawn next, for a mentee who reads past FIRST


class Views:
    """Mentees' lists and the views of each proposal, drawn as they are needed."""

    def __init__(self, n_a: int, n_b: int, p: PairingParams, rng: np.random.Generator) -> None:
        self.n_b, self.rng = n_b, rng
        self.sd_fit = float(np.sqrt(p.foreseeable_quality_share) * p.quality_sd)
        self.sd_noise = float(p.preference_noise)
        self.log_v = np.zeros(n_a)  # log of the uniform order statistic of the last choice drawn
        k = min(FIRST, n_b)
        self.first = self._distinct(n_a, k)
        self.first_fit, self.first_view = self._views(np.arange(n_a), k, 0)

    def _distinct(self, rows: int, k: int) -> np.ndarray:
        """``rows`` random sequences of ``k`` distinct slots (uniformly random ordered samples)."""
        if 4 * k >= self.n_b:
            return np.argsort(self.rng.random((rows, self.n_b)), axis=1, kind="stable")[:, :k]
        out = self.rng.integers(0, self.n_b, (rows, k))
        while True:
            order = np.argsort(out, axis=1, kind="stable")
            ranked = np.take_along_axis(out, order, axis=1)
            repeat = np.zeros(out.shape, dtype=bool)
            np.put_along_axis(repeat, order[:, 1:], ranked[:, 1:] == ranked[:, :-1], axis=1)
            if not repeat.any():
                return out
            out[repeat] = self.rng.integers(0, self.n_b, int(repeat.sum()))

    def _views(self, rows: np.ndarray, k: int, drawn: int) -> tuple[np.ndarray, np.ndarray]:
        """The foreseeable fit and the slot's view of choices ``drawn + 1`` to ``drawn + k`` of ``rows``."""
        shape = (len(rows), k)
        fit = np.zeros(shape)
        if self.sd_fit > 0:
            from scipy.special import ndtri

            # the next k of the n_b uniforms' order statistics, largest first
            left = self.n_b - drawn - np.arange(k)[None, :]
            log_v = self.log_v[rows, None] + np.cumsum(np.log1p(-self.rng.random(shape)) / left, axis=1)
            self.log_v[rows] = log_v[:, -1]
            sd_view = np.hypot(self.sd_fit, self.sd_noise)
            view_a = sd_view * ndtri(np.exp(log_v))
            shrink = self.sd_fit**2 / sd_view**2
            fit = shrink * view_a + np.sqrt(shrink) * self.sd_noise * self.rng.standard_normal(shape)
        view_b = snap(fit + self.rng.normal(0, self.sd_noise, shape))
        return fit, view_b

    def rest(self, i: int) -> Tail:
        """The rest of mentee ``i``'s list, drawn as it is read."""
        return Tail(self, i)


class Tail:
    """The rest of one mentee's list: the choices drawn so far, with their fit and the slot's view.

    The next choices are drawn uniformly among the slots not yet in the list (so the list is a
    uniformly random order of the slots): ``TAIL`` of them, then (for the few who read that far)
    all the rest.
    """

    def __init__(self, views: Views, i: int, slots: np.ndarray | None = None) -> None:
        self.views, self.i = views, i
        self.length = views.n_b - views.first.shape[1] if slots is None else len(slots)
        self.slots = np.zeros(self.length, dtype=np.int64) if slots is None else slots
        self.fit, self.view = np.zeros(self.length), np.zeros(self.length)
        self.unseen = np.ones(views.n_b, dtype=bool)
        self.unseen[views.first[i]] = False
        self.drawn = 0 if slots is None else self.length

    def draw_more(self) -> int:
        """Draws the next choices and their views; how many choices are drawn in all."""
        k = min(self.length, TAIL) if self.drawn == 0 else self.length - self.drawn  # then all the rest
        rng, at = self.views.rng, self.drawn
        if 4 * k >= self.length - at:  # few left: a random order of all that are left
            pool = np.flatnonzero(self.unseen)
            new = pool[rng.permutation(len(pool))][:k]
        else:  # draw among all, keep the unseen, first draws first
            new = np.zeros(0, dtype=np.int64)
            while len(new) < k:
                draw = rng.integers(0, self.views.n_b, 2 * (k - len(new)))
                draw = draw[self.unseen[draw]]
                _, first = np.unique(draw, return_index=True)
                draw = draw[np.sort(first)][: k - len(new)]
                self.unseen[draw] = False
                new = np.r_[new, draw]
        self.unseen[new] = False
        fit, view = self.views._views(np.array([self.i]), k, self.views.first.shape[1] + at)
        self.slots[at : at + k], self.fit[at : at + k], self.view[at : at + k] = new, fit[0], view[0]
        self.drawn += k
        return self.drawn


class MatrixViews(Views):
    """Lists and views read from whole matrices (``willing.stable``'s inputs): tests and benchmarks."""

    def __init__(self, seen_a: np.ndarray, seen_b: np.ndarray, fit: np.ndarray | None = None) -> None:
        self.n_b = seen_a.shape[1]
        self.lists = np.argsort(-seen_a, axis=1, kind="stable")
        self.seen_b, self.fit = seen_b, np.zeros(seen_a.shape) if fit is None else fit
        self.first = self.lists[:, : min(FIRST, self.n_b)]
        self.first_fit = np.take_along_axis(self.fit, self.first, axis=1)
        self.first_view = np.take_along_axis(seen_b, self.first, axis=1)

    def rest(self, i: int) -> Tail:
        """The rest of mentee ``i``'s list with the fit and the slot's view of each."""
        tail = Tail(self, i, self.lists[i, self.first.shape[1] :])
        tail.fit, tail.view = self.fit[i, tail.slots], self.seen_b[i, tail.slots]
        return tail


def _displace(holder: np.ndarray, at: np.ndarray, free: list[int], j: int) -> None:
    """Slot ``j``'s mentee, if any, is free again and will propose to its next choice."""
    old = int(holder[j])
    if old >= 0:
        at[old] += 1
        free.append(old)


def stable_round(
    n_a: int, n_b: int, p: PairingParams, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The mentee-optimal stable matching of a whole round and the foreseeable fit of each pair.

    Returns:
        Positions of the mentees and slots paired (by mentee), and the foreseeable part of each
        pair's quality.
    """
    return deferred_acceptance(Views(n_a, n_b, p, rng))


def deferred_acceptance(views: Views) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gale-Shapley, mentees proposing in the order of ``willing.stable``, on lists read from ``views``."""
    n_a, n_b = views.first.shape[0], views.n_b
    first, first_view = views.first.tolist(), views.first_view.tolist()
    k_first = views.first.shape[1]
    held = np.full(n_b, -np.inf)
    holder = np.full(n_b, -1, dtype=np.int64)
    at = np.zeros(n_a, dtype=np.int64)  # position in its list of a mentee's partner, or of its next proposal
    rests: dict[int, Tail] = {}
    free = list(range(n_a - 1, -1, -1))
    while free:
        i = free.pop()
        k = int(at[i])
        if k < k_first:
            j, view = first[i][k], first_view[i][k]
            if view > held[j]:
                _displace(holder, at, free, j)
                holder[j], held[j] = i, view
            else:
                at[i] = k + 1
                free.append(i)
            continue
        if i not in rests:
            rests[i] = views.rest(i)
        tail, start = rests[i], k - k_first
        # every proposal down the list at once: a slot's held view only rises, so a rejection stands
        while start < tail.length:
            end = tail.drawn if tail.drawn > start else tail.draw_more()
            accepts = tail.view[start:end] > held[tail.slots[start:end]]
            if accepts.any():
                pos = start + int(np.argmax(accepts))
                j = int(tail.slots[pos])
                _displace(holder, at, free, j)
                holder[j], held[j] = i, tail.view[pos]
                at[i] = k_first + pos
                break
            start = end
        else:
            at[i] = k_first + tail.length
    ib = np.flatnonzero(holder >= 0)
    ia = holder[ib]
    # the partner of each paired mentee sits at position at[i] of its list
    fit = np.array(
        [views.first_fit[i, at[i]] if at[i] < k_first else rests[i].fit[at[i] - k_first] for i in ia.tolist()]
    )
    order = np.argsort(ia, kind="stable")
    return ia[order], ib[order], fit[order]

"""Collectives as mentees: weak or lax village Party organisations (软弱涣散村党组织).

A collective is not a person: it has an organisation score (0-1) and, while weak, up to
``mentors_each`` mentors from the pool (组团帮 when more than one), each taking one of the
mentor's places. Each month a mentored collective closes ``mentoring_rate`` of the gap to its
mentors' mean skill (times their teaching effect and motivation, with the diminishing returns of
several mentors that growth uses for people); without a mentor it loses ``decline`` of its score.
Above ``threshold`` it is turned around (转化): its mentors are freed and it leaves the list of
weak organisations. New weak organisations are identified each year (``new_per_year``, Poisson).
Collectives are counted apart from people: they are not in ``model.pop`` and not Mesa agents.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model.decisions import aspect_mean, at_least
from sim.model.mechanism import Mechanism, declare

if TYPE_CHECKING:
    from sim.model.model import CadreModel


class Collectives:
    """Weak village organisations: score, mentors (-1: none), month identified and turned around."""

    def __init__(self, mentors_each: int) -> None:
        self.score = np.zeros(0)
        self.mentor = np.zeros((0, mentors_each), dtype=np.int64)
        self.found_month = np.zeros(0, dtype=np.int64)
        self.turned_month = np.zeros(0, dtype=np.int64)  # -1: still weak
        self.turned_around = 0

    def __len__(self) -> int:
        return len(self.score)

    def weak(self) -> np.ndarray:
        """Positions of the collectives still weak."""
        return np.flatnonzero(self.turned_month < 0)

    def add(self, model: CadreModel, count: int) -> None:
        """``count`` newly identified weak organisations."""
        cp = model.params.collectives
        if count <= 0:
            return
        score = np.clip(model.rng.normal(cp.score_mean, cp.score_sd, count), 0.0, cp.threshold - 1e-6)
        self.score = np.concatenate((self.score, score))
        self.mentor = np.concatenate((self.mentor, np.full((count, self.mentor.shape[1]), -1, dtype=np.int64)))
        self.found_month = np.concatenate((self.found_month, np.full(count, model.steps)))
        self.turned_month = np.concatenate((self.turned_month, np.full(count, -1)))

    def release(self, model: CadreModel, cadres: np.ndarray) -> None:
        """Mentors ``cadres`` leave their collectives (exit, removal from the pool, programme stop)."""
        if len(self) == 0 or len(cadres) == 0:
            return
        among = np.zeros(model.pop.n + 1, dtype=bool)  # a flag per row; the last, False, is what -1 (none) reads
        among[cadres] = True
        held = among[self.mentor]
        if held.any():
            np.subtract.at(model.pop.n_collectives, self.mentor[held], 1)
            self.mentor[held] = -1

    def pair(self, model: CadreModel, free: np.ndarray) -> None:
        """Give weak collectives short of mentors one of the ``free`` mentors each (best first), in rounds."""
        pop = model.pop
        for slot in range(self.mentor.shape[1]):
            waiting = self.weak()
            waiting = waiting[self.mentor[waiting, slot] < 0]
            available = free[~np.isin(free, self.mentor[waiting])] if len(waiting) else free[:0]
            k = min(len(waiting), len(available))
            if k == 0:
                continue
            chosen = available[model.rng.permutation(len(available))[:k]]
            self.mentor[waiting[:k], slot] = chosen
            np.add.at(pop.n_collectives, chosen, 1)
            free = free[~np.isin(free, chosen)]

    def grow(self, model: CadreModel, mean_skill: np.ndarray | None = None) -> None:
        """A month of mentoring and decline; turned-around collectives free their mentors.

        ``mean_skill``: every row's mean skill now (``pop.mean_skill()``), if already computed.
        """
        if len(self) == 0:
            return
        cp, pop = model.params.collectives, model.pop
        weak = self.weak()
        m = self.mentor[weak]
        has = m >= 0
        safe = np.where(has, m, 0)
        skill = np.where(has, aspect_mean(pop.skill[safe]) if mean_skill is None else mean_skill[safe], 0.0)
        teaching = np.where(has, pop.teaching[safe] * pop.motivation[safe], 0.0)
        count = has.sum(axis=1)
        pull = np.zeros(len(weak))
        helped = count > 0
        mean_skill = skill[helped].sum(axis=1) / count[helped]
        effect = teaching[helped].sum(axis=1) / count[helped]  # mean teaching x motivation of its mentors
        gap = np.clip(mean_skill - self.score[weak[helped]], 0.0, None)
        diminishing = count[helped] ** (1 - model.params.growth.multi_mentor_exponent)
        pull[helped] = np.clip(cp.mentoring_rate * effect * diminishing, 0.0, 0.5) * gap
        self.score[weak] = np.clip(self.score[weak] * (1.0 - cp.decline * ~helped) + pull, 0.0, 1.0)
        done = weak[at_least(self.score[weak], cp.threshold)]
        if len(done):
            freed = self.mentor[done][self.mentor[done] >= 0]
            np.subtract.at(pop.n_collectives, freed, 1)
            self.mentor[done] = -1
            self.turned_month[done] = model.steps
            self.turned_around += len(done)

    def mentored(self) -> int:
        """Weak collectives with at least one mentor now."""
        weak = self.weak()
        return int(np.count_nonzero((self.mentor[weak] >= 0).any(axis=1))) if len(weak) else 0


MECHANISM = declare(Mechanism(
    "collectives", __name__, sections=("collectives",), columns=("n_collectives",),
    steps=("new_collectives", "collectives_grow"),
    series=("collectives_weak", "collectives_mentored", "cum_collectives_turned"),
    outcomes=("collectives_turned_around",),
))  # fmt: skip

"""Pairing (结对): the book of current pairs, and how pairs are formed each month in every form.

Forms (DOMAIN.md): one-to-one; one-to-many (a mentor takes up to ``mentees_per_mentor``);
many-to-one (a mentee gets ``mentors_per_mentee`` mentors); team (``mentors_per_mentee`` mentors
jointly take ``mentees_per_mentor`` mentees: every mentor of the team mentors every mentee).
All are built from one-to-one rounds of a matching rule (``sim.matching``), so capacities are
respected by construction: a round offers only mentors (or teams) with a free place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sim.matching import Side, match
from sim.population import Stage

if TYPE_CHECKING:
    from sim.model import CadreModel


class PairBook:
    """Current pairs as parallel arrays, and the history of every pair ever formed."""

    def __init__(self) -> None:
        self.mentor = np.zeros(0, dtype=np.int64)
        self.mentee = np.zeros(0, dtype=np.int64)
        self.start = np.zeros(0, dtype=np.int64)
        self.quality = np.zeros(0)
        self.pair_id = np.zeros(0, dtype=np.int64)
        self.formed = 0
        self._ended: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int, str]] = []

    def __len__(self) -> int:
        return len(self.mentor)

    def add(self, model: CadreModel, mentors: np.ndarray, mentees: np.ndarray, quality: np.ndarray) -> None:
        if len(mentors) == 0:
            return
        pop = model.pop
        ids = np.arange(self.formed, self.formed + len(mentors))
        self.formed += len(mentors)
        self.mentor = np.r_[self.mentor, mentors]
        self.mentee = np.r_[self.mentee, mentees]
        self.start = np.r_[self.start, np.full(len(mentors), model.steps)]
        self.quality = np.r_[self.quality, quality]
        self.pair_id = np.r_[self.pair_id, ids]
        np.add.at(pop.n_mentors, mentees, 1)
        np.add.at(pop.n_mentees, mentors, 1)
        np.add.at(pop.mentees_total, mentors, 1)
        # lineage: a mentee of a generation-g mentor is generation g+1 (the shallowest, if several)
        first_time = pop.first_mentor[mentees] < 0
        pop.first_mentor[mentees[first_time]] = mentors[first_time]
        big = np.iinfo(np.int64).max
        uniq, inverse = np.unique(mentees, return_inverse=True)
        via_new = np.full(len(uniq), big)
        np.minimum.at(via_new, inverse, pop.generation[mentors].astype(np.int64) + 1)
        current = pop.generation[uniq].astype(np.int64)
        current[current < 0] = big
        pop.generation[uniq] = np.minimum(current, via_new)
        model.events.add(model.steps, "paired", mentees, mentors)

    def _end(self, model: CadreModel, mask: np.ndarray, reason: str) -> None:
        if not mask.any():
            return
        pop = model.pop
        mentors, mentees = self.mentor[mask], self.mentee[mask]
        np.subtract.at(pop.n_mentors, mentees, 1)
        np.subtract.at(pop.n_mentees, mentors, 1)
        self._ended.append((self.pair_id[mask], mentors, mentees, self.start[mask], model.steps, reason))
        model.events.add(model.steps, "pair_ended", mentees, mentors, reason)
        keep = ~mask
        self.mentor, self.mentee = self.mentor[keep], self.mentee[keep]
        self.start, self.quality, self.pair_id = self.start[keep], self.quality[keep], self.pair_id[keep]

    def end_for(self, model: CadreModel, cadres: np.ndarray, reason: str, as_mentor: bool = True, as_mentee: bool = True) -> None:
        """End every pair in which one of ``cadres`` is the mentor (and/or the mentee)."""
        mask = np.zeros(len(self), dtype=bool)
        if as_mentor:
            mask |= np.isin(self.mentor, cadres)
        if as_mentee:
            mask |= np.isin(self.mentee, cadres)
        self._end(model, mask, reason)

    def end_due(self, model: CadreModel) -> None:
        """End pairs that have run their full length."""
        self._end(model, model.steps - self.start >= model.params.pairing.pairing_months, "completed")

    def mentors_of(self, cadre: int) -> np.ndarray:
        return self.mentor[self.mentee == cadre]

    def mentees_of(self, cadre: int) -> np.ndarray:
        return self.mentee[self.mentor == cadre]

    def table(self) -> pd.DataFrame:
        """Every pair ever formed: pair_id, mentor, mentee, start_month, end_month (-1: active), end_reason."""
        chunks = self._ended + [(self.pair_id, self.mentor, self.mentee, self.start, -1, "active")]
        table = pd.DataFrame(
            {
                "pair_id": np.concatenate([c[0] for c in chunks]),
                "mentor": np.concatenate([c[1] for c in chunks]),
                "mentee": np.concatenate([c[2] for c in chunks]),
                "start_month": np.concatenate([c[3] for c in chunks]),
                "end_month": np.concatenate([np.full(len(c[0]), c[4]) for c in chunks]),
                "end_reason": np.concatenate([np.full(len(c[0]), c[5], dtype=object) for c in chunks]),
            }
        )
        return table.sort_values("pair_id", kind="stable").reset_index(drop=True)


def _side(model: CadreModel, idx: np.ndarray) -> Side:
    return Side(model.pop.skill[idx], model.pop.unit[idx], model.pop.field[idx])


def eligible_mentees(model: CadreModel, need: int) -> np.ndarray:
    """Young cadres in their window who still need a mentor and have not had a full pairing."""
    pop, p = model.pop, model.params.pairing
    n = pop.n
    return np.flatnonzero(
        (pop.stage[:n] == Stage.YOUNG)
        & (pop.n_mentors[:n] < need)
        & (pop.mentored_months[:n] < p.pairing_months)
    )


def free_mentors(model: CadreModel, capacity: int) -> np.ndarray:
    pop = model.pop
    n = pop.n
    return np.flatnonzero(pop.in_pool[:n] & pop.alive[:n] & (pop.n_mentees[:n] < capacity))


def form_pairs(model: CadreModel) -> None:
    """Pair every eligible young cadre the pool can take this month."""
    p = model.params.pairing
    if p.form == "team":
        _form_teams(model)
        return
    need = p.mentors_per_mentee
    capacity = p.mentees_per_mentor
    for _ in range(need + capacity + 1):
        mentees = eligible_mentees(model, need)
        mentors = free_mentors(model, capacity)
        if len(mentees) == 0 or len(mentors) == 0:
            break
        ia, ib, quality = match(p.matching, _side(model, mentees), _side(model, mentors), p, model.rng)
        new_mentee, new_mentor = mentees[ia], mentors[ib]
        if need > 1 and len(model.pairs):  # a mentor already paired with this mentee is not a new mentor
            existing = model.pairs.mentor * model.pop.n + model.pairs.mentee
            fresh = ~np.isin(new_mentor * model.pop.n + new_mentee, existing)
            new_mentor, new_mentee, quality = new_mentor[fresh], new_mentee[fresh], quality[fresh]
        if len(new_mentor) == 0:
            break
        model.pairs.add(model, new_mentor, new_mentee, quality)


def _form_teams(model: CadreModel) -> None:
    """Teams of m free mentors take up to n mentees each; every mentor of a team mentors each of them."""
    p, pop, rng = model.params.pairing, model.pop, model.rng
    m, n = p.mentors_per_mentee, p.mentees_per_mentor
    idle = free_mentors(model, 1)  # only mentors with no mentees form a new team
    mentees = eligible_mentees(model, 1)
    n_teams = len(idle) // m
    if n_teams == 0 or len(mentees) == 0:
        return
    n_teams = min(n_teams, int(np.ceil(len(mentees) / n)))
    if p.matching == "nearby":
        order = np.lexsort((rng.random(len(idle)), pop.unit[idle]))
    elif p.matching == "similar_field":
        order = np.lexsort((rng.random(len(idle)), pop.field[idle]))
    elif p.matching == "strong_helps_weak":
        order = np.argsort(-pop.skill[idle].mean(axis=1), kind="stable")
    else:
        order = rng.permutation(len(idle))
    teams = idle[order[: n_teams * m]].reshape(n_teams, m)
    team_side = Side(pop.skill[teams].mean(axis=1), pop.unit[teams[:, 0]], pop.field[teams[:, 0]])
    taken = np.zeros(n_teams, dtype=int)
    for _ in range(n):
        mentees = eligible_mentees(model, 1)
        open_teams = np.flatnonzero(taken < n)
        if len(mentees) == 0 or len(open_teams) == 0:
            break
        ia, ib, quality = match(p.matching, _side(model, mentees), team_side.take(open_teams), p, rng)
        if len(ia) == 0:
            break
        team = open_teams[ib]
        taken[team] += 1
        members = teams[team]  # (pairs, m)
        model.pairs.add(model, members.ravel(), np.repeat(mentees[ia], m), np.repeat(quality, m))

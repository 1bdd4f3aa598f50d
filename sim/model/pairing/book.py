"""The pair book: current pairs as parallel arrays, and the history of every pair ever formed.

Current pairs name their cadres by working row (renumbered by a compaction,
``sim.model.compaction``); the history of ended pairs by id (``Population.cadre_id``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sim.model.decisions import aspect_mean
from sim.model.lineage import record_pairs

if TYPE_CHECKING:
    from sim.model.model import CadreModel


class PairBook:
    """Current pairs as parallel arrays (mentor, mentee, start, due, quality, id), and every pair that ended.

    A pair is due to end when its mentee has had ``pairing.pairing_months`` months of mentoring in
    all (an interrupted pairing is resumed by a new mentor for the months left, not restarted) or
    when the mentee's window closes, whichever comes first. ``ended`` and ``ended_months`` count the
    pairs ended so far and their months together (``sim.model.outcomes``: the mean pair length).
    """

    def __init__(self) -> None:
        self.mentor = np.zeros(0, dtype=np.int64)
        self.mentee = np.zeros(0, dtype=np.int64)
        self.start = np.zeros(0, dtype=np.int64)
        self.quality = np.zeros(0)
        self.pair_id = np.zeros(0, dtype=np.int64)
        self.due = np.zeros(0, dtype=np.int64)
        self.formed = 0
        self.ended = 0
        self.ended_months = 0
        self.first_pairings: dict[int, int] = {}  # month -> mentees paired for the first time in it
        self._ended: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int, str]] = []

    def __len__(self) -> int:
        return len(self.mentor)

    def add(self, model: CadreModel, mentors: np.ndarray, mentees: np.ndarray, quality: np.ndarray) -> None:
        """Open pairs ``mentors[i]`` - ``mentees[i]`` with relationship quality ``quality[i]``."""
        if len(mentors) == 0:
            return
        pop = model.pop
        ids = np.arange(self.formed, self.formed + len(mentors))
        self.formed += len(mentors)
        self.mentor = np.concatenate((self.mentor, mentors))
        self.mentee = np.concatenate((self.mentee, mentees))
        self.start = np.concatenate((self.start, np.full(len(mentors), model.steps)))
        self.quality = np.concatenate((self.quality, quality))
        self.pair_id = np.concatenate((self.pair_id, ids))
        left = model.params.pairing.pairing_months - pop.mentored_months[mentees]
        self.due = np.concatenate((self.due, model.steps + np.minimum(left, pop.mentee_until[mentees] - model.steps)))
        np.add.at(pop.n_mentors, mentees, 1)
        np.add.at(pop.n_mentees, mentors, 1)
        np.add.at(pop.mentees_total, mentors, 1)
        record_pairs(pop, mentors, mentees)
        first = mentees[pop.first_paired_month[mentees] < 0]  # the skill a mentee starts with (the uplift)
        pop.first_paired_month[first] = model.steps
        if len(first):
            self.first_pairings[model.steps] = self.first_pairings.get(model.steps, 0) + len(first)
        pop.skill_first_paired[first] = aspect_mean(pop.skill[first])
        model.events.add(model.steps, "paired", mentees, mentors)

    def _end(self, model: CadreModel, mask: np.ndarray, reason: str) -> None:
        if not mask.any():
            return
        pop = model.pop
        mentors, mentees = self.mentor[mask], self.mentee[mask]
        np.subtract.at(pop.n_mentors, mentees, 1)
        np.subtract.at(pop.n_mentees, mentors, 1)
        self.ended += int(np.count_nonzero(mask))
        self.ended_months += int((model.steps - self.start[mask]).sum())
        ids = pop.cadre_id
        self._ended.append((self.pair_id[mask], ids[mentors], ids[mentees], self.start[mask], model.steps, reason))
        model.events.add(model.steps, "pair_ended", mentees, mentors, reason)
        keep = ~mask
        self.mentor, self.mentee = self.mentor[keep], self.mentee[keep]
        self.start, self.quality, self.pair_id = self.start[keep], self.quality[keep], self.pair_id[keep]
        self.due = self.due[keep]

    def end_for(
        self, model: CadreModel, cadres: np.ndarray, reason: str, as_mentor: bool = True, as_mentee: bool = True
    ) -> None:
        """End every pair in which one of ``cadres`` is the mentor (and/or the mentee)."""
        if len(self) == 0 or len(cadres) == 0 or not (as_mentor or as_mentee):
            return
        among = np.zeros(model.pop.n, dtype=bool)  # a flag per row: cheaper than np.isin on a month's few
        among[cadres] = True
        if as_mentor and as_mentee:
            mask = among[self.mentor] | among[self.mentee]
        else:
            mask = among[self.mentor] if as_mentor else among[self.mentee]
        self._end(model, mask, reason)

    def end_where(self, model: CadreModel, mask: np.ndarray, reason: str) -> None:
        """End the open pairs where ``mask`` (one flag per open pair) is True, for ``reason``."""
        self._end(model, mask, reason)

    def end_due(self, model: CadreModel) -> None:
        """End pairs that are due: full mentoring given, or the mentee's window closed."""
        self._end(model, model.steps >= self.due, "completed")

    def end_all(self, model: CadreModel, reason: str) -> None:
        """End every open pair."""
        self._end(model, np.ones(len(self), dtype=bool), reason)

    def mentors_of(self, cadre: int) -> np.ndarray:
        """Current mentors of ``cadre``."""
        return self.mentor[self.mentee == cadre]

    def mentees_of(self, cadre: int) -> np.ndarray:
        """Current mentees of ``cadre``."""
        return self.mentee[self.mentor == cadre]

    def table(self, ids: np.ndarray | None = None) -> pd.DataFrame:
        """Every pair ever formed: pair_id, mentor, mentee, start_month, end_month (-1: active), end_reason.

        ``ids``: the cadre id of each working row (``pop.cadre_id``), naming the current pairs' cadres
        by id as the ended ones are (None: rows are ids, as when nothing was ever compacted).
        """
        mentor, mentee = (self.mentor, self.mentee) if ids is None else (ids[self.mentor], ids[self.mentee])
        chunks = [*self._ended, (self.pair_id, mentor, mentee, self.start, -1, "active")]
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

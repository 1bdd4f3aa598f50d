"""Lineage bookkeeping: who was whose first mentor, and each cadre's generation (师带徒、徒成师).

Founders and mentors nobody mentored are generation 0; a mentee of a generation-g mentor is
generation g+1 (the shallowest, if several mentors). A mentor's "reproduction" counts the
mentees whose first mentor they were and who later entered the pool themselves; it is measured
at the end of a run by ``sim.model.reproduction``. Mentors are named by id (``first_mentor``):
the mentor may have left, and the row moved to the archive.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model.mechanism import Mechanism, declare

if TYPE_CHECKING:
    from sim.model.population import Population

NEVER = -(2**31)  # first_pool_month of a cadre who never entered the pool
MAX_GENERATION_COLUMN = 9  # the series' pool_gen_9 counts generation 9 and deeper


def record_pairs(pop: Population, mentors: np.ndarray, mentees: np.ndarray) -> None:
    """New pairs: first mentors of first-time mentees, and the mentees' generation."""
    first_time = pop.first_mentor[mentees] < 0
    pop.first_mentor[mentees[first_time]] = pop.cadre_id[mentors[first_time]]
    big = np.iinfo(np.int64).max
    uniq, inverse = np.unique(mentees, return_inverse=True)
    via_new = np.full(len(uniq), big)
    np.minimum.at(via_new, inverse, pop.generation[mentors].astype(np.int64) + 1)
    current = pop.generation[uniq].astype(np.int64)
    current[current < 0] = big
    pop.generation[uniq] = np.minimum(current, via_new)


def record_pool_entry(pop: Population, cadres: np.ndarray, founding: bool, model_month: int) -> None:
    """Entry to the pool: mentors nobody mentored start a lineage; a first mentor gains a mentor."""
    first_time = cadres[pop.first_pool_month[cadres] == NEVER]
    pop.first_pool_month[first_time] = model_month
    roots = cadres[pop.generation[cadres] < 0]
    pop.generation[roots] = 0
    if not founding:
        teacher = pop.first_mentor[first_time]
        pop.add_at("mentees_became_mentors", teacher[teacher >= 0], 1)  # the teacher may have left


MECHANISM = declare(Mechanism(
    "lineage", __name__, columns=("generation", "first_mentor", "mentees_became_mentors"),
    series=tuple(f"pool_gen_{g}" for g in range(MAX_GENERATION_COLUMN + 1)),
    outcomes=("deepest_generation", "reproduction_number"),
))  # fmt: skip

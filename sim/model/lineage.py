"""Lineage bookkeeping: who was whose first mentor, and each cadre's generation (师带徒、徒成师).

Founders and mentors nobody mentored are generation 0; a mentee of a generation-g mentor is
generation g+1 (the shallowest, if several mentors). A mentor's "reproduction" counts the
mentees whose first mentor they were and who later entered the pool themselves.

Measured at the end of a run: the reproduction number by cohort of pool entry, with the
right-censored careers set apart (``cohort_table``), and mentorship fecundity (``fecundity``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

if TYPE_CHECKING:
    from sim.model.model import CadreModel
    from sim.model.population import Population

FOLLOW_YEARS = 10.0  # years a mentor's mentees are followed after the mentor's career ends
NEVER = -(2**31)  # first_pool_month of a cadre who never entered the pool


def record_pairs(pop: Population, mentors: np.ndarray, mentees: np.ndarray) -> None:
    """New pairs: first mentors of first-time mentees, and the mentees' generation."""
    first_time = pop.first_mentor[mentees] < 0
    pop.first_mentor[mentees[first_time]] = mentors[first_time]
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
        np.add.at(pop.mentees_became_mentors, teacher[teacher >= 0], 1)


def cohort_table(model: CadreModel, follow_years: float = FOLLOW_YEARS) -> pd.DataFrame:
    """The mentor reproduction number by cohort, and how much of each cohort is censored.

    A cohort is the mentors who first entered the pool in one calendar year (founders: the start
    year). For each: ``mentors``; ``mentees_per_mentor`` (mean mentees ever taken, all members);
    ``r_naive`` (mean mentees who became mentors, all members: cut off by the run's end);
    ``complete`` (members whose career as cadres ended at least ``follow_years`` before the end,
    so that their mentees have had that long to enter the pool themselves) and ``r_complete``
    (the mean over those: the right-censoring method is to count complete careers only; n/a
    when a cohort has none yet).
    """
    pop, n = model.pop, model.pop.n
    ever = np.flatnonzero(pop.first_pool_month[:n] > NEVER)
    if len(ever) == 0:
        return pd.DataFrame(columns=["cohort", "mentors", "mentees_per_mentor", "r_naive", "complete", "r_complete"])
    run = model.params.run
    entry = np.maximum(pop.first_pool_month[ever], 1)
    year = run.start_year + (run.start_month - 1 + entry - 1) // 12
    ended = (pop.exit_month[ever] >= 0) & (model.steps - pop.exit_month[ever] >= follow_years * 12)
    frame = pd.DataFrame(
        {
            "cohort": year,
            "mentees": pop.mentees_total[ever],
            "became": pop.mentees_became_mentors[ever],
            "complete": ended,
            "became_complete": np.where(ended, pop.mentees_became_mentors[ever], np.nan),
        }
    )
    grouped = frame.groupby("cohort")
    return pd.DataFrame(
        {
            "mentors": grouped.size(),
            "mentees_per_mentor": grouped.mentees.mean(),
            "r_naive": grouped.became.mean(),
            "complete": grouped.complete.sum(),
            "r_complete": grouped.became_complete.mean(),
        }
    ).reset_index()


def fecundity(model: CadreModel) -> dict[str, float]:
    """Mentorship fecundity as Malmgren et al. (Nature 2010) measure it for scientists.

    Over mentors whose career ended (exited): the distribution of mentees per mentor over the
    career (mean, median, 90th percentile, largest); and, over the protégés who became mentors
    and whose own career ended, the Spearman rank correlation between their mentor's fecundity
    and their own (``rho``; n/a below 10 pairs).
    """
    pop, n = model.pop, model.pop.n
    done = (pop.first_pool_month[:n] > NEVER) & (pop.exit_month[:n] >= 0)
    counts = pop.mentees_total[:n][done]
    out = {"mentors_with_complete_careers": float(len(counts))}
    if len(counts):
        out |= {
            "mean": float(counts.mean()),
            "median": float(np.median(counts)),
            "p90": float(np.percentile(counts, 90)),
            "max": float(counts.max()),
        }
    protege = np.flatnonzero(done & (pop.first_mentor[:n] >= 0))
    teacher = pop.first_mentor[protege]
    keep = done[teacher]
    protege, teacher = protege[keep], teacher[keep]
    out["pairs_for_rho"] = float(len(protege))
    if len(protege) >= 10:
        rho = spearmanr(pop.mentees_total[teacher], pop.mentees_total[protege]).statistic
        out["rho"] = float(rho)
    else:
        out["rho"] = float("nan")
    return out

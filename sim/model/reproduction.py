"""The apprentice-becomes-teacher cycle measured at the end of a run (师带徒、徒成师).

The reproduction number by cohort of first pool entry, with the right-censored careers set apart
(``cohort_table``), and mentorship fecundity (``fecundity``), from the lineage bookkeeping of
``sim.model.lineage``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sim.model.lineage import NEVER

if TYPE_CHECKING:
    from sim.model.model import CadreModel

FOLLOW_YEARS = 10.0  # years a mentor's mentees are followed after the mentor's career ends


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
    every = model.pop.everyone  # everyone ever hired, in id order
    first_pool_month = every("first_pool_month")
    ever = np.flatnonzero(first_pool_month > NEVER)
    if len(ever) == 0:
        return pd.DataFrame(columns=["cohort", "mentors", "mentees_per_mentor", "r_naive", "complete", "r_complete"])
    run = model.params.run
    entry = np.maximum(first_pool_month[ever], 1)
    year = run.start_year + (run.start_month - 1 + entry - 1) // 12
    exit_month = every("exit_month")[ever]
    ended = (exit_month >= 0) & (model.steps - exit_month >= follow_years * 12)
    became = every("mentees_became_mentors")[ever]
    frame = pd.DataFrame(
        {
            "cohort": year,
            "mentees": every("mentees_total")[ever],
            "became": became,
            "complete": ended,
            "became_complete": np.where(ended, became, np.nan),
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
    every = model.pop.everyone  # everyone ever hired, in id order: first mentors are ids
    mentees_total = every("mentees_total")
    done = (every("first_pool_month") > NEVER) & (every("exit_month") >= 0)
    counts = mentees_total[done]
    out = {"mentors_with_complete_careers": float(len(counts))}
    if len(counts):
        out |= {
            "mean": float(counts.mean()),
            "median": float(np.median(counts)),
            "p90": float(np.percentile(counts, 90)),
            "max": float(counts.max()),
        }
    first_mentor = every("first_mentor")
    protege = np.flatnonzero(done & (first_mentor >= 0))
    teacher = first_mentor[protege]
    keep = done[teacher]
    protege, teacher = protege[keep], teacher[keep]
    out["pairs_for_rho"] = float(len(protege))
    if len(protege) >= 10:
        out["rho"] = rank_correlation(mentees_total[teacher], mentees_total[protege])
    else:
        out["rho"] = float("nan")
    return out


def rank_correlation(a: np.ndarray, b: np.ndarray) -> float:
    """Spearman's rank correlation of ``a`` and ``b``: Pearson's on their ranks, ties sharing their mean rank.

    What ``scipy.stats.spearmanr(a, b).statistic`` gives (nan when a side is constant), without
    loading ``scipy.stats`` (about a second of every ``cadre-sim run``'s start).
    """
    ra = pd.Series(np.asarray(a, dtype=float)).rank(method="average").to_numpy()
    rb = pd.Series(np.asarray(b, dtype=float)).rank(method="average").to_numpy()
    ra, rb = ra - ra.mean(), rb - rb.mean()
    denominator = float(np.sqrt((ra * ra).sum() * (rb * rb).sum()))
    return float((ra * rb).sum() / denominator) if denominator > 0 else float("nan")

"""The cross-check: the mean of agent-model replicates lined up against the mean-field, by month.

``replicate_series(scenario, overrides, seed)`` runs the agent model once and keeps the columns the
mean-field also gives (a run function for ``sim.runs`` backends, defined at module level so
worker processes import it); ``line_up`` averages the replicates and puts them beside the
mean-field by month and quantity (stages; the pool and mentees by kind with mentoring; ranks with
careers), with the standard error of the simulation mean and the relative difference;
``verdict`` says whether every stage count is within the tolerance after the first two years.

Tolerances: without mentoring 3% (the mean-field is the agent model in expectation up to its skill
grid: docs/MEANFIELD.md, tests/test_meanfield.py). With mentoring 8%, or 0.5% of the county's
cadres (about 20 people in Anji) where that is more: the independents left over when nearly every
learner becomes a backbone (30-60 people from 2012) are the difference of two large flows, so
their relative miss says little. The mean-field takes a pair's factors at their means, the pool as
one mean skill, teaching and motivation, and coverage spread over every mentee alike; in `anji`
these closures leave up to 8% (15 people) on the mentor stage in the county-wide year and up to 7%
(20 people) on the independents in 2009-2011 (docs/MEANFIELD.md gives the numbers and the reasons).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.model.calendar import label
from sim.model.careers import RANK_CODES
from sim.model.kinds import KIND_CODES
from sim.model.run import simulate
from sim.model.stages import LIVE_STAGES
from sim.params.schema import Scenario

TOLERANCE = 0.03  # relative difference allowed for a stage count (without mentoring)
MENTORING_TOLERANCE = 0.08  # relative difference allowed for a stage count with mentoring
MENTORING_HEADCOUNT = 0.005  # ... or this share of the mean-field's cadres that month, whichever is more
SETTLING_MONTHS = 24  # the first two years are left out of the verdict
FLOOR = 50.0  # stage counts below this many people (in the mean-field) are too small to judge in relative terms


def quantities(scenario: Scenario) -> list[tuple[str, str]]:
    """(group, series column) of what the check compares for ``scenario``."""
    out = [("stage", f"n_{s.code}") for s in LIVE_STAGES]
    if scenario.pairing.enabled:
        out += [("pool", "pool_size"), ("mentees", "mentees")]
        out += [("kind", f"mentees_{k}") for k in KIND_CODES]
    if scenario.careers.enabled:
        out += [("rank", f"n_{r}") for r in RANK_CODES]
    return out


def replicate_series(scenario: Scenario, overrides: Mapping[str, object], seed: int) -> dict[str, list[float]]:
    """One agent-model run: the monthly values of every column the check compares."""
    result = simulate(scenario.with_overrides(dict(overrides)), seed)
    columns = [c for _, c in quantities(result.scenario)]
    return {c: result.series[c].astype(float).tolist() for c in columns}


def simulate_replicates(scenario: Scenario, seeds: Iterable[int]) -> list[dict[str, list[float]]]:
    """Replicates in this process, one per seed (tests; the command spreads them over workers)."""
    return [replicate_series(scenario, {}, s) for s in seeds]


@dataclass(frozen=True)
class Check:
    """The lined-up table and what it says."""

    table: pd.DataFrame  # month, date, group, quantity, simulation, se, mean_field, difference
    replicates: int
    mentoring: bool = False  # the scenario pairs mentors and mentees (the looser tolerance)

    def tolerance(self) -> tuple[float, float]:
        """(relative difference, share of the cadres) a stage count may miss by: 3% without mentoring; 8% or 0.5% with it."""
        return (MENTORING_TOLERANCE, MENTORING_HEADCOUNT) if self.mentoring else (TOLERANCE, 0.0)

    def stages(self) -> pd.DataFrame:
        """The stage rows."""
        return self.table[self.table.group == "stage"]


def line_up(scenario: Scenario, runs: Sequence[Mapping[str, Sequence[float]]], mean_field: pd.DataFrame) -> Check:
    """Average ``runs`` month by month and put them beside ``mean_field`` (every month, every quantity).

    The relative difference is (simulation - mean-field) / mean-field (NaN where the mean-field is 0).
    """
    if not runs:
        raise ValueError("the check needs at least one replicate")
    rows = []
    months = np.arange(len(next(iter(runs[0].values()))))
    dates = ["start" if m == 0 else label(scenario.run, int(m)) for m in months]
    for group, column in quantities(scenario):
        values = np.array([r[column] for r in runs], dtype=float)
        mean = values.mean(axis=0)
        se = values.std(axis=0, ddof=1) / np.sqrt(len(runs)) if len(runs) > 1 else np.full(len(months), np.nan)
        expected = mean_field[column].to_numpy(dtype=float) if column in mean_field else np.full(len(months), np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            diff = np.where(expected != 0, (mean - expected) / expected, np.where(mean == 0, 0.0, np.nan))
        rows.append(
            pd.DataFrame(
                {
                    "month": months,
                    "date": dates,
                    "group": group,
                    "quantity": column.removeprefix("n_"),
                    "simulation": mean,
                    "se": se,
                    "mean_field": expected,
                    "difference": diff,
                }  # fmt: skip
            )
        )
    return Check(pd.concat(rows, ignore_index=True), len(runs), mentoring=scenario.pairing.enabled)


def at_months(check: Check, every: int) -> pd.DataFrame:
    """The table at month 0, every ``every`` months and the last month."""
    last = int(check.table.month.max())
    keep = set(range(0, last + 1, every)) | {last}
    return check.table[check.table.month.isin(sorted(keep))]


def verdict(
    check: Check, tolerance: float | None = None, after: int = SETTLING_MONTHS, floor: float = FLOOR
) -> tuple[bool, pd.DataFrame]:
    """Whether every stage count is within the tolerance after month ``after``; and the worst row of each stage.

    The tolerance is the check's (``Check.tolerance``) unless ``tolerance`` is given; with
    mentoring a count also agrees when it misses by no more than ``MENTORING_HEADCOUNT`` of the
    mean-field's cadres (every stage) that month.
    Stage counts the mean-field puts below ``floor`` people are left out (a relative difference of
    a handful of people says nothing).
    """
    relative, share = check.tolerance()
    relative = relative if tolerance is None else tolerance
    rows = check.stages()
    cadres = rows.groupby("month").mean_field.transform("sum")
    judged = rows[(rows.month > after) & (rows.mean_field >= floor)]
    worst = judged.loc[judged.difference.abs().groupby(judged.quantity).idxmax()] if len(judged) else judged
    people = share * cadres[judged.index]
    missed = (judged.difference.abs() > relative) & ((judged.simulation - judged.mean_field).abs() > people)
    ok = bool(len(judged)) and not bool(missed.any())
    return ok, worst.reset_index(drop=True)

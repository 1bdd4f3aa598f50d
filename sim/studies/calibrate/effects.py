"""What mentoring does under a fitted structure: the effect of the programme, and what a stop leaves.

On a structure's calibrated scenario, three runs per seed, the same seeds for all three (paired):

- **with**: the scenario as fitted;
- **without**: no mentoring at all (``pairing.enabled = false``), everything else the same;
- **stopped**: the programme stopped ten years before the end (``programme.stop_year``), run on to the end.

The effect of mentoring is *with - without* for the backbones grown, the median months to competence and
the competent cadre-years; what a stop leaves after ten years is *stopped - without* in the shares of the
establishment competent and recognised as backbones at the end (zero: nothing left). Each is the mean of
the paired differences with its 95% interval (``sim.runs.stats.paired_difference``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sim.model.calendar import date_of
from sim.model.outcomes import OUTCOMES
from sim.model.run import simulate
from sim.params.schema import Scenario
from sim.runs.batch import run_batch
from sim.runs.designs import derive_seed
from sim.runs.execution import default_workers
from sim.runs.stats import paired_difference

__all__ = ["EFFECT_OUTCOMES", "STOP_OUTCOMES", "STOP_YEARS", "StructureEffect", "mentoring_effect"]

EFFECT_OUTCOMES = ("backbones", "median_months_to_competence", "competent_cadre_years")  # with - without
STOP_OUTCOMES = ("competent_share", "backbone_share")  # stopped - without, at the end
STOP_YEARS = 10  # the stop is this many years before the end of the run
EFFECT_SEEDS = 300_000  # the effect runs' seeds: derive_seed(seed, EFFECT_SEEDS + i), apart from the fit's


def run_outcomes(base: Scenario, overrides: dict, seed: int) -> dict[str, float]:
    """One run of ``base`` with ``overrides``: its headline outcomes (a backend's run function)."""
    return dict(simulate(base.with_overrides(overrides), seed).summary)


@dataclass(frozen=True)
class StructureEffect:
    """Per outcome: the mean of each arm and the paired difference (mean, 95% interval); nan when absent."""

    table: pd.DataFrame  # outcome, comparison ("with - without" / "stopped - without"), with, without, diff, low, high
    replicates: int
    stop: str  # YYYY-MM of the stop ("" when the run is too short for one)


def _mean(values: list[float]) -> float:
    """The mean of the finite values (nan when none is: a figure no run of the arm has)."""
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    return float(x.mean()) if x.size else math.nan


def stop_settings(scenario: Scenario) -> dict[str, Any]:
    """The settings that stop the programme ``STOP_YEARS`` before the end of the run (empty: too short a run)."""
    run = scenario.run
    year, month = date_of(run, run.months - STOP_YEARS * 12 + 1)
    if run.months <= STOP_YEARS * 12 or (year, month) <= (run.start_year, run.start_month):
        return {}
    return {"programme.stop_year": year, "programme.stop_month": month}


def mentoring_effect(
    scenario: Scenario, *, replicates: int, seed: int, workers: int | None = None, scheduler: Any = None
) -> StructureEffect:
    """The effect of mentoring and what a stop leaves, on ``replicates`` paired seeds of ``scenario``.

    Raises:
        ExecutionError: a run failed.
    """
    stop = stop_settings(scenario)
    arms: dict[str, dict[str, Any]] = {"with": {}, "without": {"pairing.enabled": False}}
    if stop:
        arms["stopped"] = stop
    seeds = [derive_seed(seed, EFFECT_SEEDS + i) for i in range(replicates)]
    tasks = [(overrides, s) for overrides in arms.values() for s in seeds]
    runs = run_batch(tasks, run_fn=run_outcomes, base=scenario, workers=workers or default_workers(),
                     scheduler=scheduler)  # fmt: skip
    by_arm = {arm: runs[i * replicates : (i + 1) * replicates] for i, arm in enumerate(arms)}
    rows = []
    for arm, names in (("with", EFFECT_OUTCOMES), ("stopped", STOP_OUTCOMES)):
        for name in names:
            if arm not in by_arm or name not in OUTCOMES:
                continue
            a = [float(r.get(name, math.nan)) for r in by_arm[arm]]
            b = [float(r.get(name, math.nan)) for r in by_arm["without"]]
            d = paired_difference(b, a)  # arm - without
            rows.append({
                "outcome": name, "comparison": f"{arm} - without", "arm": _mean(a), "without": _mean(b),
                "difference": d.mean, "low": d.low, "high": d.high,
            })  # fmt: skip
    label = "{}-{:02d}".format(stop["programme.stop_year"], stop["programme.stop_month"]) if stop else ""
    return StructureEffect(pd.DataFrame(rows), replicates, label)

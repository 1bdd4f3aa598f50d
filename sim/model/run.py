"""Run one scenario to the end and gather what it produced: series, events, pairs, cadres, summary."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from sim.model.calendar import label
from sim.model.model import CadreModel
from sim.model.outcomes import breakdown, cadre_table, summarise
from sim.model.reproduction import cohort_table, fecundity
from sim.model.units import unit_table
from sim.params.roster import Roster
from sim.params.schema import Scenario


@dataclass
class RunResult:
    """Everything a finished run produced."""

    scenario: Scenario
    seed: Any
    summary: dict[str, float]
    series: pd.DataFrame
    events: pd.DataFrame = field(repr=False)
    pairs: pd.DataFrame = field(repr=False)
    cadres: pd.DataFrame = field(repr=False)
    snapshots: pd.DataFrame | None = field(default=None, repr=False)  # cadres in post, every k months
    breakdown: dict[str, dict[str, float]] = field(default_factory=dict)  # outcomes by rank, by kind
    cohorts: pd.DataFrame | None = field(default=None, repr=False)  # reproduction number by cohort
    units: pd.DataFrame | None = field(default=None, repr=False)  # each unit at the end, by name (sim.model.units)


def simulate(
    scenario: Scenario,
    rng: int | np.random.SeedSequence | np.random.Generator | None = None,
    snapshot_every: int = 0,
    roster: Roster | None = None,
) -> RunResult:
    """Run ``scenario`` for its ``run.years``; ``rng`` defaults to the scenario's ``run.seed``.

    Args:
        scenario: the validated scenario.
        rng: a seed, a seed sequence or a generator.
        snapshot_every: also keep the table of cadres in post every that many months (0: never).
        roster: the county's own cadres to start from (``sim.params.roster.read_roster``).
    """
    model = CadreModel(params=scenario, rng=rng, roster=roster)
    snapshots = run_to_end(model, snapshot_every)
    return collect(model, seed=scenario.run.seed if rng is None else rng, snapshots=snapshots)


def run_to_end(
    model: CadreModel, snapshot_every: int = 0, on_month: Callable[[int], None] | None = None
) -> pd.DataFrame | None:
    """Step ``model`` to its last month; returns the agent-level snapshots taken on the way, if any."""
    if snapshot_every < 0:
        raise ValueError(f"snapshot_every must be 0 (never) or a number of months, not {snapshot_every}")
    snapshots = []
    while model.running:
        model.step()
        if snapshot_every and model.steps % snapshot_every == 0:
            table = cadre_table(model, in_post_only=True)
            table.insert(0, "month", model.steps)
            snapshots.append(table)
        if on_month is not None:
            on_month(model.steps)
    return pd.concat(snapshots, ignore_index=True) if snapshots else None


def collect(model: CadreModel, seed: Any = None, snapshots: pd.DataFrame | None = None) -> RunResult:
    """The results of a finished ``model``."""
    series = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    series.insert(0, "month", np.arange(len(series)))
    run = model.params.run
    series.insert(1, "year", run.start_year + (run.start_month - 1 + series["month"]) / 12.0)
    series.insert(2, "date", [label(run, m) if m else "start" for m in series["month"]])
    return RunResult(
        scenario=model.params,
        seed=seed,
        summary=summarise(model),
        series=series,
        events=model.events.table(),
        pairs=model.pairs.table(model.pop.cadre_id),
        cadres=cadre_table(model),
        snapshots=snapshots,
        breakdown={**breakdown(model), "fecundity": fecundity(model)},
        cohorts=cohort_table(model),
        units=unit_table(model),
    )

"""Run one scenario to the end and gather what it produced: series, events, pairs, cadres, summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pandas as pd

from sim.methods import ASPECTS
from sim.model import CadreModel
from sim.parameters import Scenario
from sim.population import Stage

# headline figures of a run, in the order reports show them: name -> (unit, meaning)
OUTCOMES: dict[str, tuple[str, str]] = {
    "pairs_formed": ("pairs", "mentor-mentee pairs formed during the run"),
    "backbones": ("people", "cadres who became backbones during the run"),
    "backbones_mentored": ("people", "of those, cadres who had had a mentor"),
    "median_months_to_competence": ("months", "median months from hire to backbone, of recruits who got there"),
    "competent_within_3y": ("fraction", "recruits (hired 3+ years before the end) at backbone level within 36 months"),
    "mentor_hours": ("hours", "mentor hours given in the whole run"),
    "mentor_hours_per_backbone": ("hours", "mentor hours per mentored backbone"),
    "deepest_generation": ("generation", "deepest lineage generation reached (founders are 0)"),
    "reproduction_number": ("mentors per mentor", "mentees who became mentors, per cadre who ever mentored"),
    "final_pool_size": ("mentors", "mentors in the pool at the end"),
    "final_mentees_per_mentor": ("mentees per mentor", "paired mentees per pool member at the end"),
    "final_headcount": ("people", "cadres in post at the end"),
    "final_mean_skill": ("skill (0-1)", "mean skill of cadres in post at the end"),
    "pool_removals": ("mentors", "mentors removed by the annual review or the negative list"),
}


STAGE_NAMES = np.array([s.name.lower() for s in Stage], dtype=object)
# population columns shown in cadres.csv, in this order
CADRE_COLUMNS = (
    "in_pool", "generation", "first_mentor", "hire_month", "backbone_month", "pool_month", "exit_month",
    "unit", "field", "mentored_months", "mentees_total", "mentees_became_mentors", "gold_awards", "barred",
    "motivation", "ability", "teaching",
)

# which way is better, for verdicts in comparison reports: +1 higher, -1 lower, 0 neither
# (pairs and mentor hours are effort, not merit; a pool nobody draws on can grow without doing good)
OUTCOME_DIRECTION: dict[str, int] = {
    "pairs_formed": 0, "backbones": 1, "backbones_mentored": 1, "median_months_to_competence": -1,
    "competent_within_3y": 1, "mentor_hours": 0, "mentor_hours_per_backbone": -1, "deepest_generation": 1,
    "reproduction_number": 1, "final_pool_size": 0, "final_mentees_per_mentor": 0, "final_headcount": 1,
    "final_mean_skill": 1, "pool_removals": 0,
}


@dataclass
class RunResult:
    scenario: Scenario
    seed: Any
    summary: dict[str, float]
    series: pd.DataFrame
    events: pd.DataFrame = field(repr=False)
    pairs: pd.DataFrame = field(repr=False)
    cadres: pd.DataFrame = field(repr=False)
    snapshots: pd.DataFrame | None = field(default=None, repr=False)  # cadres in post, every k months


def simulate(scenario: Scenario, rng: int | np.random.SeedSequence | np.random.Generator | None = None,
             snapshot_every: int = 0) -> RunResult:
    """Run ``scenario`` for its ``run.years``; ``rng`` defaults to the scenario's ``run.seed``.

    ``snapshot_every``: also keep the table of cadres in post every that many months (0: never).
    """
    model = CadreModel(scenario=scenario, rng=rng)
    snapshots = run_to_end(model, snapshot_every)
    return collect(model, seed=scenario.run.seed if rng is None else rng, snapshots=snapshots)


def run_to_end(model: CadreModel, snapshot_every: int = 0, on_month: Callable[[int], None] | None = None) -> pd.DataFrame | None:
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
    series = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    series.insert(0, "month", np.arange(len(series)))
    series.insert(1, "year", model.params.run.start_year + series["month"] / 12.0)
    cadres = cadre_table(model)
    return RunResult(
        scenario=model.params,
        seed=seed,
        summary=summarise(model, cadres),
        series=series,
        events=model.events.table(),
        pairs=model.pairs.table(),
        cadres=cadres,
        snapshots=snapshots,
    )


def cadre_table(model: CadreModel, in_post_only: bool = False) -> pd.DataFrame:
    """One row per cadre ever hired (or only those in post), as they are now."""
    pop = model.pop
    n = pop.n
    table = pd.DataFrame(
        {
            "id": np.arange(n),
            "stage": STAGE_NAMES[pop.stage[:n]],
            **{name: pop.view(name) for name in CADRE_COLUMNS},
            "age": pop.age_months[:n] / 12.0,
            "mean_skill": pop.skill[:n].mean(axis=1),
        }
    )
    for k, aspect in enumerate(ASPECTS):
        table[f"skill_{aspect}"] = pop.skill[:n, k]
    return table[pop.alive[:n]].reset_index(drop=True) if in_post_only else table


def summarise(model: CadreModel, cadres: pd.DataFrame) -> dict[str, float]:
    pop, months = model.pop, model.months
    n = pop.n
    recruits = pop.hire_month[:n] > 0
    reached = recruits & (pop.backbone_month[:n] >= 0)
    months_to = pop.backbone_month[:n][reached] - pop.hire_month[:n][reached]
    old_enough = recruits & (pop.hire_month[:n] <= months - 36)
    within = old_enough & (pop.backbone_month[:n] >= 0) & (pop.backbone_month[:n] - pop.hire_month[:n] <= 36)
    backbones_mentored = int(np.count_nonzero((pop.backbone_month[:n] >= 0) & (pop.first_mentor[:n] >= 0)))
    ever_mentored = pop.mentees_total[:n] > 0
    last = model.latest
    return {
        "pairs_formed": float(model.pairs.formed),
        "backbones": float(model.cum_backbones),
        "backbones_mentored": float(backbones_mentored),
        "median_months_to_competence": float(np.median(months_to)) if len(months_to) else float("nan"),
        "competent_within_3y": float(within.sum() / old_enough.sum()) if old_enough.any() else float("nan"),
        "mentor_hours": float(model.cum_mentor_hours),
        "mentor_hours_per_backbone": float(model.cum_mentor_hours / backbones_mentored) if backbones_mentored else float("nan"),
        "deepest_generation": float(pop.generation[:n].max()) if n else 0.0,
        "reproduction_number": float(pop.mentees_became_mentors[:n][ever_mentored].sum() / ever_mentored.sum()) if ever_mentored.any() else float("nan"),
        "final_pool_size": float(last["pool_size"]),
        "final_mentees_per_mentor": float(last["mentees_per_pool_mentor"]),
        "final_headcount": float(last["headcount"]),
        "final_mean_skill": float(last["mean_skill"]),
        "pool_removals": float(model.events.count("pool_removal") + model.events.count("negative_list")),
    }

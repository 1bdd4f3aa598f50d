"""What a run measures.

The monthly series, the headline outcomes (units, directions, labels),
the final table of cadres, and the summary of a finished run.

``OUTCOMES`` is the vocabulary of headline figures in report order; ``direction`` says which
way is better (+1 higher, -1 lower, 0 neither: pairs and hours are effort, not merit, and a pool
nobody draws on can grow without doing good). Reports, comparisons and sweeps read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sim.model.decisions import aspect_mean
from sim.model.methods import ASPECTS
from sim.model.stages import LIVE_STAGES, STAGE_CODES, Stage
from sim.vocab import Term, Vocabulary

if TYPE_CHECKING:
    from sim.model.model import CadreModel

MAX_GENERATION_COLUMN = 9  # pool_gen_9 counts generation 9 and deeper


@dataclass(frozen=True, kw_only=True)
class Outcome(Term):
    """A headline figure of a run: its words, unit and which way is better."""

    unit: str
    direction: int


# fmt: off
OUTCOMES: Vocabulary[Outcome] = Vocabulary("outcome", [
    Outcome("pairs_formed", "结对数", "pairs formed", unit="pairs", direction=0, meaning="mentor-mentee pairs formed during the run"),
    Outcome("backbones", "成长为骨干人数", "backbones", unit="people", direction=1, meaning="cadres who became backbones during the run"),
    Outcome("backbones_mentored", "其中经帮带", "of them mentored", unit="people", direction=1, meaning="of those, cadres who had had a mentor"),
    Outcome("median_months_to_competence", "成长为骨干月数（中位数）", "median months to competence", unit="months", direction=-1, meaning="median months from hire to backbone, of recruits who got there"),
    Outcome("competent_within_3y", "三年内成长为骨干比例", "competent within 3 years", unit="fraction", direction=1, meaning="recruits (hired 3+ years before the end) at backbone level within 36 months"),
    Outcome("mentor_hours", "导师投入时数", "mentor hours", unit="hours", direction=0, meaning="mentor hours given in the whole run"),
    Outcome("mentor_hours_per_backbone", "每名帮带骨干的导师时数", "mentor hours per backbone", unit="hours", direction=-1, meaning="mentor hours per mentored backbone"),
    Outcome("deepest_generation", "传承最深代数", "deepest generation", unit="generation", direction=1, meaning="deepest lineage generation reached (founders are 0; n/a with no mentor at all)"),
    Outcome("reproduction_number", "每名导师带出导师数", "mentors per mentor", unit="mentors per mentor", direction=1, meaning="mentees who became mentors, per cadre who ever mentored"),
    Outcome("final_pool_size", "期末导师库人数", "final pool size", unit="mentors", direction=0, meaning="mentors in the pool at the end"),
    Outcome("final_mentees_per_mentor", "期末人均在带徒弟", "final mentees per mentor", unit="mentees per mentor", direction=0, meaning="paired mentees per pool member at the end"),
    Outcome("final_headcount", "期末在岗人数", "final headcount", unit="people", direction=1, meaning="cadres in post at the end"),
    Outcome("final_mean_skill", "期末平均能力", "final mean skill", unit="skill (0-1)", direction=1, meaning="mean skill of cadres in post at the end"),
    Outcome("pool_removals", "出库导师数", "pool removals", unit="mentors", direction=0, meaning="mentors removed by the annual review or the negative list"),
])
# fmt: on

# population columns shown in cadres.csv, in this order
CADRE_COLUMNS = (
    "in_pool", "generation", "first_mentor", "hire_month", "backbone_month", "pool_month", "exit_month",
    "unit", "field", "mentored_months", "mentees_total", "mentees_became_mentors", "gold_awards", "barred",
    "motivation", "ability", "teaching",
)  # fmt: skip
_STAGE_CODES = np.array(STAGE_CODES, dtype=object)


def series_columns() -> list[str]:
    """The columns of the monthly series, in order."""
    stages = [s.code for s in LIVE_STAGES]
    return (
        ["headcount"]
        + [f"n_{s}" for s in stages]
        + ["pool_size", "active_pairs", "paired_mentees", "mentees_per_pool_mentor", "mean_skill"]
        + [f"skill_{s}" for s in stages]
        + ["cum_pairs", "cum_backbones", "mentor_hours", "cum_mentor_hours", "intake", "exits"]
        + [f"pool_gen_{g}" for g in range(MAX_GENERATION_COLUMN + 1)]
    )


def measure(model: CadreModel) -> dict[str, float]:
    """This month's row of the series."""
    pop, n = model.pop, model.pop.n
    alive = pop.alive[:n]
    stage = pop.stage[:n]  # the exited fall in the last bin, which is not reported
    mean_skill = aspect_mean(pop.skill[:n])
    counts = np.bincount(stage, minlength=len(Stage))
    sums = np.bincount(stage, weights=mean_skill, minlength=len(Stage))
    in_pool = pop.in_pool[:n]
    pool_size = int(np.count_nonzero(in_pool))
    paired = int(np.count_nonzero(pop.n_mentors[:n]))
    gens = np.bincount(
        np.minimum(pop.generation[:n][in_pool], MAX_GENERATION_COLUMN).astype(np.int64),
        minlength=MAX_GENERATION_COLUMN + 1,
    )
    headcount = int(np.count_nonzero(alive))
    row: dict[str, float] = {"headcount": headcount}
    for s in LIVE_STAGES:
        row[f"n_{s.code}"] = int(counts[s])
    row.update(
        pool_size=pool_size,
        active_pairs=len(model.pairs),
        paired_mentees=paired,
        mentees_per_pool_mentor=paired / pool_size if pool_size else 0.0,
        mean_skill=float(sums[: Stage.EXITED].sum() / headcount) if headcount else float("nan"),
    )
    for s in LIVE_STAGES:
        row[f"skill_{s.code}"] = float(sums[s] / counts[s]) if counts[s] else float("nan")
    row.update(
        cum_pairs=model.pairs.formed,
        cum_backbones=model.cum_backbones,
        mentor_hours=model.mentor_hours,
        cum_mentor_hours=model.cum_mentor_hours,
        intake=model.month_intake,
        exits=model.month_exits,
    )
    for g in range(MAX_GENERATION_COLUMN + 1):
        row[f"pool_gen_{g}"] = int(gens[g])
    return row


def cadre_table(model: CadreModel, in_post_only: bool = False) -> pd.DataFrame:
    """One row per cadre ever hired (or only those in post), as they are now."""
    pop = model.pop
    n = pop.n
    table = pd.DataFrame(
        {
            "id": np.arange(n),
            "stage": _STAGE_CODES[pop.stage[:n]],
            **{name: pop.view(name) for name in CADRE_COLUMNS},
            "age": pop.age_months[:n] / 12.0,
            "mean_skill": aspect_mean(pop.skill[:n]),
        }
    )
    for k, aspect in enumerate(ASPECTS):
        table[f"skill_{aspect}"] = pop.skill[:n, k]
    return table[pop.alive[:n]].reset_index(drop=True) if in_post_only else table


def summarise(model: CadreModel) -> dict[str, float]:
    """The headline outcomes (``OUTCOMES``) of a finished run."""
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
    nan = float("nan")
    summary = {
        "pairs_formed": float(model.pairs.formed),
        "backbones": float(model.cum_backbones),
        "backbones_mentored": float(backbones_mentored),
        "median_months_to_competence": float(np.median(months_to)) if len(months_to) else nan,
        "competent_within_3y": float(within.sum() / old_enough.sum()) if old_enough.any() else nan,
        "mentor_hours": float(model.cum_mentor_hours),
        "mentor_hours_per_backbone": float(model.cum_mentor_hours / backbones_mentored) if backbones_mentored else nan,
        "deepest_generation": float(deepest) if n and (deepest := pop.generation[:n].max()) >= 0 else nan,
        "reproduction_number": float(pop.mentees_became_mentors[:n][ever_mentored].sum() / ever_mentored.sum())
        if ever_mentored.any()
        else nan,
        "final_pool_size": float(last["pool_size"]),
        "final_mentees_per_mentor": float(last["mentees_per_pool_mentor"]),
        "final_headcount": float(last["headcount"]),
        "final_mean_skill": float(last["mean_skill"]),
        "pool_removals": float(model.events.count("pool_removal") + model.events.count("negative_list")),
    }
    assert list(summary) == list(OUTCOMES), "summarise must give every outcome of OUTCOMES, in order"
    return summary

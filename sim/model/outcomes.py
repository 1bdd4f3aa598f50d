"""What a run measures.

The monthly series, the headline outcomes (units, directions, labels),
the final table of cadres, and the summary of a finished run.

``OUTCOMES`` is the vocabulary of headline figures in report order; ``direction`` says which
way is better (+1 higher, -1 lower, 0 neither: pairs and hours are effort, not merit, and a pool
nobody draws on can grow without doing good). Reports, comparisons and sweeps read it.

Two series columns read the model the way two studies of mentoring measured it, so that their
figures can be calibration anchors: ``mentoring_uplift_6m`` and ``mean_pair_months`` (``sim.model.anchors``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sim.model.anchors import follow_first_pairings, literature_anchors
from sim.model.careers import RANK_CODES, Rank
from sim.model.continuity import SERIES as CONTINUITY_SERIES
from sim.model.continuity import continuity_row, pool_renewal
from sim.model.decisions import aspect_mean
from sim.model.establishment import posts
from sim.model.kinds import ESTABLISHMENT_KINDS, IS_ESTABLISHMENT, KIND_CODES
from sim.model.lineage import MAX_GENERATION_COLUMN
from sim.model.mechanism import Mechanism, declare
from sim.model.recognition import SERIES as RECOGNITION_SERIES
from sim.model.recognition import recognition_row
from sim.model.shortage import SERIES as SHORTAGE_SERIES
from sim.model.shortage import shortage_row
from sim.model.stages import LIVE_STAGES, STAGE_CODES, Stage
from sim.vocab import Term, Vocabulary

if TYPE_CHECKING:
    from sim.model.model import CadreModel


@dataclass(frozen=True, kw_only=True)
class Outcome(Term):
    """A headline figure of a run: its words, unit and which way is better."""

    unit: str
    direction: int


# fmt: off
OUTCOMES: Vocabulary[Outcome] = Vocabulary("outcome", [
    Outcome("pairs_formed", "结对数", "pairs formed", unit="pairs", direction=0, meaning="mentor-mentee pairs formed during the run"),
    Outcome("backbones", "成长为骨干人数", "backbones", unit="people", direction=1, meaning="people who became backbones during the run (village mentees included)"),
    Outcome("backbones_mentored", "其中经帮带", "of them mentored", unit="people", direction=1, meaning="of those, cadres of the establishment who had had a mentor (village mentees apart)"),
    Outcome("median_months_to_competence", "达到胜任月数（中位数）", "median months to competence", unit="months", direction=-1, meaning="median months from hire to competence, of the establishment's recruits who got there"),
    Outcome("competent_within_3y", "三年内达到胜任比例", "competent within 3 years", unit="fraction", direction=1, meaning="the establishment's recruits (hired 3+ years before the end) competent within 36 months"),
    Outcome("mentor_hours", "导师投入时数", "mentor hours", unit="hours", direction=0, meaning="mentor hours given in the whole run"),
    Outcome("mentor_hours_per_backbone", "每名帮带骨干的导师时数", "mentor hours per backbone", unit="hours", direction=-1, meaning="mentor hours per mentored backbone"),
    Outcome("deepest_generation", "传承最深代数", "deepest generation", unit="generation", direction=1, meaning="deepest lineage generation reached (founders are 0; n/a with no mentor at all)"),
    Outcome("reproduction_number", "每名导师带出导师数", "mentors per mentor", unit="mentors per mentor", direction=1, meaning="mentees who became mentors, per cadre who ever mentored"),
    Outcome("final_pool_size", "期末导师库人数", "final pool size", unit="mentors", direction=0, meaning="mentors in the pool at the end"),
    Outcome("mentees", "期末在带对象人数", "mentees at the end", unit="people", direction=0, meaning="people with a mentor at the end (collectives apart)"),
    Outcome("mentees_per_mentor", "期末人均在带对象", "mentees per mentor", unit="mentees per mentor", direction=0, meaning="people with a mentor per pool member at the end (Anji 2025: 788 / 563 = 1.40)"),
    Outcome("idle_mentors", "期末未带徒导师", "idle mentors", unit="mentors", direction=0, meaning="pool members with no mentee and no collective at the end"),
    Outcome("backbone_share", "骨干占比", "backbone share", unit="fraction", direction=1, meaning="backbones and mentors in front-line posts, of the establishment's cadres in post, at the end"),
    Outcome("competent_share", "胜任者占比", "competent share", unit="fraction", direction=1, meaning="competent cadres in front-line posts (reached competence in the run, or started as backbones or mentors), of the establishment's cadres in post, at the end (sim.model.recognition)"),
    Outcome("competent_cadre_years", "胜任干部人年", "competent cadre-years", unit="cadre-years", direction=1, meaning="the establishment's competent cadres in front-line posts summed over the run's months, over 12: capacity over time (sim.model.recognition)"),
    Outcome("promotions", "晋升人次", "promotions", unit="promotions", direction=0, meaning="promotions to level-4, township leadership and county-division level in the run"),
    Outcome("promotion_ratio_mentored", "受帮带者晋升率之比", "promotion ratio of the mentored", unit="ratio", direction=0, meaning="promotions per mentored cadre-year over promotions per never-mentored cadre-year, at the year ends (n/a without careers; sim.model.careers)"),
    Outcome("secondments", "挂职选派人次", "secondments", unit="secondments", direction=0, meaning="secondments begun in the run"),
    Outcome("introducer_share", "导师任入党介绍人比例", "mentor as Party introducer", unit="fraction", direction=0, meaning="of cadres who joined the Party in the run, the share introduced by their mentor"),
    Outcome("collectives_turned_around", "软弱涣散村党组织转化数", "collectives turned around", unit="organisations", direction=1, meaning="weak village Party organisations turned around in the run"),
    Outcome("final_headcount", "期末在岗人数", "final headcount", unit="people", direction=0, meaning="cadres in post at the end"),
    Outcome("final_mean_skill", "期末平均能力", "final mean skill", unit="skill (0-1)", direction=1, meaning="mean skill of cadres in post at the end"),
    Outcome("pool_removals", "出库导师数", "pool removals", unit="mentors", direction=0, meaning="mentors removed by the annual review or the negative list"),
    Outcome("capability_kept_5y", "停止帮带5年后能力留存", "capability kept 5 years after a stop", unit="fraction", direction=1, meaning="of the competent, mentored cadres in post when the programme stopped, the share still in post and competent 5 years later (n/a: no stop, or the run ends sooner; sim.model.continuity)"),
    Outcome("own_work_hours_given_up", "挤占本职工作时数", "own work hours given up", unit="hours", direction=-1, meaning="mentor hours taken from the mentors' own work in the whole run (mentor hours x pool.own_work_share)"),
    Outcome("mentors_burnt_out", "倦怠退库导师数", "mentors burnt out", unit="mentors", direction=-1, meaning="mentors who left the pool burnt out in the run (pool.mentor_load = burnout; 0 under free)"),
    Outcome("pool_renewal", "导师库更新比", "pool renewal", unit="mentors per founder", direction=1, meaning="mentors in the pool at the end who were mentored themselves (generation 1+), per generation-0 member at the pool's peak; below 1: home-grown mentors did not replace the founders (a stock at the end, not cut off like mentors per mentor; sim.model.continuity)"),
    Outcome("waiting_end", "期末待配导师人数", "waiting for a mentor at the end", unit="people", direction=-1, meaning="young cadres in their mentoring window, eligible for a mentor, with none at the end (sim.model.shortage)"),
    Outcome("waiting_cadre_months", "待配导师累计人月", "cadre-months waiting for a mentor", unit="cadre-months", direction=-1, meaning="young cadres waiting for a mentor summed over the run's month ends: the shortage over time (sim.model.shortage)"),
    Outcome("longest_wait_months", "最长待配月数", "longest wait for a mentor", unit="months", direction=-1, meaning="the longest any young cadre waited for a mentor, in month ends (sim.model.shortage)"),
    Outcome("pool_needed", "所需导师库人数", "pool needed", unit="mentors", direction=0, meaning="the fewest mentors that would have left no one waiting in the month demand peaked: ceil(those wanting a mentor x mentors per mentee / mentees per mentor), teams whole (sim.model.shortage)"),
])
# fmt: on

# population columns shown in cadres.csv, in this order
CADRE_COLUMNS = (
    "in_pool", "generation", "first_mentor", "hire_month", "competent_month", "backbone_month", "pool_month",
    "exit_month", "mentee_until", "unit", "field", "mentored_months", "mentees_total", "mentees_became_mentors",
    "gold_awards", "barred", "party", "party_month", "introducer", "secondments", "seconded_month", "motivation",
    "ability", "teaching",
)  # fmt: skip
_KIND_CODES = np.array(KIND_CODES, dtype=object)
_RANK_CODES = np.array(RANK_CODES, dtype=object)
_STAGE_CODES = np.array(STAGE_CODES, dtype=object)
# the series' keys, made once: (stage, n_ key, skill_ key) of each live stage; generations; kinds; ranks
_STAGE_KEYS = tuple((int(s), f"n_{s.code}", f"skill_{s.code}") for s in LIVE_STAGES)
_GENERATION_KEYS = tuple(f"pool_gen_{g}" for g in range(MAX_GENERATION_COLUMN + 1))
_MENTEE_KEYS = tuple(f"mentees_{code}" for code in KIND_CODES)
_RANK_KEYS = tuple(f"n_{code}" for code in RANK_CODES)


def series_columns() -> list[str]:
    """The columns of the monthly series, in order."""
    stages = [s.code for s in LIVE_STAGES]
    return (
        ["headcount"]
        + [f"n_{s}" for s in stages]
        + ["pool_size", "active_pairs", "mentees", "mentees_per_pool_mentor", "mean_skill"]
        + [f"skill_{s}" for s in stages]
        + [
            "cum_pairs",
            "cum_backbones",
            "cum_backbones_mentored",
            "cum_backbones_mentored_all",
            "mentor_hours",
            "cum_mentor_hours",
            "intake",
            "exits",
        ]
        + [f"pool_gen_{g}" for g in range(MAX_GENERATION_COLUMN + 1)]
        + [f"mentees_{k}" for k in KIND_CODES]
        + ["idle_mentors", "posts", "establishment", "backbone_share"]
        + list(RECOGNITION_SERIES)
        + [f"n_{r}" for r in RANK_CODES]
        + ["cum_promotions", "cum_secondments", "cum_party_joined", "cum_introduced_by_mentor", "introducer_share"]
        + ["seconded_county_share"]
        + ["collectives_weak", "collectives_mentored", "cum_collectives_turned"]
        + ["pairs_ended", "mean_pair_months", "mentees_followed_6m", "mentoring_uplift_6m", "gain_ratio_6m"]
        + list(CONTINUITY_SERIES)
        + ["own_work_hours", "cum_meetings_missed"]
        + list(SHORTAGE_SERIES)
    )


def measure(model: CadreModel, mean_skill: np.ndarray | None = None) -> dict[str, float]:
    """This month's row of the series.

    The one thing it writes: six months after a mentee's first pairing, the mentee's skill and
    the skill doing alone would have given (``follow_first_pairings``).

    Args:
        model: the model, at the end of a month.
        mean_skill: every row's mean skill now (``pop.mean_skill()``), if already computed.
    """
    pop, live = model.pop, model.pop.in_post  # the cadres in post: nobody else is counted
    stage = pop.stage[live].astype(np.intp)
    # contiguous rows are cheaper than gathering (n x aspects)
    every_skill = pop.mean_skill() if mean_skill is None else mean_skill
    mean_skill = every_skill[live]
    counts = np.bincount(stage, minlength=len(Stage))
    sums = np.bincount(stage, weights=mean_skill, minlength=len(Stage))
    in_pool = pop.in_pool[live]
    pool_size = int(np.count_nonzero(in_pool))
    n_mentors = pop.n_mentors[live]
    paired = int(np.count_nonzero(n_mentors))
    gens = np.bincount(
        np.minimum(pop.generation[live][in_pool], MAX_GENERATION_COLUMN).astype(np.int64),
        minlength=MAX_GENERATION_COLUMN + 1,
    )
    headcount = len(live)
    count_list, sum_list = counts.tolist(), sums.tolist()
    row: dict[str, float] = {"headcount": headcount}
    row.update((key, count_list[s]) for s, key, _ in _STAGE_KEYS)
    row.update(
        pool_size=pool_size,
        active_pairs=len(model.pairs),
        mentees=paired,
        mentees_per_pool_mentor=paired / pool_size if pool_size else 0.0,
        mean_skill=float(sums[: Stage.EXITED].sum() / headcount) if headcount else float("nan"),
    )
    row.update((key, sum_list[s] / count_list[s] if count_list[s] else float("nan")) for s, _, key in _STAGE_KEYS)
    row.update(
        cum_pairs=model.pairs.formed,
        cum_backbones=model.cum_backbones,
        cum_backbones_mentored=model.cum_backbones_mentored,
        cum_backbones_mentored_all=model.cum_backbones_mentored_all,
        mentor_hours=model.mentor_hours,
        cum_mentor_hours=model.cum_mentor_hours,
        intake=model.month_intake,
        exits=model.month_exits,
    )
    row.update(zip(_GENERATION_KEYS, gens.tolist(), strict=True))
    kind = pop.kind[live].astype(np.intp)  # look-ups and counts index faster with intp than int8
    row.update(zip(_MENTEE_KEYS, np.bincount(kind[n_mentors > 0], minlength=len(KIND_CODES)).tolist(), strict=True))
    row["idle_mentors"] = int(np.count_nonzero(in_pool & (pop.n_mentees[live] == 0) & (pop.n_collectives[live] == 0)))
    est = IS_ESTABLISHMENT[kind]
    front = est & ((stage == Stage.BACKBONE) | (stage == Stage.MENTOR))
    row["posts"] = posts(model)
    seconded = ever_seconded(model)
    row["establishment"] = int(np.count_nonzero(est))
    row["backbone_share"] = (
        float(np.count_nonzero(front) / row["establishment"]) if row["establishment"] else float("nan")
    )
    row.update(recognition_row(model, live, stage, est))
    row.update(zip(_RANK_KEYS, np.bincount(pop.rank[live][est], minlength=len(RANK_CODES)).tolist(), strict=True))
    row.update(
        cum_promotions=sum(model.promotions.values()),
        cum_secondments=int(seconded["secondments"].sum()),
        cum_party_joined=model.party_joined,
        cum_introduced_by_mentor=model.party_by_mentor,
        introducer_share=model.party_by_mentor / model.party_joined if model.party_joined else float("nan"),
        seconded_county_share=seconded_county_share(model, seconded),
        collectives_weak=len(model.collectives.weak()),
        collectives_mentored=model.collectives.mentored(),
        cum_collectives_turned=model.collectives.turned_around,
    )
    followed = follow_first_pairings(model, mean_skill)
    previous = getattr(model, "latest", None)  # None at the start
    row.update(literature_anchors(model, None if followed else previous))
    row.update(continuity_row(model, row["pool_gen_0"], every_skill, previous))
    row["own_work_hours"] = model.params.pool.own_work_share * model.mentor_hours
    row["cum_meetings_missed"] = model.cum_meetings_missed
    row.update(shortage_row(model, live))
    return row


def ever_seconded(model: CadreModel) -> dict[str, np.ndarray]:
    """The secondments and rank of every cadre ever seconded (in post or left), in id order."""
    return model.pop.ever_where("seconded", "secondments", _positive, ("secondments", "rank"))


def _positive(values: np.ndarray) -> np.ndarray:
    return values > 0


def seconded_county_share(model: CadreModel, seconded: dict[str, np.ndarray] | None = None) -> float:
    """Of the cadres ever seconded, the share at county-division level now (or when they left).

    ``seconded``: ``ever_seconded(model)``, if already read.
    """
    rank = (ever_seconded(model) if seconded is None else seconded)["rank"]
    count = len(rank)
    return float(np.count_nonzero(rank == Rank.COUNTY) / count) if count else float("nan")


def cadre_table(model: CadreModel, in_post_only: bool = False) -> pd.DataFrame:
    """One row per cadre ever hired (or only those in post), as they are now, in id order."""
    pop = model.pop
    if in_post_only:
        live = pop.in_post

        def column(name: str) -> np.ndarray:
            return pop.__dict__[name][live]

        ids = pop.cadre_id[live]
    else:
        column, ids = pop.everyone, np.arange(pop.ever)
    skill = column("skill")
    table = pd.DataFrame(
        {
            "id": ids,
            "stage": _STAGE_CODES[column("stage")],
            "kind": _KIND_CODES[column("kind")],
            "rank": _RANK_CODES[column("rank")],
            **{name: column(name) for name in CADRE_COLUMNS},
            "age": column("age_months") / 12.0,
            "mean_skill": aspect_mean(skill),
        }
    )
    for k, aspect in enumerate(model.aspect_set.codes):
        table[f"skill_{aspect}"] = skill[:, k]
    return table


def summarise(model: CadreModel) -> dict[str, float]:
    """The headline outcomes (``OUTCOMES``) of a finished run."""
    months, every = model.months, model.pop.everyone  # everyone ever hired, in id order
    n = model.pop.ever
    cadres = np.isin(every("kind"), ESTABLISHMENT_KINDS)
    hire_month = every("hire_month")
    recruits = (hire_month > 0) & cadres
    competent = every("competent_month")
    reached = recruits & (competent >= 0)
    months_to = competent[reached] - hire_month[reached]
    old_enough = recruits & (hire_month <= months - 36)
    within = old_enough & (competent >= 0) & (competent - hire_month <= 36)
    backbones_mentored = int(np.count_nonzero(cadres & (every("backbone_month") >= 0) & (every("first_mentor") >= 0)))
    ever_mentored = every("mentees_total") > 0
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
        "deepest_generation": float(deepest) if n and (deepest := every("generation").max()) >= 0 else nan,
        "reproduction_number": float(every("mentees_became_mentors")[ever_mentored].sum() / ever_mentored.sum())
        if ever_mentored.any()
        else nan,
        "final_pool_size": float(last["pool_size"]),
        "mentees": float(last["mentees"]),
        "mentees_per_mentor": float(last["mentees_per_pool_mentor"]),
        "idle_mentors": float(last["idle_mentors"]),
        "backbone_share": float(last["backbone_share"]),
        "competent_share": float(last["competent_share"]),
        "competent_cadre_years": float(last["cum_competent_cadre_years"]),
        "promotions": float(sum(model.promotions.values())),
        "promotion_ratio_mentored": model.promotion_exposure.ratio(),
        "secondments": float(last["cum_secondments"]),
        "introducer_share": model.party_by_mentor / model.party_joined if model.party_joined else nan,
        "collectives_turned_around": float(model.collectives.turned_around),
        "final_headcount": float(last["headcount"]),
        "final_mean_skill": float(last["mean_skill"]),
        "pool_removals": float(model.events.count("pool_removal") + model.events.count("negative_list")),
        "capability_kept_5y": model.capability.kept_5y,
        "own_work_hours_given_up": model.params.pool.own_work_share * float(model.cum_mentor_hours),
        "mentors_burnt_out": float(model.events.count("burnout")),
        "pool_renewal": pool_renewal(last),
        "waiting_end": float(last["waiting"]),
        "waiting_cadre_months": float(last["cum_waiting_cadre_months"]),
        "longest_wait_months": float(last["longest_wait_months"]),
        "pool_needed": float(last["pool_needed"]),
    }
    assert list(summary) == list(OUTCOMES), "summarise must give every outcome of OUTCOMES, in order"
    return summary


def breakdown(model: CadreModel) -> dict[str, dict[str, float]]:
    """Outcomes by category, for ``summary.json``.

    Seconded cadres and the rank they reached (exited ones at the rank they left with), promotions
    by rank, mentees by kind at the end.
    """
    last, rank = model.latest, ever_seconded(model)["rank"]
    return {
        "seconded_later": {
            "seconded": float(len(rank)),
            "reached_township_leadership": float(np.count_nonzero(rank >= Rank.TOWNSHIP_LEADER)),
            "reached_county_level": float(np.count_nonzero(rank == Rank.COUNTY)),
        },
        "promotions_by_rank": {r.code: float(model.promotions[r]) for r in Rank if r != Rank.STAFF},
        "mentees_by_kind": {code: float(last[f"mentees_{code}"]) for code in KIND_CODES},
        "samples": sample_sizes(model),
    }


def sample_sizes(model: CadreModel) -> dict[str, float]:
    """How many people each median and share of ``OUTCOMES`` rests on (n beside the figure in reports)."""
    every, last = model.pop.everyone, model.latest
    hire_month, competent = every("hire_month"), every("competent_month")
    recruits = (hire_month > 0) & np.isin(every("kind"), ESTABLISHMENT_KINDS)
    capability = model.capability.ids
    return {
        "median_months_to_competence": float(np.count_nonzero(recruits & (competent >= 0))),
        "competent_within_3y": float(np.count_nonzero(recruits & (hire_month <= model.months - 36))),
        "backbone_share": float(last["establishment"]),
        "competent_share": float(last["establishment"]),
        "introducer_share": float(model.party_joined),
        "capability_kept_5y": float(len(capability)) if capability is not None else 0.0,
    }


MECHANISM = declare(Mechanism("outcomes", __name__, sections=("run",), steps=("measure",), words=("outcome",)))

"""The mentor pool (导师库) and its dynamic management at year end.

- Two-way evaluation (双向评议): each mentor's real effect this year is the mean monthly skill
  pull given per mentee; the mentee and the unit each observe it with noise
  (``rating_noise``, in units of the real effect's spread) and the score is their mean.
- Review (动态管理): the lowest-scored ``review_removal_share`` of evaluated mentors leave the
  pool; each pool member is put on the negative list with probability ``negative_list_rate``
  (removed and barred for good).
- Gold mentor (金牌导师): the top ``gold_share`` by score gain motivation.
- Qualification review (资格复审, Huzhou), with ``review_scope = "all"``: every member, whether
  they mentored or not, is also checked against the entry standard: a member whose skill has
  fallen more than ``qualification_margin`` below ``entry_skill`` leaves the pool.
- Entry (徒成师): backbones (and second-line veterans) with enough tenure and skill enter the pool.
  ``admission = "willing"``: whoever is willing (``entry_willingness`` a year), up to ``pool_cap``.
  ``admission = "demand"`` (a pool led by demand): the organisation admits as many as the mentees
  waiting and the next year's newcomers need beyond the free places, the best regarded of the
  willing first; a pool with idle mentors admits no one. Mentors removed this year cannot re-enter
  it in the same year (under either rule).
- Mentor load (``[pool] mentor_load``, a variant of this mechanism run each month while the
  programme runs): ``free`` (today's, the default: mentoring wears no one down, motivation only
  rises) or a module of ``sim.model.variants`` (``burnout``). Under ``burnout`` a cadre whose
  motivation is below ``burnout_leave_below`` does not volunteer to enter.
- The cost of hours: ``own_work_share`` of the mentor hours comes out of the mentors' own work
  (series ``own_work_hours``, outcome ``own_work_hours_given_up``); it changes no behaviour.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from sim.model.decisions import aspect_mean, at_least, exact_mean_sd, order
from sim.model.lineage import record_pool_entry
from sim.model.mechanism import Mechanism, Variant, declare, register_variant
from sim.model.pairing.base import demand
from sim.model.programme import covered
from sim.model.stages import Stage
from sim.vocab import Term, Vocabulary

if TYPE_CHECKING:
    from sim.model.model import CadreModel

ADMISSION_RULES: Vocabulary[Term] = Vocabulary(
    "admission rule",
    [
        Term("willing", "自愿申报", "the willing", meaning="every willing, eligible cadre enters (up to pool_cap)"),
        Term("demand", "按需遴选", "led by demand", meaning="as many as the waiting mentees need, the best first"),
    ],
)
REVIEW_SCOPES: Vocabulary[Term] = Vocabulary(
    "review scope",
    [
        Term("mentored", "评议在带导师", "mentors who mentored", meaning="only mentors rated this year can be removed"),
        Term("all", "全员资格复审", "every member", meaning="also an annual qualification review of every member"),
    ],
)


def enter(model: CadreModel, cadres: np.ndarray, founding: bool = False) -> None:
    """``cadres`` enter the pool (``founding``: the pool's first members, at month 0)."""
    pop = model.pop
    if len(cadres) == 0:
        return
    record_pool_entry(pop, cadres, founding, model.steps)
    pop.in_pool[cadres] = True
    pop.pool_month[cadres] = model.steps
    pop.stage[cadres[pop.stage[cadres] == Stage.BACKBONE]] = Stage.MENTOR
    model.events.add(model.steps, "pool_entry", cadres, detail="founder" if founding else "")


def remove(model: CadreModel, cadres: np.ndarray, kind: str) -> None:
    """``cadres`` leave the pool (``kind``: the event, pool_removal or negative_list); their pairs end."""
    pop = model.pop
    if len(cadres) == 0:
        return
    model.pairs.end_for(model, cadres, kind, as_mentee=False)
    model.collectives.release(model, cadres)
    pop.in_pool[cadres] = False
    pop.removed_month[cadres] = model.steps
    pop.stage[cadres[pop.stage[cadres] == Stage.MENTOR]] = Stage.BACKBONE
    model.events.add(model.steps, kind, cadres)


def evaluate(model: CadreModel) -> tuple[np.ndarray, np.ndarray]:
    """Mentors who mentored this year and their noisy two-way evaluation score."""
    pop, rng = model.pop, model.rng
    n = pop.n
    rated = np.flatnonzero(pop.in_pool[:n] & (pop.year_pair_months[:n] > 0))
    if len(rated) == 0:
        return rated, np.zeros(0)
    real = pop.year_gain[rated] / pop.year_pair_months[rated]
    mean, sd = exact_mean_sd(real)
    spread = sd if len(real) > 1 and sd > 0 else 1.0
    z = (real - mean) / spread
    noise = model.params.pool.rating_noise
    by_mentee = z + rng.normal(0, noise, len(rated))
    by_unit = z + rng.normal(0, noise, len(rated))
    return rated, (by_mentee + by_unit) / 2


def year_end(model: CadreModel, mean_skill: np.ndarray | None = None) -> None:
    """Evaluation, review, negative list, gold awards, then this year's new mentors.

    ``mean_skill``: every row's mean skill now (``pop.mean_skill()``), if already computed.
    """
    pop, pp, rng = model.pop, model.params.pool, model.rng
    n = pop.n
    rated, score = evaluate(model)
    worst_first = order(score)
    if pp.review_enabled:
        k = int(round(pp.review_removal_share * len(rated)))
        remove(model, rated[worst_first[:k]], "pool_removal")
        if pp.review_scope == "all":
            members = np.flatnonzero(pop.in_pool[:n])
            skill = aspect_mean(pop.skill[members]) if mean_skill is None else mean_skill[members]
            unqualified = members[~at_least(skill, pp.entry_skill - pp.qualification_margin)]
            remove(model, unqualified, "pool_removal")
        members = np.flatnonzero(pop.in_pool[:n])
        unfit = members[rng.random(len(members)) < pp.negative_list_rate]
        pop.barred[unfit] = True
        remove(model, unfit, "negative_list")
    k_gold = int(round(pp.gold_share * len(rated)))
    gold = rated[worst_first[::-1][:k_gold]]
    gold = gold[pop.in_pool[gold]]
    pop.motivation[gold] += pp.gold_motivation_gain * (1.0 - pop.motivation[gold])
    pop.gold_awards[gold] += 1
    model.events.add(model.steps, "gold_mentor", gold)
    pop.year_gain[:n] = 0.0
    pop.year_pair_months[:n] = 0
    admit_new_mentors(model, mean_skill)


def admit_new_mentors(model: CadreModel, mean_skill: np.ndarray | None = None) -> None:
    """Eligible backbones and veterans enter the pool (徒成师), by the admission rule.

    ``mean_skill``: every row's mean skill now (``pop.mean_skill()``), if already computed.
    """
    pop, pp, rng = model.pop, model.params.pool, model.rng
    n = pop.n
    skill = pop.mean_skill() if mean_skill is None else mean_skill
    stage = pop.stage[:n]
    tenure = model.steps - pop.hire_month[:n]
    removed_lately = (pop.removed_month[:n] >= 0) & (model.steps - pop.removed_month[:n] < 12)
    eligible = np.flatnonzero(
        pop.alive[:n]
        & ~pop.in_pool[:n]
        & ~pop.barred[:n]
        & ~removed_lately
        & ((stage == Stage.BACKBONE) | (stage == Stage.SECOND_LINE))
        & (tenure >= pp.entry_min_tenure_years * 12)
        & at_least(skill, pp.entry_skill)
    )
    eligible = covered(model, eligible)  # during a pilot, its own cadres only
    if pp.mentor_load == "burnout":  # the worn out do not volunteer (sim.model.variants.mentor_burnout)
        burnout: Any = pp  # the variant's keys join [pool] when the schema is built
        eligible = eligible[pop.motivation[eligible] >= burnout.burnout_leave_below]
    willing = eligible[rng.random(len(eligible)) < pp.entry_willingness]
    best_first = willing[order(skill[willing], descending=True)]
    room = len(willing)
    if pp.pool_cap:
        room = min(room, max(pp.pool_cap - int(pop.in_pool[:n].sum()), 0))
    if pp.admission == "demand":
        room = min(room, mentors_needed(model))
    enter(model, np.sort(best_first[:room]))


def mentors_needed(model: CadreModel) -> int:
    """Mentors the pool lacks for the mentees waiting now and the next year's newcomers."""
    waiting, capacity, free_places = demand(model)
    return max(int(np.ceil((waiting - free_places) / max(capacity, 1))), 0)


def free_load(model: CadreModel) -> None:
    """Today's mentor load: mentoring costs a mentor no motivation, whatever the load (nothing to do)."""


DEFAULT_LOAD = "free"
register_variant(
    Variant(
        DEFAULT_LOAD,
        "带徒无负担",
        "free",
        meaning="mentoring wears no mentor down: motivation only rises (gold awards), the hours cost nothing",
        mechanism="pool",
        step=free_load,
    )
)
MECHANISM = declare(Mechanism(
    "pool", __name__, sections=("pool",),
    columns=("in_pool", "barred", "pool_month", "first_pool_month", "gold_awards", "year_gain", "year_pair_months", "removed_month"),
    steps=("county_wide", "mentor_load", "pool_year_end"),
    series=("pool_size", "mentees_per_pool_mentor", "idle_mentors", "own_work_hours"),
    outcomes=("final_pool_size", "idle_mentors", "pool_removals", "own_work_hours_given_up", "mentors_burnt_out"),
    events=("pool_entry", "pool_removal", "negative_list", "gold_mentor", "burnout"),
    words=("admission rule", "review scope", "pool variant"), variant_key="mentor_load",
))  # fmt: skip

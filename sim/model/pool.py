"""The mentor pool (导师库) and its dynamic management at year end.

- Two-way evaluation (双向评议): each mentor's real effect this year is the mean monthly skill
  pull given per mentee; the mentee and the unit each observe it with noise
  (``rating_noise``, in units of the real effect's spread) and the score is their mean.
- Review (动态管理): the lowest-scored ``review_removal_share`` of evaluated mentors leave the
  pool; each pool member is put on the negative list with probability ``negative_list_rate``
  (removed and barred for good).
- Gold mentor (金牌导师): the top ``gold_share`` by score gain motivation.
- Entry (徒成师): backbones (and second-line veterans) with enough tenure and skill enter the pool
  if willing (``entry_willingness`` a year), up to ``pool_cap``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model.decisions import aspect_mean, at_least, exact_mean_sd, order
from sim.model.lineage import record_pool_entry
from sim.model.stages import Stage

if TYPE_CHECKING:
    from sim.model.model import CadreModel


def enter(model: CadreModel, cadres: np.ndarray, founding: bool = False) -> None:
    """``cadres`` enter the pool (``founding``: the pool's first members, at month 0)."""
    pop = model.pop
    if len(cadres) == 0:
        return
    record_pool_entry(pop, cadres, founding)
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
    pop.in_pool[cadres] = False
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


def year_end(model: CadreModel) -> None:
    """Evaluation, review, negative list, gold awards, then this year's new mentors."""
    pop, pp, rng = model.pop, model.params.pool, model.rng
    n = pop.n
    rated, score = evaluate(model)
    worst_first = order(score)
    if pp.review_enabled:
        k = int(round(pp.review_removal_share * len(rated)))
        remove(model, rated[worst_first[:k]], "pool_removal")
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
    admit_new_mentors(model)


def admit_new_mentors(model: CadreModel) -> None:
    """Willing, eligible backbones and veterans enter the pool (徒成师), up to ``pool_cap``."""
    pop, pp, rng = model.pop, model.params.pool, model.rng
    n = pop.n
    stage = pop.stage[:n]
    tenure = model.steps - pop.hire_month[:n]
    eligible = np.flatnonzero(
        pop.alive[:n]
        & ~pop.in_pool[:n]
        & ~pop.barred[:n]
        & ((stage == Stage.BACKBONE) | (stage == Stage.SECOND_LINE))
        & (tenure >= pp.entry_min_tenure_years * 12)
        & at_least(aspect_mean(pop.skill[:n]), pp.entry_skill)
    )
    willing = eligible[rng.random(len(eligible)) < pp.entry_willingness]
    if pp.pool_cap:
        room = max(pp.pool_cap - int(pop.in_pool[:n].sum()), 0)
        willing = willing[order(aspect_mean(pop.skill[willing]), descending=True)[:room]]
    enter(model, np.sort(willing))

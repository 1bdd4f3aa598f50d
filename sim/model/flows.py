"""Flows of people.

The starting county, the yearly intake, ageing, exits, the second line, and
the stage transitions of a month (backbone at competence, end of the mentee window).

Attrition is a monthly hazard by stage (``flows.attrition_*`` per year); cadres retire at
``retirement_age`` and step back to the second line at ``second_line_age``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model import pool
from sim.model.agent import Cadre
from sim.model.decisions import aspect_mean, at_least, order
from sim.model.methods import N_ASPECTS
from sim.model.stages import Stage

if TYPE_CHECKING:
    from sim.model.model import CadreModel
    from sim.params.schema import Scenario

# offsets of a newcomer's skill by aspect: theory and ideals ahead of practice (眼高手低, 纸上谈兵)
NEWCOMER_ASPECT_OFFSET = np.array([0.10, 0.02, -0.03, 0.0, -0.04, -0.05])


def monthly(p_year: float) -> float:
    """Monthly probability equivalent to an annual one."""
    return 1.0 - (1.0 - p_year) ** (1.0 / 12.0)


def exit_hazards(params: Scenario) -> np.ndarray:
    """Monthly exit probability by stage value (0 for the exited)."""
    fl = params.flows
    per_year = (
        fl.attrition_young,
        fl.attrition_independent,
        fl.attrition_backbone,
        fl.attrition_mentor,
        fl.attrition_mentor,
        0.0,
    )
    return np.array([monthly(r) for r in per_year])


def initial_population(model: CadreModel) -> None:
    """The county at month 0: stages by share, ages and tenure by stage, skills, founding mentors."""
    pp, fl, rng = model.params.population, model.params.flows, model.rng
    n = pp.initial_cadres
    shares = np.array([pp.share_young, pp.share_independent, pp.share_backbone, pp.share_second_line])
    counts = np.floor(shares * n).astype(int)
    counts[np.argmax(shares)] += n - counts.sum()
    stage = np.repeat([Stage.YOUNG, Stage.INDEPENDENT, Stage.BACKBONE, Stage.SECOND_LINE], counts)
    window = fl.mentee_window_years * 12
    # age band of each starting stage (years), indexed by stage value
    low = np.array(
        [
            fl.intake_age,
            fl.intake_age + fl.mentee_window_years,
            fl.intake_age + fl.mentee_window_years + 2,
            0.0,
            fl.second_line_age,
        ]
    )
    high = np.array(
        [fl.intake_age + fl.mentee_window_years, fl.second_line_age, fl.second_line_age, 0.0, fl.retirement_age]
    )
    lo = low[stage]
    hi = np.maximum(high[stage], lo + 0.1)
    age_years = lo + rng.random(n) * (hi - lo)
    tenure_months = np.where(
        stage == Stage.YOUNG,
        np.floor((age_years - fl.intake_age) * 12).clip(0, window - 1),
        np.floor((age_years - fl.intake_age) * 12).clip(window, None),
    )
    level = np.select(
        [stage == Stage.YOUNG, stage == Stage.INDEPENDENT, stage == Stage.BACKBONE],
        [pp.skill_young, pp.skill_independent, pp.skill_backbone],
        pp.skill_second_line,
    )
    skill = draw_skill(model, level, newcomer=stage == Stage.YOUNG)
    # whoever starts at backbone level is a backbone already (not one the run produced)
    learning = (stage == Stage.YOUNG) | (stage == Stage.INDEPENDENT)
    stage[learning & at_least(aspect_mean(skill), model.params.growth.competence_threshold)] = Stage.BACKBONE
    idx = hire(model, n, age_months=np.floor(age_years * 12), hire_month=-tenure_months, stage=stage, skill=skill)
    # founding mentors: the most respected veterans and backbones, by skill as others see it
    candidates = idx[(stage == Stage.SECOND_LINE) | (stage == Stage.BACKBONE)]
    k = min(pp.initial_pool_size, len(candidates))
    if k:
        seen = aspect_mean(model.pop.skill[candidates]) + rng.normal(0, 0.05, len(candidates))
        founders = candidates[order(seen, descending=True)[:k]]
        pool.enter(model, founders, founding=True)


def draw_skill(model: CadreModel, level: np.ndarray, newcomer: np.ndarray | bool) -> np.ndarray:
    """Draw skills (people x aspects) around ``level``.

    Each has a personal and an aspect deviation, plus the
    newcomer's profile (theory ahead of practice) where ``newcomer``.
    """
    n = len(level)
    sd = model.params.population.skill_sd
    person = model.rng.normal(0, sd, n)
    aspect = model.rng.normal(0, sd / 2, (n, N_ASPECTS))
    offset = np.where(np.asarray(newcomer)[..., None], NEWCOMER_ASPECT_OFFSET, 0.0)
    return np.clip(level[:, None] + person[:, None] + aspect + offset, 0.0, 1.0)


def hire(model: CadreModel, n: int, **columns: np.ndarray | int) -> np.ndarray:
    """Add ``n`` cadres (unit, field, ability, teaching, motivation drawn here) and their agents."""
    pp, gp, rng = model.params.population, model.params.growth, model.rng
    idx = model.pop.add(
        n,
        alive=True,
        unit=rng.integers(0, pp.units, n),
        field=rng.integers(0, pp.fields, n),
        # learning speed, mean 1; capped at 3 so that a month's learning never overshoots full skill
        ability=np.minimum(rng.lognormal(-(gp.ability_sd**2) / 2, gp.ability_sd, n), 3.0),
        teaching=rng.lognormal(-(gp.teaching_sd**2) / 2, gp.teaching_sd, n),
        motivation=np.clip(rng.normal(gp.motivation_mean, gp.motivation_sd, n), 0.05, 1.0),
        **columns,
    )
    model.agents_by_index.extend(Cadre(model, i) for i in idx)
    return idx


def intake(model: CadreModel) -> int:
    """The year's recruits, in the intake month; returns how many."""
    fl = model.params.flows
    n = fl.intake_per_year
    if n == 0:
        return 0
    # ages spread around the mean; every recruit is 18 to under 35 (the young cadres of DOMAIN)
    age = np.floor((fl.intake_age + model.rng.normal(0, 1.5, n)).clip(18, 34.9) * 12)
    skill = draw_skill(model, np.full(n, model.params.population.skill_young), newcomer=True)
    idx = hire(model, n, age_months=age, hire_month=model.steps, stage=Stage.YOUNG, skill=skill)
    model.events.add(model.steps, "hired", idx)
    return n


def age_and_exit(model: CadreModel) -> int:
    """A month older; attrition and retirement end pairs and posts; the old step back. Returns exits."""
    pop, fl, n = model.pop, model.params.flows, model.pop.n
    alive = pop.alive[:n]
    pop.age_months[:n] += alive
    hazard = model.exit_hazard[pop.stage[:n]]  # 0 for the exited
    retiring = alive & (pop.age_months[:n] >= fl.retirement_age * 12)
    leaving = np.flatnonzero((model.rng.random(n) < hazard) | retiring)
    if len(leaving):
        model.pairs.end_for(model, leaving, "exit")
        pop.in_pool[leaving] = False
        pop.alive[leaving] = False
        pop.stage[leaving] = Stage.EXITED
        pop.exit_month[leaving] = model.steps
        for i in leaving:
            agent = model.agents_by_index[i]
            if agent is not None:
                agent.remove()
            model.agents_by_index[i] = None
        model.events.add(model.steps, "exit", leaving)
    stepping_back = np.flatnonzero(
        (pop.age_months[:n] >= fl.second_line_age * 12)
        & (pop.stage[:n] != Stage.SECOND_LINE)
        & (pop.stage[:n] != Stage.EXITED)
    )
    if len(stepping_back):
        pop.stage[stepping_back] = Stage.SECOND_LINE
        model.events.add(model.steps, "second_line", stepping_back)
    return len(leaving)


def transitions(model: CadreModel) -> None:
    """Backbones at competence (徒成) and the end of the mentee window."""
    pop, month = model.pop, model.steps
    stage = pop.stage[: pop.n]
    learning = np.flatnonzero((stage == Stage.YOUNG) | (stage == Stage.INDEPENDENT))
    competent = learning[at_least(aspect_mean(pop.skill[learning]), model.params.growth.competence_threshold)]
    if len(competent):
        pop.stage[competent] = Stage.BACKBONE
        pop.backbone_month[competent] = month
        model.cum_backbones += len(competent)
        model.events.add(month, "backbone", competent)
        if model.params.pairing.end_at_competence:
            model.pairs.end_for(model, competent, "competent", as_mentor=False)
    window = model.params.flows.mentee_window_years * 12
    young = np.flatnonzero(pop.stage[: pop.n] == Stage.YOUNG)
    grown_out = young[month - pop.hire_month[young] >= window]
    pop.stage[grown_out] = Stage.INDEPENDENT

"""Flows of people.

The starting county, the yearly intake, ageing, exits, the second line, and
the stage transitions of a month (backbone at competence, end of the mentee window).

Attrition is a monthly hazard by stage (``flows.attrition_*`` per year) for cadres, and by kind
for the village kinds (``mentees.<kind>_attrition``); cadres retire at ``retirement_age`` and step
back to the second line at ``second_line_age``. The yearly intake of cadres follows the
establishment's rule (``sim.model.establishment``); village kinds arrive with their own intake
and leave the model when their mentee window closes (``sim.model.kinds``).

Mentee window: every person's ``mentee_until`` is the month their window closes (recruits:
``flows.mentee_window_years`` after hire; other kinds: their own window). Only people in their
window can be paired.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model import pool
from sim.model.calendar import date_of
from sim.model.careers import Rank, place_within
from sim.model.decisions import aspect_mean, at_least, order
from sim.model.establishment import intake_size, township_of
from sim.model.kinds import IS_ESTABLISHMENT, IS_VILLAGE, VILLAGE_KINDS, Kind
from sim.model.mechanism import Mechanism, declare
from sim.model.programme import units_in
from sim.model.recognition import closes_at_recognition, recognise
from sim.model.stages import LIVE_STAGES, Stage

if TYPE_CHECKING:
    from sim.model.model import CadreModel
    from sim.params.schema import Scenario


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


def kind_hazards(params: Scenario) -> np.ndarray:
    """Monthly exit probability by kind (0 for the establishment's kinds, whose hazard is by stage)."""
    hazard = np.zeros(len(Kind))
    for kind in VILLAGE_KINDS:
        hazard[kind] = monthly(getattr(params.mentees, f"{kind.code}_attrition"))
    return hazard


def window_months(params: Scenario, kind: Kind) -> int:
    """Months of the mentee window of a newcomer of ``kind``."""
    if kind == Kind.RECRUIT:
        years = params.flows.mentee_window_years
    else:
        years = getattr(params.mentees, f"{kind.code}_window_years")
    return int(round(years * 12))


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
    hire_month = -tenure_months
    mentee_until = np.where(stage == Stage.YOUNG, hire_month + window, -1)
    party = rng.random(n) < model.params.party.initial_member_share
    graduate = (stage == Stage.YOUNG) & (rng.random(n) < model.params.mentees.selected_graduate_share)
    kind = np.where(graduate, Kind.SELECTED_GRADUATE, Kind.RECRUIT)
    idx = hire(
        model, n, age_months=np.floor(age_years * 12), hire_month=hire_month, stage=stage, skill=skill,
        mentee_until=mentee_until, party=party, kind=kind,
    )  # fmt: skip
    if model.params.careers.enabled:
        initial_ranks(model, idx)
    # founding mentors: the most respected veterans and backbones, by skill as others see it
    candidates = idx[(stage == Stage.SECOND_LINE) | (stage == Stage.BACKBONE)]
    candidates = candidates[units_in(model, candidates)]  # a pilot's founders are the pilot's own
    k = min(pp.initial_pool_size, len(candidates))
    if k:
        seen = aspect_mean(model.pop.skill[candidates]) + rng.normal(0, 0.05, len(candidates))
        founders = candidates[order(seen, descending=True)[:k]]
        pool.enter(model, founders, founding=True)


def initial_ranks(model: CadreModel, idx: np.ndarray) -> None:
    """Ranks at the start: county leaders, full township teams, the level-4 quota, by seniority and skill."""
    pop, cp, rng = model.pop, model.params.careers, model.rng
    age = pop.age_months[idx] / 12.0
    service = -pop.hire_month[idx] / 12.0
    seen = aspect_mean(pop.skill[idx]) + rng.normal(0, 0.05, len(idx))
    front = pop.stage[idx] != Stage.SECOND_LINE
    county = idx[front & (age >= 40)][order(seen[front & (age >= 40)], descending=True)][: cp.county_leaders_at_start]
    pop.rank[county] = Rank.COUNTY
    free = front & (pop.rank[idx] == Rank.STAFF) & (age >= 30) & (age <= cp.leader_max_age + 5)
    candidates = idx[free][order(seen[free], descending=True)]
    town = township_of(model, candidates)
    seated = place_within(town, model.params.establishment.townships) < cp.leaders_per_township
    pop.rank[candidates[seated]] = Rank.TOWNSHIP_LEADER
    staff = (pop.rank[idx] == Rank.STAFF) & (service >= cp.l4_min_years)
    room = max(int(cp.l4_share * len(idx)) - int(np.count_nonzero(pop.rank[idx] >= Rank.LEVEL4)), 0)
    senior = idx[staff][order(service[staff], descending=True)][:room]
    pop.rank[senior] = Rank.LEVEL4
    # time in a rank above staff so far: up to three years, so that the first promotions spread out
    above = idx[pop.rank[idx] > Rank.STAFF]
    pop.rank_month[above] = -np.floor(rng.random(len(above)) * 36).astype(np.int32)


def draw_skill(model: CadreModel, level: np.ndarray, newcomer: np.ndarray | bool) -> np.ndarray:
    """Draw skills (people x aspects) around ``level``.

    Each has a personal and an aspect deviation, plus the
    newcomer's profile (theory ahead of practice) where ``newcomer``.
    """
    n = len(level)
    sd = model.params.population.skill_sd
    person = model.rng.normal(0, sd, n)
    profile = np.array(model.aspect_set.newcomer_offset)  # theory ahead of practice (眼高手低, 纸上谈兵)
    aspect = model.rng.normal(0, sd / 2, (n, len(profile)))
    offset = np.where(np.asarray(newcomer)[..., None], profile, 0.0)
    return np.clip(level[:, None] + person[:, None] + aspect + offset, 0.0, 1.0)


def hire(model: CadreModel, n: int, **columns: np.ndarray | int) -> np.ndarray:
    """Add ``n`` cadres (unit, field, ability, teaching, motivation drawn here); their agents are made when looked for."""
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
    model.pop.rank_month[idx] = model.pop.hire_month[idx]  # staff from hire
    return idx


def intake(model: CadreModel) -> int:
    """The year's newcomers, in the intake month: cadres, and the village kinds; returns how many."""
    fl, mp = model.params.flows, model.params.mentees
    n = intake_size(model)
    graduates = int(round(n * mp.selected_graduate_share))
    total = _arrive(model, n - graduates, Kind.RECRUIT, model.params.population.skill_young, fl.intake_age)
    total += _arrive(model, graduates, Kind.SELECTED_GRADUATE, mp.selected_graduate_skill, fl.intake_age)
    year, _ = date_of(model.params.run, model.steps)
    youths = mp.village_youth_per_year if year >= mp.village_youth_from_year else 0
    total += _arrive(model, youths, Kind.VILLAGE_YOUTH, mp.village_youth_skill, 28.0)
    total += _arrive(model, mp.wealth_leader_per_year, Kind.WEALTH_LEADER, mp.wealth_leader_skill, 35.0)
    if (year - mp.election_year) % mp.election_every_years == 0:
        total += _arrive(model, mp.village_member_per_election, Kind.VILLAGE_MEMBER, mp.village_member_skill, 32.0)
    return total


def _arrive(model: CadreModel, n: int, kind: Kind, skill_level: float, mean_age: float) -> int:
    """``n`` newcomers of ``kind``; ages spread around ``mean_age``, 18 to under 35 for cadres."""
    if n <= 0:
        return 0
    high = 34.9 if kind in (Kind.RECRUIT, Kind.SELECTED_GRADUATE) else 55.0
    age = np.floor((mean_age + model.rng.normal(0, 1.5, n)).clip(18, high) * 12)
    skill = draw_skill(model, np.full(n, skill_level), newcomer=True)
    until = model.steps + window_months(model.params, kind)
    party = np.zeros(n, dtype=bool)
    idx = hire(
        model, n, age_months=age, hire_month=model.steps, stage=Stage.YOUNG, skill=skill, kind=kind,
        mentee_until=until, party=party,
    )  # fmt: skip
    model.events.add(model.steps, "hired", idx, detail=kind.code)
    return n


def age_and_exit(model: CadreModel) -> int:
    """A month older; attrition and retirement end pairs and posts; the old step back. Returns exits.

    Only the cadres in post are read, but a chance is drawn for every cadre ever hired, read by id
    (the order of draws the run has always had, so that a seed gives the same people leaving).
    """
    pop, fl = model.pop, model.params.flows
    live = pop.in_post
    draw = model.rng.random(pop.ever)[pop.cadre_id[live]]
    age = pop.age_months[live] + 1
    pop.age_months[live] = age
    kind, stage = pop.kind[live].astype(np.intp), pop.stage[live]
    village = IS_VILLAGE[kind]
    # a cadre's hazard is by stage, a villager's by kind: one look-up in a table of kinds x stages
    table = np.where(IS_VILLAGE[:, None], model.kind_hazard[:, None], model.exit_hazard[None, :])
    hazard = table.ravel()[kind * table.shape[1] + stage]
    done = village & (pop.mentee_until[live] <= model.steps)  # followed while mentees only
    gone = (draw < hazard) | (age >= fl.retirement_age * 12) | done
    leaving = live[gone]
    if len(leaving):
        model.pairs.end_for(model, leaving, "exit")
        model.collectives.release(model, leaving)
        pop.in_pool[leaving] = False
        pop.leave(leaving)
        pop.stage[leaving] = Stage.EXITED
        pop.exit_month[leaving] = model.steps
        model.roll.release(model, leaving)
        model.events.add(model.steps, "exit", leaving)
    # the rest, as read above: leaving changed nobody else's age, stage or kind
    stepping_back = live[~gone & (age >= fl.second_line_age * 12) & (stage != Stage.SECOND_LINE) & ~village]
    if len(stepping_back):
        pop.stage[stepping_back] = Stage.SECOND_LINE
        model.events.add(model.steps, "second_line", stepping_back)
    return len(leaving)


def transitions(model: CadreModel, mean_skill: np.ndarray | None = None) -> None:
    """Competence, recognition as backbones (``sim.model.recognition``), and the end of the mentee window.

    A learner is competent when the mean skill reaches ``growth.competence_threshold`` (its month is
    recorded); the unit recognises competent cadres as backbones (骨干) by ``growth.recognition``: at
    competence by default, up to ``growth.backbone_quota`` of the establishment when set, the most
    skilled first. With ``pairing.end_at_competence`` the pair ends and the mentee window closes at
    competence (徒成); by default with a quota, at recognition, as it always has.

    Args:
        model: the model, after this month's growth.
        mean_skill: every row's mean skill now (``pop.mean_skill()``), if already computed.
    """
    pop, month, g = model.pop, model.steps, model.params.growth
    skill = pop.mean_skill() if mean_skill is None else mean_skill
    live = pop.in_post
    stage = pop.stage[live]
    is_young = stage == Stage.YOUNG
    learning = live[is_young | (stage == Stage.INDEPENDENT)]
    competent = learning[at_least(skill[learning], g.competence_threshold)]
    first = competent[pop.competent_month[competent] < 0]
    pop.competent_month[first] = month
    recognised = recognise(model, competent, skill)
    at_recognition = closes_at_recognition(model)
    if len(recognised):
        pop.stage[recognised] = Stage.BACKBONE
        pop.backbone_month[recognised] = month
        model.cum_backbones += len(recognised)
        cadres = IS_ESTABLISHMENT[pop.kind[recognised]]
        mentored = pop.first_mentor[recognised] >= 0
        model.cum_backbones_mentored += int(np.count_nonzero(cadres & mentored))
        model.cum_backbones_mentored_all += int(np.count_nonzero(mentored))
        model.events.add(month, "backbone", recognised)
    closing = recognised if at_recognition else first
    if len(closing) and model.params.pairing.end_at_competence:  # the mentee window closes (徒成)
        model.pairs.end_for(model, closing, "competent", as_mentor=False)
        pop.mentee_until[closing] = np.minimum(pop.mentee_until[closing], month)
    young = live[is_young]
    young = young[pop.stage[young] == Stage.YOUNG]  # the young less those who became backbones above
    pop.stage[young[pop.mentee_until[young] <= month]] = Stage.INDEPENDENT


MECHANISM = declare(Mechanism(
    "flows", __name__, sections=("population", "flows"),
    columns=("stage", "alive", "age_months", "hire_month", "exit_month", "unit", "field", "cadre_id", "backbone_month", "competent_month"),
    steps=("intake", "exits", "transitions"),
    series=("headcount", *(f"n_{s.code}" for s in LIVE_STAGES), "cum_backbones", "cum_backbones_mentored", "cum_backbones_mentored_all", "intake", "exits"),
    outcomes=("backbones", "backbones_mentored", "final_headcount"),
    events=("hired", "exit", "second_line", "backbone"), words=("career stage",),
))  # fmt: skip

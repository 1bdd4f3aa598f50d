"""The starting county from its own roster (``sim.params.roster.Roster``) instead of drawn shares.

Each row becomes a cadre at month 0: age from the birth year and hire month from the year of
joining (both taken at mid-year, so a cadre born in 1985 is 19 in April 2004), the unit and field
named, the rank given (else drawn as for a drawn county when careers are on), the stage given or
worked out (second line from ``flows.second_line_age``, young within the mentee window, else
independent, and a backbone when the drawn skill is past the competence threshold, as for a
drawn county). Skills, ability, teaching and motivation are drawn as for any cadre: a roster does
not hold them. The founding pool is every mentor the roster names (stage mentor, or someone's
current mentor), or, when it names none, the scenario's ``initial_pool_size`` chosen as usual;
current mentor-mentee pairs start at month 0.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model import flows, pool
from sim.model.careers import Rank
from sim.model.decisions import aspect_mean, at_least, order
from sim.model.kinds import Kind
from sim.model.matching.base import draw_quality
from sim.model.programme import units_in
from sim.model.stages import Stage

if TYPE_CHECKING:
    from sim.model.model import CadreModel
    from sim.params.roster import Roster


def _stages(model: CadreModel, roster: Roster, age_years: np.ndarray, tenure_months: np.ndarray) -> np.ndarray:
    """The stage of each row: as given, else from age and service; named mentors at backbone level."""
    fl = model.params.flows
    worked_out = np.where(
        age_years >= fl.second_line_age,
        Stage.SECOND_LINE,
        np.where(tenure_months < fl.mentee_window_years * 12, Stage.YOUNG, Stage.INDEPENDENT),
    )
    stage = np.where(roster.stage >= 0, roster.stage, worked_out).astype(np.int8)
    mentors = np.zeros(len(roster), dtype=bool)
    mentors[roster.mentors()] = True
    stage[mentors & (stage != Stage.SECOND_LINE)] = Stage.BACKBONE  # the pool turns them into mentors
    return stage


def roster_population(model: CadreModel, roster: Roster) -> None:
    """The county at month 0 from ``roster``: cadres, ranks, the founding pool and current pairs."""
    pp, fl, rng = model.params.population, model.params.flows, model.rng
    run = model.params.run
    n = len(roster)
    now = run.start_year * 12 + run.start_month - 1
    age_months = now - (roster.birth_year * 12 + 6)
    hire_month = np.minimum(roster.hire_year * 12 + 6 - now, 0)
    stage = _stages(model, roster, age_months / 12.0, -hire_month)
    level = np.select(
        [stage == Stage.YOUNG, stage == Stage.INDEPENDENT, stage == Stage.BACKBONE],
        [pp.skill_young, pp.skill_independent, pp.skill_backbone],
        pp.skill_second_line,
    )
    skill = flows.draw_skill(model, level, newcomer=stage == Stage.YOUNG)
    learning = (stage == Stage.YOUNG) | (stage == Stage.INDEPENDENT)
    stage[learning & at_least(aspect_mean(skill), model.params.growth.competence_threshold)] = Stage.BACKBONE
    window = int(round(fl.mentee_window_years * 12))
    mentee = roster.mentor >= 0
    mentee_until = np.where(stage == Stage.YOUNG, hire_month + window, -1)
    mentee_until = np.where(
        mentee, np.maximum(hire_month + window, 12), mentee_until
    )  # a current mentee: a year at least
    graduate = (stage == Stage.YOUNG) & (rng.random(n) < model.params.mentees.selected_graduate_share)
    kind = np.where(roster.kind >= 0, roster.kind, np.where(graduate, Kind.SELECTED_GRADUATE, Kind.RECRUIT))
    idx = flows.hire(
        model, n, age_months=age_months, hire_month=hire_month, stage=stage, skill=skill, mentee_until=mentee_until,
        party=rng.random(n) < model.params.party.initial_member_share, kind=kind,
    )  # fmt: skip
    pop = model.pop
    pop.unit[idx] = roster.unit
    pop.unit_names = roster.unit_names
    named = roster.field >= 0
    pop.field[idx[named]] = roster.field[named] % max(pp.fields, 1)
    if roster.has_rank:
        pop.rank[idx] = np.where(roster.rank >= 0, roster.rank, Rank.STAFF)
        above = idx[pop.rank[idx] > Rank.STAFF]
        pop.rank_month[above] = -np.floor(rng.random(len(above)) * 36).astype(np.int32)
    elif model.params.careers.enabled:
        flows.initial_ranks(model, idx)
    founders = idx[roster.mentors()]
    if len(founders) == 0:  # the roster names no mentor: the scenario's founding pool, chosen as usual
        candidates = idx[(stage == Stage.SECOND_LINE) | (stage == Stage.BACKBONE)]
        candidates = candidates[units_in(model, candidates)]
        seen = aspect_mean(pop.skill[candidates]) + rng.normal(0, 0.05, len(candidates))
        founders = candidates[order(seen, descending=True)[: min(pp.initial_pool_size, len(candidates))]]
    pool.enter(model, founders, founding=True)
    mentees = np.flatnonzero(mentee)
    model.pairs.add(
        model, idx[roster.mentor[mentees]], idx[mentees], draw_quality(rng, model.params.pairing, len(mentees))
    )

"""Cohorts of the mean-field model: who arrives when, at what age, with what spread of skill.

A cohort is a group that shares a month of hire (or, at the start, a stage and a tenure), a kind
and a skill distribution. Its expected counts are held by age in months and state; its skill
distribution by a grid of *types*: equal-weight quantile nodes of the starting mean skill (normal)
times equal-weight quantile nodes of the learning ability (log-normal, capped at 3), each type
following its own deterministic expected skill trajectory. The share of a cohort's learners past
the competence threshold is read off the types (``sim.meanfield.model``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.stats import norm

from sim.model.aspects import ASPECT_SETS
from sim.model.kinds import VILLAGE_KINDS, Kind
from sim.params.schema import Scenario

# internal states of a cohort's members (stage counts: young, independent, backbone,
# mentor = MENTOR, second line = SECOND + POOL_SECOND)
YOUNG, INDEPENDENT, BACKBONE, MENTOR, SECOND, POOL_SECOND = range(6)
STATES = 6
SKILL_NODES = 96  # quantile nodes of the starting skill
ABILITY_NODES = 12  # quantile nodes of the learning ability
ABILITY_CAP = 3.0  # as the agent model caps a month's learning


@dataclass
class Cohort:
    """One cohort: kind, month of hire (or tenure at the start), window, counts and skill types.

    Attributes:
        kind: the mentee kind of its members.
        hire: model month of hire (<= 0 at the start).
        until: model month its mentee window closes (-1: never a mentee).
        initial: a starting cohort whose tenure follows age (independent, backbone, second line).
        counts: expected people by state and age in months (states x ages).
        skill: expected mean skill of each type.
        ability: learning ability of each type.
        crossed: share of each type's learners already recognised as backbones (0-1).
        competent: share of each type's learners already competent, followed apart from ``crossed`` under
            ``recognition = "higher_bar"`` (``sim.meanfield.recognition``; empty: the same as ``crossed``).
        motivation: expected mean motivation of its members.
        match: expected contact x field factor of its members' pairs, set when they are first paired.
        left: share of each type's backbones (row 0) and second line (row 1) not taken into the pool.
    """

    kind: Kind
    hire: int
    until: int
    initial: bool
    counts: np.ndarray
    skill: np.ndarray
    ability: np.ndarray
    crossed: np.ndarray = field(default_factory=lambda: np.zeros(0))
    motivation: float = 0.7  # expected mean motivation (lifted by the quarterly talks while mentored)
    match: float = float("nan")  # expected contact x field factor of its pairs (NaN: not paired yet)
    left: np.ndarray = field(default_factory=lambda: np.zeros(0))  # (backbone, second line) x types not yet in the pool
    competent: np.ndarray = field(default_factory=lambda: np.zeros(0))  # types already competent (higher_bar)

    @property
    def village(self) -> bool:
        """A village kind: followed while a mentee only."""
        return self.kind in VILLAGE_KINDS


def ages(params: Scenario) -> int:
    """Number of age bins (months) the model holds: everyone retires at ``retirement_age``."""
    return int(np.ceil(params.flows.retirement_age * 12)) + 2


def skill_sd(params: Scenario) -> float:
    """Spread of a person's mean skill: the personal deviation plus the mean of the aspect deviations."""
    sd = params.population.skill_sd
    aspects = len(ASPECT_SETS[params.methods.aspects].newcomer_offset)
    return float(np.sqrt(sd**2 + (sd / 2) ** 2 / aspects))


def types(params: Scenario, level: float, newcomer: bool) -> tuple[np.ndarray, np.ndarray]:
    """Starting mean skill and ability of each type of a cohort drawn around ``level``.

    The mean over aspects of the clipped draws is taken as normal, clipping ignored (levels
    0.25-0.8 with a spread of 0.08 reach 0 or 1 with a probability under 1e-4).
    """
    offset = float(np.mean(ASPECT_SETS[params.methods.aspects].newcomer_offset)) if newcomer else 0.0
    q_skill = norm.ppf((np.arange(SKILL_NODES) + 0.5) / SKILL_NODES)
    q_ability = norm.ppf((np.arange(ABILITY_NODES) + 0.5) / ABILITY_NODES)
    sd_a = params.growth.ability_sd
    skill = level + offset + skill_sd(params) * q_skill
    ability = np.minimum(np.exp(-(sd_a**2) / 2 + sd_a * q_ability), ABILITY_CAP)
    s, a = np.meshgrid(skill, ability, indexing="ij")
    return s.ravel(), a.ravel()


def uniform_months(low_years: float, high_years: float, size: int) -> np.ndarray:
    """Share of people in each age bin (months) when age in years is uniform on [low, high)."""
    lo, hi = low_years * 12, high_years * 12
    edges = np.arange(size + 1, dtype=float)
    overlap = np.clip(np.minimum(edges[1:], hi) - np.maximum(edges[:-1], lo), 0, None)
    return overlap / overlap.sum()


def newcomer_ages(mean_years: float, high_years: float, size: int) -> np.ndarray:
    """Share in each age bin of newcomers aged ``mean + N(0, 1.5)`` years, clipped to [18, high]."""
    edges = np.arange(size + 1, dtype=float) / 12.0
    cdf = norm.cdf((np.clip(edges, 18.0, high_years + 1e-9) - mean_years) / 1.5)
    share = np.diff(cdf)
    low_bin, high_bin = int(np.floor(18.0 * 12)), int(np.floor(high_years * 12))
    share[low_bin] += norm.cdf((18.0 - mean_years) / 1.5)
    share[high_bin] += norm.sf((high_years - mean_years) / 1.5)
    share[:low_bin] = 0.0
    share[high_bin + 1 :] = 0.0
    return share / share.sum()


def window_months(params: Scenario, kind: Kind) -> int:
    """Months of the mentee window of a newcomer of ``kind`` (as the scenario defines it)."""
    years = (
        params.flows.mentee_window_years
        if kind == Kind.RECRUIT
        else getattr(params.mentees, f"{kind.code}_window_years")
    )
    return int(round(years * 12))


def new_cohort(params: Scenario, kind: Kind, people: float, step: int, level: float, mean_age: float) -> Cohort:
    """A cohort of ``people`` newcomers of ``kind`` hired at ``step`` (stage young)."""
    size = ages(params)
    high = 34.9 if kind in (Kind.RECRUIT, Kind.SELECTED_GRADUATE) else 55.0
    counts = np.zeros((STATES, size))
    counts[YOUNG] = people * newcomer_ages(mean_age, high, size)
    skill, ability = types(params, level, newcomer=True)
    until = step + window_months(params, kind)
    return Cohort(kind, step, until, False, counts, skill, ability, np.zeros(len(skill)))


def initial_cohorts(params: Scenario) -> list[Cohort]:
    """The county at month 0, as the agent model sets it up, in expected counts.

    Stages by share (the remainder to the largest); ages uniform within each stage's band;
    young cadres split by tenure (a young cadre's tenure follows its age, and so does the month
    its window closes), selected graduates among them by share; learners already past the
    threshold are backbones from the start.
    """
    pp, fl, g = params.population, params.flows, params.growth
    n, size = pp.initial_cadres, ages(params)
    shares = np.array([pp.share_young, pp.share_independent, pp.share_backbone, pp.share_second_line])
    people = np.floor(shares * n)
    people[int(np.argmax(shares))] += n - people.sum()
    win, intake_m = fl.mentee_window_years, fl.intake_age
    bands = [
        (intake_m, intake_m + win),
        (intake_m + win, fl.second_line_age),
        (intake_m + win + 2, fl.second_line_age),
        (fl.second_line_age, fl.retirement_age),
    ]
    levels = [pp.skill_young, pp.skill_independent, pp.skill_backbone, pp.skill_second_line]
    states = [YOUNG, INDEPENDENT, BACKBONE, SECOND]
    out: list[Cohort] = []
    window = int(fl.mentee_window_years * 12)
    for k, (state, (lo, hi), level) in enumerate(zip(states, bands, levels, strict=True)):
        spread = people[k] * uniform_months(lo, max(hi, lo + 0.1), size)
        skill, ability = types(params, level, newcomer=state == YOUNG)
        if state != YOUNG:
            counts = np.zeros((STATES, size))
            counts[state] = spread
            crossed = np.ones(len(skill)) if state in (BACKBONE, SECOND) else np.zeros(len(skill))
            out.append(Cohort(Kind.RECRUIT, 0, -1, True, counts, skill, ability, crossed))
            continue
        # young: tenure = floor((age - intake_age) * 12), clipped to the window; window closes at -tenure + window
        tenure = np.clip(np.floor(np.arange(size) + 0.5 - intake_m * 12), 0, window - 1).astype(int)
        graduates = params.mentees.selected_graduate_share
        for t in np.unique(tenure[spread > 0]):
            for kind, part in ((Kind.RECRUIT, 1 - graduates), (Kind.SELECTED_GRADUATE, graduates)):
                if part <= 0:
                    continue
                counts = np.zeros((STATES, size))
                counts[YOUNG] = np.where(tenure == t, spread * part, 0.0)
                out.append(Cohort(kind, -int(t), window - int(t), False, counts, skill.copy(), ability.copy(),
                                  np.zeros(len(skill))))  # fmt: skip
    for c in out:  # learners at backbone level are backbones from the start
        if c.counts[YOUNG].sum() + c.counts[INDEPENDENT].sum() == 0:
            continue
        past = c.skill >= g.competence_threshold
        share = past.mean()
        c.crossed = past.astype(float)
        c.counts[BACKBONE] += share * (c.counts[YOUNG] + c.counts[INDEPENDENT])
        c.counts[YOUNG] *= 1 - share
        c.counts[INDEPENDENT] *= 1 - share
    return out


def covered_share(params: Scenario) -> float:
    """Share of units in the pilot townships (units are spread over townships as unit mod townships)."""
    pilot, towns, units = params.programme.pilot_townships, params.establishment.townships, params.population.units
    if not pilot:
        return 1.0
    return float(np.count_nonzero(np.arange(units) % towns < pilot) / units)


def found_pool(params: Scenario, cohorts: list[Cohort]) -> tuple[float, float]:
    """Seat the founding mentors: the best seen (skill + N(0, 0.05)) of backbones and veterans.

    Returns the founders' expected mean skill and learning ability. The founders are the top of the mixture of every
    cohort's backbone and second-line types, found by bisection on the cut of the seen skill;
    each cohort gives founders in proportion to its expected count above the cut (from all its
    ages alike).
    """
    k = params.population.initial_pool_size
    cover = covered_share(params)
    groups = [(c, state) for c in cohorts for state in (BACKBONE, SECOND) if c.counts[state].sum() > 0]
    if k <= 0 or not groups:
        return params.pool.entry_skill, 1.0
    mass = [cover * c.counts[state].sum() for c, state in groups]
    total = sum(mass)
    k = min(float(k), total)

    def above(cut: float) -> list[np.ndarray]:
        return [norm.sf((cut - c.skill) / 0.05) for c, _ in groups]

    lo, hi = 0.0, 2.0
    for _ in range(60):
        mid = (lo + hi) / 2
        got = sum(m * p.mean() for m, p in zip(mass, above(mid), strict=True))
        lo, hi = (mid, hi) if got > k else (lo, mid)
    shares = above(lo)
    skill_sum = ability_sum = 0.0
    for (c, state), m, p in zip(groups, mass, shares, strict=True):
        taken = m * p.mean()
        skill_sum += m * float(np.mean(p * c.skill))
        ability_sum += m * float(np.mean(p * c.ability))
        frac = taken / c.counts[state].sum()
        target = MENTOR if state == BACKBONE else POOL_SECOND
        c.counts[target] += frac * c.counts[state]
        c.counts[state] *= 1 - frac
    return skill_sum / k, ability_sum / k

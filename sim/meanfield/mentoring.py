"""Mentoring in the mean-field model: the expected pull of a pair, and the pool's year end.

The pull of one pair (``expected_pull``): mentoring rate x mean relationship quality x the mentors
per mentee with diminishing returns; the method effect and the hours the mix needs at the mentee's
skill, as the methods' tables give them; times, per month and cohort (``sim.meanfield.model``), the
contact x field factor of the matching rule given the free places (``match_factor``, set when a
cohort is first paired), the pool's mean teaching and motivation, the cohort's motivation (lifted
by the quarterly talks) and each type's persistent share of the pull (``luck``). The pool at year
end, in expected numbers: the review's removals (with the teaching and motivation they take,
``selected``) and the negative list, the gold awards, then the admissions (the willing, or as many
as the demand needs, the most skilled first).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy.stats import norm

from sim.meanfield import cohorts as co
from sim.meanfield import laws, recognition
from sim.model.aspects import ASPECT_SETS
from sim.model.kinds import Kind
from sim.model.methods import CENTRE, HOURS, WIDTH
from sim.params.schema import Scenario

if TYPE_CHECKING:
    from sim.meanfield.model import MeanField


# matching rules whose contact and field shares the mean-field models (``match_factor``)
MODELLED_RULES = ("random", "organisation", "nearby", "similar_field")
LUCK_SEED = 22  # the fixed order of the luck nodes over the skill nodes (``luck``)


@dataclass
class Pull:
    """The constant part of the expected monthly mentoring pull of one pair."""

    rate: float  # mentoring_rate x quality x mentors (contact, field, teaching, motivations: per month and cohort)
    effect: np.ndarray  # methods x aspects
    fixed: np.ndarray | None  # the fixed mix's weights (None: scaffolded)

    def at(self, skill: np.ndarray, hours_share: float, scale: float = 1.0) -> np.ndarray:
        """Share of the gap to the mentor closed this month at mean ``skill`` (ability 1; ``scale``: the other factors)."""
        z = (skill[..., None] - CENTRE) / WIDTH
        fit = np.exp(-0.5 * z * z)
        weights = fit / fit.sum(axis=-1, keepdims=True) if self.fixed is None else self.fixed
        effect = ((weights * fit) @ self.effect).mean(axis=-1)
        needed = (weights * np.ones_like(fit)) @ HOURS
        attention = np.minimum(needed, hours_share) / needed
        return np.clip(self.rate * scale * attention * effect, 0.0, 0.5)


def expected_pull(params: Scenario) -> Pull:
    """The pull's constant factors at their means: rate, relationship quality, several mentors."""
    p, g, m = params.pairing, params.growth, params.methods
    k = p.mentors_per_mentee
    rate = g.mentoring_rate * quality_mean(params) * k ** (1 - g.multi_mentor_exponent)
    fixed = None if m.mix == "scaffolded" else np.array(m.weights()) / sum(m.weights())
    return Pull(rate, ASPECT_SETS[m.aspects].effect_table(), fixed)


def luck(params: Scenario, match_variance: float, match_mean: float) -> np.ndarray:
    """Each skill type's persistent share of the mean pull (mean 1): its mentor and pair, drawn once.

    A mentee keeps its mentor's teaching and motivation, its pair's quality and contact x field,
    and its own motivation for the whole pairing: a spread of the pull between mentees of
    coefficient of variation ``sqrt(CV_teaching^2 + CV_quality^2 + CV_motivation^2 (1 + t) + CV_match^2)``,
    taken as log-normal (``t``: the mean over the pairing's quarters of ``(1 - talk gain)^(2 q)``,
    the mentee's spread of motivation narrowed by the quarterly talks). Its quantile nodes are laid across the skill nodes of each ability node in
    a fixed shuffled order (a Latin hypercube: a third dimension of the types at no extra cost).
    """
    p, g = params.pairing, params.growth
    talks = (1.0 - params.methods.talk_motivation_gain) ** (2 * np.arange(max(p.pairing_months // 3, 1)))
    mentee = motivation_spread(params) ** 2 * float(talks.mean())  # the quarterly talks narrow it as they lift it
    cv2 = np.expm1(g.teaching_sd**2) + (p.quality_sd / p.quality_mean) ** 2 + motivation_spread(params) ** 2 + mentee
    cv2 += match_variance / max(match_mean**2, 1e-9)
    sd = float(np.sqrt(np.log1p(cv2)))
    nodes = np.exp(sd * norm.ppf((np.arange(co.SKILL_NODES) + 0.5) / co.SKILL_NODES) - sd * sd / 2)
    nodes /= nodes.mean()
    order = np.random.default_rng(LUCK_SEED)
    out = np.empty((co.SKILL_NODES, co.ABILITY_NODES))
    for j in range(co.ABILITY_NODES):
        out[:, j] = nodes[order.permutation(co.SKILL_NODES)]
    return out.ravel()  # the types' order: skill nodes x ability nodes


def clipped_mean(mean: float, sd: float, low: float, high: float) -> float:
    """Mean of a normal draw clipped to [low, high] (as the agent model draws quality and motivation)."""
    if sd <= 0:
        return float(np.clip(mean, low, high))
    a, b = (low - mean) / sd, (high - mean) / sd
    inside = mean * (norm.cdf(b) - norm.cdf(a)) + sd * (norm.pdf(a) - norm.pdf(b))
    return float(inside + low * norm.cdf(a) + high * norm.sf(b))


def quality_mean(params: Scenario) -> float:
    """Mean relationship quality of a pair (normal, clipped to 0.05-1)."""
    return clipped_mean(params.pairing.quality_mean, params.pairing.quality_sd, 0.05, 1.0)


def motivation_mean(params: Scenario) -> float:
    """Mean motivation of a newcomer (normal, clipped to 0.05-1)."""
    return clipped_mean(params.growth.motivation_mean, params.growth.motivation_sd, 0.05, 1.0)


def match_factor(params: Scenario, units: float, places: float) -> tuple[float, float]:
    """Expected contact x field factor of a new pair, and its variance over pairs, when ``places`` are free.

    A mentee's free places lie in its unit with probability 1/units and in its field with
    1/fields, independently. ``random`` ignores both; ``nearby`` takes a place in the mentee's
    unit when there is one, ``similar_field`` one in its field; ``organisation`` (the optimal
    assignment of gap x contact x field) takes the best kind of place there is: same unit and
    field, then the better of same field elsewhere (``remote_contact_factor``) and same unit in
    another field (``cross_field_factor``), then neither. ``places`` is the number of places a
    mentee chooses among (the free places less half those the month's other new mentees take).
    """
    p, rule = params.pairing, params.pairing.matching
    c, f = p.remote_contact_factor, p.cross_field_factor
    u, k = 1.0 / max(units, 1.0), 1.0 / params.population.fields
    n = max(places, 1.0)
    kinds = [(1.0, u * k), (c, (1 - u) * k), (f, u * (1 - k)), (c * f, (1 - u) * (1 - k))]  # (factor, share of places)
    if rule == "organisation":
        shares, better = [], 0.0
        for value, share in sorted(kinds, reverse=True):
            shares.append((value, (1 - better) ** n - (1 - better - share) ** n))
            better += share
    else:
        same_unit = 1 - (1 - u) ** n if rule == "nearby" else u
        same_field = 1 - (1 - k) ** n if rule == "similar_field" else k
        shares = [(1.0, same_unit * same_field), (c, (1 - same_unit) * same_field), (f, same_unit * (1 - same_field)),
                  (c * f, (1 - same_unit) * (1 - same_field))]  # fmt: skip
    mean = sum(v * s for v, s in shares)
    return mean, sum(v * v * s for v, s in shares) - mean * mean


def match_new_pairs(mf: MeanField) -> None:
    """The contact x field factor of the cohorts paired for the first time this month (``mentoring.match_factor``).

    Their mentees choose among the pool's free places (its places less those the cohorts
    already paired hold), less half the places this month's new mentees take, in the units
    the programme covers now.
    """
    graduates_apart = mf.leaders_mentor()
    fresh, held, new = [], 0.0, 0.0
    for c in mf.cohorts:
        if graduates_apart and c.kind == Kind.SELECTED_GRADUATE:
            continue
        if c.until > mf.step and mf.step - c.hire < mf.params.pairing.pairing_months:
            people = c.counts[co.YOUNG].sum() * mf.covered() * mf.coverage
            if np.isnan(c.match):
                fresh.append(c)
                new += people
            else:
                held += people
    if not fresh:
        return
    places = max(mf.capacity() - held, 0.0)
    units = mf.params.population.units * mf.covered()
    mean, variance = match_factor(mf.params, units, places - min(new, places) / 2)
    for c in fresh:
        c.match = mean
    mf.match_mean, mf.match_variance = mean, variance


def mentee_skill(mf: MeanField) -> float:
    """Mean skill of the learners in their mentee window (the mentees' side of the gap)."""
    weight = total = 0.0
    for c in mf.cohorts:
        if c.until > mf.step:
            people = float(c.counts[co.YOUNG].sum())
            left = recognition.young_types(mf.params, c)
            if people > 0 and left.sum() > 0:
                weight += people
                total += people * float((left * c.skill).sum() / left.sum())
    return total / weight if weight > 0 else 0.0


def year_end(mf: MeanField) -> None:
    """Review removals and the negative list (expected numbers), gold awards, then this year's admissions.

    The review removes the lowest-scored ``review_removal_share`` of the rated mentors, so it
    removes lower teaching and motivation than the pool's means; the gold awards lift the
    motivation of the top-scored ``gold_share`` (``selected``).
    """
    pp, p = mf.params.pool, mf.params.pairing
    rated = min(mf.pool(), mf.paired() * p.mentors_per_mentee)
    if pp.review_enabled and rated > 0 and pp.review_removal_share > 0:
        removed = pp.review_removal_share * rated
        rho_t, rho_m = review_correlations(mf)
        sd_t, sd_m = teaching_spread(mf.params), motivation_spread(mf.params)
        left = max(mf.pool() - removed, 1e-9)
        low_t = selected(pp.review_removal_share, rho_t * sd_t, lowest=True)
        low_m = selected(pp.review_removal_share, rho_m * sd_m, lowest=True)
        mf.pool_teaching *= (mf.pool() - removed * low_t) / left
        mf.pool_motivation *= (mf.pool() - removed * low_m) / left
        leave_pool(mf, removed)
    if pp.review_enabled:
        leave_pool(mf, pp.negative_list_rate * mf.pool())
    if pp.gold_share > 0 and rated > 0 and mf.pool() > 0:
        _, rho_m = review_correlations(mf)
        top = mf.pool_motivation * selected(pp.gold_share, rho_m * motivation_spread(mf.params), lowest=False)
        gold = min(pp.gold_share * rated, mf.pool())
        mf.pool_motivation += gold * pp.gold_motivation_gain * (1.0 - min(top, 1.0)) / mf.pool()
    admit(mf)


def selected(share: float, loading: float, lowest: bool) -> float:
    """Mean of a trait (relative to its mean) among the lowest (or highest) ``share`` of a noisy score.

    The trait is taken as log-normal with ``loading`` = (correlation of its log with the score) x
    (its log-sd): E[T | score in the tail] / E[T] = Phi(z - loading) / share at the lower tail
    ``z = Phi^-1(share)``, and Phi(loading - z') / share at the upper tail ``z' = Phi^-1(1 - share)``.
    """
    if share <= 0:
        return 1.0
    if lowest:
        return float(norm.cdf(norm.ppf(share) - loading) / share)
    return float(norm.cdf(loading - norm.ppf(1 - share)) / share)


def teaching_spread(params: Scenario) -> float:
    """Log-sd of mentors' teaching effectiveness."""
    return params.growth.teaching_sd


def motivation_spread(params: Scenario) -> float:
    """Relative spread of motivation (sd over mean), taken as a log-sd."""
    g = params.growth
    return g.motivation_sd / max(g.motivation_mean, 1e-9)


def review_correlations(mf: MeanField) -> tuple[float, float]:
    """Correlation of the review's score with a mentor's log teaching and with its log motivation.

    The score is the mentor's real effect this year (its mean pull per pair-month, z-scored) plus
    the mean of two ratings' noise (``rating_noise``). The log of the real effect is a sum of the
    mentor's own parts (teaching, motivation, its skill over the gap) and the parts of each pair
    (quality, the mentee's motivation and ability, the gap, contact x field), the latter averaged
    over the mentor's mentees (the mean load).
    """
    p, g, pp = mf.params.pairing, mf.params.growth, mf.params.pool
    load = max(mf.paired() * p.mentors_per_mentee / max(min(mf.pool(), mf.paired() * p.mentors_per_mentee), 1e-9), 1.0)
    gap = max(mf.pool_skill - mentee_skill(mf), 0.05)
    teaching = np.expm1(g.teaching_sd**2)
    motivation = motivation_spread(mf.params) ** 2
    match = mf.match_variance / max(mf.match_mean**2, 1e-9)
    pair = (p.quality_sd / p.quality_mean) ** 2 + motivation + np.expm1(g.ability_sd**2) + match
    pair += (co.skill_sd(mf.params) / gap) ** 2
    total = teaching + motivation + pair / load
    reliability = 1.0 / np.sqrt(1.0 + pp.rating_noise**2 / 2)
    return float(reliability * np.sqrt(teaching / total)), float(reliability * np.sqrt(motivation / total))


def leave_pool(mf: MeanField, people: float) -> None:
    """``people`` members leave the pool (in proportion): front-line ones become backbones again.

    Under ``tacit_ceiling`` they bring their skill types back (``Cohort.left`` restored in
    proportion), so the later admissions find them above ``entry_skill`` again as the agent model
    does: there many backbones sit just below the entry bar and the returning members are most of
    those above it. Under ``gap_closing`` nearly every backbone is above it, and it is left as it was.
    """
    total = mf.pool()
    if people <= 0 or total <= 0:
        return
    f = min(people / total, 1.0)
    types_back = mf.params.growth.law == laws.TACIT
    for c in mf.cohorts:
        if types_back and c.left.size:
            for row, state in enumerate((co.MENTOR, co.POOL_SECOND)):
                if c.counts[state].sum() > 0:
                    c.left[row] += f * (1.0 - c.left[row])
        c.counts[co.BACKBONE] += f * c.counts[co.MENTOR]
        c.counts[co.SECOND] += f * c.counts[co.POOL_SECOND]
        c.counts[co.MENTOR] *= 1 - f
        c.counts[co.POOL_SECOND] *= 1 - f


def admit(mf: MeanField) -> None:
    """Eligible backbones and veterans enter the pool: the willing, or as many as the demand needs, the best first.

    Each cohort's eligible backbones are spread over its skill types in proportion to the types
    already past the threshold, its second line over all its types, less the types' people already
    taken into the pool (``Cohort.left``); the willing are
    ``entry_willingness`` of them. Under ``admission = "demand"`` the places go to the most skilled
    of the willing (a cut on the types' skill, as the agent model admits the best first); the
    entrants bring their types' skill and ability, their cohort's motivation and a mean teaching of 1.
    """
    pp = mf.params.pool
    entry = pp.entry_skill
    groups: list[tuple[co.Cohort, int, float, int, np.ndarray]] = []
    skill: list[np.ndarray] = []
    ability: list[np.ndarray] = []
    mass: list[np.ndarray] = []
    for c in mf.cohorts:
        if c.village:
            continue
        ok = tenure(mf, c) >= pp.entry_min_tenure_years * 12
        above = c.skill >= entry
        if c.left.size == 0:
            c.left = np.ones((2, len(c.skill)))
        for row, (state, base) in enumerate(((co.BACKBONE, c.crossed), (co.SECOND, np.ones(len(c.skill))))):
            spread = base * c.left[row]
            people = float((c.counts[state] * ok).sum()) * pp.entry_willingness * mf.covered()
            if people <= 0 or spread.sum() <= 0 or not above.any():
                continue
            weights = spread * above / spread.sum()
            groups.append((c, state, float((c.counts[state] * ok).sum()), row, spread / spread.sum()))
            skill.append(c.skill)
            ability.append(c.ability)
            mass.append(people * weights)
    if not groups:
        return
    skill_all, ability_all, mass_all = np.concatenate(skill), np.concatenate(ability), np.concatenate(mass)
    willing = float(mass_all.sum())
    room = willing
    if pp.pool_cap:
        room = min(room, max(pp.pool_cap - mf.pool(), 0.0))
    if pp.admission == "demand":
        room = min(room, mentors_needed(mf))
    if room <= 0 or willing <= 0:
        return
    taken = mass_all * (room / willing)
    if pp.admission == "demand" and room < willing:  # the best of the willing first
        best = np.argsort(-skill_all, kind="stable")
        before = np.cumsum(mass_all[best]) - mass_all[best]
        taken = np.zeros_like(mass_all)
        taken[best] = np.clip(room - before, 0.0, mass_all[best])
    sizes = [len(x) for x in mass]
    parts = np.split(taken, np.cumsum(sizes)[:-1])
    before_pool = mf.pool()
    motivation_in = 0.0
    for (c, state, people, row, share), part in zip(groups, parts, strict=True):
        f = min(float(part.sum()) / people, 1.0)
        by_type = c.counts[state].sum() * share  # the state's people of each type: the entrants' types are used up
        c.left[row] *= 1.0 - np.divide(part, by_type, out=np.zeros_like(part), where=by_type > 0).clip(0.0, 1.0)
        ok = tenure(mf, c) >= pp.entry_min_tenure_years * 12
        moved = f * c.counts[state] * ok
        c.counts[co.MENTOR if state == co.BACKBONE else co.POOL_SECOND] += moved
        c.counts[state] -= moved
        motivation_in += float(part.sum()) * c.motivation
    entered = float(taken.sum())
    mix = before_pool / (before_pool + entered)
    mf.pool_skill = mix * mf.pool_skill + (1 - mix) * float(taken @ skill_all) / entered
    mf.pool_ability = mix * mf.pool_ability + (1 - mix) * float(taken @ ability_all) / entered
    mf.pool_motivation = mix * mf.pool_motivation + (1 - mix) * motivation_in / entered
    mf.pool_teaching = mix * mf.pool_teaching + (1 - mix) * 1.0


def tenure(mf: MeanField, c: co.Cohort) -> np.ndarray:
    """Months of service of cohort ``c`` at each age now (a starting cohort's follows age)."""
    fl = mf.params.flows
    if not c.initial:
        return np.full(mf.size, float(mf.step - c.hire))
    age0 = np.arange(mf.size) - mf.step
    return np.maximum(np.floor(age0 + 0.5 - fl.intake_age * 12), int(fl.mentee_window_years * 12)) + mf.step


def mentors_needed(mf: MeanField) -> float:
    """Mentors the pool lacks: the waiting mentees and a year's newcomers beyond the free places."""
    p = mf.params.pairing
    need = p.mentors_per_mentee
    waiting = mf.mentees_waiting()
    unpaired = max(sum(waiting.values()) - mf.paired(), 0.0)  # the newly covered wait too
    newest = max((c.hire for c in mf.cohorts if c.hire > 0), default=None)
    newcomers = sum(c.counts.sum() for c in mf.cohorts if c.hire == newest) * mf.covered() if newest else 0.0
    wanted = (unpaired + newcomers) * need
    free = mf.capacity() * need - mf.paired() * need
    # pairs due within a year: formed while last month's units were covered (the pilot's, on the county-wide day)
    paired_cover = mf.cover if mf.step - 1 < mf.county_wide_step() else 1.0
    due = sum(c.counts[co.YOUNG].sum() * paired_cover for c in mf.cohorts if 0 <= c.until - mf.step <= 12)
    free += due * mf.coverage * need
    return max(float(np.ceil((wanted - free) / p.mentees_per_mentor)), 0.0)


# --- what is measured ---------------------------------------------------------------------

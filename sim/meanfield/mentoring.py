"""Mentoring in the mean-field model: the expected pull of a pair, and the pool's year end.

The pull of one pair at its means (``expected_pull``): mentoring rate x mean relationship quality
x the contact and field factors at their shares under random matching x mean motivations (teaching
effect: mean 1) x the mentors per mentee with diminishing returns; the method effect and the hours
the mix needs at the mentee's skill, as the methods' tables give them. The pool at year end, in
expected numbers: the review's removals and the negative list in proportion over members, then the
admissions (the willing, or as many as the demand needs), in proportion over the eligible.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.meanfield import cohorts as co
from sim.model.aspects import ASPECT_SETS
from sim.model.methods import CENTRE, HOURS, WIDTH
from sim.params.schema import Scenario

if TYPE_CHECKING:
    from sim.meanfield.model import MeanField


@dataclass
class Pull:
    """The constant part of the expected monthly mentoring pull of one pair."""

    rate: float  # mentoring_rate x quality x contact x field x teaching x motivations x mentors
    effect: np.ndarray  # methods x aspects
    fixed: np.ndarray | None  # the fixed mix's weights (None: scaffolded)

    def at(self, skill: np.ndarray, hours_share: float) -> np.ndarray:
        """Share of the gap to the mentor closed this month at mean ``skill`` (ability 1)."""
        z = (skill[..., None] - CENTRE) / WIDTH
        fit = np.exp(-0.5 * z * z)
        weights = fit / fit.sum(axis=-1, keepdims=True) if self.fixed is None else self.fixed
        effect = ((weights * fit) @ self.effect).mean(axis=-1)
        needed = (weights * np.ones_like(fit)) @ HOURS
        attention = np.minimum(needed, hours_share) / needed
        return np.clip(self.rate * attention * effect, 0.0, 0.5)


def expected_pull(params: Scenario) -> Pull:
    """The pull's constant factors at their means (random matching's contact and field shares)."""
    p, g, m = params.pairing, params.growth, params.methods
    units, fields = params.population.units, params.population.fields
    contact = 1 / units + (1 - 1 / units) * p.remote_contact_factor
    same_field = 1 / fields + (1 - 1 / fields) * p.cross_field_factor
    k = p.mentors_per_mentee
    rate = (
        g.mentoring_rate
        * p.quality_mean
        * contact
        * same_field
        * g.motivation_mean**2
        * k ** (1 - g.multi_mentor_exponent)
    )
    fixed = None if m.mix == "scaffolded" else np.array(m.weights()) / sum(m.weights())
    return Pull(rate, ASPECT_SETS[m.aspects].effect_table(), fixed)


def year_end(mf: MeanField) -> None:
    """Review removals and the negative list (expected numbers), then this year's admissions."""
    pp, p = mf.params.pool, mf.params.pairing
    if pp.review_enabled:
        rated = min(mf.pool(), mf.paired() * p.mentors_per_mentee)
        leave_pool(mf, pp.review_removal_share * rated)
        leave_pool(mf, pp.negative_list_rate * mf.pool())
    admit(mf)


def leave_pool(mf: MeanField, people: float) -> None:
    """``people`` members leave the pool (in proportion): front-line ones become backbones again."""
    total = mf.pool()
    if people <= 0 or total <= 0:
        return
    f = min(people / total, 1.0)
    for c in mf.cohorts:
        c.counts[co.BACKBONE] += f * c.counts[co.MENTOR]
        c.counts[co.SECOND] += f * c.counts[co.POOL_SECOND]
        c.counts[co.MENTOR] *= 1 - f
        c.counts[co.POOL_SECOND] *= 1 - f


def admit(mf: MeanField) -> None:
    """Eligible backbones and veterans enter the pool: the willing, or as many as the demand needs."""
    pp = mf.params.pool
    entry = pp.entry_skill
    eligible = []
    for c in mf.cohorts:
        if c.village:
            continue
        served = tenure(mf, c)
        ok = served >= pp.entry_min_tenure_years * 12
        w_b = c.crossed * (c.skill >= entry)
        share_b = w_b.sum() / c.crossed.sum() if c.crossed.sum() > 0 else 0.0
        share_s = float((c.skill >= entry).mean())
        for state, share in ((co.BACKBONE, share_b), (co.SECOND, share_s)):
            mass = c.counts[state] * ok * share * pp.entry_willingness * mf.covered()
            if mass.sum() > 0:
                eligible.append((c, state, mass, float(c.skill[c.skill >= entry].mean())))
    willing = sum(m.sum() for _, _, m, _ in eligible)
    room = willing
    if pp.pool_cap:
        room = min(room, max(pp.pool_cap - mf.pool(), 0.0))
    if pp.admission == "demand":
        room = min(room, mentors_needed(mf))
    if room <= 0 or willing <= 0:
        return
    f = room / willing
    before = mf.pool()
    skill_in = sum(m.sum() * s for _, _, m, s in eligible) / willing
    for c, state, mass, _ in eligible:
        c.counts[co.MENTOR if state == co.BACKBONE else co.POOL_SECOND] += f * mass
        c.counts[state] -= f * mass
    mf.pool_skill = (before * mf.pool_skill + room * skill_in) / (before + room)


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
    due = sum(c.counts[co.YOUNG].sum() * mf.covered() for c in mf.cohorts if 0 <= c.until - mf.step <= 12)
    free += due * mf.coverage * need
    return max(float(np.ceil((wanted - free) / p.mentees_per_mentor)), 0.0)


# --- what is measured ---------------------------------------------------------------------

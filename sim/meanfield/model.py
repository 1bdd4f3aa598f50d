"""The mean-field model: expected counts month by month, from the scenario alone.

A difference-equation (Markov chain on expected counts) version of the agent model's flows, in
the month order of ``sim.model.model``; it reads the validated ``Scenario`` and the model's
vocabularies and tables (stages, kinds, ranks, the methods' and aspects' constants), never the
agent model's update functions. Each month:

1. intake in the intake month: a new cohort per kind (fixed number, or the establishment's posts
   less the expected headcount, capped; selected graduates by share; village kinds);
2. a month older; exit by the monthly hazard of each stage (of each kind for village kinds),
   retirement at ``retirement_age``, village mentees at the end of their window (and, with
   ``end_at_competence``, the month after they become backbones); the second line at
   ``second_line_age``;
3. pairing while the programme runs: the pool's capacity against the mentees in their window in
   covered units gives the coverage, the share of each cohort's learners with a mentor;
4. growth: every skill type of every cohort follows the expected learning curve
   ``s + r a (1 - s) - f s`` plus, for learners, coverage x the expected mentoring pull;
5. transitions: a cohort's learners become backbones in the share of its not-yet-competent types
   whose skill passed the threshold this month (with a quota, only as many as it allows); under
   ``recognition = "higher_bar"`` competent at the threshold (the window closing there with
   ``end_at_competence``) and backbones at the higher bar (``sim.meanfield.recognition``); the
   young become independent when their window closes;
6. year end: promotion (``sim.meanfield.ranks``); the pool's review, negative list and admission
   (the willing, or as many as the demand needs).

Approximations (why the agent model's mean can differ):

- *cohort types*: the starting skill and ability of a cohort are a grid of quantile nodes; a
  learner's exit hazard does not depend on skill (true in the agent model), so a cohort's learners
  are spread over its types in proportion to the types' weights not yet past the threshold;
- *mean pull*: a covered learner gets the expected pull (``sim.meanfield.mentoring``): quality
  at its mean, contact x field of the matching rule given the pool's free places, the pool's mean
  teaching and motivation (the review's selection, the gold awards), the cohort's motivation (the
  quarterly talks), the method effect at the type's skill, the gap to the pool's mean skill, hours
  shared by the mean load, and each type's persistent share of it (a Latin-hypercube node);
  coverage is spread over all learners alike (in the agent model organisation matching gives
  scarce places to the largest gaps, and pairs persist);
- *the pool*: one mean skill, ability, teaching and motivation (founders: the expected top of the
  seen skill; entrants: the most skilled of the willing types, under demand-led admission), growing
  by the growth law at its mean ability and by teaching; admissions, removals and the negative list
  in expected numbers, in proportion over ages; ``review_scope = "all"``, secondment, collectives
  and the one-year bar after removal are left out;
- *growth laws*: ``gap_closing`` and ``tacit_ceiling`` (``sim.meanfield.laws``); recognition
  ``at_competence`` and ``higher_bar`` (``sim.meanfield.recognition``); other variants are refused
  (``sim.meanfield.scope``);
- *ranks*: see ``sim.meanfield.ranks``.

Without mentoring the only approximations that touch the stage counts are the skill grid, the
ages at the start (bins of a month) and the vacancy-led intake taken at the expected headcount,
so the mean of many agent runs agrees closely (``sim.meanfield.check``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.meanfield import cohorts as co
from sim.meanfield import laws, mentoring, recognition
from sim.meanfield.ranks import Ranks
from sim.meanfield.scope import refusal
from sim.model.calendar import date_of, step_of
from sim.model.careers import RANK_CODES
from sim.model.kinds import ESTABLISHMENT_KINDS, KIND_CODES, Kind
from sim.model.stages import LIVE_STAGES
from sim.params.schema import Scenario

LEARNERS = (co.YOUNG, co.INDEPENDENT)


def monthly(p_year: float) -> float:
    """Monthly probability of an annual one: ``1 - (1 - p) ** (1/12)``."""
    return 1.0 - (1.0 - p_year) ** (1.0 / 12.0)


class MeanField:
    """Expected counts of the agent model's stages, pool, mentees by kind and ranks, month by month."""

    def __init__(self, params: Scenario):
        """Set up month 0 (the starting county, the founding pool, the ranks)."""
        problem = refusal(params)  # a variant or matching rule the mean-field does not follow
        if problem:
            raise ValueError(problem)
        self.params = params
        fl, g = params.flows, params.growth
        self.size = co.ages(params)
        self.step = 0
        self.cohorts = co.initial_cohorts(params)
        self.motivation = mentoring.motivation_mean(params)
        for c in self.cohorts:
            c.motivation = self.motivation
        self.cover = co.covered_share(params)
        self.pool_skill, self.pool_ability = co.found_pool(params, self.cohorts)
        self.pool_teaching, self.pool_motivation = 1.0, self.motivation  # the pool's means (review, gold awards)
        self.match_mean, self.match_variance = mentoring.match_factor(params, params.population.units, 1.0)
        self.month_of_year = params.run.start_month
        typical = mentoring.match_factor(params, params.population.units, params.population.units)
        self.luck = mentoring.luck(params, typical[1], typical[0]) if params.pairing.enabled else 1.0
        self.hazard = np.array([monthly(r) for r in (fl.attrition_young, fl.attrition_independent,
                                                     fl.attrition_backbone, fl.attrition_mentor,
                                                     fl.attrition_mentor, fl.attrition_mentor)])  # fmt: skip
        self.pull = mentoring.expected_pull(params)
        self.coverage = 0.0
        self.leader_coverage = 0.0
        self.cum_backbones = 0.0
        self.ranks = self._start_ranks() if params.careers.enabled else None
        self.threshold = g.competence_threshold
        self.rows = [self.measure()]

    # --- set-up -------------------------------------------------------------------------------
    def _start_ranks(self) -> Ranks:
        fl, cp = self.params.flows, self.params.careers
        cap = 12 * int(np.ceil(max(cp.l4_min_years + cp.leader_min_years, cp.county_min_years, cp.l4_min_years))) + 24
        staff = np.zeros((self.size, cap + 1))
        front = np.zeros(self.size)
        total = np.zeros(self.size)
        window = int(fl.mentee_window_years * 12)
        for c in self.cohorts:
            by_age = c.counts.sum(axis=0)
            if c.initial:
                service = np.maximum(np.floor(np.arange(self.size) + 0.5 - fl.intake_age * 12), window)
            else:
                service = np.full(self.size, -c.hire)
            np.add.at(staff, (np.arange(self.size), np.minimum(service, cap).astype(int)), by_age)
            front += by_age - c.counts[co.SECOND] - c.counts[co.POOL_SECOND]
            total += by_age
        return Ranks(self.params, staff, np.divide(front, total, out=np.zeros_like(front), where=total > 0))

    # --- the month ----------------------------------------------------------------------------
    def run(self) -> pd.DataFrame:
        """Every month to the scenario's end; one row a month (month 0 first)."""
        while self.step < self.params.run.months:
            self.month()
        return pd.DataFrame(self.rows)

    def month(self) -> None:
        """One month, in the agent model's order."""
        self.step += 1
        run = self.params.run
        _, month_of_year = date_of(run, self.step)
        self.month_of_year = month_of_year
        if month_of_year == self.params.flows.intake_month:
            self.intake()
        self.age_and_exit()
        running = self.running()
        if running and self.step == self.county_wide_step() and self.step > 1:
            mentoring.admit(self)
        self.pair(running)
        self.grow()
        self.transitions()
        if month_of_year == 12:
            if self.ranks is not None:
                self.ranks.year_end(self.step)
            if running:
                mentoring.year_end(self)
        self.rows.append(self.measure())

    def county_wide_step(self) -> int:
        """The month the programme covers every unit."""
        pr = self.params.programme
        if not pr.pilot_townships or not pr.county_wide_year:
            return 1
        return step_of(self.params.run, pr.county_wide_year, pr.county_wide_month)

    def covered(self) -> float:
        """Share of units the programme covers this month."""
        return self.cover if self.step < self.county_wide_step() else 1.0

    def running(self) -> bool:
        """The programme pairs this month."""
        pr = self.params.programme
        stop = step_of(self.params.run, pr.stop_year, pr.stop_month) if pr.stop_year else None
        return self.params.pairing.enabled and (stop is None or self.step < stop)

    def establishment(self) -> float:
        """Expected cadres in establishment posts."""
        return sum(c.counts.sum() for c in self.cohorts if not c.village)

    def posts(self) -> int:
        """The establishment's posts now."""
        es = self.params.establishment
        base = es.posts or self.params.population.initial_cadres
        return int(np.floor(base * (1.0 + es.growth_per_year) ** (self.step / 12.0) + 1e-9))

    def intake(self) -> None:
        """This year's newcomers: recruits (and selected graduates), and the village kinds."""
        p, es, mp = self.params, self.params.establishment, self.params.mentees
        if es.intake == "fixed":
            n = float(p.flows.intake_per_year)
        else:
            n = max(self.posts() - self.establishment(), 0.0)
            n = min(n, es.max_intake_per_year) if es.max_intake_per_year else n
        graduates = n * mp.selected_graduate_share
        year, _ = date_of(p.run, self.step)
        arrivals = [
            (Kind.RECRUIT, n - graduates, p.population.skill_young, p.flows.intake_age),
            (Kind.SELECTED_GRADUATE, graduates, mp.selected_graduate_skill, p.flows.intake_age),
            (Kind.VILLAGE_YOUTH, mp.village_youth_per_year if year >= mp.village_youth_from_year else 0,
             mp.village_youth_skill, 28.0),
            (Kind.WEALTH_LEADER, mp.wealth_leader_per_year, mp.wealth_leader_skill, 35.0),
            (Kind.VILLAGE_MEMBER, mp.village_member_per_election if (year - mp.election_year) % mp.election_every_years == 0 else 0,
             mp.village_member_skill, 32.0),
        ]  # fmt: skip
        for kind, people, level, age in arrivals:
            if people > 0:
                cohort = co.new_cohort(p, kind, people, self.step, level, age)
                cohort.motivation = self.motivation
                self.cohorts.append(cohort)
                if self.ranks is not None and kind in ESTABLISHMENT_KINDS:
                    self.ranks.hire(cohort.counts[co.YOUNG])

    def age_and_exit(self) -> None:
        """A month older; attrition, retirement, the end of village windows; the second line."""
        fl, now = self.params.flows, self.step
        retire = int(np.ceil(fl.retirement_age * 12))
        back = int(np.ceil(fl.second_line_age * 12))
        kind_hazard = {k: monthly(getattr(self.params.mentees, f"{k.code}_attrition")) for k in co.VILLAGE_KINDS}
        for c in self.cohorts:
            c.counts[:, 1:] = c.counts[:, :-1].copy()
            c.counts[:, 0] = 0.0
        if self.ranks is not None:
            est = [c.counts for c in self.cohorts if not c.village]
            people = sum(x.sum(axis=0) for x in est)
            lost = sum((x * self.hazard[:, None]).sum(axis=0) for x in est)
            self.ranks.month(np.divide(lost, people, out=np.zeros(self.size), where=people > 0), retire)
        for c in self.cohorts:
            if c.village:
                c.counts *= 1.0 - kind_hazard[c.kind]
                if c.until <= now:
                    c.counts[:] = 0.0
                elif self.params.pairing.end_at_competence:
                    c.counts[co.BACKBONE] = 0.0  # a village backbone's window closed last month
            else:
                c.counts *= (1.0 - self.hazard)[:, None]
            c.counts[:, retire:] = 0.0
            if not c.village:
                for state, to in ((co.YOUNG, co.SECOND), (co.INDEPENDENT, co.SECOND), (co.BACKBONE, co.SECOND),
                                  (co.MENTOR, co.POOL_SECOND)):  # fmt: skip
                    c.counts[to, back:] += c.counts[state, back:]
                    c.counts[state, back:] = 0.0
        self.cohorts = [c for c in self.cohorts if c.counts.sum() > 1e-9]

    # --- mentoring ----------------------------------------------------------------------------
    def pool(self) -> float:
        """Expected pool members in post."""
        return sum(c.counts[co.MENTOR].sum() + c.counts[co.POOL_SECOND].sum() for c in self.cohorts)

    def leaders_mentor(self) -> bool:
        """County leaders take the selected graduates."""
        return self.params.careers.enabled and self.params.careers.county_leader_capacity > 0

    def mentees_waiting(self) -> dict[Kind, float]:
        """People in their mentee window in covered units, by kind (learners of the young stage; new leaders)."""
        out = dict.fromkeys(Kind, 0.0)
        for c in self.cohorts:
            if c.until > self.step and self.step - c.hire < self.params.pairing.pairing_months:
                out[c.kind] += c.counts[co.YOUNG].sum() * self.covered()
        window = int(round(self.params.mentees.new_leader_window_years * 12))
        if self.ranks is not None and window > 0:
            out[Kind.NEW_LEADER] = self.ranks.new_leader_mentees(self.step, window, 1 - self.hazard[co.BACKBONE])
        return out

    def capacity(self) -> float:
        """Mentees the pool can take: members x mentees per mentor / mentors per mentee."""
        p = self.params.pairing
        return self.pool() * p.mentees_per_mentor / p.mentors_per_mentee

    def pair(self, running: bool) -> None:
        """This month's coverage: the share of waiting mentees the pool (and county leaders) can take."""
        self.waiting = self.mentees_waiting()
        if not running:
            self.coverage = self.leader_coverage = 0.0
            return
        graduates = self.waiting[Kind.SELECTED_GRADUATE] if self.leaders_mentor() else 0.0
        others = sum(self.waiting.values()) - graduates
        self.coverage = min(1.0, self.capacity() / others) if others > 0 else 0.0
        mentoring.match_new_pairs(self)
        if graduates > 0 and self.ranks is not None:
            places = self.ranks.by_rank()[-1] * self.params.careers.county_leader_capacity
            self.leader_coverage = min(1.0, places / graduates)

    def paired(self) -> float:
        """Expected people with a mentor."""
        return sum(self.mentees_by_kind().values())

    def mentees_by_kind(self, waiting: dict[Kind, float] | None = None) -> dict[Kind, float]:
        """Expected people with a mentor, by kind (``waiting``: those in their window; default: as paired this month)."""
        waiting = getattr(self, "waiting", dict.fromkeys(Kind, 0.0)) if waiting is None else waiting
        out = {k: v * self.coverage for k, v in waiting.items()}
        if self.leaders_mentor():
            out[Kind.SELECTED_GRADUATE] = waiting[Kind.SELECTED_GRADUATE] * self.leader_coverage
        return out

    def grow(self) -> None:
        """A month of learning by doing and forgetting for every type; the mean pull for covered learners."""
        g = self.params.growth
        paired = self.paired()
        mentors = min(self.pool(), paired * self.params.pairing.mentors_per_mentee)
        hours = self.params.pairing.mentor_hours_per_month / max(
            paired * self.params.pairing.mentors_per_mentee / max(mentors, 1e-9), 1.0
        )
        talk = self.params.methods.talk_motivation_gain if self.month_of_year % 3 == 0 else 0.0
        mentor = self.pool_teaching * self.pool_motivation
        for c in self.cohorts:
            learning = laws.alone(g, c.skill, c.ability)
            cov = self.leader_coverage if c.kind == Kind.SELECTED_GRADUATE and self.leaders_mentor() else self.coverage
            if cov > 0 and c.until > self.step and c.counts[co.YOUNG].sum() > 0:
                match = self.match_mean if np.isnan(c.match) else c.match
                scale = match * mentor * c.motivation
                pairs = recognition.young_types(self.params, c) > 0  # the types whose pairs still run
                pull = self.pull.at(c.skill, hours, scale) * self.luck * cov * self.covered() * c.ability * pairs
                learning = laws.mentored(g, learning, c.skill, c.ability, pull, self.pool_skill)
                c.motivation += cov * self.covered() * talk * (1.0 - c.motivation)  # the quarterly talk
            c.skill = np.clip(learning, 0.0, 1.0)
        teach = g.teaching_gain * (paired / max(mentors, 1e-9) if mentors > 0 else 0.0)
        self.pool_skill = laws.pool_month(g, self.pool_skill, self.pool_ability, teach)

    def transitions(self) -> None:
        """Competence (backbones, under the quota if any), and the end of the young stage."""
        if recognition.above_a_bar(self.params):  # competence and recognition apart (sim.meanfield.recognition)
            recognition.transitions(self)
            return
        g, now = self.params.growth, self.step
        new = []
        for c in self.cohorts:
            learners = c.counts[co.YOUNG] + c.counts[co.INDEPENDENT]
            left = 1.0 - c.crossed
            past = (c.skill >= self.threshold) & (left > 0)
            share = float((left * past).sum() / left.sum()) if left.sum() > 0 and learners.sum() > 0 else 0.0
            new.append((c, share, learners.sum(), past))
        allow = 1.0
        if g.backbone_quota:
            est = self.establishment()
            held = sum(c.counts[co.BACKBONE].sum() + c.counts[co.MENTOR].sum() for c in self.cohorts if not c.village)
            wanted = sum(share * n for c, share, n, _ in new if not c.village)
            room = max(np.floor(g.backbone_quota * est) - held, 0.0)
            allow = min(room / wanted, 1.0) if wanted > 0 else 1.0
        for c, share, people, past in new:
            f = share * (allow if not c.village else 1.0)
            if f <= 0:
                continue
            c.counts[co.BACKBONE] += f * (c.counts[co.YOUNG] + c.counts[co.INDEPENDENT])
            c.counts[co.YOUNG] *= 1 - f
            c.counts[co.INDEPENDENT] *= 1 - f
            step = allow if not c.village else 1.0
            c.crossed = np.where(past, c.crossed + step * (1.0 - c.crossed), c.crossed)
            self.cum_backbones += f * people
        for c in self.cohorts:
            if not c.village and 0 <= c.until <= now:
                c.counts[co.INDEPENDENT] += c.counts[co.YOUNG]
                c.counts[co.YOUNG] = 0.0

    def measure(self) -> dict[str, float]:
        """This month's expected counts, with the agent model's series column names."""
        states = np.zeros(co.STATES)
        for c in self.cohorts:
            states += c.counts.sum(axis=1)
        row: dict[str, float] = {"month": self.step}
        stage_counts = [states[co.YOUNG], states[co.INDEPENDENT], states[co.BACKBONE], states[co.MENTOR],
                        states[co.SECOND] + states[co.POOL_SECOND]]  # fmt: skip
        for s, value in zip(LIVE_STAGES, stage_counts, strict=True):
            row[f"n_{s.code}"] = float(value)
        row["headcount"] = float(sum(stage_counts))
        row["pool_size"] = float(states[co.MENTOR] + states[co.POOL_SECOND])
        row["establishment"] = self.establishment()
        row["cum_backbones"] = self.cum_backbones
        # measured after the transitions, as the agent model counts its pairs (a new backbone's pair has ended)
        by_kind = self.mentees_by_kind(self.mentees_waiting()) if self.running() else dict.fromkeys(Kind, 0.0)
        row["mentees"] = float(sum(by_kind.values()))
        for k, code in zip(Kind, KIND_CODES, strict=True):
            row[f"mentees_{code}"] = float(by_kind[k])
        if self.ranks is not None:
            for code, value in zip(RANK_CODES, self.ranks.by_rank(), strict=True):
                row[f"n_{code}"] = float(value)
            row["cum_promotions"] = self.ranks.promotions
        return row


def mean_field(params: Scenario) -> pd.DataFrame:
    """The mean-field series of ``params``: one row a month, the agent model's column names."""
    return MeanField(params).run()

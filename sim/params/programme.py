"""The sections of a scenario that say what a real programme counts.

Its dates, its mentees, the establishment and its posts, careers, secondment, Party membership and
weak collectives.

Same conventions as ``sim.params.sections``: one parameter a line, its unit, range and source.
"DOMAIN (secondary)" marks figures the reports quote from rules as secondary sites give them.
Every default leaves a mechanism off or neutral where the reports give no figure, so a scenario
turns on what its programme has.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import model_validator

from sim.model.careers import SECONDMENT_EFFECTS
from sim.model.establishment import INTAKE_RULES
from sim.params.sections import C, P, Section, one_of

IntakeCode = Annotated[str, one_of(INTAKE_RULES)]
SecondmentCode = Annotated[str, one_of(SECONDMENT_EFFECTS)]


# fmt: off
class ProgrammeParams(Section):
    """[programme]: where and when the mentoring runs: a pilot, the county-wide date, a stop date."""

    pilot_townships: int = P(0, 0, 10_000, "townships (0 = county-wide from the start)", "Anji: Shangshu township alone in 2004 (DOMAIN)")
    county_wide_year: int = P(0, 0, 2100, "calendar year (0 = from the start)", "Anji: whole county April 2005 (DOMAIN)")
    county_wide_month: int = P(1, 1, 12, "month of year", "Anji: April 2005 (DOMAIN)")
    stop_year: int = P(0, 0, 2100, "calendar year (0 = never)", "换人不翻篇: what a programme leaves when it stops (DOMAIN question)")
    stop_month: int = P(1, 1, 12, "month of year", "assumption")


class MenteeParams(Section):
    """[mentees]: the mentee kinds besides recruits (sim.model.kinds): intake, skill, window, attrition."""

    selected_graduate_share: float = P(0.0, 0, 1, "fraction of the establishment's intake", "选调生 are a distinct intake (DOMAIN); share assumption")
    selected_graduate_skill: float = P(0.35, 0, 1, "mean skill on arrival", "well educated, little practice (DOMAIN); level assumption")
    selected_graduate_window_years: float = P(2.0, 0.5, 10, "years", "second selection after 2 years at the grassroots (DOMAIN (secondary))")
    village_youth_per_year: int = P(0, 0, 1_000_000, "people per year", "入乡青年 covered in Anji 2025 (DOMAIN); number assumption")
    village_youth_from_year: int = P(0, 0, 2100, "calendar year of the first village-bound youths (0 = from the start)", "covered by 2025 (DOMAIN); the start year is an assumption")
    village_youth_skill: float = P(0.25, 0, 1, "mean skill on arrival", "assumption")
    village_youth_window_years: float = P(2.0, 0.5, 10, "years", "assumption")
    village_youth_attrition: float = P(0.10, 0, 0.9, "fraction per year", "assumption: businesses fail or move")
    village_member_per_election: int = P(0, 0, 1_000_000, "people per election", "newly elected village committee members (DOMAIN); number assumption")
    election_year: int = P(2021, 1950, 2100, "calendar year of one election", "village committees elected nationwide 2021 (assumption)")
    election_every_years: int = P(5, 1, 10, "years", "five-year terms since 2018 (assumption)")
    village_member_skill: float = P(0.35, 0, 1, "mean skill on arrival", "assumption")
    village_member_window_years: float = P(2.0, 0.5, 10, "years", "assumption")
    village_member_attrition: float = P(0.05, 0, 0.9, "fraction per year", "assumption")
    wealth_leader_per_year: int = P(0, 0, 1_000_000, "people per year", "致富带头人 mentored in Guyuan (DOMAIN); number assumption")
    wealth_leader_skill: float = P(0.35, 0, 1, "mean skill on arrival", "assumption")
    wealth_leader_window_years: float = P(2.0, 0.5, 10, "years", "assumption")
    wealth_leader_attrition: float = P(0.05, 0, 0.9, "fraction per year", "assumption")
    new_leader_window_years: float = P(0.0, 0, 5, "years (0 = new leaders are not mentored)", "newly appointed leadership members as mentees (DOMAIN); length assumption")


class EstablishmentParams(Section):
    """[establishment]: posts (编制) and how intake fills them; townships for the leadership teams."""

    intake: IntakeCode = C("fixed", "intake rule", "fixed: flows.intake_per_year; vacancies: fill the establishment's empty posts", INTAKE_RULES)
    posts: int = P(0, 0, 2_000_000, "posts (0 = the initial cadres)", "the county's establishment (assumption: as at the start)")
    growth_per_year: float = P(0.0, -0.1, 0.1, "fraction per year", "assumption: a stable establishment")
    max_intake_per_year: int = P(0, 0, 1_000_000, "people per year (0 = no cap)", "assumption: recruitment quota")
    townships: int = P(15, 1, 10_000, "townships (units are spread over them)", "Anji: 4 subdistricts, 8 towns, 3 townships (DOMAIN)")


class CareerParams(Section):
    """[careers]: the rank ladder, posts per level, minimum years, age limits, annual appraisal."""

    enabled: bool = C(False, "on/off", "staff -> level-4 principal staff -> township leadership -> county-division (DOMAIN)")
    l4_min_years: float = P(4.0, 0, 20, "years of service", "二级->一级科员 2 y + 一级科员->四级主任科员 2 y (DOMAIN (secondary))")
    leader_min_years: float = P(3.0, 0, 20, "years at level-4 or as staff with 5+ years", "a deputy section post after ~3 years (DOMAIN (secondary), unofficial)")
    county_min_years: float = P(3.0, 0, 20, "years in a township leadership team", "head of a lower level -> deputy of the next after 3 years (DOMAIN (secondary))")
    l4_share: float = P(0.15, 0, 1, "fraction of the establishment at level-4 or above", "rank quotas (assumption)")
    leaders_per_township: int = P(7, 0, 50, "posts per township", "5-7 posts, 2 heads and 3-5 deputies (DOMAIN (secondary), one province 2006)")
    county_posts: int = P(30, 0, 100_000, "county-division posts", "assumption: a county's leaders at county-division level")
    leader_max_age: float = P(45.0, 25, 60, "years of age at promotion", "team average age 43 (DOMAIN (secondary)); limit assumption")
    county_max_age: float = P(50.0, 25, 60, "years of age at promotion", "assumption")
    excellent_share: float = P(0.20, 0, 0.5, "fraction rated excellent a year", "优秀 for at most about 20% (DOMAIN (secondary))")
    mentoring_weight: float = P(0.5, 0, 5, "appraisal sd units per sd of mentoring given", "mentoring counted in the annual appraisal (DOMAIN, city report); weight assumption")
    appraisal_noise: float = P(1.0, 0, 5, "sd, in units of the skill spread", "assumption")
    county_leader_capacity: int = P(0, 0, 20, "selected graduates per county leader (0 = leaders do not mentor)", "Xian'an: 19 county leaders with 27 selected graduates (DOMAIN)")
    county_leaders_at_start: int = P(0, 0, 100_000, "cadres at county-division level at the start", "Xian'an: 19 county-level leaders mentor (DOMAIN)")


class SecondmentParams(Section):
    """[secondment]: young cadres sent to the grassroots (挂职, 选派) for a term."""

    per_year: int = P(0, 0, 1_000_000, "cadres sent a year", "city report: 100 young cadres of city bodies seconded (DOMAIN)")
    last_year: int = P(0, 0, 2100, "calendar year of the last secondments (0 = every year)", "a batch of 100 (DOMAIN, city report); years assumption")
    months: int = P(18, 1, 36, "months", "usually one to two years, under three (DOMAIN (secondary))")
    max_age: float = P(35.0, 18, 60, "years of age", "young cadres under 35 (DOMAIN)")
    chosen_from_top: float = P(1.0, 0.01, 1, "fraction of the eligible, best appraised first, the seconded are drawn from", "选派 selects promising young cadres (DOMAIN, city report); 1 = at random (assumption); calibrated for the city")
    effect: SecondmentCode = C("grassroots", "kind of secondment", "to the grassroots: more practice; up: closer to appraisers (DOMAIN)", SECONDMENT_EFFECTS)
    learning_factor: float = P(1.5, 0, 5, "multiplier of learning by doing while seconded", "hard, concrete problems at the grassroots (DOMAIN); size assumption")
    appraisal_bonus: float = P(0.5, 0, 5, "appraisal sd units, for 5 years after", "seconded cadres promoted more often (DOMAIN, city: one fifth later county-division); size assumption")


class PartyParams(Section):
    """[party]: young cadres who join the Party, and who introduces them (入党介绍人)."""

    initial_member_share: float = P(0.7, 0, 1, "fraction of cadres at the start", "assumption")
    join_rate: float = P(0.0, 0, 1, "fraction per year of non-members under the age limit", "some young cadres join each year (DOMAIN); rate assumption")
    max_age: float = P(35.0, 18, 60, "years of age", "young cadres under 35 (DOMAIN, city report)")


class CollectiveParams(Section):
    """[collectives]: weak or lax village Party organisations (软弱涣散村党组织) paired with a mentor."""

    initial: int = P(0, 0, 100_000, "organisations at the start", "a collective as a mentee (DOMAIN, one city; Guyuan)")
    new_per_year: float = P(0.0, 0, 10_000, "organisations identified a year", "assumption")
    score_mean: float = P(0.35, 0, 1, "organisation score (0-1)", "assumption")
    score_sd: float = P(0.08, 0, 0.5, "organisation score (sd)", "assumption")
    threshold: float = P(0.60, 0.05, 1, "organisation score", "turned around (转化) above it (assumption)")
    mentoring_rate: float = P(0.03, 0, 0.5, "share of the gap to the mentor closed per month", "assumption")
    decline: float = P(0.002, 0, 0.1, "share of the score lost per month", "assumption: without help a weak organisation stays weak")
    mentors_each: int = P(1, 1, 10, "mentors per collective", "组团帮: a group helps one village (DOMAIN); 1 = one mentor")
# fmt: on

    @model_validator(mode="after")
    def _score_below_threshold(self) -> CollectiveParams:
        if self.score_mean >= self.threshold:
            raise ValueError(f"score_mean ({self.score_mean:g}) must be below threshold ({self.threshold:g}): a weak organisation")
        return self

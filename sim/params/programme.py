"""The sections of a scenario that say what a real programme counts.

Its dates, its mentees, the establishment and its posts, careers, secondment, Party membership and
weak collectives.

Same conventions as ``sim.params.sections``: one parameter a line, its unit, range and source.
"DOMAIN (secondary)" marks figures the reports quote from rules as secondary sites give them.
Every default leaves a mechanism off or neutral where the reports give no figure, so a scenario
turns on what its programme has.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import model_validator

from sim.model.careers import SECONDMENT_EFFECTS
from sim.model.establishment import INTAKE_RULES
from sim.model.variants import SPONSORSHIPS
from sim.params.errors import raised
from sim.params.sections import C, P, Section, one_of
from sim.params.variants import with_variants
from sim.words import Book

_errors = Book("errors")  # the words of the checks below

IntakeCode = Annotated[str, one_of(INTAKE_RULES)]
SecondmentCode = Annotated[str, one_of(SECONDMENT_EFFECTS)]
SponsorshipCode = Annotated[str, one_of(SPONSORSHIPS)]


# fmt: off
class ProgrammeParams(Section):
    """[programme]: where and when the mentoring runs: a pilot, the county-wide date, a stop date."""

    pilot_townships: int = P(0, 0, 10_000, "townships (0 = county-wide from the start)", "DOMAIN: docs/DOMAIN.md#anji, Shangshu township alone in 2004", zh="试点乡镇数（0 = 一开始就全县推开）", en="townships in the pilot (0: county-wide from the start)")
    county_wide_year: int = P(0, 0, 2100, "calendar year (0 = from the start)", "DOMAIN: docs/DOMAIN.md#anji, whole county April 2005", zh="全县推开的年份（0 = 从开始）", en="the year mentoring goes county-wide (0: from the start)")
    county_wide_month: int = P(1, 1, 12, "month of year", "DOMAIN: docs/DOMAIN.md#anji, whole county April 2005", zh="全县推开的月份", en="the month mentoring goes county-wide")
    stop_year: int = P(0, 0, 2100, "calendar year (0 = never)", "DOMAIN: docs/DOMAIN.md#questions, 换人不翻篇: what a programme leaves when it stops", zh="停止帮带的年份（0 = 不停止）", en="the year mentoring stops (0: never)")
    stop_month: int = P(1, 1, 12, "month of year", "assumption", zh="停止帮带的月份", en="the month mentoring stops")
    pilot_mentees_per_mentor: int = P(0, 0, 20, "mentees a mentor may take during the pilot (0 = pairing.mentees_per_mentor)", "assumption: the pilot's own cap (DOMAIN: docs/DOMAIN.md#anji, 4 veterans with 11 young cadres in 2004; no official cap found, docs/DOMAIN.md#pairing); forms that pair in rounds", zh="试点期间每名导师最多带几名帮带对象（0 = 同全县）", en="the most mentees a mentor takes during the pilot (0: as county-wide)")


class MenteeParams(Section):
    """[mentees]: the mentee kinds besides recruits (sim.model.kinds): intake, skill, window, attrition."""

    selected_graduate_share: float = P(0.0, 0, 1, "fraction of the establishment's intake", "DOMAIN: docs/DOMAIN.md#careers, 选调生 are a distinct intake; share assumption", zh="新录用干部中选调生的比例", en="share of the intake who are selected graduates")
    selected_graduate_skill: float = P(0.35, 0, 1, "mean skill on arrival", "DOMAIN: docs/DOMAIN.md#mentees, well educated, little practice; level assumption", zh="选调生到岗时的平均能力", en="mean skill of selected graduates on arrival")
    selected_graduate_window_years: float = P(2.0, 0.5, 10, "years", "DOMAIN (secondary): docs/DOMAIN.md#career-rules, second selection after 2 years at the grassroots", zh="选调生可被帮带的年数（年）", en="years a selected graduate can be mentored")
    village_youth_per_year: int = P(0, 0, 1_000_000, "people per year", "DOMAIN: docs/DOMAIN.md#anji, 入乡青年 covered in 2025; number assumption", zh="每年入乡青年人数（人/年）", en="village-bound youths arriving each year")
    village_youth_from_year: int = P(0, 0, 2100, "calendar year of the first village-bound youths (0 = from the start)", "DOMAIN: docs/DOMAIN.md#anji, village-bound youths covered by 2025; the start year is an assumption", zh="入乡青年开始来的年份（0 = 从开始）", en="the year the first village-bound youths arrive (0: from the start)")
    village_youth_skill: float = P(0.25, 0, 1, "mean skill on arrival", "assumption", zh="入乡青年到来时的平均能力", en="mean skill of village-bound youths on arrival")
    village_youth_window_years: float = P(2.0, 0.5, 10, "years", "assumption", zh="入乡青年可被帮带的年数（年）", en="years a village-bound youth can be mentored")
    village_youth_attrition: float = P(0.10, 0, 0.9, "fraction per year", "assumption: businesses fail or move", zh="入乡青年每年离开的比例", en="share of village-bound youths who leave each year")
    village_member_per_election: int = P(0, 0, 1_000_000, "people per election", "DOMAIN: docs/DOMAIN.md#mentees, newly elected village committee members; number assumption", zh="每次换届新当选的村“两委”成员人数（人）", en="newly elected village committee members per election")
    election_year: int = P(2021, 1950, 2100, "calendar year of one election", "village committees elected nationwide 2021 (assumption)", zh="某一次村级换届的年份", en="the year of one village election")
    election_every_years: int = P(5, 1, 10, "years", "five-year terms since 2018 (assumption)", zh="村级换届间隔（年）", en="years between village elections")
    village_member_skill: float = P(0.35, 0, 1, "mean skill on arrival", "assumption", zh="新当选村干部的平均能力", en="mean skill of newly elected village members")
    village_member_window_years: float = P(2.0, 0.5, 10, "years", "assumption", zh="新当选村干部可被帮带的年数（年）", en="years a newly elected village member can be mentored")
    village_member_attrition: float = P(0.05, 0, 0.9, "fraction per year", "assumption", zh="新当选村干部每年离开的比例", en="share of newly elected village members who leave each year")
    wealth_leader_per_year: int = P(0, 0, 1_000_000, "people per year", "DOMAIN: docs/DOMAIN.md#guyuan, 致富带头人 mentored; number assumption", zh="每年帮带的致富带头人数（人/年）", en="wealth-creation leaders taken on each year")
    wealth_leader_skill: float = P(0.35, 0, 1, "mean skill on arrival", "assumption", zh="致富带头人的平均能力", en="mean skill of wealth-creation leaders on arrival")
    wealth_leader_window_years: float = P(2.0, 0.5, 10, "years", "assumption", zh="致富带头人可被帮带的年数（年）", en="years a wealth-creation leader can be mentored")
    wealth_leader_attrition: float = P(0.05, 0, 0.9, "fraction per year", "assumption", zh="致富带头人每年离开的比例", en="share of wealth-creation leaders who leave each year")
    new_leader_window_years: float = P(0.0, 0, 5, "years (0 = new leaders are not mentored)", "DOMAIN: docs/DOMAIN.md#mentees, newly appointed leadership members; length assumption", zh="新任领导班子成员可被帮带的年数（0 = 不帮带）", en="years a newly appointed leader can be mentored (0: not mentored)")


class EstablishmentParams(Section):
    """[establishment]: posts (编制) and how intake fills them; townships for the leadership teams."""

    intake: IntakeCode = C("fixed", "intake rule", "fixed: flows.intake_per_year; vacancies: fill the establishment's empty posts", INTAKE_RULES, zh="录用方式：固定人数或按空编补员", en="how intake is set: a fixed number, or filling empty posts")
    posts: int = P(0, 0, 2_000_000, "posts (0 = the initial cadres)", "the county's establishment (assumption: as at the start)", zh="编制岗位数（0 = 等于开始时的干部人数）", en="posts in the establishment (0: the starting cadres)")
    growth_per_year: float = P(0.0, -0.1, 0.1, "fraction per year", "assumption: a stable establishment", zh="编制每年增减的比例", en="share by which the establishment grows (or shrinks) each year")
    max_intake_per_year: int = P(0, 0, 1_000_000, "people per year (0 = no cap)", "assumption: recruitment quota", zh="每年录用人数上限（0 = 不设上限）", en="the most recruits a year (0: no cap)")
    townships: int = P(15, 1, 10_000, "townships (units are spread over them)", "DOMAIN: docs/DOMAIN.md#anji, 4 subdistricts, 8 towns, 3 townships", zh="乡镇（街道）个数", en="townships the units are spread over")


class CareerParams(Section):
    """[careers]: the rank ladder, posts per level, minimum years, age limits, annual appraisal."""

    enabled: bool = C(False, "on/off", "DOMAIN: docs/DOMAIN.md#careers, staff -> level-4 principal staff -> township leadership -> county-division", zh="是否模拟职级晋升", en="whether ranks and promotion are simulated")
    l4_min_years: float = P(4.0, 0, 20, "years of service", "DOMAIN (secondary): docs/DOMAIN.md#career-rules, 二级->一级科员 2 y + 一级科员->四级主任科员 2 y", zh="晋升四级主任科员所需的最短年限（年）", en="years of service needed for level-4 principal staff")
    leader_min_years: float = P(3.0, 0, 20, "years at level-4 or as staff with 5+ years", "DOMAIN (secondary): docs/DOMAIN.md#career-rules, a deputy section post after ~3 years (unofficial)", zh="进入乡镇领导班子所需的最短年限（年）", en="years needed before joining a township leadership team")
    county_min_years: float = P(3.0, 0, 20, "years in a township leadership team", "DOMAIN (secondary): docs/DOMAIN.md#career-rules, head of a lower level -> deputy of the next after 3 years", zh="从乡镇领导班子晋升县处级所需的最短年限（年）", en="years in a township team needed before county-division level")
    l4_share: float = P(0.15, 0, 1, "fraction of the establishment at level-4 or above", "rank quotas (assumption)", zh="编制中四级主任科员及以上的比例", en="share of the establishment at level-4 or above")
    leaders_per_township: int = P(7, 0, 50, "posts per township", "DOMAIN (secondary): docs/DOMAIN.md#career-rules, 5-7 posts, 2 heads and 3-5 deputies (one province 2006)", zh="每个乡镇的领导班子职数", en="leadership posts per township")
    county_posts: int = P(30, 0, 100_000, "county-division posts", "assumption: a county's leaders at county-division level", zh="县处级职数", en="posts at county-division level")
    leader_max_age: float = P(45.0, 25, 60, "years of age at promotion", "DOMAIN (secondary): docs/DOMAIN.md#career-rules, team average age 43; limit assumption", zh="进入乡镇领导班子的年龄上限（岁）", en="the oldest age at promotion to a township team")
    county_max_age: float = P(50.0, 25, 60, "years of age at promotion", "assumption", zh="晋升县处级的年龄上限（岁）", en="the oldest age at promotion to county-division level")
    excellent_share: float = P(0.20, 0, 0.5, "fraction rated excellent a year", "DOMAIN (secondary): docs/DOMAIN.md#career-rules, 优秀 for at most about 20%", zh="年度考核评为优秀的比例", en="share rated excellent in the annual appraisal")
    mentoring_weight: float = P(0.5, 0, 5, "appraisal sd units per sd of mentoring given", "DOMAIN: docs/DOMAIN.md#management, mentoring counted in the annual appraisal; weight assumption", zh="帮带成效在年度考核中的分量", en="how much mentoring given counts in the annual appraisal")
    appraisal_noise: float = P(1.0, 0, 5, "sd, in units of the skill spread", "assumption", zh="年度考核的误差大小", en="how noisy the annual appraisal is")
    county_leader_capacity: int = P(0, 0, 20, "selected graduates per county leader (0 = leaders do not mentor)", "DOMAIN: docs/DOMAIN.md#xianan, 19 county leaders with 27 selected graduates", zh="每名县级领导带几名选调生（0 = 不带）", en="selected graduates each county leader mentors (0: none)")
    county_leaders_at_start: int = P(0, 0, 100_000, "cadres at county-division level at the start", "DOMAIN: docs/DOMAIN.md#xianan, 19 county-level leaders mentor", zh="开始时县处级干部人数", en="cadres at county-division level at the start")
    sponsorship: SponsorshipCode = C("none", "sponsorship", "none: today's; sponsored: having had a mentor, and a mentor's competent mentees, count in the appraisal (Allen et al. 2004: small career benefits)", SPONSORSHIPS, zh="帮带是否计入考核与晋升（默认：不计入）", en="whether mentoring shows in the appraisal and promotion (default: no)")


# fmt: on


if not TYPE_CHECKING:  # a sponsorship's own parameters join [careers], accepted when chosen
    CareerParams = with_variants(CareerParams, "sponsorship", SPONSORSHIPS)


# fmt: off
class SecondmentParams(Section):
    """[secondment]: young cadres sent to the grassroots (挂职, 选派) for a term."""

    per_year: int = P(0, 0, 1_000_000, "cadres sent a year", "DOMAIN: docs/DOMAIN.md#city, 100 young cadres of city bodies seconded", zh="每年选派挂职的干部人数（人/年）", en="young cadres seconded each year")
    last_year: int = P(0, 0, 2100, "calendar year of the last secondments (0 = every year)", "DOMAIN: docs/DOMAIN.md#city, a batch of 100; years assumption", zh="最后一批挂职的年份（0 = 每年都派）", en="the year of the last secondments (0: every year)")
    months: int = P(18, 1, 36, "months", "DOMAIN (secondary): docs/DOMAIN.md#career-rules, usually one to two years, under three", zh="挂职时长（月）", en="how many months a secondment lasts")
    max_age: float = P(35.0, 18, 60, "years of age", "DOMAIN: docs/DOMAIN.md#mentees, young cadres under 35", zh="选派挂职的年龄上限（岁）", en="the oldest age for a secondment")
    chosen_from_top: float = P(1.0, 0.01, 1, "fraction of the eligible, best appraised first, the seconded are drawn from", "DOMAIN: docs/DOMAIN.md#careers, 选派 selects promising young cadres; 1 = at random (assumption); calibrated for the city", zh="从考核最好的多大比例中选派（1 = 随机）", en="the top share of the appraisal the seconded are chosen from (1: at random)")
    effect: SecondmentCode = C("grassroots", "kind of secondment", "DOMAIN: docs/DOMAIN.md#careers, to the grassroots: more practice; up: closer to appraisers", SECONDMENT_EFFECTS, zh="挂职的方向：下派基层或上挂", en="where cadres are seconded: down to the grassroots or up to a higher body")
    learning_factor: float = P(1.5, 0, 5, "multiplier of learning by doing while seconded", "DOMAIN: docs/DOMAIN.md#the-practice, hard, concrete problems at the grassroots; size assumption", zh="挂职期间干中学速度的倍数", en="how many times faster cadres learn by doing while seconded")
    appraisal_bonus: float = P(0.5, 0, 5, "appraisal sd units, for 5 years after", "DOMAIN: docs/DOMAIN.md#city, seconded cadres promoted more often (one fifth later county-division); size assumption", zh="挂职后五年内考核的加分", en="the appraisal bonus for five years after a secondment")


class PartyParams(Section):
    """[party]: young cadres who join the Party, and who introduces them (入党介绍人)."""

    initial_member_share: float = P(0.7, 0, 1, "fraction of cadres at the start", "assumption", zh="开始时党员干部的比例", en="share of cadres who are Party members at the start")
    join_rate: float = P(0.0, 0, 1, "fraction per year of non-members under the age limit", "DOMAIN: docs/DOMAIN.md#careers, some young cadres join each year; rate assumption", zh="年龄限内的非党员每年入党的比例", en="share of non-members under the age limit who join each year")
    max_age: float = P(35.0, 18, 60, "years of age", "DOMAIN: docs/DOMAIN.md#city, young cadres under 35", zh="发展入党的年龄上限（岁）", en="the oldest age at which young cadres join")


class CollectiveParams(Section):
    """[collectives]: weak or lax village Party organisations (软弱涣散村党组织) paired with a mentor."""

    initial: int = P(0, 0, 100_000, "organisations at the start", "DOMAIN: docs/DOMAIN.md#mentees, a collective as a mentee (one city; Guyuan)", zh="开始时软弱涣散村党组织的个数", en="weak village Party organisations at the start")
    new_per_year: float = P(0.0, 0, 10_000, "organisations identified a year", "assumption", zh="每年新排查出的软弱涣散村党组织个数", en="weak organisations identified each year")
    score_mean: float = P(0.35, 0, 1, "organisation score (0-1)", "assumption", zh="软弱涣散村党组织的平均评分（0–1）", en="mean score of a weak organisation (0-1)")
    score_sd: float = P(0.08, 0, 0.5, "organisation score (sd)", "assumption", zh="村党组织评分的差异（标准差）", en="how much the scores differ (sd)")
    threshold: float = P(0.60, 0.05, 1, "organisation score", "turned around (转化) above it (assumption)", zh="评分达到多少算转化成功", en="the score above which an organisation is turned around")
    mentoring_rate: float = P(0.03, 0, 0.5, "share of the gap to the mentor closed per month", "assumption", zh="导师帮带每月缩小村党组织差距的速度", en="how fast a mentor closes an organisation's gap each month")
    decline: float = P(0.002, 0, 0.1, "share of the score lost per month", "assumption: without help a weak organisation stays weak", zh="无人帮带时村党组织评分每月下降的比例", en="share of the score an organisation loses each month")
    mentors_each: int = P(1, 1, 10, "mentors per collective", "DOMAIN: docs/DOMAIN.md#pairing, 组团帮: a group helps one village; 1 = one mentor", zh="每个村党组织配几名导师（组团帮）", en="mentors per organisation (group help)")
# fmt: on

    @model_validator(mode="after")
    def _score_below_threshold(self) -> CollectiveParams:
        if self.score_mean >= self.threshold:
            raise raised(ValueError, _errors, "weak_score", mean=f"{self.score_mean:g}", threshold=f"{self.threshold:g}")
        return self

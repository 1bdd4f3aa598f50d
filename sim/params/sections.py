"""The closed parameter set of a scenario: every parameter with its unit, default, range and source.

One line per parameter: ``name: type = P(default, low, high, unit, source)``. Validation
(pydantic) enforces the range, rejects unknown keys and wrong types. Categorical parameters
(pairing form, matching rule, method mix) accept the codes of their registry or vocabulary in
``sim.model``, so a new rule or form is allowed here as soon as its module exists. Sources:
"DOMAIN: docs/DOMAIN.md#<anchor>" cites the section of ``docs/DOMAIN.md`` (published reports on the real
programmes) the default rests on; "assumption" means a judgement to be tested by sensitivity analysis
(``experiments/sobol_growth.toml``).

Time unit: one model step is one month. Rates marked "per year" are converted to monthly
hazards inside the model (1 - (1 - p) ** (1 / 12)).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import Field, model_validator

from sim.model.aspects import ASPECT_SETS
from sim.model.matching import RULES
from sim.model.methods import METHOD_NAMES, MIXES
from sim.model.pairing import FORMS
from sim.model.pool import ADMISSION_RULES, REVIEW_SCOPES
from sim.model.variants import FIVE_ONES, GROWTH_LAWS, MENTOR_LOADS, PAIR_BREAKDOWNS, RECOGNITIONS
from sim.params.errors import raised
from sim.params.fields import C, Name, P, Section, one_of
from sim.params.fields import check_name as check_name  # where template.py reads it
from sim.params.variants import with_variants
from sim.words import Book

_errors = Book("errors")  # the words of the checks below

FormCode = Annotated[str, one_of(FORMS)]
RuleCode = Annotated[str, one_of(RULES)]
MixCode = Annotated[str, one_of(MIXES)]
AspectCode = Annotated[str, one_of(ASPECT_SETS)]
AdmissionCode = Annotated[str, one_of(ADMISSION_RULES)]
ReviewCode = Annotated[str, one_of(REVIEW_SCOPES)]
GrowthLawCode = Annotated[str, one_of(GROWTH_LAWS)]
MentorLoadCode = Annotated[str, one_of(MENTOR_LOADS)]
FiveOnesCode = Annotated[str, one_of(FIVE_ONES)]
RecognitionCode = Annotated[str, one_of(RECOGNITIONS)]
BreakdownCode = Annotated[str, one_of(PAIR_BREAKDOWNS)]


# One parameter per line, its source beside it: the formatter leaves this block alone.
# fmt: off
class RunParams(Section):
    """[run]: name, length, start year and seed of a run."""

    name: Name = C("scenario", "text, 1-80 characters, no / or leading dot", "label used for result folders", zh="场景名称，用作结果文件夹名", en="the scenario's name, used for result folders")
    description: str = Field(default="", max_length=1000, description="text; one line shown by `cadre-sim list`", json_schema_extra={"unit": "text, at most 1,000 characters", "source": "one line shown by `cadre-sim list`", "zh": "一句话说明，`cadre-sim list` 显示", "en": "one line shown by `cadre-sim list`"})
    description_zh: str = Field(default="", max_length=1000, description="text; the description in Chinese, shown by `cadre-sim list` and quoted by Chinese reports", json_schema_extra={"unit": "text, at most 1,000 characters", "source": "the description in Chinese", "zh": "一句话中文说明，`cadre-sim list` 和中文报告显示", "en": "the one line in Chinese, shown by `cadre-sim list` and Chinese reports"})
    years: int = P(20, 1, 60, "years (used when end_year is 0)", "DOMAIN: docs/DOMAIN.md#anji, Anji 2004-2025 is about 20 years", zh="模拟多少年（未设结束年份时使用）", en="how many years to simulate (when end_year is 0)")
    start_year: int = P(2004, 1950, 2100, "calendar year", "DOMAIN: docs/DOMAIN.md#anji, the pilot in Shangshu, 2004", zh="模拟开始的年份", en="the calendar year the run starts")
    start_month: int = P(1, 1, 12, "month of year", "DOMAIN: docs/DOMAIN.md#anji, the pilot in April 2004", zh="模拟开始的月份（1–12）", en="the month of year the run starts (1-12)")
    end_year: int = P(0, 0, 2100, "calendar year (0 = run for `years`)", "DOMAIN: docs/DOMAIN.md#anji, Anji's figures reach 2025", zh="模拟结束的年份（0 = 按 years 计）", en="the calendar year the run ends (0: run for `years`)")
    end_month: int = P(12, 1, 12, "month of year (the run includes it)", "a run of Anji reaches May 2025 (assumption: the report's month)", zh="模拟结束的月份（含该月）", en="the month of year the run ends (included)")
    seed: int = P(1, 0, 2**63 - 1, "integer", "default seed; the CLI's --seed overrides it", zh="随机种子：同一种子得到相同结果", en="the random seed: the same seed gives the same results")

    @model_validator(mode="after")
    def _end_after_start(self) -> RunParams:
        if self.end_year and (self.end_year, self.end_month) < (self.start_year, self.start_month):
            end, start = f"{self.end_year}-{self.end_month:02d}", f"{self.start_year}-{self.start_month:02d}"
            raise raised(ValueError, _errors, "end_before_start", end=end, start=start)
        if self.end_year and (self.end_year - self.start_year) > 60:
            raise raised(ValueError, _errors, "run_too_long")
        return self

    @property
    def months(self) -> int:
        """Months the run lasts (to the end of ``end_year``/``end_month`` when given, else ``years``)."""
        if self.end_year:
            return (self.end_year - self.start_year) * 12 + self.end_month - self.start_month + 1
        return self.years * 12


class PopulationParams(Section):
    """[population]: the county at the start: cadres, units, fields, stages, skills, founding pool."""

    initial_cadres: int = P(3000, 10, 2_000_000, "people", "county scale: township and village cadres (assumption)", zh="开始时的干部人数（人）", en="cadres in post at the start (people)")
    units: int = P(200, 1, 100_000, "units (townships and villages)", "Anji: 15 townships, ~200 villages (assumption)", zh="单位数（乡镇和村）", en="units the cadres work in (townships and villages)")
    fields: int = P(5, 1, 20, "fields of work", "e.g. governance, industry, party building, services, emergencies (assumption)", zh="工作领域数（如党建、产业、治理）", en="fields of work (party building, industry, governance ...)")
    share_young: float = P(0.10, 0, 1, "fraction of initial cadres", "first-three-year cadres (assumption)", zh="开始时新进干部（入职三年内）所占比例", en="share of the starting cadres in their first three years")
    share_independent: float = P(0.45, 0, 1, "fraction of initial cadres", "assumption", zh="开始时能独立工作的干部所占比例", en="share of the starting cadres who work on their own")
    share_backbone: float = P(0.35, 0, 1, "fraction of initial cadres", "assumption", zh="开始时骨干所占比例", en="share of the starting cadres who are backbones")
    share_second_line: float = P(0.10, 0, 1, "fraction of initial cadres", "second-line veterans, 退二线 (assumption)", zh="开始时退居二线的老干部所占比例", en="share of the starting cadres who have stepped back to the second line")
    skill_young: float = P(0.30, 0, 1, "mean skill (0-1 scale)", "DOMAIN: docs/DOMAIN.md#mentees, 'see high, do low' (眼高手低): weak practice on arrival; level assumption", zh="新进干部的平均能力（0–1）", en="mean skill of young cadres at the start (0-1)")
    skill_independent: float = P(0.50, 0, 1, "mean skill", "assumption", zh="独立工作干部的平均能力（0–1）", en="mean skill of independent cadres at the start (0-1)")
    skill_backbone: float = P(0.70, 0, 1, "mean skill", "assumption: above the competence threshold", zh="骨干的平均能力（0–1）", en="mean skill of backbones at the start (0-1)")
    skill_second_line: float = P(0.78, 0, 1, "mean skill", "DOMAIN: docs/DOMAIN.md#mentors, experienced 'old township hands' (老乡镇); level assumption", zh="二线老干部的平均能力（0–1）", en="mean skill of second-line veterans at the start (0-1)")
    skill_sd: float = P(0.08, 0, 0.5, "skill (sd between people)", "assumption", zh="同一阶段干部之间能力的差异（标准差）", en="how much skill differs between people of one stage (sd)")
    initial_pool_size: int = P(60, 0, 1_000_000, "mentors", "assumption; anji.toml sets the pilot's 4 veterans (DOMAIN: docs/DOMAIN.md#anji)", zh="开始时导师库的人数（人）", en="mentors in the pool at the start (people)")

    @model_validator(mode="after")
    def _shares_sum_to_one(self) -> PopulationParams:
        total = self.share_young + self.share_independent + self.share_backbone + self.share_second_line
        if abs(total - 1.0) > 1e-6:
            raise raised(ValueError, _errors, "shares_not_one", total=f"{total:g}")
        return self


class FlowParams(Section):
    """[flows]: intake, attrition, the second line, retirement, the mentee window."""

    intake_per_year: int = P(200, 0, 1_000_000, "young cadres per year", "assumption, worked back from Anji's 3800多 (3,800-3,899) pairs in 16 years (DOMAIN: docs/DOMAIN.md#anji); anji.toml fills vacancies instead", zh="每年新录用的青年干部人数（人/年）", en="young cadres hired each year (fixed intake rule)")
    intake_month: int = P(8, 1, 12, "month of year", "recruits start after summer graduation (assumption)", zh="每年新人到岗的月份", en="the month of year recruits start")
    intake_age: float = P(25.0, 18, 34, "years of age (mean; each recruit 18 to under 35)", "DOMAIN: docs/DOMAIN.md#mentees, young cadres under 35; graduates ~25 (assumption)", zh="新录用干部的平均年龄（岁）", en="mean age of recruits (years)")
    attrition_young: float = P(0.06, 0, 0.5, "fraction per year", "assumption: village posts lose young recruits", zh="新进干部每年流失的比例", en="share of young cadres who leave each year")
    attrition_independent: float = P(0.04, 0, 0.5, "fraction per year", "assumption", zh="独立工作干部每年流失的比例", en="share of independent cadres who leave each year")
    attrition_backbone: float = P(0.03, 0, 0.5, "fraction per year", "assumption", zh="骨干每年流失的比例", en="share of backbones who leave each year")
    attrition_mentor: float = P(0.02, 0, 0.5, "fraction per year", "mentors and second-line veterans, before retirement age (assumption)", zh="导师和二线干部每年（退休前）流失的比例", en="share of mentors and second-line veterans who leave each year before retiring")
    second_line_age: float = P(55.0, 40, 70, "years of age", "DOMAIN: docs/DOMAIN.md#mentors, cadres step back to the second line (退二线); the age ~55 an assumption", zh="退居二线的年龄（岁）", en="age at which cadres step back to the second line")
    retirement_age: float = P(60.0, 45, 75, "years of age", "statutory retirement age of male cadres, 60 (assumption)", zh="退休年龄（岁）", en="retirement age")
    mentee_window_years: float = P(3.0, 0.5, 10, "years since hire", "DOMAIN: docs/DOMAIN.md#mentees, cadres in their first three years (参加工作不满三年)", zh="入职后多少年内可作为帮带对象（年）", en="years after hire during which a cadre can be mentored")

    @model_validator(mode="after")
    def _ages_ordered(self) -> FlowParams:
        if self.second_line_age > self.retirement_age:
            raise raised(ValueError, _errors, "second_line_after_retirement", second_line=f"{self.second_line_age:g}", retirement=f"{self.retirement_age:g}")
        return self


class PairingParams(Section):
    """[pairing]: form, ratio, matching rule, length, hours and what a pair's contact depends on."""

    enabled: bool = C(True, "on/off", "false gives the no-mentoring baseline", zh="是否实行导师帮带（false = 不帮带的对照）", en="whether mentoring runs at all (false: the no-mentoring baseline)")
    form: FormCode = C("one_to_one", "pairing form", "DOMAIN: docs/DOMAIN.md#pairing, 一对一, 一对多, 多对一, 小团队", FORMS, zh="结对形式：一对一、一对多、多对一、小团队等", en="how mentors and mentees are grouped: one-to-one, one-to-many, many-to-one, teams")
    mentees_per_mentor: int = P(1, 1, 20, "mentees (capacity of one mentor)", "DOMAIN: docs/DOMAIN.md#pairing, the forms, and no official cap found; one-to-one by default; one_to_many k, team n", zh="每名导师最多带几名帮带对象（人）", en="how many mentees one mentor takes at most")
    mentors_per_mentee: int = P(1, 1, 10, "mentors", "DOMAIN: docs/DOMAIN.md#pairing, the forms; one by default; many_to_one k, team m", zh="每名帮带对象有几名导师（人）", en="how many mentors one mentee has")
    matching: RuleCode = C("random", "matching rule", "DOMAIN: docs/DOMAIN.md#pairing, the five principles: nearby, similar field, strong helps weak, willing, organisation", RULES, zh="师徒匹配原则（就近、领域相近、以强带弱等）", en="the rule that matches mentors to mentees (nearby, similar field, strong helps weak ...)")
    pairing_months: int = P(36, 1, 240, "months", "DOMAIN: docs/DOMAIN.md#mentees, a pairing lasts up to the mentee window; assumption", zh="一次结对最长持续几个月（月）", en="how many months a pairing lasts at most")
    end_at_competence: bool = C(True, "on/off", "a pair ends when the mentee becomes a backbone (assumption)", zh="帮带对象成为骨干时是否结束结对", en="whether a pair ends when the mentee becomes a backbone")
    mentor_hours_per_month: float = P(12.0, 1, 160, "hours per mentor per month", "five ones: monthly study + on-site guidance for ~2 mentees (assumption)", zh="每名导师每月用于帮带的时数（小时）", en="hours a mentor gives to mentoring each month")
    remote_contact_factor: float = P(0.8, 0, 1, "share of contact kept across units", "帮带便捷, 就地就近: distance costs contact (assumption)", zh="师徒不在同一单位时保留的联系比例", en="share of contact kept when mentor and mentee work in different units")
    cross_field_factor: float = P(0.75, 0, 1, "effect multiplier across fields", "DOMAIN: docs/DOMAIN.md#pairing, 领域相近; magnitude assumption", zh="师徒领域不同时帮带效果的折扣", en="how much of the effect is kept when mentor and mentee work in different fields")
    quality_mean: float = P(0.7, 0.05, 1, "relationship quality (0-1)", "assumption", zh="师徒关系质量的平均值（0–1）", en="mean quality of the mentoring relationship (0-1)")
    quality_sd: float = P(0.15, 0, 0.5, "relationship quality (sd)", "assumption", zh="师徒关系质量的差异（标准差）", en="how much relationship quality differs between pairs (sd)")
    preference_noise: float = P(0.15, 0, 1, "quality units (sd)", "how well both sides see the foreseeable part of their fit, 双向自愿 (assumption)", zh="双向选择时双方看错彼此的程度", en="how far both sides misjudge their fit when choosing each other")
    foreseeable_quality_share: float = P(0.0, 0, 1, "share of the variance of relationship quality", "assumption: self-selection foresees none of the fit (0); 1 = all of it (docs/LEVERS.md). Sandvik et al. paired at random and say nothing of voluntary pairing (DOMAIN: docs/DOMAIN.md#sandvik)", zh="关系质量中事先能看出来的部分（0 = 看不出）", en="the part of a pair's fit that can be foreseen when choosing (0: none)")
    breakdown: BreakdownCode = C("never", "pair breakdown", "never: today's; poor_evaluation: a poor two-way back-to-back evaluation ends a pair (DOMAIN: docs/DOMAIN.md#management; assumption)", PAIR_BREAKDOWNS, zh="结对是否因双向评价不佳而解除（默认：不解除）", en="whether a poor two-way evaluation ends a pair (default: never)")

    @model_validator(mode="after")
    def _form_consistent(self) -> PairingParams:
        k_mentees, k_mentors = self.mentees_per_mentor, self.mentors_per_mentee
        form = FORMS[self.form]
        if not form.fits(k_mentees, k_mentors):
            raise raised(ValueError, _errors, "form_needs", form=repr(self.form), needs=form.needs, mentees=k_mentees, mentors=k_mentors)
        return self


class MethodParams(Section):
    """[methods]: the method mix and the weights of the six methods in a fixed mix."""

    mix: MixCode = C("scaffolded", "method mix", "DOMAIN: docs/DOMAIN.md#methods, scaffolded: watch -> do with help -> let go -> review", MIXES, zh="帮带方法的组合方式（循序渐进或固定权重）", en="how the teaching methods are combined (scaffolded steps or fixed weights)")
    aspects: AspectCode = C("guyuan", "aspect set", "DOMAIN: docs/DOMAIN.md#skills, what grows: Guyuan's six aspects or Xian'an's seven abilities", ASPECT_SETS, zh="培养哪些方面的能力（固原六个方面或咸安七种能力）", en="which skill aspects grow (Guyuan's six or Xian'an's seven)")
    case_analysis: float = P(1.0, 0, 100, "relative weight (fixed mix)", "DOMAIN: docs/DOMAIN.md#methods, 案例分析, Anji's six methods; equal weights an assumption", zh="固定组合中案例分析的权重", en="weight of case analysis in a fixed mix")
    assigned_homework: float = P(1.0, 0, 100, "relative weight (fixed mix)", "DOMAIN: docs/DOMAIN.md#methods, 布置作业; weight assumption", zh="固定组合中布置作业的权重", en="weight of assigned homework in a fixed mix")
    hands_off_practice: float = P(1.0, 0, 100, "relative weight (fixed mix)", "DOMAIN: docs/DOMAIN.md#methods, 放手实践; weight assumption", zh="固定组合中放手实践的权重", en="weight of hands-off practice in a fixed mix")
    on_site_teaching: float = P(1.0, 0, 100, "relative weight (fixed mix)", "DOMAIN: docs/DOMAIN.md#methods, 现场教学; weight assumption", zh="固定组合中现场教学的权重", en="weight of on-site teaching in a fixed mix")
    scenario_simulation: float = P(1.0, 0, 100, "relative weight (fixed mix)", "DOMAIN: docs/DOMAIN.md#methods, 情景模拟; weight assumption", zh="固定组合中情景模拟的权重", en="weight of scenario simulation in a fixed mix")
    after_action_review: float = P(1.0, 0, 100, "relative weight (fixed mix)", "DOMAIN: docs/DOMAIN.md#methods, 复盘提高; weight assumption", zh="固定组合中复盘提高的权重", en="weight of after-action review in a fixed mix")
    talk_motivation_gain: float = P(0.05, 0, 1, "share of motivation gap closed per quarterly talk", "DOMAIN: docs/DOMAIN.md#management, five ones: one heart-to-heart talk a quarter; size assumption", zh="每季度一次谈心谈话提升积极性的幅度", en="how much a quarterly heart-to-heart talk lifts motivation")
    five_ones: FiveOnesCode = C("assumed", "five ones variant", "DOMAIN: docs/DOMAIN.md#management, five ones: monthly guidance and study; assumed: every meeting happens; meetings: a loaded mentor misses some (assumption)", FIVE_ONES, zh="“五个一”每月见面是否一定落实（视为落实，或导师负担重时会落空）", en="whether the five ones' monthly meetings all happen (assumed) or a loaded mentor misses some (meetings)")

    def weights(self) -> list[float]:
        """The fixed mix's weights in ``METHOD_NAMES`` order."""
        return [getattr(self, name) for name in METHOD_NAMES]

    @model_validator(mode="after")
    def _some_weight(self) -> MethodParams:
        if self.mix == "fixed" and sum(self.weights()) <= 0:
            raise raised(ValueError, _errors, "fixed_mix_empty")
        return self


class GrowthParams(Section):
    """[growth]: the growth law, learning by doing, mentoring, forgetting, individual spread, the competence threshold."""

    law: GrowthLawCode = C("gap_closing", "growth law", "sim.model.growth: learning curve, forgetting, gap-closing toward the mentor (assumption)", GROWTH_LAWS, zh="能力增长规律（默认：向导师水平靠拢）", en="the law skills grow by (default: gap-closing toward the mentor)")
    learning_by_doing: float = P(0.010, 0, 0.2, "share of the gap to full skill closed per month", "exponential learning curve (Heathcote et al. 2000); assumption; calibrated for Anji: 0.0067-0.0185 plausible (calibration/fits/anji)", zh="不靠导师、在干中学每月的进步速度", en="how fast cadres learn by doing each month, without a mentor")
    mentoring_rate: float = P(0.06, 0, 0.5, "share of the gap to the mentor closed per month at full effect", "gap-closing toward the mentor, ZPD (assumption); calibrated for Anji: 0.031-0.127 plausible, with the Sandvik anchor (calibration/fits/anji)", zh="导师帮带每月缩小与导师能力差距的速度", en="how fast a mentee closes the gap to the mentor each month")
    forgetting: float = P(0.0015, 0, 0.05, "share of skill lost per month", "assumption; caps skill at learning/(learning+forgetting)", zh="每月能力的遗忘比例", en="share of skill forgotten each month")
    ability_sd: float = P(0.25, 0, 1, "log-sd of individual learning ability", "assumption", zh="个人学习能力的差异", en="how much learning ability differs between people")
    teaching_sd: float = P(0.30, 0, 1, "log-sd of mentor teaching effectiveness", "assumption; what the annual review can detect", zh="导师带教本领的差异", en="how much teaching skill differs between mentors")
    multi_mentor_exponent: float = P(0.5, 0, 1, "exponent", "n mentors give n^(1-x) of one mentor's pull: diminishing returns (assumption)", zh="多名导师时效果递减的程度", en="how quickly the effect of extra mentors diminishes")
    teaching_gain: float = P(0.002, 0, 0.05, "share of mentor's gap closed per mentee-month", "DOMAIN: docs/DOMAIN.md#mentors, 教学相长: teaching benefits the teacher; size assumption", zh="教学相长：带徒对导师自身能力的提升", en="how much mentoring improves the mentor (teaching teaches the teacher)")
    competence_threshold: float = P(0.60, 0.05, 1, "mean skill", "backbone level (assumption)", zh="达到胜任（成为骨干）所需的平均能力", en="the mean skill at which a cadre is competent (a backbone)")
    backbone_quota: float = P(0.0, 0, 1, "fraction of the establishment (0 = no quota)", "units recognise backbones up to a share of their posts (assumption)", zh="单位认定骨干的名额比例（0 = 不设名额）", en="share of posts that can be recognised as backbones (0: no quota)")
    recognition: RecognitionCode = C("at_competence", "recognition rule", "sim.model.recognition: at_competence, a competent cadre is a backbone at once (today); higher_bar: above higher_bar_level; share_of_posts: within share_of_posts_quota of the posts (assumption: departments do not call most cadres 单位骨干)", RECOGNITIONS, zh="单位骨干的认定方式（胜任即认定、高于胜任线认定、按编制比例认定）", en="how units recognise backbones (骨干): at competence, above a higher bar, or within a share of posts")
    motivation_mean: float = P(0.7, 0, 1, "motivation (0-1)", "assumption", zh="干部积极性的平均值（0–1）", en="mean motivation of cadres (0-1)")
    motivation_sd: float = P(0.12, 0, 0.5, "motivation (sd)", "assumption", zh="干部积极性的差异（标准差）", en="how much motivation differs between people (sd)")

    @model_validator(mode="after")
    def _quota_at_competence(self) -> GrowthParams:
        if self.backbone_quota and self.recognition != "at_competence":
            raise raised(ValueError, _errors, "quota_needs_at_competence", recognition=repr(self.recognition))
        return self
# fmt: on


if not TYPE_CHECKING:  # the variant laws' own parameters join [growth], accepted when chosen
    GrowthParams = with_variants(GrowthParams, "law", GROWTH_LAWS)
    GrowthParams = with_variants(GrowthParams, "recognition", RECOGNITIONS)
    PairingParams = with_variants(PairingParams, "breakdown", PAIR_BREAKDOWNS)  # and a breakdown's, [pairing]


# fmt: off


class PoolParams(Section):
    """[pool]: the annual evaluation and review, negative list, gold mentors, entry and cap."""

    review_enabled: bool = C(True, "on/off", "DOMAIN: docs/DOMAIN.md#huzhou, dynamic management: annual qualification review", zh="是否对导师库进行年度考核", en="whether the mentor pool is reviewed every year")
    review_removal_share: float = P(0.05, 0, 0.9, "fraction of evaluated mentors removed per year", "DOMAIN: docs/DOMAIN.md#management, removes mentors with little effect; size assumption", zh="年度考核中被移出导师库的比例", en="share of the reviewed mentors removed each year")
    negative_list_rate: float = P(0.005, 0, 0.5, "fraction of pool per year", "DOMAIN: docs/DOMAIN.md#huzhou, negative list of people unfit to mentor; rate assumption", zh="每年列入负面清单的导师比例", en="share of the pool put on the negative list each year")
    rating_noise: float = P(0.8, 0, 5, "sd, in units of the real effect's sd", "two-way back-to-back ratings are noisy (assumption)", zh="考核评价的误差大小", en="how noisy the ratings of mentors are")
    gold_share: float = P(0.05, 0, 0.5, "fraction of evaluated mentors", "DOMAIN: docs/DOMAIN.md#guyuan, gold mentor award; size assumption", zh="评为金牌导师的比例", en="share of reviewed mentors named gold mentors")
    gold_motivation_gain: float = P(0.3, 0, 1, "share of motivation gap closed", "assumption", zh="评为金牌导师后积极性的提升", en="how much a gold mentor award lifts motivation")
    entry_min_tenure_years: float = P(5.0, 0, 40, "years since hire", "backbone with enough tenure (assumption)", zh="进入导师库所需的最短工作年限（年）", en="years since hire needed to enter the pool")
    entry_skill: float = P(0.70, 0, 1, "mean skill", "DOMAIN: docs/DOMAIN.md#management, rich practice and strong skills; level assumption", zh="进入导师库所需的能力", en="the skill needed to enter the pool")
    entry_willingness: float = P(0.04, 0, 1, "probability per year of an eligible cadre", "DOMAIN: docs/DOMAIN.md#mentors, self-nomination and recommendation; rate assumption; Anji's fit leaves it open: 0.04-0.48 plausible (calibration/fits/anji)", zh="符合条件的干部每年自愿申报导师的概率", en="chance a year that an eligible cadre volunteers to mentor")
    pool_cap: int = P(0, 0, 10_000_000, "mentors (0 = no cap)", "assumption: no cap; Anji's 563 mentors in 2025 (DOMAIN: docs/DOMAIN.md#anji) are an outcome the fit meets, not a cap", zh="导师库人数上限（0 = 不设上限）", en="the most mentors the pool may hold (0: no cap)")
    admission: AdmissionCode = C("willing", "admission rule", "DOMAIN: docs/DOMAIN.md#mentors, chosen and confirmed by the department; willing: self-nomination; demand: sized to the mentees waiting", ADMISSION_RULES, zh="导师入库方式（自愿申报或按需遴选）", en="how mentors enter the pool (the willing, or as many as needed)")
    review_scope: ReviewCode = C("mentored", "review scope", "DOMAIN: docs/DOMAIN.md#huzhou, all: annual qualification review of every member", REVIEW_SCOPES, zh="年度考核的范围（在带导师或全员复审）", en="who the annual review covers (mentors who mentored, or every member)")
    qualification_margin: float = P(0.05, 0, 1, "mean skill below entry_skill", "assumption: how far a member may fall before failing the review", zh="全员复审时允许低于入库能力的幅度", en="how far below the entry skill a member may fall before failing the review")
    mentor_load: MentorLoadCode = C("free", "mentor load variant", "assumption: free, mentoring costs a mentor nothing (today); burnout: load and years in the pool wear motivation down, the worn out leave", MENTOR_LOADS, zh="带徒负担（无负担，或带徒过多、年头过长导致倦怠退库）", en="what mentoring costs a mentor: nothing (free), or burn-out from load and years, the worn out leaving the pool")
    own_work_share: float = P(0.5, 0, 1, "share of mentoring hours taken from the mentor's own work", "assumption: mentoring hours come partly out of the mentor's own work; an outcome only, it changes no behaviour", zh="导师帮带时数中挤占本职工作的比例", en="share of a mentor's mentoring hours taken from the mentor's own work")
# fmt: on


if not TYPE_CHECKING:  # the variants' own parameters join [pool] and [methods], accepted when chosen
    PoolParams = with_variants(PoolParams, "mentor_load", MENTOR_LOADS)
    MethodParams = with_variants(MethodParams, "five_ones", FIVE_ONES)

"""The closed parameter set of a scenario: every parameter with its unit, default, range and source.

One line per parameter: ``name: type = P(default, low, high, unit, source)``. Validation
(pydantic) enforces the range, rejects unknown keys and wrong types. Categorical parameters
(pairing form, matching rule, method mix) accept the codes of their registry or vocabulary in
``sim.model``, so a new rule or form is allowed here as soon as its module exists. Sources: "DOMAIN" means
``shared/DOMAIN.md`` (published reports on the real programmes); "assumption" means a judgement
to be tested by sensitivity analysis (``experiments/sobol_growth.toml``).

Time unit: one model step is one month. Rates marked "per year" are converted to monthly
hazards inside the model (1 - (1 - p) ** (1 / 12)).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from sim.model.aspects import ASPECT_SETS
from sim.model.matching import RULES
from sim.model.methods import METHOD_NAMES, MIXES
from sim.model.pairing import FORMS
from sim.model.pool import ADMISSION_RULES, REVIEW_SCOPES
from sim.vocab import Vocabulary


def P(default: Any, low: float | None, high: float | None, unit: str, source: str) -> Any:
    """A parameter: default, inclusive range, unit and where the default comes from."""
    return Field(
        default,
        ge=low,
        le=high,
        description=f"{unit}; {source}",
        json_schema_extra={"unit": unit, "source": source},
    )


def C(default: Any, unit: str, source: str, choices: Vocabulary[Any] | None = None) -> Any:
    """A categorical or boolean parameter (its allowed values are in its type or ``choices``)."""
    extra: dict[str, Any] = {"unit": unit, "source": source}
    if choices is not None:
        extra["choices"] = list(choices.codes())
    return Field(default, description=f"{unit}; {source}", json_schema_extra=extra)


def one_of(vocabulary: Vocabulary[Any]) -> AfterValidator:
    """A validator that admits the codes of ``vocabulary`` only."""

    def check(value: str) -> str:
        if value not in vocabulary:
            raise ValueError(f"unknown {vocabulary.concept}")
        return value

    return AfterValidator(check)


def check_name(value: str) -> str:
    """A name that is safe as part of a folder name.

    It has 1-80 characters, no path separators, no control characters, and does not start with
    a dot, so results never land outside ``--out``.
    """
    if not 1 <= len(value) <= 80:
        raise ValueError("a name has 1 to 80 characters")
    if any(c in value for c in "/\\") or value.startswith(".") or any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise ValueError("a name may not contain / or \\, control characters, or start with a dot")
    return value


Name = Annotated[str, AfterValidator(check_name)]
FormCode = Annotated[str, one_of(FORMS)]
RuleCode = Annotated[str, one_of(RULES)]
MixCode = Annotated[str, one_of(MIXES)]
AspectCode = Annotated[str, one_of(ASPECT_SETS)]
AdmissionCode = Annotated[str, one_of(ADMISSION_RULES)]
ReviewCode = Annotated[str, one_of(REVIEW_SCOPES)]


class Section(BaseModel):
    """One section of a scenario file: closed (unknown keys are errors), frozen, validated."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True, strict=True)


# One parameter per line, its source beside it: the formatter leaves this block alone.
# fmt: off
class RunParams(Section):
    """[run]: name, length, start year and seed of a run."""

    name: Name = C("scenario", "text, 1-80 characters, no / or leading dot", "label used for result folders")
    description: str = Field(default="", max_length=1000, description="text; one line shown by `cadre-sim list`", json_schema_extra={"unit": "text, at most 1,000 characters", "source": "one line shown by `cadre-sim list`"})
    years: int = P(20, 1, 60, "years (used when end_year is 0)", "Anji 2004-2025 is about 20 years (DOMAIN)")
    start_year: int = P(2004, 1950, 2100, "calendar year", "Anji pilot in Shangshu, 2004 (DOMAIN)")
    start_month: int = P(1, 1, 12, "month of year", "Anji pilot April 2004 (DOMAIN)")
    end_year: int = P(0, 0, 2100, "calendar year (0 = run for `years`)", "Anji's figures reach 2025 (DOMAIN)")
    end_month: int = P(12, 1, 12, "month of year (the run includes it)", "a run of Anji reaches May 2025 (assumption: the report's month)")
    seed: int = P(1, 0, 2**63 - 1, "integer", "default seed; the CLI's --seed overrides it")

    @model_validator(mode="after")
    def _end_after_start(self) -> RunParams:
        if self.end_year and (self.end_year, self.end_month) < (self.start_year, self.start_month):
            raise ValueError(
                f"end_year-end_month ({self.end_year}-{self.end_month:02d}) is before start_year-start_month "
                f"({self.start_year}-{self.start_month:02d})"
            )
        if self.end_year and (self.end_year - self.start_year) > 60:
            raise ValueError("a run lasts at most 60 years")
        return self

    @property
    def months(self) -> int:
        """Months the run lasts (to the end of ``end_year``/``end_month`` when given, else ``years``)."""
        if self.end_year:
            return (self.end_year - self.start_year) * 12 + self.end_month - self.start_month + 1
        return self.years * 12


class PopulationParams(Section):
    """[population]: the county at the start: cadres, units, fields, stages, skills, founding pool."""

    initial_cadres: int = P(3000, 10, 2_000_000, "people", "county scale: township and village cadres (assumption)")
    units: int = P(200, 1, 100_000, "units (townships and villages)", "Anji: 15 townships, ~200 villages (assumption)")
    fields: int = P(5, 1, 20, "fields of work", "e.g. governance, industry, party building, services, emergencies (assumption)")
    share_young: float = P(0.10, 0, 1, "fraction of initial cadres", "first-three-year cadres (assumption)")
    share_independent: float = P(0.45, 0, 1, "fraction of initial cadres", "assumption")
    share_backbone: float = P(0.35, 0, 1, "fraction of initial cadres", "assumption")
    share_second_line: float = P(0.10, 0, 1, "fraction of initial cadres", "second-line veterans, 退二线 (assumption)")
    skill_young: float = P(0.30, 0, 1, "mean skill (0-1 scale)", "'see high, do low': weak practice on arrival (DOMAIN; assumption)")
    skill_independent: float = P(0.50, 0, 1, "mean skill", "assumption")
    skill_backbone: float = P(0.70, 0, 1, "mean skill", "assumption: above the competence threshold")
    skill_second_line: float = P(0.78, 0, 1, "mean skill", "experienced 'old township hands' (DOMAIN; assumption)")
    skill_sd: float = P(0.08, 0, 0.5, "skill (sd between people)", "assumption")
    initial_pool_size: int = P(60, 0, 1_000_000, "mentors", "assumption (anji.toml: the pilot's 4 veterans, DOMAIN)")

    @model_validator(mode="after")
    def _shares_sum_to_one(self) -> PopulationParams:
        total = self.share_young + self.share_independent + self.share_backbone + self.share_second_line
        if abs(total - 1.0) > 1e-6:
            raise ValueError(
                f"share_young + share_independent + share_backbone + share_second_line must be 1 (they sum to {total:g})"
            )
        return self


class FlowParams(Section):
    """[flows]: intake, attrition, the second line, retirement, the mentee window."""

    intake_per_year: int = P(200, 0, 1_000_000, "young cadres per year", "assumption, worked back from Anji's 3,800 pairs in 16 years (DOMAIN); anji.toml fills vacancies instead")
    intake_month: int = P(8, 1, 12, "month of year", "recruits start after summer graduation (assumption)")
    intake_age: float = P(25.0, 18, 34, "years of age (mean; each recruit 18 to under 35)", "young cadres under 35 (DOMAIN); graduates ~25 (assumption)")
    attrition_young: float = P(0.06, 0, 0.5, "fraction per year", "assumption: village posts lose young recruits")
    attrition_independent: float = P(0.04, 0, 0.5, "fraction per year", "assumption")
    attrition_backbone: float = P(0.03, 0, 0.5, "fraction per year", "assumption")
    attrition_mentor: float = P(0.02, 0, 0.5, "fraction per year", "mentors and second-line veterans, before retirement age (assumption)")
    second_line_age: float = P(55.0, 40, 70, "years of age", "section-level cadres step back to the second line ~55 (DOMAIN; assumption)")
    retirement_age: float = P(60.0, 45, 75, "years of age", "statutory retirement age of male cadres, 60 (assumption)")
    mentee_window_years: float = P(3.0, 0.5, 10, "years since hire", "mentees are cadres in their first three years (DOMAIN)")

    @model_validator(mode="after")
    def _ages_ordered(self) -> FlowParams:
        if self.second_line_age > self.retirement_age:
            raise ValueError(f"second_line_age ({self.second_line_age:g}) must not exceed retirement_age ({self.retirement_age:g})")
        return self


class PairingParams(Section):
    """[pairing]: form, ratio, matching rule, length, hours and what a pair's contact depends on."""

    enabled: bool = C(True, "on/off", "false gives the no-mentoring baseline")
    form: FormCode = C("one_to_one", "pairing form", "一对一, 一对多, 多对一, 小团队 (DOMAIN)", FORMS)
    mentees_per_mentor: int = P(1, 1, 20, "mentees (capacity of one mentor)", "one-to-one by default; one_to_many k, team n (the forms: DOMAIN; no official cap found, DOMAIN)")
    mentors_per_mentee: int = P(1, 1, 10, "mentors", "one by default; many_to_one k, team m (the forms: DOMAIN)")
    matching: RuleCode = C("random", "matching rule", "the five principles (DOMAIN): nearby, similar field, strong helps weak, willing, organisation", RULES)
    pairing_months: int = P(36, 1, 240, "months", "a pairing lasts up to the mentee window (DOMAIN; assumption)")
    end_at_competence: bool = C(True, "on/off", "a pair ends when the mentee becomes a backbone (assumption)")
    mentor_hours_per_month: float = P(12.0, 1, 160, "hours per mentor per month", "five ones: monthly study + on-site guidance for ~2 mentees (assumption)")
    remote_contact_factor: float = P(0.8, 0, 1, "share of contact kept across units", "帮带便捷, 就地就近: distance costs contact (assumption)")
    cross_field_factor: float = P(0.75, 0, 1, "effect multiplier across fields", "领域相近 (DOMAIN); magnitude assumption")
    quality_mean: float = P(0.7, 0.05, 1, "relationship quality (0-1)", "assumption")
    quality_sd: float = P(0.15, 0, 0.5, "relationship quality (sd)", "assumption")
    preference_noise: float = P(0.15, 0, 1, "quality units (sd)", "how well both sides see the foreseeable part of their fit, 双向自愿 (assumption)")
    foreseeable_quality_share: float = P(0.0, 0, 1, "share of the variance of relationship quality", "DOMAIN anchor (Sandvik et al.): voluntary pairing had negligible effect, so self-selection foresees none of the fit; 1 = all of it (docs/LEVERS.md)")

    @model_validator(mode="after")
    def _form_consistent(self) -> PairingParams:
        k_mentees, k_mentors = self.mentees_per_mentor, self.mentors_per_mentee
        form = FORMS[self.form]
        if not form.fits(k_mentees, k_mentors):
            raise ValueError(
                f"form = {self.form!r} needs {form.needs} (got mentees_per_mentor = {k_mentees}, mentors_per_mentee = {k_mentors})"
            )
        return self


class MethodParams(Section):
    """[methods]: the method mix and the weights of the six methods in a fixed mix."""

    mix: MixCode = C("scaffolded", "method mix", "scaffolded: watch -> do with help -> let go -> review (DOMAIN)", MIXES)
    aspects: AspectCode = C("guyuan", "aspect set", "what grows: Guyuan's six aspects or Xian'an's seven abilities (DOMAIN)", ASPECT_SETS)
    case_analysis: float = P(1.0, 0, 100, "relative weight (fixed mix)", "案例分析, Anji six methods (DOMAIN); equal weights an assumption")
    assigned_homework: float = P(1.0, 0, 100, "relative weight (fixed mix)", "布置作业 (DOMAIN); weight assumption")
    hands_off_practice: float = P(1.0, 0, 100, "relative weight (fixed mix)", "放手实践 (DOMAIN); weight assumption")
    on_site_teaching: float = P(1.0, 0, 100, "relative weight (fixed mix)", "现场教学 (DOMAIN); weight assumption")
    scenario_simulation: float = P(1.0, 0, 100, "relative weight (fixed mix)", "情景模拟 (DOMAIN); weight assumption")
    after_action_review: float = P(1.0, 0, 100, "relative weight (fixed mix)", "复盘提高 (DOMAIN); weight assumption")
    talk_motivation_gain: float = P(0.05, 0, 1, "share of motivation gap closed per quarterly talk", "five ones: one heart-to-heart talk a quarter (DOMAIN); size assumption")

    def weights(self) -> list[float]:
        """The fixed mix's weights in ``METHOD_NAMES`` order."""
        return [getattr(self, name) for name in METHOD_NAMES]

    @model_validator(mode="after")
    def _some_weight(self) -> MethodParams:
        if self.mix == "fixed" and sum(self.weights()) <= 0:
            raise ValueError("a fixed method mix needs at least one method weight above 0")
        return self


class GrowthParams(Section):
    """[growth]: learning by doing, mentoring, forgetting, individual spread, the competence threshold."""

    learning_by_doing: float = P(0.010, 0, 0.2, "share of the gap to full skill closed per month", "exponential learning curve (Heathcote et al. 2000); assumption; calibrated for Anji: 0.0067-0.0185 plausible (calibration/fits/anji)")
    mentoring_rate: float = P(0.06, 0, 0.5, "share of the gap to the mentor closed per month at full effect", "gap-closing toward the mentor, ZPD (assumption); calibrated for Anji: 0.031-0.127 plausible, with the Sandvik anchor (calibration/fits/anji)")
    forgetting: float = P(0.0015, 0, 0.05, "share of skill lost per month", "assumption; caps skill at learning/(learning+forgetting)")
    ability_sd: float = P(0.25, 0, 1, "log-sd of individual learning ability", "assumption")
    teaching_sd: float = P(0.30, 0, 1, "log-sd of mentor teaching effectiveness", "assumption; what the annual review can detect")
    multi_mentor_exponent: float = P(0.5, 0, 1, "exponent", "n mentors give n^(1-x) of one mentor's pull: diminishing returns (assumption)")
    teaching_gain: float = P(0.002, 0, 0.05, "share of mentor's gap closed per mentee-month", "教学相长: teaching benefits the teacher (DOMAIN; size assumption)")
    competence_threshold: float = P(0.60, 0.05, 1, "mean skill", "backbone level (assumption)")
    backbone_quota: float = P(0.0, 0, 1, "fraction of the establishment (0 = no quota)", "units recognise backbones up to a share of their posts (assumption)")
    motivation_mean: float = P(0.7, 0, 1, "motivation (0-1)", "assumption")
    motivation_sd: float = P(0.12, 0, 0.5, "motivation (sd)", "assumption")


class PoolParams(Section):
    """[pool]: the annual evaluation and review, negative list, gold mentors, entry and cap."""

    review_enabled: bool = C(True, "on/off", "dynamic management: annual qualification review (DOMAIN, Huzhou)")
    review_removal_share: float = P(0.05, 0, 0.9, "fraction of evaluated mentors removed per year", "removes mentors with little effect (DOMAIN); size assumption")
    negative_list_rate: float = P(0.005, 0, 0.5, "fraction of pool per year", "negative list of people unfit to mentor (DOMAIN, Huzhou); assumption")
    rating_noise: float = P(0.8, 0, 5, "sd, in units of the real effect's sd", "two-way back-to-back ratings are noisy (assumption)")
    gold_share: float = P(0.05, 0, 0.5, "fraction of evaluated mentors", "gold mentor award (DOMAIN, Guyuan); size assumption")
    gold_motivation_gain: float = P(0.3, 0, 1, "share of motivation gap closed", "assumption")
    entry_min_tenure_years: float = P(5.0, 0, 40, "years since hire", "backbone with enough tenure (assumption)")
    entry_skill: float = P(0.70, 0, 1, "mean skill", "rich practice and strong skills (DOMAIN); level assumption")
    entry_willingness: float = P(0.04, 0, 1, "probability per year of an eligible cadre", "self-nomination and recommendation (DOMAIN); rate assumption; Anji's fit leaves it open: 0.04-0.48 plausible (calibration/fits/anji)")
    pool_cap: int = P(0, 0, 10_000_000, "mentors (0 = no cap)", "no cap (assumption); Anji's 563 in 2025 (DOMAIN) is an outcome the fit meets, not a cap")
    admission: AdmissionCode = C("willing", "admission rule", "willing: self-nomination; demand: sized to the mentees waiting (DOMAIN: chosen, confirmed by the department)", ADMISSION_RULES)
    review_scope: ReviewCode = C("mentored", "review scope", "all: annual qualification review of every member (DOMAIN, Huzhou)", REVIEW_SCOPES)
    qualification_margin: float = P(0.05, 0, 1, "mean skill below entry_skill", "assumption: how far a member may fall before failing the review")
# fmt: on

"""Headers and cell words of a run's tables in Chinese and English (the workbook, the report).

The CSV files keep their code names (``cum_backbones``), which scripts and the lineage drawing
read; people read the same columns as ``累计成长为骨干`` / ``backbones (cumulative)``. Columns
built from a vocabulary (``n_<stage>``, ``mentees_<kind>``, ``n_<rank>``, ``skill_<aspect>``) take
their words from it, so a label is still written once.
"""

from __future__ import annotations

from typing import Any

from sim.model.aspects import ASPECT_SETS
from sim.model.careers import RANKS, SECONDMENT_EFFECTS
from sim.model.events import EVENT_KINDS
from sim.model.kinds import KINDS
from sim.model.outcomes import OUTCOMES
from sim.model.stages import STAGES
from sim.vocab import Term, Vocabulary

# fmt: off
_FIXED: dict[str, tuple[str, str]] = {
    # series.csv
    "month": ("月份序号", "model month"),
    "year": ("年份（小数）", "year (decimal)"),
    "date": ("年月", "date"),
    "headcount": ("在岗人数", "cadres in post"),
    "pool_size": ("导师库人数", "mentors in the pool"),
    "active_pairs": ("在帮师徒对数", "active pairs"),
    "mentees": ("在带对象人数", "people with a mentor"),
    "mentees_per_pool_mentor": ("每名在库导师在带人数", "mentees per pool mentor"),
    "mean_skill": ("平均能力", "mean skill"),
    "cum_pairs": ("累计结对数", "pairs formed (cumulative)"),
    "cum_backbones": ("累计成长为骨干", "backbones (cumulative)"),
    "cum_backbones_mentored": ("累计经帮带成长为骨干", "mentored backbones (cumulative)"),
    "mentor_hours": ("本月导师时数", "mentor hours this month"),
    "cum_mentor_hours": ("累计导师时数", "mentor hours (cumulative)"),
    "intake": ("本月新进人数", "newcomers this month"),
    "exits": ("本月退出人数", "exits this month"),
    "idle_mentors": ("未带徒导师", "idle mentors"),
    "posts": ("编制数", "posts"),
    "establishment": ("在编在岗人数", "establishment cadres in post"),
    "backbone_share": ("骨干占比", "backbone share"),
    "cum_promotions": ("累计晋升人次", "promotions (cumulative)"),
    "cum_secondments": ("累计挂职选派人次", "secondments (cumulative)"),
    "cum_party_joined": ("累计入党人数", "joined the Party (cumulative)"),
    "cum_introduced_by_mentor": ("累计由导师介绍入党", "introduced by their mentor (cumulative)"),
    "introducer_share": ("导师任入党介绍人比例", "mentor as Party introducer"),
    "seconded_county_share": ("挂职干部中县处级比例", "seconded cadres at county-division level"),
    "collectives_weak": ("软弱涣散村党组织数", "weak village Party organisations"),
    "collectives_mentored": ("其中有导师帮带", "of them with a mentor"),
    "cum_collectives_turned": ("累计转化村党组织数", "organisations turned around (cumulative)"),
    "pairs_ended": ("累计结束师徒对数", "pairs ended (cumulative)"),
    "mean_pair_months": ("已结束师徒对平均月数", "mean months of the ended pairs"),
    "mentees_followed_6m": ("结对满六个月的徒弟数", "mentees followed six months"),
    "mentoring_uplift_6m": ("帮带六个月能力高出自学比例", "uplift over learning alone, six months"),
    "gain_ratio_6m": ("帮带六个月能力增量倍数", "gain ratio over learning alone, six months"),
    # cadres.csv
    "id": ("编号", "id"),
    "roster_row": ("花名册行号", "roster row"),
    "stage": ("阶段", "stage"),
    "kind": ("类别", "kind"),
    "rank": ("职级", "rank"),
    "in_pool": ("在导师库", "in the pool"),
    "generation": ("传承代数", "generation"),
    "first_mentor": ("首任导师编号", "first mentor"),
    "hire_month": ("入职月份序号", "month hired"),
    "competent_month": ("胜任月份序号", "month competent"),
    "backbone_month": ("成为骨干月份序号", "month a backbone"),
    "pool_month": ("入库月份序号", "month entered the pool"),
    "exit_month": ("离岗月份序号", "month left"),
    "mentee_until": ("帮带期截止月份序号", "mentee window until"),
    "unit": ("单位编号", "unit"),
    "field": ("领域编号", "field"),
    "mentored_months": ("受帮带月数", "months mentored"),
    "mentees_total": ("累计带徒人数", "mentees taken"),
    "mentees_became_mentors": ("徒弟成为导师人数", "mentees who became mentors"),
    "gold_awards": ("金牌导师次数", "gold mentor awards"),
    "barred": ("列入负面清单", "on the negative list"),
    "party": ("党员", "Party member"),
    "party_month": ("入党月份序号", "month joined the Party"),
    "introducer": ("入党介绍人编号", "Party introducer"),
    "secondments": ("挂职次数", "secondments"),
    "seconded_month": ("挂职开始月份序号", "month seconded"),
    "motivation": ("积极性", "motivation"),
    "ability": ("学习能力", "learning ability"),
    "teaching": ("带教能力", "teaching ability"),
    "age": ("年龄", "age"),
    # pairs.csv, events.csv
    "pair_id": ("师徒对编号", "pair"),
    "mentor": ("导师编号", "mentor"),
    "mentee": ("徒弟编号", "mentee"),
    "start_month": ("开始月份序号", "start month"),
    "end_month": ("结束月份序号", "end month"),
    "end_reason": ("结束原因", "why it ended"),
    "start_date": ("开始年月", "start"),
    "end_date": ("结束年月", "end"),
    "event": ("事件", "event"),
    "cadre": ("干部编号", "cadre"),
    "other": ("对方编号", "other"),
    "detail": ("说明", "detail"),
    # lineage_cohorts.csv
    "cohort": ("首次入库年份", "cohort (year of pool entry)"),
    "mentors": ("导师人数", "mentors"),
    "mentees_per_mentor": ("人均带徒人数", "mentees per mentor"),
    "r_naive": ("每名导师带出导师数（截至期末）", "mentors per mentor (to the end)"),
    "complete": ("职业生涯已完整人数", "complete careers"),
    "r_complete": ("每名导师带出导师数（完整职业生涯）", "mentors per mentor (complete careers)"),
}

EVENT_WORDS = {  # the words of the event codes, which are listed once: sim.model.events.EVENT_KINDS
    "hired": ("入职", "hired"),
    "paired": ("结对", "paired"),
    "pair_ended": ("结对结束", "pair ended"),
    "backbone": ("成长为骨干", "became a backbone"),
    "pool_entry": ("入库", "entered the pool"),
    "pool_removal": ("考核出库", "removed by the review"),
    "negative_list": ("列入负面清单", "put on the negative list"),
    "gold_mentor": ("金牌导师", "gold mentor"),
    "second_line": ("退二线", "stepped back"),
    "exit": ("离岗", "left"),
    "promoted": ("晋升", "promoted"),
    "seconded": ("挂职选派", "seconded"),
    "joined_party": ("入党", "joined the Party"),
}
EVENTS: Vocabulary[Term] = Vocabulary("event", [Term(code, *EVENT_WORDS[code]) for code in EVENT_KINDS])

END_REASONS: Vocabulary[Term] = Vocabulary("end reason", [
    Term("completed", "帮带期满", "mentoring completed"),
    Term("competent", "徒弟已胜任", "mentee competent"),
    Term("exit", "一方离岗", "one side left"),
    Term("pool_removal", "导师考核出库", "mentor removed by the review"),
    Term("negative_list", "导师列入负面清单", "mentor on the negative list"),
    Term("programme_stopped", "制度停止", "programme stopped"),
    Term("active", "仍在帮带", "still open"),
    Term("founder", "创始导师", "founder"),
])
# fmt: on

_GENERATED = (
    ("n_", ("{}人数", "{} (people)"), (STAGES, RANKS)),
    ("skill_", ("{}平均能力", "mean skill: {}"), (STAGES,)),
    ("mentees_", ("在带{}", "mentees: {}"), (KINDS,)),
)
VALUE_VOCABULARIES: dict[str, Vocabulary[Any]] = {
    "stage": STAGES,
    "kind": KINDS,
    "rank": RANKS,
    "event": EVENTS,
    "end_reason": END_REASONS,
}


def column_label(name: str, lang: str = "zh") -> str:
    """The header of column ``name`` of a run's tables in ``lang`` (the code itself if unknown)."""
    if name in _FIXED:
        zh, en = _FIXED[name]
        return zh if lang == "zh" else en
    if name in OUTCOMES:
        return OUTCOMES.label(name, lang)
    if name.startswith("pool_gen_"):
        g = name.removeprefix("pool_gen_")
        return (f"第{g}代导师" + ("及以后" if g == "9" else "")) if lang == "zh" else f"mentors of generation {g}"
    for prefix, (zh, en), vocabularies in _GENERATED:
        code = name.removeprefix(prefix)
        for vocabulary in vocabularies:
            if name.startswith(prefix) and code in vocabulary:
                return (zh if lang == "zh" else en).format(vocabulary.label(code, lang))
    if name.startswith("skill_"):  # an aspect of one of the aspect sets
        code = name.removeprefix("skill_")
        for aspect_set in ASPECT_SETS.values():
            if code in aspect_set.aspects:
                word = aspect_set.aspects.label(code, lang)
                return f"能力：{word}" if lang == "zh" else f"skill: {word}"
    return name


def value_label(column: str, value: object, lang: str = "zh") -> object:
    """A cell of a categorical column (stage, kind, rank, event, end reason, detail) in ``lang``."""
    if not isinstance(value, str) or not value:
        return value
    if column == "detail":  # a kind, a rank, an end reason, a secondment or "founder"
        for words in (KINDS, RANKS, END_REASONS, SECONDMENT_EFFECTS):
            if value in words:
                return words.label(value, lang)
        return value
    vocabulary = VALUE_VOCABULARIES.get(column)
    return vocabulary.label(value, lang) if vocabulary is not None and value in vocabulary else value

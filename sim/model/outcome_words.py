"""The words of the headline outcomes beyond their labels: units and plain meanings in both languages.

``OUTCOMES`` (``sim.model.outcomes``) names each outcome in Chinese and English, with its unit's
code and an English meaning; this module adds the unit's words (``UNITS``) and the meaning in
Chinese (``MEANINGS_ZH``), so a report, a workbook or a terminal table says "335,099 小时 —
整个运行期间导师投入的帮带时数" from one table. Assertions keep the tables in step with ``OUTCOMES``.
"""

from __future__ import annotations

from sim.model.outcomes import OUTCOMES
from sim.vocab import Term, Vocabulary

# fmt: off
UNITS: Vocabulary[Term] = Vocabulary("unit", [
    Term("pairs", "对", "pairs"),
    Term("people", "人", "people"),
    Term("months", "个月", "months"),
    Term("fraction", "%", "%"),
    Term("hours", "小时", "hours"),
    Term("generation", "代", "generations"),
    Term("mentors per mentor", "人/名导师", "mentors per mentor"),
    Term("mentors", "人", "mentors"),
    Term("mentors per founder", "人/名创始导师", "mentors per founding mentor"),
    Term("mentees per mentor", "人/名导师", "mentees per mentor"),
    Term("promotions", "人次", "promotions"),
    Term("secondments", "人次", "secondments"),
    Term("organisations", "个", "organisations"),
    Term("skill (0-1)", "（0-1）", "(0-1)"),
])

MEANINGS_ZH: dict[str, str] = {
    "pairs_formed": "运行期间结成的师徒对数",
    "backbones": "运行期间成长为骨干的人数（含村级帮带对象）",
    "backbones_mentored": "其中受过导师帮带的在编干部人数（村级帮带对象另计）",
    "median_months_to_competence": "新录用干部从入职到胜任所用月数的中位数（只计已胜任者）",
    "competent_within_3y": "入职满三年的新录用干部中，三年内达到胜任的比例",
    "mentor_hours": "整个运行期间导师投入的帮带时数",
    "mentor_hours_per_backbone": "每培养一名经帮带的骨干，导师投入的时数",
    "deepest_generation": "师徒传承达到的最深代数（创始导师为第0代；无导师时不适用）",
    "reproduction_number": "每名带过徒弟的干部，平均有几名徒弟后来也成为导师（徒成师）",
    "final_pool_size": "期末导师库中的导师人数",
    "mentees": "期末有导师帮带的人数（不含村党组织）",
    "mentees_per_mentor": "期末每名在库导师平均带的人数（安吉2025年：788 / 563 = 1.40）",
    "idle_mentors": "期末既未带徒也未帮带村党组织的在库导师人数",
    "backbone_share": "期末在编在岗干部中，骨干和一线岗位导师所占比例",
    "promotions": "运行期间晋升四级主任科员、乡镇领导班子和县处级的人次",
    "secondments": "运行期间开始挂职选派的人次",
    "introducer_share": "运行期间入党的干部中，由本人导师担任入党介绍人的比例",
    "collectives_turned_around": "运行期间转化的软弱涣散村党组织个数",
    "final_headcount": "期末在岗干部人数",
    "final_mean_skill": "期末在岗干部的平均能力（0-1）",
    "pool_removals": "经年度考核或负面清单退出导师库的人数",
    "capability_kept_5y": "帮带停止时在岗、受过帮带且已胜任的干部中，5年后仍在岗且仍胜任的比例（未停止或停止后不足5年：不适用）",
    "pool_renewal": "期末库中本身受过帮带的导师（第1代及以后）人数，与第0代导师在库最多时人数之比；低于1：徒成师未能接替创始导师",
}
# fmt: on

assert set(MEANINGS_ZH) == set(OUTCOMES), "MEANINGS_ZH must give every outcome of OUTCOMES a meaning"
assert {o.unit for o in OUTCOMES.values()} <= set(UNITS), "UNITS must name every unit of OUTCOMES"


def unit_label(unit: str, lang: str = "zh") -> str:
    """The word of ``unit`` (a unit code of ``OUTCOMES``) in ``lang``; the code itself if unknown."""
    return UNITS[unit].label(lang) if unit in UNITS else unit


def meaning(code: str, lang: str = "zh") -> str:
    """The plain meaning of outcome ``code`` in ``lang``."""
    return MEANINGS_ZH[code] if lang == "zh" else OUTCOMES[code].meaning

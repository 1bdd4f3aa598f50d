"""Bilingual words (中文 / English) of pictures and pages.

Words and pages that are not a vocabulary of the model:
titles, hints, control names. Stages, forms, rules, methods and outcomes have their labels in
their own vocabularies (``sim.model``); the font that draws Chinese is ``sim.output.plotting``'s.
"""

from __future__ import annotations

from typing import Any

from sim.vocab import LANGS

__all__ = ["LANGS", "t"]

_T: dict[str, tuple[str, str]] = {
    # key: (zh, en)
    "title": ("导师帮带制 · 师带徒、徒成师", "Mentor system · the apprentice becomes the teacher"),
    "language": ("语言 Language", "Language 语言"),
    "network": ("帮带网络", "Mentoring network"),
    "network_hint": (
        "颜色 = 成长阶段；外圈深浅 = 传承代数；连线 = 当前结对（导师 → 徒弟）；上方为创始导师",
        "colour = career stage; ring shade = generation; lines = current pairs (mentor → mentee); founders on top",
    ),
    "month": ("第 {m} 月（{y} 年）", "Month {m} ({y})"),
    "status": ("在岗 {n} 人 · 结对 {p} 对 · 导师库 {pool} 人", "{n} cadres · {p} pairs · pool {pool}"),
    "headcount": ("各阶段人数", "Headcount by stage"),
    "pool_vs_mentees": ("导师库与徒弟", "Mentor pool and mentees"),
    "pool": ("导师库", "mentor pool"),
    "mentees": ("在带徒弟", "current mentees"),
    "mean_skill": ("平均能力", "Mean skill"),
    "cum_backbones": ("累计成长为骨干", "Cumulative backbones"),
    "months": ("月", "month"),
    "gen_label": ("第 {g} 代", "gen {g}"),
    "gen_none": ("未帮带", "not mentored"),
    "founders": ("创始导师", "founders"),
    # controls
    "p_form": ("结对形式", "Pairing form"),
    "p_ratio": ("带徒人数（或导师人数）", "Ratio (mentees per mentor, or mentors per mentee)"),
    "p_matching": ("匹配原则", "Matching rule"),
    "p_method": ("帮带方法组合", "Method mix"),
    "p_strictness": ("导师库年度考核淘汰比例", "Pool review strictness (share removed per year)"),
    "p_intake": ("每年新进青年干部", "Intake (young cadres per year)"),
    "p_cadres": ("初始干部人数", "Initial cadres"),
    "p_seed": ("随机种子", "Seed"),
    # lineage / animate
    "lineage_title": ("传承谱系：谁带了谁", "Lineage: who taught whom"),
    "lineage_sub": ("{n} 人 · {e} 条帮带关系 · {g} 代", "{n} people · {e} mentoring links · {g} generations"),
    "year": ("{y} 年", "year {y}"),
    # monthly series drawn by comparisons, with their units
    "s:cum_backbones": ("累计成长为骨干（人）", "backbones so far (people)"),
    "s:pool_size": ("导师库人数（人）", "mentors in the pool (people)"),
    "s:active_pairs": ("在带师徒对数（对）", "active pairs (pairs)"),
    "s:mean_skill": ("在岗干部平均能力（0–1）", "mean skill of cadres in post (0-1)"),
    "s:skill_young": ("新进干部平均能力（0–1）", "mean skill of young cadres (0-1)"),
    "s:mentees_per_pool_mentor": ("每名库内导师在带人数（人）", "mentees per pool mentor (people)"),
    "s:headcount": ("在岗干部人数（人）", "cadres in post (people)"),
    "s:cum_mentor_hours": ("累计导师投入（小时）", "mentor hours so far (hours)"),
    "x:calendar_year": ("年份", "year"),
    # slide pictures (lineage pages, the GIF): calendar months, pages, hints
    "cal_month": ("{y}年{m}月", "{mon} {y}"),
    "cal_start": ("{d}（起点）", "start, {d}"),
    "cal_span": ("{a}—{b}", "{a} – {b}"),
    "page": ("第 {i}/{n} 页", "page {i} of {n}"),
    "cont": ("（续）", "(cont.)"),
    "lineage_hint": (
        "颜色 = 期末阶段 · 点越大带徒越多 · 虚线 = 另一位导师",
        "colour = stage at the end · bigger = more mentees · dotted = another mentor",
    ),
    "frame_hint": (
        "颜色 = 成长阶段 · 外圈越深代数越早 · 连线 = 正在结对的师徒",
        "colour = career stage · darker ring = earlier generation · lines = pairs under way",
    ),
}


def t(key: str, lang: str = "zh", **fmt: Any) -> str:
    """The label for ``key`` in ``lang`` ("zh" or "en"), formatted with ``fmt``."""
    zh, en = _T.get(key, (key, key))
    text = zh if lang == "zh" else en
    return text.format(**fmt) if fmt else text

"""Bilingual labels (中文 / English) for the demo page, the lineage drawing and the GIF."""

from __future__ import annotations

LANGS = ("zh", "en")

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
    "people": ("人", "people"),
    "generation": ("代", "generation"),
    "gen_label": ("第 {g} 代", "gen {g}"),
    "gen_none": ("未帮带", "not mentored"),
    "founders": ("创始导师", "founders"),
    # stages (keys are lower-case Stage names from sim.population)
    "stage_young": ("青年干部", "young cadre"),
    "stage_mentee": ("徒弟", "mentee"),
    "stage_independent": ("独立工作", "independent"),
    "stage_backbone": ("骨干", "backbone"),
    "stage_mentor": ("导师", "mentor"),
    "stage_second_line": ("退二线", "second line"),
    "stage_retired": ("退休", "retired"),
    "stage_exited": ("退出", "exited"),
    # controls
    "p_form": ("结对形式", "Pairing form"),
    "p_ratio": ("带徒人数（或导师人数）", "Ratio (mentees per mentor, or mentors per mentee)"),
    "p_matching": ("匹配原则", "Matching rule"),
    "p_method": ("帮带方法组合", "Method mix"),
    "p_strictness": ("导师库年度考核淘汰比例", "Pool review strictness (share removed per year)"),
    "p_intake": ("每年新进青年干部", "Intake (young cadres per year)"),
    "p_cadres": ("初始干部人数", "Initial cadres"),
    "p_seed": ("随机种子", "Seed"),
    # option values
    "form_one_to_one": ("一对一", "one-to-one"),
    "form_one_to_many": ("一对多", "one-to-many"),
    "form_many_to_one": ("多对一", "many-to-one"),
    "form_team": ("小团队（多对多）", "small team (many-to-many)"),
    "match_random": ("随机", "random"),
    "match_nearby": ("就地就近", "nearby"),
    "match_similar_field": ("领域相近", "similar field"),
    "match_strong_helps_weak": ("以强带弱", "strong helps weak"),
    "match_willing": ("双向自愿", "both willing"),
    "match_organisation": ("组织统筹", "organisation decides"),
    "mix_scaffolded": ("循序渐进：看→帮做→放手→复盘", "scaffolded: watch → do with help → let go → review"),
    "mix_six": ("帮带六法平均用", "six methods, evenly"),
    "mix_talk": ("只讲不练：案例＋作业", "talk only: cases + homework"),
    "mix_practice": ("只放手：实践＋复盘", "let go only: practice + review"),
    # lineage / animate
    "lineage_title": ("传承谱系：谁带了谁", "Lineage: who taught whom"),
    "lineage_sub": ("{n} 人 · {e} 条帮带关系 · {g} 代", "{n} people · {e} mentoring links · {g} generations"),
    "year": ("{y} 年", "year {y}"),
}


def t(key: str, lang: str = "zh", **fmt) -> str:
    """The label for ``key`` in ``lang`` ("zh" or "en"), formatted with ``fmt``."""
    zh, en = _T.get(key, (key, key))
    text = zh if lang == "zh" else en
    return text.format(**fmt) if fmt else text


def both(key: str) -> str:
    """'中文 / English' for places shown to mixed rooms."""
    zh, en = _T[key]
    return f"{zh} / {en}"


def stage_label(name: str, lang: str = "zh") -> str:
    key = f"stage_{name.lower()}"
    return t(key, lang) if key in _T else name.lower().replace("_", " ")


def option_labels(prefix: str, codes, lang: str) -> dict[str, str]:
    """code -> label for select options."""
    return {c: t(f"{prefix}_{c}", lang) for c in codes}


def code_for(prefix: str, codes, label: str) -> str:
    """The code for an option label in either language (or a code given directly)."""
    if label in codes:
        return label
    for c in codes:
        for lang in LANGS:
            if t(f"{prefix}_{c}", lang) == label:
                return c
    raise ValueError(f"unknown option {label!r} for {prefix}")


def cjk_font_setup() -> str | None:
    """Make matplotlib able to draw Chinese: pick an installed CJK font; return its name or None."""
    from matplotlib import font_manager, rcParams  # noqa: PLC0415

    wanted = (
        "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
        "Source Han Sans SC", "Source Han Sans CN", "SimHei", "Microsoft YaHei", "PingFang SC", "AR PL UMing CN",
        "Droid Sans Fallback",
    )
    have = {f.name for f in font_manager.fontManager.ttflist}
    if not have.intersection(wanted):  # font installed after matplotlib built its cache
        hints = ("wqy", "notosanscjk", "notoserifcjk", "sourcehansans", "droidsansfallback", "simhei", "msyh")
        for path in font_manager.findSystemFonts():
            if any(h in path.lower().replace("-", "") for h in hints):
                try:
                    font_manager.fontManager.addfont(path)
                except Exception:  # noqa: BLE001 - unreadable font file
                    continue
        have = {f.name for f in font_manager.fontManager.ttflist}
    for name in wanted:
        if name in have:
            if name not in rcParams["font.sans-serif"]:
                rcParams["font.sans-serif"] = [name, *rcParams["font.sans-serif"]]
            rcParams["axes.unicode_minus"] = False
            return name
    return None


_FIGURE_LANG: dict[str, str] = {}


def figure_lang(lang: str) -> str:
    """The language figures can be drawn in: "zh" needs a CJK font, else fall back to "en" (with a warning)."""
    if lang != "zh":
        return lang
    if "zh" not in _FIGURE_LANG:
        if cjk_font_setup() is None:
            import warnings  # noqa: PLC0415

            warnings.warn("no Chinese font found (apt-get install fonts-wqy-zenhei or fonts-noto-cjk); "
                          "figures use English labels", stacklevel=2)
            _FIGURE_LANG["zh"] = "en"
        else:
            _FIGURE_LANG["zh"] = "zh"
    return _FIGURE_LANG["zh"]

"""The demo page's own words (中文 / English): buttons, messages, chart and network labels.

Words shared with the pictures and reports (titles, control names, series names) stay in
``sim.output.labels``; :func:`w` looks here first and falls back to ``sim.output.labels.t``.
"""

from __future__ import annotations

from typing import Any

from sim.output.labels import t

_W: dict[str, tuple[str, str]] = {
    # key: (zh, en)
    "run": ("运行", "Run"),
    "settings": ("设置（按“重置”后生效）", "Settings (applied by Reset)"),
    "step": ("单步：1 个月", "Step: 1 month"),
    "play": ("▶ 播放", "▶ Play"),
    "pause": ("❚❚ 暂停", "❚❚ Pause"),
    "reset": ("重置", "Reset"),
    "plus_year": ("快进 1 年", "+1 year"),
    "speed_name": ("播放速度", "Play speed"),
    "speed_value": ("每秒 {n} 个月", "{n} months a second"),
    "jump_year": ("运行到该年年底（{a}–{b}）", "Run to the end of year ({a}–{b})"),
    "jump": ("跳转", "Go"),
    "teacher": ("快进到：徒弟成为导师", "Fast-forward until an apprentice becomes a teacher"),
    "valued": ("{label}：{value}", "{label}: {value}"),
    "clear": ("取消高亮", "Clear highlight"),
    "pending": ("设置已更改：按“重置”以新设置重新开始", "Settings changed: press Reset to start again with them"),
    # messages
    "bad_seed": (
        "随机种子须为 0 到 9,223,372,036,854,775,807 之间的整数（现在是“{v}”）",
        "The seed must be a whole number from 0 to 9,223,372,036,854,775,807 (now “{v}”)",
    ),
    "bad_year": ("请输入 {a} 到 {b} 之间的年份（现在是“{v}”）", "Enter a year from {a} to {b} (now “{v}”)"),
    "past_year": (
        "{y} 年已经过去：只能向后跳，或先按“重置”",
        "{y} is already past: jump forward, or press Reset first",
    ),
    "bad_build": ("无法按这些设置建模：{e}", "These settings cannot build a model: {e}"),
    "bad_step": ("运行出错：{e}", "The run stopped with an error: {e}"),
    "finished": (
        "模拟结束：{a} 年 {am} 月至 {b} 年 {bm} 月，共 {n} 个月。按“重置”重新开始。",
        "Run finished: {am}/{a} to {bm}/{b}, {n} months. Press Reset to start again.",
    ),
    "teacher_found": (
        "{y} 年 {m} 月：#{c} 进入导师库，成为导师；他/她的导师是 #{t}。已点亮 #{t} 的传承线。",
        "{m}/{y}: #{c} entered the mentor pool; his or her own mentor is #{t}. #{t}'s line is lit up.",
    ),
    "teacher_none": ("到模拟结束，没有徒弟成为导师", "No apprentice became a teacher before the end of the run"),
    # status line
    "when": ("{y} 年 {m} 月 · 第 {k} 月", "{m}/{y} · month {k}"),
    "when0": ("开始前（{y} 年 {m} 月）", "before the start ({m}/{y})"),
    # the network
    "net_title": ("帮带网络：上层带下层，师带徒、徒成师", "Mentoring network: each layer is taught by the one above"),
    "net_pairs": ("当前结对（导师—徒弟）", "current pair (mentor–mentee)"),
    "net_line": ("传承线", "line of mentees"),
    "net_hint": ("点击任一干部：点亮他/她的导师和各代徒弟", "Click a cadre to light up his or her mentor and mentees"),
    "net_founders": ("创始导师", "founders"),
    "net_gen": ("第 {g} 代", "generation {g}"),
    "net_bench": ("未入帮带", "not mentored"),
    "net_people": ("{n} 人", "{n} people"),
    "net_sample": ("显示 {k} / {n} 人（未入帮带者抽样）", "showing {k} of {n} (not-mentored sampled)"),
    "net_selected": (
        "#{c}（{stage}，{layer}）：带过 {k} 名徒弟；传承 {d} 代共 {n} 人，在岗 {a} 人",
        "#{c} ({stage}, {layer}): {k} mentees taken; {n} people over {d} generations, {a} in post",
    ),
    "net_selected_mentor": ("；导师 #{t}", "; mentor #{t}"),
    # charts
    "axis_year": ("年份", "Year"),
    "axis_people": ("人数（人）", "People"),
    "axis_skill": ("平均能力（0–1）", "Mean skill (0–1)"),
    "chart_backbones": ("累计成长为骨干（人）", "backbones so far"),
    "chart_skill": ("在岗干部平均能力", "mean skill of cadres in post"),
}


def w(key: str, lang: str = "zh", **fmt: Any) -> str:
    """The demo's label for ``key`` in ``lang``, formatted with ``fmt`` (else ``sim.output.labels.t``).

    Args:
        key: the word's key.
        lang: "zh" or "en".
        **fmt: values for the placeholders.

    Returns:
        The text.
    """
    if key not in _W:
        return t(key, lang, **fmt)
    zh, en = _W[key]
    text = zh if lang == "zh" else en
    return text.format(**fmt) if fmt else text


def short(key: str, lang: str) -> str:
    """A control's name without its explanation in brackets ("Intake (young cadres per year)" -> "Intake")."""
    return w(key, lang).split("（")[0].split(" (")[0]

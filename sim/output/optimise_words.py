"""The words of a policy search's report, plot and terminal lines (``cadre-sim optimise``), 中文 then English.

``O(key, lang, **fields)`` gives the sentence in ``lang`` with its fields filled in; figures and
names come in already formatted. Lever names come from the scenario schema (``lever_name``) and
their values from the vocabularies of forms, rules and mixes (``lever_value``).
"""

from __future__ import annotations

from typing import Any

from sim.output.numbers import number
from sim.params.schema import parameter_table
from sim.vocab import Phrasebook

__all__ = ["O", "lever_name", "lever_value"]

# fmt: off
_P: dict[str, tuple[str, str]] = {
    "title": ("# 政策寻优：{scenario}", "# Policy search: {scenario}"),
    "question": ("要回答的问题：{text}", "The question: {text}"),
    "setup": ("在 {n} 个可调政策（{levers}）中寻找{objectives}最好的方案，约束：{budgets}。共 {trials} 次试验，每次试验用 {r} 个相同的随机种子各运行一次取平均（共同随机数，种子 {seed}），采样器 {sampler}；{refused}", "Searched {n} levers ({levers}) for the best {objectives}, within: {budgets}. {trials} trials, each the mean of {r} runs on the same seeds in every trial (common random numbers, seed {seed}), sampler {sampler}; {refused}"),
    "refused": ("另有 {n} 个政策组合因场景不允许而跳过。", "{n} lever choices the scenario refuses were skipped."),
    "no_refused": ("没有被场景拒绝的组合。", "no lever choice was refused."),
    "no_budget": ("无", "none"),
    "h_rec": ("## 推荐方案", "## The recommended policy"),
    "rec_intro": ("前沿上第一目标最好的 {k} 个方案，用 {r} 个新的随机种子重新运行复核（避免“赢家的诅咒”：搜索中最好的均值往往偏高）。推荐的是复核后仍在约束之内、{first}最好的方案：**{point}**（试验 {trial}，文件 `front/{point}.toml`，可直接 `cadre-sim run`）。", "The {k} front points best on the first objective were run again on {r} fresh seeds (the best means of a search are biased up by the selection: the winner's curse). Recommended: the one best on {first} among those within every budget on the fresh seeds, **{point}** (trial {trial}; `front/{point}.toml`, runnable with `cadre-sim run`)."),
    "policy": ("政策：", "The policy:"),
    "gives": ("效果（{r} 次复核运行的均值，括号内为 95% 置信区间）：", "What it gives (mean of {r} confirmation runs, 95% interval in brackets):"),
    "costs": ("代价：", "What it costs:"),
    "cost_line": ("- {name}：{value}（{low} 至 {high}），约束 {op} {limit}：{verdict}", "- {name}: {value} ({low} to {high}), budget {op} {limit}: {verdict}"),
    "safely": ("连 95% 区间都在约束内", "within it even at the 95% bound"),
    "on_average": ("平均在约束内，但 95% 区间越过了它（部分运行会超支）", "within it on average, but the 95% interval crosses it (some runs overspend)"),
    "value_line": ("- {name}：{value}（{low} 至 {high}）", "- {name}: {value} ({low} to {high})"),
    "sure_distinct": ("把握：比第二名 {other} 多 {gap}（配对 95% 区间 {low} 至 {high}，不含 0）：**能区分**。", "How sure: {gap} more than the runner-up {other} (paired 95% interval {low} to {high}, excluding zero): **told apart**."),
    "sure_tie": ("把握：与第二名 {other} 相差 {gap}（配对 95% 区间 {low} 至 {high}，含 0）：**无法区分**，两者都可以；看代价选择。", "How sure: {gap} against the runner-up {other} (paired 95% interval {low} to {high}, covering zero): **cannot be told apart**; either will do, choose by cost."),
    "sure_alone": ("把握：复核后只有它在约束之内，没有可比较的第二名。", "How sure: it is the only confirmed point within budget; there is no runner-up to compare."),
    "ens_held": ("在校准拟合 {fit} 的 {n} 组可信参数下（每组 {r} 次运行）：它在 {k} 组中仍满足约束并在前沿上或附近（其他方案在每个目标上都好 {near} 以上才算被超过）；{first}在各组的均值从 {low} 到 {high}。", "Across the {n} plausible parameter sets of the fit {fit} ({r} runs each): it stays within budget and on or near the front in {k} of them (beaten only when another point is more than {near} better on every objective); {first} ranges from {low} to {high} over the sets' means."),
    "none": ("**没有可推荐的方案**：{why}。", "**No policy is recommended**: {why}."),
    "none_front": ("没有一次试验满足全部约束（放宽约束、扩大政策范围，或增加试验次数）", "no trial met every budget (loosen a budget, widen the levers, or run more trials)"),
    "none_confirm": ("复核时没有一个前沿方案仍在约束之内（它们都紧贴约束：放宽一点约束，或增加每次试验的运行次数）", "on the fresh seeds no front point stayed within budget (they sit on its edge: loosen it a little or use more replicates a trial)"),
    "none_robust": ("没有一个方案在过半的可信参数组下仍满足约束并在前沿附近；答案取决于校准未能确定的参数（见 robustness.csv）", "no point stays within budget and near the front in more than half of the plausible sets: the answer hinges on what the calibration leaves open (see robustness.csv)"),
    "h_front": ("## 前沿上的取舍", "## The trade-off along the front"),
    "front_intro": ("前沿：在约束之内、没有别的试验在每个目标和受约束指标上都更好的 {n} 个方案（搜索中的均值，每个方案一个可运行的场景文件）。", "The front: the {n} feasible trials no other beats on every objective and budgeted outcome (search means; each a runnable scenario file)."),
    "tradeoff": ("沿前沿，{first}从 {a} 到 {b}，{other}从 {c} 到 {d}。", "Along the front, {first} goes from {a} to {b} while {other} goes from {c} to {d}."),
    "point": ("方案", "point"),
    "h_confirm": ("## 复核（新种子）", "## Confirmation (fresh seeds)"),
    "within": ("约束内", "within budget"),
    "held": ("成立的参数组", "sets held"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "h_files": ("## 文件", "## Files"),
    "files": ("trials.csv（每次试验）、front.csv（前沿）、confirmed.csv（复核）、{robust}front/point-NN.toml（前沿方案，基于 scenario.toml）、plots/front.png、study.db（续跑用）。用同一条命令（同一个 --out）续跑；更大的 --trials 会继续搜索。", "trials.csv (every trial), front.csv (the front), confirmed.csv (the confirmation), {robust}front/point-NN.toml (the front's policies, based on scenario.toml), plots/front.png, study.db (to resume). The same command (same --out) resumes; a larger --trials searches on."),
    "plot_title": ("{scenario}：政策寻优的前沿", "{scenario}: the front of the policy search"),
    "plot_other": ("其他试验", "other trials"),
    "plot_infeasible": ("超出约束", "over budget"),
    "plot_front": ("前沿", "front"),
    "plot_rec": ("推荐", "recommended"),
    "plot_budget": ("约束", "budget"),
    "plot_trial": ("试验序号", "trial"),
    "done": ("{trials} 次试验，前沿 {front} 个方案；推荐 {point}：{summary}", "{trials} trials, {front} points on the front; recommended {point}: {summary}"),
    "done_none": ("{trials} 次试验，前沿 {front} 个方案；没有可推荐的方案（见报告）", "{trials} trials, {front} points on the front; no policy recommended (see the report)"),
}
# fmt: on


O = Phrasebook(_P)  # noqa: E741  (one letter, as phrases.W): a sentence of a policy search's report


def _rows() -> dict[str, dict[str, Any]]:
    return {r["parameter"]: r for r in parameter_table()}


def lever_name(parameter: str, lang: str = "zh") -> str:
    """A parameter in planner words, from the schema: 结对形式, 导师库人数上限 (before a colon or a bracket)."""
    row = _rows().get(parameter)
    if row is None:
        return parameter
    text = str(row["meaning_zh" if lang == "zh" else "meaning_en"]) or parameter
    for cut in ("：", "（", ":", " ("):  # the name, without its list of choices or its unit
        text = text.split(cut)[0]
    return text.strip()


def lever_value(parameter: str, value: Any, lang: str = "zh") -> str:
    """A value in planner words: a form, rule or mix by its label, a number as people read it."""
    row = _rows().get(parameter)
    labels = row["choice_labels"] if row else {}
    if str(value) in labels:
        return labels[str(value)][0 if lang == "zh" else 1]
    if isinstance(value, bool):
        return O("yes" if value else "no", lang)
    if isinstance(value, (int, float)):
        return number(value, lang=lang) if float(value).is_integer() or abs(value) >= 10 else f"{value:.3g}"
    return str(value)

"""The sentences of the many-run reports (comparison, ensemble, sweep): one line each, 中文 then English.

``W(key, lang, **fields)`` gives the sentence in ``lang`` with its fields filled in. Figures and
names come in already formatted (``sim.output.many_words``).
"""

from __future__ import annotations

from typing import Any

__all__ = ["W"]

# fmt: off
_P: dict[str, tuple[str, str]] = {
    # ---- comparison (sim.output.compare_report) ----
    "title": ("# 政策比较：{labels}", "# Comparison: {labels}"),
    "intro": ("{n} 个方案，各运行 {r} 次；每个方案的第 i 次运行使用同一个随机种子（共同随机数，根种子 {seed}），所以方案之间的差异来自政策，而不是运气。参照方案：**{ref}**。括号里是均值的 95% 置信区间（说明均值估得多准）；“各次运行 10%–90%”是单次运行结果的分布范围（说明一次运行会差多少）。", "{n} variants x {r} replicates; replicate i of every variant used the same seed (common random numbers, root seed {seed}), so differences come from the policy, not luck. Reference: **{ref}**. In brackets: the 95% interval of the mean (how well the mean is known); \"runs 10%-90%\": where the middle 80% of single runs fall (how much one run varies)."),
    "failed": ("**有 {n} 次运行失败**（见 failures.csv）；这些重复不参与配对比较。", "**{n} run(s) failed** (see failures.csv); their replicates are left out of the paired comparisons."),
    "h_best": ("## 各项指标哪个方案最好", "## Who is best on which figure"),
    "best_intro": ("只比较有好坏方向的指标。与第二名的差距的 95% 置信区间不含 0 时才判定最好；含 0 时写“无法区分”。", "Only figures with a direction are ranked. A variant is named best only when the 95% interval of its gap to the runner-up excludes zero; otherwise the two cannot be told apart."),
    "best_head": ("| 指标（单位） | 方向 | 最好 | 均值（95% 置信区间） | 各次运行 10%–90% | 第二名：差距（95% 置信区间） | 把握 |", "| figure (unit) | direction | best | mean (95% CI) | runs 10%-90% | runner-up: gap (95% CI) | how sure |"),
    "tie_cell": ("{best} ≈ {second}（无法区分）", "{best} ≈ {second} (cannot tell apart)"),
    "cannot_tell": ("无法区分", "cannot tell apart"),
    "wins": ("{lab} 在 {n} 项指标上明显最好", "{lab} is clearly best on {n} figure(s)"),
    "no_wins": ("没有哪个方案在任何指标上明显最好", "no variant is clearly best on any figure"),
    "ties": ("；无法区分的指标：{names}", "; cannot tell apart on: {names}"),
    "in_short": ("简而言之：{summary}。", "In short: {summary}."),
    "neither": ("以下指标没有好坏之分（投入、规模或由编制决定），只报告数值，不评最好：{names}。", "These figures have no better direction (effort, size, or set by the establishment): reported, never crowned: {names}."),
    "h_against": ("## {lab} 与 {ref} 比较", "## {lab} against {ref}"),
    "no_pairs": ("无法比较 {lab} 与 {ref}（两者都有数值的重复不足 2 次）。", "cannot compare {lab} with {ref} (fewer than 2 replicates where both have a value)."),
    "identical": ("{lab} 与 {ref} 每次运行结果完全相同。", "{lab} and {ref} give exactly the same result in every replicate."),
    "ci": ("95% 置信区间 {low} 至 {high}", "95% CI {low} to {high}"),
    "more": ("{lab} 比 {ref} 多 {by}", "{lab} gives {by} more than {ref}"),
    "less": ("{lab} 比 {ref} 少 {by}", "{lab} gives {by} fewer than {ref}"),
    "higher": ("{lab} 比 {ref} 高 {by}", "{lab} is {by} higher than {ref}"),
    "lower": ("{lab} 比 {ref} 低 {by}", "{lab} is {by} lower than {ref}"),
    "v_tie": ("：**无法区分**（区间含 0，差异可能来自运气）。", ": **cannot tell apart** (the interval covers zero: the gap could be luck)."),
    "v_neither": ("：差异明确，但这项指标本身无所谓好坏。", ": a clear difference, but neither direction is better in itself."),
    "v_better": ("：**{winner} 更好**，{sure}。", ": **{winner} is better**, {sure}."),
    "dagger": ("† 判断依据是配对 t 区间；不假定正态分布的 Wilcoxon 符号秩检验在这一行得出相反结论（5% 水平），请谨慎看待。", "† The verdict rests on the paired t interval; on this line the Wilcoxon signed-rank test (which assumes no normal distribution) reaches the opposite verdict at the 5% level: treat it with care."),
    "few_for_wilcoxon": ("注：每个方案只运行 {r} 次，Wilcoxon 符号秩检验在 5% 水平上不可能显著（至少需要 6 次），所以只用配对 t 区间判断；要核对，请用 6 次以上重复。", "Note: with {r} replicates the Wilcoxon signed-rank test cannot reach 5% whatever the data (it needs 6 or more), so the verdicts rest on the paired t interval alone; use 6 or more replicates to check them."),
    "h_table": ("## 各方案的均值、95% 置信区间和运行分布", "## Mean and 95% CI per variant, and where the runs fall"),
    "table_intro": ("每格：均值（95% 置信区间），下一行是各次运行的 10%–90% 范围：区间说明均值估得多准，范围说明单次运行的波动。", "Each cell: the mean (its 95% interval) and, below, the range of the middle 80% of the runs (10% to 90%): the interval says how well the mean is known, the range how much one run varies."),
    "figure": ("指标（单位）", "figure (unit)"),
    "runs": ("各次运行", "runs"),
    "files": ("文件：{files}。", "Files: {files}."),
    "plot_title": ("{name}：各方案均值与 95% 区间", "{name}: mean and 95% band over replicates"),
    # ---- comparison over a fit's plausible sets (sim.output.ensemble_report) ----
    "e_title": ("## 在拟合 {folder} 的各组可信参数下", "## Across the plausible parameter sets of {folder}"),
    "e_intro": ("每个方案都在该拟合的 {n} 组可信参数（其 ensemble.csv，最好的在前）上运行，每组 {r} 次，所有组和方案使用相同的种子；下面的数字汇总一个方案的全部 {runs} 次运行，所以区间和范围包含了校准参数本身的不确定性。各组参数的范围：", "Every variant ran on the fit's {n} plausible parameter sets (its `ensemble.csv`, best first), {r} replicates each, the same seeds in every set; the figures below pool all {runs} runs of a variant, so their intervals and ranges include the uncertainty of the calibrated parameters. The sets span:"),
    "e_span": ("{low} 至 {high}", "{low} to {high}"),
    "e_same": ("各组都是 {value}", "{value} in every set"),
    "e_kept": ("{lab} 自己设定了 {keys}（这是它的政策），不采用各组的取值。", "{lab} sets {keys} itself (its policy): the sets leave it."),
    "e_rule": ("某组参数下若有对手明显更好（该组各次重复的配对差 95% 区间不含 0），就算该组“推翻”了最好方案；差距在噪声之内的不算。", "A set reverses the best variant when a rival is clearly better in that set (the 95% interval of the paired difference over the set's replicates excludes zero); a near tie does not count."),
    "e_head": ("| 指标（单位） | 全部参数组下最好 | 均值（各次运行 10%–90%） | 与第二名相比 | 推翻它的参数组 | 结论 | 按均值的排序（成立的组数） | 在哪里改变 |", "| figure (unit) | best over all sets | mean (runs 10%-90%) | against the runner-up | sets that reverse it | verdict | ranking by means (sets where it holds) | where it changes |"),
    "e_tie": ("无法区分 {best} 与 {second}", "cannot tell {best} and {second} apart"),
    "e_tie_cell": ("{best} ≈ {second}（无法区分）", "{best} ≈ {second} (cannot tell apart)"),
    "e_robust": ("**稳健**", "**robust**"),
    "e_depends": ("取决于参数", "depends on the parameters"),
    "e_mostly": ("在大多数参数组下成立", "holds in most sets"),
    "e_sum_mostly": ("在大多数参数组下成立（推翻它的组不超过一成，约为偶然所能造成的）：{names}。", "Holds in most sets (at most a tenth reverse it, about what chance alone gives): {names}."),
    "e_noise": ("在噪声之内", "within noise"),
    "e_none": ("没有哪组参数推翻它", "no set reverses it"),
    "e_no_param": ("{rival} 在某些组中获胜，但没有一个参数能把这些组分开", "{rival} wins in some sets; no parameter separates them"),
    "e_above": ("高于", "above"),
    "e_below": ("低于", "below"),
    "e_where": ("当 `{p}` {side} {at} 时 {rival} 获胜（这一阈值能正确区分 {acc} 的参数组）", "{rival} wins where `{p}` is {side} {at} (this threshold sorts {acc} of the sets)"),
    "e_sum_robust": ("**稳健**（没有哪组参数推翻最好方案）：{names}。", "**Robust** (no set reverses the best variant): {names}."),
    "e_sum_tie": ("即使汇总所有参数组也无法区分：{names}。", "Too close to call even pooled over the sets: {names}."),
    "e_sum_depends": ("{name} 的结论取决于参数：{where}。", "On {name} the answer depends on the parameters: {where}."),
    "e_files": ("阈值是用单个参数对各组的最佳一刀切分；组数少时可能是巧合。文件：robustness.csv、by_set.csv、plots/ensemble.png。", "A threshold is the best single split of the sets by one parameter; with few sets it can be chance. Files: robustness.csv, by_set.csv, plots/ensemble.png."),
    "e_plot": ("每组可信参数的均值（点）与各次运行的 10%–90%（竖条）", "each plausible set's mean (dots) and the middle 80% of runs (bars)"),
    # ---- sweep (sim.output.sweep_report) ----
    "s_title": ("# 参数扫描：{name}", "# Sweep: {name}"),
    "s_design": ("- 设计：{design}，{points} 个设计点 × 每点 {r} 次重复 = {runs} 次运行；根种子 {seed}；各设计点共用随机数：{crn}", "- design: {design}, {points} points x {r} replicates = {runs} runs; root seed {seed}; common random numbers across points: {crn}"),
    "s_yes": ("是", "yes"),
    "s_no": ("否", "no"),
    "s_runs": ("- 成功运行：{ok}；失败：{failed}", "- runs ok: {ok}; failed: {failed}"),
    "s_see_failures": ("（见 failures.csv）", " (see failures.csv)"),
    "s_base": ("- 基础情景：{base}；变动的参数：{varied}", "- base scenario: {base}; varied: {varied}"),
    "s_command": ("- 命令行设置（续跑时必须相同）：`{command}`", "- set on the command line (a resumed sweep must use the same): `{command}`"),
    "s_files": ("- 文件：{files}（results 每次运行一行；points 每个设计点的均值、95% 置信区间和各次运行 10%–90%；best 每项指标的最佳设计点）", "- files: {files} (results: one row per run; points: mean, 95% CI and runs' 10%-90% per design point; best: the best design point per outcome)"),
    "s_h_best": ("## 每项指标的最佳设计点", "## The best design point per outcome"),
    "s_best_intro": ("只对有好坏方向的指标评最佳。最佳设计点与次佳设计点之差的 95% 置信区间不含 0 时，才算“能区分”（加粗）；含 0 时两者无法区分，选哪个都可以。", "Only outcomes with a direction are ranked. The best point is told apart from the next best (in bold) only when the 95% interval of their gap excludes zero; otherwise the two cannot be told apart and either will do."),
    "s_best_head": ("| 指标（单位） | 方向 | 最佳设计点 | 均值（95% 置信区间） | 各次运行 10%–90% | 次佳设计点：差距（95% 置信区间） | 能否区分 |", "| outcome (unit) | direction | best design point | mean (95% CI) | runs 10%-90% | next best: gap (95% CI) | told apart? |"),
    "s_distinct": ("能区分", "yes"),
    "s_tie": ("无法区分", "cannot tell apart"),
    "s_too_few": ("无法判断（每点重复太少）", "cannot tell (too few replicates a point)"),
    "s_only_point": ("只有一个设计点", "only one design point"),
    "s_sum_one": ("{outcome}最佳为 {design}", "{outcome}: best at {design}"),
    "s_in_short": ("简而言之：{parts}。", "In short: {parts}."),
    "s_sum_ties": ("最佳与次佳无法区分的指标：{names}（多跑几次重复，或接受两者皆可）。", "Best and next best cannot be told apart on: {names} (run more replicates, or take either)."),
    "s_h_range": ("## 各指标在设计范围内的变化", "## Outcomes across the design"),
    "s_range_head": ("| 指标（单位） | 方向 | 设计点均值最低 | 设计点均值最高 | 影响最大的参数 |", "| outcome (unit) | direction | lowest point mean | highest point mean | parameter with the widest effect |"),
    "s_no_value": ("（没有运行给出数值）", "(no run gave a value)"),
    "s_widest": ("{name}（各取值的边际均值相差 {by}）", "{name} (marginal means differ by {by})"),
    "s_h_sobol": ("## Sobol 敏感性指数", "## Sobol' sensitivity indices"),
    "s_sobol_intro": ("一阶指数：参数单独解释的结果方差比例；总指数：包括它与其他参数的交互作用。括号内为 95% 自助法区间（每个设计点的重复先取平均）。", "First-order index: share of the outcome's variance explained by the parameter alone; total index: including its interactions. 95% bootstrap intervals (replicates averaged per point)."),
    "s_sobol_head": ("| 指标（单位） | 参数 | 一阶指数（95% 区间） | 总指数（95% 区间） |", "| outcome (unit) | parameter | first-order (95% CI) | total (95% CI) |"),
    "s_sobol_top": ("- {outcome}：影响最大的参数是 {p}（总指数 {st}，95% 区间 {low} – {high}）。", "- {outcome}: the most influential parameter is {p} (total index {st}, 95% CI {low} to {high})."),
    "s_sobol_skipped": ("未计算敏感性指数：{names}（有的设计点没有数值：运行失败，或该指标在那里不适用，例如年数太少）。", "Sensitivity not computed for {names}: some design points have no value (a failed run, or the outcome is n/a there, e.g. too few years)."),
    "s_h_plots": ("## 图", "## Plots"),
    "s_mean": ("均值", "mean"),
    "s_band": ("95% 置信区间", "95% CI"),
    "s_plot_title": ("{name}：{outcome}", "{name}: {outcome}"),
}
# fmt: on


def W(key: str, lang: str = "zh", **fields: Any) -> str:
    """The sentence ``key`` in ``lang`` ("zh" or "en") with ``fields`` filled in."""
    zh, en = _P[key]
    text = zh if lang == "zh" else en
    return text.format(**fields) if fields else text

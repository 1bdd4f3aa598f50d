"""The words of scenario discovery (``cadre-sim discover``): one line each, 中文 then English.

``D(key, lang, **fields)`` gives the sentence in ``lang`` with its fields filled in; figures and
names come in already formatted. Parameter names come from the scenario schema
(``sim.explore.sweep_runs.SweptParameter.label``), outcomes from their vocabulary.
"""

from __future__ import annotations

from sim.vocab import Phrasebook

__all__ = ["D"]

# fmt: off
_D: dict[str, tuple[str, str]] = {
    "title": ("# 情景发现：{name}", "# Scenario discovery: {name}"),
    "sweep": ("- 参数扫描：`{folder}`（{design} 设计，{planned} 次运行，每个设计点重复 {r} 次）", "- sweep: `{folder}` ({design} design, {planned} runs, {r} replicates a design point)"),
    "runs": ("- 分析的运行：{used} 次", "- runs analysed: {used}"),
    "failed": ("；{n} 次运行失败，未计入（见扫描文件夹的 failures.csv）", "; {n} failed run(s) left out (see the sweep's failures.csv)"),
    "missing": ("；{n} 次尚未运行（扫描未完成，结果只基于已完成的运行）", "; {n} not run yet (the sweep is unfinished: this rests on the runs done)"),
    "no_value": ("；{n} 次该指标无数值，未计入", "; {n} without a value for the condition, left out"),
    "condition": ("- 条件：`{text}`（{words}）", "- condition: `{text}` ({words})"),
    "base_rate": ("- 满足条件的运行：{cases} / {used}（基准比例 {rate}：不加任何限制时，一次运行满足条件的机会）", "- runs meeting it: {cases} of {used} (base rate {rate}: the chance that a run meets it with no limit at all)"),
    "h_what": ("## 怎么读", "## How to read it"),
    "coverage": ("- **覆盖率**：满足条件的运行中，落在方框里的比例（方框解释了多少情形）。", "- **coverage**: of the runs meeting the condition, the share inside the box (how much of it the box explains)."),
    "density": ("- **密度**：方框里的运行中，满足条件的比例（在方框的条件下，条件发生的机会）。", "- **density**: of the runs inside the box, the share meeting the condition (how likely it is under the box's limits)."),
    "mass": ("- **质量**：方框里的运行占全部运行的比例。", "- **mass**: the share of all runs inside the box."),
    "method": ("- 方法：PRIM（EMA Workbench 实现），以单次运行为单位（同一设计点的各次重复分别计入，随机种子带来的差异如实保留）。每个方框取剥离轨迹上覆盖率不低于 {cov}（对尚未解释的情形而言）的最密的一点；拟 p 值高于 {alpha} 的限制{drop}。", "- method: PRIM (EMA Workbench's), on single runs (each replicate of a design point counts on its own, so seed noise stays in). Each box is the densest point of its peeling trajectory covering at least {cov} of the cases still to explain; limits with a quasi-p value above {alpha} {drop}."),
    "drop_yes": ("已去掉（不能排除是噪声）", "were dropped (they could be noise)"),
    "drop_no": ("保留但标为不显著", "are kept but marked not significant"),
    "h_boxes": ("## 发现的方框", "## The boxes found"),
    "box_line": ("**方框 {n}**：{what} 多发生在 {limits} 时（覆盖 {cov}，密度 {dens}，质量 {mass}：方框内 {n_in} 次运行中 {k} 次满足条件）。", "**Box {n}**: {what} happens mostly when {limits} (coverage {cov}, density {dens}, mass {mass}: {k} of the {n_in} runs in the box meet it)."),
    "and": ("且", " and "),
    "below": ("{p} 低于 {b}", "{p} is below {b}"),
    "above": ("{p} 高于 {a}", "{p} is above {a}"),
    "between": ("{p} 在 {a} 至 {b} 之间", "{p} is between {a} and {b}"),
    "at_most": ("{p} 不超过 {b}", "{p} is at most {b}"),
    "at_least": ("{p} 不少于 {a}", "{p} is at least {a}"),
    "equals": ("{p} 为 {a}", "{p} is {a}"),
    "is_one": ("{p} 为 {levels}", "{p} is {levels}"),
    "limits_head": ("| 参数 | 扫描范围 | 方框内 | 拟 p 值 | 显著 |", "| parameter | swept | in the box | quasi-p | significant |"),
    "yes": ("是", "yes"),
    "no": ("否（可能是噪声）", "no (could be noise)"),
    "dropped": ("去掉的限制（拟 p 值高于 {alpha}）：{items}。", "Limits dropped (quasi-p above {alpha}): {items}."),
    "none_found": ("没有找到方框：剥离轨迹上没有一点在覆盖率不低于 {cov} 的同时比基准比例更密。条件的发生与扫描的参数没有清楚的关系（或需要更多运行）。", "No box found: no point of the peeling trajectory covers at least {cov} while being denser than the base rate. The condition bears no clear relation to the swept parameters (or more runs are needed)."),
    "left": ("方框之外还有 {share} 的满足条件的运行（{why}）。", "{share} of the runs meeting the condition lie outside every box ({why})."),
    "why_boxes": ("已找到要求的 {n} 个方框", "the {n} boxes asked for were found"),
    "why_remaining": ("剩下的不到 {share}，不再寻找", "fewer than {share} were left: the search stopped"),
    "why_no_box": ("剩下的情形没有再形成方框：它们散布在参数空间里，像是随机种子带来的", "the rest form no further box: they are scattered, as seed noise would be"),
    "h_plots": ("## 图", "## Plots"),
    "files": ("- 文件：boxes.csv（每个方框的每项限制一行）、peeling.csv（剥离轨迹）、plots/", "- files: boxes.csv (one row per limit of each box), peeling.csv (the peeling trajectories), plots/"),
    "all_levels": ("全部", "all"),
    # pictures
    "p_peel_title": ("剥离轨迹：{what}", "Peeling trajectory: {what}"),
    "p_box": ("方框 {n}", "box {n}"),
    "p_coverage": ("覆盖率", "coverage"),
    "p_density": ("密度", "density"),
    "p_res_dim": ("受限参数个数", "restricted parameters"),
    "p_chosen": ("所选的点", "chosen"),
    "p_final": ("去掉不显著限制后", "after dropping weak limits"),
    "p_limits_title": ("方框的限制与扫描范围：{what}", "Box limits within the swept ranges: {what}"),
    "p_swept": ("扫描范围", "swept range"),
    "p_in_box": ("方框 {n}", "box {n}"),
    "p_share": ("在扫描范围中的位置（0 = 最低，1 = 最高）", "position within the swept range (0: lowest, 1: highest)"),
    # terminal
    "t_loading": ("正在加载 EMA Workbench（PRIM）……", "loading EMA Workbench (PRIM) ..."),
    "t_condition": ("{cases} / {used} 次运行满足 {text}（基准比例 {rate}）", "{cases} of {used} runs meet {text} (base rate {rate})"),
    "t_written": ("情景发现结果：{folder}（报告：{report}）", "scenario discovery written to {folder} (report: {report})"),
}
# fmt: on


D = Phrasebook(_D)  # D(key, lang, **fields): a sentence of scenario discovery

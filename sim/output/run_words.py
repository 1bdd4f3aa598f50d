"""The words of one run's outputs (report, plots, workbook, terminal), 中文 then English, one line each.

``w(key, lang, **fields)`` gives the text in ``lang`` with its fields filled in; figures come in
already formatted (``sim.output.numbers``). Names of stages, forms, rules, kinds, ranks and
outcomes are not here: they come from their vocabularies.
"""

from __future__ import annotations

from sim.vocab import Phrasebook

# fmt: off
_W: dict[str, tuple[str, str]] = {
    # ---- report: head ----
    "title": ("# {name}：{span}", "# {name}: {span}"),
    "description": ("> 场景说明（场景文件原文）：{text}", "> Scenario description (as in the file): {text}"),
    "description_stale": ("以上说明写于场景文件；本次运行改动的参数见下表，以下表为准。", "The description is the file's; this run changed the parameters below, which take precedence."),
    "h_run": ("## 本次运行", "## This run"),
    "run_line": ("随机种子 {seed}；{span}，共 {months} 个月，每步一个月。", "Seed {seed}; {span}, {months} months, one step a month."),
    "pairing": ("帮带方式：{form}（每名导师最多带 {mentees} 人，每名徒弟 {mentors} 名导师），匹配原则：{rule}，帮带方法组合：{mix}。", "Pairing: {form} (up to {mentees} mentee(s) a mentor, {mentors} mentor(s) a mentee), matching rule: {rule}, method mix: {mix}."),
    "no_pairing": ("本方案不开展导师帮带：青年干部只靠干中学成长（对照方案）。", "No mentoring in this scenario: young cadres learn by doing only (the baseline)."),
    "based_on": ("本方案以 **{base}** 场景为基础（含其校准值），只改动了下列参数：", "This scenario is based on **{base}** (its calibrated values included) and changes only these parameters:"),
    "based_on_none": ("本方案以 **{base}** 场景为基础（含其校准值），参数与之相同（只改了名称和说明）。", "This scenario is based on **{base}** (its calibrated values included), with the same parameters (only its name and description differ)."),
    "overrides": ("本次运行在命令行改动了下列参数（`--set`、`--years`、`--seed`）：", "This run changed these parameters on the command line (`--set`, `--years`, `--seed`):"),
    "no_overrides": ("本次运行没有在命令行改动参数。", "No parameter was changed on the command line."),
    "change_head": ("| 参数 | 原值 | 本次取值 |", "| parameter | was | this run |"),
    "roster": ("初始干部来自花名册 `{file}`：{rows} 人，{units} 个单位，导师 {mentors} 人，在带师徒 {pairs} 对。结果文件只保留花名册的行号（`roster_row`），不含姓名和身份证号。", "The starting cadres come from the roster `{file}`: {rows} people in {units} units, {mentors} mentors, {pairs} pairs under way. The results keep only the roster's row numbers (`roster_row`), never names or ID numbers."),
    "roster_ignored": ("花名册中未使用的列：{columns}。", "Roster columns not used: {columns}."),
    # ---- report: what happened ----
    "h_happened": ("## 运行结果", "## What happened"),
    "headcount": ("在岗干部从 {first} 人变为 {last} 人；期间新进 {intake} 人（新录用干部，以及场景中有的村级帮带对象）。", "Cadres in post went from {first} to {last}; {intake} newcomers arrived (recruits and, where the scenario has them, village mentees)."),
    "pairs_backbones": ("共结成师徒 {pairs} 对；{backbones} 人成长为骨干，其中 {mentored} 名在编干部受过导师帮带。", "{pairs} mentor-mentee pairs were formed; {backbones} people became backbones, {mentored} of them cadres who had been mentored."),
    "backbones_alone": ("{backbones} 人靠干中学成长为骨干。", "{backbones} people became backbones by learning on the job."),
    "competence": ("新录用干部达到胜任的时间中位数为 {months} 个月；入职满三年的新录用干部中 {share} 在三年内达到胜任。", "Recruits reached competence in a median of {months} months; {share} of recruits got there within three years."),
    "competence_none": ("运行期间没有新录用干部达到胜任（运行太短，或没有新录用干部）。", "No recruit reached competence in the run (too short a run, or no recruits)."),
    "pool": ("导师库从 {first} 人变为 {last} 人，期末每名在库导师平均带 {ratio} 人。", "The mentor pool went from {first} to {last} ({ratio} mentees per mentor at the end)."),
    "removals": ("经年度考核或负面清单退出导师库 {n} 人。", "{n} mentors were taken out by the review or the negative list."),
    "lineage": ("师带徒、徒成师：传承达到第 {gen} 代；每名带过徒弟的干部平均带出 {r} 名新导师。", "Teacher brings apprentice, apprentice becomes teacher: the lineage reached generation {gen}; each cadre who mentored produced {r} new mentors on average."),
    "hours": ("导师共投入 {hours} 小时，每培养一名经帮带的骨干用 {per} 小时。", "Mentors gave {hours} hours in all, {per} hours per mentored backbone."),
    "kinds": ("期末有导师的 {n} 人中：{parts}；{idle} 名在库导师没有在带对象；骨干和导师占在编干部的 {share}。", "At the end {n} people had a mentor ({parts}); {idle} pool members had no mentee; backbones and mentors were {share} of the establishment's cadres."),
    "kind_part": ("{kind} {n} 人", "{n} {kind}"),
    "promotions": ("晋升 {n} 人次：{parts}。", "{n} promotions: {parts}."),
    "promotion_part": ("{rank} {n} 人次", "{n} to {rank}"),
    "secondments": ("挂职选派 {n} 人次；{seconded} 名挂职干部中，{town} 人进入乡镇领导班子，{county} 人达到县处级。", "{n} secondments; of {seconded} cadres seconded, {town} reached a township leadership team and {county} county-division level."),
    "introducer": ("新入党干部中 {share} 由本人导师担任入党介绍人。", "{share} of new Party members had their mentor as introducer."),
    "fecundity": ("已结束职业生涯的导师 {n} 人，一生平均带徒 {mean} 人（中位数 {median}，前 10% 至少 {p90}，最多 {max}）。", "Mentors whose careers ended ({n}): {mean} mentees in a career on average (median {median}, 90th percentile {p90}, most {max})."),
    "fecundity_rho": ("导师带徒多少与其徒弟带徒多少的秩相关：{rho}（{pairs} 对）。", "Rank correlation of a mentor's fecundity with their protégés' own: {rho} ({pairs} pairs)."),
    "collectives": ("{n} 个软弱涣散村党组织实现转化。", "{n} weak village Party organisations were turned around."),
    # ---- report: figures, plots, files ----
    "h_figures": ("## 主要指标", "## Headline figures"),
    "figures_head": ("| 指标 | 数值 | 含义 |", "| figure | value | meaning |"),
    "figures_left_out": ("本方案不涉及、因而未列出的指标：{names}。", "Figures that do not apply to this scenario, left out: {names}."),
    "h_plots": ("## 图", "## Plots"),
    "h_files": ("## 文件", "## Files"),
    "files": ("`results.xlsx`（全部表格，一表一页，可直接用 Excel 打开）；`series.csv`（逐月）、`events.csv`、`pairs.csv`、`cadres.csv`、`lineage_cohorts.csv`、`summary.json`；`scenario.toml`（可用 `cadre-sim run` 重跑得到相同结果）。CSV 中空白表示“从未”（如尚未结束的结对、从未成为骨干）。", "`results.xlsx` (every table, one sheet each, opens in Excel); `series.csv` (monthly), `events.csv`, `pairs.csv`, `cadres.csv`, `lineage_cohorts.csv`, `summary.json`; `scenario.toml` (re-run it with `cadre-sim run` for the same figures). A blank cell in a CSV means \"never\" (a pair still open, never a backbone)."),
    # ---- plots ----
    "axis_year": ("年份", "year"),
    "p_headcount": ("各阶段干部人数", "Cadres by career stage"),
    "p_pool": ("导师库与帮带对象", "Mentor pool and mentees"),
    "p_skill": ("各阶段平均能力", "Mean skill by career stage"),
    "p_cumulative": ("累计结对与成长为骨干", "Pairs formed and backbones, cumulative"),
    "p_generation": ("导师库按传承代数", "Mentors by lineage generation"),
    "p_kinds": ("各类帮带对象", "Mentees by kind"),
    "p_ranks": ("科员以上各职级人数", "Cadres by rank above staff"),
    "p_collectives": ("软弱涣散村党组织", "Weak village Party organisations"),
    "y_people": ("人", "people"),
    "y_people_pairs": ("人 / 对", "people / pairs"),
    "y_skill": ("能力（0-1）", "skill (0-1)"),
    "y_organisations": ("个", "organisations"),
    "everyone": ("全体", "everyone"),
    "generation": ("第 {g} 代", "generation {g}"),
    "generation_deeper": ("第 {g} 代及以后", "generation {g}+"),
    # ---- workbook ----
    "s_about": ("说明", "About"),
    "s_summary": ("主要指标", "Summary"),
    "s_breakdown": ("分类指标", "By category"),
    "s_series": ("月度序列", "Series"),
    "s_pairs": ("师徒结对", "Pairs"),
    "s_cadres": ("干部", "Cadres"),
    "s_events": ("事件", "Events"),
    "s_cohorts": ("传承队列", "Lineage cohorts"),
    "s_scenario": ("场景参数", "Scenario"),
    "c_figure": ("指标", "figure"),
    "c_value": ("数值", "value"),
    "c_unit": ("单位", "unit"),
    "c_meaning": ("含义", "meaning"),
    "c_code": ("代码", "code"),
    "c_group": ("类别", "group"),
    "c_item": ("项目", "item"),
    "c_section": ("部分", "section"),
    "c_parameter": ("参数", "parameter"),
    "a_scenario": ("场景", "scenario"),
    "a_span": ("时间", "calendar span"),
    "a_seed": ("随机种子", "seed"),
    "a_description": ("场景说明（原文）", "description (as in the file)"),
    "a_based_on": ("基于场景", "based on"),
    "a_variant": ("本方案改动", "the variant changes"),
    "a_override": ("命令行改动", "changed on the command line"),
    "a_roster": ("花名册", "roster"),
    "a_blank": ("空白单元格", "blank cells"),
    "start_row": ("起始前", "start"),
    "about_blank": ("空白单元格表示“从未”或“不适用”（如尚未结束的结对、从未成为骨干）；月份序号 1 是起始月，0 是起始前。", "A blank cell means \"never\" or \"does not apply\" (a pair still open, never a backbone); model month 1 is the start month, 0 the state before it."),
    "b_mentees_by_kind": ("期末在带对象（按类别）", "mentees at the end, by kind"),
    "b_promotions_by_rank": ("晋升人次（按职级）", "promotions, by rank"),
    "b_seconded_later": ("挂职干部后来的职级", "seconded cadres, rank reached"),
    "b_fecundity": ("导师一生带徒人数（已结束职业生涯）", "mentees in a mentor's career (complete careers)"),
    "bi_seconded": ("挂职人数", "cadres seconded"),
    "bi_reached_township_leadership": ("其中进入乡镇领导班子", "of them reached a township leadership team"),
    "bi_reached_county_level": ("其中达到县处级", "of them reached county-division level"),
    "bi_mentors_with_complete_careers": ("职业生涯已结束的导师", "mentors whose careers ended"),
    "bi_mean": ("平均", "mean"),
    "bi_median": ("中位数", "median"),
    "bi_p90": ("第 90 百分位", "90th percentile"),
    "bi_max": ("最多", "most"),
    "bi_pairs_for_rho": ("可计算相关的师徒对", "pairs for the correlation"),
    "bi_rho": ("师徒带徒数秩相关", "rank correlation, mentor and protégé"),
    # ---- terminal ----
    "t_head": ("[bold]{name}[/]：{span}，{months} 个月，随机种子 {seed}，起始 {cadres} 人（用时 {secs} 秒）", "[bold]{name}[/]: {span}, {months} months, seed {seed}, {cadres} cadres at start ({secs} s)"),
    "t_results": ("结果：[bold]{folder}[/]（报告：{report}；表格：{workbook}）", "results: [bold]{folder}[/] (report: {report}; workbook: {workbook})"),
    "t_long": ("运行较长：{words}", "a long run: {words}"),
    "t_progress": ("模拟 {name}", "simulating {name}"),
}
# fmt: on


def has(key: str) -> bool:
    """Whether ``key`` has words here."""
    return key in _W


w = Phrasebook(_W)  # w(key, lang, **fields): a sentence of a run's report and terminal lines

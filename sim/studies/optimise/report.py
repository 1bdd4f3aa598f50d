"""A finished policy search in files, a picture and plain words (``cadre-sim optimise``).

    search.json          the settings a resumed search must share (``sim.studies.optimise.search``)
    study.db             the Optuna study; confirm/ the confirmation and ensemble runs
    trials.csv           every finished trial: levers, replicate means, feasible, on the front
    front.csv            the front (point-NN), best on the first objective first
    confirmed.csv        the confirmed points: means and 95% intervals on fresh seeds (and the sets they hold in)
    verdicts.csv         the confirmed points' paired verdicts on every figure (over the sets with --ensemble);
                         verdicts_by_set.csv the gap within each set
    robustness.csv       with --ensemble: each confirmed point on each plausible set
    scenario.toml        the scenario searched, resolved; front/point-NN.toml are variants of it
    plots/front.png      objective 1 against objective 2 (or the budgeted outcome): trials grey, front coloured
    report.md            the recommendation, its cost, how sure, the trade-off (中文 by default, ``lang="en"``)

Every file is written atomically and rewritten whole when the search goes on.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import tomli_w
from matplotlib.ticker import FuncFormatter

from sim.files import atomic_write
from sim.output.decisions import (
    assumption_lines,
    measure_lines,
    recommendation_lines,
    verdict_lines,
    write_verdict_tables,
)
from sim.output.documents import write_documents
from sim.output.names import outcome_name, value_text
from sim.output.numbers import number
from sim.output.plotting import figure_language, plt
from sim.output.sheet import write_study_workbook
from sim.output.study_files import write_csv, write_text
from sim.params.schema import parameter_table
from sim.studies.optimise.front import NEAR, point_name
from sim.words import Book, check_lang, pick

if TYPE_CHECKING:
    from sim.studies.optimise.goals import Budget
    from sim.studies.optimise.search import Search, SearchResult

__all__ = ["budget_text", "lever_header", "lever_name", "lever_value", "point_name", "summary_line", "write_optimise"]

O = Book("optimise")  # noqa: E741  (one letter): a sentence of a policy search's report
_SIGN = {"<=": "≤", ">=": "≥"}
FILE_LANG = "en"  # the scenario files' comments and descriptions, English as before


def _rows() -> dict[str, dict[str, Any]]:
    return {r["parameter"]: r for r in parameter_table()}


def lever_name(parameter: str, lang: str = "zh") -> str:
    """A parameter in planner words, from the schema: 结对形式, 导师库人数上限 (before a colon or a bracket)."""
    row = _rows().get(parameter)
    if row is None:
        return parameter
    text = str(pick(lang, row["meaning_zh"], row["meaning_en"])) or parameter
    for cut in ("：", "（", ":", " ("):  # the name, without its list of choices or its unit
        text = text.split(cut)[0]
    return text.strip()


def lever_value(parameter: str, value: Any, lang: str = "zh") -> str:
    """A value in planner words: a form, rule or mix by its label, a number as people read it."""
    row = _rows().get(parameter)
    labels = row["choice_labels"] if row else {}
    if str(value) in labels:
        return pick(lang, *labels[str(value)])
    if isinstance(value, bool):
        return O("yes" if value else "no", lang)
    if isinstance(value, (int, float)):
        return number(value, lang=lang) if float(value).is_integer() or abs(value) >= 10 else f"{value:.3g}"
    return str(value)


def _choice(search: Search, row: pd.Series | dict[str, Any]) -> dict[str, Any]:
    out = {}
    for f in search.levers.factors:
        v = row[f.name]
        out[f.name] = int(v) if f.kind == "range" and f.integer else v
    return out


def _base_value(search: Search, key: str) -> Any:
    section, name = key.split(".", 1)
    return getattr(getattr(search.base, section), name)


def policy_lines(search: Search, row: pd.Series | dict[str, Any], lang: str) -> list[str]:
    """The levers of a trial in planner words, one ``- name: value`` line each (level tables: what they change)."""
    lines, choice = [], _choice(search, row)
    for f in search.levers.factors:
        if f.kind == "bundle":
            changed = {k: v for k, v in f.overrides(choice[f.name]).items() if v != _base_value(search, k)}
            sets = O("sep_sets", lang).join(
                f"{lever_name(k, lang)} {lever_value(k, v, lang)}" for k, v in changed.items()
            )
            name, label = search.levers.word(f.name, lang), _label(search, f.name, choice[f.name], lang)
            lines.append(O("bundle_line", lang, name=name, label=label, sets=sets))
        else:
            assert f.target is not None, "a values or range lever has a target parameter"
            name, value = lever_name(f.target, lang), lever_value(f.target, choice[f.name], lang)
            lines.append(O("lever_line", lang, name=name, value=value))
    return lines


def lever_header(search: Search, lang: str) -> list[str]:
    """Each lever's name in planner words (the schema's, for a lever of one parameter; the file's, for level tables)."""
    return [
        search.levers.word(f.name, lang) if f.target is None else lever_name(f.target, lang)
        for f in search.levers.factors
    ]


def _label(search: Search, lever: str, label: Any, lang: str) -> str:
    """A labelled choice in the file's words (``[words]``), else as written."""
    return search.levers.word(f"{lever}.{label}", lang, default=str(label))


def budget_text(b: Budget, lang: str) -> str:
    """A budget in words: ``导师投入时数（小时） ≤ 300,000``."""
    return f"{outcome_name(b.outcome, lang)} {_SIGN[b.op]} {value_text(b.outcome, b.limit)}"


def _point_file(search: Search, row: pd.Series, i: int, folder: Path) -> None:
    data: dict[str, Any] = {"based_on": "../scenario.toml"}
    name = f"{search.base.name}_{point_name(i).replace('-', '_')}"[-80:]
    means = ", ".join(f"{o} {value_text(o, row[o])}" for o in search.outcomes)
    data["run"] = {
        "name": name,
        "description": O("point_description", FILE_LANG, point=point_name(i), scenario=search.base.name, means=means),
    }
    for key, value in search.levers.overrides(_choice(search, row)).items():
        section, k = key.split(".", 1)
        data.setdefault(section, {})[k] = value.item() if hasattr(value, "item") else value
    head = O("point_head", FILE_LANG, point=point_name(i), trial=int(row["trial"]), means=means) + "\n"
    head += O("point_run", FILE_LANG, point=point_name(i)) + "\n\n"
    write_text(folder / f"{point_name(i)}.toml", head + tomli_w.dumps(data))


def _axes(search: Search) -> tuple[str, str | None]:
    """(y, x) of the front plot: objective 1 against objective 2, or the first budgeted outcome, or the trial."""
    y = search.objectives[0].outcome
    if len(search.objectives) > 1:
        return y, search.objectives[1].outcome
    return y, next((b.outcome for b in search.budgets if b.outcome != y), None)


def plot_front(result: SearchResult, path: Path, lang: str) -> Path:
    """Trials grey (over budget: crosses), the front coloured and joined, the recommended point starred."""
    lang = figure_language(lang)
    search, table = result.search, result.trials
    y, x = _axes(search)
    xs = (lambda d: d[x]) if x else (lambda d: d["trial"])
    fig, ax = plt.subplots(figsize=(7.5, 5))
    ok, over = table[table["feasible"]], table[~table["feasible"]]
    ax.scatter(xs(ok), ok[y], s=18, color="#b0b0b0", label=O("plot_other", lang))
    ax.scatter(xs(over), over[y], s=18, marker="x", color="#d0d0d0", label=O("plot_infeasible", lang))
    if not result.front.empty:
        f = result.front.sort_values(x or "trial")
        ax.plot(xs(f), f[y], "-o", color="#c0392b", ms=5, label=O("plot_front", lang))
    rec = result.recommendation
    if rec is not None:
        r = table[table["trial"] == rec.trial]
        ax.scatter(
            xs(r), r[y], s=220, marker="*", color="#f1c40f", edgecolor="black", zorder=5, label=O("plot_rec", lang)
        )
    for b in search.budgets:
        if b.outcome == x:
            ax.axvline(
                b.limit, ls="--", color="#555555", lw=1, label=f"{O('plot_budget', lang)} {_SIGN[b.op]} {b.limit:,.0f}"
            )
        elif b.outcome == y:
            ax.axhline(
                b.limit, ls="--", color="#555555", lw=1, label=f"{O('plot_budget', lang)} {_SIGN[b.op]} {b.limit:,.0f}"
            )
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if abs(v) >= 1000 else f"{v:g}"))
    ax.set_ylabel(outcome_name(y, lang))
    ax.set_xlabel(outcome_name(x, lang) if x else O("plot_trial", lang))
    ax.set_title(O("plot_title", lang, scenario=search.base.name))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, lambda tmp: fig.savefig(tmp, dpi=100, format="png"))
    plt.close(fig)
    return path


def _ci(o: str, row: pd.Series | dict[str, Any]) -> tuple[str, str, str]:
    return value_text(o, row[o]), value_text(o, row[f"{o}_low"]), value_text(o, row[f"{o}_high"])


def _confirmed_row(result: SearchResult, trial: int) -> dict[str, Any]:
    """A confirmed point's row: each outcome's mean and 95% interval on the fresh seeds."""
    return {str(k): v for k, v in result.confirmed.set_index("trial").loc[trial].items()}


def _recommendation(result: SearchResult, names: dict[int, str], lang: str) -> list[str]:
    search, rec = result.search, result.recommendation
    first = search.objectives[0].outcome
    if rec is None:
        why = "none_front" if result.front.empty else "none_robust" if result.robust is not None else "none_confirm"
        return [O("none", lang, why=O(why, lang)), ""]
    trial = rec.trial
    row = result.trials[result.trials["trial"] == trial].iloc[0]
    conf = _confirmed_row(result, trial)
    lines = [O("rec_intro", lang, k=len(result.confirmed), r=result.confirm_replicates, first=outcome_name(first, lang),
               point=names[trial], trial=trial), "", O("policy", lang), "", *policy_lines(search, row, lang), ""]  # fmt: skip
    lines += [O("gives", lang, r=result.confirm_replicates), ""]
    for o in search.objectives:
        v, lo, hi = _ci(o.outcome, conf)
        lines.append(O("value_line", lang, name=outcome_name(o.outcome, lang), value=v, low=lo, high=hi))
    if search.budgets:
        lines += ["", O("costs", lang), ""]
        for b in search.budgets:
            v, lo, hi = _ci(b.outcome, conf)
            bound = conf[f"{b.outcome}_high"] if b.op == "<=" else conf[f"{b.outcome}_low"]
            verdict = O("safely" if b.holds(float(bound)) else "on_average", lang)
            lines.append(O("cost_line", lang, name=outcome_name(b.outcome, lang), value=v, low=lo, high=hi,
                           op=_SIGN[b.op], limit=value_text(b.outcome, b.limit), verdict=verdict))  # fmt: skip
    lines.append("")
    if rec.runner_up is None:
        lines.append(O("sure_alone", lang))
    else:
        fields = {
            "gap": value_text(first, rec.gap),
            "low": value_text(first, rec.gap_low),
            "high": value_text(first, rec.gap_high),
        }
        lines.append(O("sure_distinct" if rec.distinct else "sure_tie", lang, other=names[rec.runner_up], **fields))
    if result.robust is not None:
        r = result.robust.set_index("trial").loc[trial]
        lines += ["", O("ens_held", lang, fit=f"`{result.ensemble}`", n=result.sets, r=search.replicates, k=rec.held_in,
                        near=f"{NEAR:.0%}", first=outcome_name(first, lang), low=value_text(first, r[f"{first}_sets_min"]),
                        high=value_text(first, r[f"{first}_sets_max"]))]  # fmt: skip
    return [*lines, ""]


def _weighed(result: SearchResult, lang: str) -> list[str]:
    """The recommended point weighed against the other confirmed points: the paired verdicts' rule, side effects.

    Over the plausible sets with an ensemble (then also the paired verdicts, what to measure next and the
    assumptions), else over the fresh seeds.
    """
    rec = result.recommendation
    if rec is None or rec.decision is None or len(result.confirmed) < 2:
        return []
    d = rec.decision
    head = O("h_weighed_sets" if result.robust is not None else "h_weighed", lang)
    lines = [head, "", *recommendation_lines(d, lang, heading=False)]
    if result.robust is not None:
        lines += [*verdict_lines(d, lang), *measure_lines(d, lang), *assumption_lines(d, lang)]
    return lines


def _front_lines(result: SearchResult, names: dict[int, str], lang: str) -> list[str]:
    search, front = result.search, result.front
    if front.empty:
        return []
    dims = search.outcomes
    lines = [O("h_front", lang), "", O("front_intro", lang, n=len(front)), ""]
    y, x = _axes(search)
    if x is not None and len(front) > 1:
        lo, hi = front.sort_values(x).iloc[0], front.sort_values(x).iloc[-1]
        lines += [O("tradeoff", lang, first=outcome_name(y, lang), a=value_text(y, lo[y]), b=value_text(y, hi[y]),
                    other=outcome_name(x, lang), c=value_text(x, lo[x]), d=value_text(x, hi[x])), ""]  # fmt: skip
    head = [O("point", lang), *lever_header(search, lang), *(outcome_name(o, lang) for o in dims)]
    lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for _, row in front.iterrows():
        choice = _choice(search, row)
        shown = (
            _label(search, f.name, choice[f.name], lang)
            if f.target is None
            else lever_value(f.target, choice[f.name], lang)
            for f in search.levers.factors
        )
        cells = [f"`{names[int(row['trial'])]}`", *shown]
        lines.append("| " + " | ".join([*cells, *(value_text(o, row[o]) for o in dims)]) + " |")
    return [*lines, ""]


def _confirm_lines(result: SearchResult, names: dict[int, str], lang: str) -> list[str]:
    search, conf = result.search, result.confirmed
    if conf.empty:
        return []
    held = result.robust.set_index("trial")["held_in"] if result.robust is not None else None
    head = [O("point", lang), *(outcome_name(o, lang) for o in search.outcomes), O("within", lang)]
    head += [O("held", lang)] if held is not None else []
    lines = [O("h_confirm", lang), "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for _, row in conf.iterrows():
        t = int(row["trial"])
        cells = [f"`{names[t]}`", *("{} ({}–{})".format(*_ci(o, row)) for o in search.outcomes)]
        cells.append(O("yes" if row["within_budget"] else "no", lang))
        if held is not None:
            cells.append(f"{held[t]} / {result.sets}")
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, ""]


def summary_line(result: SearchResult, lang: str = "zh") -> str:
    """One terminal line: trials, front size, the recommended point and its first objective with interval."""
    names = {int(t): point_name(i) for i, t in enumerate(result.front["trial"])}
    rec = result.recommendation
    if rec is None:
        return O("done_none", lang, trials=len(result.trials), front=len(result.front))
    conf = _confirmed_row(result, rec.trial)
    parts = ["{} {} ({}–{})".format(outcome_name(o, lang), *_ci(o, conf)) for o in result.search.outcomes]
    return O("done", lang, trials=len(result.trials), front=len(result.front), point=names[rec.trial],
             summary=O("sep_parts", lang).join(parts))  # fmt: skip


def write_optimise(result: SearchResult, lang: str = "zh", plots: bool = True) -> Path:
    """Write every file of the search folder (see the module docstring); returns the report's path."""
    check_lang(lang)
    search, folder = result.search, result.folder
    names = {int(t): point_name(i) for i, t in enumerate(result.front["trial"])}
    on_front = result.trials["trial"].map(names).fillna("")
    write_csv(folder / "trials.csv", result.trials.assign(front_point=on_front))
    write_csv(folder / "front.csv", result.front.assign(point=result.front["trial"].map(names)))
    confirmed = (
        result.confirmed.assign(point=result.confirmed["trial"].map(names))
        if not result.confirmed.empty
        else result.confirmed
    )
    if result.robust is not None:
        confirmed = confirmed.merge(result.robust, on="trial", how="left")
        write_csv(folder / "robustness.csv", result.robust)
    write_csv(folder / "confirmed.csv", confirmed)
    tables = {"trials": result.trials.assign(front_point=on_front), "front": result.front, "confirmed": confirmed}
    write_study_workbook(folder / "results.xlsx", {**tables, "robustness": result.robust}, lang)  # for Excel
    head = O("scenario_head", FILE_LANG, scenario=search.base.name)
    write_text(folder / "scenario.toml", head + "\n\n" + tomli_w.dumps(search.base.model_dump()))
    points = folder / "front"
    points.mkdir(exist_ok=True)
    for i, (_, row) in enumerate(result.front.iterrows()):
        _point_file(search, row, i, points)
    for stale in points.glob("point-*.toml"):
        if stale.stem not in set(names.values()):
            stale.unlink()
    plot = plot_front(result, folder / "plots" / "front.png", lang) if plots else None
    budgets = O("sep_parts", lang).join(budget_text(b, lang) for b in search.budgets)
    lines = [O("title", lang, scenario=search.base.name), ""]
    if search.levers.description:
        lines += [O("question", lang, text=search.levers.description), ""]
    lines += [O("setup", lang, n=len(search.levers.factors), levers=O("sep_list", lang).join(lever_header(search, lang)),
                objectives=", ".join(outcome_name(o.outcome, lang) for o in search.objectives),
                budgets=budgets or O("no_budget", lang), trials=len(result.trials), r=search.replicates, seed=search.seed,
                sampler=search.sampler, refused=O("refused", lang, n=result.refused) if result.refused else O("no_refused", lang)), ""]  # fmt: skip
    lines += [O("h_rec", lang), "", *_recommendation(result, names, lang), *_weighed(result, lang)]
    lines += _front_lines(result, names, lang) + _confirm_lines(result, names, lang)
    if plot is not None:
        lines += [f"![front]({plot.relative_to(folder).as_posix()})", ""]
    lines += [
        O("h_files", lang),
        "",
        O("files", lang, robust="robustness.csv, " if result.robust is not None else ""),
        "",
    ]
    decision = result.recommendation.decision if result.recommendation is not None else None
    if decision is not None:
        write_verdict_tables(decision, folder, lang)
    report = folder / "report.md"
    write_text(report, "\n".join(lines))
    write_documents(report, lang)  # report.html and report.docx
    return report

"""A comparison folder: tables, band plots and a report that says who wins, by how much, how sure.

    table.csv        mean and 95% t confidence interval per variant, and the runs' 10% and 90% points
    differences.csv  paired difference of each variant against the first one
    runs.csv         one row per run (variant, replicate, seed, outcomes, status)
    series.csv       main monthly series: mean and 95% band per variant and month
    plots/*.png      those series, one line with a band per variant, titled with the unit
    failures.csv     runs that raised (if any), with seed and traceback
    report.md        in plain words: who wins on which figure, by how much, how sure

In Chinese by default (``lang="en"`` for English): the report, the tables' ``label`` column and
the plots. A winner is named only on a figure with a direction (``OUTCOMES``) and only when the
95% interval of the paired gap excludes zero; otherwise the two "cannot be told apart". The
Wilcoxon test is a check of the t interval: a line is marked only where it would change the
verdict, and only when it could reach 5% at all (6 replicates or more), and the mark is
explained once. Written under a temporary name and renamed when complete
(``sim.files.build_folder``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from matplotlib.ticker import FormatStrFormatter, MaxNLocator

from sim.files import CSV_ENCODING, build_folder
from sim.model.outcomes import OUTCOMES
from sim.output.decisions import decision_lines, verdict_text, write_verdict_tables
from sim.output.documents import write_documents
from sim.output.names import (
    certainty,
    diff_text,
    direction,
    direction_word,
    outcome_meaning,
    outcome_name,
    series_name,
    value_text,
)
from sim.output.numbers import listing
from sim.output.plotting import figure_language, plt
from sim.output.sheet import write_study_workbook
from sim.runs.decision import Decision
from sim.runs.stats import format_p
from sim.runs.verdicts import Verdict, Verdicts
from sim.studies.compare.analysis import (
    CompareResult,
    best_per_outcome,
    better,
    difference_table,
    paired,
    series_table,
    summary_table,
    tests_disagree,
    wilcoxon_can_reach,
)
from sim.studies.compare.ensemble import EnsembleCompare
from sim.studies.compare.ensemble_report import write_ensemble
from sim.words import Book, check_lang, text

W = Book("compare")
MANY = Book("many")
PICTURES = Book("pictures")  # the time axis
MAX_RELATIVE = 10.0  # relative changes above 1,000% are left out
COUNTED = ("people", "pairs", "mentors", "hours", "promotions", "secondments", "organisations")


def plot_series(table: pd.DataFrame, labels: list[str], folder: Path, lang: str = "zh") -> list[Path]:
    """One PNG per series: the mean of each variant with its 95% band, titled with the unit."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if table.empty:
        return written
    lang = figure_language(lang)
    xcol = "year" if "year" in table.columns else "month"
    names = list(dict.fromkeys(table["series"]))
    for name in names:
        fig, ax = plt.subplots(figsize=(7, 4))
        for k, lab in enumerate(labels):
            g = table[(table["series"] == name) & (table["variant"] == lab)]
            if g.empty:
                continue
            ax.plot(g[xcol], g["mean"], color=f"C{k}", label=lab)
            ax.fill_between(g[xcol], g["low"], g["high"], color=f"C{k}", alpha=0.2, linewidth=0)
        if xcol == "year":
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.xaxis.set_major_formatter(FormatStrFormatter("%d"))
        ax.set_xlabel(PICTURES("x:calendar_year", lang) if xcol == "year" else PICTURES("months", lang))
        ax.set_ylabel(series_name(name, lang))
        ax.set_title(W("plot_title", lang, name=series_name(name, lang)))
        ax.grid(alpha=0.3)
        ax.legend()
        fig.tight_layout()
        path = folder / f"{name}.png"
        fig.savefig(path, dpi=90)
        plt.close(fig)
        written.append(path)
    return written


def _verdict(res: CompareResult, ref: str, lab: str, o: str, lang: str, v: Verdicts | None) -> tuple[str, bool]:
    """One line on ``lab`` against ``ref`` on outcome ``o``; and whether the two tests disagree on it.

    With the paired verdicts ``v`` (over the sets of an ensemble), the gap and its interval are the
    verdict's (within sets, the sets as strata) and the verdict says how far it holds.
    """
    d = paired(res, ref, lab, o)
    found = v.get(o, ref, lab) if v is not None else None
    if found is not None and v is not None and v.sets > 1 and d.n >= 2 and found.gap == found.gap:
        return _verdict_over_sets(found, o, lab, ref, lang), False
    name = MANY("aside", lang, main=f"**{outcome_name(o, lang)}**", aside=outcome_meaning(o, lang))
    if d.n < 2 or d.mean != d.mean:
        return f"- {name}: " + W("no_pairs", lang, lab=lab, ref=ref), False
    if d.mean == 0 and d.sd == 0:
        return f"- {name}: " + W("identical", lang, lab=lab, ref=ref), False
    shown = d.rel == d.rel and abs(d.rel) <= MAX_RELATIVE  # from a reference near zero a ratio says nothing
    sep = MANY("clause_sep", lang)
    rel = f"{d.rel:+.1%}{sep}" if shown else ""
    ci = W("ci", lang, low=diff_text(o, d.low, lang), high=diff_text(o, d.high, lang))
    stats_s = f"{rel}{ci}{sep}{format_p(d.t_p)}"
    countable = o in OUTCOMES and OUTCOMES[o].unit in COUNTED
    key = ("more" if d.mean > 0 else "less") if countable else ("higher" if d.mean > 0 else "lower")
    said = W(key, lang, lab=lab, ref=ref, by=diff_text(o, abs(d.mean), lang))
    line = f"- {name}: " + MANY("aside", lang, main=said, aside=stats_s)
    winner = better(d, o, ref, lab)
    if not d.significant:
        line += W("v_tie", lang)
    elif not winner:
        line += W("v_neither", lang)
    else:
        line += W("v_better", lang, winner=winner, sure=certainty(d.t_p, lang))
    flag = tests_disagree(d, o)
    return line + (" †" if flag else ""), flag


def _verdict_over_sets(v: Verdict, o: str, lab: str, ref: str, lang: str) -> str:
    name = MANY("aside", lang, main=f"**{outcome_name(o, lang)}**", aside=outcome_meaning(o, lang))
    countable = o in OUTCOMES and OUTCOMES[o].unit in COUNTED
    key = ("more" if v.gap > 0 else "less") if countable else ("higher" if v.gap > 0 else "lower")
    said = W(key, lang, lab=lab, ref=ref, by=diff_text(o, abs(v.gap), lang))
    ci = W("ci", lang, low=diff_text(o, v.low, lang), high=diff_text(o, v.high, lang))
    return f"- {name}: " + MANY("aside", lang, main=said, aside=ci) + ": " + verdict_text(v, lang)


def _cell(t_: pd.DataFrame, o: str, row: str, column: str) -> str:
    return value_text(o, float(t_.at[row, column]))  # type: ignore[arg-type]  # a float cell of the summary table


def _best_lines(res: CompareResult, table: pd.DataFrame, lang: str, v: Verdicts | None = None) -> list[str]:
    """The table of the best variant per outcome with a direction, and the summary sentence.

    With the paired verdicts ``v``, the gap to the runner-up and how sure are the verdict's (paired
    within each set), and the wins are not counted: the recommendation weighs them.
    """
    lines = [W("h_best", lang), "", W("best_intro", lang), "", W("best_head", lang), "|---|---|---|---|---|---|---|"]
    wins: dict[str, int] = {lab: 0 for lab in res.labels}
    ties: list[str] = []
    for found in best_per_outcome(res, table):
        o, best, second, d = found.outcome, found.best, found.runner_up, found.gap
        tab = table[table["outcome"] == o].set_index("variant")
        verdict = v.get(o, second, best) if v is not None else None
        if verdict is not None:
            gap = f"{diff_text(o, verdict.gap, lang, signed=True)} ({diff_text(o, verdict.low, lang)} – "
            ahead = verdict.clear and verdict.sign * direction(o) > 0
            crown = f"**{best}**" if ahead else W("tie_cell", lang, best=best, second=second)
            lines.append(
                f"| {outcome_name(o, lang)} | {direction_word(o, lang)} | {crown} | {_cell(tab, o, best, 'mean')} "
                f"({_cell(tab, o, best, 'ci_low')} – {_cell(tab, o, best, 'ci_high')}) | "
                f"{_cell(tab, o, best, 'p10')} – {_cell(tab, o, best, 'p90')} | "
                f"{second}: {gap}{diff_text(o, verdict.high, lang)}) | {verdict_text(verdict, lang)} |"
            )
            continue
        if d.significant:
            wins[best] += 1
            crown, sure = f"**{best}**", certainty(d.t_p, lang)
        else:
            ties.append(outcome_name(o, lang, unit=False))
            crown, sure = W("tie_cell", lang, best=best, second=second), W("cannot_tell", lang)
        lines.append(
            f"| {outcome_name(o, lang)} | {direction_word(o, lang)} | {crown} | {_cell(tab, o, best, 'mean')} "
            f"({_cell(tab, o, best, 'ci_low')} – {_cell(tab, o, best, 'ci_high')}) | "
            f"{_cell(tab, o, best, 'p10')} – {_cell(tab, o, best, 'p90')} | "
            f"{second}: {diff_text(o, d.mean, lang, signed=True)} ({diff_text(o, d.low, lang)} – "
            f"{diff_text(o, d.high, lang)}) | {sure} |"
        )
    lines.append("")
    parts = [W("wins", lang, lab=lab, n=wins[lab]) for lab in sorted(res.labels, key=lambda x: -wins[x]) if wins[lab]]
    summary = MANY("clause_sep", lang).join(parts) if parts else W("no_wins", lang)
    if ties:
        summary += W("ties", lang, names=listing(ties, lang))
    neither = [outcome_name(o, lang, unit=False) for o in res.outcomes if direction(o) == 0]
    if v is None:
        lines += [W("in_short", lang, summary=summary), ""]
    return [*lines, W("neither", lang, names=listing(neither, lang)), ""]


def report_markdown(
    res: CompareResult,
    table: pd.DataFrame,
    diffs: pd.DataFrame,
    ensemble: list[str] | None = None,
    lang: str = "zh",
    decision: list[str] | None = None,
    verdicts: Verdicts | None = None,
    replicates: int | None = None,
) -> str:
    """The comparison in plain words (Markdown) in ``lang``.

    ``ensemble``: the section on the plausible sets; ``decision``: the recommendation, paired verdicts,
    what to measure next and the assumptions, first; ``verdicts``: the paired verdicts the best-per-figure
    table and the lines against the reference then read (within sets, not pooled over them);
    ``replicates``: a set's replicates, over an ensemble (the pooled runs count every set's).
    """
    ref = res.labels[0]
    lines = [
        W("title", lang, labels=listing(res.labels, lang)),
        "",
        W("intro", lang, n=len(res.labels), r=replicates or len(res.seeds), seed=res.root_seed, ref=ref),
        "",
        *(decision or []),
        *(ensemble or []),
    ]
    if res.failures:
        lines += [W("failed", lang, n=len(res.failures)), ""]
    lines += _best_lines(res, table, lang, verdicts)
    flagged = False
    for lab in res.labels[1:]:
        lines += [W("h_against", lang, lab=lab, ref=ref), ""]
        for o in res.outcomes:
            line, flag = _verdict(res, ref, lab, o, lang, verdicts)
            lines.append(line)
            flagged |= flag
        lines.append("")
    if flagged:
        lines += [W("dagger", lang), ""]
    elif len(res.labels) > 1 and not wilcoxon_can_reach(len(res.seeds)):
        lines += [W("few_for_wilcoxon", lang, r=len(res.seeds)), ""]
    lines += [
        W("h_table", lang),
        "",
        W("table_intro", lang),
        "",
        f"| {W('figure', lang)} | " + " | ".join(res.labels) + " |",
        "|---|" + "---|" * len(res.labels),
    ]
    for o in res.outcomes:
        tab = table[table["outcome"] == o].set_index("variant")
        cells = [
            f"{_cell(tab, o, lab, 'mean')} ({_cell(tab, o, lab, 'ci_low')} – {_cell(tab, o, lab, 'ci_high')})"
            f"<br>{W('runs', lang)} {_cell(tab, o, lab, 'p10')} – {_cell(tab, o, lab, 'p90')}"
            for lab in res.labels
        ]
        lines.append(f"| {outcome_name(o, lang)} | " + " | ".join(cells) + " |")
    files = "table.csv, differences.csv, runs.csv, series.csv, plots/*.png" + (", failures.csv" if res.failures else "")
    lines += ["", W("files", lang, files=files), ""]
    return "\n".join(lines)


def write_compare(
    res: CompareResult,
    out: Path,
    *,
    plots: bool = True,
    ensemble: EnsembleCompare | None = None,
    lang: str = "zh",
    decision: Decision | None = None,
) -> Path:
    """Write the comparison folder; built under a temporary name and renamed when complete.

    With ``ensemble`` (a comparison over the plausible sets of a fit), ``res`` is its pooled
    comparison, and the folder also gets ``robustness.csv``, ``by_set.csv``, ``plots/ensemble.png``
    and a report section on which rankings hold across the sets. With ``decision``
    (``sim.studies.compare.decision.compare_decision``), the report opens with the weighed
    recommendation, the paired verdicts, what to measure next and the assumptions, and the folder
    gets ``verdicts.csv`` and ``verdicts_by_set.csv``.

    Raises:
        FileExistsError: ``out`` exists (results are never overwritten).
        ValueError: ``lang`` is not "zh" or "en".
    """
    check_lang(lang)
    out = Path(out)
    if out.exists():
        raise FileExistsError(text("guards.exists", "en", folder=out))  # the pre-flight's words

    def fill(folder: Path) -> None:
        table = summary_table(res)
        diffs = difference_table(res)
        series = series_table(res)
        res.runs.to_csv(folder / "runs.csv", index=False, encoding=CSV_ENCODING)
        _labelled(table, lang).to_csv(folder / "table.csv", index=False, encoding=CSV_ENCODING)
        _labelled(diffs, lang).to_csv(folder / "differences.csv", index=False, encoding=CSV_ENCODING)
        series.to_csv(folder / "series.csv", index=False, encoding=CSV_ENCODING)
        labelled = {"table": _labelled(table, lang), "differences": _labelled(diffs, lang)}
        tables = {**labelled, "series": series, "runs": res.runs}
        write_study_workbook(folder / "results.xlsx", tables, lang)  # the tables, in words, for Excel
        if res.failures:
            pd.DataFrame(res.failures).to_csv(folder / "failures.csv", index=False, encoding=CSV_ENCODING)
        if plots:
            plot_series(series, res.labels, folder / "plots", lang)
        verdicts = decision.verdicts if decision is not None else None
        section = (
            write_ensemble(ensemble, folder, plots=plots, lang=lang, verdicts=verdicts)
            if ensemble is not None
            else None
        )
        said = None
        if decision is not None:
            write_verdict_tables(decision, folder, lang)
            said = decision_lines(decision, lang)
        per_set = ensemble.replicates if ensemble is not None else None
        report = report_markdown(res, table, diffs, section, lang, said, verdicts, per_set)
        (folder / "report.md").write_text(report, encoding="utf-8")
        write_documents(folder / "report.md", lang)  # report.html and report.docx

    return build_folder(out, fill)


def _labelled(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``frame`` with the outcome's name and unit in ``lang`` (``label``) and its direction beside the code."""
    out = frame.copy()
    at = list(out.columns).index("outcome") + 1
    out.insert(at, "label", [outcome_name(o, lang) for o in frame["outcome"]])
    out.insert(at + 1, "direction", [direction(o) for o in frame["outcome"]])
    return out

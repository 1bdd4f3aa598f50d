"""A finished sweep in words and pictures: points.csv, best.csv, sensitivity.csv, screening.csv, plots/*.png, report.md.

In Chinese by default (``lang="en"`` for English). The report answers the experiment's question
first: for every outcome with a direction, the best design point with the 95% interval of its
mean and the spread of its runs (10% to 90%), and whether it can be told apart from the next
best point (``sim.studies.sweep.best``); then the range of every outcome across the design, the
Sobol' indices of a Sobol' design, the Morris screening of a Morris design
(``sim.studies.sweep.screening_report``), and the plots (titles and axes with units).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from rich.console import Console
from rich.table import Table

from sim.files import CSV_ENCODING, atomic_write, atomic_write_bytes
from sim.output.documents import write_documents
from sim.output.names import diff_text, direction_word, outcome_name, value_text
from sim.output.numbers import listing
from sim.output.plotting import figure_language, plt
from sim.runs.stats import mean_ci
from sim.runs.store import command_text
from sim.studies.sweep.screening_report import save_png, screening_lines
from sim.words import Book, check_lang

W = Book("many")  # the sentences of the sweep and screening reports (sim/words/many.toml)
TERMINAL = Book("sweep")  # the terminal tables (sim/words/sweep.toml), in the report's language


if TYPE_CHECKING:
    from sim.studies.sweep.analysis import SweepAnalysis
    from sim.studies.sweep.experiment import Experiment, Factor


def _group_stats(
    x: pd.Series, y: pd.Series, factor: Factor
) -> tuple[np.ndarray, list[str] | None, np.ndarray, np.ndarray, np.ndarray]:
    """(x positions, labels, mean, low, high) of y grouped by x (binned when continuous)."""
    frame = pd.DataFrame({"x": x.to_numpy(), "y": y.to_numpy()}).dropna()
    numeric = pd.api.types.is_numeric_dtype(frame["x"]) and not pd.api.types.is_bool_dtype(frame["x"])
    if factor.kind == "range" and frame["x"].nunique() > 12:
        bins = pd.qcut(frame["x"], q=min(10, frame["x"].nunique()), duplicates="drop")
        binned = frame.groupby(bins, observed=True)
        xs = binned["x"].mean().to_numpy()
        labels = None
        samples = [g["y"].to_numpy() for _, g in binned]
    else:
        order = list(factor.levels) if factor.levels else sorted(frame["x"].unique())
        order = (
            [v for v in order if (frame["x"] == v).any()]
            if numeric
            else [v for v in map(str, order) if (frame["x"].astype(str) == v).any()]
        )
        key = frame["x"] if numeric else frame["x"].astype(str)
        groups = frame.groupby(key, sort=False)
        xs = np.asarray(order, dtype=float) if numeric else np.arange(len(order), dtype=float)
        labels = None if numeric else order
        samples = [groups.get_group(v)["y"].to_numpy() for v in order]
    stats = [mean_ci(sample) for sample in samples]
    return (
        xs,
        labels,
        np.array([c.mean for c in stats]),
        np.array([c.low for c in stats]),
        np.array([c.high for c in stats]),
    )


def plot_outcomes(exp: Experiment, df: pd.DataFrame, folder: Path, lang: str = "zh") -> list[Path]:
    """One PNG per outcome: a panel per varied parameter, mean with 95% band, runs as dots; titled with the unit."""
    folder.mkdir(parents=True, exist_ok=True)
    lang = figure_language(lang)
    ok = df[df["status"] == "ok"]
    written = []
    nf = len(exp.factors)
    ncols = min(nf, 3)
    nrows = math.ceil(nf / ncols)
    for o in exp.outcomes:
        fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols, 3.3 * nrows), squeeze=False)
        for ax, f in zip(axes.flat, exp.factors, strict=False):
            if len(ok):
                xs, labels, m, lo, hi = _group_stats(ok[f.name], ok[o], f)
                if labels is None:
                    xr = ok[f.name].to_numpy(dtype=float)
                else:
                    pos = {lab: i for i, lab in enumerate(labels)}
                    xr = np.array([pos.get(str(v), np.nan) for v in ok[f.name]])
                ax.scatter(xr, ok[o], s=6, alpha=0.25, color="grey", linewidths=0)
                ax.plot(xs, m, marker="o", color="C0", label=W("s_mean", lang))
                ax.fill_between(xs, lo, hi, color="C0", alpha=0.25, label=W("s_band", lang))
                if labels is not None:
                    ax.set_xticks(xs, labels, rotation=30, ha="right", fontsize=8)
            ax.set_xlabel(f.name)
            ax.set_ylabel(outcome_name(o, lang))
            ax.grid(alpha=0.3)
        for ax in list(axes.flat)[nf:]:
            ax.set_visible(False)
        fig.suptitle(W("s_plot_title", lang, name=exp.name, outcome=outcome_name(o, lang)))
        fig.tight_layout()
        written.append(save_png(fig, folder / f"{o}.png"))
    return written


def _best_lines(exp: Experiment, best: pd.DataFrame, lang: str) -> list[str]:
    """The best design point per outcome with a direction, against the next best."""
    if best.empty:
        return []
    lines = [
        W("s_h_best", lang),
        "",
        W("s_best_intro", lang),
        "",
        W("s_best_head", lang),
        "|---|---|---|---|---|---|---|",
    ]
    for r in best.to_dict("records"):
        o = str(r["outcome"])
        mean = f"{value_text(o, r['mean'])} ({value_text(o, r['ci_low'])} – {value_text(o, r['ci_high'])})"
        spread = f"{value_text(o, r['p10'])} – {value_text(o, r['p90'])}"
        if not r["runner_up"]:
            gap, verdict = "—", W("s_only_point", lang)
        else:
            gap = (
                f"{r['runner_up']}: {diff_text(o, r['gap'], lang, signed=True)} "
                f"({diff_text(o, r['gap_low'], lang)} – {diff_text(o, r['gap_high'], lang)})"
            )
            if r["distinct"]:
                verdict = W("s_distinct", lang)
            elif math.isnan(float(r["gap_low"])):
                verdict = W("s_too_few", lang)
            else:
                verdict = W("s_tie", lang)
        crown = f"**{r['design']}**" if r["distinct"] else str(r["design"])
        lines.append(
            f"| {outcome_name(o, lang)} | {direction_word(o, lang)} | {crown} | {mean} | {spread} | {gap} | {verdict} |"
        )
    distinct = best[best["distinct"]]
    lines.append("")
    if len(distinct):
        parts = [W("s_sum_one", lang, outcome=outcome_name(str(r.outcome), lang, unit=False), design=r.design)
                 for r in distinct.itertuples()]  # fmt: skip
        lines.append(W("s_in_short", lang, parts=W("clause_sep", lang).join(parts)))
    ties = best[~best["distinct"]]
    if len(ties):
        names = [outcome_name(str(o), lang, unit=False) for o in ties["outcome"]]
        lines.append(W("s_sum_ties", lang, names=listing(names, lang)))
    lines.append("")
    return lines


def _range_lines(exp: Experiment, ok: pd.DataFrame, points: pd.DataFrame, lang: str) -> list[str]:
    """Every outcome's lowest and highest point mean, and the parameter whose levels move it most."""
    lines = [W("s_h_range", lang), "", W("s_range_head", lang), "|---|---|---|---|---|"]
    for o in exp.outcomes:
        col = points[f"{o}_mean"]
        if col.isna().all():
            lines.append(f"| {outcome_name(o, lang)} | {direction_word(o, lang)} | — | — | {W('s_no_value', lang)} |")
            continue
        spread = {}
        for f in exp.factors:
            g = ok.groupby(ok[f.name].astype(str))[o].mean()
            spread[f.name] = float(g.max() - g.min()) if len(g) > 1 else 0.0
        widest = max(spread, key=lambda name: spread[name]) if spread else ""
        lines.append(
            f"| {outcome_name(o, lang)} | {direction_word(o, lang)} | {value_text(o, col.min())} | "
            f"{value_text(o, col.max())} | "
            + W("s_widest", lang, name=widest, by=diff_text(o, spread.get(widest, float("nan")), lang))
            + " |"
        )
    return [*lines, ""]


def _sobol_lines(
    exp: Experiment, out: Path, sens: pd.DataFrame, skipped: list[str], console: Console | None, lang: str
) -> list[str]:
    """Sobol' indices: sensitivity.csv, the report's table and sentences, the terminal table."""
    lines: list[str] = []
    if len(sens):
        atomic_write(out / "sensitivity.csv", lambda p: sens.to_csv(p, index=False, encoding=CSV_ENCODING))
        lines += [W("s_h_sobol", lang), "", W("s_sobol_intro", lang), "", W("s_sobol_head", lang), "|---|---|---|---|"]
        for r in sens.itertuples():
            lines.append(
                f"| {outcome_name(str(r.outcome), lang)} | {r.parameter} | {r.first_order:.2f} ({r.first_order_low:.2f} – "
                f"{r.first_order_high:.2f}) | {r.total_order:.2f} ({r.total_order_low:.2f} – {r.total_order_high:.2f}) |"
            )
        lines.append("")
        for o in dict.fromkeys(sens["outcome"]):
            top = sens[sens["outcome"] == o].sort_values("total_order", ascending=False).iloc[0]
            lines.append(
                W("s_sobol_top", lang, outcome=outcome_name(str(o), lang, unit=False), p=top.parameter,
                  st=f"{top.total_order:.2f}", low=f"{top.total_order_low:.2f}", high=f"{top.total_order_high:.2f}")
            )  # fmt: skip
        lines.append("")
        if console is not None:
            t = Table(title=TERMINAL("sobol_table", lang, name=exp.name))
            for c in ("col_outcome", "col_parameter", "col_s1", "col_s1_ci", "col_st", "col_st_ci"):
                t.add_column(TERMINAL(c, lang), overflow="fold")
            for r in sens.itertuples():
                t.add_row(
                    str(r.outcome),
                    str(r.parameter),
                    f"{r.first_order:.2f}",
                    f"{r.first_order_low:.2f}..{r.first_order_high:.2f}",
                    f"{r.total_order:.2f}",
                    f"{r.total_order_low:.2f}..{r.total_order_high:.2f}",
                )
            console.print(t)
    if skipped:
        names = [outcome_name(o, lang, unit=False) for o in skipped]
        lines += [W("s_sobol_skipped", lang, names=listing(names, lang)), ""]
    return lines


def write_report(
    analysis: SweepAnalysis, out: Path, *, plots: bool = True, console: Console | None = None, lang: str = "zh"
) -> None:
    """Write a finished sweep's points.csv, best.csv, sensitivity.csv, screening.csv, plots/ and report.md.

    Args:
        analysis: what the sweep found (``sim.studies.sweep.analysis.analyse_sweep``).
        out: the sweep folder.
        plots: also draw the plots.
        console: where to print the Sobol' and Morris tables (None: nowhere).
        lang: the language of the report and plots, "zh" or "en".

    Raises:
        ValueError: ``lang`` is not "zh" or "en".
    """
    check_lang(lang)
    exp, df = analysis.experiment, analysis.runs
    atomic_write(out / "points.csv", lambda p: analysis.points.to_csv(p, index=False, encoding=CSV_ENCODING))
    atomic_write(out / "best.csv", lambda p: analysis.best.to_csv(p, index=False, encoding=CSV_ENCODING))
    lines = _head_lines(analysis, plots, lang)
    if analysis.screening is not None:  # a screening answers which parameters matter: that first
        lines += screening_lines(exp, out, analysis.screening, analysis.screening_skipped, plots=plots,
                                 console=console, lang=lang)  # fmt: skip
    if len(analysis.ok):
        lines += _best_lines(exp, analysis.best, lang)
        lines += _range_lines(exp, analysis.ok, analysis.points, lang)
    if exp.design == "sobol":
        lines += _sobol_lines(exp, out, analysis.sensitivity, list(analysis.sobol_skipped), console, lang)
    if plots:
        plot_outcomes(exp, df, out / "plots", lang)
        lines += [W("s_h_plots", lang), ""]
        lines += [f"![{outcome_name(o, lang)}](plots/{o}.png)" for o in exp.outcomes] + [""]
    atomic_write_bytes(out / "report.md", "\n".join(lines).encode("utf-8"))
    write_documents(out / "report.md", lang)  # report.html and report.docx


def _head_lines(analysis: SweepAnalysis, plots: bool, lang: str) -> list[str]:
    """The report's title, the design, the runs, the base scenario, the command's values and the files."""
    exp, report = analysis.experiment, analysis.report
    yes_no = W("s_yes" if exp.spec.common_random_numbers else "s_no", lang)
    lines = [W("s_title", lang, name=exp.name), ""]
    if exp.spec.description:
        lines += [exp.spec.description, ""]
    lines += [
        W("s_design", lang, design=exp.design, points=exp.n_points, r=exp.replicates, runs=exp.n_runs,
          seed=exp.spec.seed, crn=yes_no),
        W("s_runs", lang, ok=report.ok, failed=report.failed) + (W("s_see_failures", lang) if report.failed else ""),
        W("s_base", lang, base=exp.base.name, varied=", ".join(exp.parameter_names)),
    ]  # fmt: skip
    if exp.command:
        lines.append(W("s_command", lang, command=command_text(exp.command)))
    files = "results.parquet, results.csv, points.csv, best.csv"
    files += {"sobol": ", sensitivity.csv", "morris": ", screening.csv"}.get(exp.design, "") + (
        ", plots/" if plots else ""
    )
    return [*lines, W("s_files", lang, files=files), ""]

"""A finished sweep in words and pictures: points.csv, sensitivity.csv, plots/*.png, report.md."""

from __future__ import annotations

import math
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from rich.console import Console
from rich.table import Table

from sim.explore.sensitivity import sensitivity_table
from sim.explore.stats import mean_ci
from sim.files import atomic_write, atomic_write_bytes
from sim.output.numbers import number
from sim.output.plotting import plt

if TYPE_CHECKING:
    from sim.explore.experiment import Experiment, Factor
    from sim.explore.sweep import SweepReport


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


def _save_png(fig: Figure, path: Path) -> None:
    fig.savefig(path, dpi=90, format="png")


def plot_outcomes(exp: Experiment, df: pd.DataFrame, folder: Path) -> list[Path]:
    """One PNG per outcome: a panel per varied parameter, mean with 95% band, runs as dots."""
    folder.mkdir(parents=True, exist_ok=True)
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
                ax.plot(xs, m, marker="o", color="C0", label="mean")
                ax.fill_between(xs, lo, hi, color="C0", alpha=0.25, label="95% CI")
                if labels is not None:
                    ax.set_xticks(xs, labels, rotation=30, ha="right", fontsize=8)
            ax.set_xlabel(f.name)
            ax.set_ylabel(o)
            ax.grid(alpha=0.3)
        for ax in list(axes.flat)[nf:]:
            ax.set_visible(False)
        fig.suptitle(f"{exp.name}: {o}")
        fig.tight_layout()
        path = atomic_write(folder / f"{o}.png", partial(_save_png, fig))
        plt.close(fig)
        written.append(path)
    return written


def write_analysis(
    exp: Experiment,
    out: Path,
    report: SweepReport,
    df: pd.DataFrame,
    points: pd.DataFrame,
    *,
    plots: bool = True,
    console: Console | None = None,
) -> None:
    """Write points.csv, sensitivity.csv (Sobol'), plots/ and report.md of a finished sweep.

    Args:
        exp: the experiment.
        out: the sweep folder.
        report: what the sweep did (runs ok, failed).
        df: the results table (one row per run).
        points: the point summary (``sim.explore.sweep.point_summary``).
        plots: also draw the plots.
        console: where to print the Sobol' table (None: nowhere).
    """
    atomic_write(out / "points.csv", lambda p: points.to_csv(p, index=False))
    lines = [f"# Sweep: {exp.name}", ""]
    if exp.spec.description:
        lines += [exp.spec.description, ""]
    lines += [
        f"- design: {exp.design}, {exp.n_points} points x {exp.replicates} replicates = {exp.n_runs} runs; "
        f"root seed {exp.spec.seed}; common random numbers across points: "
        f"{'yes' if exp.spec.common_random_numbers else 'no'}",
        f"- runs ok: {report.ok}; failed: {report.failed}" + (" (see failures.csv)" if report.failed else ""),
        f"- base scenario: {exp.base.name}; varied: {', '.join(exp.parameter_names)}",
        "- files: results.parquet / results.csv (one row per run), points.csv (mean and 95% CI per "
        "design point)" + (", sensitivity.csv" if exp.design == "sobol" else "") + (", plots/" if plots else ""),
        "",
    ]
    ok = df[df["status"] == "ok"]
    if len(ok):
        lines += [
            "## Outcomes across the design",
            "",
            "| outcome | lowest point mean | highest point mean | parameter with the widest effect |",
            "|---|---|---|---|",
        ]
        for o in exp.outcomes:
            col = points[f"{o}_mean"]
            if col.isna().all():
                lines.append(f"| {o} | n/a | n/a | (no run gave a value) |")
                continue
            spread = {}
            for f in exp.factors:
                g = ok.groupby(ok[f.name].astype(str))[o].mean()
                spread[f.name] = float(g.max() - g.min()) if len(g) > 1 else 0.0
            widest = max(spread, key=lambda name: spread[name]) if spread else ""
            lines.append(
                f"| {o} | {number(col.min())} | {number(col.max())} | {widest} "
                f"(marginal means differ by {number(spread.get(widest, float('nan')))}) |"
            )
        lines.append("")
    if exp.design == "sobol":
        sens, skipped = sensitivity_table(exp, df)
        if len(sens):
            atomic_write(out / "sensitivity.csv", lambda p: sens.to_csv(p, index=False))
            lines += [
                "## Sobol' sensitivity indices",
                "",
                "First-order index: share of the outcome's variance explained by the parameter "
                "alone; total index: including its interactions. 95% bootstrap intervals "
                "(replicates averaged per point).",
                "",
                "| outcome | parameter | first-order (95% CI) | total (95% CI) |",
                "|---|---|---|---|",
            ]
            for r in sens.itertuples():
                lines.append(
                    f"| {r.outcome} | {r.parameter} | {r.first_order:.2f} ({r.first_order_low:.2f} to "
                    f"{r.first_order_high:.2f}) | {r.total_order:.2f} ({r.total_order_low:.2f} to "
                    f"{r.total_order_high:.2f}) |"
                )
            lines.append("")
            for o in dict.fromkeys(sens["outcome"]):
                top = sens[sens["outcome"] == o].sort_values("total_order", ascending=False).iloc[0]
                lines.append(
                    f"- {o}: the most influential parameter is {top.parameter} (total index "
                    f"{top.total_order:.2f}, 95% CI {top.total_order_low:.2f} to {top.total_order_high:.2f})."
                )
            lines.append("")
            if console is not None:
                t = Table(title=f"Sobol' indices ({exp.name})")
                for c in ("outcome", "parameter", "S1", "S1 95% CI", "ST", "ST 95% CI"):
                    t.add_column(c, overflow="fold")
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
            lines += [
                f"Sensitivity not computed for {', '.join(skipped)}: some design points have no "
                "value (a failed run, or the outcome is n/a there, e.g. too few years).",
                "",
            ]
    if plots:
        plot_outcomes(exp, df, out / "plots")
        lines += ["## Plots", ""] + [f"![{o}](plots/{o}.png)" for o in exp.outcomes] + [""]
    atomic_write_bytes(out / "report.md", "\n".join(lines).encode("utf-8"))

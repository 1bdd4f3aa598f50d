"""A Morris sweep in words and pictures: screening.csv, the report's screening section, the μ*-σ plots.

In Chinese by default (``lang="en"`` for English). Per outcome: its seed noise, a table ranked by
μ* (95% interval, μ, σ, σ/μ*, the verdict), the inert and the non-linear parameters in words and
the classic μ* (x) against σ (y) picture, parameters labelled by their plain meaning from the
scenario schema. Then what a researcher came for: the parameters inert on every outcome, which
can be fixed before a Sobol' analysis, and what that saves. Rules and scaling:
``sim.studies.sweep.screening``.
"""

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

from sim.files import CSV_ENCODING, atomic_write
from sim.output.names import diff_text, fmt, outcome_name, parameter_name
from sim.output.numbers import listing
from sim.output.plotting import figure_language, plt
from sim.runs.designs import morris_delta
from sim.studies.sweep.screening import INERT_SHARE, NONLINEAR_RATIO, fixable
from sim.words import Book

W = Book("many")  # the sentences of the sweep and screening reports (sim/words/many.toml)

if TYPE_CHECKING:
    from sim.studies.sweep.experiment import Experiment

__all__ = ["plot_screening", "screening_lines"]

TERMINAL = Book("sweep")  # the terminal table (sim/words/sweep.toml), in English for now


def _verdict(row: pd.Series, lang: str) -> str:
    if row["inert"]:
        return W("m_inert", lang)
    return W("m_nonlinear" if row["nonlinear"] else "m_matters", lang)


def _noise_level(sub: pd.DataFrame) -> float:
    """One outcome's seed noise: the root mean square over the parameters that move its runs at all."""
    noise = sub["seed_noise"].to_numpy(dtype=float)
    noise = noise[np.isfinite(noise) & (noise > 0)]
    return float(np.sqrt((noise**2).mean())) if len(noise) else float("nan")


def _names(params: list[str], lang: str) -> str:
    return listing([parameter_name(p, lang) for p in params], lang)


def _outcome_lines(exp: Experiment, o: str, sub: pd.DataFrame, lang: str) -> list[str]:
    """The section of one outcome: noise, dropped trajectories, the ranked table, the lists."""
    lines = [W("m_h_outcome", lang, outcome=outcome_name(o, lang)), ""]
    if float(sub["mu_star"].max()) == 0.0:
        return [*lines, W("m_flat", lang), ""]
    level = _noise_level(sub)
    if math.isfinite(level):
        lines.append(W("m_noise", lang, noise=diff_text(o, level, lang)))
    used = int(sub["trajectories"].iloc[0])
    total = exp.spec.samples or 0
    if used < total:
        lines.append(W("m_dropped", lang, n=total - used, k=used))
    lines += ["", W("m_head", lang), "|---|---|---|---|---|---|---|"]
    for _, r in sub.iterrows():
        star_value, spread = float(r["mu_star"]), float(r["sigma_beyond_noise"])
        ratio = (
            f"{spread / star_value:.2f}" if star_value > 0 and math.isfinite(spread) else "—"
        )  # what the verdict reads
        star = f"{diff_text(o, r['mu_star'], lang)} ({diff_text(o, r['mu_star_low'], lang)} – {diff_text(o, r['mu_star_high'], lang)})"
        name = parameter_name(str(r["parameter"]), lang)
        lines.append(
            f"| {r['rank']} | {name} | {star} | {diff_text(o, r['mu'], lang, signed=True)} | "
            f"{diff_text(o, r['sigma'], lang)} | {ratio} | {_verdict(r, lang)} |"
        )
    lines.append("")
    inert = [str(p) for p in sub.loc[sub["inert"], "parameter"]]
    nonlinear = [str(p) for p in sub.loc[sub["nonlinear"], "parameter"]]
    if inert:
        lines.append(W("m_list_inert", lang, names=_names(inert, lang)))
    if nonlinear:
        lines.append(W("m_list_nonlinear", lang, names=_names(nonlinear, lang)))
    return [*lines, ""]


def _summary_lines(exp: Experiment, table: pd.DataFrame, lang: str) -> list[str]:
    """The parameters to fix before Sobol', what that saves, and the non-linear ones."""
    d = len(exp.factors)
    n_outcomes = table["outcome"].nunique()
    lines = [W("m_h_sum", lang), ""]
    fix = fixable(table)
    if fix:
        values = listing([f"{p.split('.', 1)[1]} = {fmt(_base_value(exp, p))}" for p in fix], lang)
        lines.append(
            W("m_fix", lang, n=n_outcomes, names=_names(fix, lang), values=values, before=d + 2,
              after=d - len(fix) + 2, saved=f"{len(fix) / (d + 2):.0%}")
        )  # fmt: skip
    else:
        lines.append(W("m_fix_none", lang, d=d))
    moving = table[table.groupby("outcome")["mu_star"].transform("max") > 0]  # a flat outcome says nothing
    some = [p for p in exp.parameter_names if p not in fix and moving.loc[moving["parameter"] == p, "inert"].any()]
    if some:
        lines.append(W("m_some", lang, names=_names(some, lang)))
    nonlinear = [p for p in exp.parameter_names if table.loc[table["parameter"] == p, "nonlinear"].any()]
    if nonlinear:
        lines.append(W("m_nl_sum", lang, names=_names(nonlinear, lang)))
    return [*lines, ""]


def _base_value(exp: Experiment, dotted: str) -> float:
    section, key = dotted.split(".", 1)
    return float(getattr(getattr(exp.base, section), key))


def save_png(fig: Figure, path: Path) -> Path:
    """Write ``fig`` to ``path`` as a PNG (atomically, 90 dpi) and close it."""
    try:
        return atomic_write(path, partial(_png, fig))
    finally:
        plt.close(fig)


def _png(fig: Figure, path: Path) -> None:
    fig.savefig(path, dpi=90, format="png")


def plot_screening(exp: Experiment, table: pd.DataFrame, outcome: str, folder: Path, lang: str = "zh") -> Path:
    """The μ* (x) against σ (y) picture of one outcome: parameters labelled, inert in grey, the rules drawn."""
    lang = figure_language(lang)
    folder.mkdir(parents=True, exist_ok=True)
    sub = table[table["outcome"] == outcome]
    x, y = sub["mu_star"].to_numpy(dtype=float), sub["sigma"].to_numpy(dtype=float)
    fig, ax = plt.subplots(figsize=(8.0, 5.6))
    top = float(x.max()) if len(x) else 0.0
    xmax, ymax = max(top, 1e-12) * 1.25, max(float(y.max()) if len(y) else 0.0, 1e-12) * 1.25
    level = _noise_level(sub)
    if math.isfinite(level):
        ax.axvspan(0, level, color="0.85", alpha=0.6, label=W("m_noise_band", lang))
    ax.axvline(INERT_SHARE * top, color="0.4", ls="--", lw=1, label=W("m_share_line", lang, share=f"{INERT_SHARE:.0%}"))
    grid = np.linspace(0, xmax, 50)
    ax.plot(
        grid, NONLINEAR_RATIO * grid, color="C1", ls=":", lw=1, label=W("m_ratio_line", lang, ratio=NONLINEAR_RATIO)
    )
    ax.plot(grid, grid, color="C3", ls=":", lw=1, label=W("m_ratio_line", lang, ratio=1))
    colours = ["0.55" if r.inert else ("C3" if r.nonlinear else "C0") for r in sub.itertuples()]
    ax.scatter(x, y, c=colours, s=40, zorder=3)
    placed: list[tuple[float, float]] = []
    for xi, yi, p in sorted(zip(x, y, sub["parameter"], strict=True), key=lambda t: (-t[1], t[0])):
        dy = 0.0
        while any(abs(xi / xmax - px) < 0.22 and abs((yi + dy) / ymax - py) < 0.045 for px, py in placed):
            dy -= 0.045 * ymax
        placed.append((xi / xmax, (yi + dy) / ymax))
        left = xi > 0.55 * xmax  # labels of the rightmost points go to their left, inside the frame
        ax.annotate(parameter_name(str(p), lang, code=False), (xi, yi), xytext=(xi + (-0.012 if left else 0.012) * xmax, yi + dy),
                    fontsize=8, va="center", ha="right" if left else "left",
                    arrowprops={"arrowstyle": "-", "color": "0.6", "lw": 0.5} if dy else None)  # fmt: skip
    ax.set_xlim(0, xmax)
    ax.set_ylim(min(0.0, *(yy for _, yy in placed)) * ymax - 0.02 * ymax if placed else 0, ymax)
    ax.set_xlabel(W("m_x", lang) + f"\n{outcome_name(outcome, lang)}")
    ax.set_ylabel(W("m_y", lang))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper left")
    ax.set_title(W("m_plot_title", lang, name=exp.name, outcome=outcome_name(outcome, lang)))
    fig.tight_layout()
    return save_png(fig, folder / f"morris_{outcome}.png")


def screening_lines(
    exp: Experiment,
    out: Path,
    table: pd.DataFrame,
    skipped: tuple[str, ...] | list[str] = (),
    *,
    plots: bool = True,
    console: Console | None = None,
    lang: str = "zh",
) -> list[str]:
    """Write screening.csv and the plots of a finished Morris sweep; the report's section as lines.

    ``table`` comes from ``sim.studies.sweep.screening.screening_table``; ``skipped``: the outcomes it leaves out.
    """
    atomic_write(out / "screening.csv", lambda p: table.to_csv(p, index=False, encoding=CSV_ENCODING))
    lines = [W("m_h", lang), ""]
    lines += [W("m_intro", lang, r=exp.spec.samples, p=exp.levels, delta=f"{morris_delta(exp.levels):.0%}",
                reps=exp.replicates), ""]  # fmt: skip
    lines += [W("m_rules", lang, share=f"{INERT_SHARE:.0%}", ratio=NONLINEAR_RATIO), ""]
    if exp.replicates < 2:
        lines += [W("m_one_rep", lang, share=f"{INERT_SHARE:.0%}"), ""]
    for o in dict.fromkeys(table["outcome"]):
        sub = table[table["outcome"] == o]
        lines += _outcome_lines(exp, str(o), sub, lang)
        if plots and float(sub["mu_star"].max()) > 0:
            plot_screening(exp, table, str(o), out / "plots", lang)
            lines += [f"![{outcome_name(str(o), lang)}](plots/morris_{o}.png)", ""]
    if len(table):
        lines += _summary_lines(exp, table, lang)
    if skipped:
        lines += [W("m_skipped", lang, names=listing([outcome_name(o, lang, unit=False) for o in skipped], lang)), ""]
    if console is not None and len(table):
        _print_table(exp, table, console, lang)
    return lines


def _print_table(exp: Experiment, table: pd.DataFrame, console: Console, lang: str) -> None:
    t = Table(title=TERMINAL("morris_table", lang, name=exp.name))
    for c in ("col_outcome", "col_rank", "col_parameter", "col_mu_star", "col_mu_star_ci", "col_sigma", "col_verdict"):
        t.add_column(TERMINAL(c, lang), overflow="fold")
    for r in table.itertuples():
        verdict = TERMINAL("inert", lang) if r.inert else (TERMINAL("nonlinear", lang) if r.nonlinear else "")
        t.add_row(str(r.outcome), str(r.rank), str(r.parameter), fmt(r.mu_star),
                  f"{fmt(r.mu_star_low)}..{fmt(r.mu_star_high)}", fmt(r.sigma), verdict)  # fmt: skip
    console.print(t)

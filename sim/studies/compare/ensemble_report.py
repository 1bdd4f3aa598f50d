"""The part of a comparison folder that a comparison over the plausible sets of a fit adds.

    robustness.csv   per outcome with a direction: best variant, in how many sets it stays best and
                     the ranking holds, and where it changes: the parameter, the value, the rival
    by_set.csv       per set: its parameter values and each variant's mean of each outcome
    plots/ensemble.png  headline outcomes: each set's mean per variant, and the runs' 10% to 90%

and the report section that says, in words, which rankings hold across the sets, in Chinese by
default (``lang="en"`` for English), with the outcomes' names and units from the vocabulary.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sim.files import CSV_ENCODING
from sim.output.decisions import short_verdict
from sim.output.names import MISSING, certainty, direction, fmt, outcome_name, value_text
from sim.output.numbers import listing
from sim.output.plotting import figure_language, plt
from sim.runs.verdicts import Verdicts
from sim.studies.compare.analysis import paired
from sim.studies.compare.ensemble import EnsembleCompare, robustness
from sim.words import Book, check_lang

W = Book("compare")
MANY = Book("many")
VERDICTS = {"robust": "e_robust", "mostly": "e_mostly", "depends": "e_depends"}
SUMMARIES = {"robust": "e_sum_robust", "mostly": "e_sum_mostly", "tie": "e_sum_tie"}

# The outcomes drawn in plots/ensemble.png (those the runs have).
HEADLINE = [
    "backbones_mentored",
    "backbones",
    "median_months_to_competence",
    "mentor_hours_per_backbone",
    "final_pool_size",
    "reproduction_number",
]


def _where(row: dict, lang: str) -> str:
    if not row["rival"]:
        return W("e_none", lang)
    if not row["flip_parameter"]:
        return W("e_no_param", lang, rival=row["rival"])
    side = W("e_above" if row["rival_wins_above"] else "e_below", lang)
    return W(
        "e_where", lang, rival=row["rival"], p=row["flip_parameter"], side=side,
        at=fmt(row["flip_at"]), acc=f"{row['split_accuracy']:.0%}",
    )  # fmt: skip


def section(ens: EnsembleCompare, table: list[dict], lang: str = "zh", verdicts: Verdicts | None = None) -> list[str]:
    """The report's lines on the plausible sets, in ``lang``; a tie and how sure from ``verdicts`` when given."""
    check_lang(lang)
    n = len(ens.members)
    lines = [
        W("e_title", lang, folder=ens.folder),
        "",
        W("e_intro", lang, n=n, r=ens.replicates, runs=n * ens.replicates),
        "",
    ]
    for p in ens.members.columns:
        column = ens.members[p]
        if not pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
            values = list(dict.fromkeys(str(v) for v in column))  # a structure's choice: its values, as found
            lines.append(f"- `{p}`: {listing((f'`{v}`' for v in values), lang)}")
            continue
        x = column.to_numpy(dtype=float)
        span = (
            W("e_span", lang, low=fmt(float(x.min())), high=fmt(float(x.max())))
            if np.ptp(x) > 0
            else W("e_same", lang, value=fmt(float(x[0])))
        )
        lines.append(f"- `{p}`: {span}")
    lines.append("")
    for lab, kept in ens.kept.items():
        if kept:
            lines.append(W("e_kept", lang, lab=lab, keys=listing((f"`{k}`" for k in kept), lang)))
    lines += ["", W("e_rule", lang), "", W("e_head", lang), "|---|---|---|---|---|---|---|---|"]
    kinds: dict[str, list[str]] = {"robust": [], "mostly": [], "tie": [], "depends": []}
    for row in table:
        key, line = _table_row(ens, row, lang, verdicts)
        kinds[key].append(row["outcome"])
        lines.append(line)
    lines.append("")
    names = {k: listing((outcome_name(o, lang, unit=False) for o in v), lang) for k, v in kinds.items()}
    for key in ("robust", "mostly", "tie"):
        if kinds[key]:
            lines.append(W(SUMMARIES[key], lang, names=names[key]))
    for r in table:
        if r["outcome"] in kinds["depends"]:
            lines.append(
                W("e_sum_depends", lang, name=outcome_name(r["outcome"], lang, unit=False), where=_where(r, lang))
            )
    lines += ["", W("e_files", lang), ""]
    return lines


def _table_row(ens: EnsembleCompare, row: dict, lang: str, verdicts: Verdicts | None) -> tuple[str, str]:
    """The verdict's key (robust, mostly, tie, depends) and the table's line of one outcome of ``robustness``.

    A tie: the paired verdict within sets cannot tell the best from the runner-up (``verdicts``), or,
    without them, the pooled paired interval covers zero.
    """
    o, n = row["outcome"], len(ens.members)
    d = paired(ens.pooled, row["runner_up"], row["best"], o)
    found = verdicts.get(o, row["runner_up"], row["best"]) if verdicts is not None else None
    tie = not d.significant if found is None else not (found.clear and found.sign * direction(o) > 0)
    if found is not None and not tie:
        key = str(row.get("verdict") or ("robust" if row["reversed_in_sets"] == 0 else "depends"))
        verdict, best, sure = W(VERDICTS[key], lang), f"**{row['best']}**", short_verdict(found, lang)
    elif tie:
        key, verdict = "tie", W("e_tie", lang, best=row["best"], second=row["runner_up"])
        best, sure = W("tie_cell", lang, best=row["best"], second=row["runner_up"]), W("e_noise", lang)
    else:
        key = str(row.get("verdict") or ("robust" if row["reversed_in_sets"] == 0 else "depends"))
        verdict, best, sure = W(VERDICTS[key], lang), f"**{row['best']}**", certainty(d.t_p, lang)
    line = (
        f"| {outcome_name(o, lang)} | {best} | {_spread(ens, row['best'], o)} | {row['runner_up']}: {sure} | "
        f"{row['reversed_in_sets']} / {n} | {verdict} | {row['ranking']} ({row['ranking_in_sets']} / {n}) | "
        f"{_where(row, lang)} |"
    )
    return key, line


def _spread(ens: EnsembleCompare, lab: str, o: str) -> str:
    """The pooled mean of ``lab`` on ``o`` and where the middle 80% of its runs fall."""
    ok = ens.pooled.runs[(ens.pooled.runs["status"] == "ok") & (ens.pooled.runs["variant"] == lab)]
    x = ok[o].dropna().to_numpy(dtype=float)
    if not len(x):
        return MISSING
    lo, hi = np.quantile(x, [0.1, 0.9])
    return f"{value_text(o, float(x.mean()))} ({value_text(o, float(lo))} – {value_text(o, float(hi))})"


def plot_ensemble(ens: EnsembleCompare, path: Path, lang: str = "zh") -> Path | None:
    """Each set's mean per variant (dots) over the runs' 10% to 90% (bars), for the headline outcomes."""
    names = [o for o in HEADLINE if o in ens.pooled.outcomes and ens.by_member[o].notna().any()]
    if not names:
        return None
    labels = ens.pooled.labels
    lang = figure_language(lang)
    cols = 3
    rows = int(np.ceil(len(names) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.4 * rows), squeeze=False)
    ok = ens.pooled.runs[ens.pooled.runs["status"] == "ok"]
    for ax, o in zip(axes.flat, names, strict=False):
        for k, lab in enumerate(labels):
            runs = ok.loc[ok["variant"] == lab, o].dropna().to_numpy(dtype=float)
            sets = ens.by_member.loc[ens.by_member["variant"] == lab, o].dropna().to_numpy(dtype=float)
            if len(runs):
                lo, hi = np.quantile(runs, [0.1, 0.9])
                ax.vlines(k, lo, hi, color=f"C{k}", linewidth=8, alpha=0.25)
            jitter = np.linspace(-0.15, 0.15, len(sets)) if len(sets) > 1 else np.zeros(len(sets))
            ax.plot(k + jitter, sets, "o", color=f"C{k}", markersize=3)
        ax.set_title(outcome_name(o, lang), fontsize=10)
        ax.set_xticks(range(len(labels)), labels, rotation=20, fontsize=8)
        ax.grid(alpha=0.3, axis="y")
    for ax in list(axes.flat)[len(names) :]:
        ax.axis("off")
    fig.suptitle(W("e_plot", lang), fontsize=10)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


def write_ensemble(
    ens: EnsembleCompare, folder: Path, *, plots: bool = True, lang: str = "zh", verdicts: Verdicts | None = None
) -> list[str]:
    """Write the ensemble's tables (and plot) into the comparison ``folder``; the report section in ``lang``."""
    robust = robustness(ens)
    params = ens.members.rename_axis("member").reset_index()
    ens.by_member.merge(params, on="member").to_csv(folder / "by_set.csv", index=False, encoding=CSV_ENCODING)
    if plots:
        plot_ensemble(ens, folder / "plots" / "ensemble.png", lang)
    if len(robust):
        robust.insert(1, "label", [outcome_name(o, lang) for o in robust["outcome"]])
    robust.to_csv(folder / "robustness.csv", index=False, encoding=CSV_ENCODING)
    return section(ens, robust.to_dict("records"), lang, verdicts)

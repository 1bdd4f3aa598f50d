"""The part of a comparison folder that a comparison over the plausible sets of a fit adds.

    robustness.csv   per outcome with a direction: best variant, in how many sets it stays best and
                     the ranking holds, and where it changes: the parameter, the value, the rival
    by_set.csv       per set: its parameter values and each variant's mean of each outcome
    plots/ensemble.png  headline outcomes: each set's mean per variant, and the runs' 10% to 90%

and the report section that says, in words, which rankings hold across the sets.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sim.explore.compare import paired
from sim.explore.ensemble import EnsembleCompare, robustness
from sim.explore.stats import certainty_words
from sim.model.outcomes import OUTCOMES
from sim.output.numbers import number
from sim.output.plotting import plt

# The outcomes drawn in plots/ensemble.png (those the runs have).
HEADLINE = [
    "backbones_mentored",
    "backbones",
    "median_months_to_competence",
    "mentor_hours_per_backbone",
    "final_pool_size",
    "reproduction_number",
]


def _where(row: dict) -> str:
    if not row["rival"]:
        return "no set reverses it"
    if not row["flip_parameter"]:
        return f"{row['rival']} wins in some sets; no parameter separates them"
    side = "above" if row["rival_wins_above"] else "below"
    return (
        f"{row['rival']} wins where `{row['flip_parameter']}` is {side} {number(row['flip_at'])} "
        f"(this threshold sorts {row['split_accuracy']:.0%} of the sets)"
    )


def section(ens: EnsembleCompare, table: list[dict]) -> list[str]:
    """The report's lines on the plausible sets."""
    n = len(ens.members)
    lines = [
        f"## Across the plausible parameter sets of {ens.folder}",
        "",
        f"Every variant ran on the fit's {n} plausible parameter sets (its `ensemble.csv`, best first), "
        f"{ens.replicates} replicates each, the same seeds in every set; the figures below pool all "
        f"{n * ens.replicates} runs of a variant, so their intervals and ranges include the uncertainty of "
        "the calibrated parameters. The sets span:",
        "",
    ]
    for p in ens.members.columns:
        x = ens.members[p].to_numpy(dtype=float)
        span = (
            f"{number(float(x.min()))} to {number(float(x.max()))}"
            if np.ptp(x) > 0
            else f"{number(float(x[0]))} in every set"
        )
        lines.append(f"- `{p}`: {span}")
    lines.append("")
    for lab, kept in ens.kept.items():
        if kept:
            lines.append(f"{lab} sets {', '.join(f'`{k}`' for k in kept)} itself (its policy): the sets leave it.")
    lines += [
        "",
        "A set reverses the best variant when a rival is clearly better in that set (the 95% interval of "
        "the paired difference over the set's replicates excludes zero); a near tie does not count.",
        "",
        "| figure | best over all sets | against the runner-up | sets that reverse it | verdict | "
        "ranking by means | where it changes |",
        "|---|---|---|---|---|---|---|",
    ]
    verdicts: dict[str, list[str]] = {"robust": [], "tie": [], "depends": []}
    for row in table:
        d = paired(ens.pooled, row["runner_up"], row["best"], row["outcome"])
        if not d.significant:
            verdict, key = f"cannot tell {row['best']} and {row['runner_up']} apart", "tie"
        elif row["reversed_in_sets"] == 0:
            verdict, key = "**robust**", "robust"
        else:
            verdict, key = "depends on the parameters", "depends"
        verdicts[key].append(row["outcome"])
        sure = certainty_words(d.t_p) if d.significant else "within noise"
        lines.append(
            f"| {row['outcome']} | {row['best']} | {row['runner_up']}: {sure} | {row['reversed_in_sets']} of {n} | "
            f"{verdict} | {row['ranking']} in {row['ranking_in_sets']} of {n} | {_where(row)} |"
        )
    lines.append("")
    if verdicts["robust"]:
        lines.append(f"**Robust** (no set reverses the best variant): {', '.join(verdicts['robust'])}.")
    if verdicts["tie"]:
        lines.append(f"Too close to call even pooled over the sets: {', '.join(verdicts['tie'])}.")
    for r in table:
        if r["outcome"] in verdicts["depends"]:
            lines.append(f"On {r['outcome']} the answer depends on the parameters: {_where(r)}.")
    lines += [
        "",
        "A threshold is the best single split of the sets by one parameter; with few sets it can be "
        "chance. Files: robustness.csv, by_set.csv, plots/ensemble.png.",
        "",
    ]
    return lines


def plot_ensemble(ens: EnsembleCompare, path: Path) -> Path | None:
    """Each set's mean per variant (dots) over the runs' 10% to 90% (bars), for the headline outcomes."""
    names = [o for o in HEADLINE if o in ens.pooled.outcomes and ens.by_member[o].notna().any()]
    if not names:
        return None
    labels = ens.pooled.labels
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
        unit = OUTCOMES[o].unit if o in OUTCOMES else ""
        ax.set_title(o, fontsize=10)
        ax.set_ylabel(unit)
        ax.set_xticks(range(len(labels)), labels, rotation=20, fontsize=8)
        ax.grid(alpha=0.3, axis="y")
    for ax in list(axes.flat)[len(names) :]:
        ax.axis("off")
    fig.suptitle("each plausible set's mean (dots) and the middle 80% of runs (bars)", fontsize=10)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


def write_ensemble(ens: EnsembleCompare, folder: Path, *, plots: bool = True) -> list[str]:
    """Write the ensemble's tables (and plot) into the comparison ``folder``; the report section."""
    robust = robustness(ens)
    robust.to_csv(folder / "robustness.csv", index=False)
    params = ens.members.rename_axis("member").reset_index()
    ens.by_member.merge(params, on="member").to_csv(folder / "by_set.csv", index=False)
    if plots:
        plot_ensemble(ens, folder / "plots" / "ensemble.png")
    return section(ens, robust.to_dict("records"))

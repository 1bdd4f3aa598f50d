"""The fit folder of a calibration: the calibrated scenario, the trials, the ensemble, the check, a report.

    FIT/
        study.db            the Optuna study (resumable: run the command again with more --trials)
        scenario.toml       the calibrated scenario (the best trial), runnable with `cadre-sim run`
        trials.csv          every finished trial: free parameters, each target's model mean, score
        ensemble.csv        the plausible sets: those history matching does not rule out (or, without it,
                            the trials within the chi-square 95% point of the best)
        history.csv         every point of every history-matching wave: parameters, target means,
                            implausibility per target and largest (history/wave-K.csv: the resumable store)
        identification.csv  per parameter: its correlation with each target, the plausible span
        check.csv           before and after, on fresh seeds: each target, mean and 95% interval
        report.md           all of it in words, with the plot
        plots/fit.png       model / reported for each target, before and after

Each file is written under a temporary name and renamed, so a file is whole or absent.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import tomli_w

from sim.explore.history import CUTOFF, DISCREPANCY, HistoryMatch
from sim.files import atomic_write
from sim.output.numbers import number
from sim.output.plotting import plt


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 ``text`` to ``path`` under a temporary name and rename it."""

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    atomic_write(path, write)


def write_csv(path: Path, table: pd.DataFrame) -> None:
    """Write ``table`` as CSV (no index, 6 significant digits) to ``path`` under a temporary name and rename it."""
    atomic_write(path, lambda tmp: table.to_csv(tmp, index=False, float_format="%.6g"))


def _identified(flag: object) -> str:
    if flag is None or flag != flag:
        return "not judged: too few plausible trials (run more --trials)"
    return "yes" if flag else "no: the targets do not pin it"


def _value(x: object) -> str:
    v = float(x)  # type: ignore[arg-type]
    return f"{v:.0f}" if v.is_integer() else f"{v:.4g}"


def _shown(x: float, reported: float) -> str:
    return number(x, 0 if abs(reported) >= 100 else 2)


def _history_lines(history: HistoryMatch | None, n_plausible: int, facts: dict) -> list[str]:
    """What history matching did, wave by wave, or how the plausible set was made without it."""
    chi = (
        f"{n_plausible} trials in the plausible set (score within the chi-square 95% point with "
        f"{facts['free']} degrees of freedom of the best)"
    )
    if history is None:
        return [chi + ".", ""]
    lines = [
        f"History matching ({history.seconds:.0f} s this call): a set is ruled out when a target's "
        f"implausibility exceeds {CUTOFF:g} (distance to the figure over the figure's own uncertainty, the "
        f"run-to-run spread and a {DISCREPANCY:.0%} model discrepancy).",
        "",
        "| wave | points | not ruled out | box sampled |",
        "|---|---|---|---|",
    ]
    for k, box in enumerate(history.boxes, start=1):
        wave = history.points[history.points["wave"] == k]
        kept = int((wave["implausibility"] <= CUTOFF).sum())
        spans = "; ".join(f"`{key}` {_value(lo)} to {_value(hi)}" for key, (lo, hi) in box.items())
        lines.append(f"| {k} | {len(wave)} | {kept} | {spans} |")
    if len(history.plausible) >= 2:
        lines += ["", f"The {len(history.plausible)} sets not ruled out in the last wave are the plausible set.", ""]
    else:
        lines += ["", f"Fewer than two sets survive the last wave, so the plausible set falls back to the {chi}.", ""]
    return lines


def plot_check(check: pd.DataFrame, path: Path) -> Path:
    """Model mean over reported value for each target, before and after the fit."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(7, 0.6 * len(check) + 1.5))
    y = range(len(check))
    ax.barh([i + 0.2 for i in y], check.before_mean / check.reported, height=0.4, label="before", color="#adb5bd")
    ax.barh([i - 0.2 for i in y], check.after_mean / check.reported, height=0.4, label="after", color="#e8590c")
    ax.axvline(1.0, color="black", lw=1)
    ax.axvspan(0.9, 1.1, color="#2f9e44", alpha=0.15, label="within 10%")
    ax.set_yticks(list(y), check.target)
    ax.set_xlabel("model mean / reported figure")
    ax.legend(loc="best", fontsize=8)
    fig.tight_layout()
    atomic_write(path, lambda tmp: fig.savefig(tmp, dpi=110, format="png"))
    plt.close(fig)
    return path


def write_fit(
    folder: Path,
    *,
    scenario: dict,
    trials: pd.DataFrame,
    plausible: pd.DataFrame,
    identification: pd.DataFrame,
    check: pd.DataFrame,
    facts: dict,
    history: HistoryMatch | None = None,
) -> Path:
    """Write the fit's products into ``folder`` (beside its study); returns the report's path."""
    write_text(
        folder / "scenario.toml",
        "# Calibrated scenario (the best trial of the fit in this folder).\n\n" + tomli_w.dumps(scenario),
    )
    write_csv(folder / "trials.csv", trials)
    write_csv(folder / "ensemble.csv", plausible)
    if history is not None:
        write_csv(folder / "history.csv", history.points)
    write_csv(folder / "identification.csv", identification)
    write_csv(folder / "check.csv", check)
    plot = plot_check(check, folder / "plots" / "fit.png")
    met_before, met_after = int(check.before_within_10pct.sum()), int(check.after_within_10pct.sum())
    lines = [
        f"# Calibration of {facts['scenario']} to {facts['targets_file']}",
        "",
        f"{facts['trials']} trials (Optuna TPE, seed {facts['seed']}), {facts['replicates']} replicates each with common "
        f"random numbers: {facts['seconds']:.0f} s of trials in all (this call {facts['this_call']:.0f} s with the "
        f"check, {facts['workers']} worker(s)). Best score (summed deviance) "
        f"{number(trials.score.min(), 1)}.",
        "",
        *_history_lines(history, len(plausible), facts),
        f"Targets met within 10% on fresh seeds: **{met_before} of {len(check)} before, {met_after} of {len(check)} after**.",
        "",
        "## Targets, before and after (fresh seeds, mean and 95% interval)",
        "",
        "| target | kind | reported | before | after | within 10% after |",
        "|---|---|---|---|---|---|",
    ]
    for r in check.to_dict("records"):
        lines.append(
            f"| {r['what']} | {str(r['kind']).replace('_', ' ')} | {_shown(r['reported'], y := r['reported'])} | "
            f"{_shown(r['before_mean'], y)} ({_shown(r['before_low'], y)} to {_shown(r['before_high'], y)}) | "
            f"{_shown(r['after_mean'], y)} ({_shown(r['after_low'], y)} to {_shown(r['after_high'], y)}) | "
            f"{'yes' if r['after_within_10pct'] else 'no'} |"
        )
    best = trials.iloc[0]
    lines += ["", "## The calibrated values (best trial) and what pins them", ""]
    lines += ["| parameter | best | plausible range | identified | moves most with |", "|---|---|---|---|---|"]
    targets = [str(c) for c in identification.columns if c not in ("parameter", "plausible_span", "identified")]
    for row in identification.to_dict("records"):
        key = str(row["parameter"])
        corr = {t: float(row[t]) for t in targets}
        strongest = max(corr, key=lambda t: abs(corr[t]) if corr[t] == corr[t] else -1.0)
        lines.append(
            f"| `{key}` | {_value(best[key])} | {_value(plausible[key].min())} to "
            f"{_value(plausible[key].max())} | {_identified(row['identified'])} | "
            f"{strongest} (Spearman {number(corr[strongest], 2)}) |"
        )
    lines += [
        "",
        f"![fit]({plot.relative_to(folder).as_posix()})",
        "",
        "A parameter is identified when the plausible set spans at most half its prior range. "
        "`scenario.toml` here runs the best trial; `ensemble.csv` holds the plausible sets for comparisons "
        "under uncertainty. Run the same command again with more `--trials` to go on from here.",
        "",
    ]
    report = folder / "report.md"
    write_text(report, "\n".join(lines))
    return report

"""The fit folder of a calibration: the calibrated scenario, the trials, the ensemble, the check, a report.

    FIT/
        fit.json            what the folder holds a fit of (written first; ``folder``), .lock while it works
        study.db            the Optuna study (resumable: run the command again with more --trials)
        scenario.toml       the calibrated scenario (the best trial), runnable with `cadre-sim run`
        trials.csv          every finished trial: free parameters, each target's model mean, score
        ensemble.csv        the plausible sets: those history matching does not rule out (or, without it,
                            the trials within the chi-square 95% point of the best)
        history.csv         every point of every history-matching wave: parameters, target means,
                            implausibility per target and largest (history/wave-K.csv: the resumable store)
        identification.csv  per parameter: its correlation with each target, the plausible span
        check.csv           before and after, on fresh seeds: each target, mean and 95% interval
        holdout.csv         leave one target out: what the other figures alone predict for each (``holdout``)
        report.md           all of it in words, with the plot
        plots/fit.png       model / reported for each target, before and after

Each file is written under a temporary name and renamed, so a file is whole or absent.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import tomli_w

from sim.files import atomic_write
from sim.output.numbers import number
from sim.output.plotting import figure_language, plt
from sim.output.study_files import write_csv, write_text
from sim.studies.calibrate.history import CUTOFF, DISCREPANCY, HistoryMatch
from sim.words import Book

if TYPE_CHECKING:
    from sim.studies.calibrate.fit import Fit, FitRun

__all__ = ["plot_check", "write_fit"]

W = Book("calibrate")


def _identified(flag: object, lang: str) -> str:
    if flag is None or flag != flag:
        return W("not_judged", lang)
    return W("yes", lang) if flag else W("not_pinned", lang)


def _value(x: object) -> str:
    v = float(x)  # type: ignore[arg-type]
    return f"{v:.0f}" if v.is_integer() else f"{v:.4g}"


def _shown(x: float, reported: float) -> str:
    return number(x, 0 if abs(reported) >= 100 else 2)


def _history_lines(history: HistoryMatch | None, n_plausible: int, facts: FitRun, lang: str) -> list[str]:
    """What history matching did, wave by wave, or how the plausible set was made without it."""
    chi = W("chi", lang, n=n_plausible, free=facts.free)
    if history is None:
        return [chi + ".", ""]
    lines = [
        W("history", lang, seconds=f"{history.seconds:.0f}", cutoff=f"{CUTOFF:g}", discrepancy=f"{DISCREPANCY:.0%}"),
        "",
        W("history_head", lang),
        "|---|---|---|---|",
    ]
    for k, box in enumerate(history.boxes, start=1):
        wave = history.points[history.points["wave"] == k]
        kept = int((wave["implausibility"] <= CUTOFF).sum())
        spans = "; ".join(
            W("history_span", lang, parameter=key, low=_value(lo), high=_value(hi)) for key, (lo, hi) in box.items()
        )
        lines.append(f"| {k} | {len(wave)} | {kept} | {spans} |")
    if len(history.plausible) >= 2:
        lines += ["", W("history_kept", lang, n=len(history.plausible)), ""]
    else:
        lines += ["", W("history_fallback", lang, chi=chi), ""]
    return lines


def plot_check(check: pd.DataFrame, path: Path, lang: str = "en") -> Path:
    """Model mean over reported value for each target, before and after the fit (English without a CJK font)."""
    lang = figure_language(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(7, 0.6 * len(check) + 1.5))
    y = range(len(check))
    ax.barh(
        [i + 0.2 for i in y], check.before_mean / check.reported, height=0.4, label=W("plot_before", lang),
        color="#adb5bd",
    )  # fmt: skip
    ax.barh(
        [i - 0.2 for i in y], check.after_mean / check.reported, height=0.4, label=W("plot_after", lang),
        color="#e8590c",
    )  # fmt: skip
    ax.axvline(1.0, color="black", lw=1)
    ax.axvspan(0.9, 1.1, color="#2f9e44", alpha=0.15, label=W("plot_within", lang))
    ax.set_yticks(list(y), check.target)
    ax.set_xlabel(W("plot_axis", lang))
    ax.legend(loc="best", fontsize=8)
    fig.tight_layout()
    atomic_write(path, lambda tmp: fig.savefig(tmp, dpi=110, format="png"))
    plt.close(fig)
    return path


def _check_lines(check: pd.DataFrame, lang: str) -> list[str]:
    """Each target before and after the fit, mean and 95% interval (one table row each)."""
    lines = [W("h_check", lang), "", W("check_head", lang), "|---|---|---|---|---|---|"]
    for r in check.to_dict("records"):
        y = r["reported"]
        before, after = (
            W("interval", lang, mean=_shown(r[f"{when}_mean"], y), low=_shown(r[f"{when}_low"], y),
              high=_shown(r[f"{when}_high"], y))
            for when in ("before", "after")
        )  # fmt: skip
        within = W("yes" if r["after_within_10pct"] else "no", lang)
        lines.append(
            f"| {r['what']} | {str(r['kind']).replace('_', ' ')} | {_shown(y, y)} | {before} | {after} | {within} |"
        )
    return lines


def _value_lines(fit: Fit, lang: str) -> list[str]:
    """Each free parameter: its best value, plausible range, whether identified, the target it moves most with."""
    best, plausible, identification = fit.trials.iloc[0], fit.plausible, fit.identification
    lines = [W("h_values", lang), "", W("values_head", lang), "|---|---|---|---|---|"]
    targets = [str(c) for c in identification.columns if c not in ("parameter", "plausible_span", "identified")]
    for row in identification.to_dict("records"):
        key = str(row["parameter"])
        corr = {t: float(row[t]) for t in targets}
        strongest = max(corr, key=lambda t: abs(corr[t]) if corr[t] == corr[t] else -1.0)
        span = W("plausible_range", lang, low=_value(plausible[key].min()), high=_value(plausible[key].max()))
        moves = W("strongest", lang, target=strongest, rho=number(corr[strongest], 2))
        lines.append(f"| `{key}` | {_value(best[key])} | {span} | {_identified(row['identified'], lang)} | {moves} |")
    return lines


def _holdout_lines(holdout: pd.DataFrame | None, lang: str) -> list[str]:
    """What the other figures alone predict for each figure (leave one target out), one row each."""
    if holdout is None or holdout.empty:
        return []
    lines = [W("h_holdout", lang), "", W("holdout_intro", lang, cutoff=f"{CUTOFF:g}"), "", W("holdout_head", lang),
             "|---|---|---|---|---|"]  # fmt: skip
    for r in holdout.to_dict("records"):
        y = float(r["reported_high"])
        reported = (
            _shown(r["reported_low"], y)
            if r["reported_low"] == r["reported_high"]
            else W("range", lang, low=_shown(r["reported_low"], y), high=_shown(y, y))
        )
        predicted = (
            "-"
            if r["sets"] == 0
            else W("range", lang, low=_shown(r["predicted_low"], y), high=_shown(r["predicted_high"], y))
        )
        lines.append(f"| {r['what']} | {reported} | {r['sets']} | {predicted} | {W(f'holdout_{r["verdict"]}', lang)} |")
    return lines


def write_fit(fit: Fit, lang: str = "en") -> Path:
    """Write the fit's products into its folder (beside its study); returns the report's path."""
    folder, facts, check = fit.folder, fit.facts, fit.check
    write_text(folder / "scenario.toml", W("scenario_head", lang) + "\n\n" + tomli_w.dumps(fit.scenario))
    write_csv(folder / "trials.csv", fit.trials)
    write_csv(folder / "ensemble.csv", fit.plausible)
    if fit.history is not None:
        write_csv(folder / "history.csv", fit.history.points)
    write_csv(folder / "identification.csv", fit.identification)
    write_csv(folder / "check.csv", check)
    if fit.holdout is not None:
        write_csv(folder / "holdout.csv", fit.holdout)
    plot = plot_check(check, folder / "plots" / "fit.png", lang)
    met_before = int(check.before_within_10pct.sum())
    lines = [
        W("title", lang, scenario=facts.scenario, targets=facts.targets_file),
        "",
        W("run", lang, trials=facts.trials, seed=facts.seed, replicates=facts.replicates,
          seconds=f"{facts.seconds:.0f}", this_call=f"{facts.this_call:.0f}", workers=facts.workers,
          best=number(fit.trials.score.min(), 1)),
        "",
        *_history_lines(fit.history, len(fit.plausible), facts, lang),
        W("met", lang, before=met_before, after=fit.met, n=len(check)),
        "",
        *_check_lines(check, lang),
        "",
        *_value_lines(fit, lang),
        "",
        *_holdout_lines(fit.holdout, lang),
        "",
        f"![fit]({plot.relative_to(folder).as_posix()})",
        "",
        W("closing", lang),
        "",
    ]  # fmt: skip
    report = folder / "report.md"
    write_text(report, "\n".join(lines))
    return report

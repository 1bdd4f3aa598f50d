"""Compare policies: every variant on the same replicate seeds, with paired statistics.

(The folder, its plots and report are written by ``sim.studies.compare.report``.)

``cadre-sim compare scenarios/baseline.toml scenarios/anji.toml scenarios/team.toml -r 30``

Common random numbers: replicate i of every variant runs with the same seed (child i of
``SeedSequence(--seed)``), so variant-minus-reference differences are paired and come from
the policy, not from luck. For each headline figure (``sim.model.outcomes.OUTCOMES``) the folder gets:

    table.csv        mean and 95% t confidence interval per variant, and the runs' 10% and 90% points
    differences.csv  paired difference of each variant against the first one: mean, 95% t CI,
                     relative change, paired t-test p and Wilcoxon signed-rank p
    runs.csv         one row per run (variant, replicate, seed, outcomes, status)
    series.csv       main monthly series: mean and 95% band per variant and month
    plots/*.png      those series, one line with a band per variant
    failures.csv     runs that raised (if any), with seed and traceback
    report.md        in plain words: who wins on which figure, by how much, how sure

The paired t-test goes with the t interval (both assume roughly normal differences, which
holds for these aggregate figures; the interval excludes 0 exactly when t-test p < 0.05).
The Wilcoxon signed-rank test makes no normality assumption; the report marks a figure only
where it would change the verdict (a figure with a direction, the two tests on either side of
5%) and only when it could reach 5% at all (6 replicates or more: with 5 its smallest p is
0.0625), and explains the mark once. ``direction`` (``OUTCOMES``) decides which figures have a
winner at all: ``better`` stays empty on figures that are effort or size, not merit.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from rich.console import Console
from scipy import stats

from sim.model.outcomes import OUTCOMES
from sim.model.run import simulate
from sim.output.names import direction
from sim.params.schema import Scenario
from sim.runs.backends import execute
from sim.runs.designs import derive_seed
from sim.runs.execution import RunFn, default_workers
from sim.runs.progress import SigtermToInterrupt, runs_progress
from sim.runs.stats import PairedDiff, mean_ci, paired_difference
from sim.terminal import spoken

__all__ = [
    "MAIN_SERIES",
    "Best",
    "CompareResult",
    "best_per_outcome",
    "better",
    "difference_table",
    "in_label_order",
    "labels_for",
    "paired",
    "paired_in",
    "run_compare",
    "series_table",
    "summary_table",
    "tests_disagree",
    "wilcoxon_can_reach",
]

# Monthly series plotted with bands (those present in the run's series are used).
MAIN_SERIES = [
    "cum_backbones",
    "pool_size",
    "active_pairs",
    "mean_skill",
    "skill_young",
    "mentees_per_pool_mentor",
    "headcount",
    "cum_mentor_hours",
]


def compare_run(base: tuple, overrides: dict, seed: int) -> dict:
    """Run variant ``overrides['variant']`` of ``base`` (scenarios, series columns) with ``seed``."""
    scenarios, columns = base
    res = simulate(scenarios[overrides["variant"]], seed)
    series = res.series
    keep = [c for c in ("month", "year", *columns) if c in series.columns]
    return {"summary": dict(res.summary), "series": series[keep].reset_index(drop=True)}


@dataclass(frozen=True)
class CompareResult:
    """The runs of a comparison: per replicate outcomes and series of every variant."""

    labels: list[str]
    seeds: list[int]
    runs: pd.DataFrame  # variant, replicate, seed, outcomes..., status (and member, over a fit's sets)
    series: dict[str, list]  # label -> list (per replicate) of DataFrame or None
    failures: list[dict] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)
    root_seed: int = 0
    seconds: float = 0.0


def run_compare(
    scenarios: list[Scenario],
    labels: list[str],
    *,
    replicates: int = 30,
    seed: int = 20240501,
    workers: int | None = None,
    scheduler: Any = None,
    progress: bool = False,
    console: Console | None = None,
    run_fn: RunFn | None = None,
    series_columns: list[str] | None = None,
) -> CompareResult:
    """Run every scenario ``replicates`` times; replicate i of every variant uses seed i.

    Raises:
        KeyboardInterrupt: Ctrl-C or SIGTERM (nothing is kept).
    """
    t0 = time.perf_counter()
    outcomes = list(OUTCOMES)
    seeds = [derive_seed(seed, i) for i in range(replicates)]
    n_runs = len(scenarios) * replicates
    cols = list(series_columns if series_columns is not None else MAIN_SERIES)
    tasks = ((v * replicates + i, {"variant": v}, seeds[i]) for v in range(len(scenarios)) for i in range(replicates))
    rows: list[dict] = []
    series: dict[str, list] = {lab: [None] * replicates for lab in labels}
    failures: list[dict] = []
    with SigtermToInterrupt(), runs_progress(progress, console, spoken()) as bar:
        task = bar.add_task("compare", total=n_runs, failed=0)
        for rec in execute(
            tasks,
            run_fn=run_fn or compare_run,
            base=(tuple(scenarios), tuple(cols)),
            workers=default_workers() if workers is None else workers,
            scheduler=scheduler,
        ):
            v, i = divmod(rec.key, replicates)
            row = {"variant": labels[v], "replicate": i, "seed": seeds[i]}
            if rec.ok:
                summary = rec.result["summary"]
                rows.append({**row, **{o: float(summary.get(o, np.nan)) for o in outcomes}, "status": "ok"})
                series[labels[v]][i] = rec.result.get("series")
            else:
                rows.append({**row, **{o: np.nan for o in outcomes}, "status": "failed"})
                failures.append({**row, "error": rec.error, "traceback": rec.traceback})
            bar.update(task, advance=1, failed=len(failures))
    runs = in_label_order(pd.DataFrame(rows, columns=["variant", "replicate", "seed", *outcomes, "status"]), labels)
    return CompareResult(labels, seeds, runs, series, failures, outcomes, seed, time.perf_counter() - t0)


def in_label_order(runs: pd.DataFrame, labels: list[str]) -> pd.DataFrame:
    """``runs`` sorted by variant (in the order of ``labels``), then replicate, renumbered from 0."""
    order = {lab: k for k, lab in enumerate(labels)}
    runs = runs.sort_values(["variant", "replicate"], key=lambda s: s.map(order) if s.name == "variant" else s)
    return runs.reset_index(drop=True)


# ---- statistics tables --------------------------------------------------------------------
def summary_table(res: CompareResult) -> pd.DataFrame:
    """Mean, sd and 95% t interval of every outcome per variant, and the spread of the runs (10% to 90%)."""
    rows = []
    for o in res.outcomes:
        for lab in res.labels:
            x = res.runs.loc[res.runs["variant"] == lab, o].to_numpy(dtype=float)
            ci = mean_ci(x)
            x = x[~np.isnan(x)]
            p10, p90 = np.quantile(x, [0.1, 0.9]) if len(x) else (np.nan, np.nan)
            rows.append(
                {
                    "outcome": o,
                    "variant": lab,
                    "n": ci.n,
                    "mean": ci.mean,
                    "sd": ci.sd,
                    "ci_low": ci.low,
                    "ci_high": ci.high,
                    "p10": float(p10),
                    "p90": float(p90),
                }
            )
    return pd.DataFrame(rows)


def paired(res: CompareResult, a: str, b: str, o: str) -> PairedDiff:
    """Paired difference of outcome ``o``: variant ``b`` minus variant ``a``, replicate by replicate."""
    return paired_in(res.runs, a, b, o)


def paired_in(runs: pd.DataFrame, a: str, b: str, o: str) -> PairedDiff:
    """``paired`` within ``runs``: a comparison's runs, or a part of them (one parameter set's)."""
    xa = runs.loc[runs["variant"] == a].sort_values("replicate")[o].to_numpy(dtype=float)
    xb = runs.loc[runs["variant"] == b].sort_values("replicate")[o].to_numpy(dtype=float)
    return paired_difference(xa, xb)


DIFFERENCE_COLUMNS = [
    *("outcome", "variant", "reference", "n_pairs", "diff_mean", "diff_ci_low", "diff_ci_high"),
    *("relative", "t_test_p", "wilcoxon_p", "better"),
]


def difference_table(res: CompareResult) -> pd.DataFrame:
    """Paired difference of every variant against the first, per outcome, with the verdict."""
    rows = []
    ref = res.labels[0]
    for o in res.outcomes:
        for lab in res.labels[1:]:
            d = paired(res, ref, lab, o)
            rows.append((o, lab, ref, d.n, d.mean, d.low, d.high, d.rel, d.t_p, d.wilcoxon_p, better(d, o, ref, lab)))
    return pd.DataFrame(rows, columns=DIFFERENCE_COLUMNS)


def better(d: PairedDiff, o: str, a: str, b: str) -> str:
    """The better of ``a`` and ``b`` on ``o`` by their paired difference ``d`` (``b`` minus ``a``).

    Empty when the 95% interval covers zero, or when ``o`` has no better direction (effort, size).
    """
    if not d.significant or direction(o) == 0:
        return ""
    return b if (d.mean > 0) == (direction(o) > 0) else a


def tests_disagree(d: PairedDiff, o: str) -> bool:
    """Whether the Wilcoxon test would change the t interval's verdict on ``d`` (and could say "different" at all)."""
    if direction(o) == 0 or not wilcoxon_can_reach(d.n) or not np.isfinite(d.wilcoxon_p):
        return False
    return d.significant != (d.wilcoxon_p < 0.05)


@dataclass(frozen=True)
class Best:
    """The best variant on one outcome with a direction, its runner-up, and the gap (best minus runner-up)."""

    outcome: str
    best: str
    runner_up: str
    gap: PairedDiff


def best_per_outcome(res: CompareResult, table: pd.DataFrame) -> list[Best]:
    """The best variant by mean (``table``: ``summary_table(res)``) of every outcome that can be ranked.

    Left out: an outcome without a direction, or with the same figure in every run, or fewer than two
    variants with a mean.
    """
    found = []
    for o in res.outcomes:
        way = direction(o)
        values = res.runs[o].dropna()
        if way == 0 or len(res.labels) < 2 or values.empty or values.nunique() == 1:
            continue
        ranked = table[table["outcome"] == o].set_index("variant")["mean"].dropna().sort_values(ascending=way < 0)
        if len(ranked) >= 2:
            best, second = str(ranked.index[0]), str(ranked.index[1])
            found.append(Best(o, best, second, paired(res, second, best, o)))
    return found


def series_table(res: CompareResult) -> pd.DataFrame:
    """Long table: variant, month (, year), series, n, mean, low, high (95% t band)."""
    frames = []
    for lab in res.labels:
        reps = [s for s in res.series[lab] if s is not None]
        if not reps:
            continue
        n_months = min(len(s) for s in reps)
        cols = [c for c in reps[0].columns if c not in ("month", "year")]
        base = reps[0].iloc[:n_months]
        for c in cols:
            m = np.stack([s[c].to_numpy(dtype=float)[:n_months] for s in reps])
            n = m.shape[0]
            mean = m.mean(axis=0)
            if n > 1:
                half = stats.t.ppf(0.975, n - 1) * m.std(axis=0, ddof=1) / np.sqrt(n)
            else:
                half = np.full(n_months, np.nan)
            f = pd.DataFrame({"variant": lab, "month": base["month"].to_numpy()})
            if "year" in base:
                f["year"] = base["year"].to_numpy()
            f["series"] = c
            f["n"] = n
            f["mean"], f["low"], f["high"] = mean, mean - half, mean + half
            frames.append(f)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def wilcoxon_can_reach(n: int, level: float = 0.05) -> bool:
    """Whether a two-sided Wilcoxon signed-rank test on ``n`` pairs can reach ``level`` at all.

    Its smallest p is ``2 / 2**n`` (every difference of one sign): 0.0625 with 5 pairs, so with
    five replicates it can never say "different" at 5%, whatever the data; its disagreeing with
    the t-test then says nothing.
    """
    return n > 0 and 2.0 / 2.0**n < level


def labels_for(scenarios: list[Scenario], paths: list[Path]) -> list[str]:
    """A distinct label per variant: the scenario's name, else its file name."""
    labels: list[str] = []
    for s, p in zip(scenarios, paths, strict=True):
        lab = s.name or Path(p).stem
        if lab in labels:
            lab = Path(p).stem if Path(p).stem not in labels else f"{lab}#{len(labels) + 1}"
        labels.append(lab)
    return labels

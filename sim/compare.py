"""Compare policies: every variant on the same replicate seeds, with paired statistics.

``cadre-sim compare scenarios/baseline.toml scenarios/anji.toml scenarios/team.toml -r 30``

Common random numbers: replicate i of every variant runs with the same seed (child i of
``SeedSequence(--seed)``), so variant-minus-reference differences are paired and come from
the policy, not from luck. For each headline figure (``sim.run.OUTCOMES``) the folder gets:

    table.csv        mean and 95% t confidence interval per variant
    differences.csv  paired difference of each variant against the first one: mean, 95% t CI,
                     relative change, paired t-test p and Wilcoxon signed-rank p
    runs.csv         one row per run (variant, replicate, seed, outcomes, status)
    series.csv       main monthly series: mean and 95% band per variant and month
    plots/*.png      those series, one line with a band per variant
    failures.csv     runs that raised (if any), with seed and traceback
    report.md        in plain words: who wins on which figure, by how much, how sure

The paired t-test goes with the t interval (both assume roughly normal differences, which
holds for these aggregate figures; the interval excludes 0 exactly when t-test p < 0.05).
The Wilcoxon signed-rank test makes no normality assumption; the report flags figures where
the two tests disagree at the 5% level.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import typer

from sim.files import build_folder

__all__ = ["CompareResult", "run_compare", "write_compare", "compare_command", "MAIN_SERIES"]

# Monthly series plotted with bands (those present in the run's series are used).
MAIN_SERIES = ["cum_backbones", "pool_size", "active_pairs", "mean_skill", "skill_young",
               "mentees_per_pool_mentor", "headcount", "cum_mentor_hours"]


def _direction(outcome: str) -> int:
    """+1 higher is better, -1 lower is better, 0 neither (``sim.run.OUTCOME_DIRECTION``)."""
    from sim.run import OUTCOME_DIRECTION

    return OUTCOME_DIRECTION.get(outcome, 0)


def _outcome_info() -> dict[str, tuple[str, str]]:
    from sim.run import OUTCOMES

    return {k: tuple(v) if isinstance(v, (tuple, list)) else ("", str(v)) for k, v in dict(OUTCOMES).items()}


def _compare_run(base: tuple, overrides: dict, seed: int) -> dict:
    """Run variant ``overrides['variant']`` of ``base`` (scenarios, series columns) with ``seed``."""
    from sim.run import simulate

    scenarios, columns = base
    res = simulate(scenarios[overrides["variant"]], seed)
    series = res.series
    keep = [c for c in ("month", "year", *columns) if c in series.columns]
    return {"summary": dict(res.summary), "series": series[keep].reset_index(drop=True)}


@dataclass
class CompareResult:
    labels: list[str]
    seeds: list[int]
    runs: Any  # DataFrame: variant, replicate, seed, outcomes..., status
    series: dict[str, list]  # label -> list (per replicate) of DataFrame or None
    failures: list[dict] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)
    root_seed: int = 0
    seconds: float = 0.0


def run_compare(scenarios: list, labels: list[str], *, replicates: int = 30, seed: int = 20240501,
                workers: int | None = None, scheduler: Any = None, progress: bool = False, console=None,
                run_fn=None, series_columns: list[str] | None = None) -> CompareResult:
    """Run every scenario ``replicates`` times; replicate i of every variant uses seed i."""
    import numpy as np
    import pandas as pd

    from sim.experiment import derive_seed
    from sim.run import OUTCOMES
    from sim.sweep import _progress, default_workers, execute

    t0 = time.perf_counter()
    outcomes = list(OUTCOMES)
    seeds = [derive_seed(seed, i) for i in range(replicates)]
    nv = len(scenarios)
    cols = list(series_columns if series_columns is not None else MAIN_SERIES)
    tasks = ((v * replicates + i, {"variant": v}, seeds[i]) for v in range(nv) for i in range(replicates))
    workers = default_workers() if workers is None else workers
    rows: list[dict] = []
    series: dict[str, list] = {lab: [None] * replicates for lab in labels}
    failures: list[dict] = []
    from sim.sweep import _SigtermToInterrupt

    with _SigtermToInterrupt(), _progress(progress, console) as bar:
        task = bar.add_task("compare", total=nv * replicates, failed=0)
        for rec in execute(tasks, run_fn=run_fn or _compare_run, base=(tuple(scenarios), tuple(cols)),
                           workers=workers, scheduler=scheduler):
            v, i = divmod(rec["key"], replicates)
            row = {"variant": labels[v], "replicate": i, "seed": seeds[i]}
            if rec["ok"]:
                summary = rec["result"]["summary"]
                row.update({o: float(summary.get(o, np.nan)) for o in outcomes})
                row["status"] = "ok"
                series[labels[v]][i] = rec["result"].get("series")
            else:
                row.update({o: np.nan for o in outcomes})
                row["status"] = "failed"
                failures.append({"variant": labels[v], "replicate": i, "seed": seeds[i],
                                 "error": rec["error"], "traceback": rec["traceback"]})
            rows.append(row)
            bar.update(task, advance=1, failed=len(failures))
    runs = pd.DataFrame(rows, columns=["variant", "replicate", "seed", *outcomes, "status"])
    order = {lab: k for k, lab in enumerate(labels)}
    runs = runs.sort_values(["variant", "replicate"], key=lambda s: s.map(order) if s.name == "variant" else s)
    runs = runs.reset_index(drop=True)
    return CompareResult(labels, seeds, runs, series, failures, outcomes, seed, time.perf_counter() - t0)


# ---- statistics tables --------------------------------------------------------------------
def summary_table(res: CompareResult):
    import pandas as pd

    from sim.stats import mean_ci

    rows = []
    for o in res.outcomes:
        for lab in res.labels:
            x = res.runs.loc[res.runs["variant"] == lab, o].to_numpy()
            ci = mean_ci(x)
            rows.append({"outcome": o, "variant": lab, "n": ci.n, "mean": ci.mean, "sd": ci.sd,
                         "ci_low": ci.low, "ci_high": ci.high})
    return pd.DataFrame(rows)


def _paired(res: CompareResult, a: str, b: str, o: str):
    from sim.stats import paired_difference

    xa = res.runs.loc[res.runs["variant"] == a].sort_values("replicate")[o].to_numpy()
    xb = res.runs.loc[res.runs["variant"] == b].sort_values("replicate")[o].to_numpy()
    return paired_difference(xa, xb)


def difference_table(res: CompareResult):
    import pandas as pd

    rows = []
    ref = res.labels[0]
    for o in res.outcomes:
        for lab in res.labels[1:]:
            d = _paired(res, ref, lab, o)
            direction = _direction(o)
            better = "" if not d.significant or direction == 0 else (
                lab if (d.mean > 0) == (direction > 0) else ref)
            rows.append({"outcome": o, "variant": lab, "reference": ref, "n_pairs": d.n,
                         "diff_mean": d.mean, "diff_ci_low": d.low, "diff_ci_high": d.high,
                         "relative": d.rel, "t_test_p": d.t_p, "wilcoxon_p": d.wilcoxon_p,
                         "better": better})
    return pd.DataFrame(rows, columns=["outcome", "variant", "reference", "n_pairs", "diff_mean", "diff_ci_low",
                                       "diff_ci_high", "relative", "t_test_p", "wilcoxon_p", "better"])


def series_table(res: CompareResult):
    """Long table: variant, month (, year), series, n, mean, low, high (95% t band)."""
    import numpy as np
    import pandas as pd
    from scipy import stats

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


def plot_series(table, labels: list[str], folder: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    if table.empty:
        return written
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
        ax.set_xlabel(xcol)
        ax.set_ylabel(name)
        ax.set_title(f"{name}: mean and 95% band over replicates")
        ax.grid(alpha=0.3)
        ax.legend()
        fig.tight_layout()
        path = folder / f"{name}.png"
        fig.savefig(path, dpi=90)
        plt.close(fig)
        written.append(path)
    return written


# ---- plain words --------------------------------------------------------------------------
def _num(x: float) -> str:
    if x != x:
        return "n/a"
    ax = abs(x)
    if ax >= 100:
        return f"{x:,.0f}"
    if ax >= 10:
        return f"{x:.1f}"
    if ax >= 0.01 or ax == 0:
        return f"{x:.3g}"
    return f"{x:.2g}"


def _verdict(res: CompareResult, ref: str, lab: str, o: str, info: dict) -> str:
    from sim.stats import certainty_words, format_p

    d = _paired(res, ref, lab, o)
    unit, meaning = info.get(o, ("", ""))
    unit_s = f" {unit}" if unit and unit not in ("fraction",) else ""
    if d.n < 2 or d.mean != d.mean:
        return f"- **{o}**: cannot compare {lab} with {ref} (fewer than 2 replicates where both have a value)."
    rel = f", {d.rel:+.1%}" if d.rel == d.rel else ""
    stats_s = (f"95% CI {_num(d.low)} to {_num(d.high)}; paired t-test {format_p(d.t_p)}; "
               f"Wilcoxon {format_p(d.wilcoxon_p)}")
    if d.mean == 0 and d.sd == 0:
        return f"- **{o}**: {lab} and {ref} give exactly the same result in every replicate."
    stats_s = f"{rel.lstrip(', ')}; {stats_s}" if rel else stats_s
    if unit in ("people", "pairs", "mentors", "hours"):
        more = "more" if d.mean > 0 else "fewer"
        line = f"- **{o}** ({meaning}): {lab} gives {_num(abs(d.mean))} {more} {unit} than {ref} ({stats_s})"
    else:
        more = "higher" if d.mean > 0 else "lower"
        line = f"- **{o}** ({meaning}): {lab} is {_num(abs(d.mean))}{unit_s} {more} than {ref} ({stats_s})"
    direction = _direction(o)
    if not d.significant:
        line += f": no clear difference, {certainty_words(d.t_p)}."
    elif direction == 0:
        line += f"; {certainty_words(d.t_p)} of the difference (neither direction is better in itself)."
    else:
        winner = lab if (d.mean > 0) == (direction > 0) else ref
        line += f": **{winner} is better**, {certainty_words(d.t_p)}."
    if d.t_p == d.t_p and d.wilcoxon_p == d.wilcoxon_p and (d.t_p < 0.05) != (d.wilcoxon_p < 0.05):
        line += " (The two tests disagree at the 5% level: treat this one with care.)"
    return line


def report_markdown(res: CompareResult, table, diffs) -> str:
    from sim.stats import certainty_words, format_p

    info = _outcome_info()
    R = len(res.seeds)
    ref = res.labels[0]
    lines = [f"# Comparison: {', '.join(res.labels)}", "",
             f"{len(res.labels)} variants x {R} replicates; replicate i of every variant used the same seed "
             f"(common random numbers, root seed {res.root_seed}), so differences come from the policy, not luck. "
             f"Reference: **{ref}**. Intervals are 95% t intervals; tests are paired (t-test and Wilcoxon "
             f"signed-rank).", ""]
    if res.failures:
        lines += [f"**{len(res.failures)} run(s) failed** (see failures.csv); their replicates are left out of the "
                  "paired comparisons.", ""]

    # Winner per figure, with the runner-up gap.
    lines += ["## Who wins on which figure", "",
              "| figure | best | mean (95% CI) | runner-up | gap (95% CI) | how sure |", "|---|---|---|---|---|---|"]
    wins: dict[str, int] = {lab: 0 for lab in res.labels}
    sure_wins: dict[str, int] = {lab: 0 for lab in res.labels}
    for o in res.outcomes:
        direction = _direction(o)
        t = table[table["outcome"] == o].set_index("variant")
        if direction == 0 or len(res.labels) < 2 or t["mean"].isna().all():
            continue
        ranked = t["mean"].dropna().sort_values(ascending=direction < 0)
        if len(ranked) < 2:
            continue
        best, second = ranked.index[0], ranked.index[1]
        d = _paired(res, second, best, o)
        sure = certainty_words(d.t_p) if d.significant else "not sure (could be luck)"
        if d.n >= 2 and d.mean == 0 and d.sd == 0:
            sure = "tie (identical results)"
        if not (d.mean == 0 and d.sd == 0):
            wins[best] += 1
        if d.significant:
            sure_wins[best] += 1
        lines.append(f"| {o} | {best} | {_num(t.loc[best, 'mean'])} ({_num(t.loc[best, 'ci_low'])} to "
                     f"{_num(t.loc[best, 'ci_high'])}) | {second} | {_num(d.mean)} ({_num(d.low)} to {_num(d.high)}; "
                     f"{format_p(d.t_p)}) | {sure} |")
    lines.append("")
    scored = sum(wins.values())
    if scored:
        parts = [f"{lab} is best on {wins[lab]} of {scored} figures ({sure_wins[lab]} of them clearly)"
                 for lab in sorted(res.labels, key=lambda x: -wins[x]) if wins[lab]]
        lines += ["In short: " + "; ".join(parts) + ". \"Clearly\" means the 95% interval of the gap to the "
                  "runner-up excludes zero.", ""]

    for lab in res.labels[1:]:
        lines += [f"## {lab} against {ref}", ""]
        lines += [_verdict(res, ref, lab, o, info) for o in res.outcomes]
        lines.append("")

    lines += ["## Mean and 95% CI per variant", "",
              "| figure | " + " | ".join(res.labels) + " |", "|---|" + "---|" * len(res.labels)]
    for o in res.outcomes:
        t = table[table["outcome"] == o].set_index("variant")
        cells = [f"{_num(t.loc[lab, 'mean'])} ({_num(t.loc[lab, 'ci_low'])} to {_num(t.loc[lab, 'ci_high'])})"
                 for lab in res.labels]
        lines.append(f"| {o} | " + " | ".join(cells) + " |")
    lines += ["", "Files: table.csv, differences.csv, runs.csv, series.csv, plots/*.png"
              + (", failures.csv" if res.failures else "") + ".", ""]
    return "\n".join(lines)


def write_compare(res: CompareResult, out: Path, *, plots: bool = True) -> Path:
    """Write the comparison folder; built under a temporary name and renamed when complete."""
    import pandas as pd

    out = Path(out)
    if out.exists():
        raise FileExistsError(f"{out} already exists; results are never overwritten (choose another --out)")

    def fill(folder: Path) -> None:
        table = summary_table(res)
        diffs = difference_table(res)
        series = series_table(res)
        res.runs.to_csv(folder / "runs.csv", index=False)
        table.to_csv(folder / "table.csv", index=False)
        diffs.to_csv(folder / "differences.csv", index=False)
        series.to_csv(folder / "series.csv", index=False)
        if res.failures:
            pd.DataFrame(res.failures).to_csv(folder / "failures.csv", index=False)
        if plots:
            plot_series(series, res.labels, folder / "plots")
        (folder / "report.md").write_text(report_markdown(res, table, diffs), encoding="utf-8")

    return build_folder(out, fill)


def _labels(scenarios: list, paths: list[Path]) -> list[str]:
    labels = []
    for s, p in zip(scenarios, paths):
        lab = s.name or Path(p).stem
        if lab in labels:
            lab = Path(p).stem if Path(p).stem not in labels else f"{lab}#{len(labels) + 1}"
        labels.append(lab)
    return labels


# ---- CLI ----------------------------------------------------------------------------------
def compare_command(
    scenarios: list[Path] = typer.Argument(..., help="scenario files (or bundled names); the first is the reference"),
    replicates: int = typer.Option(30, "--replicates", "-r", min=2, help="replicates per variant (same seeds for all)"),
    seed: int = typer.Option(20240501, "--seed", min=0, help="root seed of the replicate streams"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="comparison folder (default: results/compare-...)"),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, help="local worker processes (default: all cores)"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address tcp://HOST:PORT"),
    set_: Optional[list[str]] = typer.Option(None, "--set", help="KEY=VALUE applied to every variant, e.g. --set run.years=10"),
    no_plots: bool = typer.Option(False, "--no-plots", help="skip the plots"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bar"),
) -> None:
    """Compare policies: same replicate seeds for every variant; paired differences vs the first."""
    from rich.console import Console

    from sim.scenario import ScenarioError, load_scenario, parse_assignments
    from sim.terminal import fail

    console = Console(stderr=True)
    try:
        sets = parse_assignments(set_)
        loaded = []
        for p in scenarios:
            s = load_scenario(p)
            if sets:
                s = s.with_overrides(sets, source=f"--set ({p})")
            loaded.append(s)
    except (ScenarioError, ValueError) as err:
        fail(str(err))
    labels = _labels(loaded, scenarios)
    folder = out or Path("results") / f"compare-{'-'.join(labels)}-{time.strftime('%Y%m%d-%H%M%S')}"
    if folder.exists():
        fail(f"{folder} already exists; results are never overwritten (choose another --out)")
    backend = f"Dask scheduler {scheduler}" if scheduler else f"{workers or 'all'} local worker(s)"
    console.print(f"compare {', '.join(labels)}: {replicates} replicates each (common random numbers) "
                  f"on {backend}", highlight=False, soft_wrap=True)
    try:
        res = run_compare(loaded, labels, replicates=replicates, seed=seed, workers=workers, scheduler=scheduler,
                          progress=not quiet, console=console)
    except KeyboardInterrupt:
        console.print("[yellow]interrupted[/yellow]: nothing written.", highlight=False, soft_wrap=True)
        raise typer.Exit(130)
    except OSError as err:
        if scheduler is None:
            raise
        fail(f"cannot use the Dask scheduler {scheduler}: {err}")
    write_compare(res, folder, plots=not no_plots)
    console.print(f"comparison written to {folder} (report: {folder / 'report.md'})", highlight=False, soft_wrap=True)
    if res.failures:
        console.print(f"[red]{len(res.failures)} run(s) failed[/red]: see {folder / 'failures.csv'}", highlight=False, soft_wrap=True)
        raise typer.Exit(1)


if __name__ == "__main__":  # pragma: no cover
    typer.run(compare_command)

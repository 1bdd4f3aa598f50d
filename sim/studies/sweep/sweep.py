"""Parameter sweeps: many runs, in parallel or on a Dask cluster, resumable, on disk as they go.

``cadre-sim sweep experiments/NAME.toml`` (file format: ``sim.studies.sweep.experiment``; the folder:
``sim.runs.store``; analysis and plots: ``sim.studies.sweep.report``).

Run the same command again after an interruption and only the missing runs run (runs that
failed are kept as failed unless ``retry_failed``). Backends (``sim.runs.backends``): 1
worker runs in this process; N workers use a local process pool; a Dask scheduler sends runs to
a cluster. Each run's seed depends only on the experiment file, and the table is sorted by run
index, so results are identical to the bit whatever the backend, on one machine and stack.

The engine is usable from Python with an injected run function (``run_sweep(..., run_fn=f)``
with ``f(base_scenario, overrides, seed) -> mapping of outcomes``; ``f`` must be importable by
worker processes, i.e. defined at module level).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from rich.console import Console

from sim.runs.backends import execute
from sim.runs.execution import ExecutionError, RunFn, default_workers
from sim.studies.sweep.experiment import Experiment
from sim.runs.progress import SigtermToInterrupt, runs_progress
from sim.runs.stats import mean_ci
from sim.runs.store import FolderLock, RunStore, SweepError, consolidate, prepare_folder
from sim.model.run import simulate
from sim.output.many_words import check_lang
from sim.studies.sweep.report import write_analysis
from sim.params.schema import Scenario

__all__ = ["ExecutionError", "RunStore", "SweepError", "SweepReport", "point_summary", "run_sweep", "simulate_summary"]


def simulate_summary(base: Scenario, overrides: dict, seed: int) -> Mapping[str, float]:
    """The default run function: apply overrides to the base scenario, run, return the summary."""
    scenario = base.with_overrides(overrides, source="sweep") if overrides else base
    return simulate(scenario, seed).summary


@dataclass
class SweepReport:
    """What a sweep invocation did: runs ok, failed, run now, interrupted, time."""

    out: Path
    n_runs: int
    ok: int
    failed: int
    ran_now: int
    interrupted: bool
    seconds: float
    run_seconds: float  # total time inside run functions this invocation

    @property
    def missing(self) -> int:
        """Runs neither ok nor failed (not run yet)."""
        return self.n_runs - self.ok - self.failed


def _make_record(exp: Experiment, rec: dict) -> dict:
    run = rec["key"]
    _, params, _, seed = exp.task(run)
    out = {
        "run": run,
        "point": run // exp.replicates,
        "replicate": run % exp.replicates,
        "seed": seed,
        "params": params,
        "elapsed": rec.get("elapsed"),
    }
    if rec["ok"]:
        result = rec["result"]
        try:
            values = {}
            for o in exp.outcomes:
                v = result[o]
                values[o] = float(v)
            out.update(status="ok", outcomes=values)
        except Exception as exc:
            missing = [o for o in exp.outcomes if o not in result]
            msg = f"run returned no outcome {missing[0]!r}" if missing else f"{type(exc).__name__}: {exc}"
            out.update(status="failed", error=msg, traceback="")
    else:
        out.update(status="failed", error=rec["error"], traceback=rec["traceback"])
    return out


def run_sweep(
    exp: Experiment,
    out: str | Path,
    *,
    workers: int | None = None,
    scheduler: Any = None,
    run_fn: RunFn | None = None,
    progress: bool = True,
    retry_failed: bool = False,
    flush_every: int = 64,
    flush_seconds: float = 2.0,
    analysis: bool = True,
    plots: bool = True,
    console: Console | None = None,
    max_inflight: int | None = None,
    stop_after: int | None = None,
    lang: str = "zh",
) -> SweepReport:
    """Run (or resume) the sweep of experiment ``exp`` into folder ``out``.

    ``stop_after`` (tests): stop like an interruption after that many new runs; ``lang``: the
    language of the report and plots ("zh" or "en"). Returns a SweepReport.

    Raises:
        SweepError: the folder belongs to another experiment (or other --replicates / --set).
        ValueError: ``lang`` is not "zh" or "en".
        ExecutionError: the runs cannot go on (a worker died); finished runs are saved.
    """
    t_start = time.perf_counter()
    check_lang(lang)
    out = Path(out)
    prepare_folder(exp, out)
    with FolderLock(out):
        return _run_locked(exp, out, workers=workers, scheduler=scheduler, run_fn=run_fn, progress=progress,
                           retry_failed=retry_failed, flush_every=flush_every, flush_seconds=flush_seconds,
                           analysis=analysis, plots=plots, console=console, max_inflight=max_inflight,
                           stop_after=stop_after, t_start=t_start, lang=lang)  # fmt: skip


def _run_locked(
    exp: Experiment,
    out: Path,
    *,
    workers: int | None,
    scheduler: Any,
    run_fn: RunFn | None,
    progress: bool,
    retry_failed: bool,
    flush_every: int,
    flush_seconds: float,
    analysis: bool,
    plots: bool,
    console: Console | None,
    max_inflight: int | None,
    stop_after: int | None,
    t_start: float,
    lang: str = "zh",
) -> SweepReport:
    store = RunStore(out / "runs", flush_every=flush_every, flush_seconds=flush_seconds)
    status = store.status()
    workers = default_workers() if workers is None else max(1, int(workers))
    run_fn = run_fn or simulate_summary

    def todo() -> Iterator[tuple[int, dict, int]]:
        for k in range(exp.n_runs):
            s = status.get(k)
            if s is None or (retry_failed and s == "failed"):
                _, _, overrides, seed = exp.task(k)
                yield k, overrides, seed

    ok = sum(1 for s in status.values() if s == "ok")
    failed = len(status) - ok
    if retry_failed:
        failed = 0
        already = ok
    else:
        already = len(status)
    ran_now = 0
    run_seconds = 0.0
    interrupted = False
    with SigtermToInterrupt(), runs_progress(progress, console) as bar:
        task = bar.add_task(exp.name, total=exp.n_runs, completed=already, failed=failed)
        gen = execute(
            todo(), run_fn=run_fn, base=exp.base, workers=workers, scheduler=scheduler, max_inflight=max_inflight
        )
        try:
            for rec in gen:
                record = _make_record(exp, rec)
                store.add(record)
                ran_now += 1
                if record["status"] == "ok":
                    ok += 1
                else:
                    failed += 1
                if isinstance(record.get("elapsed"), float) and math.isfinite(record["elapsed"]):
                    run_seconds += record["elapsed"]
                bar.update(task, advance=1, failed=failed)
                if stop_after is not None and ran_now >= stop_after:
                    raise KeyboardInterrupt
        except KeyboardInterrupt:
            interrupted = True
        finally:
            try:
                gen.close()
            finally:
                store.flush()

    if retry_failed:  # recount from disk: retried runs supersede their old records
        status = store.status()
        ok = sum(1 for s in status.values() if s == "ok")
        failed = len(status) - ok
    report = SweepReport(out, exp.n_runs, ok, failed, ran_now, interrupted, time.perf_counter() - t_start, run_seconds)
    if not interrupted:
        consolidate(exp, out, store)
        if analysis:
            df = pd.read_parquet(out / "results.parquet")
            points = point_summary(exp, df)
            write_analysis(exp, out, report, df, points, plots=plots, console=console, lang=lang)
    return report


def point_summary(exp: Experiment, df: pd.DataFrame) -> pd.DataFrame:
    """One row per design point: parameters, runs ok, mean with 95% CI of each outcome and its runs' 10%-90%."""
    ok = df[df["status"] == "ok"]
    rows = []
    for point, g in df.groupby("point", sort=True):
        row = {"point": point, **{p: g[p].iloc[0] for p in exp.parameter_names}}
        good = ok[ok["point"] == point]
        row["runs_ok"] = len(good)
        for o in exp.outcomes:
            x = good[o].to_numpy(dtype=float)
            ci = mean_ci(x)
            x = x[np.isfinite(x)]
            p10, p90 = np.quantile(x, [0.1, 0.9]) if len(x) else (np.nan, np.nan)
            row[f"{o}_mean"], row[f"{o}_low"], row[f"{o}_high"] = ci.mean, ci.low, ci.high
            row[f"{o}_p10"], row[f"{o}_p90"] = float(p10), float(p90)
        rows.append(row)
    return pd.DataFrame(rows)

"""Parameter sweeps: many runs, in parallel or on a Dask cluster, resumable, on disk as they go.

``cadre-sim sweep experiments/NAME.toml`` (see ``sim.experiment`` for the file format).

How a sweep folder works (default ``results/sweep-NAME``)::

    sweep.json          what was asked (fingerprint of the experiment and base scenario)
    experiment.toml     a copy of the experiment file
    runs/chunk-*.jsonl  finished runs, one JSON line each, written in small chunks to a
                        temporary name and renamed (a kill never leaves a half-written chunk)
    results.parquet     the tidy table (run, point, replicate, seed, parameters, outcomes,
    results.csv         status), rebuilt from runs/ at the end of every invocation
    failures.csv        runs that raised: parameters, seed, error and traceback
    sensitivity.csv     Sobol' designs: first-order and total indices with bootstrap intervals
    plots/*.png         each outcome against each varied parameter, mean with 95% band
    report.md           what ran, what failed, what matters most

Run the same command again after an interruption and only the missing runs run (runs that
failed are kept as failed unless ``--retry-failed``). If the experiment changed, the sweep
refuses to mix results and asks for a new ``--out``.

Backends: 1 worker runs in this process; N workers use a local process pool (forkserver
start method on POSIX, chosen per pool, never globally); ``--scheduler tcp://HOST:PORT`` sends
runs to an existing Dask distributed cluster (``pip install 'cadre-sim[dask]'``; the workers
need cadre-sim installed too). Each run's seed depends only on the experiment file, and the
table is sorted by run index, so results are identical to the bit whatever the backend.

The engine is usable from Python with an injected run function (``run_sweep(..., run_fn=f)``
with ``f(base_scenario, overrides, seed) -> mapping of outcomes``; ``f`` must be importable by
worker processes, i.e. defined at module level).
"""

from __future__ import annotations

import json
import math
import os
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import typer

from sim.files import atomic_write, atomic_write_bytes

__all__ = [
    "RunFn",
    "SweepError",
    "SweepReport",
    "default_workers",
    "execute",
    "run_sweep",
    "simulate_summary",
    "sweep_command",
]

RunFn = Callable[[Any, dict, int], Mapping[str, Any]]
RESULT_FILES = ("results.parquet", "results.csv")


class SweepError(RuntimeError):
    """A sweep that cannot start (e.g. its folder holds another experiment's results)."""


class SweepInterrupted(KeyboardInterrupt):
    """Raised in the main thread on SIGTERM so a kill is handled like Ctrl-C."""


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - non-Linux
        return max(1, os.cpu_count() or 1)


def simulate_summary(base: Any, overrides: dict, seed: int) -> Mapping[str, float]:
    """The default run function: apply overrides to the base scenario, run, return the summary."""
    from sim.run import simulate

    scenario = base.with_overrides(overrides, source="sweep") if overrides else base
    return simulate(scenario, seed).summary


# ---- execution backends -------------------------------------------------------------------
_WORKER: dict[str, Any] = {}


def _call(run_fn: RunFn, base: Any, key: int, overrides: dict, seed: int) -> dict:
    t0 = time.perf_counter()
    try:
        result = run_fn(base, overrides, seed)
        return {"key": key, "ok": True, "result": result, "elapsed": time.perf_counter() - t0}
    except Exception as exc:  # a failing run is data, not a crash
        return {
            "key": key,
            "ok": False,
            "error": f"{type(exc).__name__}: {exc}",
            "traceback": traceback.format_exc(),
            "elapsed": time.perf_counter() - t0,
        }


def _init_worker(run_fn: RunFn, base: Any) -> None:
    # Ctrl-C goes to the whole process group; the parent handles it and stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER["run_fn"] = run_fn
    _WORKER["base"] = base


def _pool_call(key: int, overrides: dict, seed: int) -> dict:
    return _call(_WORKER["run_fn"], _WORKER["base"], key, overrides, seed)


def _infra_failure(key: int, exc: BaseException) -> dict:
    return {
        "key": key,
        "ok": False,
        "error": f"{type(exc).__name__}: {exc}",
        "traceback": "".join(traceback.format_exception(exc)),
        "elapsed": float("nan"),
    }


def _mp_context():
    import multiprocessing as mp

    # A context object per pool: the global start method is left alone.
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        # Workers fork from a server that has already imported the model: fast pool start-up.
        # (Only takes effect when this process starts its fork server; harmless otherwise.)
        ctx.set_forkserver_preload(["sim.run"])
        return ctx
    return mp.get_context("spawn")


def _execute_serial(tasks, run_fn, base) -> Iterator[dict]:
    for key, overrides, seed in tasks:
        yield _call(run_fn, base, key, overrides, seed)


def _execute_pool(tasks, run_fn, base, workers: int, max_inflight: int) -> Iterator[dict]:
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    ex = ProcessPoolExecutor(max_workers=workers, mp_context=_mp_context(),
                             initializer=_init_worker, initargs=(run_fn, base))
    clean = False
    try:
        inflight: dict = {}
        it = iter(tasks)
        exhausted = False
        while True:
            while not exhausted and len(inflight) < max_inflight:
                try:
                    key, overrides, seed = next(it)
                except StopIteration:
                    exhausted = True
                    break
                inflight[ex.submit(_pool_call, key, overrides, seed)] = key
            if not inflight:
                break
            done, _ = wait(inflight, return_when=FIRST_COMPLETED)
            for fut in done:
                key = inflight.pop(fut)
                try:
                    yield fut.result()
                except BrokenProcessPool as exc:
                    raise SweepError(
                        "a worker process died (out of memory or killed?); finished runs are saved, "
                        "run the same command again to resume"
                    ) from exc
        clean = True
    finally:
        if clean:
            ex.shutdown(wait=True)
        else:
            procs = list(getattr(ex, "_processes", {}).values())
            ex.shutdown(wait=False, cancel_futures=True)
            for p in procs:  # stop runs in progress now rather than after they finish
                try:
                    p.terminate()
                except Exception:
                    pass
            for p in procs:
                try:
                    p.join(timeout=5)
                except Exception:
                    pass


def _execute_dask(tasks, run_fn, base, scheduler: Any, max_inflight: int | None) -> Iterator[dict]:
    try:
        from distributed import Client, as_completed
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise SweepError("--scheduler needs Dask: pip install 'cadre-sim[dask]'") from exc

    own = not isinstance(scheduler, Client)
    client = Client(scheduler) if own else scheduler
    try:
        if max_inflight is None:
            max_inflight = max(2, 2 * sum(client.nthreads().values()))
        base_f = client.scatter([base], broadcast=True)[0]  # one future, even for a tuple
        ac = as_completed()
        it = iter(tasks)
        keys: dict = {}

        def submit_one() -> bool:
            try:
                key, overrides, seed = next(it)
            except StopIteration:
                return False
            fut = client.submit(_call, run_fn, base_f, key, overrides, seed, pure=False)
            keys[fut.key] = key
            ac.add(fut)
            return True

        for _ in range(max_inflight):
            if not submit_one():
                break
        for fut in ac:
            key = keys.pop(fut.key)
            try:
                rec = fut.result()
            except Exception as exc:  # worker lost, KilledWorker, ...
                rec = _infra_failure(key, exc)
            fut.release()
            yield rec
            submit_one()
    finally:
        if own:
            client.close()


def execute(tasks: Iterable[tuple[int, dict, int]], *, run_fn: RunFn, base: Any, workers: int = 1,
            scheduler: Any = None, max_inflight: int | None = None) -> Iterator[dict]:
    """Run ``run_fn(base, overrides, seed)`` for each ``(key, overrides, seed)``; yield records
    ``{"key", "ok", "result" | ("error", "traceback"), "elapsed"}`` as runs finish (any order).

    Tasks are drawn lazily and at most ``max_inflight`` are pending, so memory does not grow
    with the number of tasks."""
    if scheduler is not None:
        yield from _execute_dask(tasks, run_fn, base, scheduler, max_inflight)
    elif workers <= 1:
        yield from _execute_serial(tasks, run_fn, base)
    else:
        yield from _execute_pool(tasks, run_fn, base, workers, max_inflight or 2 * workers)


# ---- on-disk run records ------------------------------------------------------------------
class RunStore:
    """Append-only store of finished runs: small JSON-lines chunks, each written atomically."""

    def __init__(self, folder: Path, flush_every: int = 64, flush_seconds: float = 2.0):
        self.dir = Path(folder)
        self.dir.mkdir(parents=True, exist_ok=True)
        for stale in self.dir.glob(".*.tmp"):
            stale.unlink(missing_ok=True)
        self.flush_every = flush_every
        self.flush_seconds = flush_seconds
        self.buffer: list[str] = []
        chunks = self.chunks()
        self.seq = (int(chunks[-1].stem.split("-")[1]) + 1) if chunks else 0
        self.last_flush = time.monotonic()

    def chunks(self) -> list[Path]:
        return sorted(self.dir.glob("chunk-*.jsonl"))

    def records(self) -> Iterator[dict]:
        for chunk in self.chunks():
            with open(chunk, encoding="utf-8") as fh:
                for line in fh:
                    if line.strip():
                        yield json.loads(line)

    def status(self) -> dict[int, str]:
        return {r["run"]: r["status"] for r in self.records()}

    def add(self, record: dict) -> None:
        self.buffer.append(json.dumps(record, separators=(",", ":")))
        if len(self.buffer) >= self.flush_every or time.monotonic() - self.last_flush >= self.flush_seconds:
            self.flush()

    def flush(self) -> None:
        self.last_flush = time.monotonic()
        if not self.buffer:
            return
        data = ("\n".join(self.buffer) + "\n").encode("utf-8")
        atomic_write_bytes(self.dir / f"chunk-{self.seq:08d}.jsonl", data)
        self.seq += 1
        self.buffer = []


# ---- the sweep ----------------------------------------------------------------------------
@dataclass
class SweepReport:
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
        return self.n_runs - self.ok - self.failed


def _diff_keys(old: Any, new: Any, prefix: str = "") -> list[str]:
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for k in sorted(set(old) | set(new)):
            out += _diff_keys(old.get(k), new.get(k), f"{prefix}{k}.")
        return out
    return [] if old == new else [prefix.rstrip(".") or "(all)"]


def prepare_folder(exp: Any, out: Path) -> None:
    """Create the sweep folder, or check that an existing one holds this same experiment."""
    manifest = out / "sweep.json"
    data = exp.fingerprint_data()
    if manifest.exists():
        old = json.loads(manifest.read_text(encoding="utf-8"))
        if old.get("fingerprint") != exp.fingerprint():
            changed = _diff_keys(old.get("experiment", {}), json.loads(json.dumps(data, default=str)))
            raise SweepError(
                f"{out} holds results of a different experiment (changed: {', '.join(changed[:8]) or 'unknown'}); "
                f"the results would not mix. Use a new --out folder, or delete {out} to start over."
            )
        return
    if out.exists() and any(out.iterdir()):
        raise SweepError(f"{out} exists and is not a sweep folder; choose another --out")
    out.mkdir(parents=True, exist_ok=True)
    if exp.text:
        atomic_write_bytes(out / "experiment.toml", exp.text.encode("utf-8"))
    from importlib.metadata import PackageNotFoundError, version

    try:
        ver = version("cadre-sim")
    except PackageNotFoundError:  # pragma: no cover
        ver = "unknown"
    body = {
        "name": exp.name,
        "source": str(exp.path) if exp.path else None,
        "fingerprint": exp.fingerprint(),
        "n_runs": exp.n_runs,
        "cadre_sim_version": ver,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "experiment": data,
    }
    atomic_write_bytes(manifest, json.dumps(body, indent=2, default=str).encode("utf-8"))


def _make_record(exp: Any, rec: dict) -> dict:
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


class _SigtermToInterrupt:
    """While active (main thread only), SIGTERM raises SweepInterrupted like Ctrl-C."""

    def __enter__(self):
        self.prev = None
        if threading.current_thread() is threading.main_thread():
            def handler(signum, frame):
                raise SweepInterrupted()

            self.prev = signal.signal(signal.SIGTERM, handler)
        return self

    def __exit__(self, *exc):
        if self.prev is not None:
            signal.signal(signal.SIGTERM, self.prev)
        return False


def _progress(enabled: bool, console=None):
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                               TimeRemainingColumn)

    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("runs  [red]{task.fields[failed]} failed[/red]"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=console,
        disable=not enabled,
        transient=False,
    )


def run_sweep(exp: Any, out: str | Path, *, workers: int | None = None, scheduler: Any = None,
              run_fn: RunFn | None = None, progress: bool = True, retry_failed: bool = False,
              flush_every: int = 64, flush_seconds: float = 2.0, analysis: bool = True,
              plots: bool = True, console=None, max_inflight: int | None = None,
              stop_after: int | None = None) -> SweepReport:
    """Run (or resume) the sweep of experiment ``exp`` into folder ``out``.

    ``stop_after`` (tests): stop like an interruption after that many new runs.
    Returns a SweepReport; raises SweepError when the folder belongs to another experiment."""
    t_start = time.perf_counter()
    out = Path(out)
    prepare_folder(exp, out)
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
    with _SigtermToInterrupt(), _progress(progress, console) as bar:
        task = bar.add_task(exp.name, total=exp.n_runs, completed=already, failed=failed)
        gen = execute(todo(), run_fn=run_fn, base=exp.base, workers=workers, scheduler=scheduler,
                      max_inflight=max_inflight)
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
    report = SweepReport(out, exp.n_runs, ok, failed, ran_now, interrupted,
                         time.perf_counter() - t_start, run_seconds)
    if not interrupted:
        consolidate(exp, out, store)
        if analysis:
            analyse(exp, out, report, plots=plots, console=console)
    return report


def _results_frame(exp: Any, store: RunStore):
    import pandas as pd

    latest: dict[int, dict] = {}
    for r in store.records():
        latest[r["run"]] = r
    rows, fails = [], []
    for run in sorted(latest):
        r = latest[run]
        row = {"run": r["run"], "point": r["point"], "replicate": r["replicate"], "seed": r["seed"]}
        row.update(r["params"])
        outcomes = r.get("outcomes") or {}
        for o in exp.outcomes:
            row[o] = outcomes.get(o, float("nan"))
        row["status"] = r["status"]
        rows.append(row)
        if r["status"] != "ok":
            fails.append({"run": r["run"], "point": r["point"], "replicate": r["replicate"], "seed": r["seed"],
                          **{f"param:{k}": v for k, v in r["params"].items()},
                          "error": r.get("error", ""), "traceback": r.get("traceback", "")})
    columns = ["run", "point", "replicate", "seed", *exp.parameter_names, *exp.outcomes, "status"]
    df = pd.DataFrame(rows, columns=columns)
    for o in exp.outcomes:
        df[o] = df[o].astype("float64")
    for c in ("run", "point", "replicate", "seed"):
        df[c] = df[c].astype("int64")
    for name in exp.parameter_names:
        col = df[name]
        kinds = {type(v) for v in col}
        if kinds <= {int}:
            df[name] = col.astype("int64")
        elif kinds <= {int, float}:
            df[name] = col.astype("float64")
        elif kinds <= {bool}:
            df[name] = col.astype("bool")
        else:
            df[name] = col.astype(str)
    return df, pd.DataFrame(fails)


def consolidate(exp: Any, out: Path, store: RunStore | None = None):
    """Rebuild results.parquet / results.csv / failures.csv from the run records (atomic)."""
    store = store or RunStore(out / "runs")
    df, fails = _results_frame(exp, store)
    atomic_write(out / "results.parquet", lambda p: df.to_parquet(p, index=False))
    atomic_write(out / "results.csv", lambda p: df.to_csv(p, index=False))
    fpath = out / "failures.csv"
    if len(fails):
        atomic_write(fpath, lambda p: fails.to_csv(p, index=False))
    else:
        fpath.unlink(missing_ok=True)
    return df


# ---- analysis: point summaries, plots, Sobol' indices, report -----------------------------
def point_summary(exp: Any, df):
    """One row per design point: parameters, runs ok, and mean with 95% CI of each outcome."""
    import pandas as pd

    from sim.stats import mean_ci

    ok = df[df["status"] == "ok"]
    rows = []
    for point, g in df.groupby("point", sort=True):
        row = {"point": point, **{p: g[p].iloc[0] for p in exp.parameter_names}}
        good = ok[ok["point"] == point]
        row["runs_ok"] = len(good)
        for o in exp.outcomes:
            ci = mean_ci(good[o].to_numpy())
            row[f"{o}_mean"], row[f"{o}_low"], row[f"{o}_high"] = ci.mean, ci.low, ci.high
        rows.append(row)
    return pd.DataFrame(rows)


def sensitivity_table(exp: Any, df, n_resamples: int = 999):
    """First-order and total Sobol' indices (bootstrap 95% intervals) of each outcome; the
    outcome of a design point is its mean over replicates. Outcomes with a missing point are
    skipped (listed in the returned `skipped`)."""
    import numpy as np
    import pandas as pd

    from sim.stats import sobol_from_runs

    n = exp.spec.samples
    d = len(exp.factors)
    ok = df[df["status"] == "ok"]
    means = ok.groupby("point")[exp.outcomes].mean().reindex(range(exp.n_points))
    usable = [o for o in exp.outcomes if means[o].notna().all()]
    skipped = [o for o in exp.outcomes if o not in usable]
    if not usable:
        return pd.DataFrame(), skipped
    y = means[usable].to_numpy().T  # (s, n_points)
    f_a, f_b = y[:, :n], y[:, n:2 * n]
    f_ab = np.stack([y[:, (2 + i) * n:(3 + i) * n] for i in range(d)])
    res = sobol_from_runs(f_a, f_b, f_ab, n_resamples=n_resamples, seed=exp.spec.seed % 2**32)
    rows = []
    for j, o in enumerate(usable):
        for i, f in enumerate(exp.factors):
            rows.append({
                "outcome": o, "parameter": f.name,
                "first_order": res["first_order"][j, i],
                "first_order_low": res["first_order_low"][j, i],
                "first_order_high": res["first_order_high"][j, i],
                "total_order": res["total_order"][j, i],
                "total_order_low": res["total_order_low"][j, i],
                "total_order_high": res["total_order_high"][j, i],
            })
    return pd.DataFrame(rows), skipped


def _group_stats(x, y, factor):
    """(x positions, labels, mean, low, high) of y grouped by x (binned when continuous)."""
    import numpy as np
    import pandas as pd

    from sim.stats import mean_ci

    frame = pd.DataFrame({"x": x.to_numpy(), "y": y.to_numpy()}).dropna()
    numeric = pd.api.types.is_numeric_dtype(frame["x"]) and not pd.api.types.is_bool_dtype(frame["x"])
    if factor.kind == "range" and frame["x"].nunique() > 12:
        bins = pd.qcut(frame["x"], q=min(10, frame["x"].nunique()), duplicates="drop")
        groups = frame.groupby(bins, observed=True)
        xs = groups["x"].mean().to_numpy()
        labels = None
    else:
        order = list(factor.levels) if factor.levels else sorted(frame["x"].unique())
        order = [v for v in order if (frame["x"] == v).any()] if numeric else [
            v for v in map(str, order) if (frame["x"].astype(str) == v).any()]
        key = frame["x"] if numeric else frame["x"].astype(str)
        groups = frame.groupby(key, sort=False)
        xs = np.asarray(order, dtype=float) if numeric else np.arange(len(order), dtype=float)
        labels = None if numeric else order
        groups = [(v, groups.get_group(v)) for v in order]
        stats = [mean_ci(g["y"].to_numpy()) for _, g in groups]
        return xs, labels, np.array([s.mean for s in stats]), np.array([s.low for s in stats]), \
            np.array([s.high for s in stats])
    stats = [mean_ci(g["y"].to_numpy()) for _, g in groups]
    return xs, labels, np.array([s.mean for s in stats]), np.array([s.low for s in stats]), \
        np.array([s.high for s in stats])


def plot_outcomes(exp: Any, df, folder: Path) -> list[Path]:
    """One PNG per outcome: a panel per varied parameter, mean with 95% band, runs as dots."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    import numpy as np

    folder.mkdir(parents=True, exist_ok=True)
    ok = df[df["status"] == "ok"]
    written = []
    nf = len(exp.factors)
    ncols = min(nf, 3)
    nrows = math.ceil(nf / ncols)
    for o in exp.outcomes:
        fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols, 3.3 * nrows), squeeze=False)
        for ax, f in zip(axes.flat, exp.factors):
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
        path = atomic_write(folder / f"{o}.png", lambda p: fig.savefig(p, dpi=90, format="png"))
        plt.close(fig)
        written.append(path)
    return written


def _fmt(x: float) -> str:
    if x != x:
        return "n/a"
    return f"{x:.3g}" if abs(x) < 1000 else f"{x:,.0f}"


def analyse(exp: Any, out: Path, report: SweepReport, *, plots: bool = True, console=None) -> None:
    """Write points.csv, sensitivity.csv (Sobol'), plots/ and report.md from results.parquet."""
    import pandas as pd

    df = pd.read_parquet(out / "results.parquet")
    points = point_summary(exp, df)
    atomic_write(out / "points.csv", lambda p: points.to_csv(p, index=False))
    lines = [f"# Sweep: {exp.name}", ""]
    if exp.spec.description:
        lines += [exp.spec.description, ""]
    lines += [
        f"- design: {exp.design}, {exp.n_points} points x {exp.replicates} replicates = {exp.n_runs} runs; "
        f"root seed {exp.spec.seed}; common random numbers across points: "
        f"{'yes' if exp.spec.common_random_numbers else 'no'}",
        f"- runs ok: {report.ok}; failed: {report.failed}"
        + (" (see failures.csv)" if report.failed else ""),
        f"- base scenario: {exp.base.name}; varied: {', '.join(exp.parameter_names)}",
        "- files: results.parquet / results.csv (one row per run), points.csv (mean and 95% CI per "
        "design point)" + (", sensitivity.csv" if exp.design == "sobol" else "") + (", plots/" if plots else ""),
        "",
    ]
    ok = df[df["status"] == "ok"]
    if len(ok):
        lines += ["## Outcomes across the design", "",
                  "| outcome | lowest point mean | highest point mean | parameter with the widest effect |",
                  "|---|---|---|---|"]
        for o in exp.outcomes:
            col = points[f"{o}_mean"]
            if col.isna().all():
                lines.append(f"| {o} | n/a | n/a | (no run gave a value) |")
                continue
            spread = {}
            for f in exp.factors:
                g = ok.groupby(ok[f.name].astype(str))[o].mean()
                spread[f.name] = float(g.max() - g.min()) if len(g) > 1 else 0.0
            widest = max(spread, key=spread.get) if spread else ""
            lines.append(f"| {o} | {_fmt(col.min())} | {_fmt(col.max())} | {widest} "
                         f"(marginal means differ by {_fmt(spread.get(widest, float('nan')))}) |")
        lines.append("")
    if exp.design == "sobol":
        sens, skipped = sensitivity_table(exp, df)
        if len(sens):
            atomic_write(out / "sensitivity.csv", lambda p: sens.to_csv(p, index=False))
            lines += ["## Sobol' sensitivity indices", "",
                      "First-order index: share of the outcome's variance explained by the parameter "
                      "alone; total index: including its interactions. 95% bootstrap intervals "
                      "(replicates averaged per point).", "",
                      "| outcome | parameter | first-order (95% CI) | total (95% CI) |", "|---|---|---|---|"]
            for r in sens.itertuples():
                lines.append(f"| {r.outcome} | {r.parameter} | {r.first_order:.2f} ({r.first_order_low:.2f} to "
                             f"{r.first_order_high:.2f}) | {r.total_order:.2f} ({r.total_order_low:.2f} to "
                             f"{r.total_order_high:.2f}) |")
            lines.append("")
            for o, g in sens.groupby("outcome", sort=False):
                top = g.sort_values("total_order", ascending=False).iloc[0]
                lines.append(f"- {o}: the most influential parameter is {top.parameter} (total index "
                             f"{top.total_order:.2f}, 95% CI {top.total_order_low:.2f} to {top.total_order_high:.2f}).")
            lines.append("")
            if console is not None:
                from rich.table import Table

                t = Table(title=f"Sobol' indices ({exp.name})")
                for c in ("outcome", "parameter", "S1", "S1 95% CI", "ST", "ST 95% CI"):
                    t.add_column(c, overflow="fold")
                for r in sens.itertuples():
                    t.add_row(r.outcome, r.parameter, f"{r.first_order:.2f}",
                              f"{r.first_order_low:.2f}..{r.first_order_high:.2f}", f"{r.total_order:.2f}",
                              f"{r.total_order_low:.2f}..{r.total_order_high:.2f}")
                console.print(t)
        if skipped:
            lines += [f"Sensitivity not computed for {', '.join(skipped)}: some design points have no "
                      "value (a failed run, or the outcome is n/a there, e.g. too few years).", ""]
    if plots:
        plot_outcomes(exp, df, out / "plots")
        lines += ["## Plots", ""] + [f"![{o}](plots/{o}.png)" for o in exp.outcomes] + [""]
    atomic_write_bytes(out / "report.md", "\n".join(lines).encode("utf-8"))


# ---- CLI ----------------------------------------------------------------------------------
def sweep_command(
    experiment: Path = typer.Argument(..., help="experiment file (TOML), or the name of a bundled one"),
    out: Optional[Path] = typer.Option(None, "--out", "-o",
                                       help="sweep folder (default: results/sweep-NAME); rerun to resume"),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1,
                                          help="local worker processes (default: all cores)"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler",
                                            help="Dask scheduler address tcp://HOST:PORT (needs cadre-sim\\[dask])"),
    retry_failed: bool = typer.Option(False, "--retry-failed", help="run again the runs that failed before"),
    no_plots: bool = typer.Option(False, "--no-plots", help="skip the plots"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bar"),
) -> None:
    """Run an experiment: many runs over a design of parameters, resumable, in parallel."""
    from rich.console import Console

    from sim.experiment import ExperimentError, load_experiment
    from sim.terminal import fail

    console = Console(stderr=True)
    try:
        exp = load_experiment(experiment)
    except ExperimentError as err:
        fail(str(err))
    folder = out or Path("results") / f"sweep-{exp.name}"
    backend = (f"Dask scheduler {scheduler}" if scheduler
               else f"{workers or default_workers()} local worker(s)")
    console.print(f"sweep [bold]{exp.name}[/bold]: {exp.n_points} design points x {exp.replicates} "
                  f"replicates = {exp.n_runs} runs ({exp.design} design) on {backend} -> {folder}",
                  highlight=False, soft_wrap=True)
    try:
        report = run_sweep(exp, folder, workers=workers, scheduler=scheduler, retry_failed=retry_failed,
                           progress=not quiet, plots=not no_plots, console=console)
    except SweepError as err:
        fail(str(err))
    except OSError as err:
        if scheduler is None:
            raise
        fail(f"cannot use the Dask scheduler {scheduler}: {err} "
             "(finished runs are saved; run the same command again to resume)")
    if report.interrupted:
        console.print(f"[yellow]interrupted[/yellow]: {report.ok + report.failed} of {report.n_runs} runs are "
                      f"saved in {folder}; run the same command again to resume.", highlight=False, soft_wrap=True)
        raise typer.Exit(130)
    console.print(f"{report.ok} runs ok, {report.failed} failed, of {report.n_runs} "
                  f"({report.ran_now} ran now, {report.seconds:.1f} s).", highlight=False, soft_wrap=True)
    console.print(f"results: {folder / 'results.parquet'} (and .csv); report: {folder / 'report.md'}",
                  highlight=False, soft_wrap=True)
    if report.failed:
        console.print(f"[red]{report.failed} run(s) failed[/red]: see {folder / 'failures.csv'} "
                      f"(rerun with --retry-failed after fixing the cause)", highlight=False, soft_wrap=True)
        raise typer.Exit(1)


if __name__ == "__main__":  # pragma: no cover
    typer.run(sweep_command)

"""Parameter sweeps: many runs, in parallel or on a Dask cluster, resumable, on disk as they go.

``cadre-sim sweep experiments/NAME.toml`` (file format: ``sim.studies.sweep.experiment``; the folder:
``sim.runs.store``). This module runs; ``sim.studies.sweep.analysis`` sums the runs up and
``sim.studies.sweep.report`` writes them: the command calls one after the other.

Run the same command again after an interruption and only the missing runs run (runs that
failed are kept as failed unless ``retry_failed``). Backends (``sim.runs.backends``): 1
worker runs in this process; N workers use a local process pool; a Dask scheduler sends runs to
a cluster. Each run's seed depends only on the experiment file, and the table is sorted by run
index, so results are identical to the bit whatever the backend, on one machine and stack.

The engine is usable from Python with an injected run function (``SweepSettings(run_fn=f)``
with ``f(base_scenario, overrides, seed) -> mapping of outcomes``; ``f`` must be importable by
worker processes, i.e. defined at module level).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from rich.console import Console

from sim.runs.backends import execute
from sim.runs.execution import ExecutionError, RunFn, default_workers, simulate_summary
from sim.runs.progress import SigtermToInterrupt, runs_progress
from sim.runs.records import RunRecord
from sim.runs.store import FolderLock, RunStore, SweepError, consolidate, prepare_folder
from sim.studies.sweep.experiment import Experiment
from sim.words import text

__all__ = ["ExecutionError", "RunStore", "SweepError", "SweepReport", "SweepSettings", "run_sweep", "simulate_summary"]


@dataclass(frozen=True)
class SweepSettings:
    """How a sweep runs: where (workers, a Dask scheduler), what (the run function), how it is seen and kept.

    ``run_fn`` None is :func:`simulate_summary`; ``workers`` None is every core; ``flush_every`` and
    ``flush_seconds``: how often finished runs reach the disk; ``stop_after`` (tests): stop like an
    interruption after that many new runs; ``then``: what to do with a finished (not interrupted) sweep
    while its folder is still locked (the command writes the report there).
    """

    workers: int | None = None
    scheduler: Any = None
    run_fn: RunFn | None = None
    retry_failed: bool = False
    progress: bool = True
    console: Console | None = None
    flush_every: int = 64
    flush_seconds: float = 2.0
    max_inflight: int | None = None
    stop_after: int | None = None
    then: Callable[[SweepReport], None] | None = None
    lang: str = "en"  # the progress bar's words


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


def placed_record(exp: Experiment, record: RunRecord) -> RunRecord:
    """A backend's record placed in the design; failed when its result lacks an outcome or one is not a number."""
    _, params, _, seed = exp.task(record.key)
    run = record.key
    placed = record.placed(point=run // exp.replicates, replicate=run % exp.replicates, seed=seed, params=params)
    if not record.ok:
        return placed
    try:
        return replace(placed, result={o: float(record.result[o]) for o in exp.outcomes})
    except Exception as exc:
        missing = [o for o in exp.outcomes if o not in record.result]
        error = text("sweep.no_outcome", "en", outcome=missing[0]) if missing else f"{type(exc).__name__}: {exc}"
        return placed.failed(error)


def run_sweep(exp: Experiment, out: str | Path, settings: SweepSettings | None = None) -> SweepReport:
    """Run (or resume) the sweep of experiment ``exp`` into folder ``out``; the results table written when done.

    Raises:
        SweepError: the folder belongs to another experiment (or other --replicates / --set).
        ExecutionError: the runs cannot go on (a worker died); finished runs are saved.
    """
    t_start = time.perf_counter()
    settings = settings or SweepSettings()
    out = Path(out)
    prepare_folder(exp, out)
    with FolderLock(out):
        store = RunStore(out / "runs", flush_every=settings.flush_every, flush_seconds=settings.flush_seconds)
        tally = _Tally.of(store.status(), settings.retry_failed)
        _run_missing(exp, store, settings, tally)
        if settings.retry_failed:  # recount from disk: retried runs supersede their old records
            tally = _Tally.of(store.status(), retry_failed=False, ran=tally)
        seconds = time.perf_counter() - t_start
        report = SweepReport(
            out, exp.n_runs, tally.ok, tally.failed, tally.ran_now, tally.interrupted, seconds, tally.run_seconds
        )
        if not tally.interrupted:
            consolidate(exp, out, store)
            if settings.then is not None:
                settings.then(report)
    return report


@dataclass
class _Tally:
    """Runs of a sweep counted as they finish: ok, failed, run now, their time, interrupted."""

    status: dict[int, str]
    ok: int
    failed: int
    already: int
    ran_now: int = 0
    run_seconds: float = 0.0
    interrupted: bool = False

    @classmethod
    def of(cls, status: dict[int, str], retry_failed: bool, ran: _Tally | None = None) -> _Tally:
        """The count of the stored runs (with ``retry_failed``, failed runs count as not run yet)."""
        ok = sum(1 for s in status.values() if s == "ok")
        tally = cls(status, ok, 0 if retry_failed else len(status) - ok, ok if retry_failed else len(status))
        if ran is not None:
            tally.ran_now, tally.run_seconds, tally.interrupted = ran.ran_now, ran.run_seconds, ran.interrupted
        return tally

    def add(self, record: RunRecord) -> None:
        """Count one finished run."""
        self.ran_now += 1
        self.ok, self.failed = self.ok + record.ok, self.failed + (not record.ok)
        if math.isfinite(record.elapsed):
            self.run_seconds += record.elapsed


def _run_missing(exp: Experiment, store: RunStore, settings: SweepSettings, tally: _Tally) -> None:
    """Run the runs not stored yet (and the failed ones with ``retry_failed``), storing each as it finishes."""
    workers = default_workers() if settings.workers is None else max(1, int(settings.workers))

    def todo() -> Iterator[tuple[int, dict, int]]:
        for k in range(exp.n_runs):
            s = tally.status.get(k)
            if s is None or (settings.retry_failed and s == "failed"):
                _, _, overrides, seed = exp.task(k)
                yield k, overrides, seed

    with SigtermToInterrupt(), runs_progress(settings.progress, settings.console, settings.lang) as bar:
        task = bar.add_task(exp.name, total=exp.n_runs, completed=tally.already, failed=tally.failed)
        records = execute(todo(), run_fn=settings.run_fn or simulate_summary, base=exp.base, workers=workers,
                          scheduler=settings.scheduler, max_inflight=settings.max_inflight)  # fmt: skip
        try:
            for record in records:
                placed = placed_record(exp, record)
                store.add(placed.stored())
                tally.add(placed)
                bar.update(task, advance=1, failed=tally.failed)
                if settings.stop_after is not None and tally.ran_now >= settings.stop_after:
                    raise KeyboardInterrupt
        except KeyboardInterrupt:
            tally.interrupted = True
        finally:
            try:
                records.close()
            finally:
                store.flush()

"""Execution: how many runs of a run function are carried out, behind one interface.

A run function ``run_fn(base, overrides, seed) -> mapping of outcomes`` is called once per task
``(key, overrides, seed)``; a backend yields one typed record per task as runs finish, in any order
(``sim.runs.records.RunRecord``: key, ok, result or error and traceback, elapsed). A run that raises
is a record (data, not a crash). Backends draw tasks lazily and keep at most ``max_inflight`` pending, so
memory does not grow with the number of tasks. The backends themselves are in
``sim.runs.backends`` (one module each); ``execute`` there picks one.
"""

from __future__ import annotations

import os
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sim.runs.records import RunRecord
from sim.vocab import Registry, Term

RunFn = Callable[[Any, dict, int], Mapping[str, Any]]
Task = tuple[int, dict, int]  # (key, overrides, seed)


class ExecutionError(RuntimeError):
    """Runs cannot go on (a worker process died, a cluster cannot be reached); finished runs are kept."""


@dataclass(frozen=True)
class Options:
    """What the caller asked of the execution: local workers, a Dask scheduler, tasks in flight."""

    workers: int = 1
    scheduler: Any = None
    max_inflight: int | None = None


# run(tasks, run_fn, base, options) -> records as runs finish
BackendFn = Callable[[Iterable[Task], RunFn, Any, Options], Iterator[RunRecord]]


@dataclass(frozen=True, kw_only=True)
class Backend(Term):
    """An execution backend: its words, display order, and the function that runs tasks."""

    order: int
    run: BackendFn


REGISTRY: Registry[Backend] = Registry("execution backend")


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - non-Linux
        return max(1, os.cpu_count() or 1)


def simulate_summary(base: Any, overrides: dict, seed: int) -> Mapping[str, Any]:
    """The default run function: apply ``overrides`` to the base scenario, run it, return its summary."""
    from sim.model.run import simulate  # the model loads in the worker that runs it

    scenario = base.with_overrides(overrides, source="sweep") if overrides else base
    return simulate(scenario, seed).summary


def call(run_fn: RunFn, base: Any, key: int, overrides: dict, seed: int) -> RunRecord:
    """Run one task and return its record; an exception becomes a failed record."""
    t0 = time.perf_counter()
    try:
        result = run_fn(base, overrides, seed)
        return RunRecord(key, True, result=result, elapsed=time.perf_counter() - t0)
    except Exception as exc:  # a failing run is data, not a crash
        error, trace = f"{type(exc).__name__}: {exc}", traceback.format_exc()
        return RunRecord(key, False, error=error, traceback=trace, elapsed=time.perf_counter() - t0)


def infra_failure(key: int, exc: BaseException) -> RunRecord:
    """The failed record of a task lost by the machinery (a worker lost, a cluster error)."""
    return RunRecord(
        key, False, error=f"{type(exc).__name__}: {exc}", traceback="".join(traceback.format_exception(exc))
    )

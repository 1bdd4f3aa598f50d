"""Execution backends: where runs are carried out.

One module each: ``serial`` (this process), ``processes`` (a local process
pool), ``dask`` (a Dask distributed cluster). To add one: a new module here that calls
``sim.runs.execution.REGISTRY.register``.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable
from typing import Any

from sim.runs.execution import REGISTRY, Backend, Options, RunFn, Task
from sim.runs.records import RunRecord
from sim.vocab import Vocabulary, discover

discover(__name__, __path__)

BACKENDS: Vocabulary[Backend] = REGISTRY.vocabulary()


def choose(workers: int, scheduler: Any) -> str:
    """The backend for a request: Dask with a scheduler, else a process pool for 2+ workers."""
    if scheduler is not None:
        return "dask"
    return "processes" if workers > 1 else "serial"


def execute(
    tasks: Iterable[Task],
    *,
    run_fn: RunFn,
    base: Any,
    workers: int = 1,
    scheduler: Any = None,
    max_inflight: int | None = None,
    backend: str | None = None,
) -> Generator[RunRecord, None, None]:
    """Carry out the tasks on a backend and yield their records as runs finish.

    Runs ``run_fn(base, overrides, seed)`` for each ``(key, overrides, seed)``; yield records
    as runs finish (see ``sim.runs.execution``). ``backend`` defaults to ``choose(...)``.
    """
    name = backend or choose(workers, scheduler)
    yield from BACKENDS[name].run(tasks, run_fn, base, Options(workers, scheduler, max_inflight))

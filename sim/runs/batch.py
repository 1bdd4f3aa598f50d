"""A batch of runs whose results are wanted in order: the replicates of one trial of a fit or a policy search."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sim.runs.backends import execute
from sim.runs.execution import ExecutionError, RunFn
from sim.words import text

__all__ = ["run_batch"]


def run_batch(
    tasks: list[tuple[dict, int]], *, run_fn: RunFn, base: Any, workers: int, scheduler: Any = None,
    on_run: Callable[[], None] | None = None,
) -> list[Mapping[str, Any]]:  # fmt: skip
    """The results of ``run_fn(base, overrides, seed)`` for each ``(overrides, seed)`` task, in task order.

    The runs are spread over the backend (local processes, or a Dask scheduler); ``on_run()`` after each.

    Raises:
        ExecutionError: a run failed (its overrides, seed and error named).
    """
    got: dict[int, Mapping[str, Any]] = {}
    keyed = [(i, overrides, seed) for i, (overrides, seed) in enumerate(tasks)]
    for record in execute(keyed, run_fn=run_fn, base=base, workers=workers, scheduler=scheduler):
        if not record.ok:
            _, overrides, seed = keyed[record.key]
            raise ExecutionError(text("runs.run_failed", "en", overrides=overrides, seed=seed, error=record.error))
        got[record.key] = record.result
        if on_run is not None:
            on_run()
    return [got[i] for i in range(len(tasks))]

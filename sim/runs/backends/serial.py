"""``serial``: every run in this process, one after the other."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sim.runs.execution import REGISTRY, Backend, Options, RunFn, Task, call
from sim.runs.records import RunRecord


def run(tasks: Iterable[Task], run_fn: RunFn, base: Any, options: Options) -> Iterator[RunRecord]:
    """Run the tasks in order, here."""
    for key, overrides, seed in tasks:
        yield call(run_fn, base, key, overrides, seed)


REGISTRY.register(
    Backend("serial", "单进程", "this process", meaning="runs one after the other here", order=0, run=run)
)

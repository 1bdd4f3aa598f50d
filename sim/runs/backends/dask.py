"""``dask``: a Dask distributed cluster.

Runs are sent to an existing Dask distributed cluster (``--scheduler tcp://HOST:PORT``;
``pip install 'cadre-sim[dask]'``; the workers need cadre-sim installed too).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sim.runs.execution import REGISTRY, Backend, ExecutionError, Options, RunFn, Task, call, infra_failure
from sim.runs.records import RunRecord
from sim.words import text

CONNECT_TIMEOUT = "10s"  # an unreachable scheduler is reported after this long


def run(tasks: Iterable[Task], run_fn: RunFn, base: Any, options: Options) -> Iterator[RunRecord]:
    """Run the tasks on the cluster at ``options.scheduler`` (an address or a ``Client``)."""
    try:
        from distributed import Client, as_completed
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ExecutionError(text("runs.needs_dask", "en")) from exc

    scheduler = options.scheduler
    own = not isinstance(scheduler, Client)
    client = Client(scheduler, timeout=CONNECT_TIMEOUT) if own else scheduler
    try:
        max_inflight = options.max_inflight
        if max_inflight is None:
            max_inflight = max(2, 2 * sum(client.nthreads().values()))
        base_f = client.scatter([base], broadcast=True)[0]  # one future, even for a tuple
        ac = as_completed()
        it = iter(tasks)
        keys: dict[Any, int] = {}  # Dask future key -> task key

        def submit_one() -> bool:
            try:
                key, overrides, seed = next(it)
            except StopIteration:
                return False
            fut = client.submit(call, run_fn, base_f, key, overrides, seed, pure=False)
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
            except Exception as exc:  # worker lost, KilledWorker, ...: the run failed
                rec = infra_failure(key, exc)
            fut.release()
            yield rec
            submit_one()
    finally:
        if own:
            client.close()


REGISTRY.register(Backend("dask", "Dask 集群", "Dask cluster", meaning="a Dask distributed cluster", order=2, run=run))

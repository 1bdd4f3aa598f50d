"""``processes``: a local pool of worker processes.

The pool's start method is chosen per pool, never globally: the fork server where processes can
fork (Linux, macOS), spawn elsewhere (Windows: each worker a fresh interpreter that imports the
model: about 2 s of one core more at each pool's start). Ctrl-C or SIGTERM stops the workers at once; a dead worker stops the execution with
an ``ExecutionError`` (finished runs are kept by the caller). The fork server and the workers
end with the parent process even when it is killed (``sim.lifetime``).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from sim.lifetime import die_with_parent
from sim.runs.execution import REGISTRY, Backend, ExecutionError, Options, RunFn, Task, call
from sim.runs.records import RunRecord
from sim.words import text

_WORKER: dict[str, Any] = {}
WINDOWS_MAX_WORKERS = 61  # a process pool waits on at most 63 handles there (concurrent.futures refuses more)


def _init_worker(run_fn: RunFn, base: Any) -> None:
    # Ctrl-C goes to the whole process group; the parent handles it and stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()  # also asked at fork (backends._forkserver); here too if another fork server runs
    _WORKER["run_fn"] = run_fn
    _WORKER["base"] = base


def _pool_call(key: int, overrides: dict, seed: int) -> RunRecord:
    return call(_WORKER["run_fn"], _WORKER["base"], key, overrides, seed)


def preload(run_fn: RunFn) -> list[str]:
    """The modules the fork server imports once, so that each worker it forks has them already.

    The model; the run function's module (unpickling ``run_fn`` in a worker imports it); and the
    main module, which every worker would otherwise import again by its path (its top-level
    imports: the command line's, a script's). A worker of a later pool of the same process then
    starts in milliseconds (the fork server stays; its list is the first pool's).
    """
    modules = ["sim.runs.backends._forkserver", "sim.model.run"]
    module = getattr(run_fn, "__module__", None)
    if module and module != "__main__" and module not in modules:
        modules.append(module)
    return [*modules, "__main__"]


def start_method() -> str:
    """``forkserver`` where this process can fork and the platform has one; ``spawn`` elsewhere (Windows)."""
    return "forkserver" if hasattr(os, "fork") and "forkserver" in mp.get_all_start_methods() else "spawn"


def _context(run_fn: RunFn) -> Any:
    # A context object per pool: the global start method is left alone.
    if start_method() == "forkserver":
        ctx = mp.get_context("forkserver")
        # Workers fork from a server that has already imported what they need: fast pool start-up.
        # (Only takes effect when this process starts its fork server; harmless otherwise.)
        ctx.set_forkserver_preload(preload(run_fn))
        return ctx
    return mp.get_context("spawn")


def run(tasks: Iterable[Task], run_fn: RunFn, base: Any, options: Options) -> Iterator[RunRecord]:
    """Run the tasks on ``options.workers`` processes, at most ``max_inflight`` pending (default 2 per worker)."""
    workers = max(1, options.workers)
    if sys.platform == "win32":
        workers = min(workers, WINDOWS_MAX_WORKERS)
    max_inflight = options.max_inflight or 2 * workers
    ex = ProcessPoolExecutor(
        max_workers=workers, mp_context=_context(run_fn), initializer=_init_worker, initargs=(run_fn, base)
    )
    clean = False
    try:
        inflight: dict[Future[RunRecord], int] = {}
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
                inflight.pop(fut)
                try:
                    yield fut.result()
                except BrokenProcessPool as exc:
                    raise ExecutionError(text("runs.worker_died", "en")) from exc
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
                except Exception:  # a process that is already gone
                    pass
            for p in procs:
                try:
                    p.join(timeout=5)
                except Exception:  # a process that is already gone
                    pass


REGISTRY.register(
    Backend(
        "processes",
        "本机多进程",
        "local processes",
        meaning="a pool of worker processes on this machine",
        order=1,
        run=run,
    )
)

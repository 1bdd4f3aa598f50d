"""Checks every command makes before any work, so that bad input ends with one line.

Nothing is written when a check fails: where results go, whether the runs fit in memory, how
many workers, a scheduler address.

Each ``*_problem`` function returns the problem in words, or None when all is well. A command calls
:func:`preflight` once with what it has (destination, workers, scheduler, the scenarios whose runs must
fit in memory and on disk): the first problem ends it with ``error: ...`` and exit status 2.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Sequence
from pathlib import Path

from sim.files import destination_problem
from sim.model.footprint import footprint, too_big
from sim.params.schema import Scenario
from sim.terminal import spoken
from sim.words import Book

_words = Book("guards")  # the one-line errors, in the running command's language (sim/words/guards.toml)

MAX_WORKERS_PER_CORE = 4
MANY_RUNS_BYTES = 5_000_000  # a comparison or sweep folder per scenario: tables and plots, no per-run files
SCHEDULER = re.compile(r"^((tcp|tls|ws|wss|inproc|ucx)://)?(\[[0-9A-Fa-f:]+\]|[A-Za-z0-9._-]+)(:\d{1,5})?/?$")


def results_problem(root: Path, name: str, scenarios: list[Scenario], runs: int = 1) -> str | None:
    """Why the results of ``runs`` runs of (each of) ``scenarios`` could not be written in ``root / name``."""
    need = sum(footprint(s).disk_bytes for s in scenarios) if runs == 1 else MANY_RUNS_BYTES * len(scenarios)
    return destination_problem(root, name, need_bytes=need)


def memory_problem(scenarios: list[Scenario], at_once: int = 1) -> str | None:
    """Why ``at_once`` runs of the largest of ``scenarios`` would not fit in memory together."""
    largest = max(scenarios, key=lambda s: footprint(s).memory_bytes)
    return too_big(largest, copies=at_once)


def workers_problem(workers: int | None, cores: int) -> str | None:
    """Why ``--workers`` is not a sensible number on a machine with ``cores`` cores."""
    if workers is not None and workers > MAX_WORKERS_PER_CORE * cores:
        return _words("too_many_workers", spoken(), workers=workers, cores=cores, most=MAX_WORKERS_PER_CORE * cores)
    return None


def scheduler_problem(address: str | None, reach: bool = True) -> str | None:
    """Why ``--scheduler`` is not a Dask scheduler address, or (``reach``) cannot be reached now.

    A TCP address is tried for 10 s before any folder is made, so an unreachable cluster leaves
    nothing behind.
    """
    if address is None:
        return None
    match = SCHEDULER.match(address.strip())
    port = match.group(4) if match else None
    if match is None or (port is not None and not 0 < int(port[1:]) < 65536):
        return _words("not_a_scheduler", spoken(), address=address)
    if reach and match.group(2) in (None, "tcp") and port is not None:
        host = match.group(3).strip("[]")
        try:
            socket.create_connection((host, int(port[1:])), timeout=10).close()
        except OSError as exc:
            return _words("unreachable", spoken(), address=address, reason=exc.strerror or exc)
    return None


def preflight(
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    memory: Sequence[Scenario] = (),
    at_once: int | None = None,
    destination: Path | None = None,
    results: Sequence[Scenario] | None = None,
    runs: int = 1,
    new_folder: bool = False,
) -> None:
    """End the command with one line (``error: ...``, exit status 2) on the first problem before any work.

    Checked in this order, each only when its argument is given: ``destination`` must not exist yet
    (``new_folder``); ``--workers`` sensible for this machine; the ``--scheduler`` address answers;
    ``at_once`` runs of the largest of ``memory`` fit in memory together (default: one run with a
    scheduler, else one per worker); the results of ``runs`` runs of each of ``results`` can be
    written at ``destination`` (with no ``results``: only that the place can take a folder or file).
    Nothing is written when a check fails.
    """
    from sim.runs.execution import default_workers
    from sim.terminal import fail

    cores = default_workers()
    if new_folder and destination is not None and destination.exists():
        fail(_words("exists", spoken(), folder=destination))
    if at_once is None:
        at_once = 1 if scheduler else (workers or cores)
    problem = workers_problem(workers, cores) or scheduler_problem(scheduler)
    problem = problem or (memory_problem(list(memory), at_once) if memory else None)
    if not problem and destination is not None:
        root = destination.parent if str(destination.parent) else Path(".")
        if results is None:
            problem = destination_problem(root, destination.name)
        else:
            problem = results_problem(root, destination.name, list(results), runs=runs)
    if problem:
        fail(problem)

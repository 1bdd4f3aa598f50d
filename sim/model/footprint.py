"""What a run will cost before it starts: memory, time and disk, estimated from the scenario.

The population keeps a row for everyone ever hired (the exited in its archive: lineage and the
final table need them), so rows grow with ``initial_cadres + newcomers a year * years``; the
people in post are Mesa agents. The figures are estimates (within a factor of about two), made to refuse what
cannot fit, not to plan a budget. Speed: about 1.5 million agent-months a second on one core of
the machine the benchmarks ran on (``benchmarks/bench_model.py``).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from types import ModuleType

import numpy as np

from sim.model.establishment import newcomers_per_year
from sim.model.population import Population
from sim.params.schema import Scenario

ROW_BYTES = sum(np.dtype(c.dtype).itemsize * math.prod(c.shape) for c in Population.COLUMNS.values())
TABLE_BYTES_PER_ROW = 700  # the final tables (cadres, events, pairs) per person ever hired, in memory
AGENT_BYTES = 1_200  # a Mesa agent and its place in the model's agent set
DISK_BYTES_PER_ROW = 450  # cadres.csv, events.csv, pairs.csv per person ever hired
FIXED_BYTES = 150_000_000  # Python, numpy, pandas, Mesa and matplotlib themselves
FIXED_DISK_BYTES = 2_000_000  # plots, series, report
AGENT_MONTHS_PER_SECOND = 1.5e6

resource: ModuleType | None
try:
    import resource  # POSIX only: the address-space limit (``ulimit -v``)
except ImportError:  # Windows
    resource = None


@dataclass(frozen=True)
class Footprint:
    """Estimated cost of one run."""

    rows: int  # people ever hired
    memory_bytes: int
    disk_bytes: int
    seconds: float

    def words(self) -> str:
        """The estimate in plain words."""
        return (
            f"{self.rows:,} people over the run, about {self.memory_bytes / 1e9:,.1f} GB of memory, "
            f"{self.disk_bytes / 1e6:,.0f} MB of results and {_duration(self.seconds)} on one core"
        )


def _duration(seconds: float) -> str:
    if seconds < 10:
        return f"{seconds:.1f} s"
    if seconds < 90:
        return f"{seconds:,.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:,.0f} min"
    return f"{seconds / 3600:,.1f} h"


def footprint(scenario: Scenario) -> Footprint:
    """The estimated memory, disk and time of one run of ``scenario``."""
    pop, months = scenario.population, scenario.run.months
    yearly = newcomers_per_year(scenario)
    rows = pop.initial_cadres + yearly * (months // 12 + 2)
    in_post = max(pop.initial_cadres, yearly * 10)  # a steady county holds ~10-30 intakes
    memory = FIXED_BYTES + rows * (ROW_BYTES + TABLE_BYTES_PER_ROW) + in_post * AGENT_BYTES
    seconds = in_post * months / AGENT_MONTHS_PER_SECOND
    return Footprint(rows, int(memory), FIXED_DISK_BYTES + rows * DISK_BYTES_PER_ROW, seconds)


def available_memory() -> int | None:
    """Bytes of memory a new run may use now; None if unknown.

    The machine's available memory (Linux: MemAvailable; elsewhere psutil's, as Windows and macOS
    count it), or this process's address-space limit (``ulimit -v``, POSIX) if that is lower.
    """
    found: int | None = None
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    found = int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        found = _available_elsewhere()
    if resource is None:
        return found
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft != resource.RLIM_INFINITY:
        room = max(soft - _address_space_used(), 0)
        found = room if found is None else min(found, room)
    return found


def _available_elsewhere() -> int | None:
    """Available memory where there is no /proc (Windows, macOS): psutil's, else the free pages."""
    try:
        import psutil

        return int(psutil.virtual_memory().available)
    except (ImportError, OSError, AttributeError):
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):
        return None


def _address_space_used() -> int:
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        pass
    try:
        import psutil

        return int(psutil.Process().memory_info().vms)
    except (ImportError, OSError, AttributeError):
        return 0


def too_big(scenario: Scenario, copies: int = 1) -> str | None:
    """Why ``copies`` runs of ``scenario`` at once would not fit in memory (None if they would)."""
    cost = footprint(scenario)
    free = available_memory()
    if free is None or cost.memory_bytes * copies <= 0.8 * free:
        return None
    at_once = f"{copies} runs at once, each needing " if copies > 1 else "it needs "
    return (
        f"{scenario.name}: {at_once}{cost.words()}; this machine has {free / 1e9:,.1f} GB available. "
        "Go smaller: fewer population.initial_cadres, a lower yearly intake (flows.intake_per_year, [mentees]) or a shorter run"
        + (", or fewer --workers" if copies > 1 else "")
    )

"""Sizing the pool: run the county with its pool unconstrained, read the demand, size the pool each year.

Each run (``demand_of_run``, in a worker) gives its programme months' demand from the series of the
shortage (``sim.model.shortage``): the young cadres who begin to want a mentor (``new_wanting``),
those with a mentor and those waiting, and the pool it had. ``size_runs`` turns each run's demand
into the pool each year needs for each longest wait K: the months a cadre keeps a mentor are the
run's mentee-months over the cadres who came (Little's law), a first-come-first-served queue
(``sim.studies.pool.queue``) gives the places, the pairing form the mentors
(``sim.model.shortage.mentors_for``). Over runs (the sets of a fit and the replicates), by
structure: the median and the range. Pure except ``run_pool``, which carries out the runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sim.model.calendar import step_of
from sim.model.shortage import mentors_for
from sim.studies.pool.queue import one_size_places, places_by_year

if TYPE_CHECKING:
    from sim.params.schema import Scenario

WAITS = (0, 3, 6)  # the longest waits every report sizes the pool for (months); --wait adds one
UNCONSTRAINED = {"pool.pool_cap": 0}  # the pool runs without a cap: the demand is the county's, not the cap's
CALIBRATED = "calibrated"  # the structure of a scenario run without a fit's sets


@dataclass(frozen=True)
class PoolSizing:
    """The pool a county needs each year, by structure and longest wait.

    Attributes:
        scenario: the county's name.
        waits: the longest waits sized for (months), ascending.
        structures: the structures, in the order of the fit's sets (``calibrated`` without a fit).
        runs: one row a run and a year: structure, set, replicate, year, arrivals (cadres who began to
            want a mentor), peak_wanting (the most wanting one in a month), pool_in_run (the most in the
            pool in a month), months_kept, mentees_per_mentor, ``mentors_k<K>`` for each wait, and
            ``one_size_k<K>``: the run's pool held at one size through every year (the same on each row).
        table: one row a structure, year and wait: median, low and high of the mentors needed over
            the runs, runs; with the median arrivals and pool in the run.
        ensemble: the fit folder the sets came from (None: the scenario alone).
        sets: parameter sets run (1 without a fit); replicates: runs of each.
        failed: runs that failed (their errors' first lines).
        form, mentees_per_mentor, mentors_per_mentee: the pairing form and the ratios the runs had.
    """

    scenario: str
    waits: tuple[int, ...]
    structures: tuple[str, ...]
    runs: pd.DataFrame
    table: pd.DataFrame
    ensemble: str | None
    sets: int
    replicates: int
    failed: tuple[str, ...] = ()
    form: str = "one_to_one"
    mentees_per_mentor: tuple[int, ...] = (1,)
    mentors_per_mentee: tuple[int, ...] = (1,)


def programme_months(scenario: Scenario) -> range:
    """The model months the programme pairs people (from the first to the stop, or the end)."""
    months = scenario.run.months
    if not scenario.pairing.enabled:
        return range(1, 1)
    pr = scenario.programme
    stop = step_of(scenario.run, pr.stop_year, pr.stop_month) if pr.stop_year else months + 1
    return range(1, min(stop, months + 1))


def demand_of_run(base: Scenario, overrides: dict, seed: int) -> dict[str, Any]:
    """One run's demand month by month over the programme's months (the run function of the workers)."""
    from sim.model.run import simulate  # the model loads in the worker that runs it

    scenario = base.with_overrides(overrides, source="pool") if overrides else base
    series = simulate(scenario, seed).series
    rows = series.iloc[list(programme_months(scenario))]
    p = scenario.pairing
    return {
        "year": [int(str(d)[:4]) for d in rows["date"]],
        "arrivals": rows["new_wanting"].astype(int).tolist(),
        "with_mentor": (rows["wanting_mentor"] - rows["waiting"]).astype(int).tolist(),
        "wanting": rows["wanting_mentor"].astype(int).tolist(),
        "pool": rows["pool_size"].astype(int).tolist(),
        "form": p.form,
        "mentees_per_mentor": p.mentees_per_mentor,
        "mentors_per_mentee": p.mentors_per_mentee,
    }


def months_kept(demand: Mapping[str, Any]) -> int:
    """The months a cadre keeps a mentor: mentee-months over the cadres who came (Little's law), at least 1."""
    came = sum(demand["arrivals"])
    return max(round(sum(demand["with_mentor"]) / came), 1) if came else 1


def size_run(demand: Mapping[str, Any], waits: Iterable[int]) -> pd.DataFrame:
    """One run's pool by year: arrivals, peak demand, the pool it had, and the mentors needed for each wait."""
    years, kept = list(demand["year"]), months_kept(demand)
    frame = pd.DataFrame({"year": years, "arrivals": demand["arrivals"], "wanting": demand["wanting"],
                          "pool": demand["pool"]})  # fmt: skip
    out = frame.groupby("year").agg(arrivals=("arrivals", "sum"), peak_wanting=("wanting", "max"),
                                    pool_in_run=("pool", "max")).reset_index()  # fmt: skip
    out["months_kept"] = kept
    out["mentees_per_mentor"] = demand["mentees_per_mentor"]
    form, per_mentor, per_mentee = demand["form"], demand["mentees_per_mentor"], demand["mentors_per_mentee"]
    for wait in waits:
        places = places_by_year(demand["arrivals"], years, kept, wait)
        out[f"mentors_k{wait}"] = [mentors_for(places[y], form, per_mentor, per_mentee) for y in out["year"]]
        one_size = one_size_places(demand["arrivals"], kept, wait)
        out[f"one_size_k{wait}"] = mentors_for(one_size, form, per_mentor, per_mentee)
    return out


def size_runs(
    demands: list[tuple[str, int, int, Mapping[str, Any]]],
    waits: Iterable[int],
    scenario: str,
    *,
    ensemble: str | None = None,
    sets: int = 1,
    replicates: int = 1,
    failed: tuple[str, ...] = (),
) -> PoolSizing:
    """The pool each year needs, from runs' demands: (structure, set, replicate, demand) each."""
    waits = tuple(sorted(set(waits)))
    frames = []
    for structure, member, replicate, demand in demands:
        frame = size_run(demand, waits)
        frame.insert(0, "replicate", replicate)
        frame.insert(0, "set", member)
        frame.insert(0, "structure", structure)
        frames.append(frame)
    runs = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    structures = tuple(dict.fromkeys(s for s, _, _, _ in demands))
    rows = []
    for key, group in runs.groupby(["structure", "year"], sort=False) if len(runs) else ():
        structure, year = str(key[0]), int(str(key[1]))  # grouped by two columns: a pair
        for wait in waits:
            needed = group[f"mentors_k{wait}"].to_numpy(dtype=float)
            rows.append({
                "structure": structure, "year": year, "wait": wait, "median": float(np.median(needed)),
                "low": float(needed.min()), "high": float(needed.max()), "runs": len(needed),
                "arrivals": float(group["arrivals"].median()), "pool_in_run": float(group["pool_in_run"].median()),
            })  # fmt: skip
    table = pd.DataFrame(rows)
    ratios = [(d["form"], d["mentees_per_mentor"], d["mentors_per_mentee"]) for _, _, _, d in demands] or [("", 1, 1)]
    return PoolSizing(
        scenario, waits, structures, runs, table, ensemble, sets, replicates, failed, form=ratios[0][0],
        mentees_per_mentor=tuple(sorted({r[1] for r in ratios})), mentors_per_mentee=tuple(sorted({r[2] for r in ratios})),
    )  # fmt: skip


def run_pool(
    scenario: Scenario,
    *,
    waits: Iterable[int] = WAITS,
    ensemble: str | Path | None = None,
    members: int | None = None,
    replicates: int = 1,
    seed: int = 1,
    workers: int = 1,
    advance: Callable[[bool], None] | None = None,
) -> PoolSizing:
    """Run the county (on every set of ``ensemble`` when given) with its pool unconstrained and size the pool.

    Args:
        scenario: the county.
        waits: the longest waits to size for (months).
        ensemble: a fit folder (``ensemble.csv`` and ``scenario.toml``): each set's values applied to
            ``scenario``, its ``structure`` column grouping them; None: the scenario alone.
        members: at most this many sets (the best first).
        replicates: runs of each set (common seeds across sets).
        seed: the root seed.
        workers: local processes.
        advance: called after each run with whether it succeeded (a progress bar).

    Raises:
        EnsembleError: the fit folder cannot serve (``sim.studies.compare.ensemble``).
    """
    from sim.runs.backends import execute
    from sim.runs.designs import derive_seed

    plan: list[tuple[str, int, dict[str, Any]]] = [(CALIBRATED, 0, dict(UNCONSTRAINED))]
    if ensemble is not None:
        from sim.studies.compare.ensemble import load_ensemble, set_values

        ens = load_ensemble(ensemble, limit=members)
        labels = ens.structures or (CALIBRATED,) * len(ens.members)
        plan = [
            (str(labels[i]), i, {**set_values(scenario, row), **UNCONSTRAINED})
            for i, (_, row) in enumerate(ens.members.iterrows())
        ]
    tasks = [
        (k * replicates + r, overrides, derive_seed(seed, r))
        for k, (_, _, overrides) in enumerate(plan)
        for r in range(replicates)
    ]
    demands, failed = [], []
    for record in execute(tasks, run_fn=demand_of_run, base=scenario, workers=workers):
        structure, member, _ = plan[record.key // replicates]
        if record.ok:
            demands.append((structure, member, record.key % replicates, record.result))
        else:
            failed.append(record.error.splitlines()[0] if record.error else "?")
        if advance is not None:
            advance(record.ok)
    demands.sort(key=lambda d: (d[1], d[2]))
    return size_runs(
        demands, waits, scenario.name, ensemble=None if ensemble is None else str(ensemble), sets=len(plan),
        replicates=replicates, failed=tuple(failed),
    )  # fmt: skip

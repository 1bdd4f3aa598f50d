"""Confirmation of a search's best points: fresh seeds, and each plausible parameter set of a fit.

The runs are stored in ``FOLDER/confirm/`` as they finish (``sim.runs.store.RunStore``), so a
rerun repeats none; a set is known by its fit folder and its number there. On a set, the levers
stay the policy: the set gives only the parameters that are not levers and that the scenario
leaves at the calibrated value (the rule of ``compare --ensemble``, ``sim.studies.compare.ensemble``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from sim.runs.backends import execute
from sim.runs.decision import HEADLINE
from sim.runs.execution import ExecutionError, RunFn
from sim.runs.store import RunStore
from sim.studies.compare.ensemble import same_value, set_values
from sim.studies.optimise.front import CONFIRM

if TYPE_CHECKING:
    from sim.studies.compare.ensemble import Ensemble
    from sim.studies.optimise.search import Search

__all__ = ["confirmation_runs"]


def _set_overrides(search: Search, ensemble: Ensemble, m: int) -> dict[str, Any]:
    """Set ``m``'s values of the parameters that are neither levers nor set by the scenario itself."""
    values = set_values(ensemble.calibrated, ensemble.members.iloc[m])
    base, calibrated = search.base, ensemble.calibrated
    return {
        k: v for k, v in values.items()
        if k not in search.levers.parameters
        and same_value(getattr(getattr(base, k.split(".")[0]), k.split(".")[1]),
                       getattr(getattr(calibrated, k.split(".")[0]), k.split(".")[1]))
    }  # fmt: skip


def confirmation_runs(
    search: Search,
    folder: Path,
    points: list[int],
    choices: Mapping[int, Mapping[str, Any]],
    ensemble: Ensemble | None,
    replicates: int,
    *,
    run_fn: RunFn,
    workers: int,
    scheduler: Any = None,
    on_run: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """Every point ``replicates`` times on fresh common seeds, and on each plausible set; one row per run.

    ``choices``: each point's (trial number's) Optuna parameters.
    Runs already in ``folder/confirm/`` are not repeated. Columns: trial, set (-1: the scenario
    itself), replicate, seed, the outcomes searched, and the planner's headline figures
    (``sim.runs.decision.HEADLINE``: NaN where a run did not give one) for the side effects.
    """
    fit = "" if ensemble is None else str(ensemble.folder)
    extra = [o for o in HEADLINE if o not in search.outcomes]  # kept for the side effects, when a run gives them
    seeds = search.seeds(stage=1, n=replicates)
    plan = [(t, CONFIRM, i, s) for t in points for i, s in enumerate(seeds)]
    if ensemble is not None:
        plan += [(t, m, i, s) for t in points for m in range(len(ensemble.members))
                 for i, s in enumerate(seeds[: search.replicates])]  # fmt: skip
    store = RunStore(folder / "confirm")

    def key(t: int, m: int, s: int) -> tuple[int, int, int, str]:
        return t, m, s, "" if m == CONFIRM else fit  # a set is known by its fit folder and number

    done = {(r["trial"], r["set"], r["seed"], r["fit"]): r for r in store.records()}
    todo = [p for p in plan if key(p[0], p[1], p[3]) not in done]
    sets = {m: _set_overrides(search, ensemble, m) for m in range(len(ensemble.members))} if ensemble else {}
    tasks = [(k, {**sets.get(m, {}), **search.choice(choices[t])}, s) for k, (t, m, _, s) in enumerate(todo)]
    finished = len(plan) - len(todo)
    if on_run is not None:
        on_run(finished, len(plan))
    try:
        for record in execute(tasks, run_fn=run_fn, base=search.base, workers=workers, scheduler=scheduler):
            t, m, i, s = todo[record.key]
            if not record.ok:
                raise ExecutionError(f"a confirmation run failed (trial {t}, seed {s}): {record.error}")
            row = {"trial": t, "set": m, "fit": fit if m != CONFIRM else "", "replicate": i, "seed": s}
            values = {o: float(record.result[o]) for o in search.outcomes}
            values.update({o: float(record.result[o]) for o in extra if o in record.result})
            row["values"] = values
            store.add(row)
            done[key(t, m, s)] = row
            finished += 1
            if on_run is not None:
                on_run(finished, len(plan))
    finally:
        store.flush()
    rows = [{**done[key(t, m, s)], **done[key(t, m, s)]["values"]} for t, m, _, s in plan]
    columns = ["trial", "set", "fit", "replicate", "seed", *search.outcomes, *extra]
    return pd.DataFrame(rows, columns=columns).astype({o: float for o in [*search.outcomes, *extra]})

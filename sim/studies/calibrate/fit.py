"""Calibration: fit a scenario's free parameters to reported figures (``targets``).

A point fit with Optuna's TPE sampler over the free parameters' prior ranges (a file: ``free``),
each trial scored by the summed deviance of the targets given the mean of ``replicates`` runs
with common random numbers (the same seeds in every trial), the runs spread over the sweep
backends (local processes, Dask). The study lives in ``FIT/study.db`` (SQLite): a fit that is
interrupted or asked for more trials resumes where it stopped, without redoing finished trials.

Resuming is exact: the k-th trial's proposal depends only on the seed, k and the finished trials
(its sampler is seeded from ``(seed, k)`` and sees only those), and a trial enters the study only
when it is finished (as one write), so a fit killed at any moment and run again gives the same
trials, numbers, result and files as one never stopped. The folder is this fit's own and locked
while it works (``folder``).

The plausible sets (the ensemble) come from history matching (``history``): waves
of Latin hypercube points that rule out the sets the reported figures make implausible. Without
it (``waves = 0``), or when fewer than two sets survive, they are the finished trials whose score
is within the 95% point of chi-square (as many degrees of freedom as free parameters) of the
best: a likelihood-ratio region read off the trials, which TPE samples near the best only.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import chi2

from sim.model.run import simulate
from sim.params.schema import Scenario
from sim.runs.batch import run_batch
from sim.runs.designs import derive_seed
from sim.runs.execution import default_workers
from sim.studies.calibrate.folder import fit_identity, open_fit_folder
from sim.studies.calibrate.free import FreeParameter, load_free
from sim.studies.calibrate.history import HistoryMatch, history_match
from sim.studies.calibrate.holdout import leave_one_out
from sim.studies.calibrate.targets import TargetError, TargetSet, load_targets, model_means
from sim.words import Book

__all__ = [
    "Fit", "FitRun", "FreeParameter", "TargetError", "check_fit", "ensemble", "evaluate", "fit", "fitted_scenario",
    "identification", "load_free", "load_targets", "propose", "run_study", "run_targets", "suggest", "trials_table",
]  # fmt: skip

W = Book("calibrate")
EN = "en"  # the study's errors, in English as the command shows them for now
MIN_PLAUSIBLE = 5  # plausible trials needed before saying whether a parameter is identified
TRIAL_SEEDS = 100_000  # the k-th trial's sampler is seeded with derive_seed(seed, TRIAL_SEEDS + k)
NO_SCORE = 1e12  # the score stored for a trial whose score is not finite (optuna stores finite numbers)


def run_targets(base: tuple[Scenario, TargetSet], overrides: dict, seed: int) -> dict[str, float]:
    """One run of the scenario with ``overrides``: the value of every target (a backend's run function)."""
    scenario, targets = base
    result = simulate(scenario.with_overrides(overrides), seed)
    return targets.read_all(result.series, result.scenario.run)


def evaluate(
    scenario: Scenario, targets: TargetSet, overrides: dict, seeds: list[int], workers: int, scheduler: Any = None
) -> list[dict[str, float]]:
    """Target values of each replicate (in seed order), the runs spread over the backend.

    Raises:
        ExecutionError: a run failed.
    """
    runs = run_batch([(overrides, s) for s in seeds], run_fn=run_targets, base=(scenario, targets), workers=workers,
                     scheduler=scheduler)  # fmt: skip
    return [dict(r) for r in runs]


def suggest(trial: Any, free: list[FreeParameter]) -> dict[str, float | int]:
    """The trial's values of the free parameters."""
    values: dict[str, float | int] = {}
    for p in free:
        if p.integer:
            values[p.key] = trial.suggest_int(p.key, int(math.ceil(p.low)), int(math.floor(p.high)), log=p.log)
        else:
            values[p.key] = trial.suggest_float(p.key, p.low, p.high, log=p.log)
    return values


def propose(finished: list[Any], free: list[FreeParameter], seed: int) -> tuple[dict[str, float | int], dict]:
    """The next trial's values and their distributions, from the seed and the finished trials only.

    The k-th trial (k = ``len(finished)``) is asked of a TPE sampler seeded from ``(seed, k)`` that
    sees the finished trials and nothing else (no trial a killed fit left running, no earlier
    sampler's state): a resumed fit proposes exactly what an uninterrupted one proposes.
    """
    import optuna

    k = len(finished)
    sampler = optuna.samplers.TPESampler(
        seed=derive_seed(seed, TRIAL_SEEDS + k) % 2**32, n_startup_trials=max(10, 2 * len(free))
    )  # numpy RandomState seeds are 32-bit
    scratch = optuna.create_study(direction="minimize", sampler=sampler)
    scratch.add_trials(finished)
    trial = scratch.ask()
    return suggest(trial, free), dict(trial.distributions)


def _finished(study: Any) -> list[Any]:
    import optuna

    return study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.COMPLETE,))


def run_study(
    scenario: Scenario,
    targets: TargetSet,
    free: list[FreeParameter],
    folder: Path,
    *,
    trials: int,
    replicates: int,
    seed: int,
    workers: int = 1,
    scheduler: Any = None,
    on_trial: Callable[[int, float], None] | None = None,
) -> Any:
    """Run (or resume) the study in ``folder/study.db`` until it has ``trials`` finished trials.

    A trial is added to the study when its runs are done, in one write: the study holds finished
    trials only, numbered 0, 1, ... in order, whatever interruptions there were (``propose``).
    """
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    folder.mkdir(parents=True, exist_ok=True)
    identity = {"scenario": scenario.name, "targets": [t.name for t in targets.targets], "free": [p.key for p in free]}
    study = optuna.create_study(
        study_name="fit", storage=f"sqlite:///{folder / 'study.db'}", direction="minimize", load_if_exists=True
    )
    if study.user_attrs.get("identity", identity) != identity:
        raise TargetError(W("fit_study_other", EN, folder=folder, held=study.user_attrs["identity"]))
    study.set_user_attr("identity", identity)
    study.set_user_attr("replicates", replicates)
    study.set_user_attr("seed", seed)
    seeds = [derive_seed(seed, i) for i in range(replicates)]
    for left in study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.RUNNING,)):
        study.tell(left.number, state=optuna.trial.TrialState.FAIL)  # left by a fit of an older version
    if on_trial is not None:  # what a resumed study already holds
        on_trial(len(_finished(study)), math.nan)
    while (done := len(finished := _finished(study))) < trials:
        values, distributions = propose(finished, free, seed)
        started = datetime.now()
        means = model_means(evaluate(scenario, targets, values, seeds, workers, scheduler))
        score = targets.score(means)
        study.add_trial(
            optuna.trial.FrozenTrial(
                number=done, state=optuna.trial.TrialState.COMPLETE, value=score if math.isfinite(score) else NO_SCORE,
                datetime_start=started, datetime_complete=datetime.now(), params=values, distributions=distributions,
                user_attrs=means, system_attrs={}, intermediate_values={}, trial_id=done,
            )
        )  # fmt: skip
        if on_trial is not None:
            on_trial(done + 1, score)
    return study


def trials_table(study: Any, free: list[FreeParameter], targets: TargetSet) -> pd.DataFrame:
    """One row per finished trial: the parameters, each target's model mean, the score."""
    import optuna

    rows = []
    for t in study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.COMPLETE,)):
        rows.append(
            {
                "trial": t.number,
                **t.params,
                **{n.name: t.user_attrs.get(n.name) for n in targets.targets},
                "score": t.value,
            }
        )
    return pd.DataFrame(rows).sort_values("score", kind="stable").reset_index(drop=True)


def ensemble(table: pd.DataFrame, n_free: int, level: float = 0.95) -> pd.DataFrame:
    """The plausible trials: score within the chi-square(n_free) ``level`` point of the best."""
    cut = float(table.score.min() + chi2.ppf(level, n_free))
    return table[table.score <= cut].reset_index(drop=True)


def identification(
    table: pd.DataFrame, plausible: pd.DataFrame, free: list[FreeParameter], targets: TargetSet
) -> pd.DataFrame:
    """Which targets pin which parameters, and which parameters stay unidentified.

    For each parameter: the Spearman correlation over all trials with each target's model mean
    (the targets that move with it), and the share of its prior range the plausible set spans
    (above one half: the reports do not pin it down); not judged with fewer than MIN_PLAUSIBLE
    plausible trials (more trials are needed).
    """
    rows = []
    for p in free:
        x = table[p.key].astype(float)
        span = (plausible[p.key].max() - plausible[p.key].min()) / (p.high - p.low) if len(plausible) > 1 else 0.0
        if p.log:
            span = (np.log(plausible[p.key].max()) - np.log(plausible[p.key].min())) / (np.log(p.high) - np.log(p.low))
        judged = len(plausible) >= MIN_PLAUSIBLE
        row: dict[str, Any] = {
            "parameter": p.key,
            "plausible_span": float(span) if judged else math.nan,
            "identified": bool(span <= 0.5) if judged else None,
        }
        for t in targets.targets:
            y = table[t.name].astype(float)
            row[t.name] = float(x.corr(y, method="spearman")) if len(table) > 2 else math.nan
        rows.append(row)
    return pd.DataFrame(rows)


def check_fit(
    scenario: Scenario,
    fitted: dict,
    targets: TargetSet,
    replicates: int,
    seed: int,
    workers: int,
    scheduler: Any = None,
) -> pd.DataFrame:
    """Before and after, on fresh seeds: each target's reported value, the model's mean and 95% interval."""
    from sim.runs.stats import mean_ci

    fresh = [derive_seed(seed + 1, i) for i in range(replicates)]
    before = evaluate(scenario, targets, {}, fresh, workers, scheduler)
    after = evaluate(scenario, targets, fitted, fresh, workers, scheduler)
    rows = []
    for t in targets.targets:
        b, a = mean_ci([r[t.name] for r in before]), mean_ci([r[t.name] for r in after])
        rows.append(
            {
                "target": t.name, "what": t.what, "kind": t.kind, "reported": t.value,
                "before_mean": b.mean, "before_low": b.low, "before_high": b.high,
                "after_mean": a.mean, "after_low": a.low, "after_high": a.high,
                "before_within_10pct": t.met_within(b.mean), "after_within_10pct": t.met_within(a.mean),
                "source": t.source,
            }
        )  # fmt: skip
    return pd.DataFrame(rows)


def fitted_scenario(scenario: Scenario, values: dict, fit_folder: str) -> dict:
    """The calibrated scenario as nested data, its description naming the fit."""
    data = scenario.with_overrides(values).model_dump()
    data["run"]["description"] = (data["run"]["description"] + f" (calibrated: {fit_folder})").strip()[:1000]
    return data


@dataclass(frozen=True)
class FitRun:
    """How a fit ran: what was fitted to what, the settings, and the time (all trials; this call with the check)."""

    scenario: str
    targets_file: str
    trials: int
    seed: int
    workers: int
    replicates: int
    seconds: float
    this_call: float
    free: int


@dataclass(frozen=True)
class Fit:
    """A finished fit: the calibrated scenario, the trials, the plausible sets, what pins each parameter, the check.

    ``facts`` says how it ran; ``history`` is the history match (None with ``waves = 0``); ``holdout`` what the
    other figures alone predict for each (None without history matching).
    """

    folder: Path
    scenario: dict
    trials: pd.DataFrame
    plausible: pd.DataFrame
    identification: pd.DataFrame
    check: pd.DataFrame
    facts: FitRun
    history: HistoryMatch | None = None
    holdout: pd.DataFrame | None = None  # leave one target out (``holdout``), from the first wave

    @property
    def met(self) -> int:
        """Targets within 10% after the fit, on fresh seeds."""
        return int(self.check.after_within_10pct.sum())


def fit(
    base: Scenario,
    targets: TargetSet,
    free: list[FreeParameter],
    folder: Path,
    *,
    trials: int,
    replicates: int,
    seed: int,
    workers: int | None = None,
    scheduler: Any = None,
    waves: int = 2,
    points: int = 60,
    on_trial: Callable[[int, float], None] | None = None,
    on_point: Callable[[int, int], None] | None = None,
    locked: bool = False,
    check_replicates: int | None = None,
) -> Fit:
    """Run (or resume) the fit and check it on fresh seeds (``report.write_fit`` writes the folder's products).

    The point fit (TPE, ``trials``) gives the calibrated scenario; history matching (``waves`` of
    ``points``, ``history``) the plausible sets, or, with ``waves = 0`` or fewer than
    two sets left, the trials within the chi-square 95% point of the best. ``workers``: local
    worker processes (default: all cores); ``scheduler``: a Dask scheduler's address instead.
    The study and the history-matching waves are kept in ``folder`` as they run (to resume).
    The folder must be this fit's (``folder.open_fit_folder``: checked, locked, ``fit.json`` first)
    unless the caller holds it open already (``locked``). The check runs ``check_replicates`` fresh seeds
    (default: ``replicates``).

    Raises:
        TargetError: the folder is not this fit's, or another calibrate works in it.
        ExecutionError: a run failed.
    """
    workers = workers or default_workers()
    place = (
        nullcontext(folder) if locked else open_fit_folder(folder, fit_identity(base, targets, free, replicates, seed))
    )
    with place:
        return _fit(base, targets, free, folder, trials, replicates, seed, workers, scheduler, waves, points,
                    on_trial, on_point, check_replicates or replicates)  # fmt: skip


def _fit(
    base: Scenario, targets: TargetSet, free: list[FreeParameter], folder: Path, trials: int, replicates: int,
    seed: int, workers: int, scheduler: Any, waves: int, points: int,
    on_trial: Callable[[int, float], None] | None, on_point: Callable[[int, int], None] | None, check_replicates: int,
) -> Fit:  # fmt: skip
    started = time.perf_counter()
    study = run_study(
        base, targets, free, folder, trials=trials, replicates=replicates, seed=seed, workers=workers,
        scheduler=scheduler, on_trial=on_trial,
    )  # fmt: skip
    table = trials_table(study, free, targets)
    plausible, history = ensemble(table, len(free)), None
    if waves:
        matched = time.perf_counter()
        history = history_match(
            base, targets, free, folder, waves=waves, points=points, replicates=replicates, seed=seed,
            run_fn=run_targets, workers=workers, scheduler=scheduler, on_point=on_point,
        )  # fmt: skip
        history = replace(history, seconds=time.perf_counter() - matched)
        if len(history.plausible) >= 2:
            plausible = history.plausible
    best = {p.key: int(table.iloc[0][p.key]) if p.integer else float(table.iloc[0][p.key]) for p in free}
    check = check_fit(base, best, targets, check_replicates, seed, workers, scheduler)
    trial_seconds = sum(
        (t.datetime_complete - t.datetime_start).total_seconds()
        for t in _finished(study)
        if t.datetime_complete is not None and t.datetime_start is not None
    )
    facts = FitRun(
        base.name, targets.source, len(table), seed, workers, replicates, trial_seconds,
        time.perf_counter() - started, len(free),
    )  # fmt: skip
    return Fit(
        folder, fitted_scenario(base, best, str(folder)), table, plausible,
        identification(table, plausible, free, targets), check, facts, history,
        leave_one_out(history.points, targets) if history is not None else None,
    )  # fmt: skip

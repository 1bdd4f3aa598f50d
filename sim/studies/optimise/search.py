"""Policy search under a budget: which levers give the most of the objectives (``cadre-sim optimise``).

``cadre-sim optimise anji --levers experiments/levers_anji.toml --budget mentor_hours<=300000
--objective backbones_mentored`` searches the levers of a file (``sim.studies.optimise.levers``) for the
objectives (``sim.studies.optimise.goals``) within the budgets, then confirms and recommends
(``sim.studies.optimise.front``); the command writes the folder (``sim.studies.optimise.report``). The decisions:

- **Noise.** A trial is the mean of ``replicates`` runs (default 4) on the same seeds in every
  trial (common random numbers, ``derive_seed(seed, i)``), so two trials differ by their levers,
  not by luck; the runs of a trial are spread over the sweep backends (local processes, Dask).
- **Sampler.** Optuna's TPE (default): with one objective the classic one, with several its
  multi-objective form; both sample-efficient at the tens to hundreds of trials a simulation of
  seconds affords. ``nsga2`` (NSGA-II, generations of ``NSGA2_POPULATION``) suits searches of
  many hundreds of trials. Budgets go to the sampler as constraints (``Trial.set_constraint``: a
  trial's excess over each budget), so it learns where the feasible region is. The sampler of
  the k-th trial is seeded from ``(seed, k)``, k counting concluded trials (finished, or refused
  by the scenario, or with no value): a search stopped and resumed asks exactly what an
  uninterrupted one asks, and a trial is numbered by its k (a trial a kill left unfinished is
  marked failed, is no proposal, and its k is asked again), so the files carry the same numbers.
- **Budgets.** A trial is feasible when every budget holds for its replicate mean: the mean is
  what the county spends on average, and a stricter bound would penalise a policy for run-to-run
  spread it does not cause. The recommendation is stricter: it must hold again on the fresh seeds
  of the confirmation (and the report says whether the 95% upper bound holds too, "safely").
- **Front and recommendation.** The front is the feasible trials no other feasible trial beats on
  every objective and every budgeted outcome (less spent is better for ``<=``, more for ``>=``):
  what each extra unit of budget buys. The ``confirm_points`` front points best on the first
  objective are run again, ``confirm_replicates`` times on fresh seeds (``derive_seed(seed + 1,
  i)``, common to all points): the search's best means are biased up by selection (the winner's
  curse), fresh seeds are not. The recommended point is the one with the most (or least) of the
  first objective on the confirmation among those within every budget, with the 95% interval of
  its mean, and whether it can be told from the runner-up (paired 95% interval of the gap).
- **Calibrated ensemble.** With ``ensemble`` (a fit folder), the confirmed points also run on each
  plausible parameter set (``replicates`` runs each, the confirmation's first seeds; the levers
  stay the policy: a set never changes a lever). A point holds in a set when it meets every budget
  there and no other point feasible there is better by more than ``NEAR`` (5%) on every objective;
  only a point that holds in more than ``MOST`` of the sets is recommended.
- **Resuming.** The study lives in ``FOLDER/study.db`` (SQLite); the confirmation and ensemble runs
  in ``FOLDER/confirm/`` as they finish. The same command again (with the same ``--out``) goes on,
  repeating no finished trial or run; a larger ``--trials`` continues the study; a finished one
  only rewrites the report. A folder whose settings (scenario, levers, objectives, budgets,
  replicates, seed, sampler: ``search.json``) differ refuses to resume and names what differs.
- **Limits.** A search that would start more than ``MAX_RUNS`` runs (trials x replicates, the
  confirmation, and the points x sets x replicates of an ensemble) is refused before any run; one
  whose objectives have no value in ``MAX_NO_VALUE_IN_A_ROW`` trials in a row stops with a line
  naming the objective (the folder stays resumable).
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.files import atomic_write_bytes
from sim.params.errors import ScenarioError
from sim.params.schema import Scenario
from sim.runs.batch import run_batch
from sim.runs.designs import derive_seed
from sim.runs.execution import RunFn, default_workers, simulate_summary
from sim.runs.store import FolderLock, SweepError
from sim.studies.optimise import front as fr
from sim.studies.optimise.confirm import confirmation_runs
from sim.studies.optimise.goals import Budget, Objective
from sim.studies.optimise.levers import Levers, check_lever_names, suggest_levers
from sim.words import Book

if TYPE_CHECKING:
    import pandas as pd

    from sim.studies.compare.ensemble import Ensemble

__all__ = [
    "MAX_RUNS", "SAMPLERS", "OptimiseError", "Search", "SearchResult", "check_size", "optimise", "proposals",
    "run_search", "trials_table",
]  # fmt: skip

SAMPLERS = ("tpe", "nsga2")
NSGA2_POPULATION = 20  # trials a generation of NSGA-II
MAX_INVALID_IN_A_ROW = 50  # lever choices the scenario refuses, in a row, before the search gives up
MAX_NO_VALUE_IN_A_ROW = 20  # trials in a row whose objectives have no value before the search gives up
MAX_RUNS = 2_000_000  # runs a search may start (the sweep's limit)
NO_VALUE = 1e300  # the excess of a budget whose outcome has no value (optuna stores finite numbers)
O = Book("optimise")  # noqa: E741  (one letter, as the report's)
LANG = "en"  # the command's error lines, in English for now


class OptimiseError(ValueError):
    """A search that cannot start or go on (one line, naming the folder, option or run)."""


@dataclass(frozen=True)
class Search:
    """What is searched: the scenario, its levers, the objectives and budgets, the replicates and seed."""

    base: Scenario
    levers: Levers
    objectives: tuple[Objective, ...]
    budgets: tuple[Budget, ...] = ()
    replicates: int = 4
    seed: int = 2004
    sampler: str = "tpe"

    def __post_init__(self) -> None:
        """Refuse a lever named like a column of the search's tables (before any run).

        Raises:
            LeverError: a lever named ``trial``, ``feasible``, ``point``, ``front_point`` or like an outcome searched.
        """
        check_lever_names(self.levers, self.outcomes, LANG)

    @property
    def outcomes(self) -> list[str]:
        """The outcomes the search reads: the objectives', then the budgets' (each once)."""
        names = [o.outcome for o in self.objectives] + [b.outcome for b in self.budgets]
        return list(dict.fromkeys(names))

    def seeds(self, stage: int = 0, n: int | None = None) -> list[int]:
        """Common seeds: stage 0 the search's ``replicates``, stage 1 the confirmation's fresh ones."""
        return [derive_seed(self.seed + stage, i) for i in range(self.replicates if n is None else n)]

    def identity(self) -> dict[str, Any]:
        """The settings a resumed search must share with the folder's."""
        values = json.dumps(self.base.model_dump(), sort_keys=True, default=str).encode()
        identity = {
            "scenario": self.base.name,
            "scenario_values": hashlib.sha256(values).hexdigest()[:16],
            "levers": self.levers.describe(),
            "objectives": [o.text for o in self.objectives],
            "budgets": [b.text for b in self.budgets],
            "replicates": self.replicates,
            "seed": self.seed,
            "sampler": self.sampler,
        }
        return json.loads(json.dumps(identity))  # as search.json holds it (tuples become lists)

    def choice(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """A trial's lever values (from its Optuna params) as scenario overrides."""
        return self.levers.overrides({name: params[name] for name in self.levers.names})


def _sampler(search: Search, index: int) -> Any:
    import optuna

    seed = derive_seed(search.seed, 100_000 + index) % 2**32  # numpy RandomState seeds are 32-bit
    if search.sampler == "nsga2":
        return optuna.samplers.NSGAIISampler(population_size=NSGA2_POPULATION, seed=seed)
    return optuna.samplers.TPESampler(seed=seed, n_startup_trials=max(10, 2 * len(search.levers.factors)))


def prepare(search: Search, folder: Path) -> None:
    """Create the folder, or check that it holds this same search (``search.json``).

    Raises:
        OptimiseError: a file where the folder should be, a folder with other content, other settings.
    """
    settings = folder / "search.json"
    identity = search.identity()
    if folder.exists() and not folder.is_dir():
        raise OptimiseError(f"{folder} is a file, not a folder")
    if settings.is_file():
        old = json.loads(settings.read_text(encoding="utf-8"))
        differ = [k for k in identity if old.get(k) != identity[k]]
        if differ:
            shown = "; ".join(
                f"{k}: {old.get(k)!r} there, {identity[k]!r} now" if k not in ("levers", "scenario_values") else
                f"{k} differ" for k in differ
            )  # fmt: skip
            raise OptimiseError(
                f"{folder}: holds a search with other settings ({shown}); give the same settings to resume it, "
                "or another --out for this one"
            )
        return
    if folder.is_dir() and any(p for p in folder.iterdir() if not p.name.startswith(".")):
        raise OptimiseError(f"{folder}: not empty and not a search folder (no search.json); results are never mixed: choose another --out")  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(settings, (json.dumps(identity, indent=1, ensure_ascii=False) + "\n").encode())


def _mean(runs: list[Mapping[str, Any]], outcome: str) -> float:
    values = [float(r[outcome]) for r in runs]
    return math.fsum(values) / len(values) if values and all(math.isfinite(v) for v in values) else math.nan


def check_size(search: Search, trials: int, confirm_points: int, confirm_replicates: int, sets: int = 0) -> int:
    """The runs a search may start (trials x replicates, the confirmation, the sets'); refuse more than ``MAX_RUNS``.

    Raises:
        OptimiseError: one line naming the count and the limit.
    """
    runs = trials * search.replicates + confirm_points * (confirm_replicates + sets * search.replicates)
    if runs > MAX_RUNS:
        raise OptimiseError(
            O("too_many_runs", LANG, trials=trials, r=search.replicates, points=confirm_points, confirm=confirm_replicates,
              sets=sets, runs=f"{runs:,}", most=f"{MAX_RUNS:,}")
        )  # fmt: skip
    return runs


def _state(t: Any) -> str:
    """A trial's place in the search: ``ok`` (finished), ``refused`` (no valid scenario), ``no_value`` or ``left``."""
    if t.state.name == "COMPLETE":
        return "ok"
    if "invalid" not in t.user_attrs:
        return "left"  # left unfinished by a kill (or still running): no proposal, its k is asked again
    return "no_value" if "means" in t.user_attrs else "refused"


def proposals(study: Any) -> list[Any]:
    """The concluded trials in the order asked: the k-th is proposal k (its number in every file)."""
    return [t for t in sorted(study.get_trials(deepcopy=False), key=lambda t: t.number) if _state(t) != "left"]


def _in_a_row(concluded: list[Any], state: str) -> list[Any]:
    """The last trials in a row in ``state``."""
    tail: list[Any] = []
    for t in reversed(concluded):
        if _state(t) != state:
            break
        tail.append(t)
    return tail


def _never_valued(search: Search, tail: list[Any]) -> OptimiseError:
    """The line of a search whose objectives had no value in the last trials."""
    missing = [o.outcome for o in search.objectives if all(t.user_attrs["means"].get(o.outcome) is None for t in tail)]
    missing = missing or [o.outcome for o in search.objectives]
    return OptimiseError(
        O("never_valued", LANG, objective=", ".join(missing), n=len(tail), years=search.base.run.years)
    )


def run_search(
    search: Search, folder: Path, *, trials: int, run_fn: RunFn = simulate_summary, workers: int = 1,
    scheduler: Any = None, on_trial: Callable[[int], None] | None = None,
) -> Any:  # fmt: skip
    """Run (or resume) the study in ``folder/study.db`` until it has ``trials`` finished trials.

    Raises:
        OptimiseError: the levers' choices keep making scenarios the schema refuses, the objectives keep
            having no value.
        ExecutionError: a run failed.
    """
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(
        study_name="optimise",
        storage=f"sqlite:///{folder / 'study.db'}",
        directions=["maximize" if o.direction > 0 else "minimize" for o in search.objectives],
        load_if_exists=True,
    )
    for left in study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.RUNNING,)):
        study.tell(left.number, state=optuna.trial.TrialState.FAIL)  # left by an interrupted search: asked again
    concluded = proposals(study)
    seeds = search.seeds()
    refused_in_a_row, no_value = len(_in_a_row(concluded, "refused")), _in_a_row(concluded, "no_value")
    finished = sum(_state(t) == "ok" for t in concluded)
    while True:
        if on_trial is not None:
            on_trial(finished)
        if finished >= trials:
            return study
        if len(no_value) >= MAX_NO_VALUE_IN_A_ROW:
            raise _never_valued(search, no_value)
        study.sampler = _sampler(search, len(concluded))  # proposal k = len(concluded)
        trial = study.ask()
        overrides = search.levers.overrides(suggest_levers(trial, search.levers))
        try:
            search.base.with_overrides(overrides, source=search.levers.source)
        except ScenarioError as e:  # levers that do not go together (a form and a ratio it refuses)
            refused_in_a_row += 1
            trial.set_user_attr("invalid", str(e))
            study.tell(trial, state=optuna.trial.TrialState.FAIL)
            concluded.append(study.get_trials(deepcopy=False)[-1])
            if refused_in_a_row >= MAX_INVALID_IN_A_ROW:
                raise OptimiseError(
                    f"{search.levers.source}: {refused_in_a_row} lever choices in a row make no valid scenario, "
                    f"e.g. {e}; put levers that must go together in one list of level tables"
                ) from None
            continue
        refused_in_a_row = 0
        runs = run_batch([(overrides, s) for s in seeds], run_fn=run_fn, base=search.base, workers=workers,
                         scheduler=scheduler)  # fmt: skip
        means = {o: _mean(runs, o) for o in search.outcomes}
        trial.set_user_attr("means", {o: v if math.isfinite(v) else None for o, v in means.items()})
        excess = [min(b.excess(means[b.outcome]), NO_VALUE) for b in search.budgets]
        for b, over in zip(search.budgets, excess, strict=True):
            trial.set_constraint(b.text, over)  # the samplers learn where the budgets hold (<= 0: within)
        values = [means[o.outcome] for o in search.objectives]
        if not all(math.isfinite(v) for v in values):
            trial.set_user_attr("invalid", "an objective has no value for these levers (n/a in every replicate)")
            study.tell(trial, state=optuna.trial.TrialState.FAIL)
            no_value.insert(0, study.get_trials(deepcopy=False)[-1])
        else:
            study.tell(trial, values)
            finished, no_value = finished + 1, []
        concluded.append(study.get_trials(deepcopy=False)[-1])


def trials_table(study: Any, search: Search) -> pd.DataFrame:
    """One row per finished trial, numbered by its proposal: its levers, the outcomes' replicate means, feasible or not."""
    import pandas as pd

    rows = []
    for k, t in enumerate(proposals(study)):
        if _state(t) != "ok":
            continue
        row = {"trial": k, **{n: t.params[n] for n in search.levers.names}}
        row.update({o: t.user_attrs["means"].get(o) for o in search.outcomes})
        row["feasible"] = all(e <= 0 for e in t.constraints.values())
        rows.append(row)
    columns = ["trial", *search.levers.names, *search.outcomes, "feasible"]
    return pd.DataFrame(rows, columns=columns).astype({o: float for o in search.outcomes})


@dataclass(frozen=True)
class SearchResult:
    """A finished search: trials, front, confirmation, robustness, the recommendation, and how it ran."""

    search: Search
    folder: Path
    trials: pd.DataFrame
    front: pd.DataFrame
    confirmed: pd.DataFrame  # one row per confirmed point: means and 95% intervals on fresh seeds
    recommendation: fr.Recommendation | None
    refused: int  # lever choices the scenario refused
    confirm_replicates: int
    ensemble: Path | None = None
    sets: int = 0
    robust: pd.DataFrame | None = None
    seconds: float = 0.0  # this call
    workers: int = 1
    scheduler: str | None = None
    trials_asked: int = 0


def optimise(
    search: Search,
    folder: Path,
    *,
    trials: int,
    confirm_points: int = 6,
    confirm_replicates: int = 10,
    ensemble: Ensemble | None = None,
    run_fn: RunFn = simulate_summary,
    workers: int | None = None,
    scheduler: Any = None,
    on_trial: Callable[[int], None] | None = None,
    on_run: Callable[[int, int], None] | None = None,
) -> SearchResult:
    """Search (or resume), confirm the front's best points, test them across ``ensemble`` (``report`` writes it).

    ``on_trial(finished)``: after each trial; ``on_run(done, total)``: confirmation and ensemble runs.

    Raises:
        OptimiseError: more runs than ``MAX_RUNS``, a folder holding another search or other content, levers
            that never make a valid scenario, objectives that never have a value.
        ExecutionError: a run failed, a worker died, a cluster cannot be reached (finished work is kept).
    """
    check_size(search, trials, confirm_points, confirm_replicates, 0 if ensemble is None else len(ensemble.members))
    workers = workers or default_workers()
    started = time.perf_counter()
    prepare(search, folder)
    try:
        with FolderLock(folder):
            study = run_search(search, folder, trials=trials, run_fn=run_fn, workers=workers, scheduler=scheduler,
                               on_trial=on_trial)  # fmt: skip
            table = trials_table(study, search)
            front = fr.pareto_front(table, search)
            points = fr.candidates(front, search, confirm_points)
            choices = {k: t.params for k, t in enumerate(proposals(study)) if k in set(points)}
            runs = confirmation_runs(
                search, folder, points, choices, ensemble, confirm_replicates, run_fn=run_fn, workers=workers,
                scheduler=scheduler, on_run=on_run,
            )  # fmt: skip
    except SweepError as e:  # the folder lock: another process writes here
        raise OptimiseError(str(e).replace("another sweep", "another search")) from None
    confirmed = fr.confirmed_table(runs, search, points)
    robust = fr.robustness(runs, search, points) if ensemble is not None else None
    refused = sum(1 for t in study.get_trials(deepcopy=False) if "invalid" in t.user_attrs)
    return SearchResult(
        search, folder, table, front, confirmed, fr.recommend(confirmed, runs, search, robust, ensemble), refused,
        confirm_replicates, None if ensemble is None else ensemble.folder,
        0 if ensemble is None else len(ensemble.members), robust, seconds=time.perf_counter() - started,
        workers=workers, scheduler=scheduler, trials_asked=trials,
    )  # fmt: skip

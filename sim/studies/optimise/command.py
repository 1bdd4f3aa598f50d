"""Policy search: `cadre-sim optimise` (the best levers under a budget); registered in ``sim.cli.app``."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from sim.cli.language import HELP_LANG
from sim.cli.options import EnsembleMembers, Lang, NoPlots, Quiet, Scheduler, Workers, out_option, replicates_option
from sim.terminal import check_lang, err, fail, out, say, spoken
from sim.words import Book

if TYPE_CHECKING:
    from sim.studies.compare.ensemble import Ensemble
    from sim.studies.optimise.search import Search

__all__ = ["optimise"]

W = Book("cli_optimise")


def optimise(
    scenario: Annotated[Path, typer.Argument(help=W("scenario_help", HELP_LANG))],
    levers: Annotated[Path, typer.Option("--levers", help=W("levers_help", HELP_LANG))],
    objective: Annotated[list[str], typer.Option("--objective", help=W("objective_help", HELP_LANG))],
    budget: Annotated[list[str] | None, typer.Option("--budget", help=W("budget_help", HELP_LANG))] = None,
    trials: Annotated[int, typer.Option(min=1, max=100_000, help=W("trials_help", HELP_LANG))] = 40,
    replicates: Annotated[int, replicates_option(W("replicates_help", HELP_LANG), most=1000)] = 4,
    confirm_points: Annotated[
        int, typer.Option("--confirm-points", min=1, max=100, help=W("confirm_points_help", HELP_LANG))
    ] = 5,
    confirm_replicates: Annotated[
        int, typer.Option("--confirm-replicates", min=2, max=10_000, help=W("confirm_replicates_help", HELP_LANG))
    ] = 10,
    sampler: Annotated[str, typer.Option("--sampler", help=W("sampler_help", HELP_LANG))] = "tpe",
    seed: Annotated[int, typer.Option(min=0, max=2**63 - 1, help=W("seed_help", HELP_LANG))] = 2004,
    ensemble_dir: Annotated[Path | None, typer.Option("--ensemble", help=W("ensemble_help", HELP_LANG))] = None,
    members: EnsembleMembers = None,
    set_: Annotated[list[str] | None, typer.Option("--set", help=W("set_help", HELP_LANG))] = None,
    out_dir: Annotated[Path | None, out_option(W("out_help", HELP_LANG))] = None,
    workers: Workers = None,
    scheduler: Scheduler = None,
    no_plots: NoPlots = False,
    quiet: Quiet = False,
    lang: Lang = "zh",
) -> None:
    """Search the levers for the best objectives within the budgets; confirm, recommend, write a folder.

    Each trial is the mean of -r runs on common seeds (Optuna TPE, or NSGA-II); the front's best points
    are re-run on fresh seeds; with --ensemble they must hold across a fit's plausible sets. Resumable.
    """
    from rich.progress import Progress

    from sim.guards import preflight
    from sim.runs.execution import ExecutionError
    from sim.runs.progress import SigtermToInterrupt
    from sim.studies.optimise.report import summary_line, write_optimise
    from sim.studies.optimise.search import OptimiseError, check_size
    from sim.studies.optimise.search import optimise as search_levers

    check_lang(lang)
    search, ensemble = _read_search(scenario, set_, levers, objective, budget or [], replicates, seed, sampler,
                                    ensemble_dir, members)  # fmt: skip
    base = search.base
    try:
        check_size(search, trials, confirm_points, confirm_replicates, len(ensemble.members) if ensemble else 0)
    except OptimiseError as e:
        fail(e)
    folder = out_dir or Path("results") / f"optimise-{base.name}-{time.strftime('%Y%m%d-%H%M%S')}"
    preflight(workers=workers, scheduler=scheduler, memory=[base], destination=folder, results=[base], runs=0)
    say(err, escape(W("starting", lang, name=base.name, trials=trials, replicates=replicates, sampler=sampler,
                      folder=folder)))  # fmt: skip
    try:
        with SigtermToInterrupt(), Progress(*Progress.get_default_columns(), console=err, disable=quiet) as bar:
            searching = bar.add_task(W("bar_trials", lang), total=trials)
            confirming = bar.add_task(W("bar_confirm", lang), total=None)
            result = search_levers(
                search, folder, trials=trials, confirm_points=confirm_points, confirm_replicates=confirm_replicates,
                ensemble=ensemble, workers=workers, scheduler=scheduler,
                on_trial=lambda done: bar.update(searching, completed=done),
                on_run=lambda done, total: bar.update(confirming, completed=done, total=total),
            )  # fmt: skip
        report = write_optimise(result, lang=lang, plots=not no_plots)
    except OptimiseError as e:
        fail(e)
    except KeyboardInterrupt:
        say(err, W("interrupted", lang, folder=escape(str(folder))))
        raise typer.Exit(130) from None
    except (ExecutionError, OSError) as e:
        fail(W("stopped", lang, error=e, folder=folder))
    say(out, escape(summary_line(result, lang)))
    say(err, escape(W("report", lang, report=report.with_suffix(".docx"), seconds=f"{result.seconds:.0f}")))


def _read_search(
    scenario: Path, set_: list[str] | None, levers: Path, objective: list[str], budget: list[str], replicates: int,
    seed: int, sampler: str, ensemble_dir: Path | None, members: int | None,
) -> tuple[Search, Ensemble | None]:  # fmt: skip
    """What is searched (the scenario with --set, levers, objectives, budgets) and the fit's sets, or one line and exit."""
    from sim.params.errors import ScenarioError
    from sim.params.scenario import load_scenario, parse_assignments
    from sim.studies.compare.ensemble import EnsembleError, load_ensemble
    from sim.studies.optimise.goals import GoalError, parse_budget, parse_objective
    from sim.studies.optimise.levers import LeverError, load_levers
    from sim.studies.optimise.search import SAMPLERS, Search

    if sampler not in SAMPLERS:
        fail(W("unknown_sampler", spoken(), sampler=sampler, allowed=", ".join(SAMPLERS)))
    try:
        base = load_scenario(scenario)
        if sets := parse_assignments(set_):
            base = base.with_overrides(sets, source="--set")
        search = Search(
            base, load_levers(levers, base), tuple(parse_objective(o) for o in objective),
            tuple(parse_budget(b) for b in budget), replicates, seed, sampler,
        )  # fmt: skip
        if ensemble_dir is not None:
            return search, load_ensemble(ensemble_dir, members)
        if members is not None:
            raise EnsembleError(W("sets_need_ensemble", spoken()))
        return search, None
    except (ScenarioError, LeverError, GoalError, EnsembleError) as e:
        fail(e)

"""Policy search: `cadre-sim optimise` (the best levers under a budget)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from sim.cli.app import app
from sim.terminal import check_lang, err, fail, out, say

__all__ = ["app"]


@app.command()
def optimise(
    scenario: Annotated[Path, typer.Argument(help="scenario file (or a bundled name) whose levers are searched")],
    levers: Annotated[
        Path, typer.Option("--levers", help="levers file: ranges and choices (e.g. experiments/levers_anji.toml)")
    ],
    objective: Annotated[
        list[str],
        typer.Option(
            "--objective",
            help="OUTCOME (its own direction) or OUTCOME:max / OUTCOME:min; repeat for several (the first decides)",
        ),
    ],
    budget: Annotated[
        list[str] | None,
        typer.Option(
            "--budget", help="OUTCOME<=VALUE or OUTCOME>=VALUE in the outcome's unit, e.g. mentor_hours<=300000"
        ),
    ] = None,
    trials: Annotated[
        int, typer.Option(min=1, max=100_000, help="finished trials wanted in all (a rerun goes on)")
    ] = 40,
    replicates: Annotated[
        int, typer.Option("--replicates", "-r", min=1, max=1000, help="runs per trial, on common seeds")
    ] = 4,
    confirm_points: Annotated[
        int, typer.Option("--confirm-points", min=1, max=100, help="front points re-run on fresh seeds")
    ] = 5,
    confirm_replicates: Annotated[
        int, typer.Option("--confirm-replicates", min=2, max=10_000, help="fresh runs per confirmed point")
    ] = 10,
    sampler: Annotated[
        str, typer.Option("--sampler", help="tpe (default; tens to hundreds of trials) or nsga2")
    ] = "tpe",
    seed: Annotated[int, typer.Option(min=0, max=2**63 - 1, help="seed of the sampler and the replicate seeds")] = 2004,
    ensemble_dir: Annotated[
        Path | None,
        typer.Option("--ensemble", help="a fit folder: recommend only a policy that holds across its plausible sets"),
    ] = None,
    members: Annotated[
        int | None,
        typer.Option("--sets", min=1, max=10_000, help="with --ensemble: at most this many sets, best first"),
    ] = None,
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="KEY=VALUE applied to the scenario first, e.g. --set run.years=10")
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="search folder (default: results/optimise-NAME-TIME); pass it again to resume"
        ),
    ] = None,
    workers: Annotated[int | None, typer.Option("--workers", "-w", min=1, help="local worker processes")] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler address tcp://HOST:PORT")] = None,
    no_plots: Annotated[bool, typer.Option("--no-plots", help="skip the plot")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
    lang: Annotated[str, typer.Option("--lang", help="language of the report and plot: zh (中文) or en")] = "zh",
) -> None:
    """Search the levers for the best objectives within the budgets; confirm, recommend, write a folder.

    Each trial is the mean of -r runs on common seeds (Optuna TPE, or NSGA-II); the front's best points
    are re-run on fresh seeds; with --ensemble they must hold across a fit's plausible sets. Resumable.
    """
    from rich.progress import Progress

    from sim.explore.execution import ExecutionError, default_workers
    from sim.explore.goals import GoalError, parse_budget, parse_objective
    from sim.explore.levers import LeverError, load_levers
    from sim.explore.optimise import SAMPLERS, OptimiseError, Search, optimise
    from sim.explore.progress import SigtermToInterrupt
    from sim.guards import memory_problem, results_problem, scheduler_problem, workers_problem
    from sim.output.optimise_report import summary_line
    from sim.params.errors import ScenarioError
    from sim.params.scenario import load_scenario, parse_assignments
    from sim.studies.compare.ensemble import EnsembleError, load_ensemble

    check_lang(lang)
    if sampler not in SAMPLERS:
        fail(f"--sampler {sampler!r}: unknown sampler (allowed: {', '.join(SAMPLERS)})")
    try:
        base = load_scenario(scenario)
        if sets := parse_assignments(set_):
            base = base.with_overrides(sets, source="--set")
        search = Search(
            base, load_levers(levers, base), tuple(parse_objective(o) for o in objective),
            tuple(parse_budget(b) for b in budget or []), replicates, seed, sampler,
        )  # fmt: skip
        if ensemble_dir is not None:
            ensemble = load_ensemble(ensemble_dir, members)
        elif members is not None:
            raise EnsembleError("--sets needs --ensemble FIT_FOLDER")
        else:
            ensemble = None
    except (ScenarioError, LeverError, GoalError, EnsembleError) as e:
        fail(str(e))
    folder = out_dir or Path("results") / f"optimise-{base.name}-{time.strftime('%Y%m%d-%H%M%S')}"
    at_once = 1 if scheduler else (workers or default_workers())
    problem = (
        workers_problem(workers, default_workers())
        or scheduler_problem(scheduler)
        or memory_problem([base], at_once)
        or results_problem(folder.parent, folder.name, [base], runs=0)
    )
    if problem:
        fail(problem)
    say(err, escape(f"optimise {base.name}: {trials} trials x {replicates} runs (common seeds), {sampler} -> {folder}"))
    try:
        with SigtermToInterrupt(), Progress(*Progress.get_default_columns(), console=err, disable=quiet) as bar:
            searching = bar.add_task("trials", total=trials)
            confirming = bar.add_task("confirmation runs", total=None)
            result = optimise(
                search, folder, trials=trials, confirm_points=confirm_points, confirm_replicates=confirm_replicates,
                ensemble=ensemble, workers=workers, scheduler=scheduler, lang=lang, plots=not no_plots,
                on_trial=lambda done: bar.update(searching, completed=done),
                on_run=lambda done, total: bar.update(confirming, completed=done, total=total),
            )  # fmt: skip
    except OptimiseError as e:
        fail(str(e))
    except KeyboardInterrupt:
        say(err, f"[yellow]interrupted[/yellow]: finished trials are kept in {escape(str(folder))}; "
                 f"run the same command with --out {escape(str(folder))} to resume.")  # fmt: skip
        raise typer.Exit(130) from None
    except (ExecutionError, OSError) as e:
        fail(
            f"the search stopped: {e} (finished trials and runs are kept; run the same command with --out {folder} to resume)"
        )
    say(out, escape(summary_line(result, lang)))
    say(err, escape(f"report: {folder / 'report.md'} ({result.seconds:.0f} s)"))

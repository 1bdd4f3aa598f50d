"""Fitting to the reports: `cadre-sim calibrate` (the point fit, then the plausible sets); registered in ``sim.cli.app``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from sim.terminal import err, fail, out, say
from sim.words import Book

__all__ = ["calibrate"]

W = Book("cli_calibrate")
EN = "en"  # --help and terminal lines in English for now


def calibrate(
    scenario: Annotated[Path, typer.Argument(help=W("scenario_help", EN))],
    targets: Annotated[Path, typer.Argument(help=W("targets_help", EN))],
    free: Annotated[Path, typer.Option("--free", help=W("free_help", EN))],
    trials: Annotated[int, typer.Option(min=1, max=100_000, help=W("trials_help", EN))] = 60,
    replicates: Annotated[int, typer.Option("--replicates", "-r", min=1, max=1000, help=W("replicates_help", EN))] = 4,
    seed: Annotated[int, typer.Option(min=0, help=W("seed_help", EN))] = 2004,
    workers: Annotated[int | None, typer.Option("--workers", "-w", min=1, help=W("workers_help", EN))] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help=W("scheduler_help", EN))] = None,
    waves: Annotated[int, typer.Option(min=0, max=10, help=W("waves_help", EN))] = 2,
    points: Annotated[int, typer.Option(min=2, max=10_000, help=W("points_help", EN))] = 60,
    out_dir: Annotated[Path | None, typer.Option("--out", "-o", help=W("out_help", EN))] = None,
) -> None:
    """Fit free parameters to reported figures, then find the plausible sets; writes a fit folder.

    The point fit is an Optuna TPE study, the plausible sets come from history matching; both resume.
    """
    from rich.progress import Progress

    from sim.runs.execution import ExecutionError, default_workers
    from sim.guards import scheduler_problem, workers_problem
    from sim.params.errors import ScenarioError
    from sim.params.scenario import load_scenario
    from sim.studies.calibrate.fit import TargetError, fit, load_free, load_targets
    from sim.studies.calibrate.report import write_fit

    folder = out_dir or Path("results") / f"fit-{scenario.stem}"
    try:
        base, target_set = load_scenario(scenario), load_targets(targets)
        free_parameters = load_free(free, base)
    except (ScenarioError, TargetError) as e:
        fail(str(e))
    if problem := workers_problem(workers, default_workers()) or scheduler_problem(scheduler):
        fail(problem)
    try:
        with Progress(*Progress.get_default_columns(), console=err) as bar:
            fitting = bar.add_task(W("fitting", EN, name=base.name), total=trials)
            matching = bar.add_task(W("matching", EN), total=waves * points, visible=waves > 0)
            result = fit(base, target_set, free_parameters, folder, trials=trials, replicates=replicates,
                         seed=seed, workers=workers, scheduler=scheduler, waves=waves, points=points,
                         on_trial=lambda done, _: bar.update(fitting, completed=done),
                         on_point=lambda done, total: bar.update(matching, completed=done))  # fmt: skip
        report = write_fit(result)
    except TargetError as e:
        fail(str(e))
    except KeyboardInterrupt:
        say(err, W("interrupted", EN, folder=escape(str(folder))))
        raise typer.Exit(130) from None
    except (ExecutionError, OSError) as e:
        fail(W("stopped", EN, error=e))
    say(out, W("done", EN, met=result.met, n=len(target_set.targets), report=escape(str(report))))

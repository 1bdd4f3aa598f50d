"""Fitting to the reports: `cadre-sim calibrate` (the point fit, then the plausible sets)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import Progress

from sim.cli.app import app
from sim.terminal import err, fail, out, say


@app.command()
def calibrate(
    scenario: Annotated[Path, typer.Argument(help="scenario file (or a bundled name) to fit")],
    targets: Annotated[Path, typer.Argument(help="target file, e.g. calibration/targets/anji.toml")],
    free: Annotated[Path, typer.Option("--free", help="free parameters and their prior ranges (a TOML file)")],
    trials: Annotated[int, typer.Option(min=1, max=100_000, help="finished trials wanted in all")] = 60,
    replicates: Annotated[int, typer.Option("--replicates", "-r", min=1, max=1000, help="runs per trial")] = 4,
    seed: Annotated[int, typer.Option(min=0, help="seed of the sampler and the replicate seeds")] = 2004,
    workers: Annotated[int | None, typer.Option("--workers", "-w", min=1, help="worker processes")] = None,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Dask scheduler address tcp://HOST:PORT (needs cadre-sim\\[dask])")
    ] = None,
    waves: Annotated[
        int, typer.Option(min=0, max=10, help="history-matching waves for the plausible sets (0: none)")
    ] = 2,
    points: Annotated[int, typer.Option(min=2, max=10_000, help="parameter sets a history-matching wave")] = 60,
    out_dir: Annotated[Path | None, typer.Option("--out", "-o", help="fit folder (default: results/fit-NAME)")] = None,
) -> None:
    """Fit free parameters to reported figures, then find the plausible sets; writes a fit folder.

    The point fit is an Optuna TPE study, the plausible sets come from history matching; both resume.
    """
    from sim.explore.calibrate import TargetError, fit, load_free, load_targets
    from sim.explore.execution import ExecutionError, default_workers
    from sim.guards import scheduler_problem, workers_problem
    from sim.params.errors import ScenarioError
    from sim.params.scenario import load_scenario

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
            fitting = bar.add_task(f"fitting {base.name} (trials)", total=trials)
            matching = bar.add_task("history matching (sets)", total=waves * points, visible=waves > 0)
            report, met = fit(base, target_set, free_parameters, folder, trials=trials, replicates=replicates,
                              seed=seed, workers=workers, scheduler=scheduler, waves=waves, points=points,
                              on_trial=lambda done, _: bar.update(fitting, completed=done),
                              on_point=lambda done, total: bar.update(matching, completed=done))  # fmt: skip
    except TargetError as e:
        fail(str(e))
    except KeyboardInterrupt:
        say(
            err,
            f"[yellow]interrupted[/yellow]: what is done is kept in {escape(str(folder))}; run the same command to resume.",
        )
        raise typer.Exit(130) from None
    except (ExecutionError, OSError) as e:
        fail(f"the fit stopped: {e} (finished trials and points are kept; run the same command to resume)")
    say(out, f"{met} of {len(target_set.targets)} targets within 10% after the fit; report: {escape(str(report))}")

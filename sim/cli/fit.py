"""Fitting to the reports: `cadre-sim calibrate`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import Progress

from sim.cli.app import app
from sim.params.errors import ScenarioError
from sim.params.scenario import load_scenario
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
    out_dir: Annotated[Path | None, typer.Option("--out", "-o", help="fit folder (default: results/fit-NAME)")] = None,
) -> None:
    """Fit free parameters to reported figures (Optuna TPE, resumable); writes a fit folder with a report."""
    from sim.explore.calibrate import TargetError, fit, load_free, load_targets

    try:
        base, target_set = load_scenario(scenario), load_targets(targets)
        free_parameters = load_free(free, base)
        with Progress(*Progress.get_default_columns(), console=err) as bar:
            task = bar.add_task(f"fitting {base.name}", total=trials)
            report, met = fit(base, target_set, free_parameters, out_dir or Path("results") / f"fit-{base.name}",
                              trials=trials, replicates=replicates, seed=seed, workers=workers,
                              on_trial=lambda done, _: bar.update(task, completed=done))  # fmt: skip
    except (ScenarioError, TargetError) as e:
        fail(str(e))
    say(out, f"{met} of {len(target_set.targets)} targets within 10% after the fit; report: {escape(str(report))}")

"""Many runs: `cadre-sim compare` (policies on common random numbers) and `cadre-sim sweep`."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from sim.cli.app import app
from sim.cli.options import EnsembleMembers, Lang, NoPlots, Quiet, Scheduler, Seed, Sets, Workers, out_option
from sim.terminal import check_lang, err, fail, say


@app.command()
def compare(
    scenarios: Annotated[
        list[Path], typer.Argument(help="scenario files (or bundled names); the first is the reference")
    ],
    replicates: Annotated[
        int | None,
        typer.Option(
            "--replicates",
            "-r",
            min=2,
            max=10_000,
            help="replicates per variant (same seeds for all; default 30, or 5 per parameter set with --ensemble)",
        ),
    ] = None,
    seed: Seed = 20240501,
    out_dir: Annotated[Path | None, out_option("folder (default: results/compare-...)")] = None,
    workers: Workers = None,
    scheduler: Scheduler = None,
    set_: Sets = None,
    ensemble_dir: Annotated[
        Path | None,
        typer.Option(
            "--ensemble",
            help="a fit folder (e.g. calibration/fits/anji): run every variant on each of its plausible parameter sets",
        ),
    ] = None,
    members: EnsembleMembers = None,
    no_plots: NoPlots = False,
    quiet: Quiet = False,
    lang: Lang = "zh",
) -> None:
    """Compare policies: same replicate seeds for every variant; paired differences vs the first."""
    from sim.explore.compare import labels_for, run_compare
    from sim.explore.ensemble import EnsembleError, load_ensemble, run_ensemble_compare
    from sim.runs.execution import ExecutionError
    from sim.guards import preflight
    from sim.output.compare_report import write_compare
    from sim.params.errors import ScenarioError
    from sim.params.scenario import load_scenario, parse_assignments

    check_lang(lang)
    ensemble = None
    try:
        if ensemble_dir is not None:
            ensemble = load_ensemble(ensemble_dir, members)
        elif members is not None:
            raise EnsembleError("--sets needs --ensemble FIT_FOLDER")
        sets = parse_assignments(set_)
        loaded = []
        for p in scenarios:
            s = load_scenario(p)
            if sets:
                s = s.with_overrides(sets, source=f"--set ({p})")
            loaded.append(s)
    except (ScenarioError, ValueError) as e:  # EnsembleError is a ValueError
        fail(str(e))
    replicates = replicates or (5 if ensemble else 30)
    n_sets = 1 if ensemble is None else len(ensemble.members)
    labels = labels_for(loaded, scenarios)
    folder = out_dir or Path("results") / f"compare-{'-'.join(labels)[:120]}-{time.strftime('%Y%m%d-%H%M%S')}"
    preflight(
        workers=workers, scheduler=scheduler, memory=loaded, destination=folder, results=loaded,
        runs=replicates * n_sets, new_folder=True,
    )  # fmt: skip
    backend = f"Dask scheduler {scheduler}" if scheduler else f"{workers or 'all'} local worker(s)"
    per = f"{replicates} replicates each" + (f" on {n_sets} parameter sets of {ensemble_dir}" if ensemble else "")
    say(err, escape(f"compare {', '.join(labels)}: {per} (common random numbers) on {backend}"))
    execution: dict[str, Any] = {"workers": workers, "scheduler": scheduler, "progress": not quiet, "console": err}
    try:
        if ensemble is None:
            res, pooled = run_compare(loaded, labels, replicates=replicates, seed=seed, **execution), None
        else:
            pooled = run_ensemble_compare(loaded, labels, ensemble, replicates=replicates, seed=seed, **execution)
            res = pooled.pooled
    except KeyboardInterrupt:
        say(err, "[yellow]interrupted[/yellow]: nothing written.")
        raise typer.Exit(130) from None
    except ExecutionError as e:
        fail(str(e))
    except OSError as e:
        if scheduler is None:
            raise
        fail(f"cannot use the Dask scheduler {scheduler}: {e}")
    try:
        write_compare(res, folder, plots=not no_plots, ensemble=pooled, lang=lang)
    except OSError as e:
        fail(f"cannot write the comparison in {folder}: {e.strerror or e} (nothing was kept)")
    say(err, escape(f"comparison written to {folder} (report: {folder / 'report.md'})"))
    if res.failures:
        say(err, f"[red]{len(res.failures)} run(s) failed[/red]: see {escape(str(folder / 'failures.csv'))}")
        raise typer.Exit(1)

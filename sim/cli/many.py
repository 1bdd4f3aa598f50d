"""Many runs: `cadre-sim compare` (policies on common random numbers) and `cadre-sim sweep`."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from sim.cli.app import app
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
    seed: Annotated[int, typer.Option("--seed", min=0, max=2**63 - 1, help="root seed of the replicates")] = 20240501,
    out_dir: Annotated[Path | None, typer.Option("--out", "-o", help="folder (default: results/compare-...)")] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", "-w", min=1, help="local worker processes (default: all cores)")
    ] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler address tcp://HOST:PORT")] = None,
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="KEY=VALUE applied to every variant, e.g. --set run.years=10")
    ] = None,
    ensemble_dir: Annotated[
        Path | None,
        typer.Option(
            "--ensemble",
            help="a fit folder (e.g. calibration/fits/anji): run every variant on each of its plausible parameter sets",
        ),
    ] = None,
    members: Annotated[
        int | None,
        typer.Option("--sets", min=1, max=10_000, help="with --ensemble: at most this many sets, best first"),
    ] = None,
    no_plots: Annotated[bool, typer.Option("--no-plots", help="skip the plots")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
    lang: Annotated[str, typer.Option("--lang", help="language of the report and plots: zh (中文) or en")] = "zh",
) -> None:
    """Compare policies: same replicate seeds for every variant; paired differences vs the first."""
    from sim.studies.compare.analysis import labels_for, run_compare
    from sim.studies.compare.ensemble import EnsembleError, load_ensemble, run_ensemble_compare
    from sim.explore.execution import ExecutionError, default_workers
    from sim.guards import memory_problem, results_problem, scheduler_problem, workers_problem
    from sim.studies.compare.report import write_compare
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
    if folder.exists():
        fail(f"{folder} already exists; results are never overwritten (choose another --out)")
    at_once = 1 if scheduler else (workers or default_workers())
    problem = (
        workers_problem(workers, default_workers())
        or scheduler_problem(scheduler)
        or memory_problem(loaded, at_once)
        or results_problem(folder.parent, folder.name, loaded, runs=replicates * n_sets)
    )
    if problem:
        fail(problem)
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


@app.command()
def sweep(
    experiment: Annotated[Path, typer.Argument(help="experiment file (TOML), or the name of a bundled one")],
    out_dir: Annotated[
        Path | None, typer.Option("--out", "-o", help="sweep folder (default: results/sweep-NAME); rerun to resume")
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", "-w", min=1, help="local worker processes (default: all cores)")
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Dask scheduler address tcp://HOST:PORT (needs cadre-sim\\[dask])")
    ] = None,
    retry_failed: Annotated[bool, typer.Option("--retry-failed", help="run again the runs that failed before")] = False,
    replicates: Annotated[
        int | None,
        typer.Option(
            "--replicates", "-r", min=1, max=10_000, help="runs per design point (instead of the file's replicates)"
        ),
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set", help="KEY=VALUE applied to the base scenario, e.g. --set run.years=10 (not a varied one)"
        ),
    ] = None,
    no_plots: Annotated[bool, typer.Option("--no-plots", help="skip the plots")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
    lang: Annotated[str, typer.Option("--lang", help="language of the report and plots: zh (中文) or en")] = "zh",
) -> None:
    """Run an experiment: many runs over a design of parameters, resumable, in parallel.

    --replicates and --set are recorded in the sweep folder: resume with the same values.
    """
    from sim.explore.execution import ExecutionError, default_workers
    from sim.explore.experiment import ExperimentError
    from sim.explore.experiment_file import apply_command, load_experiment
    from sim.explore.store import SweepError
    from sim.explore.sweep import run_sweep
    from sim.guards import memory_problem, results_problem, scheduler_problem, workers_problem
    from sim.params.errors import ScenarioError
    from sim.params.scenario import parse_assignments

    check_lang(lang)
    try:
        exp = apply_command(load_experiment(experiment), replicates, parse_assignments(set_))
    except (ExperimentError, ScenarioError) as e:
        fail(str(e))
    folder = out_dir or Path("results") / f"sweep-{exp.name}"
    at_once = 1 if scheduler else (workers or default_workers())
    problem = (
        workers_problem(workers, default_workers())
        or scheduler_problem(scheduler)
        or memory_problem([exp.largest or exp.base], at_once)
        or results_problem(folder.parent, folder.name, [exp.base], runs=exp.n_runs)
    )
    if problem:
        fail(problem)
    backend = f"Dask scheduler {scheduler}" if scheduler else f"{workers or default_workers()} local worker(s)"
    say(
        err,
        f"sweep [bold]{escape(exp.name)}[/bold]: {exp.n_points} design points x {exp.replicates} "
        f"replicates = {exp.n_runs} runs ({exp.design} design) on {escape(backend)} -> {escape(str(folder))}",
    )
    try:
        report = run_sweep(
            exp,
            folder,
            workers=workers,
            scheduler=scheduler,
            retry_failed=retry_failed,
            progress=not quiet,
            plots=not no_plots,
            console=err,
            lang=lang,
        )
    except (SweepError, ExecutionError) as e:
        fail(str(e))
    except OSError as e:
        if scheduler is None:  # the folder itself: removed, full or not writable while the sweep ran
            fail(
                f"cannot write the sweep in {folder}: {e.strerror or e} ({e.filename or folder}); the runs saved "
                "before stay saved if the folder is still there: run the same command again to resume"
            )
        fail(
            f"cannot use the Dask scheduler {scheduler}: {e} "
            "(finished runs are saved; run the same command again to resume)"
        )
    where = escape(str(folder))
    if report.interrupted:
        say(
            err,
            f"[yellow]interrupted[/yellow]: {report.ok + report.failed} of {report.n_runs} runs are "
            f"saved in {where}; run the same command again to resume.",
        )
        raise typer.Exit(130)
    say(
        err,
        f"{report.ok} runs ok, {report.failed} failed, of {report.n_runs} "
        f"({report.ran_now} ran now, {report.seconds:.1f} s).",
    )
    say(err, escape(f"results: {folder / 'results.parquet'} (and .csv); report: {folder / 'report.md'}"))
    if report.failed:
        say(
            err,
            f"[red]{report.failed} run(s) failed[/red]: see {escape(str(folder / 'failures.csv'))} "
            "(rerun with --retry-failed after fixing the cause)",
        )
        raise typer.Exit(1)

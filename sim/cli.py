"""The `cadre-sim` command line: every command, in one place.

Commands import what they need when they run (the only lazy imports of the package), so that
`cadre-sim --help` and `cadre-sim list` do not load plotting, the sweep engine or the demo.
Bad input ends a command with one line on stderr and exit status 2 (``sim.terminal.fail``).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from sim.guards import memory_problem, results_problem, scheduler_problem, workers_problem
from sim.params.errors import ScenarioError
from sim.params.scenario import bundled, load_scenario, parse_assignments
from sim.terminal import check_lang, err, fail, out, say

app = typer.Typer(
    help="cadre-sim: simulate the mentor system for young cadres (导师帮带制). "
    "Start with `cadre-sim list` and `cadre-sim run scenarios/anji.toml`.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


# ------------------------------------------------------------------------------------- a run
@app.command()
def run(
    scenario: Annotated[Path, typer.Argument(help="scenario file (or a bundled name such as anji)")],
    seed: Annotated[int | None, typer.Option(help="random seed (default: the scenario's run.seed)")] = None,
    years: Annotated[int | None, typer.Option(help="years from the start month (default: the scenario's end)")] = None,
    out_dir: Annotated[Path, typer.Option("--out", help="where the new results folder goes")] = Path("results"),
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="override a parameter: KEY=VALUE (repeatable)")
    ] = None,
    snapshot_every: Annotated[
        int, typer.Option(min=0, help="also save the cadres in post every N months (0: never)")
    ] = 0,
    quiet: Annotated[bool, typer.Option(help="print only the results folder")] = False,
) -> None:
    """Simulate a scenario month by month and write a new results folder."""
    from sim.explore.progress import months_progress
    from sim.model.footprint import footprint
    from sim.model.model import CadreModel
    from sim.model.run import collect, run_to_end
    from sim.output.report import summary_lines
    from sim.output.results import run_dir_name, write_run

    try:
        overrides = parse_assignments(set_)
        if years is not None:  # a length from the start month, in place of the scenario's end date
            overrides.update({"run.years": years, "run.end_year": 0})
        if seed is not None:
            overrides["run.seed"] = seed
        sc = load_scenario(scenario).with_overrides(overrides, source=f"{scenario} (command-line overrides)")
    except ScenarioError as e:
        fail(str(e))
    if problem := memory_problem([sc]) or results_problem(out_dir, run_dir_name(sc.name, sc.run.seed), [sc]):
        fail(problem)
    if (cost := footprint(sc)).seconds > 30 and not quiet:
        say(err, escape(f"a long run: {cost.words()}"))
    started = time.perf_counter()
    model = CadreModel(params=sc)
    if quiet or not err.is_terminal:
        snapshots = run_to_end(model, snapshot_every)
    else:
        with months_progress(err) as bar:
            task = bar.add_task(f"simulating {sc.name}", total=model.months)
            snapshots = run_to_end(model, snapshot_every, on_month=lambda m: bar.update(task, completed=m))
    result = collect(model, seed=sc.run.seed, snapshots=snapshots)
    elapsed = time.perf_counter() - started
    try:
        folder = write_run(result, out_dir, wall_seconds=elapsed, command="cadre-sim " + " ".join(sys.argv[1:]))
    except OSError as e:
        fail(f"cannot write the results in {out_dir}: {e.strerror or e} (nothing was kept)")
    if quiet:
        typer.echo(str(folder))  # plain, never wrapped: scripts read it
        return
    say(
        out,
        f"[bold]{escape(sc.name)}[/]: {sc.run.start_year}-{sc.run.start_month:02d} on, {sc.run.months} months, seed {sc.run.seed}, "
        f"{sc.population.initial_cadres:,} cadres at start ({elapsed:.2f} s)",
    )
    for line in summary_lines(result.summary):
        out.print("  " + line, highlight=False)
    say(out, f"results: [bold]{escape(str(folder))}[/] (report: {escape(str(folder / 'report.md'))})")


@app.command()
def validate(files: Annotated[list[Path], typer.Argument(help="scenario files to check")]) -> None:
    """Check scenario files without running them."""
    bad = 0
    for f in files:
        try:
            sc = load_scenario(f)
        except ScenarioError as e:
            bad += 1
            say(err, f"[red]invalid[/] {escape(str(e))}")
            continue
        p = sc.pairing
        what = f"{p.form}, {p.matching}" if p.enabled else "no mentoring"
        say(
            out,
            f"[green]ok[/] {escape(f'{f}: {sc.name}, {sc.run.months} months, {sc.population.initial_cadres:,} cadres, {what}')}",
        )
    if bad:
        raise typer.Exit(2)


@app.command("list")
def list_scenarios() -> None:
    """Show the bundled scenarios, one line each."""
    for path, sc in bundled():
        say(out, f"[bold]{path.stem:<14}[/] {escape(sc.run.description)}")


@app.command()
def params() -> None:
    """List every scenario parameter with its default, range (or choices), unit and source."""
    from sim.params.schema import parameter_table

    table = Table(show_lines=False)
    table.add_column("parameter", no_wrap=True)
    for column in ("default", "range", "unit", "source"):
        table.add_column(column)
    for row in parameter_table():
        table.add_row(row["parameter"], str(row["default"]), row["range"] or row["choices"], row["unit"], row["source"])
    out.print(table)


# ------------------------------------------------------------------------ many runs
@app.command()
def compare(
    scenarios: Annotated[
        list[Path], typer.Argument(help="scenario files (or bundled names); the first is the reference")
    ],
    replicates: Annotated[
        int, typer.Option("--replicates", "-r", min=2, max=10_000, help="replicates per variant (same seeds for all)")
    ] = 30,
    seed: Annotated[int, typer.Option("--seed", min=0, max=2**63 - 1, help="root seed of the replicates")] = 20240501,
    out_dir: Annotated[Path | None, typer.Option("--out", "-o", help="folder (default: results/compare-...)")] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", "-w", min=1, help="local worker processes (default: all cores)")
    ] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler address tcp://HOST:PORT")] = None,
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="KEY=VALUE applied to every variant, e.g. --set run.years=10")
    ] = None,
    no_plots: Annotated[bool, typer.Option("--no-plots", help="skip the plots")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
) -> None:
    """Compare policies: same replicate seeds for every variant; paired differences vs the first."""
    from sim.explore.compare import labels_for, run_compare
    from sim.explore.execution import ExecutionError, default_workers
    from sim.output.compare_report import write_compare

    try:
        sets = parse_assignments(set_)
        loaded = []
        for p in scenarios:
            s = load_scenario(p)
            if sets:
                s = s.with_overrides(sets, source=f"--set ({p})")
            loaded.append(s)
    except (ScenarioError, ValueError) as e:
        fail(str(e))
    labels = labels_for(loaded, scenarios)
    folder = out_dir or Path("results") / f"compare-{'-'.join(labels)[:120]}-{time.strftime('%Y%m%d-%H%M%S')}"
    if folder.exists():
        fail(f"{folder} already exists; results are never overwritten (choose another --out)")
    at_once = 1 if scheduler else (workers or default_workers())
    problem = (
        workers_problem(workers, default_workers())
        or scheduler_problem(scheduler)
        or memory_problem(loaded, at_once)
        or results_problem(folder.parent, folder.name, loaded, runs=replicates)
    )
    if problem:
        fail(problem)
    backend = f"Dask scheduler {scheduler}" if scheduler else f"{workers or 'all'} local worker(s)"
    say(err, escape(f"compare {', '.join(labels)}: {replicates} replicates each (common random numbers) on {backend}"))
    try:
        res = run_compare(
            loaded,
            labels,
            replicates=replicates,
            seed=seed,
            workers=workers,
            scheduler=scheduler,
            progress=not quiet,
            console=err,
        )
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
        write_compare(res, folder, plots=not no_plots)
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
    no_plots: Annotated[bool, typer.Option("--no-plots", help="skip the plots")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
) -> None:
    """Run an experiment: many runs over a design of parameters, resumable, in parallel."""
    from sim.explore.execution import ExecutionError, default_workers
    from sim.explore.experiment import ExperimentError
    from sim.explore.experiment_file import load_experiment
    from sim.explore.store import SweepError
    from sim.explore.sweep import run_sweep

    try:
        exp = load_experiment(experiment)
    except ExperimentError as e:
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
        )
    except (SweepError, ExecutionError) as e:
        fail(str(e))
    except OSError as e:
        if scheduler is None:
            raise
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


# ---------------------------------------------------------------------- the workshop
@app.command()
def demo(
    scenario: Annotated[
        str | None, typer.Argument(help="Scenario file or bundled name (default: built-in demo settings, 500 cadres)")
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="Label language: zh (中文) or en; switchable in the page")] = "zh",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port on localhost (0 = any free port)")] = 8765,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (0.0.0.0 to show it to the room's network)")
    ] = "127.0.0.1",
    open_browser: Annotated[bool, typer.Option("--open/--no-open", help="Open the page in the default browser")] = True,
) -> None:
    """Start the browser demo (Mesa SolaraViz) offline and print its address."""
    from sim.demo.assets import OfflineAssetsError
    from sim.demo.server import serve, server_env

    check_lang(lang)
    if scenario:
        try:
            load_scenario(scenario)  # fail fast on a bad file
        except ScenarioError as e:
            fail(str(e))
    try:
        env = server_env(scenario, lang)
    except OfflineAssetsError as e:
        fail(str(e))
    code = serve(env, port, host, open_browser, on_ready=typer.echo)
    if code not in (0, None, -15):
        raise typer.Exit(code)


@app.command()
def lineage(
    results_dir: Annotated[Path, typer.Argument(help="A results folder written by `cadre-sim run`")],
    out_path: Annotated[
        Path | None, typer.Option("--out", help="Output path without extension (default RESULTS_DIR/lineage)")
    ] = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="Show every mentee, not only those who became mentors")
    ] = False,
    lang: Annotated[str, typer.Option("--lang", help="Label language: zh or en")] = "zh",
) -> None:
    """Draw who taught whom (founders on top, one layer per generation) as PNG and SVG."""
    from sim.output.lineage import draw_lineage

    check_lang(lang)
    try:
        paths = draw_lineage(results_dir, out_path, show_all=show_all, lang=lang)
    except (OSError, ValueError, KeyError) as e:  # missing or damaged files of the results folder
        fail(f"{results_dir}: cannot draw the lineage: {e}")
    for p in paths:
        typer.echo(str(p))


@app.command()
def animate(
    results_dir: Annotated[Path, typer.Argument(help="A results folder written by `cadre-sim run`")],
    out_path: Annotated[Path | None, typer.Option("--out", help="GIF path (default RESULTS_DIR/network.gif)")] = None,
    lang: Annotated[str, typer.Option("--lang", help="Label language: zh or en")] = "zh",
    seconds_per_year: Annotated[
        float, typer.Option("--seconds-per-year", min=0.05, max=60, help="Frame duration")
    ] = 0.8,
) -> None:
    """Write a GIF of the mentoring network at the end of each simulated year (for slides)."""
    from sim.output.animation import animate as write_gif

    check_lang(lang)
    try:
        path = write_gif(results_dir, out_path, lang=lang, seconds_per_year=seconds_per_year)
    except (OSError, ValueError, KeyError) as e:  # missing or damaged files of the results folder
        fail(f"{results_dir}: cannot draw the animation: {e}")
    typer.echo(str(path))


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


def main() -> None:  # pragma: no cover - console entry point
    """The console entry point."""
    app()

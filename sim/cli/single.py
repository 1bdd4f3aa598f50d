"""One run and the scenario files: `cadre-sim run`, `validate`, `list`, `params`."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from sim.cli.app import app
from sim.guards import memory_problem, results_problem
from sim.params.errors import ScenarioError
from sim.params.scenario import bundled, load_scenario, parse_assignments
from sim.terminal import err, fail, out, say


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

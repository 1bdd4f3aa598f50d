"""The `cadre-sim` command line."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from sim.scenario import ScenarioError, bundled, load_scenario, parse_assignments
from sim.terminal import fail

app = typer.Typer(
    help="cadre-sim: simulate the mentor system for young cadres (导师帮带制). "
    "Start with `cadre-sim list` and `cadre-sim run scenarios/anji.toml`.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)


@app.command()
def run(
    scenario: Annotated[Path, typer.Argument(help="scenario file (or a bundled name such as anji)")],
    seed: Annotated[Optional[int], typer.Option(help="random seed (default: the scenario's run.seed)")] = None,
    years: Annotated[Optional[int], typer.Option(help="years to simulate (default: the scenario's run.years)")] = None,
    out_dir: Annotated[Path, typer.Option("--out", help="folder that receives the new results folder")] = Path("results"),
    set_: Annotated[Optional[list[str]], typer.Option("--set", help="override a parameter: KEY=VALUE (repeatable)")] = None,
    snapshot_every: Annotated[int, typer.Option(min=0, help="also save the cadres in post every N months (0: never)")] = 0,
    quiet: Annotated[bool, typer.Option(help="print only the results folder")] = False,
) -> None:
    """Simulate a scenario month by month and write a new results folder."""
    from sim.model import CadreModel
    from sim.results import summary_lines, write_run
    from sim.run import collect, run_to_end

    try:
        overrides = parse_assignments(set_)
        if years is not None:
            overrides["run.years"] = years
        if seed is not None:
            overrides["run.seed"] = seed
        sc = load_scenario(scenario).with_overrides(overrides, source=f"{scenario} (command-line overrides)")
    except ScenarioError as e:
        fail(str(e))
    started = time.perf_counter()
    model = CadreModel(scenario=sc)
    if quiet or not err.is_terminal:
        snapshots = run_to_end(model, snapshot_every)
    else:
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("month {task.completed:.0f}/{task.total:.0f}"),
                      TimeRemainingColumn(), console=err, transient=True) as bar:
            task = bar.add_task(f"simulating {sc.name}", total=model.months)
            snapshots = run_to_end(model, snapshot_every, on_month=lambda m: bar.update(task, completed=m))
    result = collect(model, seed=sc.run.seed, snapshots=snapshots)
    elapsed = time.perf_counter() - started
    folder = write_run(result, out_dir, wall_seconds=elapsed, command="cadre-sim " + " ".join(sys.argv[1:]))
    if quiet:
        out.print(str(folder), highlight=False)
        return
    out.print(f"[bold]{sc.name}[/]: {sc.run.years} years from {sc.run.start_year}, seed {sc.run.seed}, "
              f"{sc.population.initial_cadres:,} cadres at start ({elapsed:.2f} s)", highlight=False)
    for line in summary_lines(result.summary):
        out.print("  " + line, highlight=False)
    out.print(f"results: [bold]{folder}[/] (report: {folder / 'report.md'})", highlight=False)


@app.command()
def validate(files: Annotated[list[Path], typer.Argument(help="scenario files to check")]) -> None:
    """Check scenario files without running them."""
    bad = 0
    for f in files:
        try:
            sc = load_scenario(f)
        except ScenarioError as e:
            bad += 1
            err.print(f"[red]invalid[/] {e}", highlight=False)
            continue
        p = sc.pairing
        what = f"{p.form}, {p.matching}" if p.enabled else "no mentoring"
        out.print(f"[green]ok[/] {f}: {sc.name}, {sc.run.years} years, {sc.population.initial_cadres:,} cadres, {what}",
                  highlight=False)
    if bad:
        raise typer.Exit(2)


@app.command("list")
def list_scenarios() -> None:
    """Show the bundled scenarios, one line each."""
    for path, sc in bundled():
        out.print(f"[bold]{path.stem:<14}[/] {sc.run.description}", highlight=False)


@app.command()
def params() -> None:
    """List every scenario parameter with its default, range, unit and source."""
    from sim.parameters import parameter_table

    table = Table(show_lines=False)
    table.add_column("parameter", no_wrap=True)
    for column in ("default", "range", "unit", "source"):
        table.add_column(column)
    for row in parameter_table():
        table.add_row(row["parameter"], str(row["default"]), row["range"], row["unit"], row["source"])
    out.print(table)


def _register_commands() -> None:
    """Commands that live with their own concept (each module keeps its top-level imports light)."""
    from sim.compare import compare_command
    from sim.demo.app import demo_command
    from sim.lineage import animate_command, lineage_command
    from sim.sweep import sweep_command

    app.command("compare")(compare_command)
    app.command("sweep")(sweep_command)
    app.command("demo")(demo_command)
    app.command("lineage")(lineage_command)
    app.command("animate")(animate_command)


_register_commands()


def main() -> None:  # pragma: no cover - console entry point
    app()

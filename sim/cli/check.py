"""The mean-field cross-check: `cadre-sim check`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from sim.cli.app import app
from sim.terminal import err, fail, out, say


@app.command()
def check(
    scenario: Annotated[Path, typer.Argument(help="scenario file (or a bundled name such as anji)")],
    replicates: Annotated[
        int, typer.Option("--replicates", "-r", min=2, max=10_000, help="agent-model runs to average")
    ] = 20,
    seed: Annotated[int, typer.Option("--seed", min=0, max=2**63 - 1, help="root seed of the replicates")] = 1,
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="override a parameter: KEY=VALUE (repeatable)")
    ] = None,
    every: Annotated[int, typer.Option("--every", min=1, max=1200, help="print every N months")] = 12,
    out_file: Annotated[
        Path | None, typer.Option("--out", "-o", help="also write every month of the table to this CSV file")
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", "-w", min=1, help="local worker processes (default: all cores)")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
) -> None:
    """Cross-check the agent model against its mean-field (expected-value) model, by month and stage.

    Prints, at every --every months, the mean of the replicates beside the mean-field for each
    stage (and the pool, mentees by kind and ranks where the scenario has them), the relative
    difference, and whether every stage count is within 3% after the first two years.
    """
    from sim.explore.backends import execute
    from sim.explore.designs import derive_seed
    from sim.explore.execution import default_workers
    from sim.explore.progress import runs_progress
    from sim.files import atomic_write, destination_problem
    from sim.guards import memory_problem, workers_problem
    from sim.meanfield import mean_field
    from sim.meanfield.check import FLOOR, SETTLING_MONTHS, TOLERANCE, at_months, line_up, replicate_series, verdict
    from sim.params.errors import ScenarioError
    from sim.params.scenario import load_scenario, parse_assignments

    try:
        sc = load_scenario(scenario).with_overrides(parse_assignments(set_), source=f"{scenario} (--set)")
    except (ScenarioError, ValueError) as e:
        fail(str(e))
    if out_file is not None and out_file.suffix.lower() != ".csv":
        fail(f"--out {out_file}: give a file name ending in .csv")
    at_once = workers or default_workers()
    problem = workers_problem(workers, default_workers()) or memory_problem([sc], at_once)
    if out_file is not None:
        problem = problem or destination_problem(out_file.parent if str(out_file.parent) else Path("."), out_file.name)
    if problem:
        fail(problem)
    say(err, escape(f"check {sc.name}: {replicates} agent runs on {at_once} worker(s) against the mean-field"))
    tasks: list[tuple[int, dict, int]] = [(i, {}, derive_seed(seed, i)) for i in range(replicates)]
    runs: dict[int, dict] = {}
    try:
        with runs_progress(not quiet, err) as bar:
            task = bar.add_task("replicates", total=replicates, failed=0)
            for record in execute(tasks, run_fn=replicate_series, base=sc, workers=at_once):
                if not record["ok"]:
                    fail(f"a replicate failed: {record.get('error')}", code=1)
                runs[record["key"]] = record["result"]
                bar.update(task, advance=1)
    except KeyboardInterrupt:
        say(err, "[yellow]interrupted[/yellow]: nothing written.")
        raise typer.Exit(130) from None
    result = line_up(sc, [runs[i] for i in range(replicates)], mean_field(sc))
    shown = at_months(result, every)
    for group in shown.group.unique():
        table = Table(title=f"{group}: agent-model mean vs mean-field", show_lines=False)
        for column in ("month", "date", "quantity", "simulation", "± se", "mean-field", "difference"):
            table.add_column(column, justify="left" if column in ("date", "quantity") else "right")
        for row in shown[shown.group == group].sort_values(["month"], kind="stable").itertuples():
            diff = f"{row.difference:+.1%}" if row.difference == row.difference else "n/a"
            table.add_row(str(row.month), str(row.date), str(row.quantity), f"{row.simulation:,.1f}",
                          f"{row.se:,.1f}", f"{row.mean_field:,.1f}", diff)  # fmt: skip
        out.print(table)
    ok, worst = verdict(result)
    if out_file is not None:
        try:
            atomic_write(out_file, lambda tmp: result.table.to_csv(tmp, index=False))
        except OSError as e:
            fail(f"cannot write {out_file}: {e.strerror or e}")
        say(err, escape(f"table written to {out_file}"))
    worst_text = ", ".join(f"{r.quantity} {r.difference:+.1%} (month {r.month})" for r in worst.itertuples())
    judged = f"stage counts of at least {FLOOR:.0f} people, after month {SETTLING_MONTHS}"
    if ok:
        say(
            out,
            escape(f"every stage count is within {TOLERANCE:.0%} of the mean-field ({judged}); largest: {worst_text}"),
        )
    else:
        say(
            out,
            escape(
                f"NOT every stage count is within {TOLERANCE:.0%} of the mean-field ({judged}); largest: {worst_text}"
            ),
        )
        noise = 3 * worst.se / worst.simulation  # three standard errors of the simulation mean, relative
        noisy = worst[(worst.difference.abs() > TOLERANCE) & (worst.difference.abs() <= TOLERANCE + noise)]
        if len(noisy):  # a failing point that noise alone could explain: too few replicates to judge
            say(
                out,
                escape(
                    f"with {replicates} replicates the simulation mean is uncertain at "
                    f"{', '.join(str(q) for q in noisy.quantity)} (3 standard errors up to "
                    f"{float((3 * noisy.se / noisy.simulation).max()):.1%}, as large as the miss): run more, "
                    "e.g. -r 40, before reading this as a disagreement"
                ),
            )

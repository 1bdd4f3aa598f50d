"""One run and the scenario files: `cadre-sim run` (optionally from a roster), `validate`, `list`.

Plain functions, registered on the application in ``sim/cli/app.py``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from sim.terminal import check_lang, err, fail, out, print_table, say


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
    roster: Annotated[
        Path | None,
        typer.Option(help="start from the county's own cadres: a roster (.csv or .xlsx, one row per cadre)"),
    ] = None,
    lang: Annotated[
        str, typer.Option(help="language of the report, plots, workbook and this summary: zh or en")
    ] = "zh",
    quiet: Annotated[bool, typer.Option(help="print only the results folder")] = False,
) -> None:
    """Simulate a scenario month by month and write a new results folder."""
    check_lang(lang)
    import pandas  # noqa: F401  (both processes need it: loaded once, before the fork)

    from sim.output.drawer import Drawer, DrawingError

    # forked now, before Mesa loads: the child loads matplotlib meanwhile, draws while the tables are written
    with Drawer(lang=lang) as drawer:
        from sim.runs.progress import months_progress
        from sim.guards import memory_problem, results_problem
        from sim.model.footprint import footprint
        from sim.model.model import CadreModel
        from sim.model.run import collect, run_to_end
        from sim.output.run_words import w
        from sim.params.errors import ScenarioError
        from sim.params.roster import read_roster
        from sim.params.scenario import load_scenario, parse_assignments
        from sim.studies.run.report import RosterNote, RunNotes, calendar_span, figure_rows, scenario_changes
        from sim.studies.run.results import run_dir_name, write_run

        try:
            overrides = parse_assignments(set_)
            if years is not None:  # a length from the start month, in place of the scenario's end date
                overrides.update({"run.years": years, "run.end_year": 0})
            if seed is not None:
                overrides["run.seed"] = seed
            loaded = load_scenario(scenario)
            sc = loaded.with_overrides(overrides, source=f"{scenario} (command-line overrides)")
            county = read_roster(roster, sc) if roster is not None else None
            based_on, variant = _variant(scenario)
        except ScenarioError as e:
            fail(str(e))
        changes = scenario_changes(loaded, sc)
        if years is not None:  # --years: the length, not the end date it replaces
            was = round(loaded.run.months / 12, 1)
            changes = tuple(
                (k, was, v) if k == "run.years" else (k, a, v) for k, a, v in changes if k != "run.end_year"
            )
        notes = RunNotes(overrides=changes, based_on=based_on, variant_changes=variant)
        if county is not None:
            sc = county.fit(sc)
            note = RosterNote(
                file=county.source, rows=len(county), units=county.units, mentors=len(county.mentors()),
                pairs=int((county.mentor >= 0).sum()), ignored=county.ignored,
                row_numbers=tuple(int(r) for r in county.row_numbers),
            )  # fmt: skip
            notes = RunNotes(notes.overrides, notes.based_on, notes.variant_changes, note)
        if problem := memory_problem([sc]) or results_problem(out_dir, run_dir_name(sc.name, sc.run.seed), [sc]):
            fail(problem)
        if (cost := footprint(sc)).seconds > 30 and not quiet:
            say(err, escape(w("t_long", lang, words=cost.words())))
        started = time.perf_counter()
        model = CadreModel(params=sc, roster=county)
        if quiet or not err.is_terminal:
            snapshots = run_to_end(model, snapshot_every)
        else:
            with months_progress(err) as bar:
                task = bar.add_task(w("t_progress", lang, name=sc.name), total=model.months)
                snapshots = run_to_end(model, snapshot_every, on_month=lambda m: bar.update(task, completed=m))
        result = collect(model, seed=sc.run.seed, snapshots=snapshots)
        elapsed = time.perf_counter() - started
        try:
            command = "cadre-sim " + " ".join(sys.argv[1:])
            folder = write_run(
                result, out_dir, wall_seconds=elapsed, command=command, lang=lang, notes=notes, drawer=drawer
            )
        except OSError as e:
            fail(f"cannot write the results in {out_dir}: {e.strerror or e} (nothing was kept)")
        except DrawingError as e:
            fail(f"{e} (nothing was kept in {out_dir})")
        if quiet:
            typer.echo(str(folder))  # plain, never wrapped: scripts read it
            return
        head = w(
            "t_head", lang, name=escape(sc.name), span=calendar_span(sc, lang), months=f"{sc.run.months:,}",
            seed=sc.run.seed, cadres=f"{sc.population.initial_cadres:,}", secs=f"{elapsed:.1f}",
        )  # fmt: skip
        say(out, head)
        header = tuple(w(k, lang) for k in ("c_figure", "c_value"))
        print_table(out, header, [(label, value) for label, value, _ in figure_rows(result, lang)])
        paths = {k: escape(str(folder / name)) for k, name in (("report", "report.md"), ("workbook", "results.xlsx"))}
        say(out, w("t_results", lang, folder=escape(str(folder)), **paths))


def _variant(scenario: Path) -> tuple[str | None, tuple[tuple[str, object, object], ...]]:
    """A variant's base county (``based_on``) and what the variant changes in it; (None, ()) otherwise."""
    from sim.params.errors import ScenarioError
    from sim.params.reading import read_toml
    from sim.params.scenario import SCENARIO_DIR, load_scenario
    from sim.studies.run.report import scenario_changes

    path = scenario if scenario.is_file() else SCENARIO_DIR / f"{scenario}.toml"
    base = read_toml(path, "scenario", ScenarioError)[0].get("based_on")  # as load_scenario read it
    if not isinstance(base, str):
        return None, ()
    beside = path.parent / base
    return Path(base).stem, scenario_changes(load_scenario(beside if beside.exists() else base), load_scenario(path))


def validate(files: Annotated[list[Path], typer.Argument(help="scenario files to check")]) -> None:
    """Check scenario files without running them."""
    from sim.params.errors import ScenarioError
    from sim.params.scenario import load_scenario

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


def list_scenarios() -> None:
    """Show the bundled scenarios, one line each."""
    from sim.params.scenario import bundled

    for path, sc in bundled():
        say(out, f"[bold]{path.stem:<14}[/] {escape(sc.run.description)}")

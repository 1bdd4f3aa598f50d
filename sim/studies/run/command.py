"""One run and the scenario files: `cadre-sim run` (optionally from a roster), `validate`, `list`.

Plain functions, registered on the application in ``sim/cli/app.py`` (their ``--help`` from the
catalogue's ``cli`` book). Heavy modules load inside ``run``: ``--help``, ``validate`` and ``list``
load neither Mesa, pandas, matplotlib nor SciPy.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from sim.cli.language import HELP_LANG
from sim.cli.options import Lang, out_option
from sim.terminal import check_lang, err, fail, out, say
from sim.words import Book, text

if TYPE_CHECKING:
    from sim.model.run import RunResult
    from sim.params.schema import Scenario
    from sim.studies.run.inputs import RunInputs

_help = Book("cli")  # the command layer's words: --help (in English for now), errors, validate's lines
w = Book("run")  # a run's terminal lines


def run(
    scenario: Annotated[Path, typer.Argument(help=_help("run_scenario", HELP_LANG))],
    seed: Annotated[int | None, typer.Option(help=_help("run_seed", HELP_LANG))] = None,
    years: Annotated[int | None, typer.Option(help=_help("run_years", HELP_LANG))] = None,
    out_dir: Annotated[Path, out_option(_help("run_out", HELP_LANG))] = Path("results"),
    set_: Annotated[list[str] | None, typer.Option("--set", help=_help("run_set", HELP_LANG))] = None,
    snapshot_every: Annotated[int, typer.Option(min=0, help=_help("run_snapshot_every", HELP_LANG))] = 0,
    roster: Annotated[Path | None, typer.Option(help=_help("run_roster", HELP_LANG))] = None,
    sheet: Annotated[str | None, typer.Option(help=text("roster.help_sheet", HELP_LANG))] = None,
    titles: Annotated[Path | None, typer.Option(help=text("roster.help_titles", HELP_LANG))] = None,
    lang: Lang = "zh",
    quiet: Annotated[bool, typer.Option(help=_help("run_quiet", HELP_LANG))] = False,
) -> None:
    """Simulate a scenario month by month and write a new results folder."""
    check_lang(lang)
    import pandas  # noqa: F401  (both processes need it: loaded once, before the fork)

    from sim.output.drawer import Drawer, DrawingError

    # forked now, before Mesa loads: the child loads matplotlib meanwhile, draws while the tables are written
    with Drawer(lang=lang) as drawer:
        from sim.guards import preflight
        from sim.model.footprint import footprint
        from sim.params.errors import ScenarioError
        from sim.studies.run.inputs import read_inputs
        from sim.studies.run.results import run_dir_name, write_run

        try:
            inputs = read_inputs(scenario, seed, years, set_, roster, sheet=sheet, titles=titles, lang=lang)
        except ScenarioError as e:
            fail(e)
        if inputs.county is not None and not quiet:
            from sim.params.roster_summary import notice

            say(err, escape(notice(inputs.county, lang)))
        for finding in () if quiet else inputs.notes.findings:  # what is implausible, before any work
            say(err, escape(finding.text(lang)))
        sc = inputs.scenario
        preflight(memory=[sc], at_once=1, destination=out_dir / run_dir_name(sc.name, sc.run.seed), results=[sc])
        if (cost := footprint(sc)).seconds > 30 and not quiet:
            say(err, escape(w("t_long", lang, words=cost.words())))
        result, elapsed = _simulate(inputs, snapshot_every, quiet, lang)
        try:
            command = "cadre-sim " + " ".join(sys.argv[1:])
            folder = write_run(
                result, out_dir, wall_seconds=elapsed, command=command, lang=lang, notes=inputs.notes, drawer=drawer
            )
        except OSError as e:
            fail(_help("run_cannot_write", lang, out=out_dir, reason=e.strerror or e))
        except DrawingError as e:
            fail(_help("run_not_drawn", lang, error=e, out=out_dir))
        if quiet:
            typer.echo(str(folder))  # plain, never wrapped: scripts read it
            return
        _print_summary(result, folder, elapsed, lang)


def _simulate(inputs: RunInputs, snapshot_every: int, quiet: bool, lang: str) -> tuple[RunResult, float]:
    """Run the model month by month (a progress bar on a terminal); the result and the seconds it took."""
    from sim.model.model import CadreModel
    from sim.model.run import collect, run_to_end
    from sim.runs.progress import months_progress

    sc = inputs.scenario
    started = time.perf_counter()
    model = CadreModel(params=sc, roster=inputs.county)
    if quiet or not err.is_terminal:
        snapshots = run_to_end(model, snapshot_every)
    else:
        with months_progress(err, lang) as bar:
            task = bar.add_task(w("t_progress", lang, name=sc.name), total=model.months)
            snapshots = run_to_end(model, snapshot_every, on_month=lambda m: bar.update(task, completed=m))
    return collect(model, seed=sc.run.seed, snapshots=snapshots), time.perf_counter() - started


def _print_summary(result: RunResult, folder: Path, elapsed: float, lang: str) -> None:
    """What the run gave, on the terminal: the run in a line, the headline figures, where the files are."""
    from sim.output.table import Column, Table
    from sim.studies.run.report import calendar_span, figure_rows

    sc = result.scenario
    head = w(
        "t_head", lang, name=escape(sc.name), span=calendar_span(sc, lang), months=f"{sc.run.months:,}",
        seed=sc.run.seed, cadres=f"{sc.population.initial_cadres:,}", secs=f"{elapsed:.1f}",
    )  # fmt: skip
    say(out, head)
    columns = [Column(w("c_figure", lang)), Column(w("c_value", lang))]
    Table(w("s_summary", lang), columns, [row[:2] for row in figure_rows(result, lang)]).print(out)
    paths = {k: escape(str(folder / name)) for k, name in (("report", "report.docx"), ("workbook", "results.xlsx"))}
    say(out, w("t_results", lang, folder=escape(str(folder)), **paths))


def validate(
    files: Annotated[list[Path], typer.Argument(help=_help("validate_files", HELP_LANG))], lang: Lang = "zh"
) -> None:
    """Check scenario files without running them."""
    from sim.model.matching import RULES
    from sim.model.pairing import FORMS
    from sim.params.checks import load_checked
    from sim.params.errors import ScenarioError, said

    check_lang(lang)
    bad = 0
    for f in files:
        try:
            sc, found = load_checked(f)  # the dates said as checks; what is implausible, as warnings
        except ScenarioError as e:
            bad += 1
            say(err, _help("validate_invalid", lang, error=escape(said(e, lang))))
            continue
        p = sc.pairing
        what = _help("validate_pairing", lang, form=FORMS.label(p.form, lang), rule=RULES.label(p.matching, lang))
        line = _help(
            "validate_line", lang, file=f, name=sc.name, months=sc.run.months,
            cadres=f"{sc.population.initial_cadres:,}", pairing=what if p.enabled else _help("validate_no_mentoring", lang),
        )  # fmt: skip
        say(out, _help("validate_ok", lang, line=escape(line)))
        for finding in found:
            say(err, escape(finding.text(lang)))
        _origins(f, sc, lang)
    if bad:
        raise typer.Exit(2)


def _origins(file: Path, sc: Scenario, lang: str) -> None:
    """Where the values of a valid scenario come from: a table of the values not at their default."""
    from sim.output.origins import origins_table
    from sim.params.origins import file_origins

    table, rest = origins_table(file_origins(file, sc), sc, lang)
    say(out, escape(text("planner.origins_title", lang)))
    table.print(out)
    say(out, escape(text("planner.origins_rest", lang, n=rest)))


def list_scenarios(lang: Lang = "zh") -> None:
    """Show the bundled scenarios, one line each."""
    from sim.params.scenario import bundled, scenario_description

    check_lang(lang)
    for path, sc in bundled():
        say(out, f"[bold]{path.stem:<14}[/] {escape(scenario_description(sc, lang))}")

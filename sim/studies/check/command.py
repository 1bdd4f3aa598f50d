"""The mean-field cross-check: `cadre-sim check` (registered in ``sim.cli.app``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from sim.cli.language import HELP_LANG
from sim.cli.options import Lang, Quiet, Seed, Workers, out_option, replicates_option
from sim.terminal import check_lang, err, fail, out, say
from sim.words import Book

__all__ = ["check"]

W = Book("cli_check")


def check(
    scenario: Annotated[Path, typer.Argument(help=W("scenario_help", HELP_LANG))],
    replicates: Annotated[int, replicates_option(W("replicates_help", HELP_LANG), least=2, most=10_000)] = 20,
    seed: Seed = 1,
    set_: Annotated[list[str] | None, typer.Option("--set", help=W("set_help", HELP_LANG))] = None,
    every: Annotated[int, typer.Option("--every", min=1, max=1200, help=W("every_help", HELP_LANG))] = 12,
    out_file: Annotated[Path | None, out_option(W("out_help", HELP_LANG))] = None,
    workers: Workers = None,
    quiet: Quiet = False,
    lang: Lang = "zh",
) -> None:
    """Cross-check the agent model against its mean-field (expected-value) model, by month and stage.

    Prints, at every --every months, the mean of the replicates beside the mean-field for each
    stage (and the pool, mentees by kind and ranks where the scenario has them), the relative
    difference, and whether every stage count is within the tolerance after the first two years
    (3% without mentoring; 8% or 0.5% of the county's cadres with it). A scenario choosing a variant or matching
    rule the mean-field does not model is refused in one line.
    """
    from sim.files import CSV_ENCODING, atomic_write
    from sim.guards import preflight
    from sim.meanfield import mean_field
    from sim.meanfield.check import line_up, replicate_series
    from sim.meanfield.scope import choices_text
    from sim.params.errors import ScenarioError
    from sim.params.scenario import load_scenario, parse_assignments
    from sim.runs.backends import execute
    from sim.runs.designs import derive_seed
    from sim.runs.execution import default_workers
    from sim.runs.progress import runs_progress
    from sim.studies.check.report import tables, verdict_lines

    check_lang(lang)
    try:
        sc = load_scenario(scenario).with_overrides(parse_assignments(set_), source=f"{scenario} (--set)")
    except (ScenarioError, ValueError) as e:
        fail(e)
    if unmodelled := choices_text(sc):  # a structure the mean-field does not follow: no comparison at all
        fail(W("unmodelled", lang, choices=unmodelled))
    if out_file is not None and out_file.suffix.lower() != ".csv":
        fail(W("not_csv", lang, file=out_file))
    at_once = workers or default_workers()
    preflight(workers=workers, memory=[sc], at_once=at_once, destination=out_file)
    say(err, escape(W("starting", lang, name=sc.name, replicates=replicates, workers=at_once)))
    tasks: list[tuple[int, dict, int]] = [(i, {}, derive_seed(seed, i)) for i in range(replicates)]
    runs: dict[int, Any] = {}
    try:
        with runs_progress(not quiet, err, lang) as bar:
            task = bar.add_task(W("bar", lang), total=replicates, failed=0)
            for record in execute(tasks, run_fn=replicate_series, base=sc, workers=at_once):
                if not record.ok:
                    fail(W("failed", lang, error=record.error), code=1)
                runs[record.key] = record.result
                bar.update(task, advance=1)
    except KeyboardInterrupt:
        say(err, W("interrupted", lang))
        raise typer.Exit(130) from None
    result = line_up(sc, [runs[i] for i in range(replicates)], mean_field(sc))
    for table in tables(result, every, lang):
        out.print(table)
    if out_file is not None:
        try:
            atomic_write(out_file, lambda tmp: result.table.to_csv(tmp, index=False, encoding=CSV_ENCODING))
        except OSError as e:
            fail(W("cannot_write", lang, file=out_file, error=e.strerror or e))
        say(err, escape(W("written", lang, file=out_file)))
    for line in verdict_lines(result, lang):
        say(out, escape(line))

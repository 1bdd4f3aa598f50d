"""Sizing the pool: `cadre-sim pool SCENARIO [--wait K] [--ensemble FIT] [-r N]` (registered in ``sim.cli.app``)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from sim.cli.language import HELP_LANG
from sim.cli.options import EnsembleMembers, Lang, NoPlots, Quiet, Seed, Workers, out_option, replicates_option
from sim.terminal import err, fail, say
from sim.words import Book

__all__ = ["pool"]

W = Book("pool")


def pool(
    scenario: Annotated[str, typer.Argument(help=W("scenario_help", HELP_LANG))],
    wait: Annotated[int | None, typer.Option("--wait", min=0, max=120, help=W("wait_help", HELP_LANG))] = None,
    ensemble_dir: Annotated[Path | None, typer.Option("--ensemble", help=W("ensemble_help", HELP_LANG))] = None,
    members: EnsembleMembers = None,
    replicates: Annotated[int | None, replicates_option(W("replicates_help", HELP_LANG), most=1000)] = None,
    set_: Annotated[list[str] | None, typer.Option("--set", help=W("set_help", HELP_LANG))] = None,
    seed: Seed = 1,
    out_dir: Annotated[Path | None, out_option(W("out_help", HELP_LANG))] = None,
    workers: Workers = None,
    lang: Lang = "zh",
    no_plots: NoPlots = False,
    quiet: Quiet = False,
) -> None:
    """How many mentors the county needs each year so that no young cadre waits more than K months.

    Runs the county with its pool uncapped (on each set of a fit with --ensemble, its structures
    apart), reads the demand month by month and sizes the pool each year for waits of at most
    0, 3 and 6 months (and --wait K): report.md, pool_sizing.csv, runs.csv and a plot.
    """
    from sim.files import build_folder
    from sim.guards import preflight
    from sim.params.errors import ScenarioError
    from sim.params.scenario import load_scenario, parse_assignments
    from sim.runs.execution import default_workers
    from sim.runs.progress import runs_progress
    from sim.studies.compare.ensemble import EnsembleError, load_ensemble
    from sim.studies.pool.analysis import WAITS, run_pool
    from sim.studies.pool.report import write_pool
    from sim.terminal import check_lang

    check_lang(lang)
    try:
        sc = load_scenario(scenario).with_overrides(parse_assignments(set_), source=f"{scenario} (--set)")
    except (ScenarioError, ValueError) as e:
        fail(e)
    if not sc.pairing.enabled:
        fail(W("no_programme", lang, name=sc.name))
    sets = 1
    if ensemble_dir is not None:
        try:
            sets = len(load_ensemble(ensemble_dir, limit=members).members)
        except EnsembleError as e:
            fail(e)
    replicates = replicates or (1 if ensemble_dir is not None else 3)
    folder = out_dir or Path("results") / f"pool-{sc.name}-{time.strftime('%Y%m%d-%H%M%S')}"
    at_once = workers or default_workers()
    preflight(workers=workers, memory=[sc], at_once=at_once, destination=folder, new_folder=True)
    total = sets * replicates
    say(err, escape(W("starting", lang, name=sc.name, runs=total, workers=at_once)))
    waits = tuple(sorted({*WAITS, *([wait] if wait is not None else [])}))
    try:
        with runs_progress(not quiet, err, lang) as bar:
            task = bar.add_task(W("bar", lang), total=total, failed=0)

            def advance(ok: bool) -> None:
                bar.update(task, advance=1, failed=bar.tasks[task].fields["failed"] + (not ok))

            result = run_pool(sc, waits=waits, ensemble=ensemble_dir, members=members, replicates=replicates,
                              seed=seed, workers=at_once, advance=advance)  # fmt: skip
    except KeyboardInterrupt:
        say(err, W("interrupted", lang))
        raise typer.Exit(130) from None
    except EnsembleError as e:
        fail(e)
    if result.runs.empty:
        fail(W("all_failed", lang, error=result.failed[0] if result.failed else "?"), code=1)

    def fill(tmp: Path) -> None:
        write_pool(result, tmp, lang, plots=not no_plots)

    written = build_folder(folder, fill)
    say(err, escape(W("written", lang, report=written / "report.md")))

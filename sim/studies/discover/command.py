"""Scenario discovery: `cadre-sim discover` (PRIM boxes where an outcome condition holds); registered in ``sim.cli.app``."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from sim.cli.language import HELP_LANG
from sim.cli.options import Lang, NoPlots, out_option
from sim.terminal import check_lang, err, fail, say
from sim.words import Book

__all__ = ["discover"]

W = Book("cli_discover")


def discover(
    sweep_folder: Annotated[Path, typer.Argument(help=W("sweep_help", HELP_LANG))],
    where: Annotated[str, typer.Option("--where", help=W("where_help", HELP_LANG))],
    name: Annotated[str | None, typer.Option("--name", help=W("name_help", HELP_LANG))] = None,
    boxes: Annotated[int, typer.Option("--boxes", min=1, max=10, help=W("boxes_help", HELP_LANG))] = 3,
    min_coverage: Annotated[
        float, typer.Option("--min-coverage", min=0.05, max=1.0, help=W("min_coverage_help", HELP_LANG))
    ] = 0.5,
    peel_alpha: Annotated[
        float, typer.Option("--peel-alpha", min=0.01, max=0.5, help=W("peel_alpha_help", HELP_LANG))
    ] = 0.05,
    mass_min: Annotated[
        float, typer.Option("--mass-min", min=0.01, max=0.5, help=W("mass_min_help", HELP_LANG))
    ] = 0.05,
    alpha: Annotated[float, typer.Option("--alpha", min=0.001, max=0.5, help=W("alpha_help", HELP_LANG))] = 0.05,
    keep_weak: Annotated[bool, typer.Option("--keep-weak-limits", help=W("keep_weak_help", HELP_LANG))] = False,
    out_dir: Annotated[Path | None, out_option(W("out_help", HELP_LANG))] = None,
    no_plots: NoPlots = False,
    lang: Lang = "zh",
) -> None:
    """Scenario discovery: which limits on the swept parameters hold the runs where a condition is true (PRIM).

    Each run is one case (replicates count apart, so seed noise stays in); coverage, density and
    the quasi-p value of every limit are reported, in plain words.
    """
    from sim.guards import preflight
    from sim.output.numbers import number, percent
    from sim.studies.discover.analysis import DiscoverError, load_prim
    from sim.studies.discover.analysis import discover as find_boxes
    from sim.studies.discover.condition import ConditionError, parse_condition
    from sim.studies.discover.report import box_sentence, condition_words, write_discovery
    from sim.studies.discover.sweep_runs import SweepFolderError, read_sweep

    D = Book("discover")

    check_lang(lang)
    try:
        runs = read_sweep(sweep_folder)
        condition = parse_condition(where, runs.outcomes)
    except (SweepFolderError, ConditionError) as e:
        fail(e)
    folder = out_dir or Path("results") / f"discover-{runs.name}-{time.strftime('%Y%m%d-%H%M%S')}"
    preflight(destination=folder, new_folder=True)
    with err.status(D("t_loading", lang)):
        prim = load_prim()
    try:
        found = find_boxes(runs, condition, boxes=boxes, min_coverage=min_coverage, peel_alpha=peel_alpha,
                           mass_min=mass_min, alpha=alpha, drop_insignificant=not keep_weak, prim_module=prim)  # fmt: skip
    except DiscoverError as e:
        fail(e)
    say(err, escape(D("t_condition", lang, cases=number(found.cases), used=number(found.used),
                      text=condition.text, rate=percent(found.base_rate))))  # fmt: skip
    if runs.failed or runs.missing:
        say(err, escape(D("runs", lang, used=number(found.used)).lstrip("- ")
                        + (D("failed", lang, n=runs.failed) if runs.failed else "")
                        + (D("missing", lang, n=runs.missing) if runs.missing else "")))  # fmt: skip
    try:
        written = write_discovery(found, folder, what=name or "", lang=lang, plots=not no_plots)
    except (OSError, FileExistsError) as e:
        fail(W("cannot_write", lang, folder=folder, error=getattr(e, "strerror", None) or e))

    what = name or condition_words(found, lang)
    for b in found.boxes:
        say(err, escape(box_sentence(found, b, what, lang).replace("**", "")))
    if not found.boxes:
        say(err, escape(D("none_found", lang, cov=percent(min_coverage))))
    say(err, escape(D("t_written", lang, folder=written, report=written / "report.md")))

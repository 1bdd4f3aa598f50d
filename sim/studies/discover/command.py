"""Scenario discovery: `cadre-sim discover` (PRIM boxes where an outcome condition holds)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from sim.cli.app import app
from sim.files import destination_problem
from sim.terminal import check_lang, err, fail, say

__all__ = ["app", "discover"]


@app.command()
def discover(
    sweep_folder: Annotated[Path, typer.Argument(help="a sweep folder (results/sweep-NAME), finished or not")],
    where: Annotated[
        str,
        typer.Option(
            "--where",
            help="the outcome condition: OUTCOME < <= > >= NUMBER, clauses joined by 'and' (e.g. \"pool_renewal < 1\")",
        ),
    ],
    name: Annotated[
        str | None,
        typer.Option("--name", help="what the condition means, in words for the report (e.g. 导师带徒循环崩塌)"),
    ] = None,
    boxes: Annotated[int, typer.Option("--boxes", min=1, max=10, help="at most this many boxes")] = 3,
    min_coverage: Annotated[
        float,
        typer.Option(
            "--min-coverage",
            min=0.05,
            max=1.0,
            help="share of the cases still to explain a chosen box must cover (the densest such point is chosen)",
        ),
    ] = 0.5,
    peel_alpha: Annotated[
        float, typer.Option("--peel-alpha", min=0.01, max=0.5, help="share of the runs in the box one peel removes")
    ] = 0.05,
    mass_min: Annotated[
        float, typer.Option("--mass-min", min=0.01, max=0.5, help="smallest box, as a share of all runs")
    ] = 0.05,
    alpha: Annotated[
        float,
        typer.Option("--alpha", min=0.001, max=0.5, help="a limit with a quasi-p value above this is not significant"),
    ] = 0.05,
    keep_weak: Annotated[
        bool,
        typer.Option(
            "--keep-weak-limits", help="keep limits that are not significant (marked) instead of dropping them"
        ),
    ] = False,
    out_dir: Annotated[
        Path | None, typer.Option("--out", "-o", help="folder (default: results/discover-NAME-TIME)")
    ] = None,
    no_plots: Annotated[bool, typer.Option("--no-plots", help="skip the plots")] = False,
    lang: Annotated[str, typer.Option("--lang", help="language of the report and plots: zh (中文) or en")] = "zh",
) -> None:
    """Scenario discovery: which limits on the swept parameters hold the runs where a condition is true (PRIM).

    Each run is one case (replicates count apart, so seed noise stays in); coverage, density and
    the quasi-p value of every limit are reported, in plain words.
    """
    from sim.explore.condition import ConditionError, parse_condition
    from sim.explore.discover import DiscoverError, load_prim
    from sim.explore.discover import discover as find_boxes
    from sim.explore.sweep_runs import SweepFolderError, read_sweep
    from sim.output.discover_report import write_discovery
    from sim.output.discover_words import D
    from sim.output.numbers import number, percent

    check_lang(lang)
    try:
        runs = read_sweep(sweep_folder)
        condition = parse_condition(where, runs.outcomes)
    except (SweepFolderError, ConditionError) as e:
        fail(str(e))
    folder = out_dir or Path("results") / f"discover-{runs.name}-{time.strftime('%Y%m%d-%H%M%S')}"
    if folder.exists():
        fail(f"{folder} already exists; results are never overwritten (choose another --out)")
    problem = destination_problem(folder.parent, folder.name)
    if problem:
        fail(problem)
    with err.status(D("t_loading", lang)):
        prim = load_prim()
    try:
        found = find_boxes(runs, condition, boxes=boxes, min_coverage=min_coverage, peel_alpha=peel_alpha,
                           mass_min=mass_min, alpha=alpha, drop_insignificant=not keep_weak, prim_module=prim)  # fmt: skip
    except DiscoverError as e:
        fail(str(e))
    say(err, escape(D("t_condition", lang, cases=number(found.cases), used=number(found.used),
                      text=condition.text, rate=percent(found.base_rate))))  # fmt: skip
    if runs.failed or runs.missing:
        say(err, escape(D("runs", lang, used=number(found.used)).lstrip("- ")
                        + (D("failed", lang, n=runs.failed) if runs.failed else "")
                        + (D("missing", lang, n=runs.missing) if runs.missing else "")))  # fmt: skip
    try:
        written = write_discovery(found, folder, what=name or "", lang=lang, plots=not no_plots)
    except (OSError, FileExistsError) as e:
        fail(f"cannot write the discovery in {folder}: {getattr(e, 'strerror', None) or e} (nothing was kept)")
    from sim.output.discover_report import box_sentence, condition_words

    what = name or condition_words(found, lang)
    for b in found.boxes:
        say(err, escape(box_sentence(found, b, what, lang).replace("**", "")))
    if not found.boxes:
        say(err, escape(D("none_found", lang, cov=percent(min_coverage))))
    say(err, escape(D("t_written", lang, folder=written, report=written / "report.md")))

"""`cadre-sim compare`: policies on common random numbers, optionally over a fit's plausible sets.

A plain function, registered on the application in ``sim/cli/app.py``. It reads the scenarios (and
the fit folder), checks before any work (``sim.guards.preflight``), runs the analysis, then writes the
folder; heavy modules load inside the function, so `cadre-sim --help` stays light.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

from sim.cli.language import HELP_LANG
from sim.cli.options import (
    EnsembleMembers,
    Lang,
    NoPlots,
    Quiet,
    Scheduler,
    Seed,
    Sets,
    Workers,
    out_option,
    replicates_option,
)
from sim.terminal import check_lang, err, fail, out, say, spoken
from sim.words import Book

if TYPE_CHECKING:
    from sim.params.schema import Scenario
    from sim.studies.compare.analysis import CompareResult
    from sim.studies.compare.ensemble import Ensemble, EnsembleCompare

__all__ = ["compare"]

W = Book("cli_compare")


def compare(
    scenarios: Annotated[list[Path], typer.Argument(help=W("scenarios_help", HELP_LANG))],
    replicates: Annotated[int | None, replicates_option(W("replicates_help", HELP_LANG), least=2)] = None,
    seed: Seed = 20240501,
    out_dir: Annotated[Path | None, out_option(W("out_help", HELP_LANG))] = None,
    workers: Workers = None,
    scheduler: Scheduler = None,
    set_: Sets = None,
    ensemble_dir: Annotated[Path | None, typer.Option("--ensemble", help=W("ensemble_help", HELP_LANG))] = None,
    members: EnsembleMembers = None,
    no_plots: NoPlots = False,
    quiet: Quiet = False,
    lang: Lang = "zh",
) -> None:
    """Compare policies: same replicate seeds for every variant; paired differences vs the first."""
    from sim.guards import preflight
    from sim.output.decisions import recommendation_line
    from sim.studies.compare.analysis import labels_for
    from sim.studies.compare.decision import compare_decision
    from sim.studies.compare.report import write_compare

    check_lang(lang)
    loaded, ensemble = _read(scenarios, set_, ensemble_dir, members)
    replicates = replicates or (5 if ensemble else 30)
    n_sets = 1 if ensemble is None else len(ensemble.members)
    if ensemble is not None:
        from sim.studies.compare.ensemble import EnsembleError, check_runs

        try:
            check_runs(n_sets, len(loaded), replicates)
        except EnsembleError as e:
            fail(str(e))
    labels = labels_for(loaded, scenarios)
    folder = out_dir or Path("results") / f"compare-{'-'.join(labels)[:120]}-{time.strftime('%Y%m%d-%H%M%S')}"
    preflight(
        workers=workers, scheduler=scheduler, memory=loaded, destination=folder, results=loaded,
        runs=replicates * n_sets, new_folder=True,
    )  # fmt: skip
    backend = (
        W("on_scheduler", spoken(), scheduler=scheduler)
        if scheduler
        else (W("on_workers", spoken(), workers=workers) if workers else W("all_workers", spoken()))
    )
    per = (
        W("per_set", spoken(), r=replicates, n=n_sets, folder=ensemble_dir)
        if ensemble
        else W("per_variant", spoken(), r=replicates)
    )
    say(err, escape(W("start", spoken(), labels=", ".join(labels), per=per, backend=backend)))
    execution: dict[str, Any] = {"workers": workers, "scheduler": scheduler, "progress": not quiet, "console": err}
    res, pooled = _run(loaded, labels, ensemble, replicates=replicates, seed=seed, **execution)
    decision = compare_decision(res, pooled)
    try:
        write_compare(res, folder, plots=not no_plots, ensemble=pooled, lang=lang, decision=decision)
    except OSError as e:
        fail(W("cannot_write", spoken(), folder=folder, reason=e.strerror or e))
    say(out, escape(recommendation_line(decision, lang)))
    say(err, escape(W("written", spoken(), folder=folder, report=folder / "report.docx")))
    if res.failures:
        say(err, W("failed", spoken(), n=len(res.failures), file=escape(str(folder / "failures.csv"))))
        raise typer.Exit(1)


def _run(
    loaded: list[Scenario], labels: list[str], ensemble: Ensemble | None, **execution: Any
) -> tuple[CompareResult, EnsembleCompare | None]:
    """The comparison (pooled over the sets with ``ensemble``); Ctrl-C (exit 130) or a failed backend ends the command."""
    from sim.runs.execution import ExecutionError
    from sim.studies.compare.analysis import run_compare
    from sim.studies.compare.ensemble import run_ensemble_compare

    try:
        if ensemble is None:
            return run_compare(loaded, labels, **execution), None
        pooled = run_ensemble_compare(loaded, labels, ensemble, **execution)
        return pooled.pooled, pooled
    except KeyboardInterrupt:
        say(err, W("interrupted", spoken()))
        raise typer.Exit(130) from None
    except ExecutionError as e:
        fail(str(e))
    except OSError as e:
        if execution["scheduler"] is None:
            raise
        fail(W("cannot_schedule", spoken(), scheduler=execution["scheduler"], error=e))


def _read(
    paths: list[Path], assignments: list[str] | None, ensemble_dir: Path | None, members: int | None
) -> tuple[list[Scenario], Ensemble | None]:
    """The variants (with ``--set`` applied to each) and the fit's plausible sets; bad input ends the command."""
    from sim.params.errors import ScenarioError
    from sim.params.scenario import load_scenario, parse_assignments
    from sim.studies.compare.ensemble import EnsembleError, load_ensemble

    try:
        if ensemble_dir is None and members is not None:
            raise EnsembleError(W("sets_need_ensemble", spoken()))
        ensemble = load_ensemble(ensemble_dir, members) if ensemble_dir is not None else None
        sets = parse_assignments(assignments)
        loaded = []
        for p in paths:
            s = load_scenario(p)
            loaded.append(s.with_overrides(sets, source=f"--set ({p})") if sets else s)
    except (ScenarioError, ValueError) as e:  # EnsembleError is a ValueError
        fail(str(e))
    return loaded, ensemble

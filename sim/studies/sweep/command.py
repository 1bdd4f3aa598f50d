"""`cadre-sim sweep`: run an experiment file's design (resumable, in parallel), then write its report.

Registered on the application in ``sim/cli/app.py``. Light to import: the heavy modules load inside the
command, so `cadre-sim --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

from sim.cli.language import HELP_LANG
from sim.cli.options import Lang, NoPlots, Quiet, Scheduler, Workers, out_option, replicates_option
from sim.terminal import check_lang, err, fail, say
from sim.words import Book

if TYPE_CHECKING:
    from sim.studies.sweep.experiment import Experiment
    from sim.studies.sweep.sweep import SweepReport

_w = Book("cli_sweep")


def sweep(
    experiment: Annotated[Path, typer.Argument(help=_w("experiment_help", HELP_LANG))],
    out_dir: Annotated[Path | None, out_option(_w("out_help", HELP_LANG))] = None,
    workers: Workers = None,
    scheduler: Scheduler = None,
    retry_failed: Annotated[bool, typer.Option("--retry-failed", help=_w("retry_help", HELP_LANG))] = False,
    replicates: Annotated[int | None, replicates_option(_w("replicates_help", HELP_LANG))] = None,
    set_: Annotated[list[str] | None, typer.Option("--set", help=_w("set_help", HELP_LANG))] = None,
    no_plots: NoPlots = False,
    quiet: Quiet = False,
    lang: Lang = "zh",
) -> None:
    """Run an experiment: many runs over a design of parameters, resumable, in parallel.

    --replicates and --set are recorded in the sweep folder: resume with the same values.
    """
    from sim.guards import preflight
    from sim.params.errors import ScenarioError
    from sim.params.scenario import parse_assignments
    from sim.runs.execution import ExecutionError, default_workers
    from sim.runs.store import SweepError
    from sim.studies.sweep.experiment import ExperimentError
    from sim.studies.sweep.experiment_file import apply_command, load_experiment

    check_lang(lang)
    try:
        exp = apply_command(load_experiment(experiment), replicates, parse_assignments(set_))
    except (ExperimentError, ScenarioError) as e:
        fail(e)
    folder = out_dir or Path("results") / f"sweep-{exp.name}"
    preflight(
        workers=workers, scheduler=scheduler, memory=[exp.largest or exp.base], destination=folder,
        results=[exp.base], runs=exp.n_runs,
    )  # fmt: skip
    backend = (
        _w("on_scheduler", lang, scheduler=scheduler)
        if scheduler
        else _w("on_workers", lang, workers=workers or default_workers())
    )
    start = {"points": exp.n_points, "replicates": exp.replicates, "runs": exp.n_runs, "design": exp.design}
    say(err, _w("start", lang, name=escape(exp.name), backend=escape(backend), folder=escape(str(folder)), **start))
    try:
        report = sweep_and_report(
            exp, folder, workers=workers, scheduler=scheduler, retry_failed=retry_failed, progress=not quiet,
            plots=not no_plots, console=err, lang=lang,
        )  # fmt: skip
    except (SweepError, ExecutionError) as e:
        fail(e)
    except OSError as e:
        if scheduler is None:  # the folder itself: removed, full or not writable while the sweep ran
            fail(_w("cannot_write", lang, folder=folder, reason=e.strerror or e, where=e.filename or folder))
        fail(_w("cannot_schedule", lang, scheduler=scheduler, error=e))
    _tell_the_end(report, folder, lang)


def sweep_and_report(
    exp: Experiment, out: str | Path, *, analysis: bool = True, plots: bool = True, lang: str = "zh", **settings: Any
) -> SweepReport:
    """Run (or resume) the sweep of ``exp`` into ``out``, then, unless interrupted, sum it up and write its report.

    ``settings``: the fields of ``sim.studies.sweep.sweep.SweepSettings`` (workers, scheduler, run_fn,
    retry_failed, progress, console ...); ``analysis`` False leaves only the results table; ``lang``: the
    language of the report and plots ("zh" or "en").

    Raises:
        ValueError: ``lang`` is not "zh" or "en".
    """
    from sim.studies.sweep.analysis import analyse_sweep
    from sim.studies.sweep.report import write_report
    from sim.studies.sweep.sweep import SweepSettings, run_sweep
    from sim.words import check_lang as known_lang

    known_lang(lang)
    out = Path(out)

    def write(report: SweepReport) -> None:  # while the folder is still locked
        write_report(analyse_sweep(exp, out, report), out, plots=plots, console=settings.get("console"), lang=lang)

    return run_sweep(exp, out, SweepSettings(**settings, lang=lang, then=write if analysis else None))


def _tell_the_end(report: SweepReport, folder: Path, lang: str) -> None:
    """The sweep's last lines: interrupted (exit 130), how many runs ran, where the results are, failures (exit 1)."""
    where = escape(str(folder))
    if report.interrupted:
        say(err, _w("interrupted", lang, saved=report.ok + report.failed, runs=report.n_runs, folder=where))
        raise typer.Exit(130)
    seconds = f"{report.seconds:.1f}"
    say(
        err,
        _w("done", lang, ok=report.ok, failed=report.failed, runs=report.n_runs, ran=report.ran_now, seconds=seconds),
    )
    results, md = folder / "results.parquet", folder / "report.md"
    say(err, _w("written", lang, results=escape(str(results)), report=escape(str(md))))
    if report.failed:
        say(err, _w("failed", lang, failed=report.failed, file=escape(str(folder / "failures.csv"))))
        raise typer.Exit(1)

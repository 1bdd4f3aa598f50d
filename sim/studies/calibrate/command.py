"""Fitting to the reports: `cadre-sim calibrate` (the point fit, then the plausible sets); registered in ``sim.cli.app``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

from sim.cli.language import HELP_LANG
from sim.cli.options import Lang, Scheduler, Workers, out_option, replicates_option
from sim.terminal import check_lang, err, fail, out, say
from sim.words import Book

if TYPE_CHECKING:
    from sim.params.schema import Scenario
    from sim.studies.calibrate.free import FreeParameter
    from sim.studies.calibrate.structures import Structure
    from sim.studies.calibrate.targets import TargetSet

__all__ = ["calibrate"]

W = Book("cli_calibrate")
CHECK_SEEDS = 10  # fresh seeds of a structure's check and of its mentoring effect


def calibrate(
    scenario: Annotated[Path, typer.Argument(help=W("scenario_help", HELP_LANG))],
    targets: Annotated[Path, typer.Argument(help=W("targets_help", HELP_LANG))],
    free: Annotated[Path, typer.Option("--free", help=W("free_help", HELP_LANG))],
    trials: Annotated[int, typer.Option(min=1, max=100_000, help=W("trials_help", HELP_LANG))] = 60,
    replicates: Annotated[int, replicates_option(W("replicates_help", HELP_LANG), most=1000)] = 4,
    seed: Annotated[int, typer.Option(min=0, help=W("seed_help", HELP_LANG))] = 2004,
    workers: Workers = None,
    scheduler: Scheduler = None,
    waves: Annotated[int, typer.Option(min=0, max=10, help=W("waves_help", HELP_LANG))] = 2,
    points: Annotated[int, typer.Option(min=2, max=10_000, help=W("points_help", HELP_LANG))] = 60,
    out_dir: Annotated[Path | None, out_option(W("out_help", HELP_LANG))] = None,
    structures: Annotated[Path | None, typer.Option("--structures", help=W("structures_help", HELP_LANG))] = None,
    lang: Lang = "zh",
) -> None:
    """Fit free parameters to reported figures, then find the plausible sets; writes a fit folder.

    The point fit is an Optuna TPE study, the plausible sets come from history matching; both resume.
    With ``--structures``, every model structure of the file is fitted so, each in its own folder.
    """
    from rich.progress import Progress

    from sim.guards import preflight
    from sim.params.errors import ScenarioError
    from sim.params.scenario import load_scenario
    from sim.studies.calibrate.fit import TargetError, fit, load_free, load_targets
    from sim.studies.calibrate.folder import fit_identity, open_fit_folder
    from sim.studies.calibrate.report import write_fit
    from sim.studies.calibrate.structures import load_structures

    check_lang(lang)
    folder = out_dir or Path("results") / f"fit-{scenario.stem}"
    try:
        base, target_set = load_scenario(scenario), load_targets(targets)
        target_set.check_run(base.run)
        free_parameters = load_free(free, base)
        chosen = load_structures(structures, base) if structures is not None else None
    except (ScenarioError, TargetError) as e:
        fail(e)
    preflight(workers=workers, scheduler=scheduler)
    described = (
        [{"name": s.name, "set": s.settings, "free": [vars(p) for p in s.free]} for s in chosen]
        if chosen is not None
        else None
    )
    identity = fit_identity(base, target_set, free_parameters, replicates, seed, described)
    if chosen is not None:
        _fit_structures(base, target_set, free_parameters, folder, chosen, identity, trials=trials,
                        replicates=replicates, seed=seed, workers=workers, scheduler=scheduler, waves=waves,
                        points=points, lang=lang)  # fmt: skip
        return
    # the folder is this fit's and locked from before the first trial until the report is written
    with (
        _ending(folder, lang),
        open_fit_folder(folder, identity),
        Progress(*Progress.get_default_columns(), console=err) as bar,
    ):
        fitting = bar.add_task(W("fitting", lang, name=base.name), total=trials)
        matching = bar.add_task(W("matching", lang), total=waves * points, visible=waves > 0)
        result = fit(base, target_set, free_parameters, folder, trials=trials, replicates=replicates,
                     seed=seed, workers=workers, scheduler=scheduler, waves=waves, points=points,
                     on_trial=lambda done, _: bar.update(fitting, completed=done),
                     on_point=lambda done, total: bar.update(matching, completed=done), locked=True)  # fmt: skip
        bar.stop()
        report = write_fit(result)
    say(out, W("done", lang, met=result.met, n=len(target_set.targets), report=escape(str(report))))


@contextmanager
def _ending(folder: Path, lang: str) -> Iterator[None]:
    """How a fit ends when it cannot go on: one line for a refusal or a failed run, exit 130 on Ctrl-C."""
    from sim.runs.execution import ExecutionError
    from sim.studies.calibrate.fit import TargetError

    try:
        yield
    except TargetError as e:
        fail(e)
    except KeyboardInterrupt:
        say(err, W("interrupted", lang, folder=escape(str(folder))))
        raise typer.Exit(130) from None
    except (ExecutionError, OSError) as e:
        fail(W("stopped", lang, error=e))


def _fit_structures(
    base: Scenario, targets: TargetSet, free: list[FreeParameter], folder: Path, chosen: list[Structure],
    identity: dict[str, Any], lang: str, **settings: Any,
) -> None:  # fmt: skip
    """Fit every structure (``calibrate --structures``) with a progress line each; writes the structural fit."""
    from rich.progress import Progress, TaskID

    from sim.studies.calibrate.folder import open_fit_folder
    from sim.studies.calibrate.structures import fit_structures
    from sim.studies.calibrate.structures_report import write_structural_fit

    trials, waves, points = settings["trials"], settings["waves"], settings["points"]
    with (
        _ending(folder, lang),
        open_fit_folder(folder, identity),
        Progress(*Progress.get_default_columns(), console=err) as bar,
    ):
        tasks: dict[str, TaskID] = {}

        def started(i: int, name: str) -> None:
            tasks["fitting"] = bar.add_task(W("fitting", lang, name=f"{base.name}: {name}"), total=trials)
            tasks["matching"] = bar.add_task(W("matching", lang), total=waves * points, visible=waves > 0)

        settings.update(
            on_trial=lambda done, _: bar.update(tasks["fitting"], completed=done),
            on_point=lambda done, total: bar.update(tasks["matching"], completed=done),
            check_replicates=max(settings["replicates"], CHECK_SEEDS),
        )
        result = fit_structures(base, targets, free, folder, chosen, settings=settings, on_structure=started,
                                effect_replicates=CHECK_SEEDS)  # fmt: skip
        bar.stop()
        report = write_structural_fit(result)
    standing = len(result.standing)
    say(out, W("structures_done", lang, n=len(chosen), standing=standing, report=escape(str(report))))

"""The `cadre-sim` command line: one module per group of commands, all on one ``app``.

``sim.studies.run.command`` (run, validate, list: registered in ``app``), ``planner`` (params),
``sim.studies.compare.command`` and ``sim.studies.sweep.command`` (compare, sweep: registered in ``app``), ``sim.studies.calibrate.command`` (calibrate),
``sim.studies.check.command`` (check), ``sim.studies.optimise.command`` (optimise), ``sim.studies.discover.command`` (discover), ``sim.demo.command`` (demo, lineage, animate: registered in ``app``). Commands import what they need when they run, so
that `cadre-sim --help`, `list` and `validate` load neither Mesa, pandas, matplotlib nor SciPy
(``tests/test_architecture.py`` holds it). Bad input ends a command with one line on stderr and exit status 2
(``sim.terminal.fail``).
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

__all__ = ["app", "main", "planner"]


def __getattr__(name: str) -> Any:
    """``app`` (and ``planner``), made on first use.

    A study's command module may then import ``sim.cli.options`` before the application exists (the
    application imports those modules).
    """
    if name not in ("app", "planner"):
        raise AttributeError(f"module 'sim.cli' has no attribute {name!r}")
    forgiving_streams()
    # registration order is the order of `cadre-sim --help` (the studies' commands first: sim/cli/app.py)
    planner = importlib.import_module("sim.cli.planner")  # registers on the app after the studies' commands
    importlib.import_module("sim.cli.language").localise(planner.app)  # Typer's own words in the help's language
    globals().update(app=planner.app, planner=planner)  # the application, not its module sim.cli.app
    return globals()[name]


def forgiving_streams() -> None:
    """Output and errors show a character their encoding lacks as ``?`` instead of stopping the command.

    A Chinese Windows console redirected to a file or a pipe writes GBK (code page 936), which has no
    ``✓`` and no character of a name typed in another script; a strict stream would end the command there.
    """
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError):  # a stream already written to in a way that forbids it
                pass


def main() -> None:  # pragma: no cover - console entry point
    """The console entry point (``python -m sim``)."""
    application = __getattr__("app")  # every command on it, its help in the chosen language
    application(prog_name="cadre-sim")

"""The `cadre-sim` command line: one module per group of commands, all on one ``app``.

``single`` (run, validate, list), ``planner`` (params), ``many`` (compare, sweep), ``fit`` (calibrate),
``check`` (check), ``optimise`` (optimise), ``discover`` (discover), ``workshop`` (demo, lineage, animate). Commands import what they need when they run, so
that `cadre-sim --help`, `list` and `validate` load neither Mesa, pandas, matplotlib nor SciPy
(``tests/test_architecture.py`` holds it). Bad input ends a command with one line on stderr and exit status 2
(``sim.terminal.fail``).
"""

from __future__ import annotations

# registration order is the order of `cadre-sim --help`
from sim.cli import single  # isort: split

from sim.cli import planner  # isort: split

from sim.cli import many  # isort: split

from sim.cli import fit  # isort: split

from sim.cli import check  # isort: split

from sim.cli import optimise  # isort: split

from sim.cli import discover  # isort: split

from sim.cli import workshop  # isort: split

from sim.cli.app import app

__all__ = ["app", "check", "discover", "fit", "main", "many", "optimise", "planner", "single", "workshop"]


def main() -> None:  # pragma: no cover - console entry point
    """The console entry point."""
    app()

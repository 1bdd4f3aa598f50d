"""The `cadre-sim` command line: one module per group of commands, all on one ``app``.

``sim.studies.run.command`` (run, validate, list: registered in ``app``), ``planner`` (params),
``many`` (compare, sweep), ``sim.studies.calibrate.command`` (calibrate),
``sim.studies.check.command`` (check), ``sim.studies.optimise.command`` (optimise), ``sim.studies.discover.command`` (discover), ``sim.demo.command`` (demo, lineage, animate: registered in ``app``). Commands import what they need when they run, so
that `cadre-sim --help`, `list` and `validate` load neither Mesa, pandas, matplotlib nor SciPy
(``tests/test_architecture.py`` holds it). Bad input ends a command with one line on stderr and exit status 2
(``sim.terminal.fail``).
"""

from __future__ import annotations

# registration order is the order of `cadre-sim --help` (the run study's commands first: sim/cli/app.py)
from sim.cli import planner  # isort: split

from sim.cli import many  # isort: split

from sim.cli.app import app

__all__ = ["app", "main", "many", "planner"]


def main() -> None:  # pragma: no cover - console entry point
    """The console entry point."""
    app()

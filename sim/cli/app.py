"""The `cadre-sim` application object every command module registers on.

The studies' commands (``sim/studies/<study>/command.py``) are plain functions registered here, in the
order of `cadre-sim --help`; the other command modules of ``sim/cli`` register themselves on ``app``.
"""

from __future__ import annotations

import typer

from sim.cli.language import GROUP, HELP_LANG
from sim.terminal import start
from sim.words import text

app = typer.Typer(
    help=text("cli.app_help", HELP_LANG),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=GROUP,
)


@app.callback()
def _start() -> None:
    # every command starts in the command line's language (sim.terminal.check_lang then takes the command's --lang)
    start()


# the run study: `cadre-sim run`, `validate`, `list` (light: heavy modules load inside the commands)
from sim.studies.run import command as _run  # noqa: E402  (registered on the app made above)

app.command(help=text("cli.run_help", HELP_LANG))(_run.run)
app.command(help=text("cli.validate_help", HELP_LANG))(_run.validate)
app.command("list", help=text("cli.list_help", HELP_LANG))(_run.list_scenarios)

# the compare study: `cadre-sim compare`
from sim.studies.compare import command as _compare  # noqa: E402

app.command(help=text("cli_compare.compare_help", HELP_LANG))(_compare.compare)

# the sweep study: `cadre-sim sweep`
from sim.studies.sweep import command as _sweep  # noqa: E402

app.command(help=text("cli_sweep.command_help", HELP_LANG))(_sweep.sweep)

# the calibration study: `cadre-sim calibrate`
from sim.studies.calibrate import command as _calibrate  # noqa: E402

app.command(help=text("cli_calibrate.command_help", HELP_LANG))(_calibrate.calibrate)

# the mean-field cross-check: `cadre-sim check`
from sim.studies.check import command as _check  # noqa: E402

app.command(help=text("cli_check.command_help", HELP_LANG))(_check.check)

# the policy search: `cadre-sim optimise`
from sim.studies.optimise import command as _optimise  # noqa: E402

app.command(help=text("cli_optimise.command_help", HELP_LANG))(_optimise.optimise)

# scenario discovery: `cadre-sim discover`
from sim.studies.discover import command as _discover  # noqa: E402

app.command(help=text("cli_discover.command_help", HELP_LANG))(_discover.discover)

# sizing the pool: `cadre-sim pool`
from sim.studies.pool import command as _pool  # noqa: E402

app.command(help=text("pool.help", HELP_LANG))(_pool.pool)

# the workshop: `cadre-sim demo`, `lineage`, `animate` (the browser page and a run's pictures for slides)
from sim.demo import command as _workshop  # noqa: E402

for _name, _help in _workshop.HELP.items():
    app.command(help=_help)(getattr(_workshop, _name))

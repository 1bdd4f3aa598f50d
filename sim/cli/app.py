"""The `cadre-sim` application object every command module registers on."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="cadre-sim: simulate the mentor system for young cadres (导师帮带制). "
    "Start with `cadre-sim list` and `cadre-sim run scenarios/anji.toml`.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

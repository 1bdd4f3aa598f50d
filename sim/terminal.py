"""What every command prints: a line of markup, and the one way a command ends on bad input.

Bad input ends a command with one line on stderr (``error: ...``) and exit status 2 (``fail``).
Tables go through ``sim.output.table.Table.print`` (aligned columns that stay aligned in Chinese).
The words here are the catalogue's (``sim/words/cli.toml``), in English for now.
"""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from sim.words import LANGS, text

out = Console()
err = Console(stderr=True)


def fail(message: str, code: int = 2) -> NoReturn:
    """Print ``error: message`` (red on a terminal) to stderr and end the command with ``code``."""
    mark = text("cli.error_mark", "en")
    Console(stderr=True).print(f"[bold red]{mark}[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def check_lang(lang: str) -> None:
    """End the command if ``lang`` is not a language of the labels."""
    if lang not in LANGS:
        fail(text("cli.bad_lang", "en", given=repr(lang), langs=", ".join(LANGS)))


def say(console: Console, line: str) -> None:
    """Print a line of rich markup, without highlighting or wrapping."""
    console.print(line, highlight=False, soft_wrap=True)

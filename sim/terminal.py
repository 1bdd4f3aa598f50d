"""What every command prints: a line of markup, and the one way a command ends on bad input.

Bad input ends a command with one line on stderr (``error: ...``) and exit status 2 (``fail``).
"""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from sim.vocab import LANGS

out = Console()
err = Console(stderr=True)


def fail(message: str, code: int = 2) -> NoReturn:
    """Print ``error: message`` (red on a terminal) to stderr and end the command with ``code``."""
    Console(stderr=True).print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def check_lang(lang: str) -> None:
    """End the command if ``lang`` is not a language of the labels."""
    if lang not in LANGS:
        fail(f"--lang {lang!r}: one of {', '.join(LANGS)}")


def say(console: Console, text: str) -> None:
    """Print a line of rich markup, without highlighting or wrapping."""
    console.print(text, highlight=False, soft_wrap=True)

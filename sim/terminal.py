"""What every command prints: a line of markup, and the one way a command ends on bad input.

Bad input ends a command with one line on stderr (``error: ...``) and exit status 2 (``fail``);
``print_table`` prints aligned columns that stay aligned in Chinese.
"""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table

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


def print_table(console: Console, header: tuple[str, ...], rows: list[tuple[str, ...]], indent: int = 2) -> None:
    """Print ``rows`` under ``header`` as aligned columns (wide Chinese characters counted as two).

    Columns after the first are right-aligned except the last, which is left-aligned (a meaning
    or a unit).
    """
    table = Table(box=None, show_edge=False, pad_edge=False, padding=(0, 2, 0, 0), header_style="bold")
    for k, name in enumerate(header):
        table.add_column(name, justify="right" if 0 < k < len(header) - 1 else "left", overflow="fold")
    for row in rows:
        table.add_row(*(escape(cell) for cell in row))
    console.print(Padding(table, (0, 0, 0, indent), expand=False), highlight=False)

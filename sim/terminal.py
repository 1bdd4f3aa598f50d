"""What every command prints: a line of markup, and the one way a command ends on bad input.

Bad input ends a command with one line on stderr (``错误：...`` / ``error: ...``) and exit status 2
(``fail``). Tables go through ``sim.output.table.Table.print`` (aligned columns that stay aligned in
Chinese). The words here are the catalogue's (``sim/words/cli.toml``), in the command's language:
``check_lang(lang)``, which every command calls first, makes ``lang`` the language of ``fail``; before
that, the language of the command line (``interface_lang``: its ``--lang``, else ``CADRE_SIM_LANG``,
else Chinese).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from sim.words import LANGS, text

LANG_VARIABLE = "CADRE_SIM_LANG"  # zh or en: the language when a command line gives no --lang
DEFAULT_LANG = "zh"

out = Console()
err = Console(stderr=True)


def interface_lang(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language a command line asks for: its ``--lang``, else ``CADRE_SIM_LANG``, else Chinese.

    An unknown value is passed over here (the command itself refuses it, in one line).
    """
    args = list(sys.argv[1:] if argv is None else argv)
    env = os.environ if environ is None else environ
    for i, arg in enumerate(args):
        given = args[i + 1] if arg == "--lang" and i + 1 < len(args) else arg.removeprefix("--lang=")
        if (arg == "--lang" or arg.startswith("--lang=")) and given in LANGS:
            return given
    chosen = env.get(LANG_VARIABLE, "")
    return chosen if chosen in LANGS else DEFAULT_LANG


_spoken = {"lang": interface_lang()}  # the language of fail(): the running command's, once it is known


def spoken() -> str:
    """The language the running command speaks (its ``--lang`` once checked, else the command line's)."""
    return _spoken["lang"]


def start(lang: str | None = None) -> None:
    """A command starts: it speaks ``lang``, or the command line's language until it checks its own."""
    _spoken["lang"] = lang if lang in LANGS else interface_lang()


def fail(message: str | BaseException, code: int = 2) -> NoReturn:
    """Print ``错误：message`` / ``error: message`` (red on a terminal) to stderr and end the command with ``code``.

    An error given instead of a message is shown in the command's language when it carries both
    (``sim.params.errors.in_both``).
    """
    from sim.params.errors import said

    if isinstance(message, BaseException):
        message = said(message, spoken())
    mark = text("cli.error_mark", spoken())
    Console(stderr=True).print(f"[bold red]{mark}[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def check_lang(lang: str) -> None:
    """End the command if ``lang`` is not a language of the labels; else speak it from now on."""
    if lang not in LANGS:
        fail(text("cli.bad_lang", spoken(), given=repr(lang), langs=", ".join(LANGS)))
    _spoken["lang"] = lang


def say(console: Console, line: str) -> None:
    """Print a line of rich markup, without highlighting or wrapping."""
    console.print(line, highlight=False, soft_wrap=True)

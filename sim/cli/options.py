"""The option types the commands share: one declaration of each, its flags, bounds and ``--help``.

Use them as parameter annotations, with the default beside the parameter::

    def sweep(workers: Workers = None, scheduler: Scheduler = None, lang: Lang = "zh") -> None: ...

Options whose help or bounds differ by command (``--replicates``, ``--out``) are made by
:func:`replicates_option` and :func:`out_option` from the command's own words. Help texts live in the
word catalogue (``sim/words/options.toml``), in the language of the command line (``sim.cli.language``:
``--lang``, else ``CADRE_SIM_LANG``, else Chinese); ``--lang`` itself defaults to that variable. Light: this
module loads only Typer and the catalogue, so ``cadre-sim --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from sim.cli.language import HELP_LANG
from sim.terminal import LANG_VARIABLE, spoken
from sim.words import Book

_help = Book("options")
MAX_SEED = 2**63 - 1

Lang = Annotated[str, typer.Option("--lang", help=_help("lang", HELP_LANG), envvar=LANG_VARIABLE)]
Workers = Annotated[int | None, typer.Option("--workers", "-w", min=1, help=_help("workers", HELP_LANG))]
Scheduler = Annotated[str | None, typer.Option("--scheduler", help=_help("scheduler", HELP_LANG))]
Seed = Annotated[int, typer.Option("--seed", min=0, max=MAX_SEED, help=_help("seed", HELP_LANG))]
Sets = Annotated[list[str] | None, typer.Option("--set", help=_help("sets", HELP_LANG))]
EnsembleMembers = Annotated[int | None, typer.Option("--sets", min=1, max=10_000, help=_help("members", HELP_LANG))]
NoPlots = Annotated[bool, typer.Option("--no-plots", help=_help("no_plots", HELP_LANG))]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help=_help("quiet", HELP_LANG))]


def replicates_option(help: str, *, least: int = 1, most: int = 10_000) -> Any:
    """``--replicates`` / ``-r`` between ``least`` and ``most``, with the command's ``help``."""
    return typer.Option("--replicates", "-r", min=least, max=most, help=help)


def _out_path(raw: Any) -> Path:
    """A ``--out`` value as a path; an empty one (``--out ""``, which would mean the current folder) is refused."""
    if isinstance(raw, Path):
        return raw
    if not str(raw).strip():
        raise typer.BadParameter(_help("out_empty", spoken()))
    return Path(raw)


def out_option(help: str) -> Any:
    """``--out`` / ``-o`` (a folder or file of results), with the command's ``help``; never empty."""
    return typer.Option("--out", "-o", help=help, parser=_out_path, metavar="<path>")


__all__ = [
    "MAX_SEED",
    "EnsembleMembers",
    "Lang",
    "NoPlots",
    "Quiet",
    "Scheduler",
    "Seed",
    "Sets",
    "Workers",
    "out_option",
    "replicates_option",
]

"""The language of the command line itself: ``--help``, Typer's own words, errors before a command starts.

Typer builds every command's ``--help`` when the application is made, before it has read an option,
so the language is read first, from the command line as typed (``--lang en`` / ``--lang=en``
anywhere in it), else from the environment variable ``CADRE_SIM_LANG``, else Chinese, the planners'
language. The same variable is the default of every command's ``--lang`` (``sim.cli.options.Lang``).

``HELP_LANG`` is that language; ``localise(app)`` gives the application's commands Typer's headings
(``Usage``, ``Options``, ``[default: ...]``, the help option's own line) in it. Light: Typer and the
catalogue only.
"""

from __future__ import annotations

from typing import Any

import typer
import typer.core
import typer.rich_utils

from sim.terminal import interface_lang
from sim.words import Book

_words = Book("cli")
HELP_LANG = interface_lang()  # --help and Typer's own words


class _Command(typer.core.TyperCommand):
    """A command whose usage line and help option speak the command line's language."""

    def get_usage(self, ctx: Any) -> str:
        return _usage(super().get_usage(ctx))

    def get_help_option(self, ctx: Any) -> Any:
        return _help_option(super().get_help_option(ctx))


class _Group(typer.core.TyperGroup):
    """The application's group, speaking the command line's language like its commands."""

    def get_usage(self, ctx: Any) -> str:
        return _usage(super().get_usage(ctx))

    def get_help_option(self, ctx: Any) -> Any:
        return _help_option(super().get_help_option(ctx))


def _usage(line: str) -> str:
    for english, key in (
        ("Usage:", "typer_usage"),
        ("[OPTIONS]", "typer_options_metavar"),
        ("COMMAND", "typer_command"),
        ("[ARGS]", "typer_args"),
    ):
        line = line.replace(english, _words(key, HELP_LANG))
    return line


def _help_option(option: Any) -> Any:
    if option is not None:
        option.help = _words("typer_help_option", HELP_LANG)
    return option


GROUP = _Group


def localise(app: typer.Typer) -> typer.Typer:
    """``app`` with Typer's own words in ``HELP_LANG``: headings, defaults, the help option, the usage line."""
    headings: dict[str, Any] = {
        "ARGUMENTS_PANEL_TITLE": "typer_arguments",
        "OPTIONS_PANEL_TITLE": "typer_options",
        "COMMANDS_PANEL_TITLE": "typer_commands",
        "ERRORS_PANEL_TITLE": "typer_error",
        "DEFAULT_STRING": "typer_default",
        "REQUIRED_LONG_STRING": "typer_required",
        "ENVVAR_STRING": "typer_envvar",
        "ABORTED_TEXT": "typer_aborted",
        "RICH_HELP": "typer_try_help",
    }
    for name, key in headings.items():
        setattr(typer.rich_utils, name, _words(key, HELP_LANG))
    for info in app.registered_commands:
        if info.cls in (None, typer.core.TyperCommand):
            info.cls = _Command
    return app

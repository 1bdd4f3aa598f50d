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

import re
from typing import Any

import typer
import typer.core
import typer.rich_utils

from sim.terminal import interface_lang, spoken
from sim.words import Book, pick

_words = Book("cli")
HELP_LANG = interface_lang()  # --help and Typer's own words


class _Speaking:
    """Usage line, help option and the parser's refusals in the command line's language (a Click command mixin)."""

    def get_usage(self, ctx: Any) -> str:
        return _usage(super().get_usage(ctx))  # type: ignore[misc]

    def get_help_option(self, ctx: Any) -> Any:
        return _help_option(super().get_help_option(ctx))  # type: ignore[misc]

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)  # type: ignore[misc]
        except Exception as error:
            raise _said_again(error) from None


class _Command(_Speaking, typer.core.TyperCommand):
    """A command whose usage line and help option speak the command line's language."""


class _Group(_Speaking, typer.core.TyperGroup):
    """The application's group, speaking the command line's language like its commands."""


# the parser's refusals as Typer words them -> the catalogue's (sim/words/cli.toml); any other is left as it is
_REFUSALS = (
    (re.compile(r"^No such option: (?P<option>\S+)(?: \(Possible options: (?P<options>.+)\))?$"), "click_no_option"),
    (re.compile(r"^Missing argument (?P<name>.+?)\.$"), "click_missing"),
    (re.compile(r"^Got unexpected extra argument\(s\) \((?P<args>.*)\)$"), "click_extra"),
    (re.compile(r"^Invalid value for (?P<name>.+?): (?P<problem>.*)$", re.S), "click_invalid"),
    (re.compile(r"^Option (?P<name>.+) requires an argument\.$"), "click_needs_value"),
)
_PROBLEMS = (
    (re.compile(r"^Input should be a valid integer.*$", re.S), "click_not_integer"),
    (re.compile(r"^Input should be a valid number.*$", re.S), "click_not_number"),
    (re.compile(r"^Input should be greater than or equal to (?P<low>\S+)$"), "click_at_least"),
    (re.compile(r"^Input should be less than or equal to (?P<high>\S+)$"), "click_at_most"),
)


def _said_again(error: BaseException) -> BaseException:
    """``error`` (a refusal of the parser) whose message is said in the command line's language."""
    formatted = getattr(error, "format_message", None)
    if callable(formatted):
        english = str(formatted())
        error.format_message = lambda: _translated(english)  # type: ignore[attr-defined]
    return error


def _translated(english: str) -> str:
    """Typer's ``english`` refusal in the command line's language (English as Typer wrote it)."""
    return pick(spoken(), _chinese(english), english)


def _chinese(english: str) -> str:
    for pattern, key in _REFUSALS:
        if found := pattern.match(english):
            fields = {k: v for k, v in found.groupdict().items() if v is not None}
            if "problem" in fields:
                fields["problem"] = next(
                    (_words(k, "zh", **m.groupdict()) for p, k in _PROBLEMS if (m := p.match(fields["problem"]))),
                    fields["problem"],
                )
            possible = fields.pop("options", None)
            return _words(key, "zh", **fields) + (_words("click_possible", "zh", options=possible) if possible else "")
    return english


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

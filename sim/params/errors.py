"""Errors of bad input, and the one formatter that turns pydantic's errors into plain lines.

Every line names the source (a file, or "override"), the key, the value given, the problem and
what is allowed: ``scenarios/x.toml: [pairing] form = 'pair': unknown pairing form (allowed: ...)``.
Scenario files and experiment files share it; each says how its keys are shown and what is
allowed at a key.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from sim.words import Book, pick

if TYPE_CHECKING:
    from pydantic import ValidationError

_words = Book("errors")


class ScenarioError(ValueError):
    """A scenario (file, dict or override) that cannot be used; the message says why.

    ``str(error)`` is the message as raised; ``said(error, lang)`` the message in ``lang`` when the
    raiser gave both languages (``in_both``).
    """


def in_both[E: BaseException](error: E, zh: str, en: str) -> E:
    """``error`` carrying its message in both languages (``said`` picks one)."""
    error.words = (zh, en)  # type: ignore[attr-defined]
    return error


def said(error: BaseException, lang: str) -> str:
    """The message of ``error`` in ``lang``: its words in both languages when it has them, else its text."""
    words = getattr(error, "words", None)
    if isinstance(words, tuple) and len(words) == 2:
        return pick(lang, words[0], words[1])
    return str(error)


def both(book: Book, key: str, /, **fields: Any) -> tuple[str, str]:
    """(中文, English) of ``key`` in ``book`` with ``fields`` filled in."""
    return book(key, "zh", **fields), book(key, "en", **fields)


def raised[E: BaseException](error: type[E], book: Book, key: str, /, **fields: Any) -> E:
    """An ``error`` whose message is ``key`` of ``book``: English as its text, both languages for ``said``."""
    zh, en = both(book, key, **fields)
    return in_both(error(en), zh, en)


Loc = tuple[str, ...]

EXCERPT = 60  # characters of a value an error line repeats: a huge value is named, not printed whole
NAME_EXCERPT = 200  # characters of a key or a name an error line repeats (every real name is shorter)


def excerpt(value: Any, limit: int = EXCERPT) -> str:
    """``repr(value)`` cut to ``limit`` characters and "…", as an error line shows a value given."""
    return cut(repr(value), limit)


def cut(text: str, limit: int = EXCERPT) -> str:
    """``text`` cut to ``limit`` characters and "…" (a name or a path an error line repeats)."""
    return text if len(text) <= limit else text[:limit] + "…"


def format_validation_error(
    err: ValidationError,
    source: str,
    *,
    where: Callable[[Loc], str],
    allowed: Callable[[Loc], str],
    unknown: Callable[[Loc], tuple[str, Sequence[str], str]],
    lang: str = "en",
) -> str:
    """Lines ``SOURCE: WHERE = VALUE: PROBLEM (allowed: ...)``, one per error, in ``lang``.

    Args:
        err: the pydantic error.
        source: the file (or other origin) the values came from.
        where: how a location is written (``[pairing] form`` or ``parameters.x``).
        allowed: what is allowed at a location.
        unknown: for an unknown name, what it is ("key", "section"), the names valid in its
            place (for "did you mean") and the text of what is allowed.
        lang: the language of the lines (the callbacks give theirs); English keeps pydantic's own sentences.
    """
    lines = []
    for e in err.errors():
        loc: Loc = tuple(str(p) for p in e["loc"])
        if e["type"] == "extra_forbidden":
            kind, known, valid = unknown(loc)
            close = difflib.get_close_matches(loc[-1], list(known), n=1) if loc else []
            hint = _words("did_you_mean", lang, close=repr(close[0])) if close else ""
            kind = _words(f"kind_{kind}", lang) if f"kind_{kind}" in _words else kind
            lines.append(
                _words(
                    "unknown_line",
                    lang,
                    source=source,
                    where=cut(where(loc), NAME_EXCERPT),
                    kind=kind,
                    hint=hint,
                    valid=valid,
                )
            )
            continue
        value: Any = e.get("input")
        shown = "" if e["type"] == "missing" or isinstance(value, dict) else f" = {excerpt(value)}"
        where_shown = cut(where(loc), NAME_EXCERPT)
        lines.append(
            _words(
                "line",
                lang,
                source=source,
                where=where_shown,
                shown=shown,
                problem=_problem(e, lang),
                allowed=allowed(loc),
            )
        )
    return "\n".join(lines)


def _problem(e: Any, lang: str) -> str:
    """What is wrong, in ``lang``: a validator's own words when it gave both languages, else pydantic's sentence."""
    error = (e.get("ctx") or {}).get("error")
    if e["type"] == "value_error" and isinstance(error, BaseException):
        return said(error, lang) if getattr(error, "words", None) else e["msg"].removeprefix("Value error, ")
    english = str(e["msg"]).removeprefix("Value error, ")
    key = f"p_{e['type']}"
    if key not in _words:
        return english
    ctx = {k: v for k, v in (e.get("ctx") or {}).items() if isinstance(v, (int, float, str))}
    try:
        return pick(lang, _words(key, "zh", **ctx), english)
    except (KeyError, IndexError):  # a context this type's words do not expect
        return english

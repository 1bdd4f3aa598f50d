"""The word catalogue: every sentence and label a user reads, in Chinese and English, one entry each.

The entries live in ``sim/words/<book>.toml``, one line each: ``key = ["中文", "English"]``, with
``{name}`` placeholders (``str.format``) that both languages share. A book holds the words of one
study or page (``run``, ``many``, ``optimise``, ``discover``, ``pictures``, ``demo`` ...); a key is
``"<book>.<key>"`` in the catalogue. A book may list, under ``_dynamic``, the prefixes of keys that
code builds at run time (``"p_"`` for ``f"p_{name}"``), so that the check for unused keys
(``tests/test_words.py``) knows them.

Read words through :func:`text` (``text("run.title", lang, name=..., span=...)``) or a module's
:class:`Book` (``w = Book("run")``; ``w("title", lang, ...)``). Adding a word is one line in one file.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

LANGS = ("zh", "en")
FOLDER = Path(__file__).parent


def check_lang(lang: str) -> str:
    """``lang`` if it is a language of the catalogue; else a ValueError naming both."""
    if lang not in LANGS:
        raise ValueError(f"语言只能是 zh 或 en（收到 {lang!r}）/ language must be zh or en (got {lang!r})")
    return lang


def pick(lang: str, zh: str, en: str) -> str:
    """``zh`` or ``en`` by ``lang``: the one place that chooses between the two languages."""
    return zh if lang == "zh" else en


def books() -> tuple[str, ...]:
    """The names of every book of the catalogue (its files), sorted."""
    return tuple(sorted(p.stem for p in FOLDER.glob("*.toml")))


@cache
def entries(book: str) -> dict[str, tuple[str, str]]:
    """Key -> (中文, English) of one book, as written (placeholders unfilled)."""
    path = FOLDER / f"{book}.toml"
    with path.open("rb") as f:
        table = tomllib.load(f)
    found: dict[str, tuple[str, str]] = {}
    for key, value in table.items():
        if key.startswith("_"):
            continue
        if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)):
            raise ValueError(f"{path.name}: {key}: an entry is [中文, English] (got {value!r})")
        found[key] = (value[0], value[1])
    return found


@cache
def dynamic_prefixes(book: str) -> tuple[str, ...]:
    """The prefixes of the keys of ``book`` that code builds at run time (its ``_dynamic`` list)."""
    with (FOLDER / f"{book}.toml").open("rb") as f:
        return tuple(tomllib.load(f).get("_dynamic", ()))


def placeholders(template: str) -> set[str]:
    """The names of the ``{placeholders}`` of ``template``."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def text(key: str, lang: str = "zh", **fields: Any) -> str:
    """The words of ``key`` (``"<book>.<key>"``) in ``lang``, with ``fields`` filled in."""
    book, _, name = key.partition(".")
    return Book(book)(name, lang, **fields)


class Book:
    """The words of one book, called as ``book(key, lang, **fields)``.

    A sentence called without fields is returned as written (so a literal brace stays single).
    """

    def __init__(self, name: str) -> None:
        self.name = name

    @property
    def _entries(self) -> dict[str, tuple[str, str]]:
        return entries(self.name)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __call__(self, key: str, lang: str = "zh", **fields: Any) -> str:
        """The words of ``key`` in ``lang`` with ``fields`` filled in."""
        try:
            zh, en = self._entries[key]
        except KeyError:
            raise KeyError(f"no words for {self.name}.{key} in sim/words/{self.name}.toml") from None
        words = pick(lang, zh, en)
        return words.format(**fields) if fields else words

    def pair(self, key: str) -> tuple[str, str]:
        """(中文, English) of ``key``, unfilled."""
        return self._entries[key]

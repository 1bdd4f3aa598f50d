"""Vocabularies and registries: the words and the pluggable parts of each concept.

A vocabulary holds the words of one concept (career stages, pairing forms, matching rules, methods,
outcomes) in one table each, with their code, Chinese and English label, colour and order.

Every report, plot, the demo and the lineage drawing read labels from these tables, so a word
is written once. A ``Vocabulary`` is an ordered, read-only mapping from code to ``Term``.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from sim.words import LANGS, pick

__all__ = ["LANGS", "Registry", "Term", "Vocabulary", "discover"]


@dataclass(frozen=True)
class Term:
    """One word of a vocabulary.

    Attributes:
        code: the name used in scenario files, tables and code (``one_to_many``).
        zh: the Chinese label planners read (一对多).
        en: the English label.
        colour: a hex colour for plots ("" when the concept has none).
        meaning: one plain sentence of what it is.
    """

    code: str
    zh: str
    en: str
    colour: str = ""
    meaning: str = ""

    def label(self, lang: str = "zh") -> str:
        """The label in ``lang`` ("zh" or "en")."""
        return pick(lang, self.zh, self.en)


class Vocabulary[T: Term](Mapping[str, T]):
    """An ordered table of terms of one concept, looked up by code."""

    def __init__(self, concept: str, terms: Iterable[T]):
        self.concept = concept
        self._terms: dict[str, T] = {}
        for term in terms:
            if term.code in self._terms:
                raise ValueError(f"{concept}: code {term.code!r} appears twice")
            self._terms[term.code] = term

    def __getitem__(self, code: str) -> T:
        try:
            return self._terms[code]
        except KeyError:
            raise KeyError(f"unknown {self.concept} {code!r} (known: {', '.join(self._terms)})") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._terms)

    def __len__(self) -> int:
        return len(self._terms)

    def codes(self) -> tuple[str, ...]:
        """Every code, in display order."""
        return tuple(self._terms)

    def label(self, code: str, lang: str = "zh") -> str:
        """The label of ``code`` in ``lang``."""
        return self[code].label(lang)

    def labels(self, lang: str = "zh") -> dict[str, str]:
        """Code -> label in ``lang``, in display order."""
        return {code: term.label(lang) for code, term in self._terms.items()}

    def code_for(self, text: str) -> str:
        """The code of ``text``, given as a code or as a label in either language."""
        if text in self._terms:
            return text
        for code, term in self._terms.items():
            if text in (term.zh, term.en):
                return code
        raise ValueError(f"unknown {self.concept} {text!r} (known: {', '.join(self._terms)})")


class Registry[T: Term]:
    """Named implementations of one pluggable part (matching rules, pairing forms, backends).

    Each implementation lives in its own module of a package and registers itself there with
    ``REGISTRY.register(...)``; the package's ``__init__`` calls ``discover`` so that a new
    implementation is one new module, with nothing else to edit.
    """

    def __init__(self, concept: str):
        self.concept = concept
        self._items: dict[str, T] = {}

    def register(self, item: T) -> T:
        """Add ``item`` under its code; a code may be registered once."""
        if item.code in self._items:
            raise ValueError(f"{self.concept} {item.code!r} is registered twice")
        self._items[item.code] = item
        return item

    def vocabulary(self) -> Vocabulary[T]:
        """The registered items as a vocabulary, ordered by their ``order`` attribute, then code."""
        items = sorted(self._items.values(), key=lambda item: (getattr(item, "order", 0), item.code))
        return Vocabulary(self.concept, items)


def discover(package: str, path: Iterable[str]) -> None:
    """Import every module of ``package`` (found on ``path``), so that each registers itself."""
    for module in pkgutil.iter_modules(list(path)):
        if not module.name.startswith("_"):
            importlib.import_module(f"{package}.{module.name}")

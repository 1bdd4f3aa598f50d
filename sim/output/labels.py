"""Bilingual words (中文 / English) of pictures and pages.

Words and pages that are not a vocabulary of the model:
titles, hints, control names. Stages, forms, rules, methods and outcomes have their labels in
their own vocabularies (``sim.model``); the font that draws Chinese is ``sim.output.plotting``'s.
"""

from __future__ import annotations

from typing import Any

from sim.vocab import LANGS
from sim.words import Book

__all__ = ["LANGS", "t"]

_T = Book("pictures")


def t(key: str, lang: str = "zh", **fmt: Any) -> str:
    """The label for ``key`` in ``lang`` ("zh" or "en"), formatted with ``fmt``."""
    return _T(key, lang, **fmt) if key in _T else key

"""The demo page's own words (中文 / English): buttons, messages, chart and network labels.

Words shared with the pictures and reports (titles, control names, series names) stay in
``sim.output.labels``; :func:`w` looks here first and falls back to ``sim.output.labels.t``.
"""

from __future__ import annotations

from typing import Any

from sim.output.labels import t
from sim.words import Book

_W = Book("demo")


def w(key: str, lang: str = "zh", **fmt: Any) -> str:
    """The demo's label for ``key`` in ``lang``, formatted with ``fmt`` (else ``sim.output.labels.t``).

    Args:
        key: the word's key.
        lang: "zh" or "en".
        **fmt: values for the placeholders.

    Returns:
        The text.
    """
    if key not in _W:
        return t(key, lang, **fmt)
    return _W(key, lang, **fmt)


def short(key: str, lang: str) -> str:
    """A control's name without its explanation in brackets ("Intake (young cadres per year)" -> "Intake")."""
    return w(key, lang).split("（")[0].split(" (")[0]

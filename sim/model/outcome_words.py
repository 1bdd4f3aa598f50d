"""The words of the headline outcomes beyond their labels: a unit's word and an outcome's plain meaning.

They live in the word catalogue (``sim/words/outcomes.toml``: ``u_<unit>`` and ``m_<outcome>``);
these two look-ups read it, so a report, a workbook or a terminal table says "335,099 小时 —
整个运行期间导师投入的帮带时数" from one entry. Assertions keep the book in step with ``OUTCOMES``.
"""

from __future__ import annotations

from sim.model.outcomes import OUTCOMES
from sim.words import Book

_words = Book("outcomes")

assert all(f"m_{code}" in _words for code in OUTCOMES), "sim/words/outcomes.toml needs m_<code> for every outcome"
assert all(f"u_{o.unit}" in _words for o in OUTCOMES.values()), "sim/words/outcomes.toml needs u_<unit> for every unit"


def unit_label(unit: str, lang: str = "zh") -> str:
    """The word of ``unit`` (a unit code of ``OUTCOMES``) in ``lang``; the code itself if unknown."""
    return _words(f"u_{unit}", lang) if f"u_{unit}" in _words else unit


def meaning(code: str, lang: str = "zh") -> str:
    """The plain meaning of outcome ``code`` in ``lang``."""
    return _words(f"m_{code}", lang)

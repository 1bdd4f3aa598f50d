"""Numbers and dates as people read them: one formatter for every report, table and terminal line.

Never scientific notation; thousands separators; as many decimals as the size calls for; shares
as percentages; hours as whole hours; calendar months as 2004年4月 (Chinese) or Apr 2004 (English).
Every function takes ``lang`` ("zh" or "en") where words or the "missing" mark differ; those words
are entries of the catalogue (``sim/words/numbers.toml``; month names: ``pictures.month_<m>``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from sim.words import Book

_words = Book("numbers")  # the missing mark, a span's dash, a list's separator
_calendar = Book("pictures")  # calendar months: cal_month, month_<m>


def _missing(x: float | int | None) -> bool:
    return x is None or (isinstance(x, float) and not math.isfinite(x))


def number(x: float | int | None, digits: int | None = None, lang: str = "en") -> str:
    """``x`` as a reader wants to see it.

    Args:
        x: the number (None or nan: missing, "n/a" in English, "—" in Chinese).
        digits: fixed decimals, with thousands separators; None: as many as the size calls for
            (1,234 / 12.3 / 0.123 / 0.0012; whole numbers whole).
        lang: "zh" or "en" (only the missing mark differs).

    Returns:
        The text, never in scientific notation.
    """
    if _missing(x):
        return _words("missing", lang)
    assert x is not None
    if digits is not None:
        return f"{x:,.{digits}f}"
    ax = abs(x)
    if float(x).is_integer():
        return f"{int(x):,}"
    if ax >= 100:
        return f"{x:,.0f}"
    if ax >= 10:
        return f"{x:.1f}"
    if ax >= 0.01:
        return f"{x:.3g}"
    decimals = min(-math.floor(math.log10(ax)) + 1, 12)  # two significant digits, in positional form
    return f"{x:.{decimals}f}".rstrip("0").rstrip(".") or "0"


def percent(share: float | None, digits: int = 0, lang: str = "en") -> str:
    """A share (0-1) as a percentage ("57%"), the missing mark when missing."""
    if _missing(share):
        return _words("missing", lang)
    assert share is not None
    return f"{100 * share:,.{digits}f}%"


def quantity(x: float | None, unit: str, lang: str = "zh", unit_label: str | None = None) -> str:
    """A value with its unit, rounded for its kind.

    Args:
        x: the value.
        unit: the unit's code (``sim.model.outcome_words.UNITS``): "fraction" is shown as a
            percentage, "hours", "people" and other counts as whole numbers, "months" to the month.
        lang: "zh" or "en".
        unit_label: the unit's word in ``lang`` (default: none is appended).

    Returns:
        "335,099 小时", "74%", "1.44 人/名导师" ...
    """
    if _missing(x):
        return _words("missing", lang)
    assert x is not None
    if unit == "fraction":
        text = percent(x, lang=lang)
    elif " per " in unit or unit.startswith("skill"):  # ratios and skill levels: two decimals
        text = number(x, 2, lang)
    elif float(x).is_integer() or abs(x) >= 10:  # counts, hours, months: whole
        text = number(round(x), lang=lang)
    else:
        text = number(x, 1, lang)
    return f"{text} {unit_label}" if unit_label and unit != "fraction" else text


def month_text(year: int, month: int, lang: str = "zh") -> str:
    """A calendar month: 2004年4月 or Apr 2004."""
    return _calendar("cal_month", lang, y=year, mon=_calendar(f"month_{month}", lang))


def span_text(first: tuple[int, int], last: tuple[int, int], lang: str = "zh") -> str:
    """A calendar span of months: 2004年4月—2025年5月 or Apr 2004 - May 2025."""
    return _words("span", lang, first=month_text(*first, lang=lang), last=month_text(*last, lang=lang))


def listing(items: Iterable[str], lang: str = "zh") -> str:
    """Words in a row: 一、二 (Chinese) or one, two (English)."""
    return _words("list_sep", lang).join(items)


def years_text(first: tuple[int, int], last: tuple[int, int]) -> str:
    """The calendar years a span covers, for titles: "2004-2025" (one year: "2004")."""
    return f"{first[0]}" if first[0] == last[0] else f"{first[0]}-{last[0]}"

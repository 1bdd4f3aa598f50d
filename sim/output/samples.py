"""A median or a share with the number of people it rests on, marked when they are few.

Every median and share a planner reads is followed by its n: "30 个月（n=2，少于20人，仅供参考）" /
"30 months (n=2, fewer than 20 people)". A figure from fewer than ``SMALL_SAMPLE`` people is
marked, so that "0%" of 14 cadres is not read like "0%" of 1,400. The words are entries of the
catalogue (``sim/words/samples.toml``); the value itself is formatted by ``sim.output.numbers``.
"""

from __future__ import annotations

import math

from sim.output.numbers import number, percent, quantity
from sim.words import Book

w = Book("samples")

SMALL_SAMPLE = 20  # fewer people than this: the figure is marked "for reference only"


def is_small(n: float | int | None) -> bool:
    """Whether a figure from ``n`` people is too small to read as a county's figure (n < 20)."""
    return n is None or (isinstance(n, float) and not math.isfinite(n)) or n < SMALL_SAMPLE


def n_note(n: float | int | None, lang: str = "zh") -> str:
    """The note after a figure: "（n=312）", "（n=2，少于20人，仅供参考）" or for nobody "（n=0，无人可计）"."""
    if n is None or (isinstance(n, float) and not math.isfinite(n)) or n <= 0:
        return w("n_none", lang)
    count = number(int(n), lang=lang)
    if is_small(n):
        return w("n_small", lang, n=count, limit=SMALL_SAMPLE)
    return w("n_only", lang, n=count)


def with_n(value: str, n: float | int | None, lang: str = "zh") -> str:
    """``value`` (already formatted) followed by its n: "30 个月（n=2，少于20人，仅供参考）"."""
    return w("figure", lang, value=value, n=n_note(n, lang))


def sampled(x: float | None, n: float | int | None, unit: str, lang: str = "zh", unit_label: str | None = None) -> str:
    """A median or share of ``n`` people, formatted for its unit, with its n.

    Args:
        x: the figure (nan or None: missing).
        n: how many people it rests on (the denominator of a share, the people a median is of).
        unit: the unit's code ("fraction" for a share, "months" ...; ``sim.output.numbers.quantity``).
        lang: "zh" or "en".
        unit_label: the unit's word in ``lang`` (default: none).

    Returns:
        "30 个月（n=2，少于20人，仅供参考）", "74% (n=1,112)" ...
    """
    return with_n(quantity(x, unit, lang, unit_label), n, lang)


def share_of(part: float | int, whole: float | int, lang: str = "zh") -> str:
    """``part`` of ``whole`` as a percentage with n = ``whole``: "10% (n=1,112)"; missing for nobody."""
    share = part / whole if whole else float("nan")
    return with_n(percent(share, lang=lang), whole, lang)

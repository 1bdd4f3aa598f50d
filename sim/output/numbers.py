"""Numbers as people read them: one formatter for every report, table and terminal line."""

from __future__ import annotations

import math


def number(x: float | int | None, digits: int | None = None) -> str:
    """``x`` as a reader wants to see it.

    "n/a" when missing; ``digits`` fixed decimals with thousands separators;
    else as many digits as the size calls for (1,234 / 12.3 / 0.123 / 0.0012; whole numbers whole).
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if digits is not None:
        return f"{x:,.{digits}f}"
    ax = abs(x)
    if float(x).is_integer() and ax < 1e15:
        return f"{int(x):,}"
    if ax >= 100:
        return f"{x:,.0f}"
    if ax >= 10:
        return f"{x:.1f}"
    if ax >= 0.01 or ax == 0:
        return f"{x:.3g}"
    return f"{x:.2g}"


def percent(share: float | None, digits: int = 0) -> str:
    """A share (0-1) as a percentage ("57%"), "n/a" when missing."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "n/a"
    return f"{100 * share:.{digits}f}%"

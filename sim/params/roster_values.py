"""Cells of a roster as departments write them: text made plain, and a year out of the date forms in use.

``year_of`` reads the year of 出生年月 / 参加工作时间 written as 1986, 1986.03, 1986.3, 1992年2月,
2014-07, 2014/7/1, 198603, 19860315, full-width digits (１９８６．０３), a date cell, or an Excel date
number (a date cell saved without its format: 31107 is 1985-03-01); a month, if given, must be 1 to 12.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

_DATE = re.compile(r"^(\d{4})(?:\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?|\s*月?)?|\s*年)?$")
_PACKED = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")  # 198603, 19860315
EXCEL_EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel's date numbers (as Excel counts after 1900-02-28)
SERIALS = (3_000, 73_050)  # Excel date numbers read as dates: 1908 to 2099
FIRST_YEAR, LAST_YEAR = 1900, 2100


def plain(value: Any) -> str:
    """A cell as text: full-width forms made half-width (NFKC), integers without ``.0``, ends stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    return unicodedata.normalize("NFKC", str(value)).strip()


def header_key(value: Any) -> str:
    """A header as compared with the known ones: plain, no spaces or line breaks, no marks (*, ※), lower case."""
    return re.sub(r"[\s*※★:：]+", "", plain(value)).lower()


def header_stem(key: str) -> str:
    """A header key without a bracketed addition: 出生年月(年.月) -> 出生年月."""
    return re.sub(r"[(\[【].*?[)\]】]", "", key)


def year_of(value: Any) -> int | None:
    """The year of a date cell, or None if the cell is no date in a form departments use."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not value.is_integer():
            text = f"{value:.2f}"  # 1986.03 typed in a cell is the number 1986.03
        elif SERIALS[0] <= value <= SERIALS[1]:
            return (EXCEL_EPOCH + dt.timedelta(days=int(value))).year
        else:
            text = str(int(value))
    else:
        text = plain(value)
    match = _DATE.match(text) or _PACKED.match(text)
    if not match:
        return None
    year, month = int(match.group(1)), match.group(2)
    if month is not None and not 1 <= int(month) <= 12:
        return None
    return year if FIRST_YEAR <= year <= LAST_YEAR else None

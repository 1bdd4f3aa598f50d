"""A sheet of a workbook laid out for reading: a table and its formats (XlsxWriter).

The header row bold and frozen, a filter on it, each column as wide as its content (a Chinese
character counts two), numbers in the format of what they are (:data:`sim.output.columns.NUMBER_FORMATS`:
a share stored as the fraction shows as 74.4%, hours as 335,099). A :class:`Sheet` is a title, a
header, rows and the kind of number of each column (or of single cells, where a column mixes
units); :func:`write_sheets` makes a workbook of sheets, written whole or not at all. Example::

    Sheet("主要指标", ["指标", "数值"], [["骨干占比", 0.744], ["导师时数", 335099.2]],
          cell_formats={(0, 1): "share", (1, 1): "hours"})
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from xlsxwriter import Workbook  # type: ignore[import-untyped]
from xlsxwriter.format import Format  # type: ignore[import-untyped]
from xlsxwriter.worksheet import Worksheet  # type: ignore[import-untyped]

from sim.output.columns import NUMBER_FORMATS
from sim.words import Book

MAX_ROWS = 1_048_575  # an Excel sheet's rows, less the header
MIN_WIDTH, MAX_WIDTH = 6, 60  # a column's width in characters (a filter's button needs about 2)
_WIDTH_SAMPLE = 500  # a long column's width is measured on its first cells and as many spread over the rest
_words = Book("columns")  # a study's sheet names and headers


def cell_value(value: Any) -> Any:
    """A value a cell can store: numpy scalars as Python ones; nan and pandas' NA as blank."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def text_width(text: str) -> int:
    """Columns ``text`` takes in a spreadsheet: a wide (Chinese) character counts two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _shown(value: Any, kind: str | None) -> str:
    """About how a cell shows in its number format (for the column's width)."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        shown = {"share": "{:.1%}", "hours": "{:,.0f}", "count": "{:,.0f}", "months": "{:.0f}"}
        return shown.get(kind or "", "{:.2f}" if kind else "{:.10g}").format(value)
    return str(value)


def column_width(header: str, values: Sequence[Any], kind: str | None = None) -> int:
    """A column's width in characters: its header or its widest cell, within :data:`MIN_WIDTH`..:data:`MAX_WIDTH`.

    A long column is measured on its first cells and on cells spread over the rest (a width, not a count).
    """
    step = max(1, len(values) // _WIDTH_SAMPLE)
    sample = {*values[:_WIDTH_SAMPLE], *values[::step]}
    widest = max((text_width(_shown(v, kind)) for v in sample), default=0)
    return max(MIN_WIDTH, min(MAX_WIDTH, max(widest, text_width(header) + 2) + 1))


class Formats:
    """The workbook's cell formats, each made once: the bold header and the number formats by kind."""

    def __init__(self, book: Workbook) -> None:
        """Formats of ``book``."""
        self.book = book
        self.bold = book.add_format({"bold": True})
        self._numbers: dict[str, Format] = {}

    def number(self, kind: str | None) -> Format | None:
        """The format of a kind of number (a key of ``NUMBER_FORMATS``); None for none."""
        if kind is None:
            return None
        if kind not in self._numbers:
            self._numbers[kind] = self.book.add_format({"num_format": NUMBER_FORMATS[kind]})
        return self._numbers[kind]


def lay_out(
    ws: Worksheet,
    formats: Formats,
    header: Sequence[str],
    widths: Sequence[int],
    kinds: Sequence[str | None],
    rows: int,
) -> None:
    """Widths and number formats of the columns, the header written bold and frozen, a filter over ``rows`` rows."""
    for k, (width, kind) in enumerate(zip(widths, kinds, strict=True)):
        ws.set_column(k, k, width, formats.number(kind))
    ws.freeze_panes(1, 0)
    ws.write_row(0, 0, header, formats.bold)
    if header:
        ws.autofilter(0, 0, max(rows, 1), len(header) - 1)


@dataclass(frozen=True)
class Sheet:
    """A small table on a sheet: its title, header, rows and formats, written cell by cell.

    ``formats`` gives each column's kind of number (a key of ``NUMBER_FORMATS``, None: as stored);
    ``cell_formats`` a cell's own, ``(row, column) -> kind``, where a column mixes units (a summary's
    values). Rows beyond a sheet continue on sheets named ``title (2)`` ...
    """

    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[Any]]
    formats: Sequence[str | None] = ()
    cell_formats: Mapping[tuple[int, int], str] = field(default_factory=dict)

    def write(self, book: Workbook, formats: Formats) -> None:
        """Write the sheet(s) into ``book``."""
        rows = [[cell_value(v) for v in row] for row in self.rows]
        kinds = list(self.formats) or [None] * len(self.header)
        columns = list(zip(*rows, strict=True)) if rows else [() for _ in self.header]
        widths = [column_width(h, c, k) for h, c, k in zip(self.header, columns, kinds, strict=True)]
        for part, start in enumerate(range(0, max(len(rows), 1), MAX_ROWS), 1):
            ws = book.add_worksheet(self.title if part == 1 else f"{self.title} ({part})")
            chunk = rows[start : start + MAX_ROWS]
            lay_out(ws, formats, self.header, widths, kinds, len(chunk))
            for r, row in enumerate(chunk):
                for c, value in enumerate(row):
                    own = self.cell_formats.get((start + r, c))
                    ws.write(r + 1, c, value, formats.number(own)) if own else ws.write(r + 1, c, value)


def write_sheet(book: Workbook, bold: Format, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Rows under a bold header, laid out for reading, on as many sheets as they need (a blank cell for None)."""
    formats = Formats(book)
    formats.bold = bold
    Sheet(title, header, [list(r) for r in rows]).write(book, formats)


_SUFFIXES = ("_sets_mean", "_sets_min", "_sets_max", "_low", "_high")  # an outcome's column with a suffix
# columns holding an outcome's value in a table with an ``outcome`` column: formatted by that outcome's unit
OUTCOME_VALUES = frozenset(
    "mean sd ci_low ci_high p10 p90 diff_mean diff_ci_low diff_ci_high gap gap_low gap_high least_set_gap most_set_gap".split()
)
_STUDY_KINDS = {"relative": "share", "t_test_p": "p", "wilcoxon_p": "p"}


def _outcome_of(column: str) -> tuple[str, str] | None:
    """(outcome, suffix) of a column named after an outcome (``backbones``, ``backbones_low``); None otherwise."""
    from sim.model.outcomes import OUTCOMES

    if column in OUTCOMES:
        return column, ""
    for suffix in _SUFFIXES:
        if column.endswith(suffix) and column.removesuffix(suffix) in OUTCOMES:
            return column.removesuffix(suffix), suffix
    return None


def study_header(column: str, lang: str) -> str:
    """A study table's column in words: the catalogue's header, an outcome's name (with its suffix), a parameter's."""
    from sim.model.outcomes import OUTCOMES
    from sim.output.columns import column_label
    from sim.output.names import parameter_name

    found = _outcome_of(column)
    if found is not None:  # an outcome's name before a series column's header of the same code
        return (
            _words(f"of{found[1]}", lang, name=OUTCOMES.label(found[0], lang))
            if found[1]
            else OUTCOMES.label(column, lang)
        )
    label = column_label(column, lang)
    if label != column:
        return label
    return parameter_name(column, lang)


def _study_kind(column: str) -> str | None:
    from sim.model.outcomes import OUTCOMES
    from sim.output.columns import UNIT_FORMATS, number_format

    found = _outcome_of(column)
    if found is not None:
        return UNIT_FORMATS.get(OUTCOMES[found[0]].unit)
    return _STUDY_KINDS.get(column) or number_format(column)


def _cells(column: pd.Series) -> list[Any]:
    """A column's cells: blanks for missing, whole numbers beyond Excel's 15 digits (seeds) as text."""
    values = [cell_value(v) for v in column.astype(object).tolist()]
    return [str(v) if type(v) is int and abs(v) >= 10**15 else v for v in values]


def frame_sheet(title: str, frame: pd.DataFrame, lang: str) -> Sheet:
    """A study's table as a sheet: headers in ``lang``, each number in the format of what it is.

    A table with an ``outcome`` column (a comparison's) formats each row's values by its outcome's
    unit (a share as a percentage); a column named after an outcome (a search's trials), by that
    outcome's unit. A ``month`` beside a decimal ``year`` becomes the calendar month (``2021-04``); a
    ``series`` column names its series in words.
    """
    from sim.model.outcomes import OUTCOMES
    from sim.output.columns import UNIT_FORMATS, column_label

    frame = frame.reset_index(drop=True)
    if {"month", "year"} <= set(frame.columns):
        total = (pd.to_numeric(frame["year"]) * 12).round().astype("Int64") - 1
        dates = [None if pd.isna(t) else f"{int(t) // 12}-{int(t) % 12 + 1:02d}" for t in total]
        frame = frame.drop(columns="year").assign(month=dates)
    if "series" in frame:
        frame = frame.assign(series=[column_label(str(v), lang) for v in frame["series"]])
    codes = [str(c) for c in frame.columns]
    kinds = [None if c == "month" else _study_kind(c) for c in codes]
    cells: dict[tuple[int, int], str] = {}
    if "outcome" in frame:
        valued = [k for k, c in enumerate(codes) if c in OUTCOME_VALUES]
        for r, outcome in enumerate(frame["outcome"].tolist()):
            kind = UNIT_FORMATS.get(OUTCOMES[outcome].unit) if outcome in OUTCOMES else None
            cells.update({(r, k): kind for k in valued if kind})
    rows = [list(row) for row in zip(*(_cells(frame[c]) for c in frame.columns), strict=True)] if len(frame) else []
    return Sheet(title, [study_header(c, lang) for c in codes], rows, kinds, cells)


def write_study_workbook(path: Path, tables: Mapping[str, pd.DataFrame | None], lang: str = "zh") -> Path:
    """A study's workbook (``results.xlsx``): a sheet for each of its tables, named by the file it is (``table``).

    Args:
        path: the ``.xlsx`` file to write (whole or not at all).
        tables: the CSV file's stem (``table``, ``differences``, ``trials`` ...) -> its table; None: left out.
        lang: "zh" or "en" (sheet names, headers, words in cells).
    """
    sheets = [
        frame_sheet(_words(f"sheet_{name}", lang), frame, lang) for name, frame in tables.items() if frame is not None
    ]
    return write_sheets(path, sheets)


def write_sheets(path: Path, sheets: Iterable[Sheet]) -> Path:
    """A workbook of ``sheets`` at ``path``, written under a temporary name and renamed (never half written)."""
    from sim.adapters.xlsxwriter import DeflatedWorkbook
    from sim.files import atomic_write

    def write(tmp: Path) -> None:
        options = {"strings_to_formulas": False, "strings_to_urls": False}
        book = DeflatedWorkbook(str(tmp), options, 1)
        formats = Formats(book)
        for sheet in sheets:
            sheet.write(book, formats)
        book.close()

    return atomic_write(path, write)

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

MAX_ROWS = 1_048_575  # an Excel sheet's rows, less the header
MIN_WIDTH, MAX_WIDTH = 6, 60  # a column's width in characters (a filter's button needs about 2)
_WIDTH_SAMPLE = 2_000  # a long column's width is measured on its first cells and its extremes


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
    """A column's width in characters: its header or its widest cell, within :data:`MIN_WIDTH`..:data:`MAX_WIDTH`."""
    sample = list(values[:_WIDTH_SAMPLE])
    numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if len(values) > _WIDTH_SAMPLE and numbers:
        sample += [min(numbers), max(numbers)]
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


def frame_sheet(title: str, frame: pd.DataFrame, lang: str, headers: Mapping[str, str] | None = None) -> Sheet:
    """A study's table as a sheet: headers in ``lang``, each number in the format of what it is.

    A column's header is ``headers[code]``, else the catalogue's (``sim.output.columns.column_label``).
    A table with an ``outcome`` column (a comparison's, a search's) formats each row's numbers by its
    outcome's unit (a share as a percentage); a column named after an outcome (a search's trials), by
    that outcome's unit; other columns by their name (``sim.output.columns.number_format``).
    """
    from sim.model.outcomes import OUTCOMES
    from sim.output.columns import UNIT_FORMATS, column_label, number_format

    codes = [str(c) for c in frame.columns]
    header = [(headers or {}).get(c) or column_label(c, lang) for c in codes]
    kinds = [UNIT_FORMATS.get(OUTCOMES[c].unit) if c in OUTCOMES else number_format(c) for c in codes]
    cells: dict[tuple[int, int], str] = {}
    if "outcome" in frame:
        numeric = [k for k, c in enumerate(codes) if pd.api.types.is_float_dtype(frame[c])]
        for r, outcome in enumerate(frame["outcome"].tolist()):
            kind = UNIT_FORMATS.get(OUTCOMES[outcome].unit) if outcome in OUTCOMES else None
            cells.update({(r, k): kind for k in numeric if kind})
    rows = frame.astype(object).where(frame.notna(), None).values.tolist()
    return Sheet(title, header, rows, kinds, cells)


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

"""``results.xlsx``: every table of a run in one Excel workbook, a sheet per table (XlsxWriter).

Sheets (Chinese names and headers by default, English with ``lang="en"``): about (the scenario,
its span, overrides, how to read blanks), summary (every headline figure with unit and meaning),
by category, the monthly series, pairs, cadres, events, lineage cohorts and the scenario's
parameters. Categorical cells (stage, kind, rank, event, end reason) are in words; "never" is a
blank cell, as in the CSV files. A table longer than a sheet (1,048,575 rows) continues on
sheets named ``events (2)`` ...

The run's tables (half a million cells for a county) are written a column at a time: each
column's cells become sheet XML in one pass (:func:`_column_xml`, the same text XlsxWriter
writes cell by cell, a test compares the two byte for byte) and go straight into XlsxWriter's
constant-memory row file; XlsxWriter still makes the package, the header, styles and panes. The
row file and the package's deflate level (:data:`ZIP_LEVEL`: 1, not zlib's default 6: the same
parts, about a fifth larger, a third less CPU) are XlsxWriter internals, reached only through
:mod:`sim.adapters.xlsxwriter`; without them, cells are written one by one (:func:`write_sheet`).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from xlsxwriter import Workbook  # type: ignore[import-untyped]
from xlsxwriter.format import Format  # type: ignore[import-untyped]
from xlsxwriter.utility import xl_col_to_name  # type: ignore[import-untyped]
from xlsxwriter.worksheet import Worksheet  # type: ignore[import-untyped]

from sim.adapters import xlsxwriter as xlsx
from sim.model.outcome_words import meaning, unit_label
from sim.model.outcomes import OUTCOMES
from sim.output.columns import VALUE_VOCABULARIES, column_label, value_label
from sim.output.table import Column, Table
from sim.words import Book

MAX_ROWS = 1_048_575  # an Excel sheet's rows, less the header
MAX_TEXT = 16_383  # longer text goes cell by cell (XlsxWriter cuts text above 32,767 UTF-16 units)
_PLAIN = (type(None), bool, int, float, str)  # what a column's cells may be on the fast path
_BULK = xlsx.BULK_ROWS  # XlsxWriter's row file is reachable: tables go a column at a time
_BREAKDOWN_VOCABULARIES = ("mentees_by_kind", "promotions_by_rank", "seconded_later", "fecundity")
w = Book("run")  # sheet names and headers of the run's workbook
ZIP_LEVEL: int | None = 1  # deflate level of the package (None: XlsxWriter's, zlib's default 6)


def cell_value(value: Any) -> Any:
    """A value a cell can store: numpy scalars as Python ones; nan and pandas' NA as blank."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _values(column: pd.Series) -> list[Any]:
    """A column's cells as ``cell_value`` gives them, whole numeric columns at once (the big tables' hot path)."""
    if isinstance(column.dtype, np.dtype) and column.dtype.kind in "iub":
        return column.to_numpy().tolist()  # Python ints and bools
    if isinstance(column.dtype, np.dtype) and column.dtype.kind == "f":
        a = column.to_numpy()
        values = a.tolist()
        for i in np.flatnonzero(~np.isfinite(a)).tolist():
            values[i] = None
        return values
    if pd.api.types.is_signed_integer_dtype(column.dtype):  # nullable whole numbers (Int64): blank for never
        values = column.to_numpy(dtype="int64", na_value=0).tolist()
        for i in np.flatnonzero(column.isna().to_numpy()).tolist():
            values[i] = None
        return values
    return [v if type(v) is str or v is None else cell_value(v) for v in column.to_numpy(dtype=object).tolist()]


def write_sheet(book: Workbook, bold: Format, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Rows under a bold header, on as many sheets as they need (a blank cell for None)."""
    part, ws, count = 0, None, 0
    for row in rows:
        if ws is None or count >= MAX_ROWS:
            part += 1
            ws = book.add_worksheet(title if part == 1 else f"{title} ({part})")
            ws.freeze_panes(1, 0)
            ws.write_row(0, 0, header, bold)
            count = 0
        count += 1
        ws.write_row(count, 0, row)
    if ws is None:  # an empty table still has its sheet and header
        ws = book.add_worksheet(title)
        ws.write_row(0, 0, header, bold)


def _labels(column: str, values: pd.Series, lang: str) -> pd.Series:
    """A categorical column in words: one look-up per distinct value, not per cell."""
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    words = np.array([value_label(column, v, lang) for v in distinct.tolist()] + [None], dtype=object)
    return pd.Series(words[codes], index=values.index)


def _table(book: Workbook, bold: Format, title: str, frame: pd.DataFrame, lang: str) -> None:
    """A table of the run, headers and categorical cells in ``lang`` (a column at a time where it can)."""
    columns = []
    for column in frame.columns:
        values = frame[column]
        if column == "date":
            values = values.replace("start", w("start_row", lang))
        if column in VALUE_VOCABULARIES or column == "detail":
            values = _labels(column, values, lang)
        columns.append(_values(values))
    header = [column_label(c, lang) for c in frame.columns]
    if not (_BULK and len(frame) and all(_fits(c) for c in columns)):
        write_sheet(book, bold, title, header, zip(*columns, strict=True))
        return
    for part, start in enumerate(range(0, len(frame), MAX_ROWS), 1):
        ws = book.add_worksheet(title if part == 1 else f"{title} ({part})")
        ws.freeze_panes(1, 0)
        ws.write_row(0, 0, header, bold)
        _bulk_rows(ws, [c[start : start + MAX_ROWS] for c in columns])


def _fits(values: list[Any]) -> bool:
    """The column's cells are of the kinds :func:`_column_xml` writes exactly as XlsxWriter would."""
    kinds = set(map(type, values))
    return kinds <= set(_PLAIN) and (str not in kinds or all(len(v) <= MAX_TEXT for v in values if type(v) is str))


def _column_xml(ws: Worksheet, letter: str, values: list[Any]) -> list[str]:
    """The ``<c>`` elements of one column from the sheet's second row on ("" for a blank cell).

    The text XlsxWriter's ``write_row`` gives in constant-memory mode: numbers as ``%.16G``,
    booleans as ``t="b"``, text inline (control characters as ``_xHHHH_``, XML escapes, space kept);
    None and "" are no cell at all.
    """
    kinds = set(map(type, values))
    rows = _row_numbers(len(values))
    if kinds <= {int, type(None)} and _exact(values):  # whole numbers: %.16G writes their digits
        return [
            f'<c r="{letter}{r}"><v>{v}</v></c>' if v is not None else "" for r, v in zip(rows, values, strict=True)
        ]
    if kinds <= {int, float, type(None)}:  # the usual column: one formatted string per cell
        return [
            f'<c r="{letter}{r}"><v>{v:.16G}</v></c>' if v is not None else ""
            for r, v in zip(rows, values, strict=True)
        ]
    texts: dict[str, str] = {}  # a text's cell after its reference, made once per distinct text
    cells = []
    for r, v in zip(rows, values, strict=True):
        if v is None or v == "":
            cells.append("")
        elif type(v) is str:
            tail = texts.get(v) or texts.setdefault(v, xlsx.text_cell_tail(ws, v))
            cells.append(f'<c r="{letter}{r}"{tail}')
        elif type(v) is bool:
            cells.append(f'<c r="{letter}{r}" t="b"><v>{int(v)}</v></c>')
        else:
            cells.append(f'<c r="{letter}{r}"><v>{v:.16G}</v></c>')
    return cells


@functools.lru_cache(maxsize=4)
def _row_numbers(n: int) -> list[str]:
    """The row numbers of ``n`` rows under the header, as text (shared by a sheet's columns: read only)."""
    return [str(r) for r in range(2, n + 2)]


def _exact(values: list[int | None]) -> bool:
    """Every whole number is within 2**53, where ``f"{v:.16G}"`` and ``str(v)`` are the same digits."""
    numbers = [v for v in values if v is not None]
    return not numbers or (-(2**53) <= min(numbers) and max(numbers) <= 2**53)


def _bulk_rows(ws: Worksheet, columns: list[list[Any]]) -> None:
    """Write ``columns`` under the header row of ``ws`` as sheet XML, straight to its row file."""
    xlsx.start_bulk_rows(ws)  # the header row goes to the row file; the next row is the sheet's second
    cells = [_column_xml(ws, xl_col_to_name(k), c) for k, c in enumerate(columns)]
    used = [k for k, c in enumerate(cells) if any(c)]
    last = 0
    chunk: list[str] = []
    for r, row in enumerate(map("".join, zip(*cells, strict=True)), 2):
        if row:  # a row of blank cells is no row at all, as in XlsxWriter
            chunk.append(f'<row r="{r}">{row}</row>')
            last = r
        if len(chunk) >= 4096:
            xlsx.append_rows_xml(ws, "".join(chunk))
            chunk.clear()
    xlsx.append_rows_xml(ws, "".join(chunk))
    xlsx.finish_bulk_rows(ws, last - 1 if last else 0, used[0] if used else 0, used[-1] if used else 0)


def _summary_rows(summary: dict[str, float], lang: str) -> list[list[Any]]:
    return [
        [o.label(lang), summary.get(code), unit_label(o.unit, lang), meaning(code, lang), code]
        for code, o in OUTCOMES.items()
    ]


def _breakdown_rows(breakdown: dict[str, dict[str, float]], lang: str) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for group in _BREAKDOWN_VOCABULARIES:
        for item, value in breakdown.get(group, {}).items():
            label = w(f"bi_{item}", lang) if f"bi_{item}" in w else value_label(group.split("_")[-1], item, lang)
            rows.append([w(f"b_{group}", lang), label, value, f"{group}.{item}"])
    return rows


def write_workbook(
    path: Path,
    tables: dict[str, pd.DataFrame | None],
    summary: dict[str, float],
    breakdown: dict[str, dict[str, float]],
    about: list[tuple[str, str]],
    parameters: dict[str, dict[str, Any]],
    lang: str = "zh",
) -> Path:
    """Write the workbook of one run.

    Args:
        path: the ``.xlsx`` file to write.
        tables: "series", "pairs", "cadres", "events", "cohorts" (None: left out), as written
            to the CSV files (blanks for never).
        summary: the headline figures.
        breakdown: the figures by category (``summary.json``'s groups).
        about: (item, text) lines of the about sheet.
        parameters: the resolved scenario, section -> parameter -> value.
        lang: "zh" or "en" (sheet names, headers, words in cells).

    Returns:
        ``path``.
    """
    # constant memory: rows go to disk as written, strings inline; text is never read as a formula or link
    options = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    book = xlsx.DeflatedWorkbook(str(path), options, ZIP_LEVEL)
    bold = book.add_format({"bold": True})
    Table(w("s_about", lang), [Column(w("c_item", lang)), Column("")], about).sheet(book, bold)
    head = [Column(w(k, lang)) for k in ("c_figure", "c_value", "c_unit", "c_meaning", "c_code")]
    Table(w("s_summary", lang), head, _summary_rows(summary, lang)).sheet(book, bold)
    head = [Column(w(k, lang)) for k in ("c_group", "c_item", "c_value", "c_code")]
    Table(w("s_breakdown", lang), head, _breakdown_rows(breakdown, lang)).sheet(book, bold)
    for name in ("series", "pairs", "cadres", "events", "cohorts"):
        frame = tables.get(name)
        if frame is not None:
            _table(book, bold, w(f"s_{name}", lang), frame, lang)
    rows = [
        [section, key, value if isinstance(value, (int, float, str, bool)) else str(value)]
        for section, values in parameters.items()
        for key, value in values.items()
    ]
    head = [Column(w(k, lang)) for k in ("c_section", "c_parameter", "c_value")]
    Table(w("s_scenario", lang), head, rows).sheet(book, bold)
    book.close()
    return path

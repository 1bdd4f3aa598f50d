"""``results.xlsx``: every table of a run in one Excel workbook, a sheet per table (XlsxWriter).

Sheets (Chinese names and headers by default, English with ``lang="en"``): about (the scenario,
its span, overrides, how to read blanks), summary (every headline figure with unit and meaning),
by category, the monthly series, pairs, cadres, events, lineage cohorts and the scenario's
parameters. Categorical cells (stage, kind, rank, event, end reason) are in words; "never" is a
blank cell, as in the CSV files. A table longer than a sheet (1,048,575 rows) continues on
sheets named ``events (2)`` ...

Every sheet is laid out for reading: the header row bold and frozen, a filter on it, each column as
wide as its content (a Chinese character counts two), numbers in a format (a share as 74.4%, hours
as 335,099, months whole; :data:`sim.output.columns.NUMBER_FORMATS`), model months as calendar months
(``2021-04``). A sheet is a table and its formats: :class:`Sheet` for a small one (cells written one by
one, a format per column or per cell), :func:`_table` for a run's big tables (a column at a time).

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
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from xlsxwriter import Workbook  # type: ignore[import-untyped]
from xlsxwriter.utility import xl_col_to_name  # type: ignore[import-untyped]
from xlsxwriter.worksheet import Worksheet  # type: ignore[import-untyped]

from sim.adapters import xlsxwriter as xlsx
from sim.model.outcome_words import meaning, unit_label
from sim.model.outcomes import OUTCOMES
from sim.output.columns import (
    DATE_COLUMNS,
    UNIT_FORMATS,
    VALUE_VOCABULARIES,
    column_label,
    number_format,
    value_label,
)
from sim.output.sheet import MAX_ROWS, Formats, Sheet, cell_value, column_width, lay_out, write_sheet
from sim.words import Book, pick, text

__all__ = ["MAX_ROWS", "MAX_TEXT", "Sheet", "cell_value", "write_sheet", "write_workbook"]

MAX_TEXT = 16_383  # longer text goes cell by cell (XlsxWriter cuts text above 32,767 UTF-16 units)
_PLAIN = (type(None), bool, int, float, str)  # what a column's cells may be on the fast path
_BULK = xlsx.BULK_ROWS  # XlsxWriter's row file is reachable: tables go a column at a time
_BREAKDOWN_VOCABULARIES = ("mentees_by_kind", "promotions_by_rank", "seconded_later", "fecundity")
_SERIES_LEFT_OUT = ("month", "year")  # the sheet dates its rows by calendar month (the CSV keeps both)
w = Book("run")  # sheet names and headers of the run's workbook
ZIP_LEVEL: int | None = 1  # deflate level of the package (None: XlsxWriter's, zlib's default 6)


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


def _labels(column: str, values: pd.Series, lang: str) -> pd.Series:
    """A categorical column in words: one look-up per distinct value, not per cell."""
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    words = np.array([value_label(column, v, lang) for v in distinct.tolist()] + [None], dtype=object)
    return pd.Series(words[codes], index=values.index)


def _dates(values: pd.Series, start: int) -> pd.Series:
    """Model months as calendar months ``YYYY-MM`` (month 1 is the month ``start`` counts: year * 12 + month - 1)."""
    numbers = pd.to_numeric(values, errors="coerce")
    codes, distinct = pd.factorize(numbers, use_na_sentinel=True)
    words = [f"{(start + int(m) - 1) // 12}-{(start + int(m) - 1) % 12 + 1:02d}" for m in distinct.tolist()]
    texts = np.array([*words, None], dtype=object)
    return pd.Series(texts[codes], index=values.index)


def _table(book: Workbook, formats: Formats, title: str, frame: pd.DataFrame, lang: str, start: int | None) -> None:
    """A table of the run, headers and categorical cells in ``lang`` (a column at a time where it can)."""
    if title == w("s_series", lang) and "date" in frame:
        frame = frame.drop(columns=[c for c in _SERIES_LEFT_OUT if c in frame])
    columns, kinds = [], []
    for column in frame.columns:
        values = frame[column]
        if column == "date":
            values = values.replace("start", w("start_row", lang))
        elif column in DATE_COLUMNS and start is not None:
            values = _dates(values, start)
        if column in VALUE_VOCABULARIES or column == "detail":
            values = _labels(column, values, lang)
        columns.append(_values(values))
        kinds.append(number_format(str(column)) if column not in DATE_COLUMNS else None)
    header = [column_label(c, lang) for c in frame.columns]
    if not (_BULK and len(frame) and all(_fits(c) for c in columns)):
        Sheet(title, header, list(zip(*columns, strict=True)), kinds).write(book, formats)
        return
    widths = [column_width(h, c, k) for h, c, k in zip(header, columns, kinds, strict=True)]
    for part, first in enumerate(range(0, len(frame), MAX_ROWS), 1):
        ws = book.add_worksheet(title if part == 1 else f"{title} ({part})")
        rows = min(MAX_ROWS, len(frame) - first)
        lay_out(ws, formats, header, widths, kinds, rows)
        styles = [xlsx.style_attribute(formats.number(k)) for k in kinds]
        _bulk_rows(ws, [c[first : first + MAX_ROWS] for c in columns], styles)


def _fits(values: list[Any]) -> bool:
    """The column's cells are of the kinds :func:`_column_xml` writes exactly as XlsxWriter would."""
    kinds = set(map(type, values))
    return kinds <= set(_PLAIN) and (str not in kinds or all(len(v) <= MAX_TEXT for v in values if type(v) is str))


def _column_xml(ws: Worksheet, letter: str, values: list[Any], style: str = "") -> list[str]:
    """The ``<c>`` elements of one column from the sheet's second row on ("" for a blank cell).

    The text XlsxWriter's ``write_row`` gives in constant-memory mode: numbers as ``%.16G``,
    booleans as ``t="b"``, text inline (control characters as ``_xHHHH_``, XML escapes, space kept);
    None and "" are no cell at all; ``style`` is the column format's `` s="N"`` ("" for none).
    """
    kinds = set(map(type, values))
    rows = _row_numbers(len(values))
    if kinds <= {int, type(None)} and _exact(values):  # whole numbers: %.16G writes their digits
        return [
            f'<c r="{letter}{r}"{style}><v>{v}</v></c>' if v is not None else ""
            for r, v in zip(rows, values, strict=True)
        ]
    if kinds <= {int, float, type(None)}:  # the usual column: one formatted string per cell
        return [
            f'<c r="{letter}{r}"{style}><v>{v:.16G}</v></c>' if v is not None else ""
            for r, v in zip(rows, values, strict=True)
        ]
    texts: dict[str, str] = {}  # a text's cell after its reference, made once per distinct text
    cells = []
    for r, v in zip(rows, values, strict=True):
        if v is None or v == "":
            cells.append("")
        elif type(v) is str:
            tail = texts.get(v) or texts.setdefault(v, xlsx.text_cell_tail(ws, v))
            cells.append(f'<c r="{letter}{r}"{style}{tail}')
        elif type(v) is bool:
            cells.append(f'<c r="{letter}{r}"{style} t="b"><v>{int(v)}</v></c>')
        else:
            cells.append(f'<c r="{letter}{r}"{style}><v>{v:.16G}</v></c>')
    return cells


@functools.lru_cache(maxsize=4)
def _row_numbers(n: int) -> list[str]:
    """The row numbers of ``n`` rows under the header, as text (shared by a sheet's columns: read only)."""
    return [str(r) for r in range(2, n + 2)]


def _exact(values: list[int | None]) -> bool:
    """Every whole number is within 2**53, where ``f"{v:.16G}"`` and ``str(v)`` are the same digits."""
    numbers = [v for v in values if v is not None]
    return not numbers or (-(2**53) <= min(numbers) and max(numbers) <= 2**53)


def _bulk_rows(ws: Worksheet, columns: list[list[Any]], styles: list[str]) -> None:
    """Write ``columns`` (each cell with its column's ``styles``) under the header row of ``ws``, straight to its row file."""
    xlsx.start_bulk_rows(ws)  # the header row goes to the row file; the next row is the sheet's second
    cells = [_column_xml(ws, xl_col_to_name(k), c, styles[k]) for k, c in enumerate(columns)]
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


def _summary_sheet(summary: dict[str, float], lang: str) -> Sheet:
    """Every headline figure, its value in the format of its unit (a share as a percentage)."""
    rows = [
        [o.label(lang), summary.get(code), unit_label(o.unit, lang), meaning(code, lang), code]
        for code, o in OUTCOMES.items()
    ]
    kinds = {(r, 1): UNIT_FORMATS[o.unit] for r, o in enumerate(OUTCOMES.values()) if o.unit in UNIT_FORMATS}
    head = [w(k, lang) for k in ("c_figure", "c_value", "c_unit", "c_meaning", "c_code")]
    return Sheet(w("s_summary", lang), head, rows, cell_formats=kinds)


def _breakdown_rows(breakdown: dict[str, dict[str, float]], lang: str) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for group in _BREAKDOWN_VOCABULARIES:
        for item, value in breakdown.get(group, {}).items():
            label = w(f"bi_{item}", lang) if f"bi_{item}" in w else value_label(group.split("_")[-1], item, lang)
            rows.append([w(f"b_{group}", lang), label, value, f"{group}.{item}"])
    return rows


def _scenario_sheet(
    parameters: dict[str, dict[str, Any]], lang: str, origins: Mapping[str, str] | None = None
) -> Sheet:
    """The resolved scenario, a parameter a row: its meaning in ``lang``, its value, its unit, its code (its origin)."""
    from sim.params import fields
    from sim.params.schema import parameter_table

    unit_words = getattr(fields, "unit_words", lambda unit, lang: unit)  # units in words where the catalogue has them

    known = {row["parameter"]: row for row in parameter_table()}
    rows = []
    for section, values in parameters.items():
        for key, value in values.items():
            row = known.get(f"{section}.{key}", {})
            words = row.get(f"meaning_{lang}") or key
            labels = row.get("choice_labels") or {}
            shown = value if isinstance(value, (int, float, str, bool)) else str(value)
            if isinstance(value, str) and value in labels:
                shown = pick(lang, *labels[value])
            unit = unit_words(row["unit"], lang) if row.get("unit") else ""
            rows.append(
                [words, shown, unit, f"{section}.{key}"] + ([origins.get(f"{section}.{key}", "")] if origins else [])
            )
    head = [w(k, lang) for k in ("c_parameter", "c_value", "c_unit", "c_code")]
    head += [text("planner.h_origin", lang)] if origins else []  # sim.output.origins: where each value comes from
    return Sheet(w("s_scenario", lang), head, rows)


def write_workbook(
    path: Path,
    tables: dict[str, pd.DataFrame | None],
    summary: dict[str, float],
    breakdown: dict[str, dict[str, float]],
    about: list[tuple[str, str]],
    parameters: dict[str, dict[str, Any]],
    lang: str = "zh",
    origins: Mapping[str, str] | None = None,
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
        origins: ``section.key`` -> where its value comes from, in words (a column of the scenario sheet).

    Returns:
        ``path``.
    """
    # constant memory: rows go to disk as written, strings inline; text is never read as a formula or link
    options = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    book = xlsx.DeflatedWorkbook(str(path), options, ZIP_LEVEL)
    formats = Formats(book)
    Sheet(w("s_about", lang), [w("c_item", lang), w("c_text", lang)], about).write(book, formats)
    _summary_sheet(summary, lang).write(book, formats)
    head = [w(k, lang) for k in ("c_group", "c_item", "c_value", "c_code")]
    Sheet(w("s_breakdown", lang), head, _breakdown_rows(breakdown, lang)).write(book, formats)
    run = parameters.get("run", {})
    start = run["start_year"] * 12 + run["start_month"] - 1 if "start_year" in run and "start_month" in run else None
    for name in ("units", "series", "pairs", "cadres", "events", "cohorts"):
        frame = tables.get(name)
        if frame is not None:
            _table(book, formats, w(f"s_{name}", lang), frame, lang, start)
    _scenario_sheet(parameters, lang, origins).write(book, formats)
    book.close()
    return path

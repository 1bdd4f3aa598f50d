"""XlsxWriter's internals that ``results.xlsx`` uses, written against XlsxWriter 3.3.1.

Two things XlsxWriter's public API does not offer, both worth it for a county's half a million cells:

- **The row file.** In constant-memory mode a worksheet streams its rows to a temporary file as sheet
  XML. Writing a whole column's cells as XML in one pass and appending them to that file is several
  times faster than ``write_row`` cell by cell (``sim.output.workbook``); a test compares the two byte
  for byte. This needs the worksheet's row writer, its dimension bookkeeping and its XML escapes.
- **A column's number format.** A cell written in bulk carries the style index of its column's format
  (``s="N"``), the index XlsxWriter gives the format when a cell of it is first written.
- **The package's deflate level.** XlsxWriter deflates the package at zlib's default level 6 and takes
  no option for it; level 1 gives the same parts, about a fifth larger, in a third less CPU. Its module
  global ``ZipFile`` is swapped, for the closing of one workbook, for one at the chosen level.

When a private name is missing (another XlsxWriter), :data:`BULK_ROWS` is False and the caller writes
cell by cell through the public API; the package keeps XlsxWriter's own level. ``tests/test_adapters.py``
fails when the installed version is not :data:`PINNED`.
"""

from __future__ import annotations

import contextlib
import functools
import zipfile
from collections.abc import Iterator
from typing import Any

import xlsxwriter.utility  # type: ignore[import-untyped]
import xlsxwriter.workbook  # type: ignore[import-untyped]
from xlsxwriter import Workbook
from xlsxwriter.format import Format  # type: ignore[import-untyped]
from xlsxwriter.worksheet import Worksheet  # type: ignore[import-untyped]

PINNED = "3.3.1"  # the XlsxWriter these names were read in (constraints.txt)
PRIVATE = {
    # name: why it is used
    "Worksheet._write_single_row": "flushes the header row to the row file, so bulk rows follow it",
    "Worksheet._check_dimensions": "records the sheet's used range (its <dimension>) for rows written in bulk",
    "Worksheet._escape_data": "XML escapes of a text cell, exactly as write_row makes them",
    "Worksheet._escape_control_characters": "control characters as _xHHHH_, exactly as write_row makes them",
    "Worksheet.row_data_fh": "the constant-memory row file the bulk rows are appended to",
    "Worksheet.previous_row": "the last row written, so later rows start after the bulk ones",
    "utility._preserve_whitespace": "whether a text needs xml:space='preserve', as write_row decides",
    "workbook.ZipFile": "the ZipFile XlsxWriter packs with, swapped for one at another deflate level",
    "Format._get_xf_index": "the style index (s=...) of a column's number format on cells written in bulk",
}
BULK_ROWS = (
    all(hasattr(Worksheet, name) for name in ("_write_single_row", "_check_dimensions", "_escape_data"))
    and hasattr(xlsxwriter.utility, "_preserve_whitespace")
    and hasattr(Format, "_get_xf_index")
)


def missing_names() -> list[str]:
    """The names of :data:`PRIVATE` the installed XlsxWriter lacks (attributes set in ``__init__`` on a sheet)."""
    holders = {
        "utility": xlsxwriter.utility,
        "workbook": xlsxwriter.workbook,
        "Worksheet": Worksheet(),
        "Format": Format,
    }
    missing = []
    for name in PRIVATE:
        owner, attribute = name.split(".")
        holder = holders[owner]
        if not hasattr(holder, attribute):
            missing.append(name)
    return missing


def text_cell_tail(sheet: Worksheet, text: str) -> str:
    """An inline text cell after its reference (``' t="inlineStr">...</c>'``), as ``write_row`` writes it."""
    text = sheet._escape_control_characters(text)
    space = ' xml:space="preserve"' if xlsxwriter.utility._preserve_whitespace(text) else ""
    return f' t="inlineStr"><is><t{space}>{sheet._escape_data(text)}</t></is></c>'


def style_attribute(cell_format: Format | None) -> str:
    """`` s="N"``: the style index a cell of ``cell_format`` carries, as ``write_row`` writes it ("" for none)."""
    return "" if cell_format is None else f' s="{cell_format._get_xf_index()}"'


def start_bulk_rows(sheet: Worksheet) -> None:
    """Flush the header row (row 0) to the row file: rows appended next start at the sheet's second row."""
    sheet._write_single_row(1)


def append_rows_xml(sheet: Worksheet, xml: str) -> None:
    """Append ``<row>`` elements to the sheet's constant-memory row file."""
    sheet.row_data_fh.write(xml)


def finish_bulk_rows(sheet: Worksheet, last_row: int, first_column: int, last_column: int) -> None:
    """Record rows written in bulk: the used range reaches ``last_row`` (0-based), later rows follow it.

    Args:
        sheet: the worksheet.
        last_row: the last row written (0-based; 0 when only the header is there).
        first_column: the first column with a cell below the header.
        last_column: the last column with a cell below the header.
    """
    if last_row:
        sheet._check_dimensions(last_row, first_column)
        sheet._check_dimensions(last_row, last_column)
    sheet.previous_row = max(last_row, 1)


@contextlib.contextmanager
def _deflate_level(level: int | None) -> Iterator[None]:
    """XlsxWriter packs at ``level`` within the block (None, or another ``ZipFile`` there already: as it is)."""
    made = getattr(xlsxwriter.workbook, "ZipFile", None)
    if level is None or made is not zipfile.ZipFile:
        yield
        return
    xlsxwriter.workbook.ZipFile = functools.partial(zipfile.ZipFile, compresslevel=level)
    try:
        yield
    finally:
        xlsxwriter.workbook.ZipFile = made


class DeflatedWorkbook(Workbook):
    """XlsxWriter's workbook whose package is deflated at ``deflate_level`` (None: XlsxWriter's level 6)."""

    def __init__(self, filename: str, options: dict[str, Any], deflate_level: int | None) -> None:
        super().__init__(filename, options)
        self.deflate_level = deflate_level

    def close(self) -> None:
        """Write the package (XlsxWriter's public ``close``) at the chosen deflate level."""
        with _deflate_level(self.deflate_level):
            super().close()

"""A roster file read as rows of cells: a CSV (UTF-8 or GB18030) or an Excel workbook's first sheet.

Guarded before and while reading: the file's size as stored, a workbook's size unpacked, entity
declarations, rows beyond what a roster may hold (counted from the sheet's XML, never read whole), cells
too long for CSV; every failure is one ``RosterError`` line naming the file. ``sim.params.roster`` checks
the rows.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from pathlib import Path
from typing import Any

from sim.params.errors import ScenarioError
from sim.params.reading import check_file, read_bytes

MAX_BYTES = 50_000_000  # the file as stored (a workbook: compressed)
MAX_XLSX_BYTES = 500_000_000  # a workbook's parts unpacked, all together
MAX_CELL = 131_072  # characters in one CSV cell
MAX_ROWS = 2_000_000
# what a damaged zip raises while its parts are read (zlib.error: a flipped byte in the compressed data)
UNREADABLE = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    OSError,
    EOFError,
    NotImplementedError,
    RuntimeError,
)


class RosterError(ScenarioError):
    """A roster that cannot be read or has bad rows: one line per problem."""


def _rows_of_csv(path: Path, data: bytes) -> list[list[Any]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise RosterError(f"{path}: not UTF-8 or GB18030 text (save the roster as CSV UTF-8 or as .xlsx)")
    rows = csv.reader(io.StringIO(text, newline=""))  # newline="": \r\n, \n and a lone \r each end a line
    table: list[list[Any]] = []
    try:
        for row in rows:
            table.append(list(row))
            if len(table) > MAX_ROWS + 1:
                break  # more than a roster may hold: read_roster says how many at most
    except csv.Error as e:
        why = f"a cell longer than {MAX_CELL:,} characters" if "field larger" in str(e) else str(e)
        raise RosterError(f"{path}: line {rows.line_num}: not readable as CSV ({why})") from None
    return table


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\s+ref=\"[A-Z]*\d+(?::[A-Z]*(\d+))?\"")


def _check_workbook(path: Path) -> None:
    """Refuse a workbook too large unpacked, holding entity declarations, or with more rows than a roster may hold.

    Reads the zip's directory and streams its XML parts (never the whole sheet in memory), before openpyxl.
    """
    try:
        with zipfile.ZipFile(path) as book:
            parts = book.infolist()
            unpacked = sum(info.file_size for info in parts)
            if unpacked > MAX_XLSX_BYTES:
                raise RosterError(
                    f"{path}: {unpacked / 1e6:,.0f} MB unpacked; a roster workbook may hold at most "
                    f"{MAX_XLSX_BYTES / 1e6:,.0f} MB"
                )
            for info in parts:
                if info.filename.endswith((".xml", ".rels")):
                    _check_part(path, book, info)
    except UNREADABLE as e:
        why = "damaged compressed data" if isinstance(e, zlib.error) else type(e).__name__
        raise RosterError(f"{path}: not a readable Excel workbook ({why})") from None


def _check_part(path: Path, book: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """One XML part: no DOCTYPE or ENTITY (an entity expansion), and a sheet of at most ``MAX_ROWS`` rows."""
    sheet = info.filename.startswith("xl/worksheets/")
    rows, tail, first = 0, b"", True
    with book.open(info) as fh:
        while chunk := fh.read(1 << 20):
            window = tail + chunk
            if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                raise RosterError(f"{path}: {info.filename} declares XML entities; save the roster again from Excel")
            if sheet:
                if first and (m := _DIMENSION.search(window)) and m.group(1) and int(m.group(1)) > MAX_ROWS + 1:
                    raise RosterError(f"{path}: {int(m.group(1)) - 1:,} rows; a roster has at most {MAX_ROWS:,} cadres")
                rows += len(_ROW_TAG.findall(window)) - len(_ROW_TAG.findall(tail))
                if rows > MAX_ROWS + 1:
                    raise RosterError(f"{path}: more than {MAX_ROWS:,} rows; a roster has at most {MAX_ROWS:,} cadres")
            tail, first = window[-64:], False


def _rows_of_xlsx(path: Path) -> list[list[Any]]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]  # only when a workbook is read

    _check_workbook(path)
    try:  # the whole reading: a malformed sheet, a workbook without a sheet are one line too
        book = load_workbook(path, read_only=True, data_only=True)
        try:
            if not book.worksheets:
                raise RosterError(f"{path}: the workbook has no sheet")
            table: list[list[Any]] = []
            for row in book.worksheets[0].iter_rows(values_only=True):
                table.append(list(row))
                if len(table) > MAX_ROWS + 1:
                    break
            return table
        finally:
            book.close()
    except RosterError:
        raise
    except Exception as e:  # noqa: BLE001  (any unreadable workbook: one clear line)
        raise RosterError(f"{path}: not a readable Excel workbook ({type(e).__name__})") from None


def table_rows(path: Path) -> list[list[Any]]:
    """The rows of a roster file (a .csv or the first sheet of an .xlsx), at most ``MAX_ROWS`` + 1."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        check_file(path, "roster", RosterError)  # a missing file is said as such before its kind
        raise RosterError(f"{path}: a roster is a .csv or .xlsx file")
    if suffix == ".xlsx":
        check_file(path, "roster", RosterError, limit=MAX_BYTES)
        return _rows_of_xlsx(path)
    return _rows_of_csv(path, read_bytes(path, "roster", RosterError, limit=MAX_BYTES))

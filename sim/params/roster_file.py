"""A roster file read as sheets of rows: a CSV (UTF-8 with or without BOM, or GBK/GB18030) or an Excel workbook.

Guarded before and while reading: the file's size as stored, a workbook's size unpacked, entity
declarations, rows beyond what a roster may hold (counted from the sheet's XML, never read whole), cells
too long for CSV; every failure is one ``RosterError`` line naming the file, in the language asked for.
A sheet's rows keep their places: ``rows[k]`` is the row Excel numbers ``k + 1``. ``sim.params.roster_sheet``
finds the header and the cadres' rows; ``sim.params.roster`` checks them.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.params.errors import ScenarioError, in_both
from sim.params.reading import check_file, read_bytes
from sim.words import LANGS, Book, pick

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
w = Book("roster")


class RosterError(ScenarioError):
    """A roster that cannot be read or has bad rows: one line per problem, in both languages (``said`` picks)."""


Words = Callable[[str], str]  # a line said later, in the language asked for


def words(key: str, **fields: Any) -> Words:
    """The roster book's ``key`` with ``fields`` (a field may itself be ``Words``), to be said in either language."""

    def say(lang: str) -> str:
        return w(key, lang, **{k: v(lang) if callable(v) else v for k, v in fields.items()})

    return say


def roster_error(lines: Words | list[Words], lang: str) -> RosterError:
    """A ``RosterError`` of ``lines`` (one a problem): its text in ``lang``, both languages for ``said``."""
    items = lines if isinstance(lines, list) else [lines]
    zh, en = ("\n".join(line(code) for line in items) for code in LANGS)
    return in_both(RosterError(pick(lang, zh, en)), zh, en)


@dataclass(frozen=True)
class Sheet:
    """One sheet of a roster file: its name (None for a CSV) and its rows, ``rows[k]`` being row ``k + 1``."""

    name: str | None
    rows: list[list[Any]]


def csv_text(path: Path, data: bytes, lang: str) -> str:
    """A CSV file's bytes as text: UTF-8 (with or without a BOM), else GB18030 (which reads GBK and GB2312 too).

    Raises:
        RosterError: neither decodes the bytes.
    """
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise roster_error(words("not_text", path=path), lang)


def _rows_of_csv(path: Path, data: bytes, lang: str) -> list[list[Any]]:
    text = csv_text(path, data, lang)
    rows = csv.reader(io.StringIO(text, newline=""))  # newline="": \r\n, \n and a lone \r each end a line
    table: list[list[Any]] = []
    try:
        for row in rows:
            table.append(list(row))
            if len(table) > MAX_ROWS + 1:
                break  # more than a roster may hold: read_roster says how many at most
    except csv.Error as e:
        why: Words | str = words("cell_too_long", most=f"{MAX_CELL:,}") if "field larger" in str(e) else str(e)
        raise roster_error(words("not_csv", path=path, line=rows.line_num, why=why), lang) from None
    return table


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\s+ref=\"[A-Z]*\d+(?::[A-Z]*(\d+))?\"")


def _check_workbook(path: Path, lang: str) -> None:
    """Refuse a workbook too large unpacked, holding entity declarations, or with more rows than a roster may hold.

    Reads the zip's directory and streams its XML parts (never the whole sheet in memory), before openpyxl.
    """
    try:
        with zipfile.ZipFile(path) as book:
            parts = book.infolist()
            unpacked = sum(info.file_size for info in parts)
            if unpacked > MAX_XLSX_BYTES:
                mb, most = f"{unpacked / 1e6:,.0f}", f"{MAX_XLSX_BYTES / 1e6:,.0f}"
                raise roster_error(words("too_big_unpacked", path=path, mb=mb, most=most), lang)
            for info in parts:
                if info.filename.endswith((".xml", ".rels")):
                    _check_part(path, book, info, lang)
    except UNREADABLE as e:
        why: Words | str = words("damaged") if isinstance(e, zlib.error) else type(e).__name__
        raise roster_error(words("not_workbook", path=path, why=why), lang) from None


def _check_part(path: Path, book: zipfile.ZipFile, info: zipfile.ZipInfo, lang: str) -> None:
    """One XML part: no DOCTYPE or ENTITY (an entity expansion), and a sheet of at most ``MAX_ROWS`` rows."""
    sheet = info.filename.startswith("xl/worksheets/")
    rows, tail, first = 0, b"", True
    most = f"{MAX_ROWS:,}"
    with book.open(info) as fh:
        while chunk := fh.read(1 << 20):
            window = tail + chunk
            if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                raise roster_error(words("entities", path=path, part=info.filename), lang)
            if sheet:
                if first and (m := _DIMENSION.search(window)) and m.group(1) and int(m.group(1)) > MAX_ROWS + 1:
                    raise roster_error(
                        words("too_many_rows", path=path, rows=f"{int(m.group(1)) - 1:,}", most=most), lang
                    )
                rows += len(_ROW_TAG.findall(window)) - len(_ROW_TAG.findall(tail))
                if rows > MAX_ROWS + 1:
                    raise roster_error(words("too_many_rows", path=path, rows=f">{most}", most=most), lang)
            tail, first = window[-64:], False


def _sheets_of_xlsx(path: Path, lang: str) -> list[Sheet]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]  # only when a workbook is read

    _check_workbook(path, lang)
    try:  # the whole reading: a malformed sheet, a workbook without a sheet are one line too
        book = load_workbook(path, read_only=True, data_only=True)
        try:
            if not book.worksheets:
                raise roster_error(words("no_sheet", path=path), lang)
            sheets = []
            for ws in book.worksheets:
                table: list[list[Any]] = []
                for row in ws.iter_rows(values_only=True):  # from row 1, blank rows included: row k + 1
                    table.append(list(row))
                    if len(table) > MAX_ROWS + 1:
                        break
                sheets.append(Sheet(str(ws.title), table))
            return sheets
        finally:
            book.close()
    except RosterError:
        raise
    except Exception as e:  # noqa: BLE001  (any unreadable workbook: one clear line)
        raise roster_error(words("not_workbook", path=path, why=type(e).__name__), lang) from None


def read_sheets(path: Path, lang: str = "en") -> list[Sheet]:
    """The sheets of a roster file (a .csv: one sheet without a name), each at most ``MAX_ROWS`` + 1 rows."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        check_file(path, "roster", RosterError, lang=lang)  # a missing file is said as such before its kind
        raise roster_error(words("not_kind", path=path), lang)
    if suffix == ".xlsx":
        check_file(path, "roster", RosterError, limit=MAX_BYTES, lang=lang)
        return _sheets_of_xlsx(path, lang)
    data = read_bytes(path, "roster", RosterError, limit=MAX_BYTES, lang=lang)
    return [Sheet(None, _rows_of_csv(path, data, lang))]

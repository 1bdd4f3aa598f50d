"""Where the cadres are in a roster file as departments keep it: the sheet, the header row, the cadres' rows.

A 花名册 often opens with a title row (某某县乡镇干部花名册（2025年）) and a 填报单位/截止时间 line
above the header, sometimes after a first sheet of 填表说明, and ends with a 合计 row, notes (注：...),
a sign-off line (填表人 ...) and blank rows. ``find_table`` takes the first sheet whose rows hold a
roster's header (or the sheet named with ``--sheet``), the header as the row among the first
``HEADER_ROWS`` naming most known columns (with the row below when the header is two rows deep), and
sorts the rows below it into the cadres' rows and the rows skipped (totals, notes, blank rows, a
repeated header, a line of one cell: a section's heading). Rows keep the numbers Excel shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.params.roster_file import Sheet, Words, roster_error, words
from sim.params.roster_values import header_key, header_stem, plain

HEADER_ROWS = 30  # the header is looked for among a sheet's first rows
LEAST_KNOWN = 3  # known columns a header names at least
# canonical column -> accepted headers (compared as header_key makes them: no spaces, marks or case)
HEADERS: dict[str, tuple[str, ...]] = {
    "number": ("序号", "编号", "no", "no.", "number"),
    "name": ("姓名", "name"),
    "id": ("身份证号", "身份证号码", "公民身份号码", "证件号码", "工号", "人员编号", "id", "id_number"),
    "birth_year": ("出生年份", "出生年月", "出生日期", "出生年", "出生时间", "birth_year", "birthyear", "born"),
    "hire_year": ("参加工作年份", "参加工作时间", "参加工作年月", "参加工作日期", "入职年份", "入职时间", "工作年份",
                  "hire_year", "hireyear", "hired"),
    "rank": ("职级", "现职级", "现任职级", "职务层次", "职级层次", "级别", "rank"),
    "post": ("职务", "现任职务", "现职务", "职务名称", "担任职务", "现任职务职级", "职务职级", "post", "title"),
    "stage": ("阶段", "成长阶段", "stage"),
    "unit": ("单位", "工作单位", "所在单位", "现工作单位", "单位名称", "所在乡镇", "乡镇(街道)", "乡镇", "unit"),
    "field": ("领域", "条线", "工作领域", "分管领域", "field"),
    "mentor": ("现任导师", "导师", "帮带导师", "mentor", "current_mentor"),
    "kind": ("类别", "人员类别", "kind"),
}  # fmt: skip
KNOWN = {header_key(alias): canon for canon, aliases in HEADERS.items() for alias in aliases}
REQUIRED = ("birth_year", "hire_year", "unit")
_TOTAL = re.compile(r"^(合计|总计|小计|共计|总人数)")
_NOTE = re.compile(r"^(注\s*[:：0-9一二三四五六七八九、.]|注$|备注\s*[:：]|说明\s*[:：]|填表说明|填表人|填报人|审核人|制表人|"
                   r"负责人|单位负责人|联系电话|联系人|填报日期|制表日期|填报时间|单位盖章|盖章)")  # fmt: skip
SKIP_KINDS = ("total", "note", "blank", "header", "line")


@dataclass(frozen=True)
class RosterTable:
    """The cadres' rows of a roster file as found.

    Attributes:
        where: the file, and the sheet when it is a workbook's (for messages, in either language).
        sheet: the sheet's name (None: a CSV).
        header_row: the row of the header, as Excel numbers it.
        headers: the text of each header cell.
        columns: canonical column -> its index.
        ignored: headers of the columns not used (the 序号 column apart).
        body: (row as Excel numbers it, cells) of each cadre's row.
        skipped: (row, kind) of each row below the header that is no cadre's (kind: one of ``SKIP_KINDS``).
    """

    where: Words
    sheet: str | None
    header_row: int
    headers: list[str]
    columns: dict[str, int]
    ignored: tuple[str, ...]
    body: list[tuple[int, list[Any]]]
    skipped: tuple[tuple[int, str], ...]


def _known(cell: Any) -> str | None:
    key = header_key(cell)
    return KNOWN.get(key) or KNOWN.get(header_stem(key))


def _score(row: list[Any]) -> int:
    return len({c for c in map(_known, row) if c is not None and c != "number"})


def _header_at(rows: list[list[Any]]) -> tuple[int, int]:
    """(index, known columns) of the row of the first ``HEADER_ROWS`` naming most known columns."""
    best, at = 0, 0
    for k, row in enumerate(rows[:HEADER_ROWS]):
        if (score := _score(row)) > best:
            best, at = score, k
    return at, best


def _where(path: Path, sheet: Sheet) -> Words:
    return words("where_sheet", path=path, sheet=sheet.name) if sheet.name is not None else lambda lang: str(path)


def _choose(path: Path, sheets: list[Sheet], name: str | None, lang: str) -> tuple[Sheet, int]:
    """The sheet holding the roster (the one named, else the first with a header) and its header's index."""
    names = ", ".join(s.name or "" for s in sheets)
    if name is not None:
        chosen = [s for s in sheets if s.name == name or (s.name or "").strip() == name.strip()]
        if not chosen or sheets[0].name is None:
            raise roster_error(words("no_such_sheet", path=path, sheet=name, sheets=names or "-"), lang)
        return chosen[0], _header_at(chosen[0].rows)[0]
    found = [(sheet, *_header_at(sheet.rows)) for sheet in sheets]
    for sheet, at, score in found:
        if score >= LEAST_KNOWN:
            return sheet, at
    sheet, at, score = max(found, key=lambda f: f[2])
    if score == 0:
        if not any(any(plain(v) for v in row) for s in sheets for row in s.rows):
            raise roster_error(words("empty", path=path), lang)
        raise roster_error(words("no_header", path=path, sheets=names or "-", rows=HEADER_ROWS), lang)
    return sheet, at


def _columns(where: Words, header: list[Any], below: list[Any], lang: str) -> tuple[dict[str, int], bool]:
    """Canonical column -> index, from the header row (and the row below where it names what the header does not)."""
    columns: dict[str, int] = {}
    used_below = False
    for k in range(max(len(header), len(below))):
        cell = header[k] if k < len(header) else None
        canon = _known(cell)
        if canon is None and k < len(below) and (canon := _known(below[k])) is not None:
            used_below = True
        if canon is None:
            continue
        if canon in columns:
            first = plain(header[columns[canon]])
            raise roster_error(words("column_twice", where=where, a=first, b=plain(cell), what=HEADERS[canon][0]), lang)
        columns[canon] = k
    return columns, used_below


def _kind(texts: list[str], number: int | None, header: list[str]) -> str | None:
    """Why a row below the header is no cadre's (a ``SKIP_KINDS`` word), or None for a cadre's row."""
    filled = [t for t in texts if t]
    if not filled:
        return "blank"
    if any(_TOTAL.match(t) for t in filled[:3]):
        return "total"
    if _NOTE.match(filled[0]):
        return "note"
    data = [t for k, t in enumerate(texts) if t and k != number]  # a 序号 alone: a blank row of a template
    if not data:
        return "blank" if number is not None and texts[number].isdecimal() else "line"
    if sum(1 for k, t in enumerate(texts) if t and k < len(header) and header_key(t) == header[k]) >= LEAST_KNOWN:
        return "header"
    return "line" if len(filled) == 1 else None


def find_table(path: Path, sheets: list[Sheet], sheet: str | None = None, lang: str = "en") -> RosterTable:
    """The cadres' rows of ``sheets`` (the roster file's), with the header found and the other rows sorted out.

    Raises:
        RosterError: no sheet named ``sheet``, no header, a header without the needed columns or naming one twice.
    """
    chosen, at = _choose(path, sheets, sheet, lang)
    where = _where(path, chosen)
    rows = chosen.rows
    header = rows[at] if rows else []
    columns, two_deep = _columns(where, header, rows[at + 1] if at + 1 < len(rows) else [], lang)
    first_data = at + (2 if two_deep else 1)
    headers = [plain(h) for h in header]
    if two_deep:
        headers = [
            plain(h) or plain(b) for h, b in zip(header + [None] * len(rows[at + 1]), rows[at + 1], strict=False)
        ]
    lacking = [HEADERS[c][1 if c in ("birth_year", "hire_year") else 0] for c in REQUIRED if c not in columns]
    either = not {"rank", "post", "stage"} & columns.keys()
    if lacking or either:
        found = ", ".join(h for h in headers if h) or "-"
        names: list[str | Words] = [*lacking, *([words("rank_or_stage")] if either else [])]

        def wanted(lang: str) -> str:
            return "、".join(n if isinstance(n, str) else n(lang) for n in names)

        raise roster_error(words("lacks", where=where, row=at + 1, wanted=wanted, found=found), lang)
    used = set(columns.values())
    ignored = tuple(h for k, h in enumerate(headers) if h and k not in used)
    if "number" in columns:
        ignored = tuple(h for h in ignored if h != headers[columns["number"]])
    keys = [header_key(h) for h in headers]
    body, skipped = [], []
    for k in range(first_data, len(rows)):
        texts = [plain(v) for v in rows[k]]
        why = _kind(texts, columns.get("number"), keys)
        if why is None:
            body.append((k + 1, rows[k]))
        else:
            skipped.append((k + 1, why))
    last = body[-1][0] if body else 0
    while skipped and skipped[-1][1] == "blank" and skipped[-1][0] > last:
        skipped.pop()  # blank rows after the last cadre's: nothing to say
    return RosterTable(where, chosen.name, at + 1, headers, columns, ignored, body, tuple(skipped))

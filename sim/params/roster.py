"""A county's own roster of cadres (花名册), read and checked: the starting population of a run.

The file itself is read as rows by ``sim.params.roster_file`` (CSV or a workbook, guarded).

``read_roster(path, scenario)`` reads a CSV (UTF-8 or GB18030, as Excel saves it in China) or an
Excel workbook (its first sheet), one row per cadre, and returns a ``Roster`` of plain arrays, or
raises ``RosterError`` with every problem on a line of its own, naming the row (as the
spreadsheet numbers it: the header is row 1), the column and the value.

Columns (Chinese or English headers; other columns are ignored and listed):

- 出生年份 / birth_year: a year (1985, 1985-06, 1985年6月 or a date cell);
- 参加工作年份 / hire_year: a year, after the sixteenth birthday and not after the run's start;
- 职级 / rank and/or 阶段 / stage (at least one of the two columns): a rank or a career stage
  in Chinese, English or code (科员, 四级主任科员, 乡镇领导班子成员, 县处级; 青年干部, 独立工作,
  骨干, 导师, 退二线); a blank stage is worked out from age and years of service;
- 单位 / unit: the unit's name (any text);
- 领域 / field (optional): the field of work (any text; blank: drawn at random);
- 现任导师 / mentor (optional): the current mentor, by 身份证号/工号 (the ``id`` column), by
  姓名 (``name``, when unique) or by row number;
- 类别 / kind (optional): 新录用青年干部, 选调生 or 新任班子成员.

Names and ID numbers are read only to find mentors: a ``Roster`` keeps neither, only the rows.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sim.model.careers import RANKS
from sim.model.kinds import ESTABLISHMENT_KINDS, KINDS
from sim.model.stages import STAGES, Stage
from sim.params.errors import ScenarioError
from sim.params.roster_file import MAX_ROWS, RosterError, table_rows
from sim.params.schema import Scenario

MIN_ROWS = 10  # population.initial_cadres' least
MIN_AGE = 18
MAX_SHOWN = 30  # problems listed before "... and N more"
UNKNOWN = -1

# canonical column -> accepted headers (compared without spaces, case-insensitively)
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "name"),
    "id": ("身份证号", "身份证号码", "证件号码", "工号", "人员编号", "id", "id_number"),
    "birth_year": ("出生年份", "出生年月", "出生日期", "出生年", "birth_year", "birthyear", "born"),
    "hire_year": ("参加工作年份", "参加工作时间", "入职年份", "工作年份", "hire_year", "hireyear", "hired"),
    "rank": ("职级", "rank"),
    "stage": ("阶段", "成长阶段", "stage"),
    "unit": ("单位", "工作单位", "所在单位", "unit"),
    "field": ("领域", "条线", "工作领域", "field"),
    "mentor": ("现任导师", "导师", "mentor", "current_mentor"),
    "kind": ("类别", "人员类别", "kind"),
}
REQUIRED = ("birth_year", "hire_year", "unit")
_YEAR = re.compile(r"^\s*(\d{4})(?:\s*[-/.年]\s*\d{1,2}(?:\s*[-/.月]\s*\d{1,2}\s*日?|\s*月)?)?\s*$")
_ROW = re.compile(r"^\s*(?:第\s*)?(\d+)\s*(?:行)?\s*$|^\s*row\s*(\d+)\s*$", re.IGNORECASE)


@dataclass(frozen=True, eq=False)
class Roster:
    """A checked roster: one entry per cadre, in the file's order; no names, no ID numbers.

    Attributes:
        source: the file's name (for the report).
        row_numbers: the spreadsheet row of each cadre (the header is row 1).
        birth_year, hire_year: years.
        stage: ``Stage`` values, -1 where the row gives none (worked out from age and service).
        rank: ``Rank`` values, -1 where none is given; ``has_rank``: the file has a rank column.
        unit: unit codes 0, 1, ... in order of first appearance; ``units``: how many.
        field: field codes, -1 where blank; ``fields``: how many named.
        kind: ``Kind`` values, -1 where none is given.
        mentor: the roster index of each cadre's current mentor, -1 for none.
        ignored: headers of the columns not used.
    """

    source: str
    row_numbers: np.ndarray
    birth_year: np.ndarray
    hire_year: np.ndarray
    stage: np.ndarray
    rank: np.ndarray
    has_rank: bool
    unit: np.ndarray
    units: int
    field: np.ndarray
    fields: int
    kind: np.ndarray
    mentor: np.ndarray
    ignored: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.row_numbers)

    def mentors(self) -> np.ndarray:
        """Roster indices of the starting mentor pool: rows at stage mentor, and every current mentor."""
        named = self.stage == Stage.MENTOR
        named[self.mentor[self.mentor >= 0]] = True
        return np.flatnonzero(named)

    def fit(self, scenario: Scenario) -> Scenario:
        """``scenario`` sized to the roster: its cadres, units, fields and (when it names mentors) pool."""
        mentors = len(self.mentors())
        pool = mentors if mentors else min(scenario.population.initial_pool_size, len(self))
        return scenario.with_overrides(
            {
                "population.initial_cadres": len(self),
                "population.units": max(self.units, 1),
                "population.fields": max(self.fields, scenario.population.fields) if self.fields <= 20 else 20,
                "population.initial_pool_size": pool,
            },
            source=f"{self.source} (roster)",
        )


def _key(text: Any) -> str:
    return re.sub(r"\s+", "", str(text or "")).lower()


def _year(value: Any) -> int | None:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 1000 <= value <= 9999 else None
    match = _YEAR.match(str(value))
    return int(match.group(1)) if match else None


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


class _Reader:
    """Collects the problems of one file, one line each."""

    def __init__(self, path: Path, columns: dict[str, int], headers: list[str]):
        self.path, self.columns, self.headers = path, columns, headers
        self.problems: list[str] = []

    def bad(self, row: int, column: str, value: Any, why: str) -> None:
        header = self.headers[self.columns[column]]
        self.problems.append(f"{self.path}: row {row}, column {header}: {_text(value)!r} {why}")


def _columns(path: Path, header: list[Any]) -> tuple[dict[str, int], tuple[str, ...]]:
    known = {_key(alias): canon for canon, aliases in HEADERS.items() for alias in aliases}
    columns: dict[str, int] = {}
    ignored = []
    for k, text in enumerate(header):
        canon = known.get(_key(text))
        if canon is None:
            if _text(text):
                ignored.append(_text(text))
            continue
        if canon in columns:
            raise RosterError(f"{path}: columns {header[columns[canon]]!r} and {text!r} both give {canon}")
        columns[canon] = k
    missing = [f"{HEADERS[c][0]} ({c})" for c in REQUIRED if c not in columns]
    if "rank" not in columns and "stage" not in columns:
        missing.append("职级 (rank) or 阶段 (stage)")
    if missing:
        wanted = "; ".join(missing)
        raise RosterError(f"{path}: the header row lacks {wanted} (headers found: {', '.join(map(_text, header))})")
    return columns, tuple(ignored)


def read_roster(path: str | Path, scenario: Scenario) -> Roster:
    """Read and check a roster for a run of ``scenario`` (ages and service at its start).

    Raises:
        RosterError: a missing, unreadable or oversized file, a header without the needed columns,
            or bad rows: every problem on a line of its own (row, column, value, what is allowed).
    """
    path = Path(path)
    table = table_rows(path)
    while table and not any(_text(v) for v in table[0]):
        table.pop(0)  # blank lines above the header
    if not table:
        raise RosterError(f"{path}: empty: no header row")
    columns, ignored = _columns(path, table[0])
    reader = _Reader(path, columns, [_text(h) for h in table[0]])
    body = [(k + 2, row) for k, row in enumerate(table[1:]) if any(_text(v) for v in row)]
    if not MIN_ROWS <= len(body) <= MAX_ROWS:
        many = f"more than {MAX_ROWS:,}" if len(body) > MAX_ROWS else f"{len(body):,}"
        raise RosterError(f"{path}: {many} cadres; a roster has {MIN_ROWS} to {MAX_ROWS:,}")
    roster = _check(reader, body, scenario, ignored)
    try:
        roster.fit(scenario)  # the county it makes must be a valid scenario (at most 100,000 units ...)
    except ScenarioError as e:
        raise RosterError(f"{path}: {e}") from None
    return roster


def _cell(row: list[Any], k: int | None) -> Any:
    return row[k] if k is not None and k < len(row) else None


def _check(reader: _Reader, body: list[tuple[int, list[Any]]], scenario: Scenario, ignored: tuple[str, ...]) -> Roster:
    cols, start, fl = reader.columns, scenario.run.start_year, scenario.flows
    n = len(body)
    birth, hire = np.zeros(n, np.int64), np.zeros(n, np.int64)
    stage, rank, kind, fieldc = (np.full(n, UNKNOWN, np.int64) for _ in range(4))
    unit = np.zeros(n, np.int64)
    units: dict[str, int] = {}
    fields: dict[str, int] = {}
    refs: list[tuple[int, int, str]] = []
    ids: dict[str, list[int]] = {}
    names: dict[str, list[int]] = {}
    allowed_kinds = {KINDS[k.code].code for k in ESTABLISHMENT_KINDS}
    for i, (r, row) in enumerate(body):
        get = lambda c: _cell(row, cols.get(c))  # noqa: E731, B023  (used within this iteration)
        born, hired = _year(get("birth_year")), _year(get("hire_year"))
        if born is None:
            reader.bad(r, "birth_year", get("birth_year"), "is not a year (e.g. 1985)")
        elif not MIN_AGE <= start - born < fl.retirement_age:
            reader.bad(r, "birth_year", get("birth_year"), f"makes the cadre {start - born} at the start ({start}): "
                       f"give an age from {MIN_AGE} to under the retirement age {fl.retirement_age:g}")  # fmt: skip
        if hired is None:
            reader.bad(r, "hire_year", get("hire_year"), "is not a year (e.g. 2010)")
        elif hired > start or (born is not None and hired < born + 16):
            reader.bad(r, "hire_year", get("hire_year"), f"is not from the 16th birthday to the start year {start}")
        birth[i], hire[i] = born or 0, hired or 0
        for column, vocabulary, out in (("stage", STAGES, stage), ("rank", RANKS, rank), ("kind", KINDS, kind)):
            text = _text(get(column))
            if not text:
                continue
            try:
                code = vocabulary.code_for(text)
            except ValueError:
                code = ""
            ok = {"stage": code in STAGES and code != "exited", "rank": bool(code), "kind": code in allowed_kinds}
            if not ok[column]:
                words = [f"{t.zh} ({t.code})" for t in vocabulary.values() if t.code != "exited"]
                words = [w for w in words if column != "kind" or w.endswith(tuple(f"({k})" for k in allowed_kinds))]
                reader.bad(r, column, text, f"is not one of: {', '.join(words)}")
                continue
            out[i] = vocabulary.codes().index(code)
        name = _text(get("unit"))
        if not name:
            reader.bad(r, "unit", "", "is blank: every cadre has a unit")
        unit[i] = units.setdefault(name, len(units))
        if text := _text(get("field")):
            fieldc[i] = fields.setdefault(text, len(fields))
        if ref := _text(get("mentor")):
            refs.append((i, r, ref))
        if key := _text(get("id")):
            ids.setdefault(key, []).append(i)
        if key := _text(get("name")):
            names.setdefault(key, []).append(i)
    rows = np.array([r for r, _ in body])
    mentor = _mentors(reader, refs, ids, names, rows, stage)
    if reader.problems:
        more = len(reader.problems) - MAX_SHOWN
        raise RosterError("\n".join(reader.problems[:MAX_SHOWN] + ([f"... and {more} more"] if more > 0 else [])))
    return Roster(
        source=reader.path.name, row_numbers=rows, birth_year=birth, hire_year=hire, stage=stage, rank=rank,
        has_rank="rank" in cols, unit=unit, units=len(units), field=fieldc, fields=len(fields), kind=kind,
        mentor=mentor, ignored=ignored,
    )  # fmt: skip


def _mentors(
    reader: _Reader,
    refs: list[tuple[int, int, str]],
    ids: dict[str, list[int]],
    names: dict[str, list[int]],
    rows: np.ndarray,
    stage: np.ndarray,
) -> np.ndarray:
    """Each cadre's current mentor as a roster index: by ID, by a unique name, or by row number."""
    mentor = np.full(len(rows), UNKNOWN, np.int64)
    index_of_row = {int(r): i for i, r in enumerate(rows)}
    for i, r, ref in refs:
        match = _ROW.match(ref)
        by_row = index_of_row.get(int(match.group(1) or match.group(2))) if match else None
        found = ids.get(ref) or names.get(ref) or ([by_row] if by_row is not None else [])
        if len(found) != 1:
            why = "names two or more cadres: give the mentor's ID" if found else "is no ID, name or row of the roster"
            reader.bad(r, "mentor", ref, why)
        elif found[0] == i:
            reader.bad(r, "mentor", ref, "is the cadre's own row")
        elif stage[found[0]] == Stage.YOUNG:
            reader.bad(r, "mentor", ref, f"is row {rows[found[0]]}, a young cadre: a mentor is a backbone or a veteran")
        else:
            mentor[i] = found[0]
    given = {i: ref for i, _, ref in refs}
    for j in np.flatnonzero((mentor >= 0) & np.isin(np.arange(len(rows)), mentor[mentor >= 0])):
        reader.bad(
            int(rows[j]),
            "mentor",
            given[int(j)],
            "is this cadre's mentor, but the cadre mentors others: a mentor has no mentor",
        )
    return mentor

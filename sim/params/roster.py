"""A county's own roster of cadres (花名册), read and checked: the starting population of a run.

The file is read as sheets by ``sim.params.roster_file``, its cadres' rows found by
``sim.params.roster_sheet`` (the sheet, the header below title and note rows, totals, notes and
blank rows skipped), posts and ranks mapped by ``sim.params.roster_titles``, dates read by
``sim.params.roster_values``. ``read_roster(path, scenario)`` returns a ``Roster`` of plain arrays,
or raises ``RosterError`` with every problem on a line of its own, in Chinese or English, naming the
row as Excel shows it, the column, the value and the fix. ``load_roster`` reads one without a
scenario (``sim.params.roster_summary`` sums it up for ``cadre-sim new``).

Columns (Chinese or English headers; other columns are ignored and listed; 序号 is ignored):

- 出生年月 / birth_year and 参加工作时间 / hire_year: 1986, 1986.03, 1992年2月, 2014-07, a date cell;
- 职务 / post and 职级 / rank, and/or 阶段 / stage (at least one): posts and ranks in the words of
  the civil-service rules, mapped by the title table; a stage in Chinese, English or code (青年干部,
  独立工作, 骨干, 导师, 退二线); a blank stage is worked out from age and years of service;
- 所在单位 / unit: the unit's name, kept to every output;
- 领域 / field, 现任导师 / mentor (by 身份证号, a unique 姓名 or a row number), 类别 / kind (optional).

Village and community cadres (their titles all village titles) are left out. Names and ID numbers
are read only to find mentors and repeated rows: a ``Roster`` keeps neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sim.model.kinds import ESTABLISHMENT_KINDS, KINDS
from sim.model.stages import STAGES, Stage
from sim.params.errors import ScenarioError, cut, in_both, said
from sim.params.roster_file import MAX_ROWS, RosterError, Words, read_sheets, roster_error, words
from sim.params.roster_sheet import RosterTable, find_table
from sim.params.roster_titles import UNKNOWN, VILLAGE, TitleTable, rank_code, title_table
from sim.params.roster_values import plain, year_of
from sim.params.schema import Scenario

__all__ = ["Roster", "RosterError", "load_roster", "read_roster"]

MIN_ROWS = 10  # population.initial_cadres' least
MIN_AGE = 18
MAX_SHOWN = 30  # problems listed before "... and N more"


@dataclass(frozen=True, eq=False)
class Roster:
    """A checked roster: one entry per cadre, in the file's order; no names, no ID numbers.

    Attributes:
        source: the file's name (for the report).
        row_numbers: the row of each cadre as Excel shows it.
        birth_year, hire_year: years.
        stage: ``Stage`` values, -1 where the row gives none (worked out from age and service).
        rank: ``Rank`` values, -1 where none is given; ``has_rank``: the file has a rank or post column.
        unit: unit codes 0, 1, ... in order of first appearance; ``units``: how many; ``unit_names``: theirs.
        field: field codes, -1 where blank; ``fields``: how many named.
        kind: ``Kind`` values, -1 where none is given.
        mentor: the roster index of each cadre's current mentor, -1 for none.
        ignored: headers of the columns not used.
        sheet, header_row: the sheet read (None: a CSV) and its header's row.
        columns: the known columns the file has (canonical names: ``roster_sheet.HEADERS``).
        skipped: (row, kind) of the rows below the header that are no cadre's (``roster_sheet.SKIP_KINDS``).
        left_out: rows of village and community cadres (not civil servants: not in the county).
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
    unit_names: tuple[str, ...] = ()
    sheet: str | None = None
    header_row: int = 1
    columns: tuple[str, ...] = ()
    skipped: tuple[tuple[int, str], ...] = ()
    left_out: tuple[int, ...] = ()

    def __len__(self) -> int:
        return len(self.row_numbers)

    def mentors(self) -> np.ndarray:
        """Roster indices of the starting mentor pool: rows at stage mentor, and every current mentor."""
        named = self.stage == Stage.MENTOR
        named[self.mentor[self.mentor >= 0]] = True
        return np.flatnonzero(named)

    def fit(self, scenario: Scenario) -> Scenario:
        """``scenario`` sized to the roster: its cadres, units, fields and pool.

        The pool is the mentors the roster names; when it names none, the scenario's pool in proportion
        to its cadres (a pool of 563 for 4,000 cadres is one of 35 for 248), at least one.
        """
        mentors = len(self.mentors())
        pp = scenario.population
        share = pp.initial_pool_size / max(pp.initial_cadres, 1)
        pool = mentors if mentors else min(max(1, round(share * len(self))), len(self))
        return scenario.with_overrides(
            {
                "population.initial_cadres": len(self),
                "population.units": max(self.units, 1),
                "population.fields": max(self.fields, scenario.population.fields) if self.fields <= 20 else 20,
                "population.initial_pool_size": pool,
            },
            source=f"{self.source} (roster)",
        )


class _Reader:
    """Collects the problems of one file, one line each, in the language asked for."""

    def __init__(self, path: Path, table: RosterTable, lang: str):
        self.path, self.table, self.lang = path, table, lang
        self.problems: list[Words] = []
        self.titles: list[Words] = []  # the unknown titles, said after the rows' problems

    def bad(self, row: int, column: str, value: Any, why: str, **fields: Any) -> None:
        header = self.table.headers[self.table.columns[column]]
        shown = cut(plain(value))
        self.problems.append(
            words("bad_cell", where=self.table.where, row=row, column=header, value=shown, why=words(why, **fields))
        )


def load_roster(
    path: str | Path,
    *,
    sheet: str | None = None,
    titles: str | Path | None = None,
    lang: str = "en",
    start_year: int | None = None,
    retirement_age: float | None = None,
) -> Roster:
    """Read and check a roster; ages and service are checked at ``start_year`` when it is given.

    Args:
        path: a .csv (UTF-8, with or without BOM, or GBK) or .xlsx file.
        sheet: the sheet to read (None: the first sheet holding a roster's header).
        titles: a planner's own title table adding to or overriding the shipped one (``--titles``).
        lang: the language of the errors' text ("zh" or "en"); they carry both (``sim.params.errors.said``).
        start_year: the year the run starts (None: ages and service are not checked against a start).
        retirement_age: the oldest a cadre may be at the start (with ``start_year``).

    Raises:
        RosterError: a file that cannot be read, no roster's header, or bad rows: every problem on a line of its own.
    """
    path = Path(path)
    table = find_table(path, read_sheets(path, lang), sheet, lang)
    table_of_titles = title_table(Path(titles) if titles is not None else None, lang)
    reader = _Reader(path, table, lang)
    body, left_out, ranks = _ranks(reader, table_of_titles)
    if not MIN_ROWS <= len(body) <= MAX_ROWS:
        many = f">{MAX_ROWS:,}" if len(body) > MAX_ROWS else f"{len(body):,}"
        raise roster_error(words("count", where=table.where, count=many, least=MIN_ROWS, most=f"{MAX_ROWS:,}"), lang)
    return _check(reader, body, ranks, left_out, start_year, retirement_age)


def read_roster(
    path: str | Path, scenario: Scenario, *, sheet: str | None = None, titles: str | Path | None = None,
    lang: str = "en",
) -> Roster:  # fmt: skip
    """Read and check a roster for a run of ``scenario`` (ages and service at its start).

    Raises:
        RosterError: a missing, unreadable or oversized file, a header without the needed columns,
            or bad rows: every problem on a line of its own (row, column, value, the fix).
    """
    roster = load_roster(
        path, sheet=sheet, titles=titles, lang=lang, start_year=scenario.run.start_year,
        retirement_age=scenario.flows.retirement_age,
    )  # fmt: skip
    try:
        roster.fit(scenario)  # the county it makes must be a valid scenario (at most 100,000 units ...)
    except ScenarioError as e:
        raise in_both(RosterError(f"{path}: {e}"), f"{path}: {said(e, 'zh')}", f"{path}: {said(e, 'en')}") from None
    return roster


def _cell(row: list[Any], k: int | None) -> Any:
    return row[k] if k is not None and k < len(row) else None


def _ranks(reader: _Reader, titles: TitleTable) -> tuple[list[tuple[int, list[Any]]], tuple[int, ...], list[int]]:
    """The rank of each row from its 职务 and 职级 (the highest), village cadres' rows set apart, unknown titles said."""
    cols = reader.table.columns
    body, left_out, ranks = [], [], []
    unknown: dict[str, list[int]] = {}
    for r, row in reader.table.body:
        cells = [plain(_cell(row, cols.get(c))) for c in ("rank", "post")]
        whole = [rank_code(c) for c in cells if c]  # a rank written as the model's code or name
        rank, missing = titles.rank_of_cells(cells)
        if whole and all(v is not None for v in whole):
            rank, missing = max(v for v in whole if v is not None), []
        for title in missing:
            unknown.setdefault(title, []).append(r)
        if rank == VILLAGE:
            left_out.append(r)
            continue
        body.append((r, row))
        ranks.append(rank)
    for title, rows in unknown.items():
        shown = "、".join(map(str, rows[:10])) + ("…" if len(rows) > 10 else "")
        reader.titles.append(words("unknown_title", where=reader.table.where, title=title, rows=shown))
    if unknown:
        example = next(iter(unknown))
        reader.titles.append(
            words("unknown_how", where=reader.table.where, table=titles.files[-1], line=f"{example},staff,")
        )
    return body, tuple(left_out), ranks


def _years(reader: _Reader, r: int, get: Any, start: int | None, retire: float | None) -> tuple[int, int]:
    born, hired = year_of(get("birth_year")), year_of(get("hire_year"))
    if born is None:
        reader.bad(r, "birth_year", get("birth_year"), "not_year", e="1985、1985.06、1985年6月")
    elif start is not None and retire is not None and not MIN_AGE <= start - born < retire:
        reader.bad(r, "birth_year", get("birth_year"), "age_out", age=start - born, start=start, least=MIN_AGE,
                   retire=f"{retire:g}")  # fmt: skip
    if hired is None:
        reader.bad(r, "hire_year", get("hire_year"), "not_year", e="2010、2010.07、2010年7月")
    elif born is not None and hired < born + 16:
        reader.bad(r, "hire_year", get("hire_year"), "hire_early", born=born)
    elif start is not None and hired > start:
        reader.bad(r, "hire_year", get("hire_year"), "hire_late", start=start)
    return born or 0, hired or 0


def _check(
    reader: _Reader,
    body: list[tuple[int, list[Any]]],
    ranks: list[int],
    left_out: tuple[int, ...],
    start: int | None,
    retire: float | None,
) -> Roster:
    table, lang = reader.table, reader.lang
    cols = table.columns
    n = len(body)
    birth, hire = np.zeros(n, np.int64), np.zeros(n, np.int64)
    stage, kind, fieldc = (np.full(n, UNKNOWN, np.int64) for _ in range(3))
    unit = np.zeros(n, np.int64)
    units: dict[str, int] = {}
    fields: dict[str, int] = {}
    refs: list[tuple[int, int, str]] = []
    ids: dict[str, list[int]] = {}
    names: dict[str, list[int]] = {}
    seen: dict[tuple[str, ...], int] = {}
    allowed_kinds = {KINDS[k.code].code for k in ESTABLISHMENT_KINDS}
    for i, (r, row) in enumerate(body):
        get = lambda c: _cell(row, cols.get(c))  # noqa: E731, B023  (used within this iteration)
        birth[i], hire[i] = _years(reader, r, get, start, retire)
        for column, vocabulary, out in (("stage", STAGES, stage), ("kind", KINDS, kind)):
            text = plain(get(column))
            if not text:
                continue
            try:
                code = vocabulary.code_for(text)
            except ValueError:
                code = ""
            if not (code in STAGES and code != "exited" if column == "stage" else code in allowed_kinds):
                allowed = [f"{t.zh} ({t.code})" for t in vocabulary.values() if t.code != "exited"]
                allowed = [x for x in allowed if column != "kind" or x.endswith(tuple(f"({k})" for k in allowed_kinds))]
                reader.bad(r, column, text, "not_one_of", words=", ".join(allowed))
                continue
            out[i] = vocabulary.codes().index(code)
        name = plain(get("unit"))
        if not name:
            reader.bad(r, "unit", "", "unit_blank")
        unit[i] = units.setdefault(name, len(units))
        if text := plain(get("field")):
            fieldc[i] = fields.setdefault(text, len(fields))
        if ref := plain(get("mentor")):
            refs.append((i, r, ref))
        if key := plain(get("id")):
            if key in ids:
                reader.bad(r, "id", key, "same_id", other=body[ids[key][0]][0])
            ids.setdefault(key, []).append(i)
        if key := plain(get("name")):
            names.setdefault(key, []).append(i)
            twin = (key, str(birth[i]), str(hire[i]), name)
            if twin in seen and "id" not in cols:
                reader.bad(r, "name", key, "same_row", other=body[seen[twin]][0])
            seen.setdefault(twin, i)
    rows = np.array([r for r, _ in body])
    mentor = _mentors(reader, refs, ids, names, rows, stage)
    if reader.problems or reader.titles:
        more = len(reader.problems) - MAX_SHOWN
        lines: list[Words] = [*reader.problems[:MAX_SHOWN], *([words("more", n=more)] if more > 0 else [])]
        raise roster_error(
            lines + reader.titles[:MAX_SHOWN] + reader.titles[-1:][: len(reader.titles) > MAX_SHOWN], lang
        )
    return Roster(
        source=reader.path.name,
        row_numbers=rows, birth_year=birth, hire_year=hire, stage=stage, rank=np.array(ranks, np.int64),
        has_rank=bool({"rank", "post"} & cols.keys()), unit=unit, units=len(units), field=fieldc,
        fields=len(fields), kind=kind, mentor=mentor, ignored=table.ignored, unit_names=tuple(units),
        sheet=table.sheet, header_row=table.header_row, columns=tuple(cols), skipped=table.skipped,
        left_out=left_out,
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
        digits = ref.removeprefix("第").removesuffix("行").strip().lower().removeprefix("row").strip()
        by_row = index_of_row.get(int(digits)) if digits.isdecimal() else None
        found = ids.get(ref) or names.get(ref) or ([by_row] if by_row is not None else [])
        if len(found) != 1:
            reader.bad(r, "mentor", ref, "mentor_two" if found else "mentor_none")
        elif found[0] == i:
            reader.bad(r, "mentor", ref, "mentor_self")
        elif stage[found[0]] == Stage.YOUNG:
            reader.bad(r, "mentor", ref, "mentor_young", other=rows[found[0]])
        else:
            mentor[i] = found[0]
    given = {i: ref for i, _, ref in refs}
    for j in np.flatnonzero((mentor >= 0) & np.isin(np.arange(len(rows)), mentor[mentor >= 0])):
        reader.bad(int(rows[j]), "mentor", given[int(j)], "mentor_has_mentor")
    return mentor

"""What a county's roster shows, summed up for setting up the county (``cadre-sim new 我县 --roster 花名册``).

``summarise_roster(path)`` reads the roster as a run would (the sheet and header found, posts and ranks
mapped by the title table, totals, notes, blank rows and village cadres set apart) and returns a
:class:`RosterSummary`: the headcount, each unit by name with its cadres by rank, the cadres by rank,
hires per year, births per year, the current mentors and pairs when the roster has such columns, and
the ``Roster`` itself. No name or ID number is kept.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.model.careers import RANKS
from sim.params.roster import Roster, load_roster
from sim.words import Book

w = Book("roster")
NO_RANK = ""  # the rank key of cadres whose roster gives neither post nor rank


@dataclass(frozen=True)
class UnitSummary:
    """One unit of the roster: its name as written, its cadres, by rank (rank code -> cadres), mentors, mentees."""

    name: str
    cadres: int
    ranks: dict[str, int]
    mentors: int
    mentees: int


@dataclass(frozen=True)
class RosterSummary:
    """What a roster shows of a county.

    Attributes:
        source: the file's name; ``sheet``: the sheet read (None: a CSV); ``header_row``: the header's row.
        cadres: the headcount (village and community cadres left out).
        units: each unit, in order of first appearance.
        ranks: rank code (``sim.model.careers.RANKS``) -> cadres; ``NO_RANK`` for rows giving none.
        has_ranks: the roster has a 职务 or 职级 column.
        hire_years: year of joining -> cadres; ``birth_years``: year of birth -> cadres.
        has_stages, has_mentors: the roster has a 阶段 column / a 现任导师 column.
        mentors: the current mentors (stage 导师, or someone's current mentor); ``pairs``: current pairs.
        skipped: (row, kind) of rows that are no cadre's (totals, notes, blank rows ...).
        left_out: rows of village and community cadres (not civil servants).
        roster: the checked roster itself (arrays, one entry per cadre).
    """

    source: str
    sheet: str | None
    header_row: int
    cadres: int
    units: tuple[UnitSummary, ...]
    ranks: dict[str, int]
    has_ranks: bool
    hire_years: dict[int, int]
    birth_years: dict[int, int]
    has_stages: bool
    has_mentors: bool
    mentors: int
    pairs: int
    skipped: tuple[tuple[int, str], ...]
    left_out: tuple[int, ...]
    roster: Roster


def _ranks(rank: np.ndarray) -> dict[str, int]:
    codes = RANKS.codes()
    counts = Counter(codes[r] if r >= 0 else NO_RANK for r in rank.tolist())
    return {code: counts[code] for code in (*codes, NO_RANK) if counts[code]}


def summarise(roster: Roster) -> RosterSummary:
    """The summary of a roster already read."""
    mentors = np.zeros(len(roster), bool)
    mentors[roster.mentors()] = True
    mentees = roster.mentor >= 0
    units = tuple(
        UnitSummary(name, int((here := roster.unit == k).sum()), _ranks(roster.rank[here]),
                    int((mentors & here).sum()), int((mentees & here).sum()))
        for k, name in enumerate(roster.unit_names)
    )  # fmt: skip
    return RosterSummary(
        source=roster.source, sheet=roster.sheet, header_row=roster.header_row, cadres=len(roster), units=units,
        ranks=_ranks(roster.rank), has_ranks=roster.has_rank,
        hire_years=dict(sorted(Counter(roster.hire_year.tolist()).items())),
        birth_years=dict(sorted(Counter(roster.birth_year.tolist()).items())),
        has_stages="stage" in roster.columns, has_mentors="mentor" in roster.columns,
        mentors=int(mentors.sum()), pairs=int(mentees.sum()), skipped=roster.skipped, left_out=roster.left_out,
        roster=roster,
    )  # fmt: skip


def summarise_roster(
    path: str | Path,
    *,
    sheet: str | None = None,
    titles: str | Path | None = None,
    as_of: int | None = None,
    retirement_age: float | None = None,
    lang: str = "en",
) -> RosterSummary:
    """Read a roster and sum up what it shows of the county.

    Args:
        path: the roster (.xlsx or .csv, as the department keeps it).
        sheet: the sheet to read (None: the first sheet holding a roster's header).
        titles: a planner's own title table (``--titles``) adding to or overriding the shipped one.
        as_of: the year the run will start: ages and service are checked at it (None: not checked).
        retirement_age: the oldest a cadre may be at ``as_of`` (None: not checked).
        lang: the language of the errors.

    Raises:
        RosterError: the roster cannot be used; every problem on a line of its own (row, column, value, the fix).
    """
    roster = load_roster(path, sheet=sheet, titles=titles, lang=lang, start_year=as_of, retirement_age=retirement_age)
    return summarise(roster)


def _rows(rows: list[int], lang: str) -> str:
    shown = w("list_sep", lang).join(map(str, rows[:8]))
    return shown + ("…" if len(rows) > 8 else "")


def notice(roster: Roster, lang: str = "zh") -> str:
    """The one line a command says of a roster read: what was read, the header's row, what was skipped or left out."""
    sheet = w("read_sheet", lang, sheet=roster.sheet) if roster.sheet is not None else ""
    line = w("read_from", lang, file=roster.source, sheet=sheet, cadres=f"{len(roster):,}",
             units=f"{roster.units:,}", row=roster.header_row)  # fmt: skip
    by_kind: dict[str, list[int]] = {}
    for row, kind in roster.skipped:
        by_kind.setdefault(kind, []).append(row)
    parts = [w(f"skip_{kind}", lang, n=len(rows), rows=_rows(rows, lang)) for kind, rows in by_kind.items()]
    if parts:
        line += w("skipped", lang, what=w("list_sep", lang).join(parts))
    if roster.left_out:
        line += w("left_out", lang, n=len(roster.left_out), rows=_rows(list(roster.left_out), lang))
    return line

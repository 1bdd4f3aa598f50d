"""Posts (职务) and ranks (职级) in the words departments use, mapped to the model's four ranks by a table.

The table ships with the tool (``sim/params/titles.csv``: ``title,rank,note``, one line a title; rank is
``staff``, ``level4``, ``township_leader``, ``county`` or ``village``, the Chinese names of the first four
allowed too). A planner's own table (``--titles FILE``, the same columns) adds titles and overrides the
entries it names. A cell may list several titles (党委委员、副镇长; 党委委员兼武装部长): the highest counts.
A title is found as written, or as the end of a longer name (城关镇党委书记 -> 党委书记); a name that is
a village's or a community's (XX村党委书记) is a village cadre's. Village and community cadres
(村党组织书记, 村委会主任 ...) are not civil servants and hold no rank: rows whose titles are all theirs
are left out of the county (``VILLAGE``).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from sim.model.careers import RANKS
from sim.params.roster_file import RosterError, Words, csv_text, roster_error, words
from sim.params.roster_values import header_key, plain

SHIPPED = Path(__file__).with_name("titles.csv")
VILLAGE = -2  # a village or community cadre's title: no rank, not one of the county's cadres
UNKNOWN = -1
MAX_TITLES_BYTES = 1_000_000
_SPLIT = re.compile(r"[、，,;；/／|\s]+|兼")
_BRACKETS = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")
_VILLAGE_PREFIX = ("村", "社区", "居委会", "村委")
_NONE = {"无", "暂无", "没有", "-", "—", "--", "——", "空", "/"}  # a cell saying "none"
_HEADERS = {"title": ("title", "职务", "职级", "称谓", "职务职级"), "rank": ("rank", "对应职级", "模型职级"),
            "note": ("note", "说明", "备注")}  # fmt: skip


def rank_code(text: str) -> int | None:
    """A rank as the table may write it (code or Chinese name, or village/村干部) -> its value; None if none."""
    if text in ("village", "村干部"):
        return VILLAGE
    try:
        return RANKS.codes().index(RANKS.code_for(text))
    except ValueError:
        return None


@dataclass(frozen=True)
class TitleTable:
    """Title -> rank value (``Rank``, or ``VILLAGE``), and the files it was read from (the shipped one first)."""

    ranks: dict[str, int]
    files: tuple[Path, ...]

    def rank_of(self, title: str) -> int:
        """The rank value of one title, ``UNKNOWN`` if the table has it neither whole nor as its end."""
        title = _BRACKETS.sub("", title)
        if title in self.ranks:
            return self.ranks[title]
        ends = [t for t in self.ranks if len(t) >= 2 and title.endswith(t)]
        if not ends:
            return UNKNOWN
        longest = max(ends, key=len)
        head = title[: -len(longest)]
        return VILLAGE if head.endswith(_VILLAGE_PREFIX) else self.ranks[longest]

    def rank_of_cells(self, cells: list[str]) -> tuple[int, list[str]]:
        """The highest rank the titles of ``cells`` give (``VILLAGE`` when all are village titles), and the unknown.

        Returns ``UNKNOWN`` when the cells are blank; the titles not in the table are listed, not counted.
        """
        found, unknown = [], []
        for cell in cells:
            for title in _SPLIT.split(_BRACKETS.sub("", plain(cell))):
                if not title or title in _NONE:
                    continue
                rank = self.rank_of(title)
                (unknown.append(title) if rank == UNKNOWN else found.append(rank))
        ranked = [r for r in found if r >= 0]
        if ranked:
            return max(ranked), unknown
        return (VILLAGE if found else UNKNOWN), unknown


def _read_table(path: Path, lang: str) -> dict[str, int]:
    from sim.params.reading import read_bytes

    data = read_bytes(path, "roster", RosterError, limit=MAX_TITLES_BYTES, lang=lang)
    text = csv_text(path, data, lang)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    keys = [header_key(h) for h in rows[0]] if rows else []
    where = {c: next((k for k, h in enumerate(keys) if h in names), None) for c, names in _HEADERS.items()}
    ti, ri = where["title"], where["rank"]
    if ti is None or ri is None:
        raise roster_error(words("titles_header", path=path), lang)
    ranks: dict[str, int] = {}
    problems: list[Words] = []
    for k, row in enumerate(rows[1:], start=2):
        title = plain(row[ti]) if ti < len(row) else ""
        given = plain(row[ri]) if ri < len(row) else ""
        if not title and not given:
            continue
        rank = rank_code(given)
        if not title or rank is None:
            problems.append(words("titles_bad_row", path=path, row=k, title=title, rank=given))
            continue
        ranks[title] = rank
    if problems:
        raise roster_error(problems, lang)
    return ranks


def title_table(own: Path | None = None, lang: str = "en") -> TitleTable:
    """The shipped table, with a planner's own table (``--titles``) adding and overriding entries."""
    ranks = _read_table(SHIPPED, lang)
    if own is None:
        return TitleTable(ranks, (SHIPPED,))
    return TitleTable({**ranks, **_read_table(Path(own), lang)}, (SHIPPED, Path(own)))

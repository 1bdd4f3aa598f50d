"""What slide pictures of a finished run share: the run folder read, its name and calendar, the page.

Pictures for a projector are 1920x1080 (16:9) pages drawn at 100 dpi, so that a size in pixels
is a size on the screen; text is at least :data:`MIN_TEXT_PX` pixels tall. A results folder says
"never" or "still open" with -1 (older folders) or a blank cell (newer ones): :func:`read_run`
accepts both and hands the drawings -1 throughout.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from sim.model.calendar import date_of
from sim.output.plotting import px_to_pt, slide_rc
from sim.output.tables import NEVER, read_run_table
from sim.params.reading import check_file, exists, read_text
from sim.params.sections import RunParams
from sim.words import Book

W = Book("pictures")
PAGE_PX = (1920, 1080)
DPI = 100
MAX_TABLE_BYTES = 2_000_000_000  # a results table (cadres.csv of a large county over decades)
MAX_GENERATION = 1_000  # a lineage deeper than this is a damaged cadres.csv, not a county's history
MIN_TEXT_PX = 16.0


def pt(px: float) -> float:
    """Font size in points for text ``px`` pixels tall on a slide page."""
    return px_to_pt(px, DPI)


def foot_legend(target: Any, handles: list) -> None:
    """The stage legend along the foot of a slide page (``target``: the figure or its axes)."""
    if handles:
        target.legend(
            handles=handles,
            loc="lower left",
            bbox_to_anchor=(30 / PAGE_PX[0], 8 / PAGE_PX[1]),
            ncol=len(handles),
            fontsize=pt(20),
            frameon=False,
            handletextpad=0.3,
            columnspacing=1.4,
        )


def read_run(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The cadres (indexed by id) and pairs of a results folder; "never"/"open" as -1.

    A pair whose ``end_month`` is -1 or blank is still open at the end of the run.

    Raises:
        FileNotFoundError: the folder is not a results folder.
    """
    folder = Path(folder)
    for name in ("pairs.csv", "cadres.csv"):
        if not exists(folder / name):
            raise FileNotFoundError(W("not_results", "en", folder=folder, name=name))
        check_file(folder / name, name, ValueError, limit=MAX_TABLE_BYTES)  # a device or a pipe: one line
    pairs = read_run_table(folder / "pairs.csv", never=NEVER)
    cadres = read_run_table(folder / "cadres.csv", never=NEVER)
    for table, name, columns in (
        (pairs, "pairs.csv", ("mentor", "mentee")),
        (cadres, "cadres.csv", ("id", "generation")),
    ):
        for column in columns:
            if column not in table:
                raise ValueError(W("no_column", "en", file=folder / name, column=column))
            if len(table) and not pd.api.types.is_integer_dtype(table[column]):
                raise ValueError(W("not_whole_numbers", "en", file=folder / name, column=column))
    twice = cadres["id"][cadres["id"].duplicated()]
    if len(twice):
        raise ValueError(W("id_twice", "en", file=folder / "cadres.csv", id=int(twice.iloc[0])))
    deepest = int(cadres["generation"].max()) if len(cadres) else 0
    if deepest > MAX_GENERATION:
        raise ValueError(W("too_deep", "en", file=folder / "cadres.csv", g=f"{deepest:,}", most=f"{MAX_GENERATION:,}"))
    return cadres.set_index("id", drop=False), pairs


@dataclass(frozen=True)
class RunCalendar:
    """The name of a run's scenario and the calendar of its months (when the folder says it).

    Attributes:
        name: the scenario's name (never the folder's time stamp).
        run: the scenario's ``[run]`` section, or None when the folder has no readable one.
    """

    name: str
    run: RunParams | None

    @property
    def months(self) -> int | None:
        """Months the run lasted, or None when unknown."""
        return self.run.months if self.run else None

    def date(self, month: int, lang: str) -> str:
        """Model month ``month`` as a calendar month ("2005年3月", "Mar 2005"); month 0 is the start."""
        if self.run is None:
            return W("year", lang, y=month // 12)
        year, mon = date_of(self.run, max(month, 1))
        text = W("cal_month", lang, y=year, mon=W(f"month_{mon}", lang))
        return W("cal_start", lang, d=text) if month <= 0 else text

    def place(self, lang: str) -> str:
        """The place the run is of, in ``lang``: its description up to the first comma ("安吉县"), else its name."""
        text = ""
        if self.run is not None:
            text = getattr(self.run, DESCRIPTION.get(lang, "description")) or self.run.description
        head = re.split(r"[，,（(：:；;。.]", text.strip(), maxsplit=1)[0].strip()
        return head if 0 < len(head) <= 24 else self.name

    def span(self, lang: str) -> str:
        """The calendar span of the run ("2004年4月—2025年5月"), or "" when unknown."""
        if self.run is None:
            return ""
        return W("cal_span", lang, a=self.date(1, lang), b=self.date(self.run.months, lang))


DESCRIPTION = {"zh": "description_zh", "en": "description"}  # the [run] field that describes the run in each language
_STAMP = re.compile(r"-\d{8}-\d{6}(-seed\d+)?$")


def run_calendar(folder: Path) -> RunCalendar:
    """The scenario name and calendar of a results folder (``scenario.toml``'s ``[run]``)."""
    folder = Path(folder)
    name = _STAMP.sub("", folder.name)
    try:
        table = tomllib.loads(read_text(folder / "scenario.toml", "scenario", ValueError)).get("run", {})
    except (ValueError, RecursionError):  # no scenario.toml, or not one to read: the folder's name
        return RunCalendar(name, None)
    if not isinstance(table, dict):
        return RunCalendar(name, None)
    try:
        run: RunParams | None = RunParams.model_validate(table)
    except ValueError:  # a folder of an older schema: the name is still good
        run = None
    return RunCalendar(str(table.get("name", name)) or name, run)


def page_figure() -> Figure:
    """A blank 1920x1080 page (no pyplot) and its one axes, in pixels from the top left."""
    fig = Figure(figsize=(PAGE_PX[0] / DPI, PAGE_PX[1] / DPI), dpi=DPI, facecolor="white")
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, PAGE_PX[0])
    ax.set_ylim(PAGE_PX[1], 0)
    ax.axis("off")
    return fig


def save_page(fig: Figure, stem: Path) -> list[Path]:
    """Write ``stem``.png (1920x1080) and ``stem``.svg (text kept as text); return both paths."""
    import matplotlib

    png, svg = stem.with_suffix(".png"), stem.with_suffix(".svg")
    with matplotlib.rc_context(slide_rc()):
        fig.savefig(png, dpi=DPI)
        fig.savefig(svg)
    return [png, svg]


def clear_old_pages(stem: Path) -> None:
    """Remove the pages an earlier drawing left under ``stem`` (``stem``.png, ``stem``-N.png, .svg)."""
    pattern = re.compile(re.escape(stem.name) + r"(-\d+)?\.(png|svg)$")
    if stem.parent.is_dir():
        for old in stem.parent.iterdir():
            if pattern.fullmatch(old.name) and old.is_file():
                old.unlink()

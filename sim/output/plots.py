"""PNG plots of a run's monthly series (matplotlib, no display needed), in Chinese or English.

The time axis is the calendar: each row is placed at its real month (the series' ``date``
column; the state before the start one month before it) and ticks fall on whole years. Titles
name the scenario and its real calendar span.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from sim.model.careers import RANK_CODES, RANKS
from sim.model.kinds import KINDS
from sim.model.outcomes import MAX_GENERATION_COLUMN
from sim.model.stages import LIVE_STAGES, STAGES
from sim.output.columns import column_label
from sim.output.numbers import number
from sim.output.plotting import figure_language, plt
from sim.words import Book

w = Book("run")  # the words of a run's report, plots, workbook and terminal lines

POOL_COLOUR = STAGES["mentor"].colour
MENTEE_COLOUR = STAGES["young"].colour
BACKBONE_COLOUR = STAGES["backbone"].colour


def calendar_months(series: pd.DataFrame) -> np.ndarray:
    """The calendar month of each row (numpy ``datetime64[M]``) from its ``date`` ("2005-04"; "start": the month before)."""
    dates = series["date"].astype(str)
    known = dates != "start"
    months = np.full(len(series), np.datetime64("NaT", "M"), dtype="datetime64[M]")
    months[known.to_numpy()] = np.array(dates[known].tolist(), dtype="datetime64[M]")
    if (~known).any() and known.any():
        months[(~known).to_numpy()] = months[known.to_numpy()][0] - np.timedelta64(1, "M")
    return months


def year_axis(ax: Axes, months: np.ndarray, lang: str) -> None:
    """Whole calendar years as ticks (every 1, 2, 5 or 10 years, to fit), labelled 2005 ..."""
    span_years = max((months[-1] - months[0]).astype(int) / 12.0, 1.0) if len(months) else 1.0
    step = next(s for s in (1, 2, 5, 10, 20, 50) if span_years / s <= 12)
    ax.xaxis.set_major_locator(mdates.YearLocator(base=step))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    if span_years <= 3:
        ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))
    ax.set_xlabel(w("axis_year", lang))


class _Figures:
    """The plots of one run: shared x axis, title line and language."""

    def __init__(self, series: pd.DataFrame, folder: Path, title: str, lang: str):
        self.series, self.folder, self.title, self.lang = series, folder, title, lang
        self.x = calendar_months(series).astype("datetime64[D]").astype("O")
        self.months = calendar_months(series)
        self.paths: list[Path] = []

    def new(self) -> tuple[Figure, Axes]:
        return plt.subplots(figsize=(7.5, 4.2))

    def finish(self, fig: Figure, ax: Axes, name: str, what: str, ylabel: str) -> None:
        ax.set_title(f"{what}\n{self.title}" if self.title else what, fontsize=11)
        year_axis(ax, self.months, self.lang)
        ax.set_ylabel(ylabel)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: number(v)))  # 4,000 as elsewhere
        ax.grid(alpha=0.3)
        ax.set_ylim(bottom=0)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(loc="best", fontsize=8)
        fig.tight_layout()
        path = self.folder / f"{name}.png"
        fig.savefig(path, dpi=110)
        plt.close(fig)
        self.paths.append(path)

    def lines(self, name: str, what: str, ylabel: str, columns: list[tuple[str, str, str]]) -> None:
        """A line plot of ``columns`` (column, colour, line style)."""
        fig, ax = self.new()
        for column, colour, style in columns:
            ax.plot(self.x, self.series[column], label=column_label(column, self.lang), color=colour, ls=style)
        self.finish(fig, ax, name, what, ylabel)


def warm_up(lang: str) -> None:
    """Draw one small plot to memory, so that fonts, date ticks and the PNG writer are ready before the series come.

    For a process that waits for the series (``sim.output.drawer``); what is drawn later is the same.
    """
    lang = figure_language(lang)
    months = np.arange("2005-01", "2008-01", dtype="datetime64[M]")
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot(months.astype("datetime64[D]").astype("O"), np.arange(len(months)), label=w("everyone", lang))
    ax.set_title(f"{w('p_headcount', lang)}\n2005-2008", fontsize=11)
    year_axis(ax, months, lang)
    ax.set_ylabel(w("y_people", lang))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: number(v)))
    ax.legend(loc="best", fontsize=8)
    fig.tight_layout()
    fig.savefig(io.BytesIO(), format="png", dpi=110)
    plt.close(fig)


def plot_run(
    series: pd.DataFrame, folder: Path, title: str | dict[str, str] = "", lang: str = "zh", mentoring: bool = True
) -> list[Path]:
    """Write the main plots of one run into ``folder``; returns their paths.

    Args:
        series: the monthly series (with its ``date`` column).
        folder: where the PNG files go (made if missing).
        title: the second title line of every plot: the scenario and its calendar span; or that line in
            each language ({"zh": ..., "en": ...}), of which the plots take the one they are drawn in.
        lang: "zh" (needs a CJK font, else English with a warning) or "en".
        mentoring: the scenario pairs people (False: no pool, pairs or lineage plots).
    """
    folder.mkdir(parents=True, exist_ok=True)
    lang = figure_language(lang)
    f = _Figures(series, folder, title if isinstance(title, str) else title[lang], lang)
    s = series

    fig, ax = f.new()
    ax.stackplot(
        f.x,
        [s[f"n_{st.code}"] for st in LIVE_STAGES],
        labels=[STAGES.label(st.code, lang) for st in LIVE_STAGES],
        colors=[STAGES[st.code].colour for st in LIVE_STAGES],
    )
    f.finish(fig, ax, "headcount_by_stage", w("p_headcount", lang), w("y_people", lang))
    if mentoring:
        pool = [("pool_size", POOL_COLOUR, "-"), ("mentees", MENTEE_COLOUR, "-"), ("active_pairs", "#023047", "--")]
        f.lines("pool_and_mentees", w("p_pool", lang), w("y_people_pairs", lang), pool)

    fig, ax = f.new()
    for st in LIVE_STAGES:
        ax.plot(f.x, s[f"skill_{st.code}"], label=STAGES.label(st.code, lang), color=STAGES[st.code].colour)
    ax.plot(f.x, s["mean_skill"], label=w("everyone", lang), color="black", lw=2)
    f.finish(fig, ax, "mean_skill", w("p_skill", lang), w("y_skill", lang))
    cumulative = [("cum_pairs", "#023047", "-")] if mentoring else []
    f.lines(
        "cumulative",
        w("p_cumulative", lang),
        w("y_people_pairs", lang),
        [*cumulative, ("cum_backbones", BACKBONE_COLOUR, "-")],
    )

    gens = [c for c in s.columns if c.startswith("pool_gen_") and s[c].max() > 0]
    if mentoring and gens:
        fig, ax = f.new()
        cmap = plt.get_cmap("Oranges")
        g_of = [int(c.rsplit("_", 1)[1]) for c in gens]
        ax.stackplot(
            f.x,
            [s[c] for c in gens],
            labels=[w("generation_deeper" if g == MAX_GENERATION_COLUMN else "generation", lang, g=g) for g in g_of],
            colors=[cmap(0.3 + 0.7 * k / max(len(gens) - 1, 1)) for k in range(len(gens))],
        )
        f.finish(fig, ax, "pool_by_generation", w("p_generation", lang), w("y_people", lang))
    kinds = [k for k in KINDS.codes() if s[f"mentees_{k}"].max() > 0] if mentoring and "mentees_recruit" in s else []
    if kinds:
        fig, ax = f.new()
        ax.stackplot(
            f.x,
            [s[f"mentees_{k}"] for k in kinds],
            labels=[KINDS.label(k, lang) for k in kinds],
            colors=[KINDS[k].colour for k in kinds],
        )
        f.finish(fig, ax, "mentees_by_kind", w("p_kinds", lang), w("y_people", lang))
    if "cum_promotions" in s and s["cum_promotions"].iloc[-1] > 0:
        ranks = [(f"n_{code}", RANKS[code].colour, "-") for code in RANK_CODES[1:]]
        f.lines("ranks", w("p_ranks", lang), w("y_people", lang), ranks)
    if "collectives_weak" in s and s["cum_collectives_turned"].iloc[-1] + s["collectives_weak"].max() > 0:
        columns = [
            ("collectives_weak", "#c92a2a", "-"),
            ("collectives_mentored", POOL_COLOUR, "-"),
            ("cum_collectives_turned", BACKBONE_COLOUR, "-"),
        ]
        f.lines("collectives", w("p_collectives", lang), w("y_organisations", lang), columns)
    return f.paths

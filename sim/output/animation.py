"""A GIF of the mentoring network, a frame per year (``cadre-sim animate``).

The mentoring network at the start and at the end of each calendar year (December) of a finished
run, for slides: 1920x1080 frames, each titled with the place and the calendar month, the pairs
under way at that moment drawn as lines, the same legend (every stage) on every frame. A family
(a mentor nobody mentored and everyone below by first mentor) sits in its head's unit band, so a
pair line is short, not a line across the width. A pair whose ``end_month`` is -1 or blank is open to the end of the
run, so the last frame, held longest, shows every pair still running. Stages per year are
rebuilt from ``events.csv``.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from sim.model.stages import Stage
from sim.output.lineage import stage_index
from sim.output.network import draw_network, stage_legend
from sim.output.plotting import figure_language
from sim.output.slides import DPI, MAX_TABLE_BYTES, PAGE_PX, foot_legend, pt, read_run, run_calendar
from sim.params.reading import exists, read_bytes
from sim.words import Book

W = Book("pictures")


def frames(folder: Path) -> tuple[list[int], Callable[[int], dict[str, Any]]]:
    """The months to draw (the start, each year's end, the last month) and the snapshot of a month.

    The last month is the run's own (``scenario.toml``), else the latest month in the files.
    """
    folder = Path(folder)
    cadres, pairs = read_run(folder)
    events = (
        pd.read_csv(io.BytesIO(read_bytes(folder / "events.csv", "events", ValueError, limit=MAX_TABLE_BYTES)))
        if exists(folder / "events.csv")
        else pd.DataFrame(columns=["month", "event", "cadre", "other", "detail"])
    )
    last_month = run_calendar(folder).months or int(
        max(
            pairs[["start_month", "end_month"]].to_numpy().max(initial=0),
            events["month"].max() if len(events) else 0,
            cadres["exit_month"].max(),
            12,
        )
    )
    ids = cadres.index.to_numpy().astype(int)
    hire = cadres["hire_month"].to_numpy()
    exit_m = cadres["exit_month"].to_numpy()
    final = stage_index(cadres["stage"])
    gen_final = cadres["generation"].to_numpy().astype(int)
    unit = cadres["unit"].to_numpy().astype(int) if "unit" in cadres else np.zeros(len(ids), int)
    n_units = int(unit.max() + 1) if len(unit) else 1
    pos_of = {int(i): k for k, i in enumerate(ids)}
    unit = family_units(ids, unit, cadres["first_mentor"].to_numpy() if "first_mentor" in cadres else None)

    def first_month(kind: str) -> np.ndarray:
        out = np.full(len(ids), 10**9)
        ev = events[events["event"] == kind].groupby("cadre")["month"].min()
        for c, m in zip(ev.index.to_numpy(), ev.to_numpy(), strict=True):
            if int(c) in pos_of:
                out[pos_of[int(c)]] = int(m)
        return out

    backbone_at = first_month("backbone")
    second_at = first_month("second_line")
    paired_at = first_month("paired")
    pool_ev = events[events["event"].isin(["pool_entry", "pool_removal", "negative_list"])].sort_values(
        "month", kind="stable"
    )
    start = pairs["start_month"].to_numpy()
    end = pairs["end_month"].to_numpy()
    end = np.where(end < 0, 10**9, end)  # -1 (or a blank, read as -1): open to the end of the run
    lineage_start = np.minimum(paired_at, np.where(gen_final == 0, first_month("pool_entry"), 10**9))
    # mentees enter the lineage when first paired (as mentee); mentors when first in the pool
    first_as_mentee = np.full(len(ids), 10**9)
    first_start = pairs.groupby("mentee")["start_month"].min()
    for c, m in zip(first_start.index.to_numpy(), first_start.to_numpy(), strict=True):
        if int(c) in pos_of:
            first_as_mentee[pos_of[int(c)]] = int(m)
    lineage_start = np.where(gen_final > 0, first_as_mentee, lineage_start)

    def snapshot(month: int) -> dict[str, Any]:
        alive = (hire <= month) & ~((exit_m >= 0) & (exit_m <= month))
        in_pool = np.zeros(len(ids), bool)
        for c, ev in pool_ev[pool_ev["month"] <= month][["cadre", "event"]].itertuples(index=False):
            if int(c) in pos_of:
                in_pool[pos_of[int(c)]] = ev == "pool_entry"
        young, independent = int(Stage.YOUNG), int(Stage.INDEPENDENT)
        kept = np.isin(final, (young, independent, int(Stage.BACKBONE), int(Stage.SECOND_LINE)))
        # recruits: young for 36 months (the default mentee window), then independent; the first
        # cadres keep their final stage unless it says nothing of their past (mentor, exited)
        stage = np.where(hire > 0, np.where(month - hire < 36, young, independent), np.where(kept, final, independent))
        stage = np.where(backbone_at <= month, int(Stage.BACKBONE), stage)
        second = (second_at <= month) | ((hire <= 0) & (final == Stage.SECOND_LINE))
        stage = np.where(second, int(Stage.SECOND_LINE), stage)
        stage = np.where(in_pool, int(Stage.MENTOR), stage)
        gen = np.where(lineage_start <= month, gen_final, -1)
        live = (start <= month) & (end > month)
        idx = np.flatnonzero(alive)
        return {
            "idx": ids[idx],
            "stage": stage[idx],
            "generation": gen[idx],
            "unit": unit[idx],
            "n_units": n_units,
            "mentor_idx": pairs["mentor"].to_numpy()[live].astype(int),
            "mentee_idx": pairs["mentee"].to_numpy()[live].astype(int),
            "max_gen": max(int(gen_final.max(initial=0)), 1),
            "pool": int(in_pool[idx].sum()),
        }

    run = run_calendar(folder).run
    december = 13 - run.start_month if run is not None else 12  # the first model month that is a December
    months = [0, *range(december, last_month + 1, 12)]
    if months[-1] != last_month:
        months.append(last_month)
    return months, snapshot


def family_units(ids: np.ndarray, unit: np.ndarray, first_mentor: np.ndarray | None) -> np.ndarray:
    """Each cadre's family's unit: the unit of the head of his or her line by first mentor (else his or her own).

    Args:
        ids: the cadres' ids.
        unit: their units.
        first_mentor: their first mentors' ids (-1 or blank: none); None: units as they are.

    Returns:
        The unit each cadre is drawn in.
    """
    if first_mentor is None or not len(ids):
        return unit
    row = np.full(int(ids.max()) + 1, -1, dtype=np.int64)
    row[ids] = np.arange(len(ids))
    first = np.nan_to_num(np.asarray(first_mentor, dtype=np.float64), nan=-1).astype(np.int64)
    parent = np.where((first >= 0) & (first < len(row)), row[np.clip(first, 0, len(row) - 1)], -1)
    head = np.arange(len(ids))
    for _ in range(64):  # up the line to its head (lines are far shorter)
        up = parent[head]
        if not (up >= 0).any():
            break
        head = np.where(up >= 0, up, head)
    return unit[head]


def frame_figure(snapshot: dict[str, Any], lang: str, title: str) -> Figure:
    """One 1920x1080 frame: the title, the head count and pairs, the network, the stages' legend."""
    fig = Figure(figsize=(PAGE_PX[0] / DPI, PAGE_PX[1] / DPI), dpi=DPI, facecolor="white")
    fig.text(40 / PAGE_PX[0], 1 - 22 / PAGE_PX[1], title, fontsize=pt(34), va="top", color="#212529")
    status = W(
        "status", lang, n=f"{len(snapshot['idx']):,}", p=f"{len(snapshot['mentor_idx']):,}", pool=snapshot["pool"]
    )
    fig.text(40 / PAGE_PX[0], 1 - 76 / PAGE_PX[1], status, fontsize=pt(24), va="top", color="#343a40")
    fig.text(1 - 40 / PAGE_PX[0], 1 - 80 / PAGE_PX[1], W("frame_hint", lang), fontsize=pt(20), va="top", ha="right")
    ax = fig.add_axes((0.03, 0.09, 0.95, 0.78))  # fixed frame: no layout engine
    draw_network(ax, snapshot, lang, fontsize=pt(20), scale=2.0)
    every = [int(s) for s in Stage if s != Stage.EXITED]  # the same legend on every frame
    handles = stage_legend(every, lang, markersize=pt(20), markeredgewidth=0)
    foot_legend(fig, handles)
    return fig


def animate(
    folder: str | Path,
    out: str | Path | None = None,
    *,
    lang: str = "zh",
    seconds_per_year: float = 0.8,
) -> Path:
    """Write a GIF of the mentoring network at the end of each year; returns its path.

    Args:
        folder: a results folder written by ``cadre-sim run``.
        out: the GIF's path (default ``folder/network.gif``).
        lang: "zh" (needs a CJK font, else English with one notice) or "en".
        seconds_per_year: how long a frame stays; the last one stays three times as long.
    """
    folder = Path(folder)
    lang = figure_language(lang)
    cal = run_calendar(folder)
    months, snapshot = frames(folder)
    images = []
    for m in months:
        title = " · ".join((W("network", lang), cal.place(lang), cal.date(m, lang)))
        canvas = FigureCanvasAgg(frame_figure(snapshot(m), lang, title))
        canvas.draw()
        images.append(
            Image.fromarray(np.asarray(canvas.buffer_rgba()))
            .convert("RGB")
            .quantize(colors=255, method=Image.Quantize.MAXCOVERAGE)
        )
    out = Path(out) if out else folder / "network.gif"
    out.parent.mkdir(parents=True, exist_ok=True)
    durations = [int(seconds_per_year * 1000)] * (len(images) - 1) + [int(seconds_per_year * 3000)]
    images[0].save(out, save_all=True, append_images=images[1:], duration=durations, loop=0, optimize=True)
    return out

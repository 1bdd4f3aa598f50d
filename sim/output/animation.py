"""A GIF of the mentoring network, a frame per year (``cadre-sim animate``).

A GIF of the mentoring network at the end of each year of a finished run (``cadre-sim animate``),
the same picture as the browser demo, for slides. Stages per year are rebuilt from ``events.csv``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from sim.model.stages import Stage
from sim.output.labels import figure_lang, t
from sim.output.lineage import read_run, stage_index
from sim.output.network import network_figure


def frames(folder: Path) -> tuple[list[int], Callable[[int], dict[str, Any]]]:
    """The months to draw (each year end) and a function giving the network snapshot of a month."""
    cadres, pairs = read_run(folder)
    events = (
        pd.read_csv(folder / "events.csv")
        if (folder / "events.csv").is_file()
        else pd.DataFrame(columns=["month", "event", "cadre", "other", "detail"])
    )
    last_month = int(
        max(
            pairs["end_month"].max(skipna=True) if len(pairs) else 0,
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
    end = np.where(np.isnan(end.astype(float)), 10**9, end)
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
        }

    months = list(range(0, last_month + 1, 12))
    if months[-1] != last_month:
        months.append(last_month)
    return months, snapshot


def animate(
    folder: str | Path,
    out: str | Path | None = None,
    *,
    lang: str = "zh",
    seconds_per_year: float = 0.8,
    start_year: int | None = None,
) -> Path:
    """Write a GIF of the mentoring network at the end of each year; returns its path."""
    folder = Path(folder)
    lang = figure_lang(lang)
    if start_year is None:
        start_year = 0
        try:
            start_year = int(tomllib.loads((folder / "scenario.toml").read_text())["run"]["start_year"])
        except (OSError, KeyError, ValueError, TypeError):
            pass
    months, snapshot = frames(folder)
    images = []
    for m in months:
        year = f"{start_year + m // 12}" if start_year else t("year", lang, y=m // 12)
        fig = network_figure(
            snapshot(m), lang, title=f"{t('network', lang)} · {t('month', lang, m=m, y=year)}", figsize=(8, 5.6), dpi=90
        )
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        images.append(Image.fromarray(np.asarray(canvas.buffer_rgba())).convert("RGB").quantize(colors=128))
    out = Path(out) if out else folder / "network.gif"
    out.parent.mkdir(parents=True, exist_ok=True)
    durations = [int(seconds_per_year * 1000)] * (len(images) - 1) + [int(seconds_per_year * 3000)]
    images[0].save(out, save_all=True, append_images=images[1:], duration=durations, loop=0, optimize=True)
    return out

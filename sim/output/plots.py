"""PNG plots of a run's monthly series (matplotlib, no display needed)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sim.model.stages import LIVE_STAGES, STAGES
from sim.output.plotting import plt

POOL_COLOUR = STAGES["mentor"].colour
MENTEE_COLOUR = STAGES["young"].colour
BACKBONE_COLOUR = STAGES["backbone"].colour


def _finish(fig: Figure, ax: Axes, path: Path, title: str, ylabel: str) -> Path:
    ax.set_title(title)
    ax.set_xlabel("year")
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="best", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def plot_run(series: pd.DataFrame, folder: Path, title: str = "") -> list[Path]:
    """Write the main plots of one run into ``folder``; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    year = series["year"]
    out = []

    fig, ax = plt.subplots(figsize=(7, 4))
    ax.stackplot(
        year,
        [series[f"n_{s.code}"] for s in LIVE_STAGES],
        labels=[STAGES[s.code].en for s in LIVE_STAGES],
        colors=[STAGES[s.code].colour for s in LIVE_STAGES],
    )
    out.append(_finish(fig, ax, folder / "headcount_by_stage.png", f"{title}: cadres by career stage", "cadres"))

    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(year, series["pool_size"], label="mentors in the pool", color=POOL_COLOUR)
    ax.plot(year, series["paired_mentees"], label="mentees with a mentor", color=MENTEE_COLOUR)
    ax.plot(year, series["active_pairs"], label="active pairs", color="#023047", ls="--")
    out.append(_finish(fig, ax, folder / "pool_and_mentees.png", f"{title}: mentor pool and mentees", "people / pairs"))

    fig, ax = plt.subplots(figsize=(7, 4))
    for s in LIVE_STAGES:
        ax.plot(year, series[f"skill_{s.code}"], label=STAGES[s.code].en, color=STAGES[s.code].colour)
    ax.plot(year, series["mean_skill"], label="everyone", color="black", lw=2)
    out.append(_finish(fig, ax, folder / "mean_skill.png", f"{title}: mean skill by stage", "skill (0-1)"))

    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(year, series["cum_pairs"], label="pairs formed", color="#023047")
    ax.plot(year, series["cum_backbones"], label="backbones produced", color=BACKBONE_COLOUR)
    out.append(_finish(fig, ax, folder / "cumulative.png", f"{title}: pairs and backbones, cumulative", "count"))

    gens = [c for c in series.columns if c.startswith("pool_gen_") and series[c].max() > 0]
    fig, ax = plt.subplots(figsize=(7, 4))
    if gens:
        cmap = plt.get_cmap("Oranges")
        ax.stackplot(
            year,
            [series[c] for c in gens],
            labels=[f"generation {c.rsplit('_', 1)[1]}" for c in gens],
            colors=[cmap(0.3 + 0.7 * k / max(len(gens) - 1, 1)) for k in range(len(gens))],
        )
    out.append(
        _finish(fig, ax, folder / "pool_by_generation.png", f"{title}: mentors by lineage generation", "mentors")
    )
    return out

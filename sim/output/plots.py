"""PNG plots of a run's monthly series (matplotlib, no display needed)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sim.model.careers import RANK_CODES, RANKS
from sim.model.kinds import KINDS
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
    ax.plot(year, series["mentees"], label="mentees with a mentor", color=MENTEE_COLOUR)
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
    kinds = [k for k in KINDS.codes() if series[f"mentees_{k}"].max() > 0] if "mentees_recruit" in series else []
    if kinds:
        fig, ax = plt.subplots(figsize=(7, 4))
        ax.stackplot(
            year,
            [series[f"mentees_{k}"] for k in kinds],
            labels=[KINDS[k].en for k in kinds],
            colors=[KINDS[k].colour for k in kinds],
        )
        out.append(
            _finish(fig, ax, folder / "mentees_by_kind.png", f"{title}: mentees by kind", "people with a mentor")
        )
    if "cum_promotions" in series and series["cum_promotions"].iloc[-1] > 0:
        fig, ax = plt.subplots(figsize=(7, 4))
        for code in RANK_CODES[1:]:
            ax.plot(year, series[f"n_{code}"], label=RANKS[code].en, color=RANKS[code].colour)
        out.append(_finish(fig, ax, folder / "ranks.png", f"{title}: cadres by rank above staff", "cadres"))
    if (
        "collectives_weak" in series
        and series["cum_collectives_turned"].iloc[-1] + series["collectives_weak"].max() > 0
    ):
        fig, ax = plt.subplots(figsize=(7, 4))
        ax.plot(year, series["collectives_weak"], label="weak organisations", color="#c92a2a")
        ax.plot(year, series["collectives_mentored"], label="of them with a mentor", color=POOL_COLOUR)
        ax.plot(year, series["cum_collectives_turned"], label="turned around (cumulative)", color=BACKBONE_COLOUR)
        out.append(
            _finish(fig, ax, folder / "collectives.png", f"{title}: weak village Party organisations", "organisations")
        )
    return out

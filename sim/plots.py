"""PNG plots of a run's monthly series (matplotlib, no display needed)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from sim.population import STAGE_LABELS, Stage  # noqa: E402

STAGE_COLOURS = {
    Stage.YOUNG: "#8ecae6",
    Stage.INDEPENDENT: "#219ebc",
    Stage.BACKBONE: "#ffb703",
    Stage.MENTOR: "#fb8500",
    Stage.SECOND_LINE: "#8d99ae",
}
LIVE_STAGES = [s for s in Stage if s != Stage.EXITED]


def _finish(fig, ax, path: Path, title: str, ylabel: str) -> Path:
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
    ax.stackplot(year, [series[f"n_{s.name.lower()}"] for s in LIVE_STAGES],
                 labels=[STAGE_LABELS[s][0] for s in LIVE_STAGES], colors=[STAGE_COLOURS[s] for s in LIVE_STAGES])
    out.append(_finish(fig, ax, folder / "headcount_by_stage.png", f"{title}: cadres by career stage", "cadres"))

    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(year, series["pool_size"], label="mentors in the pool", color="#fb8500")
    ax.plot(year, series["paired_mentees"], label="mentees with a mentor", color="#219ebc")
    ax.plot(year, series["active_pairs"], label="active pairs", color="#023047", ls="--")
    out.append(_finish(fig, ax, folder / "pool_and_mentees.png", f"{title}: mentor pool and mentees", "people / pairs"))

    fig, ax = plt.subplots(figsize=(7, 4))
    for s in LIVE_STAGES:
        ax.plot(year, series[f"skill_{s.name.lower()}"], label=STAGE_LABELS[s][0], color=STAGE_COLOURS[s])
    ax.plot(year, series["mean_skill"], label="everyone", color="black", lw=2)
    out.append(_finish(fig, ax, folder / "mean_skill.png", f"{title}: mean skill by stage", "skill (0-1)"))

    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(year, series["cum_pairs"], label="pairs formed", color="#023047")
    ax.plot(year, series["cum_backbones"], label="backbones produced", color="#ffb703")
    out.append(_finish(fig, ax, folder / "cumulative.png", f"{title}: pairs and backbones, cumulative", "count"))

    gens = [c for c in series.columns if c.startswith("pool_gen_") and series[c].max() > 0]
    fig, ax = plt.subplots(figsize=(7, 4))
    if gens:
        cmap = plt.get_cmap("Oranges")
        ax.stackplot(year, [series[c] for c in gens], labels=[f"generation {c.rsplit('_', 1)[1]}" for c in gens],
                     colors=[cmap(0.3 + 0.7 * k / max(len(gens) - 1, 1)) for k in range(len(gens))])
    out.append(_finish(fig, ax, folder / "pool_by_generation.png", f"{title}: mentors by lineage generation", "mentors"))
    return out

"""The picture of the mentoring network.

A cheap, stable layout and its matplotlib drawing, used by the GIF animation (1920x1080 frames,
``scale`` and ``fontsize`` for slides); the browser demo draws the same picture on a canvas
(``sim.demo.netview``).

Layout (O(n) numpy, no force-directed layout): every cadre keeps a fixed horizontal place
(its unit's column band plus a fixed low-discrepancy offset from its index), and its height is
its lineage generation: founders (generation 0) on top, their mentees one layer down, and so
on; cadres outside the lineage (generation -1) sit in a bottom band. A mentee therefore stays
in the same column all its life and only drops into its layer once paired, so the eye can
follow it turning from a young cadre into a backbone and then into a mentor whose own mentees
appear one layer below.
"""

from __future__ import annotations

from typing import Any, cast

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D

from sim.model.stages import STAGE_CODES, STAGE_COLOURS, STAGES
from sim.output.plotting import figure_language
from sim.words import Book

W = Book("pictures")
PAIR_COLOUR = STAGES["mentor"].colour

_PHI1 = 0.6180339887498949
_PHI2 = 0.7548776662466927


def _frac(x: np.ndarray) -> np.ndarray:
    return x - np.floor(x)


def layout(idx: np.ndarray, unit: np.ndarray, generation: np.ndarray, n_units: int, max_gen: int) -> np.ndarray:
    """(len(idx), 2) positions: x in [0, 1] by unit band, y = -generation (bench below)."""
    idx = np.asarray(idx, dtype=np.float64)
    n_units = max(int(n_units), 1)
    x = (np.asarray(unit, dtype=np.float64) % n_units + 0.1 + 0.8 * _frac(idx * _PHI1)) / n_units
    gen = np.asarray(generation, dtype=np.float64)
    bench = -(max(max_gen, 1) + 1.4)
    y = np.where(gen >= 0, -gen, bench) + (_frac(idx * _PHI2) - 0.5) * np.where(gen >= 0, 0.55, 0.9)
    return np.column_stack([x, y])


def _gen_ring_colours(gen: np.ndarray) -> np.ndarray:
    """Ring colour by generation: darker = older generation; no ring (transparent) for -1."""
    cmap = colormaps["Greys"]
    shade = 0.95 - 0.12 * np.clip(gen, 0, 5)  # gen 0 -> 0.95 (near black), gen 5 -> 0.35
    rgba = cmap(shade)
    rgba[gen < 0, 3] = 0.0
    return rgba


def layer_name(generation: int, lang: str) -> str:
    """The name of a generation's layer: the founders (0), then "gen 1", "gen 2" ..."""
    return W("founders", lang) if generation == 0 else W("gen_label", lang, g=generation)


def stage_legend(stages: list[int], lang: str, **marker: Any) -> list[Line2D]:
    """Legend entries (a dot in the stage's colour) for the stage values ``stages``."""
    return [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markerfacecolor=STAGE_COLOURS[s],
            label=STAGES.label(STAGE_CODES[s], lang),
            **marker,
        )
        for s in stages
    ]


def draw_network(
    ax: Axes,
    snapshot: dict[str, Any],
    lang: str = "zh",
    *,
    fontsize: float = 9.0,
    scale: float = 1.0,
) -> None:
    """Draw one snapshot on a matplotlib Axes.

    Args:
        ax: where to draw.
        snapshot: idx, stage, generation, unit (arrays of living cadres), n_units, mentor_idx,
            mentee_idx (current pairs, cadre indices), max_gen.
        lang: "zh" or "en".
        fontsize: points of the generation names.
        scale: how much bigger than at the first size (an 8x5.6 inch figure) dots and lines are drawn.
    """
    lang = figure_language(lang)
    idx = snapshot["idx"]
    gen = snapshot["generation"]
    stage = snapshot["stage"]
    max_gen = int(snapshot.get("max_gen", max(int(gen.max(initial=0)), 1)))
    pos = layout(idx, snapshot["unit"], gen, snapshot["n_units"], max_gen)
    # where each cadre index sits (pairs refer to cadre indices)
    lookup = np.full(int(idx.max(initial=-1)) + 1, -1, dtype=np.int64)
    lookup[idx] = np.arange(len(idx))
    mi, me = np.asarray(snapshot["mentor_idx"], dtype=np.int64), np.asarray(snapshot["mentee_idx"], dtype=np.int64)
    ok = (mi < len(lookup)) & (me < len(lookup))
    mi, me = mi[ok], me[ok]
    a, b = lookup[mi], lookup[me]
    ok = (a >= 0) & (b >= 0)
    a, b = a[ok], b[ok]
    if len(a):
        segs = np.stack([pos[a], pos[b]], axis=1)
        ax.add_collection(
            LineCollection(list(segs), colors=PAIR_COLOUR, linewidths=0.7 * scale, alpha=0.45, zorder=1, label="pairs")
        )
    lineage = gen >= 0
    colours = np.array(STAGE_COLOURS)[np.clip(stage, 0, len(STAGE_COLOURS) - 1)]
    n = max(len(idx), 1)
    size = float(np.clip(12000.0 / n, 10, 80)) * scale**2
    # bench (outside the lineage): small, faint
    ax.scatter(
        pos[~lineage, 0], pos[~lineage, 1], s=size * 0.5, c=colours[~lineage], alpha=0.55, linewidths=0, zorder=2
    )
    ax.scatter(
        pos[lineage, 0],
        pos[lineage, 1],
        s=size,
        c=colours[lineage],
        edgecolors=cast(Any, _gen_ring_colours(gen[lineage])),  # RGBA rows; the stubs want tuples
        linewidths=0.9 * scale,
        zorder=3,
    )
    # layer labels on the left
    for g in range(0, max_gen + 1):
        ax.text(
            -0.01,
            -g,
            layer_name(g, lang),
            ha="right",
            va="center",
            fontsize=fontsize,
            color="#495057",
        )
    ax.text(-0.01, -(max_gen + 1.4), W("gen_none", lang), ha="right", va="center", fontsize=fontsize, color="#868e96")
    ax.set_xlim(-0.13, 1.01)  # room for the half of a dot at the right edge
    ax.set_ylim(-(max_gen + 2.0), 0.6)
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)

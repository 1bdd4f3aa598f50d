"""Cheap, stable layout and matplotlib drawing of the mentoring network (no solara import).

Layout (O(n) numpy, no force-directed layout): every cadre keeps a fixed horizontal place
(its unit's column band plus a fixed low-discrepancy offset from its index), and its height is
its lineage generation: founders (generation 0) on top, their mentees one layer down, and so
on; cadres outside the lineage (generation -1) sit in a bottom band. A mentee therefore stays
in the same column all its life and only drops into its layer once paired, so the eye can
follow it turning from a young cadre into a backbone and then into a mentor whose own mentees
appear one layer below.
"""

from __future__ import annotations

import numpy as np

# colours by Stage value (sim.population.Stage: YOUNG, INDEPENDENT, BACKBONE, MENTOR, SECOND_LINE, EXITED)
STAGE_COLOURS = ("#4dabf7", "#adb5bd", "#2f9e44", "#e8590c", "#9c36b5", "#dee2e6")
STAGE_NAMES = ("YOUNG", "INDEPENDENT", "BACKBONE", "MENTOR", "SECOND_LINE", "EXITED")

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
    from matplotlib import colormaps  # noqa: PLC0415

    cmap = colormaps["Greys"]
    shade = 0.95 - 0.12 * np.clip(gen, 0, 5)  # gen 0 -> 0.95 (near black), gen 5 -> 0.35
    rgba = cmap(shade)
    rgba[gen < 0, 3] = 0.0
    return rgba


def draw_network(ax, snapshot: dict, lang: str = "zh", *, legend: bool = True, title: str | None = None) -> None:
    """Draw one snapshot on a matplotlib Axes.

    snapshot keys: idx, stage, generation, unit (arrays of living cadres), n_units,
    mentor_idx, mentee_idx (current pairs, cadre indices), max_gen.
    """
    from matplotlib.collections import LineCollection  # noqa: PLC0415
    from matplotlib.lines import Line2D  # noqa: PLC0415

    from sim.demo.labels import figure_lang, stage_label, t  # noqa: PLC0415

    lang = figure_lang(lang)
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
        ax.add_collection(LineCollection(segs, colors="#e8590c", linewidths=0.7, alpha=0.45, zorder=1))
    lineage = gen >= 0
    colours = np.array(STAGE_COLOURS)[np.clip(stage, 0, len(STAGE_COLOURS) - 1)]
    n = max(len(idx), 1)
    size = float(np.clip(12000.0 / n, 10, 80))
    # bench (outside the lineage): small, faint
    ax.scatter(pos[~lineage, 0], pos[~lineage, 1], s=size * 0.5, c=colours[~lineage], alpha=0.55, linewidths=0, zorder=2)
    ax.scatter(
        pos[lineage, 0], pos[lineage, 1], s=size, c=colours[lineage],
        edgecolors=_gen_ring_colours(gen[lineage]), linewidths=0.9, zorder=3,
    )
    # layer labels on the left
    for g in range(0, max_gen + 1):
        ax.text(-0.01, -g, t("founders", lang) if g == 0 else t("gen_label", lang, g=g), ha="right", va="center", fontsize=9, color="#495057")
    ax.text(-0.01, -(max_gen + 1.4), t("gen_none", lang), ha="right", va="center", fontsize=9, color="#868e96")
    ax.set_xlim(-0.13, 1.0)
    ax.set_ylim(-(max_gen + 2.0), 0.6)
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    if title:
        ax.set_title(title, fontsize=9, loc="left")
    if legend:
        present = sorted(set(np.unique(stage).tolist()) - {5})
        handles = [
            Line2D([], [], marker="o", linestyle="", markersize=6, markerfacecolor=STAGE_COLOURS[s], markeredgewidth=0,
                   label=stage_label(STAGE_NAMES[s], lang))
            for s in present
        ]
        ax.legend(handles=handles, loc="lower right", fontsize=8, frameon=True, framealpha=0.85, ncol=min(len(handles), 5),
                  bbox_to_anchor=(1.0, -0.12), borderaxespad=0.2)


def network_figure(snapshot: dict, lang: str = "zh", *, title: str | None = None, figsize=(8.0, 5.6), dpi: int = 90):
    """A new matplotlib Figure (no pyplot) with the network drawn."""
    from matplotlib.figure import Figure  # noqa: PLC0415

    fig = Figure(figsize=figsize, dpi=dpi)
    ax = fig.add_axes((0.11, 0.1, 0.88, 0.84))  # fixed frame: no layout engine (it costs ~100 ms a draw)
    draw_network(ax, snapshot, lang, title=title)
    return fig


def stats_figure(history: dict, lang: str = "zh", *, figsize=(7.0, 4.6), dpi: int = 80):
    """2 x 2 live plots: headcount by stage, pool vs mentees, mean skill, cumulative backbones."""
    from matplotlib.figure import Figure  # noqa: PLC0415

    from sim.demo.labels import stage_label, t  # noqa: PLC0415

    fig = Figure(figsize=figsize, dpi=dpi, layout="constrained")
    (a1, a2), (a3, a4) = fig.subplots(2, 2, sharex=True)
    m = np.asarray(history["month"])
    counts = np.asarray(history["by_stage"])  # (T, 5) living cadres by stage 0..4
    for s in range(min(counts.shape[1] if counts.ndim == 2 else 0, 5)):
        a1.plot(m, counts[:, s], color=STAGE_COLOURS[s], lw=1.4, label=stage_label(STAGE_NAMES[s], lang))
    a1.set_title(t("headcount", lang), fontsize=9)
    a1.legend(fontsize=6, loc="upper left", ncol=2, frameon=False)
    a2.plot(m, history["pool"], color=STAGE_COLOURS[3], lw=1.4, label=t("pool", lang))
    a2.plot(m, history["mentees"], color=STAGE_COLOURS[0], lw=1.4, label=t("mentees", lang))
    a2.set_title(t("pool_vs_mentees", lang), fontsize=9)
    a2.legend(fontsize=6, loc="upper left", frameon=False)
    a3.plot(m, history["mean_skill"], color="#1c7ed6", lw=1.4)
    a3.set_title(t("mean_skill", lang), fontsize=9)
    a4.plot(m, history["cum_backbones"], color=STAGE_COLOURS[2], lw=1.4)
    a4.set_title(t("cum_backbones", lang), fontsize=9)
    for ax in (a1, a2, a3, a4):
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3)
    for ax in (a3, a4):
        ax.set_xlabel(t("months", lang), fontsize=7)
    return fig


def stats_vegalite(history: dict, lang: str = "zh", *, width: int = 170, height: int = 120) -> dict:
    """The four live plots as one Vega-Lite spec (rendered in the browser by vega, offline).

    Built as a plain dict (no Altair validation) so the server's cost per step stays ~1 ms;
    the browser draws it.
    """
    from sim.demo.labels import stage_label, t  # noqa: PLC0415

    m = [int(x) for x in history["month"]]
    rows = []
    counts = np.asarray(history["by_stage"])
    for s in range(5):
        name = stage_label(STAGE_NAMES[s], lang)
        rows += [{"p": "a", "m": mm, "v": int(v), "s": name} for mm, v in zip(m, counts[:, s])]
    rows += [{"p": "b", "m": mm, "v": int(v), "s": t("pool", lang)} for mm, v in zip(m, history["pool"])]
    rows += [{"p": "b", "m": mm, "v": int(v), "s": t("mentees", lang)} for mm, v in zip(m, history["mentees"])]
    rows += [{"p": "c", "m": mm, "v": round(float(v), 4), "s": t("mean_skill", lang)} for mm, v in zip(m, history["mean_skill"])]
    rows += [{"p": "d", "m": mm, "v": int(v), "s": t("cum_backbones", lang)} for mm, v in zip(m, history["cum_backbones"])]
    domain = [stage_label(STAGE_NAMES[s], lang) for s in range(5)] + [t("pool", lang), t("mentees", lang),
                                                                      t("mean_skill", lang), t("cum_backbones", lang)]
    colours = list(STAGE_COLOURS[:5]) + [STAGE_COLOURS[3], STAGE_COLOURS[0], "#1c7ed6", STAGE_COLOURS[2]]

    legend_values = {"a": domain[:5], "b": domain[5:7]}

    def panel(p, title, zero=True):
        return {
            "title": {"text": title, "fontSize": 12},
            "transform": [{"filter": f"datum.p == '{p}'"}],
            "mark": {"type": "line", "strokeWidth": 1.6},
            "width": width,
            "height": height,
            "encoding": {
                "x": {"field": "m", "type": "quantitative", "title": t("months", lang)},
                "y": {"field": "v", "type": "quantitative", "title": None, "scale": {"zero": zero}},
                "color": {"field": "s", "type": "nominal", "title": None,
                          "scale": {"domain": domain, "range": colours},
                          "legend": None if p in "cd" else {"orient": "top-left", "labelFontSize": 9, "symbolSize": 40,
                                                            "values": legend_values[p]}},
            },
        }

    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": rows},
        "vconcat": [
            {"hconcat": [panel("a", t("headcount", lang)), panel("b", t("pool_vs_mentees", lang))]},
            {"hconcat": [panel("c", t("mean_skill", lang), zero=False), panel("d", t("cum_backbones", lang))]},
        ],
        "resolve": {"scale": {"color": "shared"}},
        "config": {"view": {"stroke": None}, "axis": {"labelFontSize": 9, "titleFontSize": 9}},
    }

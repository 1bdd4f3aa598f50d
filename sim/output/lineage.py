"""The lineage drawing of a finished run's results folder (``cadre-sim lineage RESULTS_DIR``).

Who taught whom, layered by generation, founders on top, on 16:9 pages for slides: each page a
1920x1080 PNG and an SVG whose text stays text (``lineage.png``/``.svg`` when one page holds it,
else ``lineage-1.png``, ``lineage-2.png`` ...). By default the "teaching tree": founders and every
mentee who went on to take mentees of their own (``--all`` adds every mentee).

Each family (a founder and everyone below) is laid out as a tidy tree (leaf order, parents centred
over their children, no graphviz). Families are wrapped into bands across the page, deepest
first, and bands are stacked into pages; a family wider than a page is split between its
children, its head repeated with "(cont.)". All pages share one scale, so a dot is as big on the
last page as on the first. Reads ``pairs.csv`` and ``cadres.csv`` (-1 or blank for "none").
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection

from sim.model.stages import STAGE_CODES, STAGE_COLOURS, Stage
from sim.output.lineage_layout import Geometry, Piece, geometry, paginate, split_families, tidy_layout
from sim.output.network import layer_name, stage_legend
from sim.output.plotting import figure_language
from sim.output.slides import PAGE_PX, clear_old_pages, foot_legend, page_figure, pt, read_run, run_calendar, save_page
from sim.words import Book

W = Book("pictures")
__all__ = ["draw_lineage", "lineage_edges", "paginate", "read_run", "split_families", "stage_index", "tidy_layout"]


def lineage_edges(folder: str | Path, show_all: bool = False) -> list[tuple[int, int]]:
    """Sorted unique (mentor, mentee) edges of the lineage drawing.

    Default: edges whose mentee later took mentees of their own (the teaching tree);
    ``show_all``: every pair ever formed.
    """
    cadres, pairs = read_run(Path(folder))
    return _edges(cadres, pairs, show_all)


def _teachers(cadres: pd.DataFrame, pairs: pd.DataFrame) -> set[int]:
    return set(pairs["mentor"].astype(int))


def _edges(cadres: pd.DataFrame, pairs: pd.DataFrame, show_all: bool) -> list[tuple[int, int]]:
    e = pairs[["mentor", "mentee"]].astype(int).drop_duplicates()
    if not show_all:
        e = e[e["mentee"].isin(_teachers(cadres, pairs))]
    return sorted(map(tuple, e.to_numpy().tolist()))


def stage_index(stages: pd.Series) -> np.ndarray:
    """Stage values of stage codes as written in cadres.csv (unknown codes count as exited)."""
    codes = stages.astype(str).str.lower()
    return np.array([STAGE_CODES.index(c) if c in STAGE_CODES else int(Stage.EXITED) for c in codes], dtype=int)


def _tree(
    cadres: pd.DataFrame, pairs: pd.DataFrame, show_all: bool
) -> tuple[list[int], dict[int, int], dict[int, int], list[tuple[int, int]]]:
    """Nodes, parent (first mentor among the drawn ones, else -1), generation and edges to draw."""
    edges = _edges(cadres, pairs, show_all)
    teachers = _teachers(cadres, pairs)
    gen = cadres["generation"].astype(int)
    founders = [int(i) for i in cadres.index[(gen == 0) & cadres.index.isin(list(teachers))]]
    nodes = sorted({m for e in edges for m in e})
    if show_all or not nodes:  # founders with no teaching line still belong on the full picture
        nodes = sorted(set(nodes) | set(founders))
    generation = {n: max(int(gen.get(n, 0)), 0) for n in nodes}
    first = cadres["first_mentor"].astype(int).to_dict() if "first_mentor" in cadres else {}
    by_mentee: dict[int, list[int]] = {}
    for m, e in edges:
        by_mentee.setdefault(e, []).append(m)
    parent = {}
    for n in nodes:
        ms = by_mentee.get(n, [])
        parent[n] = (
            first.get(n, -1)
            if first.get(n, -1) in ms
            else (min(ms, key=lambda k: (generation.get(k, 0), k)) if ms else -1)
        )
    return nodes, parent, generation, edges


def draw_lineage(
    folder: str | Path,
    out: str | Path | None = None,
    *,
    show_all: bool = False,
    lang: str = "zh",
    labels: bool | None = None,
) -> list[Path]:
    """Draw the lineage of a finished run on 1920x1080 pages.

    Args:
        folder: a results folder written by ``cadre-sim run``.
        out: the path without extension (default ``folder/lineage``); pages beyond one get ``-N``.
        show_all: every mentee, not only those who went on to take mentees.
        lang: "zh" (needs a CJK font, else English with one notice) or "en".
        labels: cadre ids under the dots (default: when at most 400 people are drawn).

    Returns:
        The PNG and the SVG of each page, in page order.
    """
    folder = Path(folder)
    lang = figure_language(lang)
    cadres, pairs = read_run(folder)
    nodes, parent, generation, edges = _tree(cadres, pairs, show_all)
    labels = len(nodes) <= 400 if labels is None else labels
    max_depth = max(generation.values(), default=0)
    geo = geometry(labels, max_depth, len(str(max(nodes, default=0))))
    pieces = split_families(nodes, parent, generation, geo.capacity)
    pieces, left_out = pieces, (0, 0)
    if not show_all:
        pieces, left_out = _worth_showing(pieces)
    pages = paginate(pieces, geo) or [[]]
    if not show_all and len(pages) > MOST_PAGES:
        dropped = [p for page in pages[MOST_PAGES:] for p, *_ in page]
        people = sum(len(p.nodes) - (1 if p.cont else 0) for p in dropped)
        left_out = (left_out[0] + sum(not p.cont for p in dropped), left_out[1] + people)
        pages = pages[:MOST_PAGES]
    stages = dict(zip(nodes, stage_index(cadres.loc[nodes, "stage"]) if nodes else [], strict=True))
    taken = dict(zip(cadres.index.astype(int), cadres.get("mentees_total", 0 * cadres.index).astype(int), strict=True))
    cal = run_calendar(folder)
    title = " · ".join(x for x in (W("lineage_title", lang), cal.place(lang), cal.span(lang)) if x)
    sub = W("lineage_sub", lang, n=len(nodes), e=len(edges), g=len(set(generation.values())))
    if left_out[0]:
        sub += W("lineage_rest", lang, k=f"{left_out[0]:,}", m=f"{left_out[1]:,}")
    legend = stage_legend(sorted(set(stages.values())), lang, markersize=pt(18), markeredgecolor="#343a40")
    out = Path(out) if out else folder / "lineage"
    out.parent.mkdir(parents=True, exist_ok=True)
    stem = out.with_suffix("") if out.suffix in (".png", ".svg") else out
    clear_old_pages(stem)
    paths: list[Path] = []
    for i, page in enumerate(pages, start=1):
        fig = page_figure()
        ax = fig.axes[0]
        ax.text(40, 22, title, fontsize=pt(34), va="top", color="#212529")
        page_no = f" · {W('page', lang, i=i, n=len(pages))}" if len(pages) > 1 else ""
        ax.text(40, 76, sub + page_no, fontsize=pt(22), va="top", color="#343a40")
        ax.text(PAGE_PX[0] - 40, 78, W("lineage_hint", lang), fontsize=pt(20), va="top", ha="right", color="#495057")
        _draw_page(ax, page, geo, edges, parent, generation, stages, taken, labels, lang)
        foot_legend(ax, legend)
        paths += save_page(fig, stem if len(pages) == 1 else stem.with_name(f"{stem.name}-{i}"))
    return paths


MOST_PAGES = 1  # pages of the default drawing: the deepest and widest families; the rest are counted


def _worth_showing(pieces: list[Piece]) -> tuple[list[Piece], tuple[int, int]]:
    """The families worth a slide, deepest and widest first (as ``split_families`` orders them).

    A cadre alone (a founder none of whose mentees taught) is never drawn: it is counted with the
    families left out. Returns the pieces kept and (families, people) left out.
    """
    kept = [p for p in pieces if len(p.nodes) > 1 or p.cont]
    alone = len(pieces) - len(kept)
    return kept, (alone, alone)


def _draw_page(
    ax: Axes,
    page: list[tuple[Piece, float, float, int]],
    geo: Geometry,
    edges: list[tuple[int, int]],
    parent: dict[int, int],
    generation: dict[int, int],
    stages: dict[int, int],
    taken: dict[int, int],
    labels: bool,
    lang: str,
) -> None:
    """The bands of one page: generation names, lines, dots, ids and "(cont.)" marks."""
    where: dict[tuple[float, int], tuple[float, float]] = {}  # (band, cadre): its first place in the band
    dots: list[tuple[float, float, int, int]] = []  # x, y, cadre, repeated head (1) or not (0)
    tree: list[list[tuple[float, float]]] = []
    bands: dict[float, tuple[int, int]] = {}
    for piece, x0, y0, first in page:
        place = {n: (x0 + geo.slot * x, y0 + geo.above + geo.layer * (-y - first)) for n, (x, y) in piece.pos.items()}
        tree += [[place[parent[n]], place[n]] for n in piece.nodes[1:]]
        dots += [(x, y, n, int(piece.cont and n == piece.nodes[0])) for n, (x, y) in place.items()]
        for n, xy in place.items():
            where.setdefault((y0, n), xy)
        lo, hi = bands.get(y0, (first, first))
        bands[y0] = (lo, max(hi, piece.gens[1]))
    for y0, (first, last) in bands.items():
        for g in range(first, last + 1):
            name = layer_name(g, lang)
            y = y0 + geo.above + geo.layer * (g - first)
            ax.text(geo.left - 24, y, name, fontsize=pt(20), ha="right", va="center", color="#495057")
        if y0 > geo.top:
            ax.plot([40, PAGE_PX[0] - 40], [y0 - geo.gap / 2] * 2, color="#dee2e6", linewidth=1.0, zorder=0)
    # second mentors (many-to-one pairs, teams) in the same band; lines across bands would hide the trees
    extra = [
        [where[b, m], where[b, e]]
        for b in bands
        for m, e in edges
        if parent.get(e) != m and (b, m) in where and (b, e) in where
    ]
    if tree:
        ax.add_collection(LineCollection(tree, colors="#868e96", linewidths=1.4, zorder=1))
    if extra:
        ax.add_collection(LineCollection(extra, colors="#adb5bd", linewidths=1.2, linestyles="dotted", zorder=1))
    if not dots:
        return
    xs, ys, ids, repeated = (np.array(v) for v in zip(*dots, strict=True))
    heads = {parent[n] for piece, *_ in page for n in piece.nodes[1:]}
    mentees = np.array([float(taken.get(n, 0)) for n in ids])
    diameter = geo.slot * np.minimum(0.9, 0.38 + 0.1 * np.sqrt(np.maximum(mentees, 0)))
    colours = np.array(STAGE_COLOURS)[[stages.get(int(n), int(Stage.EXITED)) for n in ids]]
    ax.scatter(xs, ys, s=pt(diameter) ** 2, c=colours, edgecolors="#343a40", linewidths=0.8, zorder=2)
    for x, y, n, rep, d in zip(xs, ys, ids, repeated, diameter, strict=True):
        if labels:  # over the lines down to a cadre's mentees: on white
            box = {"facecolor": "white", "edgecolor": "none", "pad": 0.6} if int(n) in heads else None
            ax.text(
                x,
                y + d / 2 + 4,
                str(n),
                fontsize=pt(16),
                ha="center",
                va="top",
                rotation=90,
                color="#495057",
                bbox=box,
                zorder=3,
            )
        if rep:
            ax.text(x, y - d / 2 - 3, W("cont", lang), fontsize=pt(16), ha="center", va="bottom", color="#868e96")

"""The lineage drawing of a finished run's results folder (``cadre-sim lineage RESULTS_DIR``).

Who taught whom, layered by generation, founders on top (PNG + SVG). By default the "teaching
tree": founders and every mentee who went on to take mentees of their own (``--all`` adds every
mentee). Tidy layered layout computed here (leaf order + parents centred over their children),
no graphviz. Reads ``pairs.csv`` and ``cadres.csv`` written by ``sim.output.results.write_run``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from sim.model.stages import STAGE_CODES, STAGE_COLOURS, Stage
from sim.output.labels import figure_lang, t
from sim.output.network import stage_legend


def read_run(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The cadres (indexed by id) and pairs of a results folder.

    Raises:
        FileNotFoundError: the folder is not a results folder.
    """
    folder = Path(folder)
    for name in ("pairs.csv", "cadres.csv"):
        if not (folder / name).is_file():
            raise FileNotFoundError(f"{folder}: no {name} (is this a results folder written by `cadre-sim run`?)")
    pairs = pd.read_csv(folder / "pairs.csv")
    cadres = pd.read_csv(folder / "cadres.csv").set_index("id", drop=False)
    return cadres, pairs


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


def tidy_layout(nodes: list[int], parent: dict[int, int], generation: dict[int, int]) -> dict[int, tuple[float, float]]:
    """Layered tidy-tree positions: y = -generation; leaves in DFS order; parents centred."""
    node_set = set(nodes)
    children: dict[int, list[int]] = {n: [] for n in nodes}
    roots = []
    for n in sorted(nodes, key=lambda k: (generation[k], k)):
        p = parent.get(n, -1)
        if p in node_set and p != n:
            children[p].append(n)
        else:
            roots.append(n)
    # big subtrees first among roots keeps the picture balanced and stable
    size: dict[int, int] = {}

    def count(n: int) -> int:
        stack, order = [n], []
        while stack:
            k = stack.pop()
            order.append(k)
            stack.extend(children[k])
        for k in reversed(order):
            size[k] = 1 + sum(size[c] for c in children[k])
        return size[n]

    for r in roots:
        count(r)
    roots.sort(key=lambda r: (-size[r], r))
    pos: dict[int, tuple[float, float]] = {}
    next_x = 0.0
    for r in roots:
        # iterative post-order
        stack = [(r, False)]
        while stack:
            n, done = stack.pop()
            kids = children[n]
            if not done:
                stack.append((n, True))
                for c in reversed(sorted(kids, key=lambda c: (-size[c], c))):
                    stack.append((c, False))
            else:
                if kids:
                    xs = [pos[c][0] for c in kids]
                    x = (min(xs) + max(xs)) / 2
                else:
                    x = next_x
                    next_x += 1.0
                pos[n] = (x, -float(generation[n]))
        next_x += 0.6  # a gap between family trees
    return pos


def stage_index(stages: pd.Series) -> np.ndarray:
    """Stage values of stage codes as written in cadres.csv (unknown codes count as exited)."""
    codes = stages.astype(str).str.lower()
    return np.array([STAGE_CODES.index(c) if c in STAGE_CODES else int(Stage.EXITED) for c in codes], dtype=int)


def draw_lineage(
    folder: str | Path,
    out: str | Path | None = None,
    *,
    show_all: bool = False,
    lang: str = "zh",
    labels: bool | None = None,
) -> list[Path]:
    """Draw the lineage of a finished run; returns [png, svg] paths."""
    folder = Path(folder)
    lang = figure_lang(lang)
    cadres, pairs = read_run(folder)
    edges = _edges(cadres, pairs, show_all)
    teachers = _teachers(cadres, pairs)
    gen = cadres["generation"].astype(int)
    founders = [int(i) for i in cadres.index[(gen == 0) & cadres.index.isin(list(teachers))]]
    nodes = sorted({m for e in edges for m in e})
    if show_all or not nodes:  # founders with no teaching line still belong on the full picture
        nodes = sorted(set(nodes) | set(founders))
    generation = {n: int(gen.get(n, 0)) if int(gen.get(n, 0)) >= 0 else 0 for n in nodes}
    first = cadres["first_mentor"].astype(int).to_dict() if "first_mentor" in cadres else {}
    parent = {}
    by_mentee: dict[int, list[int]] = {}
    for m, e in edges:
        by_mentee.setdefault(e, []).append(m)
    for n in nodes:
        ms = by_mentee.get(n, [])
        parent[n] = (
            first.get(n, -1)
            if first.get(n, -1) in ms
            else (min(ms, key=lambda k: (generation.get(k, 0), k)) if ms else -1)
        )
    pos = tidy_layout(nodes, parent, generation)
    n_nodes = len(nodes)
    width_slots = max((x for x, _ in pos.values()), default=1) + 1
    max_gen = max(generation.values(), default=0)
    fig_w = float(np.clip(width_slots * 0.16 + 2.5, 8, 60))
    fig_h = float(np.clip(1.4 * (max_gen + 1) + 1.6, 4, 20))
    fig = Figure(figsize=(fig_w, fig_h), dpi=110)
    ax = fig.add_axes((0.06, 0.08, 0.92, 0.80))
    tree: list[list[tuple[float, float]]] = []
    extra: list[list[tuple[float, float]]] = []
    for m, e in edges:
        if m in pos and e in pos:
            (tree if parent.get(e) == m else extra).append([pos[m], pos[e]])
    if tree:
        ax.add_collection(LineCollection(tree, colors="#868e96", linewidths=0.8, zorder=1))
    if extra:  # second mentors (many-to-one, teams)
        ax.add_collection(LineCollection(extra, colors="#ced4da", linewidths=0.6, linestyles="dotted", zorder=1))
    xy = np.array([pos[n] for n in nodes]) if nodes else np.zeros((0, 2))
    stage_idx = stage_index(cadres.loc[nodes, "stage"]) if nodes else np.zeros(0, dtype=int)
    if "mentees_total" in cadres and nodes:
        mentees_total = cadres.loc[nodes, "mentees_total"].to_numpy(dtype=int)
    else:
        mentees_total = np.zeros(len(nodes), dtype=int)
    sizes = 18 + 10 * np.sqrt(mentees_total)
    ax.scatter(
        xy[:, 0],
        xy[:, 1],
        s=sizes,
        c=np.array(STAGE_COLOURS)[stage_idx],
        edgecolors="#343a40",
        linewidths=0.5,
        zorder=2,
    )
    if labels is None:
        labels = n_nodes <= 400
    if labels:
        for n, (x, y) in zip(nodes, xy, strict=False):
            ax.text(x, y - 0.16, str(n), ha="center", va="top", fontsize=4.5, color="#495057", rotation=90)
    for g in range(max_gen + 1):
        ax.text(
            -1.2, -g, t("founders", lang) if g == 0 else t("gen_label", lang, g=g), ha="right", va="center", fontsize=9
        )
    ax.set_xlim(-1.3 - 0.04 * width_slots, width_slots + 0.2)
    ax.set_ylim(-(max_gen + 0.7), 0.5)
    ax.axis("off")
    generations = len({generation[n] for n in nodes})
    fig.suptitle(f"{t('lineage_title', lang)} — {folder.name}", fontsize=13, x=0.06, ha="left")
    ax.set_title(t("lineage_sub", lang, n=n_nodes, e=len(edges), g=generations), fontsize=9, loc="left")
    present = sorted(set(stage_idx.tolist()))
    handles = stage_legend(present, lang, markersize=7, markeredgecolor="#343a40")
    if handles:
        fig.legend(handles=handles, loc="lower right", ncol=len(handles), fontsize=8, frameon=False, title=None)
    out = Path(out) if out else folder / "lineage"
    out.parent.mkdir(parents=True, exist_ok=True)
    stem = out.with_suffix("") if out.suffix in (".png", ".svg") else out
    paths = [stem.with_suffix(".png"), stem.with_suffix(".svg")]
    fig.savefig(paths[0], dpi=110)
    fig.savefig(paths[1])
    return paths

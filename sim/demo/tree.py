"""The live lineage tree of the lit cadre: his or her teachers above, every line below, as a small SVG.

The tree follows first mentors (as the lit line on the network does): the chain of teachers up to
a mentor nobody mentored, the lit cadre, and everyone below by first mentor, laid out as a tidy tree
(``sim.output.lineage_layout.tidy_layout``). Those who have left are drawn faded with a dashed ring,
so a line never floats; the caption counts the generations up and down and the people below, in
post and gone. Redrawn from the model each month (the server sends a small SVG, not a picture).
"""

from __future__ import annotations

import html

import numpy as np

from sim.demo.model import DemoModel
from sim.model.stages import STAGE_COLOURS
from sim.output.lineage_layout import tidy_layout
from sim.words import Book

W = Book("demo")
MOST = 120  # the most cadres the tree draws (the deepest lines first); the caption counts them all
LABELS = 40  # ids under the dots when at most this many are drawn


def tree_svg(model: DemoModel, cadre: int, lang: str, marks: dict[int, str] | None = None) -> tuple[str, str]:
    """The lit cadre's lineage tree (an SVG string) and its caption, in ``lang``.

    Args:
        model: the session's model.
        cadre: the lit cadre.
        lang: "zh" or "en".
        marks: cadres labelled on the network (drawn with a red ring here too).

    Returns:
        (svg, caption).
    """
    pop = model.core.pop
    up, down = model.lineage(cadre)
    first = pop.first_mentor[: pop.n]
    chain = [int(c) for c in reversed(up.tolist())]  # the line's head first
    below = [int(c) for c in down.tolist()]
    nodes = [*chain, cadre, *below][: len(chain) + 1 + MOST]
    depth: dict[int, int] = {}
    parent: dict[int, int] = {}
    for n in nodes:
        p = int(first[n])
        parent[n] = p if p in depth else -1
        depth[n] = depth[p] + 1 if p in depth else 0
    pos = tidy_layout(nodes, parent, depth)
    alive = pop.alive[np.array(nodes)]
    gone_below = int(len(below) - pop.alive[down].sum()) if len(below) else 0
    levels = max((depth[n] for n in below), default=depth[cadre]) - depth[cadre]
    caption = W(
        "tree_caption", lang, c=cadre, u=len(chain), d=levels, n=f"{len(below):,}",
        a=f"{len(below) - gone_below:,}", g=f"{gone_below:,}",
    )  # fmt: skip
    if len(nodes) < len(chain) + 1 + len(below):
        caption += W("tree_cut", lang, k=f"{len(nodes) - len(chain) - 1:,}")
    return _svg(nodes, pos, parent, alive, pop.stage[np.array(nodes)], cadre, marks or {}), caption


def _svg(
    nodes: list[int],
    pos: dict[int, tuple[float, float]],
    parent: dict[int, int],
    alive: np.ndarray,
    stage: np.ndarray,
    cadre: int,
    marks: dict[int, str],
) -> str:
    slot, layer, pad = 34.0, 70.0, 26.0
    xs = [pos[n][0] for n in nodes]
    ys = [-pos[n][1] for n in nodes]
    width = (max(xs) + 1) * slot + 2 * pad
    height = max(ys) * layer + 2 * pad + 20

    def at(n: int) -> tuple[float, float]:
        return pad + slot / 2 + pos[n][0] * slot, pad + -pos[n][1] * layer

    parts = [
        f"<svg class='cadre-tree-svg' viewBox='0 0 {width:.0f} {height:.0f}' preserveAspectRatio='xMidYMin meet' "
        "xmlns='http://www.w3.org/2000/svg'>"
    ]
    for n in nodes:
        if parent[n] >= 0:
            (x0, y0), (x1, y1) = at(parent[n]), at(n)
            parts.append(
                f"<line x1='{x0:.1f}' y1='{y0:.1f}' x2='{x1:.1f}' y2='{y1:.1f}' stroke='#1d3557' stroke-width='2.5'/>"
            )
    labels = len(nodes) <= LABELS
    for n, live, s in zip(nodes, alive, stage, strict=True):
        x, y = at(n)
        r = 13 if n == cadre else 10
        style = "" if live else " opacity='0.45' stroke-dasharray='3 3'"
        ring = "#c92a2a" if n == cadre or n in marks else "#343a40"
        parts.append(
            f"<circle cx='{x:.1f}' cy='{y:.1f}' r='{r}' fill='{STAGE_COLOURS[int(s)]}' stroke='{ring}' "
            f"stroke-width='{3 if ring == '#c92a2a' else 1.5}'{style}><title>#{n}</title></circle>"
        )
        if labels or n == cadre or n in marks:
            parts.append(
                f"<text x='{x:.1f}' y='{y + r + 16:.1f}' text-anchor='middle' font-size='16' "
                f"fill='{'#c92a2a' if n == cadre else '#495057'}'>{html.escape('#' + str(n))}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)

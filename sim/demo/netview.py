"""The demo's network view: positions and colours the browser draws on a canvas (``network.vue``).

The server sends numbers, not a picture: one entry per cadre shown (x in [0, 1], a layer row,
stage, id), the current pairs and, when a cadre is selected, the line of mentors and mentees
it belongs to. The browser draws them at the size of the window and answers clicks.

Layout (O(n) numpy, stable from month to month): a lineage keeps its place: its root (a mentor
nobody mentored, generation 0) sits in its unit's column band, and each mentee sits close below
his or her first mentor (a fixed small offset from the index), so a pair line is short and a
family reads as one cluster, not lines across the width. The row is the lineage generation:
generation 0 on top, their mentees one row down, and so on; cadres outside the lineage sit in the
bottom row, by unit. A mentee drops into its row when first paired, so "the apprentice becomes
the teacher" reads as a dot of one row taking mentees in the next. On a lit line, those who have
left are drawn too, faded, so the line never floats.

Large populations stay readable: at most ``MAX_DOTS`` dots; the lit line, current pairs and the
pool come first, then the rest of the lineage, then a fixed sample of cadres outside it (the
same cadres month after month), and the picture says how many it shows.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.demo.model import DemoModel
from sim.model.stages import STAGE_CODES, STAGE_COLOURS, STAGES
from sim.words import Book

W = Book("demo")
MAX_DOTS = 900
PAIR_COLOUR = STAGES["mentor"].colour
LINE_COLOUR = "#1d3557"

_PHI1 = 0.6180339887498949
_PHI2 = 0.7548776662466927


def _frac(x: np.ndarray) -> np.ndarray:
    return x - np.floor(x)


FAMILY_SPREAD = 0.05  # how far (share of the width) a mentee may sit from his or her first mentor


def positions(
    idx: np.ndarray,
    unit: np.ndarray,
    generation: np.ndarray,
    n_units: int,
    bench_row: int,
    first_mentor: np.ndarray | None = None,
) -> np.ndarray:
    """(len(idx), 2): x by lineage (near the first mentor) or unit band; row = generation plus a fixed jitter.

    Args:
        idx: cadre indices (every cadre ever hired when ``first_mentor`` is given: rows are ids).
        unit: their units.
        generation: their lineage generations (-1: outside the lineage).
        n_units: units in the county.
        bench_row: the row of cadres outside the lineage.
        first_mentor: every cadre's first mentor (-1: none); None places everyone by unit.

    Returns:
        The positions.
    """
    fidx = np.asarray(idx, dtype=np.float64)
    n_units = max(int(n_units), 1)
    x = (np.asarray(unit, dtype=np.float64) % n_units + 0.08 + 0.84 * _frac(fidx * _PHI1)) / n_units
    if first_mentor is not None:
        first = np.asarray(first_mentor, dtype=np.int64)
        has = np.flatnonzero(first >= 0)
        offset = (_frac(fidx[has] * _PHI1 + 0.5) - 0.5) * 2 * FAMILY_SPREAD
        root_x = x.copy()
        for _ in range(int(np.asarray(generation).max(initial=0)) + 2):  # a fixed point after the deepest line
            x[has] = root_x[first[has]] + offset
            root_x = x.copy()
        x = np.clip(x, 0.005, 0.995)
    gen = np.asarray(generation, dtype=np.float64)
    row = np.where(gen >= 0, gen, bench_row) + (_frac(fidx * _PHI2) - 0.5) * 0.7
    return np.column_stack([x, row])


def choose(priority: np.ndarray, idx: np.ndarray, limit: int) -> np.ndarray:
    """A boolean mask keeping at most ``limit`` entries: highest priority first, then a fixed sample.

    Within the priority level that does not fit whole, the kept cadres are those with the lowest
    fixed hash of their index, so the same cadres stay on screen from month to month.

    Args:
        priority: per entry, larger = more important.
        idx: per entry, the cadre index (for the fixed sample).
        limit: most entries kept.

    Returns:
        The mask.
    """
    keep = np.zeros(len(idx), dtype=bool)
    left = int(limit)
    for level in sorted(set(priority.tolist()), reverse=True):
        members = np.flatnonzero(priority == level)
        if len(members) <= left:
            keep[members] = True
            left -= len(members)
            continue
        order = np.argsort(_frac(idx[members].astype(np.float64) * _PHI2 + 0.31), kind="stable")
        keep[members[order[:left]]] = True
        break
    return keep


def _layers(gen: np.ndarray, max_gen: int, bench_row: int, lang: str) -> list[list[Any]]:
    """[row, name, people in post in the row] for each row, top to bottom."""
    counts = np.bincount(np.where(gen >= 0, gen, bench_row), minlength=bench_row + 1)
    rows: list[list[Any]] = [[0, W("net_founders", lang)]]
    rows += [[g, W("net_gen", lang, g=g)] for g in range(1, max_gen + 1)]
    rows.append([bench_row, W("net_bench", lang)])
    return [[r, name, W("net_people", lang, n=f"{int(counts[r]):,}")] for r, name in rows]


def network_payload(
    model: DemoModel,
    lang: str,
    selected: int | None = None,
    max_dots: int = MAX_DOTS,
    marks: dict[int, str] | None = None,
) -> dict[str, Any]:
    """What ``network.vue`` draws for ``model`` now, labelled in ``lang``.

    Args:
        model: the session's model.
        lang: "zh" or "en".
        selected: the cadre whose line is lit (None: nothing lit).
        max_dots: most dots drawn.
        marks: cadres labelled with their part in the lit line (a word key of the demo's book each).

    Returns:
        A JSON-ready dict (see ``network.vue``).
    """
    pop, n = model.core.pop, model.core.pop.n
    alive_mask = pop.alive[:n]
    alive = np.flatnonzero(alive_mask)
    gen_all = pop.generation[:n]
    # rows never shrink during a run, so the picture does not jump when a generation dies out
    max_gen = max(int(gen_all.max(initial=0)), 1)
    bench_row = max_gen + 1
    mi, me = model.core.active_pairs()
    mi, me = np.asarray(mi, dtype=np.int64), np.asarray(me, dtype=np.int64)
    lit = np.zeros(n, dtype=np.int8)  # 1: on the selected cadre's line; 2: the selected cadre
    if selected is not None and 0 <= selected < n:
        up, down = model.lineage(selected)
        lit[up] = 1
        lit[down] = 1
        lit[selected] = 2
    marks = {c: k for c, k in (marks or {}).items() if 0 <= c < n}
    lit[[c for c in marks if lit[c] == 0]] = 1
    paired = np.zeros(n, dtype=bool)
    paired[mi] = True
    paired[me] = True
    gen = gen_alive = gen_all[alive].astype(np.int64)
    shown = alive
    if len(alive) > max_dots:  # the bench keeps a quarter of the dots; the lineage the rest
        bench = gen < 0
        quota = min(int(bench.sum()), max_dots // 4)
        priority = 2 * (lit[alive] > 0) + (paired[alive] | pop.in_pool[:n][alive])
        keep = np.zeros(len(alive), dtype=bool)
        keep[~bench] = choose(priority[~bench], alive[~bench], max_dots - quota)
        keep[bench] = choose(priority[bench] * 2, alive[bench], max_dots - int(keep.sum()))
        shown = alive[keep]
    gone = np.flatnonzero((lit > 0) & ~alive_mask)  # those on the lit line who have left: drawn faded
    shown = np.concatenate([shown, gone])
    gen = gen_all[shown].astype(np.int64)
    every = np.arange(n)
    pos = positions(every, pop.unit[:n], gen_all, model.n_units, bench_row, pop.first_mentor[:n])[shown]
    where = np.full(n, -1, dtype=np.int64)  # cadre index -> position in the shown arrays
    where[shown] = np.arange(len(shown))
    a, b = where[mi], where[me]
    ok = (a >= 0) & (b >= 0)
    pairs = np.column_stack([a[ok], b[ok]]).ravel()
    teacher = pop.first_mentor[:n][shown].astype(np.int64)
    on_line = (lit[shown] > 0) & (teacher >= 0)
    ta = np.where(on_line, where[np.maximum(teacher, 0)], -1)
    links = np.column_stack([ta[ta >= 0], np.flatnonzero(ta >= 0)]).ravel()
    stage = pop.stage[:n][shown].astype(np.int64)
    info = ""
    if selected is not None and 0 <= selected < n:
        info = selected_text(model, selected, lang)
    labels = [[int(where[c]), W(key, lang, c=c, g=int(gen_all[c]))] for c, key in marks.items() if where[c] >= 0]
    return {
        "month": model.month,
        "x": np.round(pos[:, 0], 4).tolist(),
        "y": np.round(pos[:, 1], 3).tolist(),
        "s": stage.tolist(),
        "id": shown.tolist(),
        "lit": lit[shown].tolist(),
        "gone": (~alive_mask[shown]).astype(np.int8).tolist(),
        "pairs": pairs.tolist(),
        "links": links.tolist(),
        "labels": labels,
        "rows": _layers(gen_alive, max_gen, bench_row, lang),
        "colours": list(STAGE_COLOURS),
        "legend": [[STAGES.label(STAGE_CODES[s], lang), STAGE_COLOURS[s]] for s in range(5)],
        "pair_label": W("net_pairs", lang),
        "pair_colour": PAIR_COLOUR,
        "line_label": W("net_line", lang),
        "line_colour": LINE_COLOUR,
        "gone_label": W("net_gone", lang) if len(gone) else "",
        "title": W("net_title", lang),
        "hint": W("net_hint", lang),
        "note": W("net_sample", lang, k=f"{len(shown) - len(gone):,}", n=f"{len(alive):,}")
        if len(shown) - len(gone) < len(alive)
        else "",
        "info": info,
        "selected": -1 if selected is None else int(selected),
    }


def selected_text(model: DemoModel, cadre: int, lang: str) -> str:
    """One line about the selected cadre: stage, generation, mentees taken, the line below.

    "Taken" counts every mentee the cadre ever had; the line below follows first mentors only (a
    mentee of several mentors belongs to the first one's line), so the caption says both.

    Args:
        model: the session's model.
        cadre: the cadre's index.
        lang: "zh" or "en".

    Returns:
        The text.
    """
    pop = model.core.pop
    n = pop.n
    _, down = model.lineage(cadre)
    gen = int(pop.generation[cadre])
    layer = W("net_bench", lang) if gen < 0 else (W("net_founders", lang) if gen == 0 else W("net_gen", lang, g=gen))
    stage = int(pop.stage[cadre])
    first, depth, frontier = pop.first_mentor[:n], 0, np.array([cadre])
    while len(frontier) and depth < n:  # generations below, by first mentor (as the line is drawn)
        frontier = np.flatnonzero(np.isin(first, frontier))
        depth += bool(len(frontier))
    own = int((first == cadre).sum())
    text = W(
        "net_selected",
        lang,
        c=cadre,
        stage=STAGES.label(STAGE_CODES[stage], lang),
        layer=layer,
        k=int(pop.mentees_total[cadre]),
        f=own,
    )
    if len(down):
        text += W("net_selected_line", lang, d=depth, n=len(down), a=int(pop.alive[down].sum()))
    teacher = int(pop.first_mentor[cadre])
    return text + (W("net_selected_mentor", lang, t=teacher) if teacher >= 0 else "")

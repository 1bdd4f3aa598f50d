"""Lineage drawing and network animation from a finished run's results folder.

- ``cadre-sim lineage RESULTS_DIR``: who taught whom, layered by generation, founders on top
  (PNG + SVG). By default the "teaching tree": founders and every mentee who went on to take
  mentees of their own (``--all`` adds every mentee). Tidy layered layout computed here (leaf
  order + parents centred over their children), no graphviz.
- ``cadre-sim animate RESULTS_DIR``: a GIF of the mentoring network at the end of each year
  (same picture as the browser demo), for slides.

Reads ``pairs.csv`` and ``cadres.csv`` (and ``events.csv`` for stages over time) written by
``sim.results.write_run``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import typer

from sim.terminal import fail

STAGES = ("young", "independent", "backbone", "mentor", "second_line", "exited")


def _read(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
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
    cadres, pairs = _read(Path(folder))
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


def draw_lineage(folder: str | Path, out: str | Path | None = None, *, show_all: bool = False, lang: str = "zh",
                 labels: bool | None = None) -> list[Path]:
    """Draw the lineage of a finished run; returns [png, svg] paths."""
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg", force=False)
    from matplotlib.collections import LineCollection  # noqa: PLC0415
    from matplotlib.figure import Figure  # noqa: PLC0415
    from matplotlib.lines import Line2D  # noqa: PLC0415

    from sim.demo.labels import figure_lang, stage_label, t  # noqa: PLC0415
    from sim.demo.network import STAGE_COLOURS  # noqa: PLC0415

    folder = Path(folder)
    lang = figure_lang(lang)
    cadres, pairs = _read(folder)
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
        parent[n] = first.get(n, -1) if first.get(n, -1) in ms else (min(ms, key=lambda k: (generation.get(k, 0), k)) if ms else -1)
    pos = tidy_layout(nodes, parent, generation)
    n_nodes = len(nodes)
    width_slots = max((x for x, _ in pos.values()), default=1) + 1
    max_gen = max(generation.values(), default=0)
    fig_w = float(np.clip(width_slots * 0.16 + 2.5, 8, 60))
    fig_h = float(np.clip(1.4 * (max_gen + 1) + 1.6, 4, 20))
    fig = Figure(figsize=(fig_w, fig_h), dpi=110)
    ax = fig.add_axes((0.06, 0.08, 0.92, 0.80))
    tree, extra = [], []
    for m, e in edges:
        if m in pos and e in pos:
            (tree if parent.get(e) == m else extra).append([pos[m], pos[e]])
    if tree:
        ax.add_collection(LineCollection(tree, colors="#868e96", linewidths=0.8, zorder=1))
    if extra:  # second mentors (many-to-one, teams)
        ax.add_collection(LineCollection(extra, colors="#ced4da", linewidths=0.6, linestyles="dotted", zorder=1))
    xy = np.array([pos[n] for n in nodes]) if nodes else np.zeros((0, 2))
    stage_idx = np.array([STAGES.index(str(cadres.at[n, "stage"]).lower()) if str(cadres.at[n, "stage"]).lower() in STAGES else 5
                          for n in nodes], dtype=int)
    mentees_total = np.array([int(cadres.at[n, "mentees_total"]) if "mentees_total" in cadres else 0 for n in nodes])
    sizes = 18 + 10 * np.sqrt(mentees_total)
    ax.scatter(xy[:, 0], xy[:, 1], s=sizes, c=np.array(STAGE_COLOURS)[stage_idx], edgecolors="#343a40", linewidths=0.5, zorder=2)
    if labels is None:
        labels = n_nodes <= 400
    if labels:
        for n, (x, y) in zip(nodes, xy):
            ax.text(x, y - 0.16, str(n), ha="center", va="top", fontsize=4.5, color="#495057", rotation=90)
    for g in range(max_gen + 1):
        ax.text(-1.2, -g, t("founders", lang) if g == 0 else t("gen_label", lang, g=g), ha="right", va="center", fontsize=9)
    ax.set_xlim(-1.3 - 0.04 * width_slots, width_slots + 0.2)
    ax.set_ylim(-(max_gen + 0.7), 0.5)
    ax.axis("off")
    generations = len({generation[n] for n in nodes})
    fig.suptitle(f"{t('lineage_title', lang)} — {folder.name}", fontsize=13, x=0.06, ha="left")
    ax.set_title(t("lineage_sub", lang, n=n_nodes, e=len(edges), g=generations), fontsize=9, loc="left")
    present = sorted(set(stage_idx.tolist()))
    handles = [Line2D([], [], marker="o", linestyle="", markersize=7, markerfacecolor=STAGE_COLOURS[s], markeredgecolor="#343a40",
                      label=stage_label(STAGES[s], lang)) for s in present]
    if handles:
        fig.legend(handles=handles, loc="lower right", ncol=len(handles), fontsize=8, frameon=False, title=None)
    out = Path(out) if out else folder / "lineage"
    out.parent.mkdir(parents=True, exist_ok=True)
    stem = out.with_suffix("") if out.suffix in (".png", ".svg") else out
    paths = [stem.with_suffix(".png"), stem.with_suffix(".svg")]
    fig.savefig(paths[0], dpi=110)
    fig.savefig(paths[1])
    return paths


# ------------------------------------------------------------------------------- animation
def _frames(folder: Path) -> tuple[list[int], callable]:
    cadres, pairs = _read(folder)
    events = pd.read_csv(folder / "events.csv") if (folder / "events.csv").is_file() else pd.DataFrame(
        columns=["month", "event", "cadre", "other", "detail"])
    last_month = int(max(pairs["end_month"].max(skipna=True) if len(pairs) else 0,
                         events["month"].max() if len(events) else 0, cadres["exit_month"].max(), 12))
    ids = cadres.index.to_numpy().astype(int)
    hire = cadres["hire_month"].to_numpy()
    exit_m = cadres["exit_month"].to_numpy()
    final = np.array([STAGES.index(s) if s in STAGES else 5 for s in cadres["stage"].astype(str).str.lower()])
    gen_final = cadres["generation"].to_numpy().astype(int)
    unit = cadres["unit"].to_numpy().astype(int) if "unit" in cadres else np.zeros(len(ids), int)
    n_units = int(unit.max() + 1) if len(unit) else 1
    pos_of = {int(i): k for k, i in enumerate(ids)}

    def first_month(kind: str) -> np.ndarray:
        out = np.full(len(ids), 10**9)
        ev = events[events["event"] == kind].groupby("cadre")["month"].min()
        for c, m in ev.items():
            if int(c) in pos_of:
                out[pos_of[int(c)]] = int(m)
        return out

    backbone_at = first_month("backbone")
    second_at = first_month("second_line")
    paired_at = first_month("paired")
    pool_ev = events[events["event"].isin(["pool_entry", "pool_removal", "negative_list"])].sort_values("month", kind="stable")
    start = pairs["start_month"].to_numpy()
    end = pairs["end_month"].to_numpy()
    end = np.where(np.isnan(end.astype(float)), 10**9, end)
    lineage_start = np.minimum(paired_at, np.where(gen_final == 0, first_month("pool_entry"), 10**9))
    # mentees enter the lineage when first paired (as mentee); mentors when first in the pool
    first_as_mentee = np.full(len(ids), 10**9)
    for c, m in pairs.groupby("mentee")["start_month"].min().items():
        if int(c) in pos_of:
            first_as_mentee[pos_of[int(c)]] = int(m)
    lineage_start = np.where(gen_final > 0, first_as_mentee, lineage_start)

    def snapshot(month: int) -> dict:
        alive = (hire <= month) & ~((exit_m >= 0) & (exit_m <= month))
        in_pool = np.zeros(len(ids), bool)
        for c, ev in pool_ev[pool_ev["month"] <= month][["cadre", "event"]].itertuples(index=False):
            if int(c) in pos_of:
                in_pool[pos_of[int(c)]] = ev == "pool_entry"
        stage = np.where(hire > 0, np.where(month - hire < 36, 0, 1), np.where(np.isin(final, (0, 1, 2, 4)), final, 1))
        stage = np.where(backbone_at <= month, 2, stage)
        stage = np.where((second_at <= month) | ((hire <= 0) & (final == 4)), 4, stage)
        stage = np.where(in_pool, 3, stage)
        gen = np.where(lineage_start <= month, gen_final, -1)
        live = (start <= month) & (end > month)
        idx = np.flatnonzero(alive)
        return {
            "idx": ids[idx], "stage": stage[idx], "generation": gen[idx], "unit": unit[idx], "n_units": n_units,
            "mentor_idx": pairs["mentor"].to_numpy()[live].astype(int), "mentee_idx": pairs["mentee"].to_numpy()[live].astype(int),
            "max_gen": max(int(gen_final.max(initial=0)), 1),
        }

    months = list(range(0, last_month + 1, 12))
    if months[-1] != last_month:
        months.append(last_month)
    return months, snapshot


def animate(folder: str | Path, out: str | Path | None = None, *, lang: str = "zh", seconds_per_year: float = 0.8,
            start_year: int | None = None) -> Path:
    """Write a GIF of the mentoring network at the end of each year; returns its path."""

    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415
    from PIL import Image  # noqa: PLC0415

    from sim.demo.labels import figure_lang, t  # noqa: PLC0415
    from sim.demo.network import network_figure  # noqa: PLC0415

    folder = Path(folder)
    lang = figure_lang(lang)
    if start_year is None:
        start_year = 0
        try:
            import tomllib  # noqa: PLC0415

            start_year = int(tomllib.loads((folder / "scenario.toml").read_text())["run"]["start_year"])
        except (OSError, KeyError, ValueError, TypeError):
            pass
    months, snapshot = _frames(folder)
    images = []
    for m in months:
        year = f"{start_year + m // 12}" if start_year else t("year", lang, y=m // 12)
        fig = network_figure(snapshot(m), lang, title=f"{t('network', lang)} · {t('month', lang, m=m, y=year)}",
                             figsize=(8, 5.6), dpi=90)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        images.append(Image.fromarray(np.asarray(canvas.buffer_rgba())).convert("RGB").quantize(colors=128))
    out = Path(out) if out else folder / "network.gif"
    out.parent.mkdir(parents=True, exist_ok=True)
    durations = [int(seconds_per_year * 1000)] * (len(images) - 1) + [int(seconds_per_year * 3000)]
    images[0].save(out, save_all=True, append_images=images[1:], duration=durations, loop=0, optimize=True)
    return out


# ------------------------------------------------------------------------------- commands
def lineage_command(
    results_dir: Path = typer.Argument(..., help="A results folder written by `cadre-sim run`"),
    out: Path = typer.Option(None, "--out", help="Output path without extension (default RESULTS_DIR/lineage)"),
    show_all: bool = typer.Option(False, "--all", help="Show every mentee, not only those who became mentors"),
    lang: str = typer.Option("zh", "--lang", help="Label language: zh or en"),
) -> None:
    """Draw who taught whom (founders on top, one layer per generation) as PNG and SVG."""
    try:
        paths = draw_lineage(results_dir, out, show_all=show_all, lang=lang)
    except FileNotFoundError as exc:
        fail(str(exc))
    for p in paths:
        typer.echo(str(p))


def animate_command(
    results_dir: Path = typer.Argument(..., help="A results folder written by `cadre-sim run`"),
    out: Path = typer.Option(None, "--out", help="GIF path (default RESULTS_DIR/network.gif)"),
    lang: str = typer.Option("zh", "--lang", help="Label language: zh or en"),
    seconds_per_year: float = typer.Option(0.8, "--seconds-per-year", help="Frame duration"),
) -> None:
    """Write a GIF of the mentoring network at the end of each simulated year (for slides)."""
    try:
        path = animate(results_dir, out, lang=lang, seconds_per_year=seconds_per_year)
    except FileNotFoundError as exc:
        fail(str(exc))
    typer.echo(str(path))

"""Scenario discovery in words and pictures: boxes.csv, peeling.csv, plots/*.png and report.md.

In Chinese by default (``lang="en"`` for English). The report says, first, each box as one plain
sentence ("导师库更新比 < 1 多发生在 入库意愿 低于 A 且 考核淘汰比例 高于 B 时（覆盖 x%，密度 y%）"),
then its limits against the swept ranges with their quasi-p values. The folder is written under a
temporary name and renamed when complete (``sim.files.build_folder``), never over another.
"""

from __future__ import annotations

import math
import textwrap
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sim.files import CSV_ENCODING, atomic_write, atomic_write_bytes, build_folder
from sim.output.documents import write_documents
from sim.output.names import outcome_name
from sim.output.numbers import number, percent
from sim.output.plotting import figure_language, plt
from sim.studies.discover.analysis import Box, Discovery, Limit
from sim.studies.discover.sweep_runs import SweptParameter
from sim.words import Book, check_lang

__all__ = ["box_sentence", "condition_words", "write_discovery"]

D = Book("discover")  # D(key, lang, **fields): a sentence of scenario discovery

_OP_WORDS = {"<": ("<", "<"), "<=": ("≤", "≤"), ">": (">", ">"), ">=": ("≥", "≥")}


def condition_words(d: Discovery, lang: str = "zh") -> str:
    """The condition with outcomes by their labels: ``导师库更新比（人/名创始导师） < 1``."""
    return D("sep_and", lang).join(
        f"{outcome_name(c.outcome, lang)} {_OP_WORDS[c.op][0]} {number(c.value)}" for c in d.condition.clauses
    )


def _value(p: SweptParameter, x: float | None) -> str:
    if x is None:
        return ""
    return number(int(round(x))) if p.integer else number(x)


def _levels(p: SweptParameter, levels: tuple[str, ...], lang: str) -> str:
    return D("sep_levels", lang).join(p.level_label(v, lang) for v in levels)


def limit_words(p: SweptParameter, lim: Limit, lang: str = "zh") -> str:
    """One limit as a clause: ``X 低于 A``, ``X 高于 B``, ``X 在 A 至 B 之间``, ``X 为 自愿申报``."""
    name = p.label(lang)
    if lim.categorical:
        return D("is_one", lang, p=name, levels=_levels(p, lim.levels, lang))
    low, high = _value(p, lim.low), _value(p, lim.high)
    if p.integer:  # whole numbers: the limits are values the box keeps
        low, high = (
            _value(p, p.low if lim.low is None else lim.low),
            _value(p, p.high if lim.high is None else lim.high),
        )
        if low == high:
            return D("equals", lang, p=name, a=low)
        return D(
            "between"
            if lim.low is not None and lim.high is not None
            else "at_most"
            if lim.high is not None
            else "at_least",
            lang,
            p=name,
            a=low,
            b=high,
        )
    if lim.low is not None and lim.high is not None:
        return D("between", lang, p=name, a=low, b=high)
    if lim.high is not None:
        return D("below", lang, p=name, b=high)
    return D("above", lang, p=name, a=low)


def box_sentence(d: Discovery, box: Box, what: str, lang: str = "zh") -> str:
    """The box in one plain sentence, with its coverage, density and mass."""
    clauses = [limit_words(d.runs.parameter(lim.parameter), lim, lang) for lim in box.limits]
    return D("box_line", lang, n=box.number, what=what, limits=D("sep_and", lang).join(clauses), cov=percent(box.coverage),
             dens=percent(box.density), mass=percent(box.mass), n_in=number(box.n), k=number(box.k))  # fmt: skip


def _swept(p: SweptParameter, lang: str) -> str:
    if p.categorical:
        return _levels(p, p.levels, lang)
    return f"{_value(p, p.low)}{D('sep_dash', lang)}{_value(p, p.high)}"


def _in_box(p: SweptParameter, lim: Limit, lang: str) -> str:
    if lim.categorical:
        return _levels(p, lim.levels, lang)
    low = _value(p, lim.low) if lim.low is not None else _value(p, p.low)
    high = _value(p, lim.high) if lim.high is not None else _value(p, p.high)
    dash = D("sep_dash", lang)
    return f"{'**' + low + '**' if lim.low is not None else low}{dash}{'**' + high + '**' if lim.high is not None else high}"


def _p_text(lim: Limit) -> str:
    ps = [number(p) if p >= 0.001 else "< 0.001" for p in (lim.p_low, lim.p_high) if math.isfinite(p)]
    return " / ".join(ps) or "—"


def boxes_table(d: Discovery) -> pd.DataFrame:
    """boxes.csv: one row per limit of each box (kept or dropped), with the box's figures."""
    rows = []
    for b in d.boxes:
        for lim, dropped in [(lim, False) for lim in b.limits] + [(lim, True) for lim in b.dropped]:
            p = d.runs.parameter(lim.parameter)
            rows.append({
                "box": b.number, "coverage": b.coverage, "density": b.density, "mass": b.mass, "runs_in_box": b.n,
                "runs_meeting": b.k, "parameter": p.name, "label_zh": p.label("zh"), "label_en": p.label("en"),
                "swept_low": None if p.categorical else p.low, "swept_high": None if p.categorical else p.high,
                "box_low": lim.low, "box_high": lim.high, "levels": "|".join(lim.levels),
                "quasi_p_low": lim.p_low, "quasi_p_high": lim.p_high,
                "significant": lim.significant(d.settings["alpha"]), "dropped": dropped,
            })  # fmt: skip
    return pd.DataFrame(rows)


def peeling_table(d: Discovery) -> pd.DataFrame:
    """peeling.csv: every box's trajectory, with the chosen and the reported step marked."""
    frames = []
    for b in d.boxes:
        t = b.trajectory.copy()
        t.insert(0, "box", b.number)
        t["chosen"], t["reported"] = t["step"] == b.chosen, t["step"] == b.final
        frames.append(t)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _save(fig: Figure, path: Path) -> None:
    fig.savefig(path, dpi=90, format="png")


def plot_peeling(d: Discovery, path: Path, what: str, lang: str) -> None:
    """Coverage against density along each box's trajectory, coloured by restricted parameters; chosen marked."""
    n = max(1, len(d.boxes))
    fig, axes = plt.subplots(1, n, figsize=(5.2 * n, 4.4), squeeze=False)
    top = max([int(b.trajectory["res_dim"].max()) for b in d.boxes] + [1])
    for ax, b in zip(axes.flat, d.boxes, strict=False):
        t = b.trajectory[b.trajectory["peeled"]]
        sc = ax.scatter(t["coverage"], t["density"], c=t["res_dim"], cmap="viridis", vmin=0, vmax=top, s=22)
        c = b.trajectory.loc[b.chosen]
        ax.scatter([c["coverage"]], [c["density"]], s=160, facecolors="none", edgecolors="red", linewidths=1.5,
                   label=D("p_chosen", lang))  # fmt: skip
        if b.final != b.chosen:
            f = b.trajectory.loc[b.final]
            ax.scatter([f["coverage"]], [f["density"]], marker="*", s=200, color="red", label=D("p_final", lang))
        ax.set_title(D("p_box", lang, n=b.number))
        ax.set_xlabel(D("p_coverage", lang))
        ax.set_ylabel(D("p_density", lang))
        ax.set_xlim(0, 1.02)
        ax.set_ylim(0, 1.02)
        ax.axhline(d.base_rate, color="grey", lw=0.8, ls="--")
        ax.grid(alpha=0.3)
        ax.legend(loc="lower left", fontsize=8)
        fig.colorbar(sc, ax=ax, label=D("p_res_dim", lang), ticks=range(top + 1))
    fig.suptitle(D("p_peel_title", lang, what=what))
    fig.tight_layout()
    atomic_write(path, partial(_save, fig))
    plt.close(fig)


def _span(p: SweptParameter, lim: Limit) -> tuple[float, float]:
    """Where the box sits within the swept range, as shares 0..1 (categories: the kept share of the levels)."""
    if lim.categorical:
        idx = [p.levels.index(v) for v in lim.levels if v in p.levels]
        k = len(p.levels)
        return (min(idx) / k, (max(idx) + 1) / k) if idx else (0.0, 1.0)
    if p.integer:  # whole numbers: each value a cell of the bar
        cells = p.high - p.low + 1
        low = 0.0 if lim.low is None else (lim.low - p.low) / cells
        high = 1.0 if lim.high is None else (lim.high - p.low + 1) / cells
        return max(0.0, low), min(1.0, high)
    width = (p.high - p.low) or 1.0
    low = 0.0 if lim.low is None else (lim.low - p.low) / width
    high = 1.0 if lim.high is None else (lim.high - p.low) / width
    return max(0.0, low), min(1.0, high)


def plot_limits(d: Discovery, path: Path, what: str, lang: str) -> None:
    """Each box's limits as bars within the swept ranges (grey), with the limit values written at the ends."""
    rows = [(b, lim) for b in d.boxes for lim in b.limits]
    fig, ax = plt.subplots(figsize=(9.5, 1.0 + 0.55 * max(1, len(rows))))
    for i, (b, lim) in enumerate(rows):
        p = d.runs.parameter(lim.parameter)
        y = len(rows) - 1 - i
        ax.barh(y, 1.0, left=0.0, color="#dddddd", height=0.6, label=D("p_swept", lang) if i == 0 else None)
        lo, hi = _span(p, lim)
        ax.barh(y, hi - lo, left=lo, color=f"C{b.number - 1}", height=0.6, alpha=0.85,
                label=D("p_in_box", lang, n=b.number) if lim is b.limits[0] else None)  # fmt: skip
        text = _in_box(p, lim, lang).replace("**", "")
        ax.text(1.01, y, text, va="center", fontsize=8)
    labels = [
        f"{D('p_box', lang, n=b.number)}: {_wrap(d.runs.parameter(lim.parameter).label(lang))}" for b, lim in rows
    ]
    ax.set_yticks(list(range(len(rows)))[::-1], labels, fontsize=8)
    ax.set_xlim(0, 1.35)
    ax.set_xticks(np.linspace(0, 1, 6))
    ax.set_xlabel(D("p_share", lang))
    ax.set_title(D("p_limits_title", lang, what=what), fontsize=10)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    atomic_write(path, partial(_save, fig))
    plt.close(fig)


def _wrap(text: str, width: int = 22) -> str:
    if text.isascii():  # English: break between words
        return "\n".join(textwrap.wrap(text, width + 8))
    return "\n".join(text[i : i + width] for i in range(0, len(text), width))


def report_lines(d: Discovery, what: str, lang: str, plots: bool) -> list[str]:
    """report.md, line by line."""
    s, runs = d.settings, d.runs
    head = D("runs", lang, used=number(d.used))
    head += D("failed", lang, n=runs.failed) if runs.failed else ""
    head += D("missing", lang, n=runs.missing) if runs.missing else ""
    head += D("no_value", lang, n=d.no_value) if d.no_value else ""
    lines = [D("title", lang, name=runs.name), "",
             D("sweep", lang, folder=runs.folder, design=runs.design, planned=number(runs.planned), r=runs.replicates),
             head, D("condition", lang, text=d.condition.text, words=condition_words(d, lang)),
             D("base_rate", lang, cases=number(d.cases), used=number(d.used), rate=percent(d.base_rate)),
             D("files", lang) if plots else D("files", lang).replace(", plots/", "").replace("、plots/", ""), "",
             D("h_what", lang), "", D("coverage", lang), D("density", lang), D("mass", lang),
             D("method", lang, cov=percent(s["min_coverage"]), alpha=number(s["alpha"]),
               drop=D("drop_yes" if s["drop_insignificant"] else "drop_no", lang)), "", D("h_boxes", lang), ""]  # fmt: skip
    if not d.boxes:
        lines += [D("none_found", lang, cov=percent(s["min_coverage"])), ""]
    for b in d.boxes:
        lines += [box_sentence(d, b, what, lang), "", D("limits_head", lang), "|---|---|---|---|---|"]
        for lim in b.limits:
            p = runs.parameter(lim.parameter)
            ok = D("yes" if lim.significant(s["alpha"]) else "no", lang)
            lines.append(
                f"| {p.label(lang)} (`{p.name}`) | {_swept(p, lang)} | {_in_box(p, lim, lang)} | {_p_text(lim)} | {ok} |"
            )
        if b.dropped:
            items = D("sep_parts", lang).join(
                f"{limit_words(runs.parameter(x.parameter), x, lang)} (p = {_p_text(x)})" for x in b.dropped
            )
            lines += ["", D("dropped", lang, alpha=number(s["alpha"]), items=items)]
        lines.append("")
    if d.boxes:
        why = {"boxes": D("why_boxes", lang, n=len(d.boxes)), "remaining": D("why_remaining", lang,
               share=percent(s["stop_below"])), "no_box": D("why_no_box", lang)}[d.stopped]  # fmt: skip
        lines += [D("left", lang, share=percent(d.remaining), why=why), ""]
    if plots and d.boxes:
        lines += [D("h_plots", lang), "", "![peeling](plots/peeling.png)", "", "![limits](plots/limits.png)", ""]
    return lines


def write_discovery(d: Discovery, out: Path, *, what: str = "", lang: str = "zh", plots: bool = True) -> Path:
    """Write the discovery folder ``out`` (never over an existing one); returns it.

    ``what``: the condition in the planner's words (default: the condition with outcome labels).

    Raises:
        FileExistsError: ``out`` exists.
        ValueError: ``lang`` is not "zh" or "en".
    """
    check_lang(lang)
    what = what or condition_words(d, lang)
    fig_lang = figure_language(lang) if plots else lang

    def fill(tmp: Path) -> None:
        atomic_write(tmp / "boxes.csv", lambda p: boxes_table(d).to_csv(p, index=False, encoding=CSV_ENCODING))
        atomic_write(tmp / "peeling.csv", lambda p: peeling_table(d).to_csv(p, index=False, encoding=CSV_ENCODING))
        if plots and d.boxes:
            (tmp / "plots").mkdir()
            plot_peeling(d, tmp / "plots" / "peeling.png", what if fig_lang == lang else d.condition.text, fig_lang)
            plot_limits(d, tmp / "plots" / "limits.png", what if fig_lang == lang else d.condition.text, fig_lang)
        atomic_write_bytes(tmp / "report.md", "\n".join(report_lines(d, what, lang, plots)).encode("utf-8"))
        write_documents(tmp / "report.md", lang)  # report.html and report.docx

    return build_folder(Path(out), fill)

"""The demo's four live charts: Vega-Lite specs drawn by the browser (offline copy of vega).

Each chart is a fixed spec (per language and run span) with a named data set, ``table``;
``chart.vue`` builds the vega view once and, each month, replaces only the data in place. The
server sends the series as columns (:func:`chart_columns`), not a picture.
All text is 16 px or more; every chart has axis titles with units and a legend; the time axis
is the calendar year and spans the whole run, so the audience sees how far the run has come.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import numpy as np

from sim.demo.model import DemoModel
from sim.model.stages import STAGE_CODES, STAGE_COLOURS, STAGES
from sim.words import Book

W = Book("demo")
CHARTS = ("headcount", "pool", "skill", "backbones")
TITLES = {"headcount": "headcount", "pool": "pool_vs_mentees", "skill": "mean_skill", "backbones": "cum_backbones"}
SHORT_NAME = 8  # a legend whose names are all at most this wide (a Chinese character counts two) fits three a row
FONT = "WenQuanYi Zen Hei, Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, sans-serif"


def _series(chart: str, lang: str) -> list[tuple[str, str]]:
    """(name, colour) of each line of ``chart``."""
    if chart == "headcount":
        return [(STAGES.label(STAGE_CODES[s], lang), STAGE_COLOURS[s]) for s in range(5)]
    if chart == "pool":
        return [(W("pool", lang), STAGE_COLOURS[3]), (W("mentees", lang), STAGE_COLOURS[0])]
    if chart == "skill":
        return [(W("chart_skill", lang), "#1c7ed6")]
    return [(W("chart_backbones", lang), STAGE_COLOURS[2])]


def _width(text: str) -> int:
    """Columns ``text`` takes on screen: a wide (Chinese) character two, any other one."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def year_of(model: DemoModel, month: int | np.ndarray) -> Any:
    """Calendar time (a year with a fraction) at the end of model month ``month``."""
    return model.start_year + (model.run_params.start_month - 1) / 12 + np.asarray(month) / 12


def year_ticks(span: tuple[float, float]) -> list[int]:
    """The years labelled on the time axis: every year the run covers (none past its last), 1, 2 or 5 apart."""
    first, last = int(np.ceil(span[0] - 1e-9)), int(np.ceil(span[1] - 1e-9)) - 1
    years = last - first
    step = 1 if years <= 8 else 2 if years <= 16 else 5
    return list(range(first + (-first) % step if step > 1 else first, last + 1, step)) or [first]


def chart_spec(chart: str, lang: str, span: tuple[float, float], start: float = 0.0) -> dict[str, Any]:
    """The Vega-Lite spec of ``chart`` (one of ``CHARTS``) in ``lang`` over the years ``span``.

    The time axis spans the run and labels only its years (none past the last); the value axis
    is never degenerate before the start (counts from 0 to at least 10, the mean skill at least
    ±0.05 around ``start``); the mentees are dashed over the pool, so a pool line they equal shows.

    Args:
        chart: which chart.
        lang: "zh" or "en".
        span: first and last calendar time of the run (years).
        start: the chart's first value (the mean skill at the start).

    Returns:
        The spec (a plain dict: no Altair validation on the server).
    """
    title = W(TITLES[chart], lang)
    y_title = W("axis_skill", lang) if chart == "skill" else W("axis_people", lang)
    series = _series(chart, lang)
    names = [name for name, _ in series]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"name": "table"},
        "width": "container",
        "height": "container",
        "autosize": {"type": "fit", "contains": "padding"},
        "title": {"text": title, "fontSize": 20, "anchor": "start", "font": FONT},
        "mark": {"type": "line", "strokeWidth": 3, "clip": True},
        "encoding": {
            "x": {
                "field": "x",
                "type": "quantitative",
                "title": W("axis_year", lang),
                "scale": {"domain": [round(span[0], 3), round(span[1], 3)], "nice": False, "zero": False},
                "axis": {"format": "d", "values": year_ticks(span), "labelOverlap": "greedy", "labelSeparation": 8},
            },
            "y": {
                "field": "v",
                "type": "quantitative",
                "title": y_title,
                "scale": {
                    "zero": chart != "skill",
                    "domain": {
                        "unionWith": [round(start - 0.05, 3), round(start + 0.05, 3)] if chart == "skill" else [0, 10]
                    },
                },
                "axis": {"format": ".3f" if chart == "skill" else ",d", "tickCount": 5},
            },
            "strokeDash": {
                "field": "s",
                "type": "nominal",
                "scale": {"domain": names, "range": [[1, 0], [7, 5]] if chart == "pool" else [[1, 0]] * len(names)},
            },
            "color": {
                "field": "s",
                "type": "nominal",
                "title": None,
                "scale": {"domain": names, "range": [c for _, c in series]},
                "legend": {
                    "orient": "top",
                    "columns": 3 if chart == "headcount" and max(map(_width, names)) <= SHORT_NAME else 2,
                    "symbolStrokeWidth": 4,
                },
            },
        },
        "config": {
            "font": FONT,
            "view": {"stroke": None},
            "axis": {"labelFontSize": 16, "titleFontSize": 16, "titleFontWeight": "normal"},
            "legend": {"labelFontSize": 16, "symbolSize": 160, "labelLimit": 400},
        },
    }


def chart_columns(model: DemoModel, chart: str, lang: str) -> dict[str, Any]:
    """The data of ``chart`` so far, as columns: ``{"month", "x": [years], "series": [[name, values]]}``.

    Args:
        model: the session's model.
        chart: which chart.
        lang: "zh" or "en".

    Returns:
        A JSON-ready dict (``chart.vue`` turns it into rows).
    """
    h = model.history
    names = [s for s, _ in _series(chart, lang)]
    if chart == "headcount":
        counts = np.asarray(h["by_stage"], dtype=np.int64)
        values = [counts[:, s].tolist() for s in range(5)]
    elif chart == "pool":
        values = [list(h["pool"]), list(h["mentees"])]
    elif chart == "skill":
        values = [np.round(h["mean_skill"], 4).tolist()]
    else:
        values = [list(h["cum_backbones"])]
    x = np.round(year_of(model, np.asarray(h["month"])), 4).tolist()
    return {"month": model.month, "x": x, "series": [[n, v] for n, v in zip(names, values, strict=True)]}

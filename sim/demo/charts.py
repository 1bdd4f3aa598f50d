"""The demo's live charts as one Vega-Lite spec, drawn by the browser (offline copy of vega)."""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.model.stages import STAGE_CODES, STAGE_COLOURS, STAGES
from sim.output.labels import t


def stats_vegalite(history: dict[str, Any], lang: str = "zh", *, width: int = 170, height: int = 120) -> dict[str, Any]:
    """The four live plots as one Vega-Lite spec (rendered in the browser by vega, offline).

    Built as a plain dict (no Altair validation) so the server's cost per step stays ~1 ms;
    the browser draws it.
    """
    m = [int(x) for x in history["month"]]
    rows = []
    counts = np.asarray(history["by_stage"])
    for s in range(5):
        name = STAGES.label(STAGE_CODES[s], lang)
        rows += [{"p": "a", "m": mm, "v": int(v), "s": name} for mm, v in zip(m, counts[:, s], strict=False)]
    rows += [{"p": "b", "m": mm, "v": int(v), "s": t("pool", lang)} for mm, v in zip(m, history["pool"], strict=False)]
    rows += [
        {"p": "b", "m": mm, "v": int(v), "s": t("mentees", lang)} for mm, v in zip(m, history["mentees"], strict=False)
    ]
    rows += [
        {"p": "c", "m": mm, "v": round(float(v), 4), "s": t("mean_skill", lang)}
        for mm, v in zip(m, history["mean_skill"], strict=False)
    ]
    rows += [
        {"p": "d", "m": mm, "v": int(v), "s": t("cum_backbones", lang)}
        for mm, v in zip(m, history["cum_backbones"], strict=False)
    ]
    domain = [STAGES.label(STAGE_CODES[s], lang) for s in range(5)] + [
        t("pool", lang),
        t("mentees", lang),
        t("mean_skill", lang),
        t("cum_backbones", lang),
    ]
    colours = list(STAGE_COLOURS[:5]) + [STAGE_COLOURS[3], STAGE_COLOURS[0], "#1c7ed6", STAGE_COLOURS[2]]

    legend_values = {"a": domain[:5], "b": domain[5:7]}

    def panel(p: str, title: str, zero: bool = True) -> dict[str, Any]:
        return {
            "title": {"text": title, "fontSize": 12},
            "transform": [{"filter": f"datum.p == '{p}'"}],
            "mark": {"type": "line", "strokeWidth": 1.6},
            "width": width,
            "height": height,
            "encoding": {
                "x": {"field": "m", "type": "quantitative", "title": t("months", lang)},
                "y": {"field": "v", "type": "quantitative", "title": None, "scale": {"zero": zero}},
                "color": {
                    "field": "s",
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": domain, "range": colours},
                    "legend": None
                    if p in "cd"
                    else {"orient": "top-left", "labelFontSize": 9, "symbolSize": 40, "values": legend_values[p]},
                },
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

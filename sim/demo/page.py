"""The workshop demo page (Mesa SolaraViz): the file the Solara server runs.

``cadre-sim demo`` starts ``solara run sim/demo/page.py`` with ``CADRE_DEMO_SCENARIO`` /
``CADRE_DEMO_LANG`` and the offline environment (``sim.demo.assets.offline_env``) set. Each
browser tab is its own Solara session; ``Page`` builds that session's model with
``solara.use_memo`` (never at module level, which would share one model between all tabs), and
SolaraViz's Reset rebuilds it from that tab's controls.
"""

from __future__ import annotations

import os
from typing import Any

import mesa.visualization.solara_viz as sv
import solara
from mesa.visualization import SolaraViz
from mesa.visualization.utils import update_counter

from sim.demo.charts import stats_vegalite
from sim.demo.model import DEMO_MIXES, DemoModel, control_defaults
from sim.demo.server import ENV_LANG, ENV_SCENARIO
from sim.model.matching import RULES
from sim.model.pairing import FORMS
from sim.output.labels import LANGS, cjk_font_setup, t
from sim.output.network import network_figure
from sim.vocab import Vocabulary


def use_wide_layout() -> None:
    """Give the network more room than Mesa's default two equal half-width tiles.

    Mesa 3.5 has no parameter for the initial grid layout; this replaces its
    ``make_initial_grid_layout`` in the demo server process only (tiles stay draggable).
    """
    original = getattr(sv, "_cadre_original_layout", sv.make_initial_grid_layout)

    def layout(num_components: int) -> list[dict[str, Any]]:
        if num_components == 2:
            return [
                {"i": 0, "w": 7, "h": 17, "moved": False, "x": 0, "y": 0},
                {"i": 1, "w": 5, "h": 17, "moved": False, "x": 7, "y": 0},
            ]
        return original(num_components)

    sv._cadre_original_layout = original
    sv.make_initial_grid_layout = layout


cjk_font_setup()
use_wide_layout()
scenario_path = os.environ.get(ENV_SCENARIO) or None
default_lang = os.environ.get(ENV_LANG, "zh") if os.environ.get(ENV_LANG, "zh") in LANGS else "zh"
defaults = control_defaults(scenario_path)
# module-level reactive variables are per browser session (per Solara kernel), not global
lang_var = solara.reactive(default_lang)


def model_params(lang: str) -> dict[str, Any]:
    """SolaraViz's controls, labelled in ``lang``, starting from the scenario's values."""

    def select(vocabulary: Vocabulary[Any], key: str, value: str) -> dict[str, Any]:
        labels = vocabulary.labels(lang)
        return {"type": "Select", "value": labels[value], "values": list(labels.values()), "label": t(key, lang)}

    d = defaults
    return {
        "form": select(FORMS, "p_form", d["form"]),
        "ratio": {"type": "SliderInt", "value": d["ratio"], "min": 1, "max": 8, "step": 1, "label": t("p_ratio", lang)},
        "matching": select(RULES, "p_matching", d["matching"]),
        "method_mix": select(DEMO_MIXES, "p_method", d["method_mix"]),
        "strictness": {
            "type": "SliderFloat",
            "value": d["strictness"],
            "min": 0.0,
            "max": 0.5,
            "step": 0.01,
            "label": t("p_strictness", lang),
        },
        "intake": {
            "type": "SliderInt",
            "value": d["intake"],
            "min": 0,
            "max": max(400, d["intake"]),
            "step": 5,
            "label": t("p_intake", lang),
        },
        "cadres": {
            "type": "SliderInt",
            "value": d["cadres"],
            "min": 50,
            "max": max(2000, d["cadres"]),
            "step": 50,
            "label": t("p_cadres", lang),
        },
        "seed": {"type": "InputText", "value": str(d["seed"]), "label": t("p_seed", lang)},
        "scenario_path": scenario_path,  # fixed (not a control)
    }


@solara.component
def NetworkView(model: DemoModel) -> None:
    """The network picture and the month's figures."""
    update_counter.get()
    lang = lang_var.value
    s = model.status()
    pr = model.params
    settings = " · ".join(
        [
            FORMS.label(FORMS.code_for(pr["form"]), lang),
            f"{t('p_ratio', lang).split('（')[0].split(' (')[0]} {pr['ratio']}",
            RULES.label(RULES.code_for(pr["matching"]), lang),
            DEMO_MIXES.label(DEMO_MIXES.code_for(pr["method_mix"]), lang).split("：")[0].split(":")[0],
            f"{t('p_strictness', lang).split(' (')[0]} {float(pr['strictness']):.2f}",
            f"{t('p_intake', lang).split(' (')[0]} {pr['intake']}",
            f"{t('p_seed', lang)} {pr['seed']}",
        ]
    )
    # plain HTML, not Markdown: solara's Markdown pulls KaTeX, which solara-assets does not ship
    solara.HTML(
        tag="div",
        unsafe_innerHTML=(
            f"<b>{t('month', lang, m=s['month'], y=s['year'])}</b> · "
            f"{t('status', lang, n=s['cadres'], p=s['pairs'], pool=s['pool'])}"
            f"<br><small style='color:#666'>{settings}</small>"
            # machine-readable numbers for the browser test
            f"<span class='cadre-status' style='display:none'>{s['month']} {s['cadres']} {s['pairs']} {s['pool']}</span>"
        ),
        style="padding: 0 8px; font-size: 14px",
    )
    fig = network_figure(model.snapshot(), lang, title=t("network_hint", lang))
    solara.FigureMatplotlib(fig, format="png", dependencies=[id(model), update_counter.value, lang])


@solara.component
def PlotsView(model: DemoModel) -> None:
    """The four live charts."""
    update_counter.get()
    lang = lang_var.value
    # drawn in the browser by vega (offline copy), so the server does not rasterise 4 plots a step
    spec = solara.use_memo(lambda: stats_vegalite(model.history, lang), [id(model), update_counter.value, lang])
    solara.widgets.VegaLite.element(spec=spec, listen_to_click=False, listen_to_hover=False)


@solara.component
def Page() -> None:
    """One browser tab: its own model, the language switch, SolaraViz."""
    # one model per browser session, built once per session (not at import time)
    model = solara.use_memo(
        lambda: DemoModel(
            **{k: v["value"] if isinstance(v, dict) else v for k, v in model_params(lang_var.value).items()}
        ),
        [],
    )
    lang = lang_var.value
    with solara.AppBar():
        names = {"zh": "中文", "en": "EN"}
        solara.ToggleButtonsSingle(
            value=names[lang],
            values=list(names.values()),
            on_value=lambda v: lang_var.set({b: a for a, b in names.items()}[v]),
        )
    SolaraViz(
        model,
        components=[(NetworkView, 0), (PlotsView, 0)],
        model_params=model_params(lang),
        name=t("title", lang),
        play_interval=150,
    )

"""The workshop demo page: the file the Solara server runs (``solara run sim/demo/page.py``).

``cadre-sim demo`` starts it with ``CADRE_DEMO_SCENARIO`` / ``CADRE_DEMO_LANG`` and the offline
environment (``sim.demo.assets.offline_env``) set. Each browser tab is its own Solara session;
``Page`` builds that tab's :class:`~sim.demo.session.Session` (and model) with
``solara.use_memo``, never at module level, which would share one model between all tabs.

The page is a Solara page on the Mesa model (``DemoModel``), not Mesa's ``SolaraViz``: SolaraViz
has fixed English controls ("Controls", "Play Interval (ms)", "Use Threads", "PAGE 0",
"Time: 0.0") and draws with whole pictures; here every control speaks the page's language and
the network and charts are drawn by the browser and updated in place.
"""

from __future__ import annotations

import asyncio
import os
import time

import solara
import solara.lab

from sim.demo.controls import RunControls, SettingsControls
from sim.demo.server import ENV_LANG, ENV_SCENARIO
from sim.demo.session import Session, new_session
from sim.demo.views import ChartsView, NetworkView, StatusBar
from sim.words import LANGS, Book

W = Book("demo")
LANG_NAMES = {lang: W("lang_name", lang) for lang in LANGS}  # each language named in itself

CSS = """
.cadre-demo { font-size: 18px; width: 100%; }
.cadre-bar { border-bottom: 3px solid #1d3557; padding: 6px 16px; align-items: center; min-height: 56px; }
.cadre-title { font-size: 24px; font-weight: bold; flex: 1 1 auto; color: #1d3557; }
.cadre-body { align-items: stretch; flex-wrap: nowrap !important; }
.cadre-side { flex: 0 0 350px; width: 350px; height: calc(100vh - 64px); overflow-y: auto; padding: 8px; }
.cadre-main { flex: 1 1 auto; min-width: 0; padding: 8px 12px; height: calc(100vh - 64px); overflow-y: auto; }
.cadre-card { margin-bottom: 10px; }
.cadre-demo .v-card__title { font-size: 20px; padding: 10px 12px 4px 12px; }
.cadre-buttons { gap: 8px; flex-wrap: wrap; margin-bottom: 8px; }
.cadre-wide { width: 100%; margin-bottom: 8px; height: auto !important; min-height: 36px; padding: 6px 8px !important; }
.cadre-demo .v-btn, .cadre-demo .v-btn__content { white-space: normal !important; line-height: 1.25; }
.cadre-demo .v-btn__content { flex: 1 1 auto; max-width: 100%; }
.cadre-jump { align-items: center; gap: 8px; flex-wrap: nowrap; }
.cadre-slider { margin-top: 6px; }
.cadre-label { font-size: 16px; margin-top: 8px; color: #343a40; }
.cadre-demo .v-select .v-input__slot, .cadre-demo .v-text-field .v-input__slot { margin-bottom: 2px; }
.cadre-demo .v-text-field { margin-top: 0; padding-top: 0; }
.cadre-slider-label { font-size: 16px; line-height: 1.3; }
.cadre-value { margin-left: 4px; color: #1d3557; }
.cadre-slider .v-input__slider, .cadre-slider .v-slider { width: 100%; }
.cadre-pending { color: #c92a2a; font-size: 16px; margin-bottom: 6px; }
.cadre-statusline { font-size: 20px; margin-bottom: 4px; }
.cadre-banner { font-size: 18px; padding: 8px 12px; border-radius: 4px; margin: 4px 0; }
.cadre-note { background: #e7f5ff; border-left: 6px solid #1c7ed6; }
.cadre-error { background: #fff5f5; border-left: 6px solid #c92a2a; color: #c92a2a; font-weight: bold; }
.cadre-end { background: #fff3bf; border-left: 6px solid #f08c00; font-weight: bold; font-size: 20px; }
.cadre-net-box { height: 52vh; min-height: 320px; width: 100%; }
.cadre-charts { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 12px; margin-top: 8px; }
@media (min-width: 1800px) { .cadre-charts { grid-template-columns: repeat(4, minmax(0, 1fr)); } }
.cadre-chart-box { height: 30vh; min-height: 260px; min-width: 0; }
.cadre-demo .v-btn { font-size: 16px !important; text-transform: none !important; letter-spacing: normal !important; }
.cadre-demo .v-label, .cadre-demo input, .cadre-demo .v-select__selection,
.cadre-demo .v-messages__message, .cadre-demo .v-input { font-size: 16px !important; }
.cadre-demo .v-messages__message { line-height: 1.3; }
.v-menu__content .v-list-item__title { font-size: 16px !important; }
"""


def _start() -> tuple[str | None, str]:
    scenario_path = os.environ.get(ENV_SCENARIO) or None
    lang = os.environ.get(ENV_LANG, "zh")
    return scenario_path, lang if lang in LANGS else "zh"


@solara.component
def Player(session: Session) -> None:
    """Play: a month at a time at the chosen speed until paused or the run ends."""

    async def play() -> None:
        while session.playing.value and not session.model.value.finished:
            t0 = time.perf_counter()
            session.step()
            await asyncio.sleep(max(0.01, 1 / max(session.speed.value, 1) - (time.perf_counter() - t0)))
        if session.playing.value:
            session.playing.value = False

    solara.lab.use_task(play, dependencies=[session.playing.value, id(session.model.value)])


@solara.component
def Page() -> None:
    """One browser tab: its own session and model, the language switch, controls, network and charts."""
    session = solara.use_memo(lambda: new_session(*_start()), [])
    lang = session.lang.value
    solara.Title(W("title", lang))
    solara.Style(CSS)
    Player(session)
    with solara.Column(classes=["cadre-demo"], gap="0px"):
        with solara.Row(classes=["cadre-bar"]):
            solara.HTML(tag="div", unsafe_innerHTML=W("title", lang), classes=["cadre-title"])
            solara.ToggleButtonsSingle(
                value=LANG_NAMES[lang],
                values=list(LANG_NAMES.values()),
                on_value=lambda v: session.lang.set({b: a for a, b in LANG_NAMES.items()}[v]),
            )
        with solara.Row(classes=["cadre-body"], gap="0px"):
            with solara.Column(classes=["cadre-side"], gap="0px"):
                RunControls(session)
                SettingsControls(session)
            with solara.Column(classes=["cadre-main"], gap="0px"):
                StatusBar(session)
                NetworkView(session)
                ChartsView(session)

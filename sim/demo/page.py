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
import secrets
import time
from urllib.parse import parse_qs

import solara
import solara.lab

from sim.demo.controls import RunControls, SettingsControls
from sim.demo.server import ENV_LANG, ENV_SCENARIO
from sim.demo.session import Session, new_session
from sim.demo.views import BigNumbers, ChartsView, NetworkView, PresenterKeys, StatusBar, StoryBar
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
.cadre-net-row { flex-wrap: nowrap !important; align-items: stretch; width: 100%; }
.cadre-net-box { height: 52vh; min-height: 320px; width: 100%; flex: 1 1 auto; min-width: 0; }
.cadre-tree { flex: 0 0 30%; max-width: 30%; height: 52vh; min-height: 320px; overflow: auto; border-left: 3px solid #dee2e6; padding-left: 8px; }
.cadre-tree-title { font-size: 20px; font-weight: bold; color: #1d3557; }
.cadre-tree-caption { font-size: 16px; color: #343a40; margin: 2px 0 4px 0; }
.cadre-tree-svg { width: 100%; height: auto; max-height: calc(100% - 90px); }
.cadre-charts { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 12px; margin-top: 8px; }
@media (min-width: 1800px) { .cadre-charts { grid-template-columns: repeat(4, minmax(0, 1fr)); } }
.cadre-chart-box { height: 30vh; min-height: 260px; min-width: 0; }
.cadre-demo .v-btn { font-size: 16px !important; text-transform: none !important; letter-spacing: normal !important; }
.cadre-demo .v-label, .cadre-demo input, .cadre-demo .v-select__selection,
.cadre-demo .v-messages__message, .cadre-demo .v-input { font-size: 16px !important; }
.cadre-demo .v-messages__message { line-height: 1.3; }
.v-menu__content .v-list-item__title { font-size: 16px !important; }
.cadre-big { display: flex; gap: 12px; margin: 4px 0 6px 0; }
.cadre-big-cell { flex: 1 1 0; background: #f1f3f5; border-radius: 6px; padding: 4px 10px; min-width: 0; }
.cadre-big-value { font-size: 30px; font-weight: bold; color: #1d3557; line-height: 1.15; }
.cadre-big-unit { font-size: 18px; font-weight: normal; margin-left: 4px; color: #495057; }
.cadre-big-name { font-size: 16px; color: #495057; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.cadre-big-twin .cadre-big { margin: 0 0 4px 0; }
.cadre-twin-name { font-size: 18px; font-weight: bold; color: #1d3557; margin-top: 2px; }
.cadre-twin-diff { font-size: 20px; font-weight: bold; color: #c92a2a; margin: 2px 0 4px 0; }
.cadre-present .cadre-twin-name { font-size: 2.8vh; }
.cadre-present .cadre-twin-diff { font-size: 3vh; }
.cadre-story-bar { align-items: center; gap: 12px; flex-wrap: wrap; margin: 2px 0; }
.cadre-story-count, .cadre-story-keys { font-size: 16px; color: #495057; }
.cadre-story { font-size: 22px; padding: 8px 12px; border-radius: 4px; margin: 4px 0; font-weight: bold; }
.cadre-story-ok { background: #fff3bf; border-left: 8px solid #f08c00; color: #212529; }
/* the presentation layout: no sidebar, no charts, large type, the network fills the rest of the screen */
.cadre-present .cadre-side, .cadre-present .cadre-charts, .cadre-present .cadre-statusline { display: none !important; }
.cadre-present .cadre-bar { min-height: 0; padding: 0.6vh 1.2vw; }
.cadre-present .cadre-title { font-size: 3.6vh; }
.cadre-present .cadre-present-button { font-size: 3vh; }
.cadre-present .cadre-main { height: calc(100vh - 7.5vh); overflow: hidden; display: flex; flex-direction: column; padding: 0.6vh 1vw; }
.cadre-present .cadre-big-value { font-size: 6vh; }
.cadre-present .cadre-big-unit { font-size: 3vh; }
.cadre-present .cadre-big-name { font-size: 3vh; }
.cadre-present .cadre-story { font-size: 3.4vh; padding: 0.8vh 1vw; }
.cadre-present .cadre-story-count, .cadre-present .cadre-story-keys { font-size: 3vh; }
.cadre-present .cadre-story-bar .v-btn { font-size: 3vh !important; height: 5vh !important; }
.cadre-present .cadre-banner { font-size: 3vh; }
.cadre-present .cadre-net-row { flex: 1 1 auto; min-height: 0; }
.cadre-present .cadre-net-box { flex: 1 1 auto; height: auto; min-height: 0; }
.cadre-present .cadre-tree { height: auto; min-height: 0; flex-basis: 26%; }
.cadre-present .cadre-tree-title { font-size: 3vh; }
.cadre-present .cadre-tree-caption { font-size: 2.6vh; }
.cadre-present .cadre-net { min-height: 0; }
"""


def _navigator_without_warning() -> None:
    """Solara's router widget says ``modules.export =``: the browser warns on every load, then falls back.

    The server uses a copy saying ``module.exports =`` (same script otherwise), so the console stays clean.
    """
    import tempfile
    from pathlib import Path

    from solara.widgets import widgets

    original = Path(widgets.Navigator.template_file)
    text = original.read_text(encoding="utf-8")
    if "modules.export =" not in text:
        return
    fixed = Path(tempfile.gettempdir()) / f"cadre-demo-navigator-{os.getuid() if hasattr(os, 'getuid') else 0}.vue"
    fixed_text = text.replace("modules.export =", "module.exports =", 1)
    if not fixed.exists() or fixed.read_text(encoding="utf-8") != fixed_text:
        fixed.write_text(fixed_text, encoding="utf-8")
    widgets.Navigator.template_file = str(fixed)


_navigator_without_warning()


def _start() -> tuple[str | None, str]:
    scenario_path = os.environ.get(ENV_SCENARIO) or None
    lang = os.environ.get(ENV_LANG, "zh")
    return scenario_path, lang if lang in LANGS else "zh"


MIN_PAUSE = 0.03  # seconds Play leaves the page between two months at least: a click (Pause) is heard at once
DRAW_WAIT = 2.0  # seconds Play waits at most for the browser to draw a month before the next


@solara.component
def Player(session: Session) -> None:
    """Play: a month at a time at the chosen speed until paused or the run ends."""

    async def play() -> None:
        t0 = time.perf_counter()
        while session.play_step():
            t0 += 1 / max(session.speed.value, 1)  # a steady beat: a slow month is made up by the next
            t0 = max(t0, time.perf_counter() - 0.5)
            await asyncio.sleep(max(MIN_PAUSE, t0 - time.perf_counter()))
            waited = time.perf_counter()  # never ahead of the picture: the browser has drawn this month
            while session.drawn < session.model.value.month and time.perf_counter() - waited < DRAW_WAIT:
                await asyncio.sleep(0.01)
        if session.playing.value:
            session.pause()

    solara.lab.use_task(play, dependencies=[session.playing.value, id(session.model.value)])


@solara.component
def Page() -> None:
    """One browser tab: its own session and model, the language switch, controls, network and charts."""
    router = solara.use_router()
    asked = parse_qs(router.search or "").get("run", [""])[0]
    fresh = solara.use_memo(lambda: secrets.token_hex(6), [])
    # the address's run (a reload), else a new one; the address may arrive after the first drawing
    token = asked if asked.isalnum() and len(asked) <= 32 else fresh
    session = solara.use_memo(lambda: new_session(*_start(), token=token), [token])
    lang = session.lang.value
    solara.Title(W("title", lang))
    solara.Style(CSS)
    Player(session)
    present = session.present.value
    with solara.Column(classes=["cadre-demo", *(["cadre-present"] if present else [])], gap="0px"):
        with solara.Row(classes=["cadre-bar"]):
            solara.HTML(tag="div", unsafe_innerHTML=W("title", lang), classes=["cadre-title"])
            PresenterKeys(label=W("present_leave" if present else "present", lang), present=present,
                          token=token, event_key=session.on_key)  # fmt: skip
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
                BigNumbers(session)
                StoryBar(session)
                NetworkView(session)
                ChartsView(session)

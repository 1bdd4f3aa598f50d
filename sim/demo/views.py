"""The main area of the page: the status line, messages, the network canvas and the four charts.

The network (``network.vue``) and the charts (``chart.vue``) are browser-side components: the
server sends numbers each month and the browser redraws in place, at the size of the window.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import solara

from sim.demo.charts import CHARTS, chart_columns, chart_spec, year_of
from sim.demo.netview import network_payload
from sim.demo.session import Session
from sim.model.calendar import date_of
from sim.words import Book

W = Book("demo")
PICTURES = Book("pictures")  # the counts line, as on the GIF's frames
ERRORS = ("bad_build", "bad_step")  # messages shown as errors (red), not notes


@solara.component_vue("network.vue", vuetify=False)
def NetworkCanvas(net: dict[str, Any], event_pick: Callable[[Any], None] | None = None) -> None:
    """The network on a canvas (``network.vue``); ``event_pick`` gets the clicked cadre (-1: none)."""


@solara.component_vue("chart.vue", vuetify=False)
def VegaChart(spec: dict[str, Any], columns: dict[str, Any]) -> None:
    """One Vega-Lite chart whose data is replaced in place (``chart.vue``)."""


def _banner(text: str, kind: str) -> None:
    solara.HTML(tag="div", unsafe_innerHTML=html.escape(text), classes=["cadre-banner", f"cadre-{kind}"])


@solara.component
def StatusBar(session: Session) -> None:
    """Where the run is (calendar month, counts), what just happened, and the end-of-run message."""
    session.tick.value  # noqa: B018 - redraw every month
    lang, m = session.lang.value, session.model.value
    s = m.status()
    if s["month"] == 0:
        when = W("when0", lang, y=s["year"], m=s["month_of_year"])
    else:
        when = W("when", lang, y=s["year"], m=s["month_of_year"], k=s["month"])
    counts = PICTURES("status", lang, n=f"{s['cadres']:,}", p=f"{s['pairs']:,}", pool=f"{s['pool']:,}")
    solara.HTML(
        tag="div",
        unsafe_innerHTML=(
            f"<b>{html.escape(when)}</b> · {html.escape(counts)}"
            # machine-readable numbers for the browser test
            f"<span class='cadre-status' style='display:none'>"
            f"{s['month']} {s['cadres']} {s['pairs']} {s['pool']} {int(m.finished)}</span>"
        ),
        classes=["cadre-statusline"],
    )
    if session.message.value:
        key, values = session.message.value
        _banner(W(key, lang, **values), "error" if key in ERRORS else "note")
    if m.finished:
        (a, am), (b, bm) = date_of(m.run_params, 1), date_of(m.run_params, m.end_month)
        _banner(W("finished", lang, a=a, am=am, b=b, bm=bm, n=m.end_month), "end")


@solara.component
def NetworkView(session: Session) -> None:
    """The mentoring network, redrawn in place each month; a click lights up a line."""
    session.tick.value  # noqa: B018 - redraw every month
    net = network_payload(session.model.value, session.lang.value, session.selected.value)
    with solara.Div(classes=["cadre-net-box"]):
        NetworkCanvas(net=net, event_pick=session.pick)


@solara.component
def ChartsView(session: Session) -> None:
    """The four live charts, side by side on a wide screen, two by two on a narrow one."""
    session.tick.value  # noqa: B018 - redraw every month
    lang, m = session.lang.value, session.model.value
    span = (float(year_of(m, 0)), float(year_of(m, m.end_month)))
    specs = solara.use_memo(lambda: {c: chart_spec(c, lang, span) for c in CHARTS}, [lang, span])
    with solara.Div(classes=["cadre-charts"]):
        for chart in CHARTS:
            with solara.Div(classes=["cadre-chart-box"]):
                VegaChart(spec=specs[chart], columns=chart_columns(m, chart, lang))

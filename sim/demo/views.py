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
from sim.demo.session import Session, worded
from sim.demo.story import CHAPTERS, big_numbers
from sim.demo.tree import tree_svg
from sim.demo.twin import difference, settings_said
from sim.model.calendar import date_of
from sim.words import Book

W = Book("demo")
PICTURES = Book("pictures")  # the counts line, as on the GIF's frames
ERRORS = ("bad_build", "bad_step")  # messages shown as errors (red), not notes


@solara.component_vue("network.vue", vuetify=False)
def NetworkCanvas(
    net: dict[str, Any],
    event_pick: Callable[[Any], None] | None = None,
    event_drawn: Callable[[Any], None] | None = None,
) -> None:
    """The network on a canvas (``network.vue``).

    ``event_pick`` gets the clicked cadre (-1: none), ``event_drawn`` the month the browser has just drawn.
    """


@solara.component_vue("chart.vue", vuetify=False)
def VegaChart(spec: dict[str, Any], columns: dict[str, Any]) -> None:
    """One Vega-Lite chart whose data is replaced in place (``chart.vue``)."""


@solara.component_vue("keys.vue", vuetify=False)
def PresenterKeys(label: str, present: bool, token: str, event_key: Callable[[Any], None] | None = None) -> None:
    """The presenter's keys and the presentation switch (``keys.vue``); ``event_key`` gets what was asked.

    ``token`` names the tab's run: the component writes it into the tab's address (``?run=``), so a
    reload (F5) finds the run again.
    """


def _banner(text: str, kind: str) -> None:
    solara.HTML(tag="div", unsafe_innerHTML=html.escape(text), classes=["cadre-banner", f"cadre-{kind}"])


@solara.component
def StatusBar(session: Session) -> None:
    """Where the run is (calendar month, counts), what just happened, and the end-of-run message."""
    session.tick.value  # noqa: B018 - redraw every month
    lang, m = session.lang.value, session.model.value
    with session.lock:  # Play steps the model in another thread: read it whole, between two months
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
    if session.message.value and session.chapter.value < 0:
        key, values = session.message.value
        _banner(W(key, lang, **worded(values, lang)), "error" if key in ERRORS else "note")
    if m.finished:
        (a, am), (b, bm) = date_of(m.run_params, 1), date_of(m.run_params, m.end_month)
        _banner(W("finished", lang, a=a, am=am, b=b, bm=bm, n=m.end_month), "end")


@solara.component
def NetworkView(session: Session) -> None:
    """The mentoring network, redrawn in place each month; a click lights up a line."""
    session.tick.value  # noqa: B018 - redraw every month
    with session.lock:  # between two months (Play steps in another thread)
        net = network_payload(
            session.model.value, session.lang.value, session.selected.value, marks=session.marks.value
        )
        selected = session.selected.value
        tree = None
        if selected is not None and 0 <= selected < session.model.value.core.pop.n:
            tree = tree_svg(session.model.value, selected, session.lang.value, session.marks.value)
    net["present"] = session.present.value
    if session.present.value:  # the page's title says what it is; the story's sentence says what is lit
        net["title"] = ""
        if session.chapter.value >= 0:
            net["info"] = net["hint"] = ""
    with solara.Row(classes=["cadre-net-row"], gap="8px"):
        with solara.Div(classes=["cadre-net-box"]):
            NetworkCanvas(net=net, event_pick=session.pick, event_drawn=session.shown)
        if tree is not None:
            svg, caption = tree
            solara.HTML(
                tag="div",
                unsafe_innerHTML=f"<div class='cadre-tree-title'>{html.escape(W('tree_title', session.lang.value))}</div>"
                f"<div class='cadre-tree-caption'>{html.escape(caption)}</div>{svg}",
                classes=["cadre-tree"],
                attributes={"data-cadre": str(selected)},
            )


@solara.component
def ChartsView(session: Session) -> None:
    """The four live charts, side by side on a wide screen, two by two on a narrow one."""
    session.tick.value  # noqa: B018 - redraw every month
    lang, m = session.lang.value, session.model.value
    span = (float(year_of(m, 0)), float(year_of(m, m.end_month)))
    start = float(m.history["mean_skill"][0])
    specs = solara.use_memo(lambda: {c: chart_spec(c, lang, span, start) for c in CHARTS}, [lang, span, start])
    with solara.Div(classes=["cadre-charts"]):
        for chart in CHARTS:
            with solara.Div(classes=["cadre-chart-box"]):
                with session.lock:  # between two months
                    columns = chart_columns(m, chart, lang)
                VegaChart(spec=specs[chart], columns=columns)


BIG = (("pairs", "big_pairs", "big_pairs_unit"), ("backbones", "big_backbones", "big_people_unit"),
       ("depth", "big_depth", "big_depth_unit"), ("made", "big_made", "big_made_unit"))  # fmt: skip


def _cells(numbers: dict[str, str], lang: str) -> str:
    return "".join(
        f"<div class='cadre-big-cell' data-big='{name}'><div class='cadre-big-value'>{html.escape(numbers[name])}"
        f"<span class='cadre-big-unit'>{html.escape(W(unit, lang))}</span></div>"
        f"<div class='cadre-big-name'>{html.escape(W(word, lang))}</div></div>"
        for name, word, unit in BIG
    )


@solara.component
def BigNumbers(session: Session) -> None:
    """结对、骨干、传承最深代数、每名导师带出导师: four numbers, live, in the run's units.

    With a second policy running beside (``Session.twin``): both rows, each with what it runs with,
    and the difference in one sentence.
    """
    session.tick.value  # noqa: B018 - redraw every month
    lang, m, twin = session.lang.value, session.model.value, session.twin.value
    with session.lock:  # between two months
        numbers = {id(x): big_numbers(x) for x in (m, twin) if x is not None}
        diff = difference(m, twin, lang) if twin is not None else ""
    if twin is None:
        solara.HTML(tag="div", unsafe_innerHTML=_cells(numbers[id(m)], lang), classes=["cadre-big"])
        return
    for name, model, other in (("twin_a", m, twin), ("twin_b", twin, m)):
        said = settings_said(model.params, other.params, lang) or W("twin_same", lang)
        head = f"<div class='cadre-twin-name'>{html.escape(W(name, lang, s=said))}</div>"
        cells = f"<div class='cadre-big'>{_cells(numbers[id(model)], lang)}</div>"
        solara.HTML(
            tag="div", unsafe_innerHTML=head + cells, classes=["cadre-big-twin"], attributes={"data-twin": name}
        )
    solara.HTML(tag="div", unsafe_innerHTML=html.escape(diff), classes=["cadre-twin-diff"])


@solara.component
def StoryBar(session: Session) -> None:
    """The guided story: its button, the chapter on screen and its one sentence (large)."""
    session.tick.value  # noqa: B018 - the sentence follows the run
    lang, k = session.lang.value, session.chapter.value
    with solara.Row(classes=["cadre-story-bar"]):
        solara.Button(
            W("story_start" if k < 0 else "story_next", lang),
            on_click=session.next_chapter,
            color="primary",
            classes=["cadre-story-next"],
        )
        if k >= 0:
            solara.HTML(tag="span", unsafe_innerHTML=W("story_chapter", lang, k=k + 1, n=len(CHAPTERS)),
                        classes=["cadre-story-count"])  # fmt: skip
            solara.Button(W("story_stop_button", lang), on_click=session.stop_story, text=True,
                          classes=["cadre-story-end"])  # fmt: skip
        else:
            solara.HTML(tag="span", unsafe_innerHTML=W("story_keys", lang), classes=["cadre-story-keys"])
    if k >= 0 and session.message.value:
        key, values = session.message.value
        solara.HTML(
            tag="div",
            unsafe_innerHTML=html.escape(W(key, lang, **worded(values, lang))),
            classes=["cadre-story", "cadre-error" if key in ERRORS else "cadre-story-ok"],
            attributes={"data-chapter": str(k), "data-key": key},
        )

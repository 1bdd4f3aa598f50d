"""The sidebar: run buttons (Play, Step, fast-forward, jump to a year) and the settings Reset uses.

Every control is labelled in the page's language and shows its value in its label (large
type, above a full-width track). Selects offer labels; the session stores codes.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import solara

from sim.demo.model import DEMO_MIXES, ratio_range
from sim.demo.session import Session
from sim.model.calendar import date_of
from sim.model.matching import RULES
from sim.model.pairing import FORMS
from sim.vocab import Vocabulary
from sim.words import Book

W = Book("demo")


def _slider(
    label: str, value: float, on_value: Callable[[Any], None], lo: float, hi: float, step: float, shown: str
) -> None:
    with solara.Div(classes=["cadre-slider"]):
        solara.HTML(
            tag="div",
            unsafe_innerHTML=f"{html.escape(label)}<b class='cadre-value'>{html.escape(shown)}</b>",
            classes=["cadre-slider-label"],
        )
        if isinstance(step, int) and isinstance(lo, int):
            solara.SliderInt(
                "", value=int(value), on_value=on_value, min=int(lo), max=int(hi), step=int(step), thumb_label=False
            )
        else:
            solara.SliderFloat("", value=float(value), on_value=on_value, min=lo, max=hi, step=step, thumb_label=False)


def on_grid(value: float, lo: float, step: float) -> float:
    """``step``, or a finer one when ``value`` is not on its grid from ``lo``.

    A slider snaps its value to its grid when drawn, and the page would then run another county than
    the scenario's (3,874 cadres on a grid of 50 become 3,850): the scenario's own value stays exact.
    """
    for s in (step, step / 2, step / 5, step / 10, step / 50, step / 100):
        n = (value - lo) / s
        if abs(n - round(n)) < 1e-9:
            return int(s) if isinstance(step, int) and float(s).is_integer() else s
    return 1 if isinstance(step, int) else step / 1000


def _setter(session: Session, name: str) -> Callable[[Any], None]:
    """The slider's callback: set the whole-number control ``name``."""
    return lambda v: session.set(name, int(v))


def _label(text: str) -> None:
    solara.HTML(tag="div", unsafe_innerHTML=html.escape(text), classes=["cadre-label"])


def _select(session: Session, name: str, vocabulary: Vocabulary[Any], key: str) -> None:
    lang = session.lang.value
    labels = vocabulary.labels(lang)
    _label(W(key, lang))
    solara.Select(
        label="",
        values=list(labels.values()),
        value=labels[session.settings.value[name]],
        on_value=lambda text: session.set(name, vocabulary.code_for(text)),
        classes=["cadre-select"],
    )


@solara.component
def RunControls(session: Session) -> None:
    """Play / Pause, Step, one year on, fast-forward to an apprentice becoming a teacher, jump to a year."""
    session.tick.value  # noqa: B018 - the buttons follow the run (disabled at its end)
    lang, m = session.lang.value, session.model.value
    playing, done = session.playing.value, m.finished
    with solara.Card(W("run", lang), classes=["cadre-card"]):
        with solara.Row(classes=["cadre-buttons"]):
            solara.Button(
                W("pause" if playing else "play", lang),
                on_click=session.pause if playing else session.play,
                color="primary",
                disabled=done,
                classes=["cadre-play"],
            )
            solara.Button(
                W("step", lang),
                on_click=session.step,
                color="primary",
                disabled=playing or done,
                classes=["cadre-step"],
            )
        with solara.Row(classes=["cadre-buttons"]):
            solara.Button(
                W("plus_year", lang),
                on_click=session.plus_year,
                disabled=playing or done,
                outlined=True,
                classes=["cadre-plus-year"],
            )
            if session.selected.value is not None:
                solara.Button(
                    W("clear", lang),
                    on_click=lambda: session.light(None),
                    outlined=True,
                    classes=["cadre-clear"],
                )
        solara.Button(
            W("teacher", lang),
            on_click=session.teacher,
            disabled=done,
            outlined=True,
            classes=["cadre-wide", "cadre-teacher"],
        )
        first, last = m.start_year, date_of(m.run_params, m.end_month)[0]
        _label(W("jump_year", lang, a=first, b=last))
        with solara.Row(classes=["cadre-jump"]):
            solara.InputText(
                "",
                value=session.year_text.value,
                on_value=session.year_text.set,
                error=W(session.year_error.value[0], lang, **session.year_error.value[1])
                if session.year_error.value
                else False,
                continuous_update=True,
                classes=["cadre-year"],
            )
            solara.Button(W("jump", lang), on_click=session.jump, color="primary", disabled=done, classes=["cadre-go"])
        _slider(
            W("speed_name", lang),
            session.speed.value,
            session.speed.set,
            1,
            12,
            1,
            W("speed_value", lang, n=session.speed.value)
            if session.rate.value is None or session.rate.value >= 0.9 * session.speed.value
            else W("speed_played", lang, n=session.speed.value, r=f"{session.rate.value:.1f}"),
        )


@solara.component
def SettingsControls(session: Session) -> None:
    """The settings Reset rebuilds the model with; a note when they differ from the running model."""
    session.tick.value  # noqa: B018 - the pending note compares with the model after each Reset
    lang, st = session.lang.value, session.settings.value
    with solara.Card(W("settings", lang), classes=["cadre-card"]):
        solara.Button(W("reset", lang), on_click=session.reset, color="primary", classes=["cadre-wide", "cadre-reset"])
        if session.twin.value is not None:
            solara.Button(
                W("twin_stop", lang),
                on_click=session.stop_twin,
                outlined=True,
                classes=["cadre-wide", "cadre-twin-stop"],
            )
        elif session.pending():
            solara.HTML(tag="div", unsafe_innerHTML=W("pending", lang), classes=["cadre-pending"])
            solara.Button(
                W("twin_start", lang),
                on_click=session.start_twin,
                outlined=True,
                classes=["cadre-wide", "cadre-twin-start"],
            )
        _select(session, "form", FORMS, "p_form")
        for which, key in (("mentees", "p_mentees"), ("mentors", "p_mentors")):
            lo, hi = ratio_range(st["form"], which)
            if lo < hi:  # a ratio the form fixes (one-to-one: 1 and 1) has no slider
                _slider(W(key, lang), st[which], _setter(session, which), lo, hi, 1, str(st[which]))
        _select(session, "matching", RULES, "p_matching")
        _select(session, "method_mix", DEMO_MIXES, "p_method")
        _slider(
            W("p_strictness", lang),
            st["strictness"],
            lambda v: session.set("strictness", round(float(v), 4)),
            0.0,
            0.5,
            on_grid(float(st["strictness"]), 0.0, 0.01),
            f"{float(st['strictness']):.0%}",
        )
        hi_intake, hi_cadres = session.limits["intake"], session.limits["cadres"]
        _slider(
            W("p_intake", lang),
            st["intake"],
            lambda v: session.set("intake", int(v)),
            0,
            hi_intake,
            1,
            f"{int(st['intake']):,}",
        )
        _slider(
            W("p_cadres", lang),
            st["cadres"],
            lambda v: session.set("cadres", int(v)),
            50,
            hi_cadres,
            on_grid(int(st["cadres"]), 50, 50),
            f"{int(st['cadres']):,}",
        )
        _label(W("p_seed", lang))
        solara.InputText(
            "",
            value=session.seed_text.value,
            on_value=session.seed_text.set,
            error=session.seed_message() or False,
            continuous_update=True,
            classes=["cadre-seed"],
        )

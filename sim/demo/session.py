"""One browser tab's state and what its buttons do.

``Page`` (``sim.demo.page``) makes one :class:`Session` per tab with ``solara.use_memo``: its
model, the control values waiting for Reset, the language, the lit cadre, play and messages.
Every action checks its input and puts a message on the page instead of raising: a bad seed or
year is said under its field, a model that cannot be built or a failed step above the picture.
Model changes go through one lock, so a click during Play cannot step the model twice at once.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import solara

from sim.demo.model import DemoModel, base_scenario, control_defaults, fit_ratio, parse_seed, scaled_intake
from sim.model.calendar import date_of, step_of
from sim.words import Book

Note = tuple[str, dict[str, Any]]  # a message: a key of the demo's words (sim/words/demo.toml) and its values

SETTINGS = ("form", "mentees", "mentors", "matching", "method_mix", "strictness", "intake", "cadres")


@dataclass
class Session:
    """The reactive state of one tab; build with :func:`new_session`.

    Attributes:
        scenario_path: the scenario file the controls start from (None: built-in demo settings).
        lang: the page's language.
        model: the tab's model (rebuilt by Reset).
        tick: bumped after every change of the model (the views redraw on it).
        settings: control values (codes) that Reset will use.
        seed_text: the seed field as typed (its message: :meth:`seed_message`).
        year_text: the jump-to-year field; year_error: its message (None when fine).
        playing: Play is on; speed: months a second while playing.
        limits: the largest initial cadres and intake the sliders offer.
        selected: the cadre whose line is lit (None: nothing lit).
        message: a note above the picture (what a fast-forward found, or an error).

    Messages are kept as (word key, values) and worded when drawn, so they follow the language.
    """

    scenario_path: str | None
    lang: solara.Reactive[str]
    model: solara.Reactive[DemoModel]
    tick: solara.Reactive[int] = field(default_factory=lambda: solara.reactive(0))
    settings: solara.Reactive[dict[str, Any]] = field(default_factory=lambda: solara.reactive({}))
    seed_text: solara.Reactive[str] = field(default_factory=lambda: solara.reactive(""))
    year_text: solara.Reactive[str] = field(default_factory=lambda: solara.reactive(""))
    year_error: solara.Reactive[Note | None] = field(default_factory=lambda: solara.reactive(None))
    playing: solara.Reactive[bool] = field(default_factory=lambda: solara.reactive(False))
    speed: solara.Reactive[int] = field(default_factory=lambda: solara.reactive(4))
    selected: solara.Reactive[int | None] = field(default_factory=lambda: solara.reactive(None))
    message: solara.Reactive[Note | None] = field(default_factory=lambda: solara.reactive(None))
    limits: dict[str, int] = field(default_factory=lambda: {"intake": 400, "cadres": 3000})
    lock: threading.RLock = field(default_factory=threading.RLock)

    # --- the controls -------------------------------------------------------------------
    def set(self, name: str, value: Any) -> None:
        """Change one control; a new form moves the ratios into its range, new initial cadres scale the intake."""
        new = {**self.settings.value, name: value}
        if name == "form":
            new["mentees"] = fit_ratio(str(value), "mentees", new["mentees"])
            new["mentors"] = fit_ratio(str(value), "mentors", new["mentors"])
        if name == "cadres":
            new["intake"] = scaled_intake(base_scenario(self.scenario_path), int(value))
        self.settings.value = new

    def seed_message(self) -> str:
        """What is wrong with the seed field ("" when it is a valid seed)."""
        text = self.seed_text.value
        try:
            parse_seed(text)
        except ValueError:
            return Book("demo")("bad_seed", self.lang.value, v=str(text)[:40])
        return ""

    def pending(self) -> bool:
        """True when the controls differ from the running model's settings."""
        p = self.model.value.params
        changed = any(self.settings.value[k] != p[k] for k in SETTINGS)
        try:
            return changed or parse_seed(self.seed_text.value) != p["seed"]
        except ValueError:
            return True

    # --- running ------------------------------------------------------------------------
    def _changed(self) -> None:
        self.tick.value += 1

    def _guarded(self, action: Any) -> Any:
        """Run ``action`` under the lock; a failure becomes a message, not a traceback."""
        with self.lock:
            try:
                return action()
            except Exception as exc:  # the page must stay up whatever goes wrong in a step
                self.playing.value = False
                self.message.value = ("bad_step", {"e": exc})
                return None
            finally:
                self._changed()

    def step(self) -> None:
        """One month."""
        self._guarded(self.model.value.step)

    def plus_year(self) -> None:
        """Twelve months at once (one redraw)."""
        m = self.model.value
        self._guarded(lambda: m.run_to(m.month + 12))

    def jump(self) -> None:
        """Run to the end of the year typed in the jump field (a message under it if that is not possible)."""
        m = self.model.value
        first, last = m.start_year, date_of(m.run_params, m.end_month)[0]
        text = str(self.year_text.value).strip()
        try:
            year = int(text)
        except ValueError:
            year = None
        if year is None or not first <= year <= last:
            self.year_error.value = ("bad_year", {"a": first, "b": last, "v": text[:20]})
            return
        target = min(step_of(m.run_params, year, 12), m.end_month)
        if target <= m.month:
            self.year_error.value = ("past_year", {"y": year})
            return
        self.year_error.value = None
        self.playing.value = False
        self._guarded(lambda: m.run_to(target))

    def teacher(self) -> None:
        """Run until an apprentice enters the mentor pool; light up his or her mentor's line."""
        m = self.model.value
        self.playing.value = False
        found = self._guarded(m.run_to_teacher)
        if found is None:
            if m.finished:
                self.message.value = ("teacher_none", {})
            return
        cadre, mentor = found
        year, month = date_of(m.run_params, m.month)
        self.selected.value = mentor
        self.message.value = ("teacher_found", {"y": year, "m": month, "c": cadre, "t": mentor})

    def pick(self, cadre: Any) -> None:
        """A click on the network: light up that cadre's line (-1 or the same cadre: clear)."""
        try:
            c = int(cadre)
        except (TypeError, ValueError):
            c = -1
        self.selected.value = None if c < 0 or c == self.selected.value else c

    def reset(self) -> None:
        """Rebuild the model from the controls (the same controls give the same model)."""
        if self.seed_message():
            return
        try:
            model = DemoModel(
                **self.settings.value, seed=parse_seed(self.seed_text.value), scenario_path=self.scenario_path
            )
        except Exception as exc:  # a scenario the controls cannot build: say why, keep the old model visibly
            self.message.value = (
                "bad_build",
                {"e": str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__},
            )
            return
        with self.lock:
            self.playing.value = False
            self.model.value = model
            self.selected.value = None
            self.message.value = None
            self.year_error.value = None
            self._changed()


def first_model(scenario_path: str | None) -> tuple[DemoModel, dict[str, Any]]:
    """The model a new tab starts with, and the control values that rebuild it exactly."""
    d = control_defaults(scenario_path)
    settings = {k: d[k] for k in SETTINGS}
    return DemoModel(**settings, seed=d["seed"], scenario_path=scenario_path), {**settings, "seed": d["seed"]}


def new_session(scenario_path: str | None, lang: str) -> Session:
    """A tab's session: the scenario's model, its control values, ``lang``."""
    model, values = first_model(scenario_path)
    s = Session(scenario_path=scenario_path, lang=solara.reactive(lang), model=solara.reactive(model))
    s.settings.value = {k: values[k] for k in SETTINGS}
    cadres = max(3000, int(values["cadres"]))
    s.limits = {"cadres": cadres, "intake": max(400, 2 * scaled_intake(base_scenario(scenario_path), cadres))}
    s.seed_text.value = str(values["seed"])
    s.year_text.value = str(model.start_year + 10)
    return s

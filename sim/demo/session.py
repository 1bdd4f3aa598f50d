"""One browser tab's state and what its buttons do.

``Page`` (``sim.demo.page``) makes one :class:`Session` per tab with ``solara.use_memo``: its
model, the control values waiting for Reset, the language, the lit cadre, play and messages.
Every action checks its input and puts a message on the page instead of raising: a bad seed or
year is said under its field, a model that cannot be built or a failed step above the picture.
Model changes go through one lock, so a click during Play cannot step the model twice at once; the
page reads the models under the same lock (never half a month), and no reactive value changes while
it is held (a change redraws the page, which takes the lock).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import solara

from sim.demo.model import SOURCE, DemoModel, base_scenario, control_defaults, fit_ratio, parse_seed, scaled_intake
from sim.model.calendar import date_of, step_of
from sim.params.errors import said
from sim.words import Book


@dataclass(frozen=True)
class Reason:
    """Why a model could not be built: a refusal, said in the page's language when the message is drawn."""

    error: BaseException

    def said(self, lang: str) -> str:
        """The refusal's first line in ``lang`` (a scenario's refusal carries both languages)."""
        text = (said(self.error, lang) or type(self.error).__name__).splitlines()[0]
        return text.removeprefix(f"{SOURCE}：").removeprefix(f"{SOURCE}: ")[:300]


def worded(values: dict[str, Any], lang: str) -> dict[str, Any]:
    """A message's values ready for its words in ``lang`` (a :class:`Reason` said in that language)."""
    return {k: v.said(lang) if isinstance(v, Reason) else v for k, v in values.items()}


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
        message: a note above the picture (what a fast-forward found, or an error); any later action
            clears it, so it never describes a picture that has moved on.
        marks: cadres labelled on the picture with their part in the lit line (a word key each).
        rate: months a second Play has actually run over the last few seconds (None: not playing).
        twin: the second policy run beside the model (same county and seed, the settings as the
            controls had them when it started), stepped with it; None: no comparison.
        present: the presentation layout is on (full screen, no sidebar, large type).
        chapter: the guided story's chapter on screen (-1: not telling it; ``sim.demo.story``).
        token: the tab's key in ``KEPT`` (its address says it), so a reload finds its run again.

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
    marks: solara.Reactive[dict[int, str]] = field(default_factory=lambda: solara.reactive({}))
    rate: solara.Reactive[float | None] = field(default_factory=lambda: solara.reactive(None))
    present: solara.Reactive[bool] = field(default_factory=lambda: solara.reactive(False))
    twin: solara.Reactive[DemoModel | None] = field(default_factory=lambda: solara.reactive(None))
    chapter: solara.Reactive[int] = field(default_factory=lambda: solara.reactive(-1))
    limits: dict[str, int] = field(default_factory=lambda: {"intake": 400, "cadres": 3000})
    lock: threading.RLock = field(default_factory=threading.RLock)
    token: str | None = None
    played: list[float] = field(default_factory=list)
    drawn: int = -1
    halt: bool = False

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
        self.keep()

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
        self.keep()

    def keep(self) -> None:
        """Keep the tab's run and settings (plain values: reactive ones belong to one connection)."""
        if self.token is None:
            return
        with _KEPT_LOCK:
            KEPT[self.token] = {
                "model": self.model.value,
                "settings": dict(self.settings.value),
                "seed_text": self.seed_text.value,
                "year_text": self.year_text.value,
                "selected": self.selected.value,
                "marks": dict(self.marks.value),
                "lang": self.lang.value,
                "speed": self.speed.value,
            }
            KEPT.move_to_end(self.token)
            while len(KEPT) > KEEP_TABS:
                KEPT.popitem(last=False)

    def play_step(self) -> bool:
        """One month of Play, unless Pause came first (checked under the lock: no month after Pause).

        Returns:
            True if a month was run.
        """
        m = self.model.value

        def month() -> bool:
            if self.halt or not self.playing.value or m.finished:  # Pause came first
                return False
            m.step()
            return True

        if not self._guarded(month):
            return False
        now = time.perf_counter()
        self.played = [t for t in self.played if now - t < 3.0] + [now]
        if len(self.played) >= 4:
            self.rate.value = (len(self.played) - 1) / (self.played[-1] - self.played[0])
        return True

    def shown(self, month: Any) -> None:
        """The browser has drawn ``month`` (``network.vue``): Play waits for this before the next month."""
        try:
            self.drawn = int(month)
        except (TypeError, ValueError):
            pass

    def play(self) -> None:
        """Play: a month at a time at the chosen speed (``page.Player`` runs it)."""
        self.halt = False
        self.playing.value = True

    def pause(self) -> None:
        """Pause at once: a month in progress ends, no other starts; the button says so after that month."""
        self.halt = True  # read under the lock before every month of Play
        with self.lock:  # wait for the month in progress
            self.played = []
        self._changed()  # the page shows that last month before it shows Play again
        self.playing.value = False
        self.rate.value = None

    def _guarded(self, action: Any) -> Any:
        """Run ``action`` under the lock; a failure becomes a message, not a traceback.

        The lock is held while the models move and never while a reactive value changes (a change
        redraws the page, and the drawing reads the models under the same lock).
        """
        self.message.value = None
        failed = None
        with self.lock:
            try:
                done = action()
                twin = self.twin.value
                if twin is not None:  # the two policies step together
                    twin.run_to(self.model.value.month)
            except Exception as exc:  # the page must stay up whatever goes wrong in a step
                done, failed = None, exc
        if failed is not None:
            self.playing.value = False
            self.message.value = ("bad_step", {"e": Reason(failed)})
        self._changed()
        return done

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
        """Run until an apprentice turned teacher takes an apprentice; light the chain, label all three."""
        m = self.model.value
        self.playing.value = False
        found = self._guarded(m.run_to_teacher)
        if found is None:
            if m.finished:
                self.message.value = ("teacher_none", {})
            return
        old, new, apprentice = found
        self.light(new, {old: "mark_teacher", new: "mark_new_teacher", apprentice: "mark_apprentice"})
        year, month = date_of(m.run_params, m.month)
        self.message.value = ("teacher_found", {"y": year, "m": month, "t": old, "c": new, "a": apprentice})

    # --- two policies side by side ------------------------------------------------------
    def start_twin(self) -> None:
        """Run the controls' settings beside the running model: same county, same seed, from month 0 both."""
        if self.seed_message():
            return
        m = self.model.value
        try:
            twin = DemoModel(**self.settings.value, seed=m.params["seed"], scenario_path=self.scenario_path)
            base = DemoModel(**{k: m.params[k] for k in (*SETTINGS, "seed")}, scenario_path=self.scenario_path)
        except Exception as exc:  # a pair of settings the controls cannot build: say why, keep the run
            self.message.value = ("bad_build", {"e": Reason(exc)})
            return
        self.pause()  # no month in progress when the models change
        self.model.value = base
        self.twin.value = twin
        self.light(None)
        self._changed()

    def stop_twin(self) -> None:
        """End the comparison (the running model goes on)."""
        self.twin.value = None

    # --- the guided story (讲解) and the presenter's keys --------------------------------------
    def next_chapter(self) -> None:
        """The story's next chapter: run to its moment, light and label its cadres, show its sentence.

        The first chapter starts the story from the beginning of the run (a new model with the running
        one's settings); after the last, the next starts the story again.
        """
        from sim.demo.story import CHAPTERS, RUN

        self.pause()
        k = self.chapter.value + 1
        if k >= len(CHAPTERS) or k == 0:
            k = 0
            if self.model.value.month > 0 or "stopped" in self.model.value.params:
                self._restart()
        m = self.model.value
        moment = self._guarded(lambda: RUN[CHAPTERS[k]](m))
        self.chapter.value = k
        if moment is None:
            if self.message.value is None:
                self.message.value = ("story_none", {})
            self.light(None)
            return
        self.light(moment.selected, moment.marks)
        self.message.value = (moment.key, moment.values)

    def _restart(self) -> None:
        """A new model with the running one's settings (the story starts at the beginning)."""
        p = self.model.value.params
        model = DemoModel(**{k: p[k] for k in (*SETTINGS, "seed")}, scenario_path=self.scenario_path)
        self.pause()
        self.model.value = model
        self.light(None)

    def stop_story(self) -> None:
        """Leave the story (the run stays where it is)."""
        self.chapter.value = -1

    def on_key(self, key: str) -> None:
        """The presenter's keys (``keys.vue``): next chapter, presentation on or off."""
        if key == "next":
            self.next_chapter()
        elif key == "present":
            self.present.value = True
        elif key == "leave":
            self.present.value = False

    def light(self, cadre: int | None, marks: dict[int, str] | None = None) -> None:
        """Light ``cadre``'s line (None: nothing lit) and label the cadres of ``marks``."""
        self.selected.value = cadre
        self.marks.value = {k: v for k, v in (marks or {}).items() if k >= 0}
        self.keep()

    def pick(self, cadre: Any) -> None:
        """A click on the network: light up that cadre's line (-1 or the same cadre: clear)."""
        try:
            c = int(cadre)
        except (TypeError, ValueError):
            c = -1
        self.message.value = None
        self.light(None if c < 0 or c == self.selected.value else c)

    def reset(self) -> None:
        """Rebuild the model from the controls (the same controls give the same model)."""
        if self.seed_message():
            return
        try:
            model = DemoModel(
                **self.settings.value, seed=parse_seed(self.seed_text.value), scenario_path=self.scenario_path
            )
        except Exception as exc:  # a scenario the controls cannot build: say why, keep the old model visibly
            self.message.value = ("bad_build", {"e": Reason(exc)})
            return
        self.pause()  # no month in progress when the model changes
        self.model.value = model
        self.twin.value = None
        self.light(None)
        self.message.value = None
        self.year_error.value = None
        self._changed()


def first_model(scenario_path: str | None) -> tuple[DemoModel, dict[str, Any]]:
    """The model a new tab starts with, and the control values that rebuild it exactly."""
    d = control_defaults(scenario_path)
    settings = {k: d[k] for k in SETTINGS}
    return DemoModel(**settings, seed=d["seed"], scenario_path=scenario_path), {**settings, "seed": d["seed"]}


def new_session(scenario_path: str | None, lang: str, token: str | None = None) -> Session:
    """A tab's session: the scenario's model, its control values, ``lang``; or the kept run of ``token``."""
    with _KEPT_LOCK:
        kept = KEPT.get(token) if token else None
    if kept is not None:
        s = Session(
            scenario_path=scenario_path, lang=solara.reactive(kept["lang"]), model=solara.reactive(kept["model"])
        )
        s.settings.value = kept["settings"]
        s.seed_text.value, s.year_text.value = kept["seed_text"], kept["year_text"]
        s.selected.value, s.marks.value, s.speed.value = kept["selected"], kept["marks"], kept["speed"]
    else:
        model, values = first_model(scenario_path)
        s = Session(scenario_path=scenario_path, lang=solara.reactive(lang), model=solara.reactive(model))
        s.settings.value = {k: values[k] for k in SETTINGS}
        s.seed_text.value = str(values["seed"])
        s.year_text.value = str(model.start_year + 10)
    cadres = max(3000, int(s.settings.value["cadres"]), int(control_defaults(scenario_path)["cadres"]))
    s.limits = {"cadres": cadres, "intake": max(400, 2 * scaled_intake(base_scenario(scenario_path), cadres))}
    s.token = token
    s.keep()
    return s


#: the runs of the last tabs, by the token in each tab's address: a reload (F5) finds its run
KEPT: OrderedDict[str, dict[str, Any]] = OrderedDict()
KEEP_TABS = 8
_KEPT_LOCK = threading.Lock()

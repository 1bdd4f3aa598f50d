"""The guided story (讲解): five chapters of "师带徒、徒成师", each a run to its moment and one sentence.

Each chapter runs the tab's model forward until its moment, then names the cadres to light and
label and the sentence to show (a key of the demo's words and its values):

1. ``first_pair``: the first pair (a mentor and his or her mentee);
2. ``first_backbone``: the first mentee who grows into a backbone;
3. ``teacher``: an apprentice turned teacher takes an apprentice (the chain of three lit);
4. ``generations``: the third generation appears (the line from generation 0 down lit);
5. ``stop``: the programme stops now; five years on, what it has left.

Chapters are pure functions of the model (``sim.demo.session`` calls them under its lock).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.demo.model import DemoModel
from sim.model.calendar import date_of
from sim.model.stages import Stage

CHAPTERS = ("first_pair", "first_backbone", "teacher", "generations", "stop")
STOP_YEARS = 5  # how long the story watches after the programme stops
DEEP = 3  # the generation whose appearance is "three generations" (generation 0 teaches 1, 1 teaches 2, 2 teaches 3)


@dataclass(frozen=True)
class Moment:
    """What a chapter found: the cadre whose line is lit, the labelled cadres, the sentence.

    Attributes:
        selected: the cadre whose line is lit (None: nothing lit).
        marks: cadre -> word key of its label on the picture.
        key: the sentence's word key (``story_<chapter>``).
        values: the sentence's values.
    """

    selected: int | None
    marks: dict[int, str]
    key: str
    values: dict[str, Any]


def _when(model: DemoModel) -> dict[str, int]:
    year, month = date_of(model.run_params, max(model.month, 1))
    return {"y": year, "m": month}


def _run_until(model: DemoModel, found: Any) -> Any:
    """Step until ``found(model)`` gives something (checked before the first step too); None at the end."""
    hit = found(model)
    while hit is None and not model.finished:
        model.step()
        hit = found(model)
    return hit


def first_pair(model: DemoModel) -> Moment | None:
    """Run to the first pair; light the mentee, label both."""

    def pair(m: DemoModel) -> tuple[int, int] | None:
        mi, me = m.core.active_pairs()
        return (int(mi[0]), int(me[0])) if len(mi) else None

    hit = _run_until(model, pair)
    if hit is None:
        return None
    mentor, mentee = hit
    pairs = len(model.core.active_pairs()[0])
    return Moment(
        mentee, {mentor: "mark_mentor", mentee: "mark_mentee"}, "story_first_pair",
        {**_when(model), "t": mentor, "a": mentee, "p": f"{pairs:,}"},
    )  # fmt: skip


def first_backbone(model: DemoModel) -> Moment | None:
    """Run until a mentored cadre becomes a backbone; light his or her line, label the teacher and the backbone."""

    def backbone(m: DemoModel) -> int | None:
        pop = m.core.pop
        n = pop.n
        grown = np.flatnonzero((pop.backbone_month[:n] >= 0) & (pop.first_mentor[:n] >= 0) & pop.alive[:n])
        return int(grown[0]) if len(grown) else None

    cadre = _run_until(model, backbone)
    if cadre is None:
        return None
    teacher = int(model.core.pop.first_mentor[cadre])
    return Moment(
        cadre, {teacher: "mark_teacher", cadre: "mark_backbone"}, "story_first_backbone",
        {**_when(model), "t": teacher, "c": cadre},
    )  # fmt: skip


def teacher(model: DemoModel) -> Moment | None:
    """Run until an apprentice turned teacher takes an apprentice; light the chain of three, label all three."""
    found = model.run_to_teacher()
    if found is None:
        return None
    old, new, apprentice = found
    marks = {old: "mark_teacher", new: "mark_new_teacher", apprentice: "mark_apprentice"}
    return Moment(new, marks, "teacher_found", {**_when(model), "t": old, "c": new, "a": apprentice})


def generations(model: DemoModel) -> Moment | None:
    """Run until generation ``DEEP`` appears; light its line from generation 0 down, label each generation."""

    def deep(m: DemoModel) -> int | None:
        pop = m.core.pop
        n = pop.n
        found = np.flatnonzero((pop.generation[:n] >= DEEP) & (pop.first_mentor[:n] >= 0) & pop.alive[:n])
        return int(found[0]) if len(found) else None

    cadre = _run_until(model, deep)
    if cadre is None:
        return None
    up, _ = model.lineage(cadre)
    line = [cadre, *up.tolist()][: DEEP + 1]
    chain = " → ".join(f"#{c}" for c in reversed(line))
    return Moment(cadre, dict.fromkeys(line, "mark_gen"), "story_generations", {**_when(model), "chain": chain})


def stop(model: DemoModel) -> Moment | None:
    """Stop the programme now and run ``STOP_YEARS`` years on: pool and backbones before and after."""
    if model.finished:
        return None
    before = _counts(model)
    when = _when(model)
    model.stop_programme()
    model.run_to(model.month + 12 * STOP_YEARS)
    after = _counts(model)
    years = round((model.month - before["month"]) / 12, 1)
    return Moment(
        None, {}, "story_stop",
        {**when, "k": f"{years:g}", "p0": before["pool"], "p1": after["pool"], "b0": before["backbones"],
         "b1": after["backbones"]},
    )  # fmt: skip


def _counts(model: DemoModel) -> dict[str, int]:
    pop = model.core.pop
    n = pop.n
    alive = pop.alive[:n]
    return {
        "month": model.month,
        "pool": int((pop.in_pool[:n] & alive).sum()),
        "backbones": int((alive & (pop.stage[:n] == Stage.BACKBONE)).sum()),
    }


RUN = {"first_pair": first_pair, "first_backbone": first_backbone, "teacher": teacher, "generations": generations}
RUN["stop"] = stop


def big_numbers(model: DemoModel) -> dict[str, str]:
    """The four big numbers: pairs now, backbones in post, the deepest generation, mentors made per mentor.

    "Mentors made per mentor": mentees who later entered the pool, per cadre who has taken a mentee.
    """
    pop = model.core.pop
    n = pop.n
    alive = pop.alive[:n]
    mentored = int((pop.mentees_total[:n] > 0).sum())
    made = int(pop.mentees_became_mentors[:n].sum())
    return {
        "pairs": f"{len(model.core.active_pairs()[0]):,}",
        "backbones": f"{int((alive & (pop.stage[:n] == Stage.BACKBONE)).sum()):,}",
        "depth": f"{int(pop.generation[:n].max(initial=0)):,}",
        "made": _ratio(made / mentored) if mentored else "0",
    }


def _ratio(x: float) -> str:
    """Two decimals, or two significant digits below 0.1, so that a first mentor made never shows as 0.00."""
    return f"{x:.2f}" if x >= 0.1 or x == 0 else f"{x:.2g}"

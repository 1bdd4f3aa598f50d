"""The shortage of mentors (导师缺口): young cadres in their mentoring window who wait without a mentor.

A young cadre **waits** at the end of a month when the programme runs, the scenario's rules make
them a mentee candidate (``sim.model.pairing.base.eligible_mentees``: in post, in their mentee
window, in a unit the programme covers, not in the pool, not away on secondment, mentoring not yet
complete; county leaders' selected graduates apart) and they have no mentor at all after this
month's pairing. Nothing here draws a random number or changes what the model does: it is measured.

Series: ``waiting`` (at the end of the month), ``cum_waiting_cadre_months`` (their sum over the
run's months), ``longest_wait_months`` (the longest wait so far, in month ends: a cadre waiting at
the end of three months in a row has waited 3 months; a wait that is still going counts as far as it
has gone), ``wanting_mentor`` (the young cadres who want a pool mentor now: those who have one and
those waiting), ``new_wanting`` (those who began to want one this month: a first wait, or a first
pairing without a wait), ``mentors_needed`` (the pool that would have had a place for every one of
``wanting_mentor`` this month, by the pairing form: ``mentors_for``) and ``pool_needed`` (the
largest ``mentors_needed`` of the months so far). The population column ``waiting_since`` holds the
month a cadre's current wait began (-1: not waiting).

The pool needed is a count of places, not of people who happen to be willing: the smallest pool
that, with every member free to take a full load, would have left no one waiting in the month the
demand peaked. It is not what a pool cap (``pool.pool_cap``) says, nor what the pool holds.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from sim.model.kinds import Kind
from sim.model.mechanism import Mechanism, declare
from sim.model.pairing.base import county_leaders_mentor, eligible_mentees
from sim.model.programme import mentee_capacity, running

if TYPE_CHECKING:
    from sim.model.model import CadreModel

SERIES = (
    "waiting", "cum_waiting_cadre_months", "longest_wait_months", "wanting_mentor", "new_wanting",
    "mentors_needed", "pool_needed",
)  # fmt: skip
TEAM_FORMS = ("team", "group_help")  # mentors work as a team: every member of a team takes each of its mentees


def mentors_for(people: int, form: str, mentees_per_mentor: int, mentors_per_mentee: int) -> int:
    """The fewest mentors that give ``people`` mentees every place they need in pairing form ``form``.

    One-to-one, one-to-many and many-to-one: each mentee needs ``mentors_per_mentee`` places and a
    mentor has ``mentees_per_mentor``: ceil(people x mentors_per_mentee / mentees_per_mentor).
    Team and group help: a team of ``mentors_per_mentee`` mentors takes up to ``mentees_per_mentor``
    mentees together: ceil(people / mentees_per_mentor) teams of ``mentors_per_mentee``.
    """
    if people <= 0:
        return 0
    if form in TEAM_FORMS:
        return math.ceil(people / max(mentees_per_mentor, 1)) * mentors_per_mentee
    return math.ceil(people * mentors_per_mentee / max(mentees_per_mentor, 1))


def waiting_rows(model: CadreModel) -> np.ndarray:
    """The rows of the mentee candidates with no mentor now (none while the programme does not run)."""
    if not running(model):
        return np.zeros(0, dtype=np.int64)
    candidates = eligible_mentees(model, model.params.pairing.mentors_per_mentee)
    return candidates[model.pop.n_mentors[candidates] == 0]


def pool_mentees(model: CadreModel, live: np.ndarray) -> np.ndarray:
    """The rows of ``live`` with a mentor from the pool (county leaders' selected graduates apart)."""
    pop = model.pop
    paired = live[pop.n_mentors[live] > 0]
    if county_leaders_mentor(model):
        paired = paired[pop.kind[paired] != Kind.SELECTED_GRADUATE]
    return paired


def shortage_row(model: CadreModel, live: np.ndarray) -> dict[str, float]:
    """This month's series columns of the shortage; updates ``waiting_since`` (no random draw).

    Args:
        model: the model, at the end of a month (or at the start: nothing waits before the first month).
        live: the rows in post.
    """
    previous = getattr(model, "latest", None)  # None at the start
    if previous is None:
        return dict.fromkeys(SERIES, 0)
    pop, now, p = model.pop, model.steps, model.params.pairing
    since = pop.waiting_since
    waiting = waiting_rows(model)
    began = waiting[since[waiting] < 0]  # the waits that begin this month (the others go on)
    paired = pool_mentees(model, live) if running(model) else np.zeros(0, dtype=np.int64)
    first_paired = paired[(pop.first_paired_month[paired] == now) & (since[paired] < 0)]  # paired without a wait
    first_wait = began[pop.mentored_months[began] == 0]
    is_waiting = np.zeros(pop.n, dtype=bool)
    is_waiting[waiting] = True
    ended = live[(since[live] >= 0) & ~is_waiting[live]]  # paired, out of the window, or the programme stopped
    since[ended] = -1
    since[began] = now
    longest_now = int((now - since[waiting]).max()) + 1 if len(waiting) else 0
    wanting = len(paired) + len(waiting)
    needed = mentors_for(wanting, p.form, mentee_capacity(model), p.mentors_per_mentee) if running(model) else 0
    return {
        "waiting": len(waiting),
        "cum_waiting_cadre_months": previous["cum_waiting_cadre_months"] + len(waiting),
        "longest_wait_months": max(previous["longest_wait_months"], longest_now),
        "wanting_mentor": wanting,
        "new_wanting": len(first_wait) + len(first_paired),
        "mentors_needed": needed,
        "pool_needed": max(previous["pool_needed"], needed),
    }


MECHANISM = declare(Mechanism(
    "shortage", __name__, columns=("waiting_since",), series=SERIES,
    outcomes=("waiting_end", "waiting_cadre_months", "longest_wait_months", "pool_needed"),
))  # fmt: skip

"""What a pairing form is, the registry the forms join, and who is available to pair this month."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.model.careers import Rank
from sim.model.establishment import township_of
from sim.model.kinds import IS_VILLAGE, Kind
from sim.model.matching import Side
from sim.model.programme import covered, mentee_capacity
from sim.vocab import Registry, Term

if TYPE_CHECKING:
    from sim.model.model import CadreModel


@dataclass(frozen=True, kw_only=True)
class PairingForm(Term):
    """A pairing form: its words, display order, what ratios it admits, and how it pairs a month.

    Attributes:
        order: display order.
        needs: the ratio it needs, in the words of the parameters (shown in errors).
        fits: ``fits(mentees_per_mentor, mentors_per_mentee)`` is True when the ratio suits the form.
        form: ``form(model)`` pairs every eligible mentee the pool can take this month.
    """

    order: int
    needs: str
    fits: Callable[[int, int], bool]
    form: Callable[[CadreModel], None]


REGISTRY: Registry[PairingForm] = Registry("pairing form")


def side_of(model: CadreModel, idx: np.ndarray) -> Side:
    """Skill, unit, field, township and village kind of the people ``idx``, as one side of a round."""
    pop = model.pop
    village = IS_VILLAGE[pop.kind[idx]]
    return Side(pop.skill[idx], pop.unit[idx], pop.field[idx], township_of(model, idx), village)


def county_leaders_mentor(model: CadreModel) -> bool:
    """County-division leaders mentor the selected graduates (``careers.county_leader_capacity`` > 0)."""
    return model.params.careers.enabled and model.params.careers.county_leader_capacity > 0


def eligible_mentees(model: CadreModel, need: int) -> np.ndarray:
    """People in their mentee window, in a covered unit, who still need a mentor and have months left.

    Mentees of county leaders (selected graduates, when county leaders mentor) are paired by
    ``sim.model.pairing.leaders``; pool members are never mentees; nor are cadres away on secondment.
    """
    pop, p = model.pop, model.params.pairing
    live, now = pop.in_post, model.steps
    idx = live[pop.mentee_until[live] > now]  # the few in their window first: the other tests read only them
    idx = idx[
        ~pop.in_pool[idx]
        & (pop.seconded_until[idx] < now)
        & (pop.n_mentors[idx] < need)
        & (pop.mentored_months[idx] < p.pairing_months)
    ]
    if county_leaders_mentor(model):
        idx = idx[pop.kind[idx] != Kind.SELECTED_GRADUATE]
    return covered(model, idx)


def free_mentors(model: CadreModel, capacity: int) -> np.ndarray:
    """Pool members in post with a free place (mentees and collectives share the places)."""
    pop = model.pop
    live = pop.in_post
    idx = live[pop.in_pool[live]]  # the pool's few first: the places are read for them only
    idx = idx[pop.n_mentees[idx] + pop.n_collectives[idx] < capacity]
    if county_leaders_mentor(model):
        idx = idx[pop.rank[idx] != Rank.COUNTY]
    return covered(model, idx)


def demand(model: CadreModel) -> tuple[int, int, int]:
    """What the pool faces: (places wanted over the next year, places per mentor, places free or freeing).

    Places wanted: mentees waiting now and as many again as the last intake brought (still in post, in covered units) (each needing
    ``mentors_per_mentee`` places) and weak collectives short of mentors. Places free: the free
    places of pool members now plus those of pairs due to end within a year.
    """
    p, pop = model.params.pairing, model.pop
    need = p.mentors_per_mentee
    newcomers = model.newcomers[model.pop.alive[model.newcomers]]
    newcomers = covered(model, newcomers)
    waiting = (len(eligible_mentees(model, need)) + len(newcomers)) * need
    collectives = model.collectives
    weak = collectives.weak()
    waiting += int(np.count_nonzero(collectives.mentor[weak] < 0))
    capacity = mentee_capacity(model)  # the pilot's own cap during a pilot that has one
    members = free_mentors(model, capacity)
    free = int((capacity - pop.n_mentees[members] - pop.n_collectives[members]).sum())
    freeing = int(np.count_nonzero(model.pairs.due <= model.steps + 12))
    return waiting, capacity, free + freeing

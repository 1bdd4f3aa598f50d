"""One-to-one, one-to-many and many-to-one: pairing in rounds.

One-to-one (一对一), one-to-many (一对多) and many-to-one (多对一): repeated one-to-one rounds
until every mentee has ``mentors_per_mentee`` mentors or no mentor has a free place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model.matching import match
from sim.model.pairing.base import REGISTRY, PairingForm, eligible_mentees, free_mentors, side_of
from sim.model.programme import mentee_capacity

if TYPE_CHECKING:
    from sim.model.model import CadreModel


def pair_in_rounds(model: CadreModel) -> None:
    """Rounds of the matching rule, each offering every mentor with a free place once."""
    p = model.params.pairing
    need = p.mentors_per_mentee
    capacity = mentee_capacity(model)  # the pilot's own cap during a pilot that has one
    for _ in range(need + capacity + 1):
        mentees = eligible_mentees(model, need)
        mentors = free_mentors(model, capacity)
        if len(mentees) == 0 or len(mentors) == 0:
            break
        ia, ib, quality = match(p.matching, side_of(model, mentees), side_of(model, mentors), p, model.rng)
        new_mentee, new_mentor = mentees[ia], mentors[ib]
        if need > 1 and len(model.pairs):  # a mentor already paired with this mentee is not a new mentor
            existing = model.pairs.mentor * model.pop.n + model.pairs.mentee
            fresh = ~np.isin(new_mentor * model.pop.n + new_mentee, existing)
            new_mentor, new_mentee, quality = new_mentor[fresh], new_mentee[fresh], quality[fresh]
        if len(new_mentor) == 0:
            break
        model.pairs.add(model, new_mentor, new_mentee, quality)


REGISTRY.register(
    PairingForm(
        "one_to_one",
        "一对一",
        "one-to-one",
        meaning="one mentor, one mentee",
        order=0,
        needs="mentees_per_mentor = 1 and mentors_per_mentee = 1",
        fits=lambda mentees, mentors: mentees == 1 and mentors == 1,
        form=pair_in_rounds,
    )
)
REGISTRY.register(
    PairingForm(
        "one_to_many",
        "一对多",
        "one-to-many",
        meaning="a mentor takes up to mentees_per_mentor mentees",
        order=1,
        needs="mentees_per_mentor >= 2 and mentors_per_mentee = 1",
        fits=lambda mentees, mentors: mentees >= 2 and mentors == 1,
        form=pair_in_rounds,
    )
)
REGISTRY.register(
    PairingForm(
        "many_to_one",
        "多对一",
        "many-to-one",
        meaning="a mentee gets mentors_per_mentee mentors",
        order=2,
        needs="mentors_per_mentee >= 2",
        fits=lambda mentees, mentors: mentors >= 2,
        form=pair_in_rounds,
    )
)

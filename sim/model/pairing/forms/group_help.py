"""Group help (组团帮): a group of mentors of different fields helps each mentee together.

Groups of ``mentors_per_mentee`` free mentors, chosen so that each group spans as many fields as
it can (members taken round-robin over the fields), take up to ``mentees_per_mentor`` mentees
each (one is allowed); every member mentors each of the group's mentees, as in a team. For weak
village Party organisations, ``collectives.mentors_each`` gives each collective its group.
"""

from __future__ import annotations

import numpy as np

from sim.model.matching import Side
from sim.model.pairing.base import REGISTRY, PairingForm
from sim.model.pairing.forms.team import form_teams


def fields_apart(mentors: Side, rng: np.random.Generator) -> np.ndarray:
    """Mentors in an order that deals the fields round-robin: consecutive mentors differ in field."""
    shuffle = rng.permutation(len(mentors))
    field = mentors.field[shuffle]
    order = np.lexsort((field,))  # by field, the shuffle kept within a field
    sorted_field = field[order]
    start = np.r_[0, np.flatnonzero(np.diff(sorted_field)) + 1]
    rank = np.arange(len(order)) - np.repeat(start, np.diff(np.r_[start, len(order)]))
    deal = np.lexsort((sorted_field, rank))  # first of every field, then the second of every field ...
    return shuffle[order[deal]]


REGISTRY.register(
    PairingForm(
        "group_help",
        "组团帮",
        "group help",
        meaning="groups of mentors_per_mentee mentors of different fields jointly help up to mentees_per_mentor mentees",
        order=4,
        needs="mentors_per_mentee >= 2",
        fits=lambda mentees, mentors: mentors >= 2,
        form=lambda model: form_teams(model, grouping=fields_apart),
    )
)

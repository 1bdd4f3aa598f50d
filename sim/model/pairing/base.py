"""What a pairing form is, the registry the forms join, and who is available to pair this month."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.model.matching import Side
from sim.model.stages import Stage
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
    """Skill, unit and field of the cadres ``idx``, as one side of a matching round."""
    return Side(model.pop.skill[idx], model.pop.unit[idx], model.pop.field[idx])


def eligible_mentees(model: CadreModel, need: int) -> np.ndarray:
    """Young cadres in their window who still need a mentor and have not had a full pairing."""
    pop, p = model.pop, model.params.pairing
    n = pop.n
    return np.flatnonzero(
        (pop.stage[:n] == Stage.YOUNG) & (pop.n_mentors[:n] < need) & (pop.mentored_months[:n] < p.pairing_months)
    )


def free_mentors(model: CadreModel, capacity: int) -> np.ndarray:
    """Pool members in post with fewer than ``capacity`` mentees."""
    pop = model.pop
    n = pop.n
    return np.flatnonzero(pop.in_pool[:n] & pop.alive[:n] & (pop.n_mentees[:n] < capacity))

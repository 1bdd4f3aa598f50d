"""County-level leaders as mentors (Xian'an: 19 county-level leaders with 27 selected graduates).

With ``careers.enabled`` and ``careers.county_leader_capacity`` > 0, cadres at county-division
level mentor the selected graduates (选调生), up to that many each, one mentor a graduate, by the
scenario's matching rule; they are not drawn on by the pool's forms.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model.careers import Rank
from sim.model.kinds import Kind
from sim.model.matching import match
from sim.model.pairing.base import county_leaders_mentor, side_of
from sim.model.programme import covered

if TYPE_CHECKING:
    from sim.model.model import CadreModel


def pair_leaders(model: CadreModel) -> None:
    """Pair waiting selected graduates with county leaders who have a free place, in rounds."""
    if not county_leaders_mentor(model):
        return
    pop, p = model.pop, model.params.pairing
    capacity = model.params.careers.county_leader_capacity
    for _ in range(capacity):
        n, now = pop.n, model.steps
        graduates = np.flatnonzero(
            pop.alive[:n]
            & (pop.kind[:n] == Kind.SELECTED_GRADUATE)
            & (pop.mentee_until[:n] > now)
            & (pop.n_mentors[:n] == 0)
            & (pop.mentored_months[:n] < p.pairing_months)
        )
        graduates = covered(model, graduates)
        leaders = np.flatnonzero(pop.alive[:n] & (pop.rank[:n] == Rank.COUNTY) & (pop.n_mentees[:n] < capacity))
        leaders = covered(model, leaders)
        if len(graduates) == 0 or len(leaders) == 0:
            return
        ia, ib, quality = match(p.matching, side_of(model, graduates), side_of(model, leaders), p, model.rng)
        if len(ia) == 0:
            return
        model.pairs.add(model, leaders[ib], graduates[ia], quality)

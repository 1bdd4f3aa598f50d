"""Party membership at each year end, and the mentor as introducer (入党介绍人).

Non-members under ``party.max_age`` join at ``join_rate`` a year; one introducer is their mentor when
they have one (current, else their first mentor if still in post), else a colleague (-1). The share
introduced by a mentor is an output.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model.mechanism import Mechanism, declare

if TYPE_CHECKING:
    from sim.model.model import CadreModel


def join_party(model: CadreModel) -> None:
    """This year's new Party members and their introducers."""
    pop, pp, rng = model.pop, model.params.party, model.rng
    if pp.join_rate == 0:
        return
    n = pop.n
    live = pop.in_post
    young = live[~pop.party[live] & (pop.age_months[live] < pp.max_age * 12)]
    joining = young[rng.random(len(young)) < pp.join_rate]
    if len(joining) == 0:
        return
    introducer = np.full(len(joining), -1, dtype=np.int64)
    book = model.pairs
    if len(book):
        first = np.full(n, -1, dtype=np.int64)
        first[book.mentee[::-1]] = book.mentor[::-1]  # the earliest current mentor of each mentee
        introducer = first[joining]
    former = pop.rows_of(pop.first_mentor[joining])  # -1: none, or moved to the archive (left)
    use_former = (introducer < 0) & (former >= 0)
    use_former[use_former] &= pop.alive[former[use_former]]
    introducer[use_former] = former[use_former]
    pop.party[joining] = True
    pop.party_month[joining] = model.steps
    pop.introducer[joining] = pop.ids(introducer)
    model.party_joined += len(joining)
    model.party_by_mentor += int(np.count_nonzero(introducer >= 0))
    model.events.add(model.steps, "joined_party", joining, introducer)


MECHANISM = declare(Mechanism(
    "party", __name__, sections=("party",), columns=("party", "party_month", "introducer"), steps=("party",),
    series=("cum_party_joined", "cum_introduced_by_mentor", "introducer_share"), outcomes=("introducer_share",),
    events=("joined_party",),
))  # fmt: skip

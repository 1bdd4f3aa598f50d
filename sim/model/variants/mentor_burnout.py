"""Mentor load with burn-out: ``[pool] mentor_load = "burnout"``, a variant of the pool mechanism.

Each month while the programme runs, every pool member with at least one mentee loses motivation
(0-1):

    burnout_per_extra_mentee * max(mentees - burnout_comfortable_mentees, 0)
        + burnout_per_year_mentoring * years in the pool (since the last entry)

A mentor whose motivation falls below ``burnout_leave_below`` leaves the pool (event ``burnout``):
the pairs end with that reason and the mentees are re-matched by the usual pairing, this month
(the step runs before pairing). A mentor's motivation scales the pull given to every mentee
(``sim.model.growth``), so a tired mentor teaches less before leaving; gold awards still lift it.
No random number is drawn. All four sizes are assumptions (no source measures mentors' burn-out in
these programmes); today's ``free`` load (``sim.model.pool``) is the default.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from sim.model.mechanism import Variant, register_variant
from sim.model.pool import remove
from sim.params.fields import P, Section

if TYPE_CHECKING:
    from sim.model.model import CadreModel

CODE = "burnout"


# fmt: off
class BurnoutParams(Section):
    """The burn-out variant's own keys of [pool] (accepted when ``mentor_load = "burnout"``)."""

    burnout_per_extra_mentee: float = P(0.004, 0, 0.5, "motivation (0-1) lost per month per mentee beyond the comfortable number", "assumption", zh="每多带一名超出舒适人数的帮带对象，导师每月积极性下降的幅度", en="motivation a mentor loses each month for each mentee beyond the comfortable number")
    burnout_per_year_mentoring: float = P(0.0005, 0, 0.1, "motivation (0-1) lost per month per year in the pool", "assumption", zh="导师在库每满一年，每月积极性下降的幅度", en="motivation a mentor loses each month for each year spent in the pool")
    burnout_comfortable_mentees: int = P(2, 0, 20, "mentees", "assumption: the five ones' 12 hours a month suit about two mentees", zh="导师带徒不觉吃力的人数（人）", en="how many mentees a mentor carries without strain")
    burnout_leave_below: float = P(0.3, 0, 1, "motivation (0-1)", "assumption", zh="导师积极性低于此值即退出导师库", en="the motivation below which a mentor leaves the pool")
# fmt: on


def wear(model: CadreModel) -> None:
    """One month of load: mentoring mentors lose motivation; those below the bar leave the pool."""
    pop = model.pop
    pp: Any = model.params.pool  # this variant's keys join [pool] when the schema is built
    live = pop.in_post
    mentors = live[pop.in_pool[live] & (pop.n_mentees[live] > 0)]
    if len(mentors) == 0:
        return
    extra = np.maximum(pop.n_mentees[mentors].astype(np.float64) - pp.burnout_comfortable_mentees, 0.0)
    years = (model.steps - pop.pool_month[mentors]) / 12.0
    fall = pp.burnout_per_extra_mentee * extra + pp.burnout_per_year_mentoring * years
    pop.motivation[mentors] = np.maximum(pop.motivation[mentors] - fall, 0.0)
    remove(model, mentors[pop.motivation[mentors] < pp.burnout_leave_below], CODE)


register_variant(
    Variant(
        CODE,
        "带徒倦怠",
        "burn-out",
        meaning="mentees beyond a comfortable number and years in the pool wear motivation down; the worn out leave",
        mechanism="pool",
        step=wear,
        params=BurnoutParams,
        order=1,
    )
)

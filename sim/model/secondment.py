"""Secondment (挂职/选派) at each year end: who is sent, for how long, and what it does.

``secondment.per_year`` cadres under ``max_age`` (each year up to ``last_year``), at random from the
best appraised ``chosen_from_top`` of them (1: from all), for ``months``; to the grassroots their
learning by doing is ``learning_factor`` times faster (``sim.model.growth``); both kinds carry
``appraisal_bonus`` in the appraisal for five years after (``sim.model.careers``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model.calendar import date_of
from sim.model.careers import Rank
from sim.model.decisions import aspect_mean, order
from sim.model.establishment import establishment_rows
from sim.model.mechanism import Mechanism, declare

if TYPE_CHECKING:
    from sim.model.model import CadreModel


def second(model: CadreModel, mean_skill: np.ndarray | None = None) -> None:
    """This year's secondments: young establishment cadres not on one now, at random.

    ``mean_skill``: every row's mean skill now (``pop.mean_skill()``), if already computed.
    """
    pop, sp, rng = model.pop, model.params.secondment, model.rng
    if sp.per_year == 0 or (sp.last_year and date_of(model.params.run, model.steps)[0] > sp.last_year):
        return
    est = establishment_rows(model)
    free = est[
        (pop.age_months[est] < sp.max_age * 12)
        & (pop.seconded_until[est] < model.steps)
        & (pop.rank[est] <= Rank.LEVEL4)
    ]
    if sp.chosen_from_top < 1 and len(free):  # drawn from the best appraised (best skilled without careers)
        if model.params.careers.enabled:
            score = pop.appraisal[free]
        else:
            score = aspect_mean(pop.skill[free]) if mean_skill is None else mean_skill[free]
        k = max(sp.per_year, int(np.ceil(sp.chosen_from_top * len(free))))
        free = np.sort(free[order(score, descending=True)[:k]])
    sent = np.sort(rng.permutation(free)[: sp.per_year])
    pop.seconded_month[sent] = model.steps
    pop.seconded_until[sent] = model.steps + sp.months
    pop.secondments[sent] += 1
    model.events.add(model.steps, "seconded", sent, detail=sp.effect)


MECHANISM = declare(Mechanism(
    "secondment", __name__, sections=("secondment",), columns=("seconded_month", "seconded_until", "secondments"),
    steps=("secondment",), series=("cum_secondments", "seconded_county_share"), outcomes=("secondments",),
    events=("seconded",), words=("secondment",),
))  # fmt: skip

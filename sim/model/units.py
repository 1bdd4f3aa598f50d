"""Each unit of the county at the end of a run: its name, its cadres, mentors, mentees, competent and backbones.

A county started from its roster keeps its units' names (``Population.unit_names``, from the 所在单位
column); a drawn county's units are numbered and their names blank. ``headcount`` counts everyone in
post, as the monthly series does; ``competent`` is counted as in ``sim.model.recognition`` (front-line
cadres of the establishment who reached competence in the run, or are backbones or mentors).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sim.model.kinds import ESTABLISHMENT_KINDS
from sim.model.stages import Stage

if TYPE_CHECKING:
    from sim.model.model import CadreModel

UNIT_COLUMNS = ("unit", "unit_name", "headcount_start", "headcount", "mentors", "mentees", "competent", "backbones")


def unit_table(model: CadreModel) -> pd.DataFrame:
    """One row per unit, in code order: its name and cadres at the start and the end; at the end its mentors.

    Mentors in the pool, people with a mentor, competent cadres and backbones, all at the end of the run.
    """
    pop = model.pop
    units = max(int(model.params.population.units), 1)
    names = pop.unit_names if len(pop.unit_names) == units else ("",) * units
    live = pop.in_post
    unit = pop.unit[live]
    est = np.isin(pop.kind[live], ESTABLISHMENT_KINDS)
    stage = pop.stage[live]
    reached = (pop.competent_month[live] >= 0) | (stage == Stage.BACKBONE) | (stage == Stage.MENTOR)
    every = pop.everyone
    at_start = every("hire_month") <= 0

    def count(where: np.ndarray, of: np.ndarray = unit) -> np.ndarray:
        return np.bincount(of[where], minlength=units)[:units]

    return pd.DataFrame(
        {
            "unit": np.arange(units),
            "unit_name": list(names),
            "headcount_start": count(at_start, every("unit")),
            "headcount": count(np.ones(len(live), bool)),
            "mentors": count(pop.in_pool[live]),
            "mentees": count(pop.n_mentors[live] > 0),
            "competent": count(est & (stage != Stage.SECOND_LINE) & reached),
            "backbones": count(stage == Stage.BACKBONE),
        },
        columns=list(UNIT_COLUMNS),
    )

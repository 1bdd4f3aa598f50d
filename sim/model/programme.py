"""Where and when the programme runs: a pilot in some units, county-wide from a date, a stop date.

Before ``county_wide_year``/``county_wide_month`` only the first ``pilot_townships`` townships pair
(Anji: Shangshu township, 2004), and the founding pool is drawn from them; at that date the pool
admits its first county-wide members (``sim.model.pool``) and every unit pairs; from ``stop_year``/``stop_month`` nobody
pairs, open pairs end ("programme_stopped") and the pool is no longer reviewed or replenished.
What the programme built then lasts as long as the people who carry it (换人不翻篇).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model.calendar import step_of
from sim.model.establishment import township_of
from sim.model.mechanism import Mechanism, declare

if TYPE_CHECKING:
    from sim.model.model import CadreModel


def county_wide_step(model: CadreModel) -> int:
    """The model month the programme covers every unit (<= 1: from the start)."""
    pr = model.params.programme
    if not pr.pilot_townships or not pr.county_wide_year:
        return 1
    return step_of(model.params.run, pr.county_wide_year, pr.county_wide_month)


def stop_step(model: CadreModel) -> int | None:
    """The model month the programme stops (None: never)."""
    pr = model.params.programme
    return step_of(model.params.run, pr.stop_year, pr.stop_month) if pr.stop_year else None


def running(model: CadreModel) -> bool:
    """The programme pairs people this month."""
    stop = stop_step(model)
    return model.params.pairing.enabled and (stop is None or model.steps < stop)


def covered(model: CadreModel, idx: np.ndarray) -> np.ndarray:
    """The people of ``idx`` in a unit the programme covers this month (``idx`` itself once it covers every unit)."""
    if not model.params.programme.pilot_townships or model.steps >= county_wide_step(model):
        return idx
    return idx[township_of(model, idx) < model.params.programme.pilot_townships]


def mentee_capacity(model: CadreModel) -> int:
    """The most mentees a mentor takes this month: the pilot's own cap during a pilot, if it has one."""
    pr, cap = model.params.programme, model.params.pairing.mentees_per_mentor
    if not pr.pilot_mentees_per_mentor or not pr.pilot_townships or model.steps >= county_wide_step(model):
        return cap
    return pr.pilot_mentees_per_mentor


def units_in(model: CadreModel, idx: np.ndarray) -> np.ndarray:
    """Which of the people ``idx`` are in a unit the programme covers this month."""
    if not model.params.programme.pilot_townships or model.steps >= county_wide_step(model):
        return np.ones(len(idx), dtype=bool)
    return township_of(model, idx) < model.params.programme.pilot_townships


MECHANISM = declare(Mechanism("programme", __name__, sections=("programme",), steps=("programme", "programme_stop")))

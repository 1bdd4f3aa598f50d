"""What the programme leaves that lasts (换人不翻篇): the pool's renewal, and the capability kept after a stop.

Two headline outcomes (``sim.model.outcomes.OUTCOMES``) and three series columns, measured here.

**The pool's renewal** (``pool_renewal``; the collapse question: does the cycle "apprentice
becomes teacher" sustain itself once the founding veterans retire?). Mentors nobody mentored are
generation 0 (``sim.model.lineage``): the pilot's veterans, and every cadre of the starting county
who enters the pool without having had a mentor. ``pool_founders_peak`` (series) is the most
generation-0 members the pool has held in any month so far. ``pool_renewal`` is the mentors in the
pool at the end who were themselves mentored in the programme (generation 1 and deeper, the
home-grown mentors), per generation-0 member at that peak: 1 means home-grown mentors fill as many
places as the founders held at their most; below 1 they did not replace them (n/a when the pool
never had a generation-0 member: no programme). It is a stock at the run's end, not a rate: read it
once the founders have retired. In calibrated Anji generation 0 still holds about 45% of the pool in
2025 (cadres of the starting county who entered without a mentor; pool_renewal about 1.0, 0.91 to
1.04 over 3 seeds) and under 5% in 2035 (about 1.6). It falls below 1 when the pool is starved:
entry willingness 0.01 (calibrated 0.134) gives about 0.3 in 2025 and 0.6-0.7 in 2035, 0.005 about
0.3 in 2035, a pool capped at 100 about 0.15 in 2025, nobody willing 0; a strict review (30% removed
a year) raises it (about 1.3 in 2025: it removes founders and admits home-grown mentors).
``reproduction_number`` differs: it is mentees who became mentors per cadre who ever mentored,
counted over the whole run, so recent mentors, whose mentees have not had time to enter the pool,
pull it down (right-censored; ``lineage_cohorts.csv`` counts complete careers only), and it counts
mentors who have since left. ``pool_renewal`` counts who carries the pool now, whoever taught them.

**The capability the programme built, after a stop** (``capability_kept_5y``;
``programme.stop_year``/``stop_month``: from the stop month nobody pairs, open pairs end, the pool
is no longer reviewed or replenished). At the end of the last month of mentoring (the month before
the stop) the capability the programme built is counted (``capability_built``, series): cadres of
the establishment in post who had a mentor in the programme (``first_mentor``: mentees, and the
home-grown mentors) and are competent (mean skill at least ``growth.competence_threshold``). Village
mentees are left out: the model follows them only while they are mentees, so their leaving says
nothing about the programme. Each month after, ``capability_kept`` (series) is the fraction of those
same people still in post and still competent: people leave (attrition, retirement: the built set
holds second-line mentors near retirement as well as young backbones) and skill fades (forgetting
pulls a cadre toward what practice alone sustains, ``r a / (r a + f)``: someone mentoring lifted
above that level slides back below the threshold once the mentor has gone). Newcomers who become
competent after the stop are not in it: the column follows what the programme built, not the
county. ``capability_kept_5y`` is its value ``KEPT_YEARS`` years (60 months) after the last month
of mentoring. Censoring: n/a (nan) when there is no stop, when the run ends less than 5 years after
it, or when the programme had built nothing by then (a stop before anyone was mentored); the series
shows the curve over whatever months the run has.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.model.decisions import aspect_mean, at_least
from sim.model.kinds import IS_ESTABLISHMENT
from sim.model.mechanism import Mechanism, declare
from sim.model.programme import stop_step

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sim.model.model import CadreModel

KEPT_YEARS = 5  # capability_kept_5y: years after the last month of mentoring
SERIES = ("pool_founders_peak", "capability_built", "capability_kept")


@dataclass
class Capability:
    """The capability a stopped programme built: its cadres, counted at the last month of mentoring.

    Attributes:
        ids: the ids of the cadres counted (None until that month, and for good when there is no stop).
        month: the model month they were counted (the month before the stop).
        kept_5y: the fraction kept ``KEPT_YEARS`` years later (nan until then).
    """

    ids: np.ndarray | None = None
    month: int = -1
    kept_5y: float = float("nan")


def competent_mentored(model: CadreModel, skill: np.ndarray) -> np.ndarray:
    """Rows of the establishment's cadres in post who had a mentor and are competent now.

    ``skill``: every row's mean skill now.
    """
    pop, live = model.pop, model.pop.in_post
    est = live[IS_ESTABLISHMENT[pop.kind[live].astype(np.intp)] & (pop.first_mentor[live] >= 0)]
    return est[at_least(skill[est], model.params.growth.competence_threshold)]


def kept_fraction(model: CadreModel, ids: np.ndarray) -> float:
    """Of the cadres ``ids``, the fraction still in post and competent now (nan when ``ids`` is empty)."""
    if len(ids) == 0:
        return float("nan")
    pop = model.pop
    rows = pop.rows_of(ids)  # -1: moved to the archive (left)
    rows = rows[rows >= 0]
    alive = rows[pop.alive[rows]]
    competent = at_least(aspect_mean(pop.skill[alive]), model.params.growth.competence_threshold)
    return float(np.count_nonzero(competent) / len(ids))


def continuity_row(
    model: CadreModel, pool_gen_0: float, skill: np.ndarray | None, previous: Mapping[str, float] | None
) -> dict[str, float]:
    """This month's continuity columns (``SERIES``); counts the capability in the month before a stop.

    Args:
        model: the model, at the end of a month.
        pool_gen_0: generation-0 members in the pool now.
        skill: every row's mean skill now (computed here if None and needed).
        previous: last month's row (None at the start).
    """
    nan = float("nan")
    peak = max(float(pool_gen_0), previous["pool_founders_peak"] if previous else 0.0)
    cap: Capability = model.capability
    if cap.ids is None:
        stop = stop_step(model)
        if stop is None or model.steps != stop - 1 or not model.params.pairing.enabled:
            return {"pool_founders_peak": peak, "capability_built": nan, "capability_kept": nan}
        cap.ids = model.pop.cadre_id[competent_mentored(model, model.pop.mean_skill() if skill is None else skill)]
        cap.month = model.steps
    kept = kept_fraction(model, cap.ids)
    if model.steps == cap.month + 12 * KEPT_YEARS:
        cap.kept_5y = kept
    return {"pool_founders_peak": peak, "capability_built": float(len(cap.ids)), "capability_kept": kept}


def pool_renewal(last: Mapping[str, float]) -> float:
    """Home-grown mentors in the pool at the end per generation-0 member at the pool's peak."""
    peak = last["pool_founders_peak"]
    return float(last["pool_size"] - last["pool_gen_0"]) / peak if peak > 0 else float("nan")


MECHANISM = declare(Mechanism("continuity", __name__, series=SERIES, outcomes=("capability_kept_5y", "pool_renewal")))

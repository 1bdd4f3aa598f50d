"""What the programme leaves that lasts (换人不翻篇): the pool's renewal.

A headline outcome (``sim.model.outcomes.OUTCOMES``) and its series column, measured here.

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
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

SERIES = ("pool_founders_peak",)


def continuity_row(pool_gen_0: float, previous: Mapping[str, float] | None) -> dict[str, float]:
    """This month's continuity columns (``SERIES``).

    Args:
        pool_gen_0: generation-0 members in the pool now.
        previous: last month's row (None at the start).
    """
    peak = max(float(pool_gen_0), previous["pool_founders_peak"] if previous else 0.0)
    return {"pool_founders_peak": peak}


def pool_renewal(last: Mapping[str, float]) -> float:
    """Home-grown mentors in the pool at the end per generation-0 member at the pool's peak."""
    peak = last["pool_founders_peak"]
    return float(last["pool_size"] - last["pool_gen_0"]) / peak if peak > 0 else float("nan")

"""Pair breakdown on a poor two-way evaluation: ``[pairing] breakdown = "poor_evaluation"``.

The programmes evaluate each pair both ways, back to back (双向背靠背评价, DOMAIN: management): the
mentor rates the mentee and the mentee the mentor, neither seeing the other's rating. Here, every
``poor_evaluation_months`` months of a pair (counted from its start), each side rates the pair

    rating = quality + noise,   noise ~ Normal(0, poor_evaluation_noise), one draw per side

and the pair ends, with the end reason ``poor_evaluation``, when either rating falls below
``poor_evaluation_bar``. Its mentee, still in the window and short of the months of mentoring, is
waiting again: the usual pairing of the month, which runs right after this step, matches the mentee
anew (with a new quality drawn, as for any pair), for the months left. Pairs due to end this month
end as today first; only the others are evaluated. Random numbers are drawn only for the pairs
evaluated, and only with this variant chosen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from sim.model.mechanism import Variant, register_variant
from sim.model.pairing import end_due_pairs
from sim.params.fields import P, Section

if TYPE_CHECKING:
    from sim.model.model import CadreModel

CODE = "poor_evaluation"
END_REASON = "poor_evaluation"  # pairs.csv's end_reason (columns.toml's end_poor_evaluation)


# fmt: off
class PoorEvaluationParams(Section):
    """The poor-evaluation breakdown's own keys of [pairing]."""

    poor_evaluation_months: int = P(6, 1, 120, "months of a pair between two evaluations", "DOMAIN: docs/DOMAIN.md#management, the two-way back-to-back evaluation; every 6 months an assumption", zh="每隔几个月对师徒双方进行一次双向背靠背评价（月）", en="months of a pair between two-way back-to-back evaluations")
    poor_evaluation_noise: float = P(0.15, 0, 2, "relationship quality (sd of each side's rating)", "assumption: a side sees the pair's quality with an error like the quality's own spread", zh="每一方评价结对关系时的误差（标准差）", en="how far each side's rating of the pair is off its real quality (sd)")
    poor_evaluation_bar: float = P(0.45, 0, 1, "relationship quality", "assumption", zh="评价低于多少时解除结对", en="the rating below which a pair is ended")
# fmt: on


def _pairing_params(model: CadreModel) -> Any:
    """The scenario's [pairing], with this variant's keys (they join the section when the schema is built)."""
    return model.params.pairing


def evaluated_now(model: CadreModel) -> np.ndarray:
    """The open pairs whose two-way evaluation falls this month (a whole number of evaluation periods old)."""
    pairs, every = model.pairs, _pairing_params(model).poor_evaluation_months
    age = model.steps - pairs.start
    return (age > 0) & (age % every == 0)


def end_due_or_poorly_rated(model: CadreModel) -> None:
    """End the pairs due this month, then those that fail this month's two-way evaluation."""
    end_due_pairs(model)
    pairs, p = model.pairs, _pairing_params(model)
    due = evaluated_now(model)
    count = int(np.count_nonzero(due))
    if count == 0:
        return
    ratings = pairs.quality[due][:, None] + model.rng.normal(0.0, p.poor_evaluation_noise, (count, 2))
    failed = np.zeros(len(pairs), dtype=bool)
    failed[due] = (ratings < p.poor_evaluation_bar).any(axis=1)
    pairs.end_where(model, failed, END_REASON)


register_variant(
    Variant(
        CODE,
        "双向评价不佳即解除结对",
        "a poor two-way evaluation ends a pair",
        meaning="every few months each side rates the pair (its quality plus noise); a rating below the bar ends it, "
        "and the mentee is matched anew",
        mechanism="pairing",
        step=end_due_or_poorly_rated,
        params=PoorEvaluationParams,
        order=1,
    )
)

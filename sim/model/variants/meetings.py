"""The five ones as contact that must happen: ``[methods] five_ones = "meetings"``, a variant of methods.

Each month each pair's guidance meeting (the five ones' monthly guidance and study) happens with
probability ``1 - miss``, where

    miss = meetings_base_miss + meetings_missed_per_extra_mentee * (the mentor's mentees - 1),

at most 1: a mentor with more mentees misses more. A missed month gives that pair no pull and no
mentor hours (``sim.model.growth``); the pair goes on. One random number is drawn per pair and month,
only under this variant. Both sizes are assumptions; today's ``assumed`` (``sim.model.methods``), where
every meeting happens, is the default.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from sim.model.mechanism import Variant, register_variant
from sim.params.fields import P, Section

if TYPE_CHECKING:
    from sim.model.model import CadreModel

CODE = "meetings"


# fmt: off
class MeetingParams(Section):
    """The meetings variant's own keys of [methods] (accepted when ``five_ones = "meetings"``)."""

    meetings_base_miss: float = P(0.1, 0, 1, "probability a month that a pair's meeting is missed (one mentee)", "assumption", zh="只带一名帮带对象时每月帮带见面落空的概率", en="chance a month that a pair's guidance meeting is missed when the mentor has one mentee")
    meetings_missed_per_extra_mentee: float = P(0.1, 0, 1, "added probability a month per mentee beyond the first", "assumption", zh="导师每多带一名帮带对象，见面落空概率的增加", en="how much more likely a meeting is missed for each further mentee of the mentor")
# fmt: on


def hold_meetings(model: CadreModel) -> np.ndarray:
    """Whether each current pair meets this month (True: it does); the missed are counted on the model."""
    mp: Any = model.params.methods  # this variant's keys join [methods] when the schema is built
    pairs = model.pairs
    extra = np.maximum(model.pop.n_mentees[pairs.mentor].astype(np.float64) - 1.0, 0.0)
    miss = np.minimum(mp.meetings_base_miss + mp.meetings_missed_per_extra_mentee * extra, 1.0)
    held = model.rng.random(len(pairs)) >= miss
    model.cum_meetings_missed += int(np.count_nonzero(~held))
    return held


register_variant(
    Variant(
        CODE,
        "见面须落实",
        "meetings that must happen",
        meaning="each month a pair's guidance meeting may be missed, more often by a loaded mentor",
        mechanism="methods",
        step=hold_meetings,
        params=MeetingParams,
        order=1,
    )
)

"""Recognition above a higher bar: a competent cadre is recognised as a backbone (骨干) at ``higher_bar_level``.

A variant of the recognition mechanism (``sim.model.recognition``), ``[growth] recognition = "higher_bar"``.
Competence stays where it is (``growth.competence_threshold``: time to competence, the end of the pair);
the unit calls a cadre 单位骨干 only when the mean skill reaches ``higher_bar_level`` (assumption:
departments recognise backbones above competence). A bar below the competence threshold recognises at
competence (only the competent are candidates). Village kinds are recognised at competence, as always.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from sim.model.decisions import at_least
from sim.model.kinds import IS_VILLAGE
from sim.model.mechanism import Variant, register_variant
from sim.params.fields import P, Section

if TYPE_CHECKING:
    from sim.model.model import CadreModel


# fmt: off
class HigherBarParams(Section):
    """[growth] keys of the higher-bar recognition, accepted when ``recognition = "higher_bar"``."""

    higher_bar_level: float = P(0.72, 0.3, 1, "mean skill", "assumption: departments recognise backbones above competence", zh="认定为单位骨干所需的平均能力（高于胜任）", en="the mean skill at which a competent cadre is recognised as a backbone (above competence)")
# fmt: on


def above_the_bar(model: CadreModel, competent: np.ndarray, skill: np.ndarray) -> np.ndarray:
    """Of ``competent`` (rows, ascending), the village kinds and those at ``higher_bar_level`` or above."""
    growth: Any = model.params.growth  # this variant's key joins [growth] when the schema is built
    bar = growth.higher_bar_level
    return competent[IS_VILLAGE[model.pop.kind[competent]] | at_least(skill[competent], bar)]


register_variant(
    Variant(
        "higher_bar",
        "高于胜任线方认定骨干",
        "recognised above a higher bar",
        meaning="a competent cadre is recognised as a backbone when the mean skill reaches higher_bar_level",
        mechanism="recognition",
        step=above_the_bar,
        params=HigherBarParams,
        order=1,
    )
)

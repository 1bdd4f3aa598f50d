"""Sponsorship: having had a mentor shows in the appraisal, and so does a mentor's mentees' success.

``[careers] sponsorship = "sponsored"``. At each year end's appraisal (``sim.model.careers.appraise``):

- a cadre paired as a mentee for the first time less than ``sponsored_years`` years ago (being or
  having been mentored) gets ``sponsored_appraisal_gain`` in units of the appraisal score's spread;
- a mentor gets ``sponsored_mentor_gain`` for each mentee (first mentor: this cadre) who became
  competent in the last ``sponsored_years`` years.

Promotion reads the appraisal (best appraised first within each level's conditions), so the gains
move who is promoted, not how many. Allen et al. (2004, meta-analysis): the career benefits of
mentoring are real but small on objective outcomes such as promotion; the mentor's side is an
assumption. This variant draws no random numbers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from sim.model.careers import promote_year_end
from sim.model.mechanism import Variant, register_variant
from sim.params.fields import P, Section

if TYPE_CHECKING:
    from sim.model.model import CadreModel

CODE = "sponsored"


# fmt: off
class SponsoredParams(Section):
    """The sponsorship's own keys of [careers]."""

    sponsored_appraisal_gain: float = P(0.1, 0, 5, "appraisal sd units, for a mentee", "Allen et al. 2004 meta-analysis: career benefits of mentoring are real but small on objective outcomes such as promotion", zh="受过帮带的干部在年度考核中的加分（考核分标准差）", en="the appraisal gain of a cadre being or having been mentored (sds of the score)")
    sponsored_years: float = P(3.0, 0.5, 40, "years after the first pairing (and after a mentee's competence, for the mentor)", "assumption", zh="帮带在考核中计分的年数（自首次结对起）", en="years after the first pairing during which the gain counts")
    sponsored_mentor_gain: float = P(0.05, 0, 5, "appraisal sd units per mentee who became competent", "assumption", zh="导师每带出一名胜任帮带对象在年度考核中的加分", en="the mentor's appraisal gain per mentee who became competent")
# fmt: on


def _career_params(model: CadreModel) -> Any:
    """The scenario's [careers], with this variant's keys (they join the section when the schema is built)."""
    return model.params.careers


def sponsorship_gain(model: CadreModel, rated: np.ndarray) -> np.ndarray:
    """Each rated cadre's gain, in sds of the appraisal score: as a recent mentee, and per recently competent mentee."""
    pop, cp, now = model.pop, _career_params(model), model.steps
    window = cp.sponsored_years * 12
    first = pop.first_paired_month[rated]
    gain = np.where((first >= 0) & (now - first < window), cp.sponsored_appraisal_gain, 0.0)
    if cp.sponsored_mentor_gain > 0:
        mentor, competent = pop.everyone("first_mentor"), pop.everyone("competent_month")
        recent = (mentor >= 0) & (competent >= 0) & (now - competent < window)
        per_mentor = np.bincount(mentor[recent], minlength=pop.ever)
        gain = gain + cp.sponsored_mentor_gain * per_mentor[pop.cadre_id[rated]]
    return gain


def promote_sponsored(model: CadreModel, mean_skill: np.ndarray | None = None) -> None:
    """The year end's appraisal and promotion, with the sponsorship gains in the appraisal."""
    promote_year_end(model, mean_skill, sponsor=sponsorship_gain)


register_variant(
    Variant(
        CODE,
        "帮带计入考核与晋升",
        "sponsorship",
        meaning="a mentee's appraisal gains for some years after the first pairing, a mentor's per mentee who became "
        "competent; promotion reads the appraisal",
        mechanism="careers",
        step=promote_sponsored,
        params=SponsoredParams,
        order=1,
    )
)

"""Recognition of backbones in the mean-field: competence apart from recognition (``growth.recognition``).

Under ``at_competence`` (the default) a learner is a backbone at competence
(``MeanField.transitions``), and each type's ``crossed`` share says both. Under ``higher_bar``
(``sim.model.variants.higher_bar``) a type's learners become competent when its skill reaches
``growth.competence_threshold`` (``Cohort.competent``; with ``pairing.end_at_competence`` their
pairs end and their window closes then: the young among them become independents) and are
recognised as backbones only when it reaches ``growth.higher_bar_level`` (``Cohort.crossed``;
a bar below the threshold recognises at competence). Village kinds are recognised at competence,
as in the agent model. The county's backbones at the start are those past the threshold under
every variant (``cohorts.initial_cohorts``), as the agent model starts them.

A cohort's learners are spread over its types by what they have not yet reached: its young
(while its window is open) over the types not yet competent (not yet recognised when pairs
run on past competence), its independents over the competent types not yet recognised, and
once the window has closed over every type not yet recognised.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from sim.meanfield import cohorts as co
from sim.params.schema import Scenario

if TYPE_CHECKING:
    from sim.meanfield.model import MeanField

HIGHER_BAR = "higher_bar"
RECOGNITIONS = (HIGHER_BAR,)  # the recognition variants the mean-field follows besides the default


def above_a_bar(params: Scenario) -> bool:
    """Whether ``params`` recognises backbones above a higher bar (``growth.recognition = "higher_bar"``)."""
    return str(params.growth.recognition) == HIGHER_BAR


def competent(c: co.Cohort) -> np.ndarray:
    """Each type's share of the cohort's learners that reached competence (``crossed`` until followed apart)."""
    if c.competent.size != c.crossed.size:
        c.competent = c.crossed.copy()
    return c.competent


def young_types(params: Scenario, c: co.Cohort) -> np.ndarray:
    """Weight of each type among the cohort's young in their window: the types whose pairs still run.

    Under ``higher_bar`` with ``end_at_competence`` the window closes at competence, so the
    young are the types not yet competent; otherwise those not yet recognised (``1 - crossed``).
    """
    if above_a_bar(params) and params.pairing.end_at_competence:
        return 1.0 - competent(c)
    return 1.0 - c.crossed


def share(weights: np.ndarray, chosen: np.ndarray) -> float:
    """Share of ``weights`` (per type) on the ``chosen`` types (0 without weight)."""
    total = float(weights.sum())
    return float((weights * chosen).sum() / total) if total > 0 else 0.0


def transitions(mf: MeanField) -> None:
    """Competence and recognition above the bar, the end of the window at competence, the end of the young stage."""
    g: Any = mf.params.growth  # higher_bar_level joins [growth] when the variant is chosen
    ends = mf.params.pairing.end_at_competence
    for c in mf.cohorts:
        young, independent = c.counts[co.YOUNG].copy(), c.counts[co.INDEPENDENT].copy()
        if young.sum() + independent.sum() <= 0:
            continue
        done = competent(c)
        bar = g.competence_threshold if c.village else max(g.competence_threshold, g.higher_bar_level)
        recognised = (c.skill >= bar) & (c.crossed < 1)
        reached = (c.skill >= g.competence_threshold) & (done < 1)
        in_young = young_types(mf.params, c)
        in_independent = (1.0 - c.crossed) - in_young if young.sum() > 0 else 1.0 - c.crossed
        from_young = share(in_young, recognised)
        from_independent = share(np.clip(in_independent, 0.0, None), recognised)
        closing = share(in_young, reached & ~recognised) if ends else 0.0  # competent, not recognised: window closes
        backbones = from_young * young + from_independent * independent
        c.counts[co.BACKBONE] += backbones
        c.counts[co.INDEPENDENT] = independent * (1.0 - from_independent) + closing * young
        c.counts[co.YOUNG] = young * (1.0 - from_young - closing)
        c.crossed = np.where(recognised, 1.0, c.crossed)
        c.competent = np.where(reached | recognised, 1.0, done)
        mf.cum_backbones += float(backbones.sum())
    for c in mf.cohorts:
        if not c.village and 0 <= c.until <= mf.step:
            c.counts[co.INDEPENDENT] += c.counts[co.YOUNG]
            c.counts[co.YOUNG] = 0.0

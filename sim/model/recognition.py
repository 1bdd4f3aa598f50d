"""Recognition of backbones (骨干认定): which competent learners the unit recognises as backbones.

Competence and recognition are two things. A learner is competent when the mean skill reaches
``growth.competence_threshold`` (``competent_month`` is set then, under every variant, and the pair
ends there with ``pairing.end_at_competence``: 徒成); the unit recognises a competent cadre as a
backbone (骨干, stage ``backbone``), chosen by ``[growth] recognition``:

- ``at_competence`` (the default, here): at competence, up to ``growth.backbone_quota`` of the
  establishment's cadres in post when a quota is set (the most skilled first; a pair then ends at
  recognition, as it always has);
- ``higher_bar`` (``sim.model.variants.higher_bar``): when the mean skill reaches ``higher_bar_level``;
- ``share_of_posts`` (``sim.model.variants.share_of_posts``): the most skilled competent cadres while
  backbones and mentors in front-line posts hold less than ``share_of_posts_quota`` of the posts.

Village kinds are recognised at competence under every variant (a village backbone, no quota). Only a
backbone enters the pool (``sim.model.pool``), so a stricter recognition also narrows the pool's entry.
The county's backbones at the start (``flows.initial_population``) are recognised under every variant.

Measured here: the competent cadres of the establishment in front-line posts (``competent``: those who
reached competence in the run, and the backbones and mentors the county started with), their share
of the establishment's cadres in post, and the cadre-years of competence (their count summed over the
run's months, over 12). A variant's step: ``step(model, competent, skill) -> the rows it recognises``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model.decisions import order
from sim.model.establishment import establishment_rows
from sim.model.kinds import IS_VILLAGE
from sim.model.mechanism import Mechanism, Variant, declare, register_variant, variants
from sim.model.stages import Stage

if TYPE_CHECKING:
    from sim.model.model import CadreModel

DEFAULT_RECOGNITION = "at_competence"
SERIES = ("competent", "competent_share", "cum_competent_cadre_years")


def within_places(model: CadreModel, competent: np.ndarray, skill: np.ndarray, places: int) -> np.ndarray:
    """Of ``competent`` (rows, ascending), the village kinds and the most skilled cadres the places left allow.

    The places left are ``places`` less the backbones and mentors of the establishment in front-line
    posts now (never below 0).
    """
    pop = model.pop
    village = IS_VILLAGE[pop.kind[competent]]
    cadres = competent[~village]
    est = establishment_rows(model)
    held = int(np.count_nonzero((pop.stage[est] == Stage.BACKBONE) | (pop.stage[est] == Stage.MENTOR)))
    room = max(places - held, 0)
    best = cadres[order(skill[cadres], descending=True)[:room]]
    return np.sort(np.r_[competent[village], best])


def at_competence(model: CadreModel, competent: np.ndarray, skill: np.ndarray) -> np.ndarray:
    """Every competent learner, or under ``growth.backbone_quota`` the most skilled the quota allows."""
    quota = model.params.growth.backbone_quota
    if not quota or not len(competent):
        return competent
    return within_places(model, competent, skill, int(np.floor(quota * len(establishment_rows(model)))))


def recognise(model: CadreModel, competent: np.ndarray, skill: np.ndarray) -> np.ndarray:
    """The rows of ``competent`` (ascending) the chosen variant (``growth.recognition``) recognises as backbones.

    Looked up in the registry (``sim.model.mechanism.variants``) rather than through
    ``sim.model.variants.chosen``: ``flows`` imports this module before the variants package can be
    imported (its variants import the parameter sections, which import the model's tables).
    """
    return variants("recognition")[model.params.growth.recognition].step(model, competent, skill)


def closes_at_recognition(model: CadreModel) -> bool:
    """Whether a pair ends at recognition (today's rule: at competence with a quota) rather than at competence."""
    return model.params.growth.recognition == DEFAULT_RECOGNITION


def recognition_row(model: CadreModel, live: np.ndarray, stage: np.ndarray, est: np.ndarray) -> dict[str, float]:
    """This month's series columns of competence.

    Args:
        model: the model, at the end of a month (or at the start).
        live: the rows in post.
        stage: their stages.
        est: whether each holds an establishment post.
    """
    front = est & (stage != Stage.SECOND_LINE)
    reached = (model.pop.competent_month[live] >= 0) | (stage == Stage.BACKBONE) | (stage == Stage.MENTOR)
    competent = int(np.count_nonzero(front & reached))
    cadres = int(np.count_nonzero(est))
    previous = getattr(model, "latest", None)  # None at the start: the months of the run are counted
    years = previous["cum_competent_cadre_years"] + competent / 12.0 if previous is not None else 0.0
    return {
        "competent": competent,
        "competent_share": competent / cadres if cadres else float("nan"),
        "cum_competent_cadre_years": years,
    }


register_variant(
    Variant(
        DEFAULT_RECOGNITION,
        "胜任即认定为骨干",
        "recognised at competence",
        meaning="a competent learner is recognised as a backbone at once (up to growth.backbone_quota when set)",
        mechanism="recognition",
        step=at_competence,
    )
)

MECHANISM = declare(Mechanism(
    "recognition", __name__, sections=("growth",), series=SERIES,
    outcomes=("competent_share", "competent_cadre_years"), words=("recognition variant",), variant_key="recognition",
))  # fmt: skip

"""Recognition within a share of posts: the most skilled competent cadres, up to ``share_of_posts_quota`` of the posts.

A variant of the recognition mechanism (``sim.model.recognition``), ``[growth] recognition = "share_of_posts"``.
Each month the unit recognises the most skilled of its competent learners as backbones (骨干) while the
backbones and mentors of the establishment in front-line posts hold less than ``share_of_posts_quota`` of
its posts (编制, ``sim.model.establishment.posts``): a place frees when a backbone leaves, steps back to the
second line, or the posts grow (assumption). Recognition is never withdrawn, so the share can stay above
the quota where the county started above it. Village kinds are recognised at competence, as always.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from sim.model.establishment import posts
from sim.model.mechanism import Variant, register_variant
from sim.model.recognition import within_places
from sim.params.fields import P, Section

if TYPE_CHECKING:
    from sim.model.model import CadreModel


# fmt: off
class ShareOfPostsParams(Section):
    """[growth] keys of recognition within a share of posts, accepted when ``recognition = "share_of_posts"``."""

    share_of_posts_quota: float = P(0.35, 0.05, 1, "fraction of the establishment's posts", "assumption: units recognise backbones within a share of their posts", zh="单位骨干名额占编制数的比例", en="the share of the establishment's posts that may be held by recognised backbones and mentors")
# fmt: on


def within_share(model: CadreModel, competent: np.ndarray, skill: np.ndarray) -> np.ndarray:
    """Of ``competent`` (rows, ascending), the village kinds and the most skilled cadres the quota of posts allows."""
    if not len(competent):
        return competent
    growth: Any = model.params.growth  # this variant's key joins [growth] when the schema is built
    places = int(np.floor(growth.share_of_posts_quota * posts(model) + 1e-9))
    return within_places(model, competent, skill, places)


register_variant(
    Variant(
        "share_of_posts",
        "按编制比例认定骨干",
        "recognised within a share of posts",
        meaning="the most skilled competent cadres are recognised as backbones up to share_of_posts_quota of the posts",
        mechanism="recognition",
        step=within_share,
        params=ShareOfPostsParams,
        order=2,
    )
)

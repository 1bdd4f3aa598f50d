"""The six mentoring methods (Anji's 帮带六法) and how they work.

Each method has:
- an effect on each skill aspect: in the scenario's aspect set (``sim.model.aspects``);
- ``centre`` and ``width``: the mentee skill (mean over aspects, 0-1) where the method works
  best, and how fast its fit falls off (a Gaussian window). Demonstration works early,
  hands-off practice late: the scaffolding order the reports describe (watch, do with help,
  be let go and given weight, review), which is the cognitive-apprenticeship sequence
  (Collins, Brown & Newman 1989: modelling, coaching, scaffolding and fading, reflection);
- ``hours``: mentor hours per mentee per month when the method is used alone.

Magnitudes are assumptions (ordering from DOMAIN.md; sizes for sensitivity analysis).

The five ones (五个一) as contact: ``[methods] five_ones`` chooses a variant of this mechanism, asked
once a month by the growth law (``meetings_held``): ``assumed`` (today's, the default: every pair's
monthly guidance meeting happens) or a module of ``sim.model.variants`` (``meetings``: a loaded
mentor misses some; a missed month gives that pair no pull and no hours). The series
``cum_meetings_missed`` counts the meetings missed so far.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model.aspects import METHOD_ORDER
from sim.model.mechanism import Mechanism, Variant, declare, register_variant, variants
from sim.vocab import Term, Vocabulary

if TYPE_CHECKING:
    from sim.model.model import CadreModel

# the six methods, in scaffolding order (the order of the method arrays below)
METHODS: Vocabulary[Term] = Vocabulary(
    "mentoring method",
    [
        Term("on_site_teaching", "现场教学", "on-site teaching", meaning="let them watch (让其看)"),
        Term("case_analysis", "案例分析", "case analysis", meaning="teach through a live case (以案说案)"),
        Term("scenario_simulation", "情景模拟", "scenario simulation", meaning="emergencies and petitions rehearsed"),
        Term("assigned_homework", "布置作业", "assigned homework", meaning="help them do (帮其做)"),
        Term("after_action_review", "复盘提高", "after-action review", meaning="look back together (总结说理, 复盘)"),
        Term("hands_off_practice", "放手实践", "hands-off practice", meaning="let go and give weight (放手压担)"),
    ],
)
METHOD_NAMES = METHODS.codes()

# how a mentor chooses among the methods each month
MIXES: Vocabulary[Term] = Vocabulary(
    "method mix",
    [
        Term(
            "scaffolded",
            "循序渐进",
            "scaffolded",
            meaning="watch -> do with help -> let go -> review, by the mentee's level",
        ),
        Term("fixed", "固定组合", "fixed", meaning="the scenario's method weights for every mentee"),
    ],
)

# fmt: off
#                       centre width hours
_TABLE = {
    "on_site_teaching":    (0.25, 0.15, 4.0),
    "case_analysis":       (0.35, 0.18, 3.0),
    "scenario_simulation": (0.45, 0.18, 4.0),
    "assigned_homework":   (0.45, 0.22, 2.0),
    "after_action_review": (0.60, 0.25, 2.0),
    "hands_off_practice":  (0.70, 0.18, 2.0),
}
# fmt: on

CENTRE = np.array([_TABLE[m][0] for m in METHOD_NAMES])
WIDTH = np.array([_TABLE[m][1] for m in METHOD_NAMES])
HOURS = np.array([_TABLE[m][2] for m in METHOD_NAMES])
assert METHOD_NAMES == METHOD_ORDER, "the effect tables of sim.model.aspects list the methods in this order"


def fit(mean_skill: np.ndarray) -> np.ndarray:
    """How well each method suits each mentee now: (mentees x methods), 1 at the method's centre."""
    z = (mean_skill[:, None] - CENTRE[None, :]) / WIDTH[None, :]
    return np.exp(-0.5 * z * z)


def mix_weights(
    mix: str, fixed_weights: np.ndarray, mean_skill: np.ndarray, fitness: np.ndarray | None = None
) -> np.ndarray:
    """Share of contact given to each method, per mentee (rows sum to 1).

    ``fixed``: the scenario's weights for everyone. ``scaffolded``: each month the mentor uses
    the methods that suit the mentee's current level, in proportion to their fit (``fitness``:
    ``fit(mean_skill)`` if already computed).
    """
    if mix == "fixed":
        w = np.broadcast_to(fixed_weights / fixed_weights.sum(), (len(mean_skill), len(METHOD_NAMES)))
        return np.array(w)
    f = fit(mean_skill) if fitness is None else fitness
    return f / f.sum(axis=1, keepdims=True)


def effect_per_aspect(
    weights: np.ndarray, mean_skill: np.ndarray, effect: np.ndarray, fitness: np.ndarray | None = None
) -> np.ndarray:
    """Method effect on each aspect for each mentee this month (mentees x aspects).

    ``effect``: the scenario's aspect set's table, methods x aspects (``sim.model.aspects``);
    ``fitness``: ``fit(mean_skill)`` if already computed.
    """
    return (weights * (fit(mean_skill) if fitness is None else fitness)) @ effect


def hours_needed(weights: np.ndarray) -> np.ndarray:
    """Mentor hours per month the mix needs for each mentee."""
    return weights @ HOURS


def meetings_held(model: CadreModel) -> np.ndarray | None:
    """Whether each current pair's guidance meeting happens this month (None: every one does).

    The chosen ``[methods] five_ones`` variant's step; it adds the meetings missed to
    ``model.cum_meetings_missed``.
    """
    return variants("methods")[model.params.methods.five_ones].step(model)


def every_meeting_held(model: CadreModel) -> None:
    """Today's five ones: every pair's monthly meeting is taken to happen (no draw, nothing missed)."""
    return None


DEFAULT_FIVE_ONES = "assumed"
register_variant(
    Variant(
        DEFAULT_FIVE_ONES,
        "视为落实",
        "assumed held",
        meaning="every pair's monthly guidance meeting happens, whatever the mentor's load",
        mechanism="methods",
        step=every_meeting_held,
    )
)
MECHANISM = declare(Mechanism(
    "methods", __name__, sections=("methods",), series=("cum_meetings_missed",),
    words=("mentoring method", "method mix", "aspect set", "methods variant"), variant_key="five_ones",
))  # fmt: skip

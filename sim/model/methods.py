"""The six mentoring methods (Anji's 帮带六法) and how they work on each skill aspect.

Each method has:
- ``effect``: multiplier of the mentoring pull on each of the six skill aspects (Guyuan's
  思想情怀, 业务能力, 组织建设, 工作作风, 产业发展, 基层治理); 1 is average;
- ``centre`` and ``width``: the mentee skill (mean over aspects, 0-1) where the method works
  best, and how fast its fit falls off (a Gaussian window). Demonstration works early,
  hands-off practice late: the scaffolding order the reports describe (watch, do with help,
  be let go and given weight, review), which is the cognitive-apprenticeship sequence
  (Collins, Brown & Newman 1989: modelling, coaching, scaffolding and fading, reflection);
- ``hours``: mentor hours per mentee per month when the method is used alone.

Magnitudes are assumptions (ordering from DOMAIN.md; sizes for sensitivity analysis).
"""

from __future__ import annotations

import numpy as np

from sim.vocab import Term, Vocabulary

# the six skill aspects (Guyuan's six aspects, DOMAIN), in the order of the skill columns
ASPECT_TERMS: Vocabulary[Term] = Vocabulary(
    "skill aspect",
    [
        Term("ideals", "思想情怀", "ideals and feeling for the people"),
        Term("competence", "业务能力", "professional competence"),
        Term("organisation", "组织建设", "organisation building"),
        Term("style", "工作作风", "work style"),
        Term("industry", "产业发展", "industry development"),
        Term("governance", "基层治理", "grassroots governance"),
    ],
)
ASPECTS = ASPECT_TERMS.codes()
N_ASPECTS = len(ASPECTS)

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
#                       ideals comp  org   style indus gov      centre width hours
_TABLE = {
    "on_site_teaching":    ((1.0, 1.2, 0.9, 1.2, 1.0, 1.3), 0.25, 0.15, 4.0),
    "case_analysis":       ((1.0, 1.2, 1.0, 0.9, 1.0, 1.2), 0.35, 0.18, 3.0),
    "scenario_simulation": ((0.8, 1.1, 1.1, 1.0, 0.9, 1.3), 0.45, 0.18, 4.0),
    "assigned_homework":   ((1.0, 1.2, 1.0, 0.9, 1.1, 0.9), 0.45, 0.22, 2.0),
    "after_action_review": ((1.2, 1.0, 1.0, 1.1, 1.0, 1.0), 0.60, 0.25, 2.0),
    "hands_off_practice":  ((0.9, 1.1, 1.2, 1.0, 1.2, 1.1), 0.70, 0.18, 2.0),
}
# fmt: on

EFFECT = np.array([_TABLE[m][0] for m in METHOD_NAMES])  # methods x aspects
CENTRE = np.array([_TABLE[m][1] for m in METHOD_NAMES])
WIDTH = np.array([_TABLE[m][2] for m in METHOD_NAMES])
HOURS = np.array([_TABLE[m][3] for m in METHOD_NAMES])


def fit(mean_skill: np.ndarray) -> np.ndarray:
    """How well each method suits each mentee now: (mentees x methods), 1 at the method's centre."""
    z = (mean_skill[:, None] - CENTRE[None, :]) / WIDTH[None, :]
    return np.exp(-0.5 * z * z)


def mix_weights(mix: str, fixed_weights: np.ndarray, mean_skill: np.ndarray) -> np.ndarray:
    """Share of contact given to each method, per mentee (rows sum to 1).

    ``fixed``: the scenario's weights for everyone. ``scaffolded``: each month the mentor uses
    the methods that suit the mentee's current level, in proportion to their fit.
    """
    if mix == "fixed":
        w = np.broadcast_to(fixed_weights / fixed_weights.sum(), (len(mean_skill), len(METHOD_NAMES)))
        return np.array(w)
    f = fit(mean_skill)
    return f / f.sum(axis=1, keepdims=True)


def effect_per_aspect(weights: np.ndarray, mean_skill: np.ndarray) -> np.ndarray:
    """Method effect on each aspect for each mentee this month (mentees x aspects)."""
    return (weights * fit(mean_skill)) @ EFFECT


def hours_needed(weights: np.ndarray) -> np.ndarray:
    """Mentor hours per month the mix needs for each mentee."""
    return weights @ HOURS

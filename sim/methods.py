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

ASPECTS = ("ideals", "competence", "organisation", "style", "industry", "governance")
ASPECT_LABELS_ZH = ("思想情怀", "业务能力", "组织建设", "工作作风", "产业发展", "基层治理")

METHOD_NAMES = (
    "on_site_teaching",
    "case_analysis",
    "scenario_simulation",
    "assigned_homework",
    "after_action_review",
    "hands_off_practice",
)
METHOD_LABELS_ZH = ("现场教学", "案例分析", "情景模拟", "布置作业", "复盘提高", "放手实践")

#                       ideals comp  org   style indus gov      centre width hours
_TABLE = {
    "on_site_teaching":    ((1.0, 1.2, 0.9, 1.2, 1.0, 1.3), 0.25, 0.15, 4.0),  # let them watch (让其看)
    "case_analysis":       ((1.0, 1.2, 1.0, 0.9, 1.0, 1.2), 0.35, 0.18, 3.0),  # teach through a live case (以案说案)
    "scenario_simulation": ((0.8, 1.1, 1.1, 1.0, 0.9, 1.3), 0.45, 0.18, 4.0),  # emergencies, petitions rehearsed
    "assigned_homework":   ((1.0, 1.2, 1.0, 0.9, 1.1, 0.9), 0.45, 0.22, 2.0),  # help them do (帮其做)
    "after_action_review": ((1.2, 1.0, 1.0, 1.1, 1.0, 1.0), 0.60, 0.25, 2.0),  # look back together (总结说理, 复盘)
    "hands_off_practice":  ((0.9, 1.1, 1.2, 1.0, 1.2, 1.1), 0.70, 0.18, 2.0),  # let go and give weight (放手压担)
}

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

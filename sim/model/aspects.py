"""Skill aspects: what grows, as each programme names it; a scenario picks its set (``methods.aspects``).

A set has its aspects (the columns of ``pop.skill``, in order), the newcomer's profile on each
(theory ahead of practice: "see high, do low", 眼高手低, 纸上谈兵, DOMAIN) and each method's effect on
each aspect (a multiplier of the mentoring pull; 1 is average). The aspects are from DOMAIN; the
offsets and effects are assumptions ordered by what each method is for (sizes for sensitivity).

- ``guyuan``: Guyuan's six aspects (思想情怀, 业务能力, 组织建设, 工作作风, 产业发展, 基层治理);
- ``xianan``: Xian'an's seven abilities (political ability, investigation and research,
  scientific decision-making, reform, emergency response 应急处突, mass work 群众工作,
  implementation 抓落实).

To add a set: one ``AspectSet`` in ``ASPECT_SETS`` below, with an effect row for every method.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim.vocab import Term, Vocabulary

# the six methods, in scaffolding order: the rows of every effect table (sim.model.methods.METHODS)
METHOD_ORDER = (
    "on_site_teaching", "case_analysis", "scenario_simulation", "assigned_homework", "after_action_review",
    "hands_off_practice",
)  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class AspectSet(Term):
    """A programme's aspects of growth, the newcomer's profile and the methods' effect on each."""

    aspects: Vocabulary[Term]
    newcomer_offset: tuple[float, ...]
    effects: dict[str, tuple[float, ...]] = field(repr=False)

    def __post_init__(self) -> None:
        k = len(self.aspects)
        if len(self.newcomer_offset) != k or set(self.effects) != set(METHOD_ORDER):
            raise ValueError(f"aspect set {self.code}: an offset per aspect and an effect row per method")
        if any(len(row) != k for row in self.effects.values()):
            raise ValueError(f"aspect set {self.code}: each effect row has one value per aspect")

    @property
    def codes(self) -> tuple[str, ...]:
        """The aspect codes, in the order of the skill columns."""
        return self.aspects.codes()

    def effect_table(self) -> np.ndarray:
        """Methods (``METHOD_ORDER``) x aspects."""
        return np.array([self.effects[m] for m in METHOD_ORDER])


# fmt: off
ASPECT_SETS: Vocabulary[AspectSet] = Vocabulary("aspect set", [
    AspectSet(
        "guyuan", "固原六个方面", "Guyuan's six aspects",
        aspects=Vocabulary("skill aspect", [
            Term("ideals", "思想情怀", "ideals and feeling for the people"),
            Term("competence", "业务能力", "professional competence"),
            Term("organisation", "组织建设", "organisation building"),
            Term("style", "工作作风", "work style"),
            Term("industry", "产业发展", "industry development"),
            Term("governance", "基层治理", "grassroots governance"),
        ]),
        newcomer_offset=(0.10, 0.02, -0.03, 0.0, -0.04, -0.05),
        effects={  #                ideals comp  org   style indus gov
            "on_site_teaching":    (1.0, 1.2, 0.9, 1.2, 1.0, 1.3),
            "case_analysis":       (1.0, 1.2, 1.0, 0.9, 1.0, 1.2),
            "scenario_simulation": (0.8, 1.1, 1.1, 1.0, 0.9, 1.3),
            "assigned_homework":   (1.0, 1.2, 1.0, 0.9, 1.1, 0.9),
            "after_action_review": (1.2, 1.0, 1.0, 1.1, 1.0, 1.0),
            "hands_off_practice":  (0.9, 1.1, 1.2, 1.0, 1.2, 1.1),
        },
    ),
    AspectSet(
        "xianan", "咸安七种能力", "Xian'an's seven abilities",
        aspects=Vocabulary("skill aspect", [
            Term("political", "政治能力", "political ability"),
            Term("research", "调查研究能力", "investigation and research"),
            Term("decision", "科学决策能力", "scientific decision-making"),
            Term("reform", "改革攻坚能力", "reform"),
            Term("emergency", "应急处突能力", "emergency response"),
            Term("mass_work", "群众工作能力", "mass work"),
            Term("implementation", "抓落实能力", "implementation"),
        ]),
        newcomer_offset=(0.10, 0.05, 0.0, -0.02, -0.06, -0.06, -0.03),
        effects={  #                pol  res  dec  ref  emer mass impl
            "on_site_teaching":    (1.0, 1.0, 0.9, 0.9, 1.3, 1.3, 1.1),
            "case_analysis":       (1.1, 1.2, 1.2, 1.0, 1.0, 1.0, 0.9),
            "scenario_simulation": (0.8, 0.9, 1.1, 1.0, 1.4, 1.1, 0.9),
            "assigned_homework":   (0.9, 1.3, 1.0, 1.0, 0.8, 0.9, 1.2),
            "after_action_review": (1.3, 1.0, 1.2, 1.0, 1.0, 1.0, 1.0),
            "hands_off_practice":  (0.9, 1.0, 1.0, 1.3, 1.1, 1.1, 1.3),
        },
    ),
])
# fmt: on

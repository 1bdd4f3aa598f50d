"""A growth law with a ceiling for each cadre and a tacit part of it that only a mentor passes on.

``[growth] law = "tacit_ceiling"``. Today's law (``sim.model.growth``) lets learning by doing alone
carry everyone to the same level near ``learning_by_doing / (learning_by_doing + forgetting)``, so a
programme changes only when cadres get there. Here, per cadre of ability a and skill s (per aspect):

    ceiling              c = min(1, tacit_ceiling_level * a)      what this cadre can reach at all
    explicit part        d = (1 - tacit_ceiling_share) * c        what practice, books and courses teach
    learning by doing    + learning_by_doing * a * (d - s)+       only up to the explicit part
    forgetting           - forgetting * s                         below d: practice against forgetting
                         - tacit_ceiling_decay * (s - d)          above d instead: practice keeps the explicit
                                                                  part, only the tacit part fades, slowly
    mentoring            + g * (min(s_mentor, c) - s)+            a pair's pull g as today's
                                                                  (``growth.pull_shares``), toward the
                                                                  mentor's level and the mentee's own
                                                                  ceiling, whichever is lower
    teaching (教学相长)  + teaching_gain * mentees * (c - s)+      toward the mentor's own ceiling

The tacit part (c - d) is knowledge passed on by example and shared practice only (Polanyi 1966;
Nonaka & Takeuchi 1995): without a mentor a cadre levels off below d, at
``r a d / (r a + f)``; with one, up to the mentor's level, so strong mentors pass on more (Sandvik
et al. 2020: the gains were largest with high-performing partners) and the pool's entry bar matters;
after a stop, what mentoring built above d fades over ``1 / tacit_ceiling_decay`` months, so a
programme can change what cadres reach, and what it built can outlast it. The bookkeeping of the
month (hours, year gains, months mentored, the quarter's talk) is today's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from sim.model import growth
from sim.model.mechanism import Variant, register_variant
from sim.params.fields import P, Section

if TYPE_CHECKING:
    from sim.model.model import CadreModel

CODE = "tacit_ceiling"


# fmt: off
class TacitCeilingParams(Section):
    """The tacit-ceiling law's own keys of [growth]."""

    tacit_ceiling_level: float = P(0.85, 0.3, 1.5, "mean skill per unit of ability", "assumption: a cadre's ceiling follows ability, capped at full skill", zh="能力上限：每单位学习能力可达到的能力水平", en="the skill a cadre can reach at all, per unit of learning ability")
    tacit_ceiling_share: float = P(0.3, 0, 0.9, "share of the ceiling", "assumption: tacit knowledge passed on only by example (Polanyi 1966; Nonaka & Takeuchi 1995)", zh="能力上限中只能靠导师言传身教获得的默会部分所占比例", en="share of the ceiling that is tacit: learnt only from a mentor, by example")
    tacit_ceiling_decay: float = P(0.003, 0, 0.1, "share of the tacit part above the explicit ceiling lost per month", "assumption: kept in use, slow loss", zh="超出可自学部分的默会能力每月流失的比例", en="share of the tacit skill above what practice alone teaches lost each month")
# fmt: on


def _growth_params(model: CadreModel) -> Any:
    """The scenario's [growth], with this law's keys (they join the section when the schema is built)."""
    return model.params.growth


def ceilings(model: CadreModel) -> tuple[np.ndarray, np.ndarray]:
    """Each row's ceiling ``c = min(1, level * ability)`` and its explicit part ``d = (1 - share) * c``."""
    g = _growth_params(model)
    ceiling = np.minimum(1.0, g.tacit_ceiling_level * model.pop.ability[: model.pop.n])
    return ceiling, (1.0 - g.tacit_ceiling_share) * ceiling


def grow_to_ceilings(model: CadreModel, quarter_end: bool) -> float:
    """Apply one month of growth under the tacit-ceiling law; returns the mentor hours given this month."""
    pop, g = model.pop, _growth_params(model)
    n = pop.n
    skill = pop.skill[:n]
    alive = pop.alive[:n]
    ceiling, explicit = ceilings(model)
    above = skill - explicit[:, None]  # > 0: the tacit part held
    doing = growth.doing_rate(model)  # zero for the exited
    # below the explicit part: practice against forgetting, as today's law toward d; above it practice keeps
    # what it taught and only the tacit part fades (a backbone's skill does not wear away for want of a mentor)
    change = np.where(
        above <= 0.0,
        doing[:, None] * -above - (g.forgetting * alive)[:, None] * skill,
        -(g.tacit_ceiling_decay * alive)[:, None] * above,
    )

    hours_given = 0.0
    pairs = model.pairs
    if len(pairs):
        share, hours = growth.pull_shares(model)
        hours_given = float(hours.sum())
        reach = np.minimum(skill[pairs.mentor], ceiling[pairs.mentee][:, None])
        pull = share * np.clip(reach - skill[pairs.mentee], 0.0, None)
        mentored, learned, teachers, per_teacher = growth.gather_pulls(model, pull, quarter_end)
        taught = g.teaching_gain * per_teacher[:, None] * np.maximum(ceiling[teachers][:, None] - skill[teachers], 0.0)
    skill += change
    if len(pairs):
        # several mentors' pulls never carry a mentee past the own ceiling (nor pull one above it down)
        cap = np.maximum(ceiling[mentored][:, None], skill[mentored])
        skill[mentored] = np.clip(np.minimum(skill[mentored] + learned, cap), 0.0, 1.0)
        skill[teachers] = np.clip(skill[teachers] + taught, 0.0, 1.0)
    return hours_given


def alone(model: CadreModel, rows: np.ndarray, skill: np.ndarray) -> np.ndarray:
    """A month without a mentor for ``rows`` at mean skill ``skill``: doing up to the explicit part, the tacit fading."""
    g = _growth_params(model)
    ceiling, explicit = ceilings(model)
    d = explicit[rows]
    doing = g.learning_by_doing * model.pop.ability[rows]
    below = skill * (1.0 - doing - g.forgetting) + doing * d
    return np.where(skill <= d, below, skill - g.tacit_ceiling_decay * (skill - d))


register_variant(
    Variant(
        CODE,
        "个人能力上限与只能师传的默会部分",
        "ceilings with a tacit part only a mentor passes on",
        meaning=(
            "each cadre's ceiling follows ability; learning by doing reaches only its explicit part, the tacit"
            " rest comes from a mentor (up to the mentor's level) and fades slowly without use"
        ),
        mechanism="growth",
        step=grow_to_ceilings,
        params=TacitCeilingParams,
        alone=alone,
        order=1,
    )
)

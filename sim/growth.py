"""How skills grow in a month, for everyone at once (numpy over the population and the pairs).

For a cadre with skill s (0-1, per aspect), per month:

    learning by doing    +  r_do * ability * (1 - s)          exponential learning curve toward
                                                               full skill (the classic experience
                                                               curve; Mazur & Hastie 1978)
    forgetting           -  f * s                             caps skill at r_do / (r_do + f)
    mentoring            +  sum over mentors of g * (s_mentor - s)+ / n_mentors ** x
                                                               gap-closing toward the mentor's level:
                                                               the mentee learns what the mentor can
                                                               show that the mentee cannot yet do
                                                               (zone of proximal development,
                                                               Vygotsky; as in models of imitation
                                                               learning toward a model's level)

with the monthly pull of one pair

    g = mentoring_rate * attention * quality * contact * field * teaching * motivation_mentor
        * motivation_mentee * ability * method_effect[aspect]

- attention: hours the mentor can give this mentee (``mentor_hours_per_month / mentees``, at most
  what the method mix needs) over the hours the mix needs: a mentor spread too thin gives each less;
- method_effect: the mix of the six methods, each fitting a range of mentee skill
  (``sim.methods``): demonstration early, hands-off late;
- n_mentors ** x: several mentors add with diminishing returns (x = ``multi_mentor_exponent``).

Mentors grow too (教学相长): ``teaching_gain * mentees * (1 - s)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import methods
from sim.matching import contact_factor, field_factor

if TYPE_CHECKING:
    from sim.model import CadreModel


def grow(model: CadreModel, quarter_end: bool) -> float:
    """Apply one month of growth; returns the mentor hours given this month."""
    pop, g = model.pop, model.params.growth
    n = pop.n
    alive = np.flatnonzero(pop.alive[:n])
    skill = pop.skill[alive]
    delta = g.learning_by_doing * pop.ability[alive, None] * (1.0 - skill) - g.forgetting * skill

    hours_given = 0.0
    pairs = model.pairs
    if len(pairs):
        pull, hours = mentoring_pull(model)
        hours_given = float(hours.sum())
        mentee, mentor = pairs.mentee, pairs.mentor
        gained = np.zeros((n, skill.shape[1]))
        np.add.at(gained, mentee, pull)
        delta += gained[alive]
        pull_per_pair = pull.mean(axis=1)
        np.add.at(pop.year_gain, mentor, pull_per_pair)
        np.add.at(pop.year_pair_months, mentor, 1)
        mentored = np.unique(mentee)
        pop.mentored_months[mentored] += 1
        teachers = alive[pop.n_mentees[alive] > 0]
        teach_delta = g.teaching_gain * pop.n_mentees[teachers, None] * (1.0 - pop.skill[teachers])
        gain_talk = model.params.methods.talk_motivation_gain
        if quarter_end and gain_talk > 0:  # five ones: one heart-to-heart talk a quarter
            pop.motivation[mentored] += gain_talk * (1.0 - pop.motivation[mentored])
    pop.skill[alive] = np.clip(skill + delta, 0.0, 1.0)
    if len(pairs):
        pop.skill[teachers] = np.clip(pop.skill[teachers] + teach_delta, 0.0, 1.0)
    return hours_given


def mentoring_pull(model: CadreModel) -> tuple[np.ndarray, np.ndarray]:
    """Skill each pair's mentee gains this month (pairs x aspects) and the mentor hours it takes."""
    pop, pairs = model.pop, model.pairs
    p, gp, mp = model.params.pairing, model.params.growth, model.params.methods
    mentor, mentee = pairs.mentor, pairs.mentee
    mean_skill = pop.skill[mentee].mean(axis=1)
    weights = methods.mix_weights(mp.mix, np.array(mp.weights()), mean_skill)
    effect = methods.effect_per_aspect(weights, mean_skill)
    needed = methods.hours_needed(weights)
    share = p.mentor_hours_per_month / np.maximum(pop.n_mentees[mentor], 1)
    hours = np.minimum(needed, share)
    attention = hours / needed
    rate = (
        gp.mentoring_rate
        * attention
        * pairs.quality
        * contact_factor(p, pop.unit[mentee], pop.unit[mentor])
        * field_factor(p, pop.field[mentee], pop.field[mentor])
        * pop.teaching[mentor]
        * pop.motivation[mentor]
        * pop.motivation[mentee]
        * pop.ability[mentee]
        / np.maximum(pop.n_mentors[mentee], 1) ** gp.multi_mentor_exponent
    )
    pull_share = np.clip(rate[:, None] * effect, 0.0, 0.5)
    gap = np.clip(pop.skill[mentor] - pop.skill[mentee], 0.0, None)
    return pull_share * gap, hours

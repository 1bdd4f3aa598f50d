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
  (``sim.model.methods``): demonstration early, hands-off late;
- n_mentors ** x: several mentors add with diminishing returns (x = ``multi_mentor_exponent``).

Mentors grow too (教学相长): ``teaching_gain * mentees * (1 - s)``. A cadre seconded to the
grassroots learns by doing ``secondment.learning_factor`` times faster while away.

This law is the growth mechanism's default variant, ``[growth] law = "gap_closing"``; other laws are
modules of ``sim.model.variants`` (``sim.model.mechanism.Variant``: ``step(model, quarter_end)``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model import methods
from sim.model.decisions import aspect_mean
from sim.model.matching.base import contact_factor, field_factor
from sim.model.mechanism import Mechanism, Variant, declare, register_variant
from sim.model.stages import LIVE_STAGES

if TYPE_CHECKING:
    from sim.model.model import CadreModel


def grow(model: CadreModel, quarter_end: bool) -> float:
    """Apply one month of growth; returns the mentor hours given this month."""
    pop, g = model.pop, model.params.growth
    n = pop.n
    # whole contiguous rows, the exited included (they keep their skill): at up to about twice as
    # many rows ever hired as in post, cheaper than gathering and scattering the rows in post
    skill = pop.skill[:n]
    alive = pop.alive[:n]
    # s + r*a*(1 - s) - f*s  =  s + r*a - (r*a + f)*s; zero for the exited
    doing = doing_rate(model)
    keep = 1.0 - (doing + g.forgetting * alive)

    hours_given = 0.0
    pairs = model.pairs
    if len(pairs):
        pull, hours = mentoring_pull(model)
        hours_given = float(hours.sum())
        mentored, learned, teachers, per_teacher = gather_pulls(model, pull, quarter_end)
        taught = g.teaching_gain * per_teacher[:, None] * (1.0 - skill[teachers])
    skill *= keep[:, None]
    skill += doing[:, None]  # stays within 0-1 while r*a + f <= 1
    if len(pairs):
        skill[mentored] = np.clip(skill[mentored] + learned, 0.0, 1.0)
        skill[teachers] = np.clip(skill[teachers] + taught, 0.0, 1.0)
    return hours_given


def doing_rate(model: CadreModel) -> np.ndarray:
    """Each row's monthly rate of learning by doing: ``learning_by_doing * ability``, faster while seconded, 0 if exited."""
    pop, g = model.pop, model.params.growth
    n = pop.n
    doing = g.learning_by_doing * pop.ability[:n] * pop.alive[:n]
    sp = model.params.secondment
    if sp.per_year and sp.effect == "grassroots":  # practice at the grassroots while seconded
        doing *= np.where(pop.seconded_until[:n] >= model.steps, sp.learning_factor, 1.0)
    return doing


def gather_pulls(
    model: CadreModel, pull: np.ndarray, quarter_end: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each mentee's pulls added (pairs x aspects in), and the month's counts of mentoring kept.

    Adds the mentors' year gain and pair-months, the mentees' months mentored, and at a quarter's end
    the heart-to-heart talk's motivation (five ones). Skills are not touched.

    Returns:
        The mentored rows (ascending), their summed gain per aspect, the mentors' rows (ascending) and
        how many pairs each mentor has.
    """
    pop, pairs, n = model.pop, model.pairs, model.pop.n
    mentee, mentor = pairs.mentee, pairs.mentor
    mentored, inverse, _ = rows_of(mentee, n)
    aspects = pull.shape[1]
    # each mentee's pulls added in pair order (bincount adds its weights in order), every aspect at once
    slots = (inverse[:, None] * aspects + np.arange(aspects)).ravel()
    sums = np.bincount(slots, weights=pull.ravel(), minlength=len(mentored) * aspects)
    learned = sums.reshape(len(mentored), aspects)
    teachers, _, per_teacher = rows_of(mentor, n)
    pop.year_gain[teachers] += np.bincount(mentor, weights=aspect_mean(pull))[teachers]
    pop.year_pair_months[teachers] += per_teacher
    pop.mentored_months[mentored] += 1
    gain_talk = model.params.methods.talk_motivation_gain
    if quarter_end and gain_talk > 0:  # five ones: one heart-to-heart talk a quarter
        pop.motivation[mentored] += gain_talk * (1.0 - pop.motivation[mentored])
    return mentored, learned, teachers, per_teacher


def rows_of(rows: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct rows among ``rows`` (all below ``n``), ascending; each one's position among them; their counts.

    What ``np.unique(rows, return_inverse=True, return_counts=True)`` gives, by counting over the
    ``n`` rows instead of sorting (cheaper for a month's pairs).
    """
    counts = np.bincount(rows, minlength=n)
    distinct = np.flatnonzero(counts.astype(bool))  # a boolean's nonzero is the faster
    position = np.empty(n, dtype=np.intp)
    position[distinct] = np.arange(len(distinct))
    return distinct, position[rows], counts[distinct]


def mentoring_pull(model: CadreModel) -> tuple[np.ndarray, np.ndarray]:
    """Skill each pair's mentee gains this month (pairs x aspects) and the mentor hours it takes."""
    pop, pairs = model.pop, model.pairs
    share, hours = pull_shares(model)
    gap = np.clip(pop.skill[pairs.mentor] - pop.skill[pairs.mentee], 0.0, None)
    return share * gap, hours


def pull_shares(model: CadreModel) -> tuple[np.ndarray, np.ndarray]:
    """Each pair's share of the gap to its mentor closed this month (pairs x aspects), and the mentor hours it takes."""
    pop, pairs = model.pop, model.pairs
    p, gp, mp = model.params.pairing, model.params.growth, model.params.methods
    mentor, mentee = pairs.mentor, pairs.mentee
    mentee_skill = pop.skill[mentee]
    mean_skill = aspect_mean(mentee_skill)
    fitness = methods.fit(mean_skill)  # once: the mix and the effect both read it
    weights = methods.mix_weights(mp.mix, np.array(mp.weights()), mean_skill, fitness)
    effect = methods.effect_per_aspect(weights, mean_skill, model.aspect_effects, fitness)
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
    held = methods.meetings_held(model)  # [methods] five_ones; None: every pair meets
    if held is not None:  # a missed meeting: no pull, no hours
        pull_share *= held[:, None]
        hours = np.where(held, hours, 0.0)
    return pull_share, hours


def alone(model: CadreModel, rows: np.ndarray, skill: np.ndarray) -> np.ndarray:
    """A month of learning by doing and forgetting only, for ``rows`` at mean skill ``skill`` (no mentor)."""
    g = model.params.growth
    doing = g.learning_by_doing * model.pop.ability[rows]
    return skill * (1.0 - doing - g.forgetting) + doing


DEFAULT_LAW = "gap_closing"
register_variant(
    Variant(
        DEFAULT_LAW,
        "向导师水平靠拢",
        "gap-closing toward the mentor",
        meaning="learning by doing, forgetting, and each mentor's pull closing the gap to the mentor's level",
        mechanism="growth",
        step=grow,
        alone=alone,
    )
)
MECHANISM = declare(Mechanism(
    "growth", __name__, sections=("growth",), columns=("skill", "ability", "teaching", "motivation"),
    steps=("growth", "mean_skill"),
    series=("mean_skill", *(f"skill_{s.code}" for s in LIVE_STAGES), "mentor_hours", "cum_mentor_hours"),
    outcomes=("median_months_to_competence", "competent_within_3y", "mentor_hours", "mentor_hours_per_backbone", "final_mean_skill"),
    words=("growth variant",), variant_key="law",
))  # fmt: skip

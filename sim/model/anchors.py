"""The literature anchors: series columns that read the model the way two studies of mentoring measured it.

Their figures can be calibration anchors (``calibration/targets/literature.toml``, with wide bands:
other countries, other work):

- ``mentoring_uplift_6m``: Sandvik, Saouma, Seegert & Stanton (Workplace Knowledge Flows, QJE
  2020) had sales agents meet a randomly chosen coworker and found their output (sales) about 18%
  above the control group's within about six months (docs/DOMAIN.md#sandvik; the paper's abstract:
  gains over 15%, lasting at least 20 weeks after the experiment). Here output is skill (the
  model's one measure of what a cadre can do); the treated are mentees six months after their
  first pairing (``s6``: six months of growth, whatever became of the pair: intention to treat);
  the control is the same cadre learning by doing alone over the same months (``s_alone``: the
  month of ``sim.model.growth`` without mentoring applied six times to ``s0``, the skill at the
  first pairing, with the cadre's own ability: the exact counterfactual, but for a secondment in
  those months). The column is ``sum(s6) / sum(s_alone) - 1`` over every mentee followed so far
  (``mentees_followed_6m``): a level, as Sandvik compared levels of output with a control group.
  Mentees who left within the six months are not followed; nan while nobody has been (with no
  mentoring there is no uplift to measure). ``gain_ratio_6m`` reads the same months as speed,
  ``sum(s6 - s0) / sum(s_alone - s0)``: the skill gained with a mentor over the gain doing alone
  gives (1: mentoring adds nothing); it is not an anchor.
- ``mean_pair_months``: Lyle & Smith (The Effect of High-Performing Mentors on Junior Officer
  Promotion in the US Army, J. Labor Econ. 2014): assigned mentorships (a battalion commander and
  the company commanders under him) typically last about 18 months. Here a mentorship is a pair
  (one mentor, one mentee) and its length the months from its start to its end (as in
  ``pairs.csv``, ``end_month - start_month``), whatever ended it (``pairing_months`` of mentoring
  given, the mentee's window, competence, a side leaving, the pool's review); the column is the
  mean over the pairs ended so far (``pairs_ended``; open pairs are not in it). An interrupted
  pairing resumed by a new mentor is two pairs, as a commander's rotation makes two mentorships.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model.mechanism import Mechanism, declare, variants

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sim.model.model import CadreModel

_FOLLOWED = ("skill_after_6m", "skill_after_6m_alone", "skill_first_paired")  # literature_anchors reads them


def _followed(after: np.ndarray) -> np.ndarray:
    return ~np.isnan(after)


SIX_MONTHS = 6  # Sandvik et al.: output measured within about six months of the pairing


def follow_first_pairings(model: CadreModel, mean_skill: np.ndarray) -> int:
    """Record, six months after their first pairing, mentees' skill and what doing alone would have given.

    A mentee first paired in month ``t0`` has grown in months ``t0 .. t0 + 5`` when this month's
    row is measured at ``t0 + 5``. The counterfactual applies the chosen growth law's month without
    mentoring (its variant's ``alone``; today's law: ``s <- s (1 - r a - f) + r a``, learning by doing
    ``r`` at the cadre's ability ``a``, forgetting ``f``) six times to the skill at the first pairing.

    Args:
        model: the model, after this month's growth.
        mean_skill: the mean skill over the aspects now of each cadre in post (``pop.in_post``).

    Returns:
        How many mentees it followed this month.
    """
    pop, live = model.pop, model.pop.in_post
    first = model.steps - (SIX_MONTHS - 1)
    if first < 0 or not model.pairs.first_pairings.get(first):  # -1 marks the never paired
        return 0
    at = np.flatnonzero(pop.first_paired_month[live] == first)
    due = live[at]
    month_alone = variants("growth")[model.params.growth.law].alone
    if month_alone is None:
        raise ValueError(f"growth law {model.params.growth.law!r} declares no month without a mentor (alone)")
    alone = pop.skill_first_paired[due].copy()
    for _ in range(SIX_MONTHS):  # six array steps over the followed mentees
        alone = month_alone(model, due, alone)
    pop.skill_after_6m[due] = mean_skill[at]
    pop.skill_after_6m_alone[due] = alone
    return len(due)


def literature_anchors(model: CadreModel, unchanged: Mapping[str, float] | None = None) -> dict[str, float]:
    """The series columns read against the research literature (the module docstring says how).

    ``unchanged``: a row measured since which nobody has been followed (``follow_first_pairings``),
    if any: its follow-up figures still hold and are taken from it.
    """
    pop, pairs = model.pop, model.pairs
    nan = float("nan")
    if unchanged is not None:
        return {
            "pairs_ended": pairs.ended,
            "mean_pair_months": pairs.ended_months / pairs.ended if pairs.ended else nan,
            **{key: unchanged[key] for key in ("mentees_followed_6m", "mentoring_uplift_6m", "gain_ratio_6m")},
        }
    # everyone ever followed, in post or left, in id order (the order of the sums)
    followed = pop.ever_where("followed", "skill_after_6m", _followed, _FOLLOWED)
    count = len(followed["skill_after_6m"])
    uplift = gain_ratio = nan
    if count:
        with_mentor = float(followed["skill_after_6m"].sum())
        alone = float(followed["skill_after_6m_alone"].sum())
        start = float(followed["skill_first_paired"].sum())
        uplift = with_mentor / alone - 1.0 if alone > 0 else nan
        gain_ratio = (with_mentor - start) / (alone - start) if alone > start else nan
    return {
        "pairs_ended": pairs.ended,
        "mean_pair_months": pairs.ended_months / pairs.ended if pairs.ended else nan,
        "mentees_followed_6m": count,
        "mentoring_uplift_6m": uplift,
        "gain_ratio_6m": gain_ratio,
    }


MECHANISM = declare(Mechanism(
    "anchors", __name__, columns=("first_paired_month", *_FOLLOWED),
    series=("mentees_followed_6m", "mentoring_uplift_6m", "gain_ratio_6m"),
))  # fmt: skip

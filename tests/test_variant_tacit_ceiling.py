"""The tacit-ceiling growth law (sim.model.variants.tacit_ceiling): a ceiling per cadre, a tacit part only a mentor gives.

Each test follows a small county month by month (rows never compacted, so a row is one cadre) and
keeps every cadre's skill when first seen: at the start, or after the first month of a newcomer.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.model.model import CadreModel
from sim.model.programme import stop_step
from sim.model.variants.tacit_ceiling import ceilings
from sim.params.errors import ScenarioError
from sim.params.schema import Scenario, from_dict

TACIT = {"growth.law": "tacit_ceiling"}
# the effect made plain in a small county within a few years: a stronger pull, a larger tacit part,
# pairs that run their months in full
STRONG = {
    **TACIT,
    "growth.mentoring_rate": 0.15,
    "growth.tacit_ceiling_share": 0.5,
    "pairing.end_at_competence": False,
}


def run_following(scenario: Scenario, seed: int) -> tuple[CadreModel, np.ndarray]:
    """The model run to its end, and each row's skill per aspect when first seen."""
    model = CadreModel(params=scenario, rng=seed)
    model.compact_every = "never"
    first = [model.pop.skill[: model.pop.n].copy()]
    while model.running:
        before = model.pop.n
        model.step()
        first.append(model.pop.skill[before : model.pop.n].copy())
    return model, np.concatenate(first)


def practice_alone(model: CadreModel) -> np.ndarray:
    """Each row's level learning by doing alone settles at: ``r a d / (r a + f)``, below the explicit part d."""
    g, ability = model.params.growth, model.pop.ability[: model.pop.n]
    _, explicit = ceilings(model)
    doing = g.learning_by_doing * ability
    return doing * explicit / (doing + g.forgetting)


def beyond_practice(model: CadreModel, first: np.ndarray) -> np.ndarray:
    """Each row's skill (mean over aspects) above what practice alone gives it, or its own start if higher."""
    n = model.pop.n
    return (model.pop.skill[:n] - np.maximum(practice_alone(model)[:, None], first)).mean(axis=1)


def test_without_a_mentor_nobody_rises_above_what_practice_alone_reaches(small):
    model, first = run_following(small.with_overrides({**TACIT, "pairing.enabled": False}), 1)
    n = model.pop.n
    limit = np.maximum(practice_alone(model)[:, None], first)  # a cadre starting above it only falls
    assert (model.pop.skill[:n] <= limit + 1e-12).all()
    hired = model.pop.hire_month[:n] > 0
    below = hired & (first.max(axis=1) <= practice_alone(model))
    assert below.sum() > 100
    assert (model.pop.skill[:n][below].mean(axis=1) <= practice_alone(model)[below] + 1e-12).all()
    # today's law carries practice alone further: the bound is the variant's, not the county's
    today, first_today = run_following(small.with_overrides({"pairing.enabled": False}), 1)
    assert (beyond_practice(today, first_today) > 0).mean() > 0.3


def test_mentored_cadres_carry_a_tacit_part_the_unmentored_never_reach(small):
    model, first = run_following(small.with_overrides(STRONG), 2)
    pop, live = model.pop, model.pop.in_post
    hired = pop.hire_month[live] > 0
    mentored = hired & (pop.mentored_months[live] > 0)
    never = hired & (pop.mentored_months[live] == 0)
    assert mentored.sum() > 30 and never.sum() > 30
    skill = pop.skill[live].mean(axis=1)
    assert skill[mentored].mean() > skill[never].mean() + 0.05
    beyond = beyond_practice(model, first)[live]
    assert (beyond[mentored] > 0).mean() > 0.5  # the tacit part, from a mentor
    assert (beyond[never] <= 1e-12).all()
    ceiling, _ = ceilings(model)  # nobody is carried past the own ceiling
    n = pop.n
    assert (pop.skill[:n] <= np.maximum(ceiling[:, None], first) + 1e-12).all()


def test_five_years_after_a_stop_the_mentored_keep_what_practice_alone_cannot_give(small):
    stopped = small.with_overrides(
        {**STRONG, "programme.stop_year": 2009, "run.end_year": 2014, "run.end_month": 1}
    )  # five years of mentoring, five years without
    model, first = run_following(stopped, 3)
    pop, live, stop = model.pop, model.pop.in_post, stop_step(model)
    assert stop is not None and model.steps - stop >= 59
    hired = (pop.hire_month[live] > 0) & (pop.hire_month[live] < stop)
    mentored = hired & (pop.mentored_months[live] > 0)
    never = hired & (pop.mentored_months[live] == 0)
    assert mentored.sum() > 20 and never.sum() > 20
    skill = pop.skill[live].mean(axis=1)
    assert skill[mentored].mean() > skill[never].mean() + 0.03
    beyond = beyond_practice(model, first)[live]
    assert (beyond[mentored] > 0).mean() > 0.4
    assert (beyond[never] <= 1e-12).all()


def test_a_share_out_of_range_is_one_line_naming_key_and_range():
    with pytest.raises(ScenarioError) as caught:
        from_dict({"growth": {"law": "tacit_ceiling", "tacit_ceiling_share": 1.5}}, "county.toml")
    text = str(caught.value)
    assert "\n" not in text.strip()
    assert "county.toml" in text and "tacit_ceiling_share" in text and "1.5" in text and "0.9" in text


def test_a_tacit_ceiling_key_is_refused_under_another_law():
    with pytest.raises(ScenarioError) as caught:
        from_dict({"growth": {"tacit_ceiling_level": 1.0}}, "county.toml")
    text = str(caught.value)
    assert "tacit_ceiling_level" in text and "tacit_ceiling" in text and "gap_closing" in text


def test_the_law_is_chosen_by_name_with_its_defaults():
    growth = Scenario().with_overrides(TACIT).growth
    assert (growth.tacit_ceiling_level, growth.tacit_ceiling_share, growth.tacit_ceiling_decay) == (0.85, 0.3, 0.003)
    assert Scenario().growth.law == "gap_closing"

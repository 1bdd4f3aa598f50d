"""Sponsorship (``[careers] sponsorship = "sponsored"``) and the promotion ratio of the mentored."""

import math

import pytest

from sim.model.run import simulate
from sim.params.errors import ScenarioError
from sim.params.schema import Scenario, from_dict

# a small county with careers, where young cadres can be promoted within a few years
COUNTY = {
    "run.years": 5,
    "population.initial_cadres": 300,
    "population.units": 20,
    "population.initial_pool_size": 40,
    "flows.intake_per_year": 40,
    "pool.entry_willingness": 0.2,
    "careers.enabled": True,
    "careers.l4_min_years": 1.0,
    "careers.leader_min_years": 0.0,
}


def summary(seed=4, **careers):
    overrides = {**COUNTY, **{f"careers.{key}": value for key, value in careers.items()}}
    return simulate(Scenario().with_overrides(overrides), seed).summary


def test_no_sponsorship_by_default_and_the_ratio_is_counted_under_it():
    assert Scenario().careers.sponsorship == "none"
    assert summary()["promotion_ratio_mentored"] > 0
    assert math.isnan(
        simulate(Scenario().with_overrides({**COUNTY, "careers.enabled": False}), 4).summary["promotion_ratio_mentored"]
    )


def test_sponsorship_without_gains_changes_nothing():
    """The variant draws no random numbers: with no gain it is today's year end, to the bit."""
    plain = summary()
    assert summary(sponsorship="sponsored", sponsored_appraisal_gain=0.0, sponsored_mentor_gain=0.0) == pytest.approx(
        plain, nan_ok=True, rel=0, abs=0
    )


def test_a_large_gain_raises_the_promotion_ratio_of_the_mentored():
    for seed in (4, 5):
        plain = summary(seed)
        sponsored = summary(seed, sponsorship="sponsored", sponsored_appraisal_gain=3.0, sponsored_mentor_gain=0.0)
        assert sponsored["promotion_ratio_mentored"] > 1.5 * plain["promotion_ratio_mentored"]
        # the gain moves who is promoted, hardly how many
        assert sponsored["promotions"] == pytest.approx(plain["promotions"], rel=0.15)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("sponsored_appraisal_gain", -0.1, r"\[careers\] sponsored_appraisal_gain = -0.1"),
        ("sponsored_years", 0.0, r"\[careers\] sponsored_years = 0.0"),
        ("sponsored_mentor_gain", 9.0, r"\[careers\] sponsored_mentor_gain = 9.0"),
        ("sponsorship", "patron", r"\[careers\] sponsorship = 'patron'.*'sponsored'"),
    ],
)
def test_bad_values_are_refused_in_one_line(key, value, message):
    with pytest.raises(ScenarioError, match=message) as caught:
        from_dict({"careers": {"sponsorship": "sponsored", key: value}}, "county.toml")
    assert "\n" not in str(caught.value)


def test_a_key_of_a_sponsorship_not_chosen_is_refused():
    with pytest.raises(ScenarioError, match="sponsored_years applies when sponsorship = 'sponsored'") as caught:
        from_dict({"careers": {"sponsored_years": 5.0}}, "county.toml")
    assert "\n" not in str(caught.value)

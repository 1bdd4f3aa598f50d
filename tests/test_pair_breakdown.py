"""Pair breakdown on a poor two-way evaluation (``[pairing] breakdown = "poor_evaluation"``)."""

import pytest

from sim.model.run import simulate
from sim.params.errors import ScenarioError
from sim.params.schema import Scenario, from_dict

# a small county for four years: enough pairs reach their evaluations
COUNTY = {
    "run.years": 4,
    "population.initial_cadres": 300,
    "population.units": 20,
    "population.initial_pool_size": 80,
    "flows.intake_per_year": 40,
    "pool.entry_willingness": 0.2,
}


def run(**pairing):
    overrides = {**COUNTY, **{f"pairing.{key}": value for key, value in pairing.items()}}
    return simulate(Scenario().with_overrides(overrides), 5)


def test_pairs_never_break_by_default():
    assert Scenario().pairing.breakdown == "never"
    pairs = run().pairs
    assert not (pairs["end_reason"] == "poor_evaluation").any()


def test_a_bar_below_every_rating_breaks_nothing():
    pairs = run(breakdown="poor_evaluation", poor_evaluation_bar=0.0, poor_evaluation_noise=0.0).pairs
    assert len(pairs) > 50
    assert not (pairs["end_reason"] == "poor_evaluation").any()


def test_a_bar_above_every_quality_breaks_most_pairs_and_their_mentees_are_paired_again():
    result = run(breakdown="poor_evaluation", poor_evaluation_bar=1.0, poor_evaluation_noise=0.0)
    pairs = result.pairs
    broken = pairs[pairs["end_reason"] == "poor_evaluation"]
    ended = pairs[pairs["end_month"] >= 0]
    assert len(broken) > 0.5 * len(ended)
    # every pair breaks at its first evaluation, six months in
    assert ((broken["end_month"] - broken["start_month"]) == 6).all()
    # a broken pair's mentee, still in the window, is matched anew (a later pair of the same mentee)
    months = result.scenario.run.months
    again = [
        (pairs["mentee"] == row.mentee).to_numpy() & (pairs["start_month"] >= row.end_month).to_numpy()
        for row in broken[broken["end_month"] < months - 12].itertuples()
    ]
    paired_again = sum(bool(found.any()) for found in again)
    assert paired_again > 0.9 * len(again)
    # more pairs are formed than when pairs never break (the same mentees, matched again)
    assert len(pairs) > 1.3 * len(run().pairs)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("poor_evaluation_bar", 1.5, r"\[pairing\] poor_evaluation_bar = 1.5"),
        ("poor_evaluation_months", 0, r"\[pairing\] poor_evaluation_months = 0"),
        ("poor_evaluation_noise", -0.1, r"\[pairing\] poor_evaluation_noise = -0.1"),
        ("breakdown", "quarrel", r"\[pairing\] breakdown = 'quarrel'.*'poor_evaluation'"),
    ],
)
def test_bad_values_are_refused_in_one_line(key, value, message):
    with pytest.raises(ScenarioError, match=message) as caught:
        from_dict({"pairing": {"breakdown": "poor_evaluation", key: value}}, "county.toml")
    assert "\n" not in str(caught.value)


def test_a_key_of_a_breakdown_not_chosen_is_refused():
    with pytest.raises(ScenarioError, match="poor_evaluation_bar applies when breakdown = 'poor_evaluation'") as caught:
        from_dict({"pairing": {"poor_evaluation_bar": 0.3}}, "county.toml")
    assert "\n" not in str(caught.value)

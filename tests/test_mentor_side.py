"""The mentor's side: load and burn-out (``[pool] mentor_load``), the cost of hours, the five ones as meetings.

Each variant against the default on the same seed: a planted effect found, the default untouched, the
hours given up exactly ``own_work_share`` of the mentor hours, bad values refused in one line.
"""

import numpy as np
import pytest

from sim.model.run import simulate
from sim.params.errors import ScenarioError
from sim.params.schema import Scenario, from_dict

SMALL = {
    "run.years": 3,
    "population.initial_cadres": 300,
    "population.units": 20,
    "population.initial_pool_size": 20,
    "flows.intake_per_year": 60,
    "pool.entry_willingness": 0.2,
}
HEAVY = {"pairing.form": "one_to_many", "pairing.mentees_per_mentor": 4}  # a loaded pool
BURNOUT = {
    "pool.mentor_load": "burnout",
    "pool.burnout_comfortable_mentees": 1,
    "pool.burnout_per_extra_mentee": 0.01,
    "pool.burnout_per_year_mentoring": 0.002,
    "pool.burnout_leave_below": 0.5,
}


def _run(seed: int = 5, **overrides):
    return simulate(Scenario().with_overrides({**SMALL, **overrides}), seed)


def _mentor_motivation(result) -> float:
    cadres = result.cadres
    return float(cadres.loc[cadres["mentees_total"] > 0, "motivation"].mean())


def test_burnout_under_a_heavy_load_wears_mentors_down_and_out_of_the_pool():
    free, burnout = _run(**HEAVY), _run(**HEAVY, **BURNOUT)
    assert _mentor_motivation(burnout) < _mentor_motivation(free) - 0.05
    left = burnout.events[burnout.events["event"] == "burnout"]
    assert len(left) > 0 and (free.events["event"] == "burnout").sum() == 0
    assert burnout.summary["mentors_burnt_out"] == len(left) and free.summary["mentors_burnt_out"] == 0
    # their pairs ended with that reason and the mentees were re-matched by the usual pairing
    ended = burnout.pairs[burnout.pairs["end_reason"] == "burnout"]
    assert len(ended) > 0
    again = burnout.pairs[burnout.pairs["mentee"].isin(ended["mentee"]) & (burnout.pairs["end_reason"] != "burnout")]
    assert (again["start_month"] >= ended["end_month"].min()).any()
    # nobody below the bar is in the pool at the end, nor came back
    pool = burnout.cadres[burnout.cadres["in_pool"]]
    assert (pool["motivation"] >= BURNOUT["pool.burnout_leave_below"]).all()


def test_burnout_with_room_to_spare_changes_nothing():
    """No extra mentee, no wear with the years, no bar: the run is today's, draw for draw."""
    calm = {**BURNOUT, "pool.burnout_per_year_mentoring": 0.0, "pool.burnout_comfortable_mentees": 20}
    calm["pool.burnout_leave_below"] = 0.0
    np.testing.assert_equal(_run(**calm).summary, _run().summary)  # nan equals nan


def test_missed_meetings_lower_the_mentees_gain():
    assumed = _run()
    missed = _run(**{"methods.five_ones": "meetings", "methods.meetings_base_miss": 0.9})
    assert assumed.series["cum_meetings_missed"].iloc[-1] == 0
    assert missed.series["cum_meetings_missed"].iloc[-1] > 0
    assert missed.summary["mentor_hours"] < 0.3 * assumed.summary["mentor_hours"]

    def gain(result) -> float:
        mentees = result.cadres[(result.cadres["mentored_months"] > 0) & (result.cadres["hire_month"] > 0)]
        return float((mentees["mean_skill"]).mean())

    assert gain(missed) < gain(assumed) - 0.01


def test_a_meeting_always_missed_gives_no_hours_and_more_load_misses_more():
    never = _run(**{"methods.five_ones": "meetings", "methods.meetings_base_miss": 1.0})
    assert never.summary["mentor_hours"] == 0.0
    meetings = {"methods.five_ones": "meetings", "methods.meetings_base_miss": 0.0}
    light = _run(**HEAVY, **meetings, **{"methods.meetings_missed_per_extra_mentee": 0.0})
    loaded = _run(**HEAVY, **meetings, **{"methods.meetings_missed_per_extra_mentee": 0.3})
    assert light.series["cum_meetings_missed"].iloc[-1] == 0  # nothing missed: no pull or hour lost
    assert light.summary["mentor_hours"] > 0
    assert loaded.series["cum_meetings_missed"].iloc[-1] > 0  # only the loaded mentors miss


@pytest.mark.parametrize("share", [0.5, 0.3, 0.0])
def test_own_work_hours_given_up_are_the_share_of_the_mentor_hours(share):
    result = _run(**{"pool.own_work_share": share})
    summary = result.summary
    assert summary["own_work_hours_given_up"] == share * summary["mentor_hours"]
    assert np.isclose(result.series["own_work_hours"].sum(), summary["own_work_hours_given_up"])
    if share != 0.5:  # an outcome only: the run is today's
        today = _run().summary
        np.testing.assert_equal(
            {k: v for k, v in summary.items() if k != "own_work_hours_given_up"},
            {k: v for k, v in today.items() if k != "own_work_hours_given_up"},
        )


@pytest.mark.parametrize(
    ("section", "values", "words"),
    [
        ("pool", {"own_work_share": 1.5}, "[pool] own_work_share = 1.5"),
        ("pool", {"mentor_load": "tired"}, "[pool] mentor_load = 'tired'"),
        ("pool", {"mentor_load": "burnout", "burnout_leave_below": -0.1}, "[pool] burnout_leave_below = -0.1"),
        ("pool", {"mentor_load": "burnout", "burnout_comfortable_mentees": 2.5}, "burnout_comfortable_mentees"),
        ("methods", {"five_ones": "meetings", "meetings_base_miss": 2.0}, "[methods] meetings_base_miss = 2.0"),
        ("pool", {"burnout_per_extra_mentee": 0.01}, "applies when mentor_load = 'burnout'"),
        ("methods", {"meetings_base_miss": 0.5}, "applies when five_ones = 'meetings'"),
    ],
)
def test_bad_values_are_refused_in_one_line(section, values, words):
    with pytest.raises(ScenarioError) as caught:
        from_dict({section: values}, "county.toml")
    text = str(caught.value)
    assert "\n" not in text and text.startswith("county.toml") and words in text

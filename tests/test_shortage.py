"""The shortage of mentors (sim.model.shortage): who waits, for how long, and the pool that would have sufficed."""

import math

import numpy as np
import pytest

from sim.model.model import CadreModel
from sim.model.shortage import mentors_for
from sim.params.schema import Scenario

TINY = {
    "run.years": 3,
    "population.initial_cadres": 200,
    "population.units": 10,
    "population.initial_pool_size": 8,
    "flows.intake_per_year": 40,
}


def _candidates_by_hand(model: CadreModel) -> tuple[int, int]:
    """(young cadres in their window who want a mentor, of them with none), counted from the columns."""
    pop, now = model.pop, model.steps
    live = pop.in_post
    want = live[
        (pop.mentee_until[live] > now)
        & ~pop.in_pool[live]
        & (pop.seconded_until[live] < now)
        & ((pop.n_mentors[live] > 0) | (pop.mentored_months[live] < model.params.pairing.pairing_months))
    ]
    return len(want), int(np.count_nonzero(pop.n_mentors[want] == 0))


def test_waiting_and_mentees_make_the_candidates_with_a_small_pool():
    sc = Scenario().with_overrides({**TINY, "pool.pool_cap": 6})
    model = CadreModel(params=sc, rng=5)
    starts: dict[int, int] = {}  # id -> month its wait began
    longest = cum = 0
    for _ in range(sc.run.months):
        model.step()
        row, now = model.latest, model.steps
        candidates, unpaired = _candidates_by_hand(model)
        assert row["waiting"] == unpaired, now
        assert row["waiting"] + row["mentees"] == candidates, now
        waiting_ids = set(model.pop.cadre_id[model.pop.in_post[model.pop.waiting_since[model.pop.in_post] >= 0]])
        starts = {i: starts.get(i, now) for i in waiting_ids}
        longest = max([longest, *(now - s + 1 for s in starts.values())])
        cum += row["waiting"]
        assert row["longest_wait_months"] == longest
        assert row["cum_waiting_cadre_months"] == cum
        assert row["mentors_needed"] == mentors_for(row["wanting_mentor"], "one_to_one", 1, 1)
    assert cum > 100 and longest > 3  # a shortage there was
    assert model.latest["pool_size"] <= 6


def test_nobody_waits_with_an_ample_pool():
    # no review at the year end: a mentor removed in December leaves mentees waiting until January
    sc = Scenario().with_overrides({**TINY, "population.initial_pool_size": 80, "pairing.form": "one_to_many",
                                     "pairing.mentees_per_mentor": 4, "pool.review_enabled": False,
                                     "pool.negative_list_rate": 0.0})  # fmt: skip
    model = CadreModel(params=sc, rng=5)
    for _ in range(sc.run.months):
        model.step()
        assert model.latest["waiting"] == 0, model.steps
    assert model.latest["cum_waiting_cadre_months"] == 0 and model.latest["longest_wait_months"] == 0
    assert model.latest["new_wanting"] >= 0 and model.latest["pool_needed"] > 0


def test_pool_needed_is_at_least_the_mentees_per_cap_and_no_less_than_any_month():
    sc = Scenario().with_overrides({**TINY, "pool.pool_cap": 10, "pairing.form": "one_to_many",
                                     "pairing.mentees_per_mentor": 3})  # fmt: skip
    model = CadreModel(params=sc, rng=2)
    peak = 0
    for _ in range(sc.run.months):
        model.step()
        row = model.latest
        assert row["mentors_needed"] >= math.ceil(row["mentees"] / 3)
        peak = max(peak, row["mentors_needed"])
        assert row["pool_needed"] == peak
    summary_needed = model.latest["pool_needed"]
    assert summary_needed > 10  # the cap was too small: the pool needed is more than the pool held


@pytest.mark.parametrize(
    ("people", "form", "per_mentor", "per_mentee", "mentors"),
    [
        (7, "one_to_one", 1, 1, 7),
        (7, "one_to_many", 3, 1, 3),
        (7, "many_to_one", 1, 2, 14),
        (7, "team", 3, 2, 6),  # three teams of two
        (6, "team", 3, 2, 4),
        (0, "team", 3, 2, 0),
    ],
)
def test_mentors_for_every_form(people, form, per_mentor, per_mentee, mentors):
    assert mentors_for(people, form, per_mentor, per_mentee) == mentors


def test_nobody_waits_without_a_programme():
    sc = Scenario().with_overrides({**TINY, "run.years": 1, "pairing.enabled": False})
    model = CadreModel(params=sc, rng=1)
    for _ in range(sc.run.months):
        model.step()
        assert model.latest["waiting"] == 0 and model.latest["mentors_needed"] == 0

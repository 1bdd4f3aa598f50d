"""Sizing the pool (sim/studies/pool): a queue with known answers, and a planted county whose demand is countable."""

import pandas as pd
import pytest

from sim.params.schema import Scenario
from sim.studies.pool.analysis import demand_of_run, months_kept, size_run, size_runs
from sim.studies.pool.queue import one_size_places, places_by_year
from sim.studies.pool.report import pool_report

TWO_YEARS = [2020] * 12 + [2021] * 12
THREE_YEARS = [2020 + m // 12 for m in range(36)]
EVERY_JANUARY = [10 if m % 12 == 0 else 0 for m in range(36)]


@pytest.mark.parametrize(("wait", "places"), [(0, 12), (5, 12), (6, 6), (7, 6)])
def test_twelve_at_once_for_six_months(wait, places):
    # 12 come at once and keep a place 6 months: half can wait 6 months for the first half's places
    assert places_by_year([12] + [0] * 23, TWO_YEARS, months_kept=6, wait=wait) == {2020: places, 2021: 0}


def test_a_place_kept_past_the_year_is_counted_in_the_next():
    assert places_by_year(EVERY_JANUARY, THREE_YEARS, 18, 0) == {2020: 10, 2021: 20, 2022: 20}
    # waiting 6 months lets 2021's ten take the places 2020's free in June; 2022's cannot wait a year
    assert places_by_year(EVERY_JANUARY, THREE_YEARS, 18, 6) == {2020: 10, 2021: 10, 2022: 20}


def test_more_wait_never_needs_a_larger_pool_of_one_size():
    arrivals = [(7 * m) % 23 for m in range(60)]
    years = [2000 + m // 12 for m in range(60)]
    one_size = [one_size_places(arrivals, 9, wait) for wait in (0, 2, 4, 8)]
    assert one_size == sorted(one_size, reverse=True) and one_size[0] > one_size[-1]
    assert one_size[0] == max(places_by_year(arrivals, years, 9, 0).values())  # no wait: the busiest year


# 30 recruits every August, nobody leaves, nobody competent: each keeps a mentor exactly 6 months; 2 a mentor
PLANTED = {
    "run.years": 3, "population.initial_cadres": 200, "population.units": 10, "population.initial_pool_size": 80,
    "population.share_young": 0.0, "population.share_independent": 0.55, "flows.intake_per_year": 30,
    "flows.attrition_young": 0.0, "flows.attrition_independent": 0.0, "flows.attrition_backbone": 0.0,
    "flows.attrition_mentor": 0.0, "pairing.pairing_months": 6, "growth.competence_threshold": 0.99,
    "pool.review_enabled": False, "pool.negative_list_rate": 0.0, "pairing.form": "one_to_many",
    "pairing.mentees_per_mentor": 2,
}  # fmt: skip


def test_a_planted_county_gets_the_pool_it_should():
    demand = demand_of_run(Scenario().with_overrides(PLANTED), {}, 3)
    assert sum(demand["arrivals"]) == 90 and max(demand["arrivals"]) == 30 and months_kept(demand) == 6
    by_year = size_run(demand, (0, 3, 6)).set_index("year")
    assert (by_year["arrivals"] == 30).all()
    assert (by_year["mentors_k0"] == 15).all()  # 30 at once, 2 a mentor
    assert (by_year["mentors_k3"] == 15).all()  # a 3-month wait does not reach the 6 months a place is kept
    assert (by_year["mentors_k6"] == 8).all()  # 15 now, 15 six months on: ceil(15 / 2)
    assert (by_year["one_size_k0"] == 15).all() and (by_year["one_size_k6"] == 8).all()


def test_the_report_names_each_structure_and_wait():
    demand = demand_of_run(Scenario().with_overrides(PLANTED), {}, 3)
    result = size_runs([("single", 0, 0, demand), ("higher_bar", 1, 0, demand)], (0, 6), "planted", sets=2)
    assert result.structures == ("single", "higher_bar")
    assert isinstance(result.table, pd.DataFrame) and set(result.table["wait"]) == {0, 6}
    en = pool_report(result, "en", plot=None)
    assert "## Model structure: single" in en and "## Model structure: higher_bar" in en
    assert "mentors for waits of at most 6 months" in en and "| 2005 | 30 |" in en
    assert "导师库要多大" in pool_report(result, "zh", plot=None)

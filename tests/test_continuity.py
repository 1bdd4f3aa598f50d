"""What the programme leaves that lasts: the pool's renewal and the capability kept after a stop (sim.model.continuity)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.model.run import simulate
from sim.params.scenario import load_scenario


@pytest.fixture(scope="module")
def anji():
    return load_scenario("anji")


def test_pool_renewal_is_home_grown_mentors_per_founder_at_the_peak(small):
    res = simulate(small, 4)
    series, s = res.series, res.summary
    peak = series.pool_founders_peak.to_numpy()
    assert (np.diff(peak) >= 0).all(), "the founders' peak never falls"
    assert peak[-1] == series.pool_gen_0.max() > 0
    last = series.iloc[-1]
    home_grown = sum(last[f"pool_gen_{g}"] for g in range(1, 10))
    assert home_grown == last.pool_size - last.pool_gen_0
    assert s["pool_renewal"] == pytest.approx(home_grown / peak[-1], rel=1e-12)


def test_no_programme_has_no_pool_renewal(small):
    res = simulate(small.with_overrides({"pairing.enabled": False, "population.initial_pool_size": 0}), 1)
    assert math.isnan(res.summary["pool_renewal"])


def test_pool_renewal_separates_a_starved_pool_from_anji(anji):
    """Anji by 2035: 1.58-1.60 over 3 seeds; entry willingness 0.005 (calibrated 0.134): 0.29-0.32."""
    for seed in (0, 1):
        sustained = simulate(anji.with_overrides({"run.end_year": 2035}), seed).summary
        starved = simulate(anji.with_overrides({"run.end_year": 2035, "pool.entry_willingness": 0.005}), seed).summary
        assert sustained["pool_renewal"] > 1.2, sustained["pool_renewal"]
        assert starved["pool_renewal"] < 0.5, starved["pool_renewal"]
    nobody = simulate(anji.with_overrides({"run.end_year": 2007, "pool.entry_willingness": 0.0}), 0).summary
    assert nobody["pool_renewal"] == 0.0  # the 4 pilot founders and nobody after them


# a small county whose programme stops after four years (January 2008) and runs five years on
STOP = {"run.years": 9, "programme.stop_year": 2008}
NO_EXITS = {
    "flows.attrition_young": 0.0,
    "flows.attrition_independent": 0.0,
    "flows.attrition_backbone": 0.0,
    "flows.attrition_mentor": 0.0,
    "flows.second_line_age": 70.0,
    "flows.retirement_age": 75.0,
}


def test_capability_is_undefined_without_a_stop_or_five_years_after_it(small):
    plain = simulate(small, 2)
    assert math.isnan(plain.summary["capability_kept_5y"])
    assert plain.series.capability_built.isna().all() and plain.series.capability_kept.isna().all()
    short = simulate(small.with_overrides({**STOP, "run.years": 8}), 2)  # four years after the stop
    assert math.isnan(short.summary["capability_kept_5y"])
    assert short.series.capability_kept.notna().sum() == 8 * 12 - 48 + 1  # from the last month of mentoring


def test_capability_kept_is_the_series_five_years_after_the_last_month_of_mentoring(small):
    res = simulate(small.with_overrides(STOP), 3)
    series, kept = res.series, res.summary["capability_kept_5y"]
    counted = series.capability_built.notna()
    last_mentoring = int(series.month[counted].iloc[0])
    assert last_mentoring == 48 and series.capability_built[counted].nunique() == 1
    assert series.capability_built[counted].iloc[0] > 10
    assert 0.0 <= kept <= 1.0 and kept == series.capability_kept[last_mentoring + 60]
    assert series.capability_kept[last_mentoring] == 1.0  # everyone counted was competent and in post then
    assert (np.diff(series.capability_kept[counted]) <= 1e-12).all()  # nobody counted comes back


def test_nothing_is_lost_without_exits_and_much_with_many(small):
    """Competent skills do not fade in this model: practice holds skill near r a / (r a + f), above the threshold.

    Without exits every cadre counted is kept (exactly 1 in 3 seeds); with 30% of backbones and
    mentors leaving a year about 0.7 ** 5 = 0.17 of them would be kept; allowed 0 to 0.35 over 3 seeds.
    """
    kept_all = [simulate(small.with_overrides({**STOP, **NO_EXITS}), s).summary["capability_kept_5y"] for s in range(3)]
    assert kept_all == [1.0, 1.0, 1.0]
    leaving = {**STOP, "flows.attrition_backbone": 0.3, "flows.attrition_mentor": 0.3}
    kept_few = [simulate(small.with_overrides(leaving), s).summary["capability_kept_5y"] for s in range(3)]
    assert 0.0 <= np.mean(kept_few) < 0.35, kept_few


def test_anji_keeps_what_attrition_leaves_and_stopping_costs_backbones(anji):
    """Anji stopped in 2015, run to 2020: kept 0.86 (3% of backbones leave a year: 0.97 ** 5 = 0.86).

    Tolerance: each of 2 seeds within 0.80-0.92 (3 seeds gave 0.860-0.867). Against never stopping,
    the share of backbones in 2020 is lower in each seed.
    """
    for seed in (0, 1):
        stopped = simulate(anji.with_overrides({"programme.stop_year": 2015, "run.end_year": 2020}), seed).summary
        going = simulate(anji.with_overrides({"run.end_year": 2020}), seed).summary
        assert 0.80 <= stopped["capability_kept_5y"] <= 0.92, stopped["capability_kept_5y"]
        assert stopped["backbone_share"] < going["backbone_share"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_report_shows_the_capability_only_for_a_programme_that_stops(small, lang):
    from sim.studies.run.report import figure_rows, run_report

    label = {"zh": "停止帮带5年后能力留存", "en": "capability kept 5 years after a stop"}[lang]
    stopped = simulate(small.with_overrides(STOP), 3)
    plain = simulate(small, 3)
    rows = {row[0]: row[1] for row in figure_rows(stopped, lang)}
    assert label in rows and rows[label] != "n/a"
    assert label not in {row[0] for row in figure_rows(plain, lang)}
    assert f"| {label} |" in run_report(stopped, [], lang)
    assert f"| {label} |" not in run_report(plain, [], lang)  # named among the figures left out


def test_the_stopped_variant_is_anji_but_for_its_stop(anji):
    stop = load_scenario("anji_stop")
    assert (stop.programme.stop_year, stop.programme.stop_month) == (2015, 1)
    assert stop.model_dump(exclude={"run", "programme"}) == anji.model_dump(exclude={"run", "programme"})
    words = {"name", "description", "description_zh"}
    assert stop.run.model_dump(exclude=words) == anji.run.model_dump(exclude=words)

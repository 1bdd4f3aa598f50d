"""Anchors from the research literature: the series columns they read, their target file, the growth law's shape.

Sandvik et al. 2020 (the uplift of a randomly assigned mentor within six months) and Lyle & Smith
2014 (a mentorship lasts about 18 months) are numbers, read by the series columns
``mentoring_uplift_6m`` and ``mean_pair_months`` (``sim/model/outcomes.py`` says how) and held by
``calibration/targets/literature.toml``. Heathcote, Brown & Mewhort 2000 (individual learning
curves are exponential, not power functions) is about the shape of the growth law
(``sim/model/growth.py``): checked here on simulated skill curves.
"""

import math

import numpy as np
import pytest
from conftest import ROOT, SMALL
from scipy.optimize import curve_fit

from sim.model.decisions import aspect_mean
from sim.model.kinds import Kind
from sim.model.model import CadreModel
from sim.model.outcomes import series_columns
from sim.model.run import simulate
from sim.params.schema import Scenario
from sim.studies.calibrate.targets import load_targets

LITERATURE = ROOT / "calibration" / "targets" / "literature.toml"
ANCHOR_COLUMNS = ["pairs_ended", "mean_pair_months", "mentees_followed_6m", "mentoring_uplift_6m", "gain_ratio_6m"]
TWO_YEARS = {**SMALL, "run.years": 2}


def run(**overrides):
    return simulate(Scenario().with_overrides({**TWO_YEARS, **overrides}), 5)


def test_the_anchor_columns_are_in_the_series():
    assert set(ANCHOR_COLUMNS) <= set(series_columns())
    assert set(ANCHOR_COLUMNS) <= set(run().series.columns)


def test_without_mentoring_there_is_no_uplift_and_no_pair_to_measure():
    series = run(**{"pairing.enabled": False}).series
    assert (series["pairs_ended"] == 0).all() and (series["mentees_followed_6m"] == 0).all()
    assert series["mentoring_uplift_6m"].isna().all() and series["gain_ratio_6m"].isna().all()
    assert series["mean_pair_months"].isna().all()


def test_mentoring_that_teaches_nothing_gives_no_uplift():
    """Pairs form but pull nothing: the counterfactual (doing alone) is exactly what happened.

    This holds only if the counterfactual follows the growth law month for month over exactly
    the six months the mentee has grown (one month more or fewer and the uplift is not zero).
    """
    series = run(**{"growth.mentoring_rate": 0.0}).series
    last = series.iloc[-1]
    assert last["mentees_followed_6m"] > 20
    assert abs(last["mentoring_uplift_6m"]) < 1e-9
    assert last["gain_ratio_6m"] == pytest.approx(1.0, abs=1e-6)


def test_mentoring_raises_skill_above_doing_alone_and_more_mentoring_raises_it_more():
    weak = run(**{"growth.mentoring_rate": 0.03}).series.iloc[-1]
    strong = run(**{"growth.mentoring_rate": 0.12}).series.iloc[-1]
    assert 0 < weak["mentoring_uplift_6m"] < strong["mentoring_uplift_6m"]
    assert 1 < weak["gain_ratio_6m"] < strong["gain_ratio_6m"]
    # the uplift is a level (skill over skill), the gain ratio a speed: the level moves less
    assert strong["mentoring_uplift_6m"] < strong["gain_ratio_6m"] - 1


def test_mean_pair_months_is_the_mean_length_of_the_ended_pairs_of_pairs_csv():
    result = simulate(Scenario().with_overrides(SMALL), 3)
    pairs = result.pairs
    ended = pairs[pairs.end_month >= 0]
    last = result.series.iloc[-1]
    assert len(set(ended.end_reason)) > 1  # pairs end for several reasons here
    assert last["pairs_ended"] == len(ended)
    assert last["mean_pair_months"] == pytest.approx((ended.end_month - ended.start_month).mean())


def test_pairs_last_pairing_months_when_nothing_ends_them_early():
    result = run(
        **{
            "pairing.pairing_months": 9,
            "flows.attrition_young": 0.0,
            "flows.attrition_independent": 0.0,
            "flows.attrition_backbone": 0.0,
            "flows.attrition_mentor": 0.0,
            "population.share_young": 0.0,  # mentees are recruits, with their whole window ahead
            "population.share_independent": 0.55,
            "population.share_backbone": 0.45,  # nobody near retirement: no veterans at the start,
            "population.share_second_line": 0.0,  # the oldest at the second-line age, far below 75
            "flows.retirement_age": 75.0,
            "flows.mentee_window_years": 5.0,
            "growth.competence_threshold": 1.0,
            "pool.review_enabled": False,
            "pool.negative_list_rate": 0.0,
        }
    )
    ended = result.pairs[result.pairs.end_month >= 0]
    assert len(ended) > 20 and set(ended.end_reason) == {"completed"}
    assert result.series["mean_pair_months"].iloc[-1] == 9


def test_the_literature_file_validates_and_reads_a_run():
    targets = load_targets(LITERATURE)
    assert targets.scenario == "any"
    assert {t.quantity for t in targets.targets} == {"mentoring_uplift_6m", "mean_pair_months"}
    for t in targets.targets:
        assert t.measure == "final" and t.source.startswith("literature:")
        low, high = t.band if t.band is not None else (t.low, t.high)  # a wide band, or a reported range
        assert low is not None and high is not None and low <= t.value < high
    result = run()
    values = targets.read_all(result.series, result.scenario.run)
    assert all(math.isfinite(v) for v in values.values()), values
    assert math.isfinite(targets.score(values))


def test_a_county_file_takes_in_the_literature(tmp_path):
    county = tmp_path / "county.toml"
    county.write_text(
        f'scenario = "anji"\ninclude = ["{LITERATURE.as_posix()}"]\n'
        '[[target]]\nname = "pool"\nplace = "p"\nwhat = "w"\nvalue = 500\nat = "2025-05"\nquantity = "pool_size"\n'
        'source = "s"\n'
    )
    targets = load_targets(county)
    assert [t.name for t in targets.targets] == ["pool", "uplift_6m_literature", "pair_months_literature"]
    assert targets.included == (str(LITERATURE),)


# Heathcote, Brown & Mewhort 2000: an exponential approach to the ceiling fits individual learning
# curves better than a power function. Both forms have three parameters, so residuals compare.


def exponential(t, ceiling, gap, rate):
    return ceiling - gap * np.exp(-rate * t)


def power(t, ceiling, gap, rate):
    return ceiling - gap * t ** (-rate)


def residual(form, t, y, rate0):
    """Sum of squared residuals of the least-squares fit of ``form`` to the curve ``y``."""
    try:
        fitted, _ = curve_fit(form, t, y, p0=(y[-1] + 0.1, 0.2, rate0), maxfev=20_000)
    except RuntimeError:  # no fit at all: as bad as can be
        return math.inf
    return float(((form(t, *fitted) - y) ** 2).sum())


def exponential_beats_power(t, y):
    """Residuals of the exponential and of the power fit of one curve."""
    return residual(exponential, t, y, 0.05), residual(power, t, y, 0.5)


def cohort_curves(mentoring: bool, months: int = 48):
    """Mean skill (cadres x months since hire) of the first intake of recruits, who all stay in post."""
    model = CadreModel(
        params=None,
        rng=3,
        **{
            "run.years": 6,
            "population.initial_cadres": 300,
            "population.units": 20,
            "population.initial_pool_size": 40,
            "flows.intake_per_year": 60,
            "flows.attrition_young": 0.0,
            "flows.attrition_independent": 0.0,
            "pairing.enabled": mentoring,
        },
    )
    cohort, rows = None, []
    while model.running and len(rows) < months:
        model.step()
        if cohort is None and model.month_intake:
            cohort = model.newcomers[model.pop.kind[model.newcomers] == Kind.RECRUIT]
        if cohort is not None:
            rows.append(aspect_mean(model.pop.skill[cohort]))
    return np.array(rows).T, model.pop.mentored_months[cohort]


@pytest.mark.parametrize("mentoring", [False, True], ids=["learning by doing", "with mentoring"])
def test_learning_curves_are_exponential_not_power(mentoring):
    curves, mentored = cohort_curves(mentoring)
    if mentoring:  # the recruits mentored for a year or more, who grow faster for it
        curves = curves[mentored >= 12]
        assert len(curves) >= 20
        alone, _ = cohort_curves(False)
        assert curves.mean(axis=0)[-1] > alone.mean(axis=0)[-1] + 0.02
    t = np.arange(1, curves.shape[1] + 1, dtype=float)
    exp_mean, pow_mean = exponential_beats_power(t, curves.mean(axis=0))
    assert exp_mean < 0.1 * pow_mean, (exp_mean, pow_mean)  # the cohort's mean curve
    fits = np.array([exponential_beats_power(t, y) for y in curves])
    assert np.mean(fits[:, 0] < fits[:, 1]) >= 0.95  # individual curves


def test_the_curve_comparison_tells_a_power_law_from_an_exponential():
    """The comparison is not rigged: a power-law learner is recognised as one."""
    t = np.arange(1, 49, dtype=float)
    rng = np.random.default_rng(1)
    learner = 0.8 - 0.5 * t**-0.6 + rng.normal(0, 0.002, len(t))
    exp_fit, pow_fit = exponential_beats_power(t, learner)
    assert pow_fit < exp_fit

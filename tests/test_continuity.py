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
        nobody = simulate(anji.with_overrides({"run.end_year": 2012, "pool.entry_willingness": 0.0}), seed).summary
        assert sustained["pool_renewal"] > 1.2, sustained["pool_renewal"]
        assert starved["pool_renewal"] < 0.5, starved["pool_renewal"]
        assert nobody["pool_renewal"] == 0.0  # the 4 pilot founders and nobody after them

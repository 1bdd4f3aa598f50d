from pathlib import Path

import pytest

from sim.params.schema import Scenario

ROOT = Path(__file__).resolve().parent.parent

# A small county: fast enough to run every month's invariants in tests.
SMALL = {
    "run.years": 6,
    "population.initial_cadres": 400,
    "population.units": 30,
    "population.initial_pool_size": 25,
    "flows.intake_per_year": 40,
    "pool.entry_willingness": 0.2,
}


# A scenario file for sweep and experiment tests: two years of a tiny county.
TINY_SCENARIO = """
[run]
name = "tiny"
years = 2
[population]
initial_cadres = 200
units = 10
initial_pool_size = 8
[flows]
intake_per_year = 20
"""


@pytest.fixture
def small() -> Scenario:
    return Scenario().with_overrides(SMALL)

from pathlib import Path

import pytest

from sim.params.schema import Scenario

ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--perf",
        action="store_true",
        help="also run the timed performance guard (marker perf): `.venv/bin/python -m pytest --perf -m perf`",
    )
    parser.addoption(
        "--long",
        action="store_true",
        help="also run the long tests (marker long): `.venv/bin/python -m pytest --long`",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Timed tests (marker ``perf``) only on request: wall time on a shared or busy machine says little.

    Long tests (marker ``long``: repeated kill tries, the whole Chinese guide, the lever tables, the SIMD
    variant of the regression check) only with ``--long``: the default run stays under ten minutes on two cores.

    Tests that need a CJK font to draw Chinese in pictures (marker ``cjk``) skip, saying why, without one.
    """
    if not config.getoption("--perf"):
        skip = pytest.mark.skip(
            reason="timed performance guard: opt in with --perf (a quiet machine, see docs/testing.md)"
        )
        for item in items:
            if "perf" in item.keywords:
                item.add_marker(skip)
    if not config.getoption("--long"):
        skip = pytest.mark.skip(reason="a long test (the default run stays under ten minutes): opt in with --long")
        for item in items:
            if "long" in item.keywords:
                item.add_marker(skip)
    if any("cjk" in item.keywords for item in items):
        from sim.output.plotting import NO_FONT_NOTICE, chinese_font

        if chinese_font() is None:
            skip = pytest.mark.skip(reason=f"draws Chinese text in pictures: {NO_FONT_NOTICE}")
            for item in items:
                if "cjk" in item.keywords:
                    item.add_marker(skip)


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
def tiny(tmp_path: Path) -> Scenario:
    """TINY_SCENARIO as a bundled-like file read by ``load_scenario``."""
    from sim.params.scenario import load_scenario

    (tmp_path / "tiny.toml").write_text(TINY_SCENARIO)
    return load_scenario(tmp_path / "tiny.toml")


@pytest.fixture
def small() -> Scenario:
    return Scenario().with_overrides(SMALL)

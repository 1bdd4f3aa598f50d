"""History matching: implausibility by kind of figure, waves that close in on a planted value, a
resumed match that redoes nothing, and a fit folder whose plausible sets come from it."""

import math

import numpy as np
import pandas as pd
import pytest
from conftest import TINY_SCENARIO
from test_calibration import TARGETS, target

from sim.params.scenario import load_scenario
from sim.studies.calibrate.fit import evaluate, fit, load_free, run_targets
from sim.studies.calibrate.history import CUTOFF, DISCREPANCY, history_match, implausibility
from sim.studies.calibrate.report import write_fit
from sim.studies.calibrate.targets import load_targets

TRUTH = 0.3
SEEDS = [11, 12, 13]
CALLS: list[dict] = []


def counted(base, overrides, seed):
    CALLS.append(overrides)
    return run_targets(base, overrides, seed)


def test_implausibility_by_kind_of_figure():
    about = target(likelihood="normal", tolerance=0.1)
    scale = math.sqrt(10.0**2 + 4.0**2 + (DISCREPANCY * 100) ** 2)
    assert implausibility(about, 100.0, 4.0) == 0.0
    assert implausibility(about, 130.0, 4.0) == pytest.approx(30 / scale)
    counts = target(kind="at_least", margin=0.25)  # Poisson: the report's own variance is the count
    assert implausibility(counts, 110.0, 3.0) == 0.0 and implausibility(counts, 125.0, 3.0) == 0.0
    assert implausibility(counts, 80.0, 3.0) == pytest.approx(20 / math.sqrt(100 + 9 + 25))
    assert implausibility(counts, 140.0, 3.0) == pytest.approx(15 / math.sqrt(100 + 9 + 25))
    band = target(likelihood="normal", band=(60.0, 160.0), kind="about")
    assert implausibility(band, 150.0, 0.0) == 0.0 and implausibility(band, 170.0, 0.0) > 0
    assert implausibility(about, math.nan, 1.0) == math.inf


@pytest.fixture
def planted(tmp_path):
    """A tiny county whose pool at the end was made with entry willingness TRUTH."""
    (tmp_path / "tiny.toml").write_text(TINY_SCENARIO)
    tiny = load_scenario(tmp_path / "tiny.toml")
    (tmp_path / "t.toml").write_text(TARGETS.format(value=1, at="2005-12"))
    probe = load_targets(tmp_path / "t.toml")
    made = np.mean([r["pool_end"] for r in evaluate(tiny, probe, {"pool.entry_willingness": TRUTH}, SEEDS, workers=1)])
    (tmp_path / "t.toml").write_text(TARGETS.format(value=made, at="2005-12"))
    (tmp_path / "free.toml").write_text(
        '[parameters]\n"pool.entry_willingness" = { min = 0.02, max = 0.9, log = true }\n'
    )
    return tiny, load_targets(tmp_path / "t.toml"), load_free(tmp_path / "free.toml", tiny)


def test_waves_close_in_on_a_planted_value_and_resume_without_redoing(planted, tmp_path):
    tiny, targets, free = planted
    kw = {"points": 12, "replicates": 3, "seed": 5, "run_fn": counted, "workers": 1}
    CALLS.clear()
    one = history_match(tiny, targets, free, tmp_path / "fit", waves=1, **kw)
    assert len(CALLS) == 12 * 3 and len(one.points) == 12
    CALLS.clear()
    two = history_match(tiny, targets, free, tmp_path / "fit", waves=2, **kw)
    assert len(CALLS) == 12 * 3  # wave 1 read back from its file, only wave 2 ran
    pd.testing.assert_frame_equal(two.points[two.points.wave == 1].reset_index(drop=True), one.points)
    kept = two.plausible["pool.entry_willingness"]
    assert len(kept) >= 2 and (two.plausible["implausibility"] <= CUTOFF).all()
    assert kept.min() <= TRUTH * 1.5 and kept.max() >= TRUTH / 1.5  # the truth is not ruled out
    lo, hi = two.boxes[1]["pool.entry_willingness"]
    assert (lo, hi) != (0.02, 0.9) and lo <= TRUTH <= hi  # wave 2 samples a smaller box around it
    ruled_out = two.points[two.points["implausibility"] > CUTOFF]["pool.entry_willingness"]
    assert ((ruled_out < TRUTH / 1.5) | (ruled_out > TRUTH * 1.5)).mean() > 0.8  # far values are ruled out


def test_the_fit_folder_takes_its_plausible_sets_from_history_matching(planted, tmp_path):
    tiny, targets, free = planted
    report = write_fit(
        fit(tiny, targets, free, tmp_path / "fit", trials=6, replicates=2, seed=3, workers=1, waves=1, points=8)
    )
    text = report.read_text(encoding="utf-8")
    assert "History matching" in text and "| 1 | 8 |" in text
    history = pd.read_csv(tmp_path / "fit" / "history.csv")
    ensemble = pd.read_csv(tmp_path / "fit" / "ensemble.csv")
    assert len(history) == 8 and (ensemble["implausibility"] <= CUTOFF).all()
    assert set(ensemble["point"]) <= set(history["point"])


def test_history_matching_on_dask_gives_the_same_sets_as_on_one_process(planted, tmp_path):
    distributed = pytest.importorskip("distributed")
    tiny, targets, free = planted
    kw = {"waves": 1, "points": 4, "replicates": 2, "seed": 9, "run_fn": run_targets}
    serial = history_match(tiny, targets, free, tmp_path / "one", workers=1, **kw)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        spread = history_match(tiny, targets, free, tmp_path / "dask", scheduler=c.scheduler_address, **kw)
    pd.testing.assert_frame_equal(spread.points, serial.points, check_exact=True)

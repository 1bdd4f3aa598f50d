"""Calibration: targets as data, their likelihoods, and a resumable fit that recovers a known value."""

import math

import numpy as np
import pandas as pd
import pytest
from conftest import TINY_SCENARIO

from sim.explore.calibrate import evaluate, load_free, run_study, trials_table
from sim.explore.targets import Target, TargetError, load_targets
from sim.params.scenario import load_scenario
from sim.params.schema import RunParams

TARGETS = """
scenario = "tiny"
[[target]]
name = "pool_end"
place = "a tiny county"
what = "mentors in the pool at the end"
value = {value}
kind = "about"
at = "{at}"
quantity = "pool_size"
source = "synthetic: made by the model itself"
"""


def target(**extra) -> Target:
    spec = {"name": "x", "place": "p", "what": "w", "value": 100.0, "quantity": "cum_pairs", "source": "s"}
    return Target.model_validate({**spec, "at": "2005-01", **extra})


def test_stock_and_flow_targets_read_the_right_calendar_months():
    run = RunParams(start_year=2004, start_month=4, years=2)
    series = pd.DataFrame({"cum_pairs": np.arange(25) * 10.0})  # month m holds 10 m
    assert target(at="2004-04").read(series, run) == 10  # the start month is model month 1
    assert target(at="2005-03").read(series, run) == 120
    flow = target(measure="flow", at="", **{"from": "2004-06", "to": "2004-12"})
    assert flow.read(series, run) == 90 - 20  # from the month before June (month 2) to December (month 9)
    assert math.isnan(target(at="2030-01").read(series, run))  # beyond the run


def test_likelihoods_by_kind():
    about = target()
    assert about.deviance(100) == 0 and about.deviance(90) > 0 and about.deviance(110) > 0
    assert about.deviance(80) > about.deviance(90)
    at_least = target(kind="at_least", margin=0.25)
    assert at_least.deviance(100) == at_least.deviance(120) == 0  # "100+" met from 100 to 125
    assert at_least.deviance(90) > 0 and at_least.deviance(200) > 0
    assert at_least.met_within(95) and not at_least.met_within(200)
    at_most = target(kind="at_most")
    assert at_most.deviance(50) == 0 and at_most.deviance(150) > 0
    share = target(likelihood="normal", tolerance=0.05, value=1.4)
    assert share.deviance(1.4 * 1.05) == pytest.approx(1.0)
    assert about.deviance(float("nan")) == math.inf


def test_bad_target_files_name_the_file_the_target_and_the_key(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'scenario = "tiny"\nextra = 1\n'
        '[[target]]\nname = "a"\nplace = "p"\nwhat = "w"\nvalue = 3\nat = "2025-13"\nquantity = "pool_size"\nsource = "s"\n'
        '[[target]]\nname = "b"\nplace = "p"\nwhat = "w"\nvalue = 3\nat = "2025-01"\nquantity = "nope"\nsource = "s"\nunknown = 2\n'
        '[[target]]\nname = "c"\nplace = "p"\nwhat = "w"\nvalue = 3\nmeasure = "flow"\nfrom = "2025-05"\nto = "2025-01"\n'
        'quantity = "cum_pairs"\nsource = "s"\n'
        '[[target]]\nname = "d"\nplace = "p"\nwhat = "w"\nvalue = 3\nat = "2025-01"\nkind = "roughly"\n'
        'quantity = "pool_size"\nsource = "s"\n'
    )
    with pytest.raises(TargetError) as e:
        load_targets(bad)
    text = str(e.value)
    for part in (
        "bad.toml",
        "unknown top-level keys",
        "target a",
        "YYYY-MM",
        "target b",
        "series.csv",
        "unknown",
        "target c",
        "after",
    ):
        assert part in text, part


@pytest.fixture
def tiny(tmp_path):
    (tmp_path / "tiny.toml").write_text(TINY_SCENARIO)
    return load_scenario(tmp_path / "tiny.toml")


def test_free_parameters_are_checked_against_the_schema(tiny, tmp_path):
    free = tmp_path / "free.toml"
    free.write_text(
        '[parameters]\n"pool.entry_willingness" = { min = 0.01, max = 2.0 }\nnot_a_key = { min = 0, max = 1 }\n'
    )
    with pytest.raises(TargetError) as e:
        load_free(free, tiny)
    assert "entry_willingness" in str(e.value) and "not_a_key" in str(e.value)
    free.write_text('[parameters]\n"flows.intake_per_year" = { min = 10, max = 40 }\n')
    (p,) = load_free(free, tiny)
    assert p.integer and (p.low, p.high) == (10, 40)


def test_common_random_numbers_give_the_same_runs(tiny, tmp_path):
    (tmp_path / "t.toml").write_text(TARGETS.format(value=10, at="2005-12"))
    targets = load_targets(tmp_path / "t.toml")
    a = evaluate(tiny, targets, {"pool.entry_willingness": 0.1}, [1, 2], workers=1)
    b = evaluate(tiny, targets, {"pool.entry_willingness": 0.1}, [1, 2], workers=1)
    assert a == b and a[0] != a[1]


def test_the_fit_recovers_a_known_value_and_resumes_without_redoing_trials(tiny, tmp_path):
    truth = 0.3
    seeds = [11, 12, 13]
    (tmp_path / "t.toml").write_text(TARGETS.format(value=1, at="2005-12"))
    probe = load_targets(tmp_path / "t.toml")
    made = np.mean([r["pool_end"] for r in evaluate(tiny, probe, {"pool.entry_willingness": truth}, seeds, workers=1)])
    (tmp_path / "t.toml").write_text(TARGETS.format(value=made, at="2005-12"))
    targets = load_targets(tmp_path / "t.toml")
    (tmp_path / "free.toml").write_text('[parameters]\n"pool.entry_willingness" = { min = 0.02, max = 0.9 }\n')
    free = load_free(tmp_path / "free.toml", tiny)
    folder = tmp_path / "fit"
    first = run_study(tiny, targets, free, folder, trials=12, replicates=3, seed=5)
    numbers = {t.number: t.params for t in first.trials}
    again = run_study(tiny, targets, free, folder, trials=25, replicates=3, seed=5)
    table = trials_table(again, free, targets)
    assert len(table) == 25  # 12 kept, 13 new: nothing redone
    assert all(again.trials[n].params == p for n, p in numbers.items())
    best = table.iloc[0]["pool.entry_willingness"]
    assert abs(best - truth) < 0.15, best  # the target pins the willingness (pool size is steep in it)
    (tmp_path / "other.toml").write_text(TARGETS.format(value=5, at="2005-12").replace('"pool_end"', '"other"'))
    with pytest.raises(TargetError, match="holds a fit of"):
        run_study(tiny, load_targets(tmp_path / "other.toml"), free, folder, trials=1, replicates=1, seed=5)

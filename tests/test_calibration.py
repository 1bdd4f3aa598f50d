"""Calibration: targets as data, their likelihoods, and a resumable fit that recovers a known value."""

import math

import numpy as np
import pandas as pd
import pytest
from conftest import TINY_SCENARIO

from sim.params.scenario import load_scenario
from sim.params.schema import RunParams
from sim.studies.calibrate.fit import evaluate, load_free, run_study, trials_table
from sim.studies.calibrate.history import implausibility
from sim.studies.calibrate.targets import Target, TargetError, load_targets

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


# Literature anchors: read at the run's last month, with a wide band; files that include others.

ENTRY = '[[target]]\nname = "{name}"\nplace = "p"\nwhat = "w"\nvalue = 3\nat = "2025-01"\nquantity = "pool_size"\nsource = "s"\n'


def test_a_final_target_reads_the_last_month_and_takes_no_date():
    run = RunParams(start_year=2004, start_month=4, years=2)
    series = pd.DataFrame({"cum_pairs": np.arange(25) * 10.0})
    assert target(measure="final", at="").read(series, run) == 240
    assert math.isnan(target(measure="final", at="").read(series.iloc[:0], run))
    with pytest.raises(ValueError, match="no at, from or to"):
        target(measure="final")  # at = "2005-01" from target()


def test_a_band_is_met_inside_it_and_scored_by_its_own_side():
    wide = target(likelihood="normal", value=0.18, band=(0.05, 0.40))
    assert wide.deviance(0.18) == 0
    assert wide.deviance(0.05) == pytest.approx(1.96**2) and wide.deviance(0.40) == pytest.approx(1.96**2)
    assert wide.deviance(0.12) > wide.deviance(0.24)  # the band is narrower below the figure
    assert wide.met_within(0.06) and wide.met_within(0.39) and not wide.met_within(0.41)
    for bad, why in (
        ({"band": (0.2, 0.4)}, "inside"),
        ({"band": (0.05, 0.4), "likelihood": "poisson"}, "likelihood"),
        ({"band": (0.05, 0.4), "kind": "at_least"}, "kind"),
        ({"band": (0.05, 0.4), "tolerance": 0.5}, "not both"),
    ):
        with pytest.raises(ValueError, match=why):
            target(**{"likelihood": "normal", "value": 0.18, **bad})


@pytest.mark.parametrize("likelihood", ["poisson", "normal"])
def test_a_reported_band_is_met_inside_it_and_missed_alike_on_both_sides(likelihood):
    """3800多 (3,800 to 3,899): 0 anywhere inside, growing with the distance outside, the same below and above."""
    band = target(kind="between", value=3800, low=3800, high=3899, likelihood=likelihood)
    for inside in (3800, 3850, 3899):
        assert band.deviance(inside) == 0 and implausibility(band, inside, 30.0) == 0
    for d in (1.0, 50.0, 400.0):
        below, above = band.deviance(3800 - d), band.deviance(3899 + d)
        assert below > 0 and below == pytest.approx(above)
        low_side, high_side = implausibility(band, 3800 - d, 30.0), implausibility(band, 3899 + d, 30.0)
        assert low_side > 0 and low_side == pytest.approx(high_side)
    assert band.deviance(3000) > band.deviance(3700) and band.deviance(4600) > band.deviance(4000)
    # same units as an "about" figure at the band's midpoint: one tolerance (or Poisson sd) out scores 1
    sd = math.sqrt(3849.5) if likelihood == "poisson" else 0.10 * 3849.5
    assert band.deviance(3899 + sd) == pytest.approx(1.0)
    # the old reading ("at least, up to 25% above") met 4,463 pairs; the band does not
    assert target(kind="at_least", value=3800).deviance(4463) == 0 and band.deviance(4463) > 2
    assert band.met_within(3800 * 0.91) and band.met_within(3899 * 1.09) and not band.met_within(3899 * 1.11)
    for bad, why in (
        ({"low": 3800}, "needs low and high"),
        ({"low": 3900, "high": 3999}, "must hold"),
        ({"low": 3800, "high": 3899, "margin": 0.25}, "no band, no margin"),
    ):
        with pytest.raises(ValueError, match=why):
            target(**{"kind": "between", "value": 3800, **bad})
    with pytest.raises(ValueError, match="for kind = 'between'"):
        target(low=90, high=110)


def write(path, scenario="tiny", include=(), names=()):
    head = f'scenario = "{scenario}"\n' + (f"include = {list(include)!r}\n".replace("'", '"') if include else "")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(head + "".join(ENTRY.format(name=n) for n in names))
    return path


def test_a_target_file_includes_others_relative_to_itself(tmp_path):
    write(tmp_path / "shared" / "literature.toml", scenario="any", names=["anchor"])
    write(tmp_path / "shared" / "more.toml", scenario="tiny", include=["literature.toml"], names=["more"])
    top = write(tmp_path / "county" / "tiny.toml", include=["../shared/more.toml"], names=["own"])
    targets = load_targets(top)
    assert [t.name for t in targets.targets] == ["own", "more", "anchor"]
    assert targets.scenario == "tiny"
    assert targets.included == (str(tmp_path / "shared" / "more.toml"), str(tmp_path / "shared" / "literature.toml"))
    only = write(tmp_path / "only.toml", include=["shared/literature.toml"])  # no targets of its own
    assert [t.name for t in load_targets(only).targets] == ["anchor"]


def test_include_errors_name_the_files(tmp_path):
    missing = write(tmp_path / "missing.toml", include=["nowhere.toml"], names=["a"])
    with pytest.raises(TargetError, match=r"missing\.toml: include 'nowhere\.toml': no such target file"):
        load_targets(missing)
    write(tmp_path / "a.toml", include=["b.toml"], names=["a"])
    write(tmp_path / "b.toml", include=["a.toml"], names=["b"])
    with pytest.raises(
        TargetError, match=r"b\.toml: include 'a\.toml' makes a cycle \(a\.toml -> b\.toml -> a\.toml\)"
    ):
        load_targets(tmp_path / "a.toml")
    itself = write(tmp_path / "itself.toml", include=["itself.toml"], names=["i"])
    with pytest.raises(TargetError, match="cycle"):
        load_targets(itself)
    write(tmp_path / "lit.toml", scenario="any", names=["same"])
    twice = write(tmp_path / "twice.toml", include=["lit.toml"], names=["same"])
    with pytest.raises(TargetError) as e:
        load_targets(twice)
    assert "'same' is given 2 times" in str(e.value) and "twice.toml" in str(e.value) and "lit.toml" in str(e.value)
    write(tmp_path / "other.toml", scenario="guyuan", names=["g"])
    foreign = write(tmp_path / "foreign.toml", include=["other.toml"], names=["f"])
    with pytest.raises(TargetError, match="holds targets for scenario 'guyuan', not 'tiny'"):
        load_targets(foreign)
    (tmp_path / "broken.toml").write_text('scenario = "any"\n[[target]]\nname = "x"\n')
    via = write(tmp_path / "via.toml", include=["broken.toml"], names=["v"])
    with pytest.raises(TargetError) as e:
        load_targets(via)
    assert "broken.toml: target x" in str(e.value) and "included by" in str(e.value) and "via.toml" in str(e.value)
    (tmp_path / "bad.toml").write_text('scenario = "tiny"\ninclude = "lit.toml"\n' + ENTRY.format(name="b"))
    with pytest.raises(TargetError, match="include must be a list"):
        load_targets(tmp_path / "bad.toml")
    (tmp_path / "empty.toml").write_text('scenario = "tiny"\n')
    with pytest.raises(TargetError, match="no \\[\\[target\\]\\] entries"):
        load_targets(tmp_path / "empty.toml")

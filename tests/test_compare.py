"""Policy comparison: statistics against known cases, common random numbers, the CLI."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from typer.testing import CliRunner

from sim.cli import app as cli_app
from sim.params.scenario import parse_assignments
from sim.params.schema import Scenario
from sim.runs.stats import mean_ci, paired_difference
from sim.studies.compare.analysis import difference_table, run_compare, summary_table
from sim.studies.compare.report import write_compare

TINY = {
    "run.years": 3,
    "population.initial_cadres": 300,
    "population.units": 20,
    "population.initial_pool_size": 12,
    "flows.intake_per_year": 40,
}

TINY_TOML = """
[run]
name = "{name}"
years = 3
[population]
initial_cadres = 300
units = 20
initial_pool_size = 12
[flows]
intake_per_year = 40
[pairing]
enabled = {enabled}
"""


def tiny(**extra) -> Scenario:
    return Scenario().with_overrides({**TINY, **extra})


# ---- statistics, known cases --------------------------------------------------------------
def test_mean_ci_matches_scipy():
    x = np.random.default_rng(1).normal(10, 2, size=25)
    ci = mean_ci(x)
    lo, hi = stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
    assert (ci.mean, ci.n) == (pytest.approx(x.mean()), 25)
    assert ci.low == pytest.approx(lo) and ci.high == pytest.approx(hi)
    assert np.isnan(mean_ci([3.0]).low) and mean_ci([2.0, 2.0]).low == 2.0


def test_paired_difference_matches_scipy():
    rng = np.random.default_rng(2)
    a = rng.normal(100, 10, size=30)
    b = a + 3 + rng.normal(0, 1, size=30)  # b beats a by ~3
    d = paired_difference(a, b)
    t = stats.ttest_rel(b, a)
    lo, hi = t.confidence_interval(0.95)
    assert d.mean == pytest.approx(np.mean(b - a))
    assert (d.low, d.high) == (pytest.approx(lo), pytest.approx(hi))
    assert d.t_p == pytest.approx(t.pvalue) and d.t_p < 1e-6
    assert d.wilcoxon_p == pytest.approx(stats.wilcoxon(b - a).pvalue)
    assert d.significant and d.low > 0


def test_identical_samples_give_zero_difference():
    a = np.random.default_rng(3).normal(size=10)
    d = paired_difference(a, a.copy())
    assert d.mean == 0 and d.low <= 0 <= d.high and d.t_p == 1.0 and not d.significant


def test_pure_noise_interval_covers_zero_most_of_the_time():
    rng = np.random.default_rng(4)
    hits = 0
    for _ in range(400):
        d = paired_difference(rng.normal(size=20), rng.normal(size=20))
        hits += d.low <= 0 <= d.high
    assert 0.92 <= hits / 400 <= 0.98  # nominal 95% coverage


def test_missing_values_drop_the_pair():
    d = paired_difference([1.0, 2.0, np.nan, 4.0], [2.0, 3.0, 5.0, np.nan])
    assert d.n == 2 and d.mean == 1.0


# ---- comparisons with the model -----------------------------------------------------------
def test_identical_variants_cover_zero_and_share_seeds():
    s = tiny()
    res = run_compare([s, s], ["a", "b"], replicates=4, seed=9, workers=1)
    diffs = difference_table(res)
    assert len(diffs) == len(res.outcomes)
    finite = diffs.dropna(subset=["diff_mean"])
    assert len(finite) >= 8
    assert (finite["diff_ci_low"] <= 0).all() and (finite["diff_ci_high"] >= 0).all()
    assert (finite["diff_mean"] == 0).all()  # common random numbers: the very same runs
    assert (finite["better"] == "").all()
    runs = res.runs
    assert list(runs.loc[runs.variant == "a", "seed"]) == list(runs.loc[runs.variant == "b", "seed"])
    assert runs.loc[runs.variant == "a", "seed"].nunique() == 4


def test_mentoring_switched_off_loses(tmp_path):
    on, off = tiny(), tiny(**{"pairing.enabled": False})
    res = run_compare([on, off], ["mentoring", "off"], replicates=6, seed=5, workers=2)
    diffs = difference_table(res).set_index("outcome")
    for o in ("backbones_mentored", "final_mean_skill"):
        assert diffs.loc[o, "diff_ci_high"] < 0, diffs.loc[o]
        assert diffs.loc[o, "better"] == "mentoring"
    assert diffs.loc["pairs_formed", "diff_ci_high"] < 0
    assert diffs.loc["pairs_formed", "better"] == ""  # more pairs is effort, not merit
    table = summary_table(res).set_index(["outcome", "variant"])
    assert table.loc[("backbones_mentored", "off"), "mean"] == 0
    assert table.loc[("backbones_mentored", "mentoring"), "ci_low"] > 0
    out = write_compare(res, tmp_path / "cmp", lang="en")
    report = (out / "report.md").read_text()
    assert "## off against mentoring" in report
    assert "**mentoring is better**" in report
    assert "of them mentored (people)" in report and "95% CI" in report
    for name in ("table.csv", "differences.csv", "runs.csv", "series.csv"):
        assert (out / name).exists(), name
    series = pd.read_csv(out / "series.csv")
    assert set(series["variant"]) == {"mentoring", "off"}
    assert (series["low"] <= series["mean"] + 1e-9).all() and (series["mean"] <= series["high"] + 1e-9).all()
    assert (out / "plots" / "cum_backbones.png").stat().st_size > 1000
    with pytest.raises(FileExistsError):
        write_compare(res, out)


def test_same_results_serial_and_parallel():
    a, b = tiny(), tiny(**{"pairing.mentees_per_mentor": 3, "pairing.form": "one_to_many"})
    r1 = run_compare([a, b], ["a", "b"], replicates=3, seed=1, workers=1)
    r2 = run_compare([a, b], ["a", "b"], replicates=3, seed=1, workers=2)
    pd.testing.assert_frame_equal(r1.runs, r2.runs, check_exact=True)


def test_failing_variant_is_reported_and_comparison_goes_on(tmp_path):
    s = tiny()
    res = run_compare([s, s], ["a", "b"], replicates=3, seed=1, workers=1, run_fn=_fail_second_variant)
    assert len(res.failures) == 3 and all(f["variant"] == "b" for f in res.failures)
    assert (res.runs.loc[res.runs.variant == "a", "status"] == "ok").all()
    out = write_compare(res, tmp_path / "cmp", lang="en")
    assert "3 run(s) failed" in (out / "report.md").read_text()
    assert pd.read_csv(out / "failures.csv")["traceback"].str.contains("variant b broke").all()


def _fail_second_variant(base, overrides, seed):
    from sim.studies.compare.analysis import compare_run

    if overrides["variant"] == 1:
        raise RuntimeError("variant b broke")
    return compare_run(base, overrides, seed)


# ---- CLI ----------------------------------------------------------------------------------
def _invoke(args):
    return CliRunner().invoke(cli_app, ["compare", *args])


def test_cli_writes_comparison_folder(tmp_path):
    for name, enabled in (("base", "true"), ("off", "false")):
        (tmp_path / f"{name}.toml").write_text(TINY_TOML.format(name=name, enabled=enabled))
    out = tmp_path / "cmp"
    args = [
        str(tmp_path / "base.toml"),
        str(tmp_path / "off.toml"),
        "-r",
        "3",
        "-w",
        "2",
        "-o",
        str(out),
        "-q",
        "--set",
        "run.years=2",
    ]
    res = _invoke(args)
    assert res.exit_code == 0, res.output
    assert str(out) in res.output.replace("\n", "")
    runs = pd.read_csv(out / "runs.csv")
    assert list(runs["variant"].unique()) == ["base", "off"] and len(runs) == 6
    series = pd.read_csv(out / "series.csv")
    assert series["month"].max() == 24  # --set run.years=2 applied to every variant
    # never overwrite
    res = _invoke([*args, "--lang", "en"])
    assert res.exit_code == 2 and "already exists" in res.output.replace("\n", " ")


def test_cli_bad_inputs(tmp_path):
    (tmp_path / "bad.toml").write_text("[pairing]\nmentees_per_mentor = 99\n")
    res = _invoke([str(tmp_path / "bad.toml"), "-o", str(tmp_path / "x"), "-q"])
    assert res.exit_code == 2 and "mentees_per_mentor = 99" in res.output
    res = _invoke(["baseline", "--set", "years", "-o", str(tmp_path / "y"), "-q"])
    assert res.exit_code == 2 and "KEY=VALUE" in res.output
    assert not (tmp_path / "x").exists() and not (tmp_path / "y").exists()


def test_parse_assignments():
    assert parse_assignments(["run.years=10", "form=team", "pairing.enabled=false", "x = 0.5"]) == {
        "run.years": 10,
        "form": "team",
        "pairing.enabled": False,
        "x": 0.5,
    }

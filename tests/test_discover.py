"""Scenario discovery: PRIM recovers a planted box from a synthetic sweep; conditions and refusals in words."""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import TINY_SCENARIO
from typer.testing import CliRunner

from sim.cli import app as cli_app
from sim.studies.discover.analysis import DiscoverError, discover, load_prim
from sim.studies.discover.condition import ConditionError, parse_condition
from sim.studies.discover.sweep_runs import read_sweep
from sim.studies.sweep.command import sweep_and_report as run_sweep
from sim.studies.sweep.experiment_file import load_experiment

# The planted box: the condition (final_pool_size < 300) holds when entry willingness < 0.3 and
# review removal > 0.5, whatever the intake and the pool cap (irrelevant); 5% of runs flip (noise).
WILLING_BELOW, REMOVAL_ABOVE, FLIP = 0.3, 0.5, 0.05

PLANTED = """
scenario = "tiny.toml"
design = "lhs"
samples = {samples}
replicates = 2
seed = 7
outcomes = ["final_pool_size", "backbones"]
[parameters]
"pool.entry_willingness" = {{ min = 0.0, max = 1.0 }}
"pool.review_removal_share" = {{ min = 0.0, max = 0.9 }}
"flows.intake_per_year" = {{ min = 10, max = 100 }}
"pool.rating_noise" = {{ min = 0.0, max = 2.0 }}
{extra}
"""


def planted_run(base, overrides, seed):
    """The condition holds inside the planted box (bundle level "strict" doubles the removal), flipped at random 5%."""
    rng = np.random.default_rng(seed + int(overrides["pool.entry_willingness"] * 1e9))
    removal = overrides["pool.review_removal_share"]
    inside = overrides["pool.entry_willingness"] < WILLING_BELOW and removal > REMOVAL_ABOVE
    if overrides.get("pool.admission") == "demand":  # the categorical case: only "willing" collapses
        inside = False
    if rng.random() < FLIP:
        inside = not inside
    return {"final_pool_size": 100.0 if inside else 500.0, "backbones": float(rng.integers(0, 50))}


def planted_sweep(tmp_path: Path, samples: int = 150, extra: str = "") -> Path:
    (tmp_path / "tiny.toml").write_text(TINY_SCENARIO)
    p = tmp_path / "planted.toml"
    p.write_text(textwrap.dedent(PLANTED.format(samples=samples, extra=extra)))
    out = tmp_path / "sweep-planted"
    run_sweep(load_experiment(p), out, workers=1, run_fn=planted_run, progress=False, analysis=False)
    return out


def categorical_run(base, overrides, seed):
    """The condition holds when entry willingness < 0.3 and admission is "willing" (a category), flipped 5%."""
    rng = np.random.default_rng(seed + int(overrides["pool.entry_willingness"] * 1e9))
    inside = overrides["pool.entry_willingness"] < WILLING_BELOW and overrides["pool.admission"] == "willing"
    if rng.random() < FLIP:
        inside = not inside
    return {"final_pool_size": 100.0 if inside else 500.0, "backbones": float(rng.integers(0, 50))}


@pytest.fixture(scope="module")
def prim():
    return load_prim()


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> Path:
    return planted_sweep(tmp_path_factory.mktemp("planted"))


def _discover(folder: Path, where: str, prim, **kw):
    runs = read_sweep(folder)
    return discover(runs, parse_condition(where, runs.outcomes), prim_module=prim, **kw)


def test_prim_recovers_the_planted_box(planted, prim):
    found = _discover(planted, "final_pool_size < 300", prim)
    box = found.boxes[0]
    limits = {lim.parameter: lim for lim in box.limits}
    # the two relevant parameters restricted on the right side, within 0.05 (willingness, range 0-1) and
    # 0.06 (removal, range 0-0.9) of the planted limits: a peel takes 5% of the runs, so limits land on data
    assert set(limits) == {"pool.entry_willingness", "pool.review_removal_share"}
    willing, removal = limits["pool.entry_willingness"], limits["pool.review_removal_share"]
    assert willing.low is None and abs(willing.high - WILLING_BELOW) < 0.05
    assert removal.high is None and abs(removal.low - REMOVAL_ABOVE) < 0.06
    assert willing.significant(0.05) and removal.significant(0.05)
    # 5% of runs flip: outside the box some runs meet the condition by noise, so coverage < 1
    assert box.density >= 0.9 and 0.6 <= box.coverage <= 0.95
    assert 0.1 <= found.base_rate <= 0.25  # ~0.3 x 0.44 inside + 5% flips
    # the irrelevant parameters are left unrestricted (any restriction was dropped as not significant)
    assert all(lim.parameter in {"flows.intake_per_year", "pool.rating_noise"} for lim in box.dropped)


def test_a_categorical_parameter_is_a_category(tmp_path, prim):
    (tmp_path / "tiny.toml").write_text(TINY_SCENARIO)
    p = tmp_path / "cat.toml"
    extra = '"pool.admission" = ["willing", "demand"]'
    p.write_text(textwrap.dedent(PLANTED.format(samples=200, extra=extra)))
    run_sweep(load_experiment(p), tmp_path / "sw", workers=1, run_fn=categorical_run, progress=False, analysis=False)
    box = _discover(tmp_path / "sw", "final_pool_size < 300", prim).boxes[0]
    limits = {lim.parameter: lim for lim in box.limits}
    assert limits["pool.admission"].levels == ("willing",)
    assert abs(limits["pool.entry_willingness"].high - WILLING_BELOW) < 0.05
    assert box.density >= 0.85


def test_condition_errors_name_the_bad_part_and_the_outcomes():
    outcomes = ["final_pool_size", "backbones"]
    with pytest.raises(ConditionError, match=r"'pool_size' is not an outcome.*allowed: final_pool_size, backbones"):
        parse_condition("pool_size < 3", outcomes)
    with pytest.raises(ConditionError, match=r"cannot read 'backbones == 3'.*not allowed"):
        parse_condition("final_pool_size < 1 and backbones == 3", outcomes)
    with pytest.raises(ConditionError, match="empty"):
        parse_condition("  ", outcomes)
    with pytest.raises(ConditionError, match="cannot read"):
        parse_condition("final_pool_size < __import__('os')", outcomes)
    c = parse_condition("final_pool_size<=200 AND backbones > 1e1", outcomes)
    assert c.text == "final_pool_size <= 200 and backbones > 10"


def test_nothing_to_discover_is_said_in_words(planted, prim):
    with pytest.raises(DiscoverError, match="holds in none of the 300 runs: nothing to discover"):
        _discover(planted, "final_pool_size < 0", prim)
    with pytest.raises(DiscoverError, match="holds in every one of the 300 runs: nothing to discover"):
        _discover(planted, "final_pool_size > 0 and backbones >= 0", prim)


def test_cli_writes_a_complete_folder_and_never_overwrites(planted, tmp_path, prim):
    out = tmp_path / "disc"
    args = ["discover", str(planted), "--where", "final_pool_size < 300", "--out", str(out)]
    res = CliRunner().invoke(cli_app, [*args, "--lang", "en", "--name", "the pool collapses"])
    assert res.exit_code == 0, res.output
    assert {p.name for p in out.iterdir()} == {
        "boxes.csv",
        "peeling.csv",
        "report.md",
        "report.html",
        "report.docx",
        "plots",
    }
    assert {p.name for p in (out / "plots").iterdir()} == {"peeling.png", "limits.png"}
    boxes = pd.read_csv(out / "boxes.csv")
    kept = boxes[~boxes["dropped"]]
    high = float(kept.loc[kept["parameter"] == "pool.entry_willingness", "box_high"].iloc[0])
    report = (out / "report.md").read_text(encoding="utf-8")
    assert (
        f"the pool collapses happens mostly when chance a year that an eligible cadre volunteers to mentor is below {high:.3g}"
        in report
    )
    assert "base rate" in report and "coverage" in report
    again = CliRunner().invoke(cli_app, [*args, "--lang", "en"])
    assert again.exit_code == 2 and "already exists" in again.output


def test_bad_input_ends_with_one_line(planted, tmp_path):
    res = CliRunner().invoke(cli_app, ["discover", str(tmp_path), "--where", "backbones < 1"])
    assert res.exit_code == 2 and "not a sweep folder (no sweep.json)" in res.output
    res = CliRunner().invoke(cli_app, ["discover", str(planted), "--where", "skill < 1"])
    assert res.exit_code == 2 and "allowed: final_pool_size, backbones" in res.output


def test_failed_and_missing_runs_are_left_out_and_counted(tmp_path, prim):
    (tmp_path / "tiny.toml").write_text(TINY_SCENARIO)
    p = tmp_path / "planted.toml"
    p.write_text(textwrap.dedent(PLANTED.format(samples=40, extra="")))
    exp = load_experiment(p)
    out = tmp_path / "sw"
    run_sweep(exp, out, workers=1, run_fn=planted_run, progress=False, analysis=False, flush_every=1, stop_after=50)
    runs = read_sweep(out)
    assert len(runs.ok) == 50 and runs.missing == 30
    with pytest.raises(DiscoverError, match="at least 20"):
        discover(runs.__class__(**{**runs.__dict__, "table": runs.table.head(10)}),
                 parse_condition("final_pool_size < 300", runs.outcomes), prim_module=prim)  # fmt: skip

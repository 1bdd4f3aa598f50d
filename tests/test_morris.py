"""Morris screening: the design, its file checks, elementary effects, the report, resume."""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import TINY_SCENARIO  # noqa: E402
from typer.testing import CliRunner

from sim.cli import app as cli_app
from sim.runs.designs import morris_delta
from sim.runs.store import RunStore
from sim.studies.sweep.command import sweep_and_report as run_sweep
from sim.studies.sweep.experiment_file import load_experiment
from sim.studies.sweep.factors import ExperimentError
from sim.studies.sweep.screening import screening_table

MORRIS = """
scenario = "tiny.toml"
design = "morris"
samples = {samples}
replicates = {reps}
seed = {seed}
outcomes = ["backbones", "final_mean_skill"]
[parameters]
"growth.mentoring_rate" = {{ min = 0.0, max = 0.5 }}
"growth.learning_by_doing" = {{ min = 0.0, max = 0.2 }}
"growth.forgetting" = {{ min = 0.0, max = 0.05 }}
"""
LINEAR, CURVED, INERT = "growth.mentoring_rate", "growth.learning_by_doing", "growth.forgetting"


def make(tmp_path: Path, body: str, name: str = "m.toml"):
    (tmp_path / "tiny.toml").write_text(TINY_SCENARIO)
    (tmp_path / name).write_text(textwrap.dedent(body))
    return load_experiment(tmp_path / name)


def screened(base, overrides, seed):
    """Linear in one parameter, curved and interacting in another, nothing in the third; seed noise
    that changes with every parameter (as a model's random path does), so an inert one is noise."""
    a, b, c = overrides[LINEAR] / 0.5, overrides[CURVED] / 0.2, overrides[INERT] / 0.05
    rng = np.random.default_rng([seed, *(int(round(v * 1e6)) for v in (a, b, c))])
    return {"backbones": 5 * a + 12 * (b - 0.5) ** 2 + 3 * a * b + 0.1 * rng.normal(), "final_mean_skill": 2 * a}


def test_morris_ranks_the_inert_parameter_last_and_flags_it(tmp_path):
    exp = make(tmp_path, MORRIS.format(samples=20, reps=3, seed=5))
    assert exp.n_points == 20 * 4 and exp.n_runs == 240
    out = tmp_path / "out"
    run_sweep(exp, out, workers=1, run_fn=screened, progress=False, plots=True, lang="en")
    table = pd.read_csv(out / "screening.csv")
    bb = table[table["outcome"] == "backbones"].set_index("parameter")
    assert bb.loc[INERT, "rank"] == 3 and bool(bb.loc[INERT, "inert"])
    assert not bb.loc[[LINEAR, CURVED], "inert"].any()
    # the curved, interacting parameter spreads its effects more than the linear one
    assert bb.loc[CURVED, "sigma_over_mu_star"] > 2 * bb.loc[LINEAR, "sigma_over_mu_star"]
    assert bool(bb.loc[CURVED, "nonlinear"]) and not bool(bb.loc[LINEAR, "nonlinear"])
    # the linear effect over the whole range is 5 + 3 b (b on the 4-level grid): mu near 6.5, within 10%
    assert bb.loc[LINEAR, "mu"] == pytest.approx(6.5, rel=0.10)
    # seed noise: each mean has sd 0.1 / sqrt(3); a step's difference over delta, times sqrt(2/pi). Pooled
    # over the parameters (60 steps of 3 replicates, many sharing points): a relative sd near 15%, so 40%.
    expected = np.sqrt(2 / np.pi) * 0.1 * np.sqrt(2 / 3) / morris_delta(4)
    assert np.sqrt((bb["seed_noise"] ** 2).mean()) == pytest.approx(expected, rel=0.4)
    assert bb.loc[INERT, "mu_star"] < bb.loc[INERT, "seed_noise"] * 2
    # the spread seed noise alone gives is taken out of sigma before judging non-linearity
    assert (table["sigma_beyond_noise"] <= table["sigma"] + 1e-12).all()
    assert bb.loc[INERT, "sigma_beyond_noise"] < 0.5 * bb.loc[INERT, "sigma"]
    assert (table["mu_star_low"] <= table["mu_star"] + 1e-12).all() and (
        table["mu_star"] <= table["mu_star_high"]
    ).all()
    # an outcome with one parameter: the two others exactly zero, inert, ranked after it
    fs = table[table["outcome"] == "final_mean_skill"].set_index("parameter")
    assert fs.loc[LINEAR, "rank"] == 1 and fs.loc[LINEAR, "mu_star"] == pytest.approx(2.0)
    assert fs.loc[[CURVED, INERT], "inert"].all() and (fs.loc[[CURVED, INERT], "mu_star"] == 0).all()
    report = (out / "report.md").read_text()
    assert "Inert on all 2 outcomes: share of skill forgotten each month (growth.forgetting)" in report
    assert "4 points per base sample instead of 5" in report
    assert (out / "plots" / "morris_backbones.png").stat().st_size > 5000


def test_failed_runs_drop_their_trajectories_only(tmp_path):
    exp = make(tmp_path, MORRIS.format(samples=6, reps=2, seed=5))
    df = pd.DataFrame(
        [{"run": k, "point": k // 2, "replicate": k % 2, "status": "ok",
          **screened(None, exp.overrides(exp.point(k // 2)), exp.seed(k))} for k in range(exp.n_runs)]
    )  # fmt: skip
    df.loc[df["run"] == 9, "status"] = "failed"  # point 4: trajectory 1 (points 4-7)
    df.loc[df["point"] >= 12, "final_mean_skill"] = np.nan  # n/a from trajectory 3 on: 0 and 2 left
    table, skipped = screening_table(exp, df)
    assert skipped == []
    assert set(table.loc[table["outcome"] == "backbones", "trajectories"]) == {5}
    assert set(table.loc[table["outcome"] == "final_mean_skill", "trajectories"]) == {2}
    df.loc[df["point"] >= 4, "final_mean_skill"] = np.nan  # one complete trajectory: not screened
    table, skipped = screening_table(exp, df)
    assert skipped == ["final_mean_skill"] and set(table["outcome"]) == {"backbones"}


def test_design_is_reproducible_on_the_grid_one_step_at_a_time(tmp_path):
    body = MORRIS.replace(
        '"growth.forgetting" = {{ min = 0.0, max = 0.05 }}', '"flows.intake_per_year" = {{ min = 10, max = 40 }}'
    )
    exp = make(tmp_path, body.format(samples=8, reps=1, seed=1))
    again = make(tmp_path, body.format(samples=8, reps=1, seed=1), "again.toml")
    other = make(tmp_path, body.format(samples=8, reps=1, seed=2), "other.toml")
    assert exp.points() == again.points() and exp.points() != other.points()
    pts = np.array(exp.points(), dtype=float)
    assert pts.shape == (8 * 4, 3)
    assert set(pts[:, 2]) <= {10, 20, 30, 40} and all(isinstance(p[2], int) for p in exp.points())
    assert set(np.round(pts[:, 0], 9)) <= {0.0, 0.166666667, 0.333333333, 0.5}
    span = np.array([0.5, 0.2, 30.0])
    for t in range(8):
        steps = np.diff(pts[t * 4 : (t + 1) * 4], axis=0) / span
        moved = np.abs(steps) > 1e-9
        assert (moved.sum(axis=1) == 1).all() and sorted(moved.argmax(axis=1)) == [0, 1, 2]
        assert np.allclose(np.abs(steps[moved]), morris_delta(4))


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (
            ('"growth.forgetting" = {{ min = 0.0, max = 0.05 }}', '"pairing.matching" = ["random", "nearby"]'),
            "parameters.pairing.matching = ['random', 'nearby']: a Morris design needs an ordered range",
        ),
        (
            ('"growth.forgetting" = {{ min = 0.0, max = 0.05 }}', '"growth.forgetting" = [0.0, 0.01, 0.05]'),
            "parameters.growth.forgetting = [0.0, 0.01, 0.05]: a Morris design needs an ordered range",
        ),
        (("seed = {seed}", "seed = {seed}\nlevels = 5"), "levels = 5: Morris levels must be even"),
        (("seed = {seed}", "seed = {seed}\nlevels = 2"), "levels"),
        (("samples = {samples}", "samples = 1"), "samples = 1: a Morris design needs 2 or more trajectories"),
        (("samples = {samples}\n", ""), "design = 'morris' needs samples"),
        (
            ('"growth.forgetting" = {{ min = 0.0, max = 0.05 }}', '"flows.intake_per_year" = {{ min = 10, max = 30 }}'),
            "integer levels need max - min a multiple of levels - 1 = 3 (every level an integer) (allowed: e.g. min = 10, max = 31)",
        ),
        (('design = "morris"', 'design = "lhs"\nlevels = 4'), "levels = 4: only used by a morris design"),
    ],
)
def test_bad_morris_files_say_what_is_wrong(tmp_path, change, words):
    body = MORRIS.replace(*change).format(samples=4, reps=1, seed=1)
    with pytest.raises(ExperimentError) as err:
        make(tmp_path, body)
    message = str(err.value)
    assert "m.toml" in message and words in message, message
    assert "\n" not in message.strip()


def test_too_few_levels_names_the_allowed_values(tmp_path):
    with pytest.raises(ExperimentError, match=r"levels.*even integer 4 \.\. 20"):
        make(tmp_path, MORRIS.replace("seed = {seed}", "seed = {seed}\nlevels = 2").format(samples=4, reps=1, seed=1))


def test_morris_sweep_resumes_without_repeating_runs(tmp_path):
    exp = make(tmp_path, MORRIS.format(samples=5, reps=2, seed=3))
    out = tmp_path / "out"
    rep = run_sweep(exp, out, workers=1, run_fn=screened, progress=False, flush_every=2, stop_after=11)
    assert rep.interrupted and not (out / "screening.csv").exists()
    rep = run_sweep(exp, out, workers=1, run_fn=screened, progress=False, plots=False)
    assert rep.ran_now == exp.n_runs - 11 and rep.ok == exp.n_runs == 40
    assert sorted(r["run"] for r in RunStore(out / "runs").records()) == list(range(40))
    fresh = tmp_path / "fresh"
    run_sweep(exp, fresh, workers=1, run_fn=screened, progress=False, plots=False)
    pd.testing.assert_frame_equal(pd.read_csv(out / "screening.csv"), pd.read_csv(fresh / "screening.csv"))


def test_morris_sweep_of_the_model_from_the_command_line(tmp_path):
    make(tmp_path, MORRIS.replace("outcomes = [\"backbones\", \"final_mean_skill\"]", 'outcomes = ["backbones"]')
         .format(samples=2, reps=1, seed=9))  # fmt: skip
    out = tmp_path / "out"
    res = CliRunner().invoke(
        cli_app, ["sweep", str(tmp_path / "m.toml"), "--out", str(out), "-w", "1", "-q", "--lang", "zh"]
    )
    assert res.exit_code == 0, res.output
    assert "8 次运行成功，0 次失败" in res.output
    table = pd.read_csv(out / "screening.csv")
    assert sorted(table["rank"]) == [1, 2, 3] and table["mu_star"].ge(0).all()
    report = (out / "report.md").read_text()
    assert "## Morris 筛选：哪些参数几乎不起作用" in report and "导师帮带每月缩小与导师能力差距的速度" in report
    assert "每个设计点只有 1 次重复，无法估计随机种子噪声" in report

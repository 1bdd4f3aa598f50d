"""Experiment files: validation with clear errors, designs and seeds."""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pytest
from conftest import TINY_SCENARIO as TINY  # noqa: E402
from typer.testing import CliRunner

from sim.runs.designs import derive_seed
from sim.studies.sweep.experiment import ExperimentError
from sim.studies.sweep.experiment_file import load_experiment

ROOT = Path(__file__).resolve().parent.parent

TINY_SCENARIO = TINY + '[pairing]\nform = "one_to_one"\n'


def write(tmp_path: Path, body: str, name: str = "exp.toml") -> Path:
    (tmp_path / "tiny.toml").write_text(TINY_SCENARIO)
    p = tmp_path / name
    p.write_text(textwrap.dedent(body))
    return p


GOOD = """
scenario = "tiny.toml"
replicates = 3
seed = 7
outcomes = ["backbones"]
[fixed]
"growth.forgetting" = 0.001
[parameters]
"pairing.mentees_per_mentor" = [1, 2]
ratio_form = [ { label = "a", "pairing.matching" = "random" }, { label = "b", "pairing.matching" = "nearby" } ]
"growth.mentoring_rate" = { min = 0.02, max = 0.06, step = 0.02 }
"""


def test_good_grid_file(tmp_path):
    # mentees_per_mentor = 2 with form one_to_one is invalid, so use a form-free parameter instead
    exp = load_experiment(
        write(tmp_path, GOOD.replace('"pairing.mentees_per_mentor" = [1, 2]', '"pairing.quality_mean" = [0.5, 0.9]'))
    )
    assert exp.name == "exp"
    assert exp.parameter_names == ["pairing.quality_mean", "ratio_form", "growth.mentoring_rate"]
    assert exp.n_points == 2 * 2 * 3 and exp.n_runs == 36
    assert exp.base.growth.forgetting == 0.001
    # last parameter varies fastest; run k is point k // replicates
    assert exp.point(0) == (0.5, "a", 0.02)
    assert exp.point(1) == (0.5, "a", 0.04)
    assert exp.point(3) == (0.5, "b", 0.02)
    run, params, overrides, seed = exp.task(4)
    assert params == {"pairing.quality_mean": 0.5, "ratio_form": "a", "growth.mentoring_rate": 0.04}
    assert overrides == {"pairing.quality_mean": 0.5, "pairing.matching": "random", "growth.mentoring_rate": 0.04}
    # common random numbers: the seed depends on the replicate only
    assert exp.seed(4) == exp.seed(1) == derive_seed(7, 1)
    assert len({exp.seed(k) for k in range(exp.n_runs)}) == 3


def test_derive_seed_is_the_spawned_child():
    children = np.random.SeedSequence(123).spawn(5)
    for i, child in enumerate(children):
        assert derive_seed(123, i) == int(child.generate_state(1, np.uint64)[0] >> np.uint64(1))
    assert len({derive_seed(123, i) for i in range(1000)}) == 1000


def test_independent_seeds_option(tmp_path):
    exp = load_experiment(
        write(
            tmp_path,
            """
        scenario = "tiny.toml"
        replicates = 2
        common_random_numbers = false
        [parameters]
        "growth.mentoring_rate" = [0.02, 0.04]
    """,
        )
    )
    assert [exp.seed(k) for k in range(4)] == [derive_seed(exp.spec.seed, k) for k in range(4)]


def test_lhs_design_in_range_and_integers_rounded(tmp_path):
    exp = load_experiment(
        write(
            tmp_path,
            """
        scenario = "tiny.toml"
        design = "lhs"
        samples = 50
        [parameters]
        "growth.mentoring_rate" = { min = 0.02, max = 0.1 }
        "flows.intake_per_year" = { min = 10, max = 14 }
        "growth.learning_by_doing" = { min = 0.001, max = 0.1, log = true }
    """,
        )
    )
    pts = np.array(exp.points(), dtype=float)
    assert pts.shape == (50, 3)
    assert (pts[:, 0] >= 0.02).all() and (pts[:, 0] <= 0.1).all()
    ints = [p[1] for p in exp.points()]
    assert all(isinstance(v, int) for v in ints) and set(ints) == {10, 11, 12, 13, 14}
    # Latin hypercube: each tenth of the range holds exactly 5 of the 50 points
    counts = np.histogram(pts[:, 0], bins=10, range=(0.02, 0.1))[0]
    assert (counts == 5).all()
    assert (pts[:, 2] >= 0.001).all() and (pts[:, 2] <= 0.1).all()
    # same file, same design
    again = load_experiment(tmp_path / "exp.toml")
    assert again.points() == exp.points()


def test_sobol_design_is_saltelli(tmp_path):
    exp = load_experiment(
        write(
            tmp_path,
            """
        scenario = "tiny.toml"
        design = "sobol"
        samples = 16
        [parameters.growth]
        mentoring_rate = { min = 0.02, max = 0.1 }
        learning_by_doing = { min = 0.005, max = 0.02 }
        forgetting = { min = 0.0005, max = 0.003 }
    """,
        )
    )
    assert exp.parameter_names == ["growth.mentoring_rate", "growth.learning_by_doing", "growth.forgetting"]
    assert exp.n_points == 16 * (3 + 2)
    u = exp.unit_design()
    a, b = u[:16], u[16:32]
    for i in range(3):
        abi = u[32 + 16 * i : 48 + 16 * i]
        expect = a.copy()
        expect[:, i] = b[:, i]
        assert np.array_equal(abi, expect)


def test_bundled_experiments_load():
    # levers_*.toml are levers files of `cadre-sim optimise` (tests/test_optimise.py loads them)
    files = sorted(f for f in (ROOT / "experiments").glob("*.toml") if not f.name.startswith("levers_"))
    assert len(files) >= 3
    for f in files:
        exp = load_experiment(f)
        assert exp.n_runs > 0
        text = f.read_text()
        assert text.lstrip().startswith("#") and "Question" in text.split("\n", 1)[0]
        # every design point gives a valid scenario
        for p in range(0, exp.n_points, max(1, exp.n_points // 25)):
            exp.base.with_overrides(exp.overrides(exp.point(p)))


@pytest.mark.parametrize(
    "body, must_contain",
    [
        (
            'scenario = "tiny.toml"\nreplicate = 3\n[parameters]\n"growth.mentoring_rate" = [0.1]\n',
            ["exp.toml", "replicate", "unknown key", "did you mean 'replicates'"],
        ),
        (
            'scenario = "tiny.toml"\nreplicates = "many"\n[parameters]\n"growth.mentoring_rate" = [0.1]\n',
            ["exp.toml", "replicates = 'many'", "integer"],
        ),
        (
            'scenario = "tiny.toml"\nreplicates = 0\n[parameters]\n"growth.mentoring_rate" = [0.1]\n',
            ["exp.toml", "replicates = 0", "greater than or equal to 1", "allowed: integer 1"],
        ),
        (
            'scenario = "tiny.toml"\ndesign = "factorial"\n[parameters]\n"growth.mentoring_rate" = [0.1]\n',
            ["exp.toml", "design = 'factorial'", "'grid', 'lhs', 'sobol'"],
        ),
        (
            'scenario = "tiny.toml"\n[parameters]\n"growth.mentoring_rat" = [0.1]\n',
            ["exp.toml", "parameters.growth.mentoring_rat", "unknown parameter", "growth.mentoring_rate"],
        ),
        (
            'scenario = "tiny.toml"\n[parameters]\n"growth.mentoring_rate" = [0.1, 0.9]\n',
            ["exp.toml", "parameters.growth.mentoring_rate = 0.9", "less than or equal to 0.5"],
        ),
        (
            'scenario = "tiny.toml"\n[parameters]\n"pairing.form" = ["one_to_one", "solo"]\n',
            ["exp.toml", "parameters.pairing.form = 'solo'", "one_to_many"],
        ),
        (
            'scenario = "tiny.toml"\n[parameters]\n"growth.mentoring_rate" = { min = 0.01, max = 0.1 }\n',
            ["exp.toml", "parameters.growth.mentoring_rate", "needs step or num"],
        ),
        (
            'scenario = "tiny.toml"\n[parameters]\n"growth.mentoring_rate" = { min = 0.01, max = 0.9, num = 3 }\n',
            ["exp.toml", "parameters.growth.mentoring_rate = 0.9", "less than or equal to 0.5"],
        ),
        (
            'scenario = "tiny.toml"\ndesign = "sobol"\nsamples = 10\n[parameters]\n'
            '"growth.mentoring_rate" = { min = 0.01, max = 0.1 }\n',
            ["exp.toml", "samples = 10", "power of 2"],
        ),
        (
            'scenario = "tiny.toml"\ndesign = "lhs"\n[parameters]\n"growth.mentoring_rate" = { min = 0.01, max = 0.1 }\n',
            ["exp.toml", "samples", "needs samples"],
        ),
        (
            'scenario = "tiny.toml"\noutcomes = ["backbone"]\n[parameters]\n"growth.mentoring_rate" = [0.1]\n',
            ["exp.toml", "outcomes = 'backbone'", "unknown outcome", "did you mean 'backbones'"],
        ),
        (
            'scenario = "nowhere.toml"\n[parameters]\n"growth.mentoring_rate" = [0.1]\n',
            ["exp.toml", "scenario = 'nowhere.toml'", "no such scenario file"],
        ),
        (
            'scenario = "tiny.toml"\n[fixed]\n"run.years" = 500\n[parameters]\n"growth.mentoring_rate" = [0.1]\n',
            ["exp.toml", "fixed", "years", "500", "less than or equal to 60"],
        ),
        (
            'scenario = "tiny.toml"\n[parameters]\nx = [ { label = "a", "pairing.mentees_per_mentor" = 3 } ]\n',
            ["exp.toml", "parameters.x[0]", "one_to_one"],
        ),
        (
            'scenario = "tiny.toml"\n[fixed]\n"growth.mentoring_rate" = 0.1\n[parameters]\n"growth.mentoring_rate" = [0.1]\n',
            ["exp.toml", "both fixed and varied"],
        ),
        ('scenario = "tiny.toml"\n[parameters]\n', ["exp.toml", "parameters", "at least 1"]),
        ('scenario = "tiny.toml"\n[parameters\n', ["exp.toml", "not valid TOML"]),
    ],
)
def test_bad_files_get_clear_errors(tmp_path, body, must_contain):
    p = write(tmp_path, body)
    with pytest.raises(ExperimentError) as info:
        load_experiment(p)
    msg = str(info.value)
    for piece in must_contain:
        assert piece in msg, f"{piece!r} not in: {msg}"


def test_scenario_errors_pass_through(tmp_path):
    (tmp_path / "bad.toml").write_text("[run]\nyears = 0\n")
    p = tmp_path / "exp.toml"
    p.write_text('scenario = "bad.toml"\n[parameters]\n"growth.mentoring_rate" = [0.1]\n')
    with pytest.raises(ExperimentError) as info:
        load_experiment(p)
    assert "bad.toml" in str(info.value) and "[run] years = 0" in str(info.value)


def test_bad_file_writes_nothing(tmp_path):
    from sim.cli import app

    p = write(tmp_path, 'scenario = "tiny.toml"\n[parameters]\n"growth.mentoring_rat" = [0.1]\n')
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["sweep", str(p), "--out", str(out), "-q", "--lang", "en"])
    assert res.exit_code == 2
    assert "unknown parameter" in res.output
    assert not out.exists()

"""The command line end to end, as a planner uses it."""

import json
import subprocess
import sys

import pandas as pd
import pytest
from typer.testing import CliRunner

from sim.cli import app

runner = CliRunner()


def test_run_writes_a_complete_results_folder(tmp_path):
    r = runner.invoke(
        app,
        ["run", "scenarios/anji.toml", "--years", "3", "--seed", "9", "--out", str(tmp_path), "--snapshot-every", "12"],
    )
    assert r.exit_code == 0, r.output
    folders = [p for p in tmp_path.iterdir()]
    assert len(folders) == 1 and folders[0].name.startswith("anji-") and folders[0].name.endswith("seed9")
    folder = folders[0]
    for name in [
        "scenario.toml",
        "run.json",
        "series.csv",
        "events.csv",
        "pairs.csv",
        "cadres.csv",
        "summary.json",
        "report.md",
        "plots/headcount_by_stage.png",
        "plots/pool_and_mentees.png",
    ]:
        assert (folder / name).stat().st_size > 0, name
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["pairs_formed"] > 0
    series = pd.read_csv(folder / "series.csv")
    assert len(series) == 3 * 12 + 1 and series["month"].iloc[-1] == 36
    assert str(folder) in r.output.replace("\n", "")
    snapshots = pd.read_parquet(folder / "snapshots.parquet")
    assert sorted(snapshots["month"].unique()) == [12, 24, 36]
    assert (
        snapshots.groupby("month").size().tolist() == series.set_index("month").loc[[12, 24, 36], "headcount"].tolist()
    )
    # the resolved scenario re-runs to the same figures
    again = runner.invoke(app, ["run", str(folder / "scenario.toml"), "--out", str(tmp_path), "--quiet"])
    assert again.exit_code == 0, again.output
    second = [p for p in tmp_path.iterdir() if p != folder]
    assert len(second) == 1  # a new folder, never over the old one
    assert json.loads((second[0] / "summary.json").read_text()) == summary
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary leftovers


def test_set_overrides_and_bad_override(tmp_path):
    r = runner.invoke(
        app,
        [
            "run",
            "anji",
            "--years",
            "1",
            "--set",
            "pairing.form=one_to_many",
            "--set",
            "mentees_per_mentor=3",
            "--out",
            str(tmp_path),
            "--quiet",
        ],
    )
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["run", "anji", "--set", "mentees_per_mentor=0", "--out", str(tmp_path), "--lang", "en"])
    assert r.exit_code == 2
    assert "mentees_per_mentor = 0" in r.output and "ge 1" in r.output
    assert len(list(tmp_path.iterdir())) == 1  # nothing written for the bad one


def test_validate_reports_each_bad_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[pool]\nreview_strictness = 0.3\n")
    r = runner.invoke(app, ["validate", "scenarios/anji.toml", str(bad), "--lang", "en"])
    assert r.exit_code == 2
    assert "ok scenarios/anji.toml" in r.output
    assert "review_strictness" in r.output and "review_removal_share" in r.output
    assert "[pool] review_strictness" in r.output  # section names are text, not markup


def test_list_and_params():
    r = runner.invoke(app, ["list"])
    assert r.exit_code == 0 and "anji" in r.output and "baseline" in r.output and "team" in r.output
    r = runner.invoke(app, ["params"])
    assert r.exit_code == 0 and "growth.mentoring_rate" in r.output


@pytest.mark.parametrize("scenario", ["baseline", "anji", "one_to_many", "team"])
def test_console_script_runs_every_bundled_scenario(tmp_path, scenario):
    exe = [sys.executable, "-m", "sim", "run", f"scenarios/{scenario}.toml", "--years", "2", "--out", str(tmp_path)]
    done = subprocess.run(exe, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "结果：" in done.stdout  # Chinese by default (--lang en: "results:")

"""Two commands at once on the same folder: both runs are kept; a second sweep waits its turn."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import TINY_SCENARIO

from sim.files import build_folder
from sim.runs.store import FolderLock, SweepError
from sim.studies.sweep.command import sweep_and_report as run_sweep
from sim.studies.sweep.experiment_file import load_experiment


def test_two_runs_in_the_same_second_both_land(tmp_path):
    (tmp_path / "tiny.toml").write_text(TINY_SCENARIO)
    args = [sys.executable, "-m", "sim", "run", str(tmp_path / "tiny.toml"), "--out", str(tmp_path / "out"), "--quiet"]
    procs = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], outputs
    folders = {Path(o.strip()) for o, _ in outputs}
    assert len(folders) == 3 and all((f / "summary.json").exists() for f in folders)
    assert not list((tmp_path / "out").glob(".*"))  # no temporary left behind


def test_a_taken_name_gets_the_next_one(tmp_path):
    first = build_folder(tmp_path / "run", lambda d: (d / "a").write_text("1"), unique=True)
    second = build_folder(tmp_path / "run", lambda d: (d / "a").write_text("2"), unique=True)
    assert (first.name, second.name) == ("run", "run-2")
    assert (first / "a").read_text() == "1" and (second / "a").read_text() == "2"
    with pytest.raises(FileExistsError):
        build_folder(tmp_path / "run", lambda d: None)


def test_a_second_sweep_on_a_locked_folder_stops_with_a_message(tmp_path):
    (tmp_path / "tiny.toml").write_text(TINY_SCENARIO)
    (tmp_path / "exp.toml").write_text(textwrap.dedent("""
        scenario = "tiny.toml"
        [parameters]
        "growth.mentoring_rate" = [0.03, 0.09]
        """))  # fmt: skip
    exp = load_experiment(tmp_path / "exp.toml")
    out = tmp_path / "out"
    run_sweep(exp, out, workers=1, progress=False, plots=False)  # makes the folder
    with FolderLock(out):
        with pytest.raises(SweepError, match="another sweep is writing here"):
            run_sweep(exp, out, workers=1, progress=False, plots=False)
    assert run_sweep(exp, out, workers=1, progress=False, plots=False).ran_now == 0  # free again


def test_temporaries_of_a_killed_writer_are_removed_by_the_next(tmp_path):
    from sim.files import remove_stale_temporaries

    dead = tmp_path / ".anji-20260101-000000-seed1.4194999.abc.tmp"  # no process has this id
    dead.mkdir()
    (dead / "series.csv").write_text("half")
    alive = tmp_path / f".other.{__import__('os').getpid()}.xyz.tmp"
    alive.mkdir()
    assert remove_stale_temporaries(tmp_path) == [dead]
    assert not dead.exists() and alive.exists()

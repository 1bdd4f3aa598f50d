"""Calibrate: a fit killed at random moments resumes exactly; its folder is its own, locked, refused when foreign."""

from __future__ import annotations

import contextlib
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import optuna
import pytest
from conftest import TINY_SCENARIO
from typer.testing import CliRunner

from sim.cli import app as cli_app
from sim.params.scenario import load_scenario
from sim.runs.store import FolderLock
from sim.studies.calibrate.fit import load_free, load_targets, run_study, trials_table

ROOT = Path(__file__).resolve().parent.parent
TARGETS = """scenario = "tiny"
[[target]]
name = "pool_end"
place = "a tiny county"
what = "mentors in the pool at the end"
value = 20
kind = "about"
at = "2005-12"
quantity = "pool_size"
source = "synthetic"
"""
FREE = '[parameters]\n"pool.entry_willingness" = { min = 0.02, max = 0.9 }\n"flows.intake_per_year" = { min = 10, max = 40 }\n'
# a small fit: 12 trials (past TPE's 10 random start-up trials), one wave of 6 points, one replicate
TRIALS, POINTS = 12, 6
ARGS = ["calibrate", "tiny.toml", "t.toml", "--free", "free.toml", "--trials", str(TRIALS), "--replicates", "1",
        "--waves", "1", "--points", str(POINTS), "--workers", "1", "--seed", "7", "--out", "fit"]  # fmt: skip
# Kept imported in one process that forks a fresh calibrate on each line it reads (prints the child's
# id, then "gone" when the child has ended): each calibrate starts at once, so the kills land while it
# works, not while it imports (the imports alone take seconds on a busy machine).
FORKING = f"""
import os, sys
import matplotlib.pyplot, optuna, rich.progress
from sim.cli import app
from sim.guards import preflight
from sim.params.scenario import load_scenario
from sim.studies.calibrate import command, fit, history, report
for line in sys.stdin:
    child = os.fork()
    if child == 0:
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # the calibrate's lines are not this process's answers
        sys.argv = ["cadre-sim", *{ARGS!r}]
        try:
            app()
        finally:
            os._exit(0)
    print(child, flush=True)
    os.waitpid(child, 0)
    print("gone", flush=True)
"""
KILLS = 4  # SIGKILLs, each of a calibrate that resumes the one killed before
TIMINGS = re.compile(r"\d+ s\b")  # report.md's wall times: "12 s of trials in all (this call 30 s ...)"


def place(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tiny.toml").write_text(TINY_SCENARIO)
    (folder / "t.toml").write_text(TARGETS)
    (folder / "free.toml").write_text(FREE)
    return folder


def calibrate(folder: Path, monkeypatch, *args: str):
    monkeypatch.chdir(folder)  # --out fit: the calibrated scenario names "fit", the same in every folder
    return CliRunner().invoke(cli_app, [*ARGS, *args], env={"CADRE_SIM_LANG": "en"})  # the English lines read


def trials(fit: Path) -> list[tuple]:
    """Every trial the study holds: number, state, parameters, score, target means (timings left out)."""
    storage = optuna.storages.RDBStorage(f"sqlite:///{fit / 'study.db'}")
    study = optuna.load_study(study_name="fit", storage=storage)
    rows = [(t.number, t.state.name, t.params, t.value, t.user_attrs) for t in study.get_trials(deepcopy=False)]
    storage.remove_session()
    storage.engine.dispose()
    return rows


def files(fit: Path) -> dict[str, bytes]:
    """The folder's files as bytes; report.md with its wall times masked; not study.db (compared by its trials)."""
    out = {}
    for p in sorted(fit.rglob("*")):
        name = p.relative_to(fit).as_posix()
        if p.is_file() and name not in ("study.db", ".lock"):
            data = p.read_bytes()
            out[name] = TIMINGS.sub("N s", data.decode()).encode() if name == "report.md" else data
    return out


def progress(fit: Path) -> int:
    """Finished trials and history-matching points stored (read as the fit writes them)."""
    wave, done = fit / "history" / "wave-1.csv", 0
    try:
        with sqlite3.connect(f"file:{fit / 'study.db'}?mode=ro", uri=True, timeout=5) as db:
            done = db.execute("SELECT count(*) FROM trials WHERE state = 'COMPLETE'").fetchone()[0]
    except sqlite3.Error:  # no study yet
        pass
    return done + (len(wave.read_text().splitlines()) - 1 if wave.exists() else 0)


def reached(fit: Path) -> str:
    """How far a killed fit got: its finished trials, the history-matching points stored, a report."""
    try:
        done = sum(state == "COMPLETE" for _, state, *_ in trials(fit))
    except Exception:  # no study yet  # noqa: BLE001
        done = 0
    wave = fit / "history" / "wave-1.csv"
    points = len(wave.read_text().splitlines()) - 1 if wave.exists() else 0
    return f"{done} trials, {points} points" + (", report" if (fit / "report.md").exists() else "")


@pytest.mark.slow
def test_a_fit_killed_at_random_moments_resumes_exactly(tmp_path, monkeypatch):
    killed = place(tmp_path / "killed")
    forking = subprocess.Popen([sys.executable, "-c", FORKING], cwd=killed, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
    reference = place(tmp_path / "reference")  # the uninterrupted fit, while the other process imports
    assert calibrate(reference, monkeypatch).exit_code == 0
    seen = []
    for _ in range(KILLS):
        forking.stdin.write("go\n")
        forking.stdin.flush()
        child = int(forking.stdout.readline())
        # a random moment: once the fit has reached a random point of its work (finished trials and history
        # points; at once, maybe still starting, if it is there), and a random fraction of a second more
        now = progress(killed / "fit")  # the first kill lands among the trials, the others anywhere still ahead
        point = random.randint(1, TRIALS - 1) if not seen else random.randint(now, TRIALS + POINTS)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and progress(killed / "fit") < point:
            time.sleep(0.01)
        time.sleep(random.uniform(0.0, 0.5))
        with contextlib.suppress(ProcessLookupError):
            os.kill(child, signal.SIGKILL)
        assert forking.stdout.readline().strip() == "gone"
        seen.append(reached(killed / "fit"))
    forking.stdin.close()
    forking.wait(timeout=30)
    print("reached at each kill:", "; ".join(seen))
    result = calibrate(killed, monkeypatch)
    assert result.exit_code == 0, result.output
    assert trials(killed / "fit") == trials(reference / "fit")  # the same trials, numbered alike, none failed
    assert all(state == "COMPLETE" for _, state, *_ in trials(killed / "fit"))
    assert files(killed / "fit") == files(reference / "fit")
    assert not list((killed / "fit").rglob("*.tmp"))


def test_a_trial_left_running_is_not_counted_and_the_proposals_do_not_move(tmp_path):
    tiny = load_scenario(place(tmp_path) / "tiny.toml")
    targets, free = load_targets(tmp_path / "t.toml"), load_free(tmp_path / "free.toml", tiny)
    whole = run_study(tiny, targets, free, tmp_path / "whole", trials=6, replicates=1, seed=7)
    part = tmp_path / "part"
    run_study(tiny, targets, free, part, trials=3, replicates=1, seed=7)
    left = optuna.load_study(study_name="fit", storage=f"sqlite:///{part / 'study.db'}")
    left.ask()  # a trial an older version left running when it was killed
    resumed = run_study(tiny, targets, free, part, trials=6, replicates=1, seed=7)
    a, b = trials_table(whole, free, targets), trials_table(resumed, free, targets)
    keys = [p.key for p in free]
    assert a[keys + ["score"]].equals(b[keys + ["score"]])  # the same proposals, the same scores
    assert sorted(b.trial) == [0, 1, 2, 4, 5, 6]  # the one left running is not a finished trial


def test_an_integer_range_with_no_integer_is_one_line(tmp_path, monkeypatch):
    folder = place(tmp_path)
    (folder / "free.toml").write_text('[parameters]\n"flows.intake_per_year" = { min = 2.2, max = 2.8 }\n')
    result = calibrate(folder, monkeypatch)
    assert result.exit_code == 2
    assert result.output.strip() == (
        "error: free.toml: flows.intake_per_year = { min = 2.2, max = 2.8 } holds no whole number, "
        "and this parameter takes whole numbers; widen the range"
    )
    assert not (folder / "fit").exists()


def test_a_folder_that_is_not_a_fit_folder_is_refused_and_left_as_it_was(tmp_path, monkeypatch):
    folder = place(tmp_path)
    run = folder / "fit"  # a finished run's folder given as --out
    run.mkdir()
    (run / "scenario.toml").write_text("[run]\nname = 'a run'\n")
    (run / "report.md").write_text("# a run\n")
    before = {p.name: p.read_bytes() for p in run.iterdir()}
    result = calibrate(folder, monkeypatch)
    assert result.exit_code == 2
    assert result.output.strip() == (
        "error: fit is not empty and not a fit folder (no fit.json); nothing was written: choose another --out"
    )
    assert {p.name: p.read_bytes() for p in run.iterdir()} == before  # not even a lock file
    (folder / "file").write_text("x")
    result = calibrate(folder, monkeypatch, "--out", "file")
    assert (
        result.exit_code == 2 and result.output.strip() == "error: file is a file, not a folder; choose another --out"
    )


def test_a_fit_of_something_else_is_refused_naming_what_differs(tmp_path, monkeypatch):
    folder = place(tmp_path)
    assert calibrate(folder, monkeypatch, "--trials", "2", "--waves", "0").exit_code == 0
    result = calibrate(folder, monkeypatch, "--trials", "2", "--waves", "0", "--seed", "8")
    assert result.exit_code == 2
    assert result.output.strip().startswith("error: fit holds a fit of something else (differs: seed)")
    (folder / "fit" / "fit.json").write_text("{")
    result = calibrate(folder, monkeypatch, "--trials", "2", "--waves", "0")
    assert result.exit_code == 2 and "fit.json is damaged" in result.output


def test_a_second_calibrate_on_a_locked_folder_is_refused_in_one_line(tmp_path, monkeypatch):
    folder = place(tmp_path)
    assert calibrate(folder, monkeypatch, "--trials", "2", "--waves", "0").exit_code == 0
    held = trials(folder / "fit")
    with FolderLock(folder / "fit"):  # another calibrate at work in the folder
        result = calibrate(folder, monkeypatch, "--trials", "4", "--waves", "0")
    assert result.exit_code == 2
    assert result.output.strip() == (
        "error: fit: another calibrate is writing here; wait for it to finish, or use another --out"
    )
    assert trials(folder / "fit") == held  # nothing added, nothing marked failed

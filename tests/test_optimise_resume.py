"""Policy search (`cadre-sim optimise`) killed and resumed: the same trials, numbers and files as a search never
stopped; lever names the tables use, objectives that never have a value and searches too large refused cleanly."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from conftest import TINY_SCENARIO
from typer.testing import CliRunner

from sim.cli import app
from sim.params.scenario import load_scenario
from sim.studies.optimise import search as searching
from sim.studies.optimise.goals import parse_budget, parse_objective
from sim.studies.optimise.levers import LeverError, load_levers
from sim.studies.optimise.report import write_optimise
from sim.studies.optimise.search import OptimiseError, Search

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
runner = CliRunner()
ENGLISH = {"CADRE_SIM_LANG": "en"}  # the English lines these tests read

LEVERS = """
[levers]
"pool.entry_willingness" = { min = 0.0, max = 1.0 }
"pool.review_removal_share" = { min = 0.0, max = 0.9 }
"""
TRIALS = 14
# every file the search writes but study.db and the confirmation's run records; the report holds no timing,
# so nothing is masked
COMPARED = ("trials.csv", "front.csv", "confirmed.csv", "scenario.toml", "report.md")


def hill(base, overrides, seed):
    """A noisy hill (top at x = 0.3, y = 0.7) whose cost rises with x; the same for the same levers and seed."""
    x, y = overrides["pool.entry_willingness"], overrides["pool.review_removal_share"]
    z = np.random.default_rng(seed).normal(size=2)
    return {"backbones": 1000 * (1 - (x - 0.3) ** 2 - (y - 0.7) ** 2) + 2 * z[0], "mentor_hours": 1000 * x + 5 * z[1]}


def slow_hill(base, overrides, seed):
    """The hill, slowly enough that a kill lands anywhere: in a trial, between trials, in the confirmation."""
    time.sleep(0.02)
    return hill(base, overrides, seed)


def never(base, overrides, seed):
    """An objective that never has a value (as median months to competence in too short a run)."""
    return {"backbones": float("nan"), "mentor_hours": 10.0}


def search_of(tmp: str | Path, sampler: str = "tpe") -> Search:
    """The search of these tests: the hill's top within a budget on its cost."""
    base = load_scenario(Path(tmp) / "tiny.toml")
    levers = load_levers(Path(tmp) / "levers.toml", base)
    budget = (parse_budget("mentor_hours<=250"),)
    return Search(base, levers, (parse_objective("backbones"),), budget, 2, sampler=sampler)


def search_and_write(tmp: str, out: str, run_fn=hill, sampler: str = "tpe") -> None:
    """The search of these tests, its folder written (as the command does)."""
    search = search_of(tmp, sampler)
    result = searching.optimise(search, Path(out), trials=TRIALS, confirm_points=3, confirm_replicates=3,
                                run_fn=run_fn, workers=1)  # fmt: skip
    write_optimise(result, lang="en", plots=False)


KILL_SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
import test_optimise_resume as t
t.search_and_write({tmp!r}, {out!r}, t.slow_hill)
"""


@pytest.fixture
def files(tmp_path):
    (tmp_path / "tiny.toml").write_text(TINY_SCENARIO)
    (tmp_path / "levers.toml").write_text(LEVERS)
    return tmp_path


def folder_files(folder: Path) -> dict[str, bytes]:
    """The compared files of a search folder, and its front's point files."""
    names = [*COMPARED, *sorted(p.relative_to(folder).as_posix() for p in (folder / "front").glob("*.toml"))]
    return {name: (folder / name).read_bytes() for name in names}


def asked(out: Path) -> int:
    """How many trials the study in ``out`` has asked so far (0 before its tables exist)."""
    try:
        db = sqlite3.connect(f"file:{out / 'study.db'}?mode=ro", uri=True)
        try:
            return int(db.execute("select count(*) from trials").fetchone()[0])
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def kill_at_random(tmp: Path, out: Path, rng: random.Random) -> bool:
    """Start the search in a process of its own and SIGKILL it at a random moment: in a random trial, or after them.

    Returns whether the kill came before the search had written its folder.
    """
    script = KILL_SCRIPT.format(tests=str(TESTS), tmp=str(tmp), out=str(out))
    proc = subprocess.Popen([sys.executable, "-c", script], start_new_session=True, cwd=ROOT)
    target, deadline = rng.randint(1, TRIALS), time.monotonic() + 120
    while proc.poll() is None and asked(out) < target and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(rng.uniform(0.0, 0.3))  # a trial takes 0.1-0.3 s: in its runs, its asking, its telling, or after
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    return not (out / "report.md").exists()


@pytest.mark.slow
def test_a_search_killed_at_random_moments_resumes_to_the_same_folder(files, request):
    """One kill by default; three with --long (the kills of the closing note)."""
    search_and_write(str(files), str(files / "whole"))
    whole = folder_files(files / "whole")
    assert len(whole) > len(COMPARED)  # the front's point files too
    tries = 3 if request.config.getoption("--long") else 1
    rng, cut = random.Random(26), 0
    for attempt in range(tries):
        out = files / f"killed-{attempt}"
        cut += kill_at_random(files, out, rng)
        search_and_write(str(files), str(out))
        assert folder_files(out) == whole, f"try {attempt}"
    assert cut >= tries - 1  # kills that cut the search short (one may come after the search has finished)


@pytest.mark.parametrize("sampler", ["tpe", "nsga2"])
def test_a_trial_left_unfinished_by_a_kill_keeps_no_number(files, sampler):
    """A trial a kill left running is marked failed and its proposal asked again under the same number."""
    import optuna

    search_and_write(str(files), str(files / "whole"), sampler=sampler)
    out = files / "out"
    search = search_of(files, sampler)
    searching.prepare(search, out)
    study = searching.run_search(search, out, trials=5, run_fn=hill)
    study.sampler = searching._sampler(search, 5)
    study.ask()  # as a kill in the sixth trial leaves it: running, never told
    search_and_write(str(files), str(out), sampler=sampler)
    states = [t.state for t in optuna.load_study(study_name="optimise", storage=f"sqlite:///{out / 'study.db'}").trials]
    assert states[5] == optuna.trial.TrialState.FAIL and len(states) == TRIALS + 1
    assert folder_files(out) == folder_files(files / "whole")


@pytest.mark.parametrize("name", ["trial", "feasible", "point", "mentor_hours"])
def test_a_lever_named_like_a_column_is_refused_before_any_run(files, name):
    levers = files / "levers.toml"
    levers.write_text(f'[levers]\n{name} = [{{ label = "small", "pool.pool_cap" = 10 }}, {{ label = "big", "pool.pool_cap" = 20 }}]\n')  # fmt: skip
    out = files / "out"
    args = ["optimise", str(files / "tiny.toml"), "--levers", str(levers), "--objective", "backbones", "--budget",
            "mentor_hours<=1000", "--trials", "3", "-r", "1", "--workers", "1", "--out", str(out), "--quiet"]  # fmt: skip
    r = runner.invoke(app, args, env=ENGLISH)
    assert r.exit_code == 2, r.output
    assert r.output.strip().splitlines() == [
        f"error: {levers}: lever {name!r} is named like a column the results' tables already hold (reserved: trial, "
        "feasible, front_point, point, backbones, mentor_hours); give the lever another name"
    ]
    assert not out.exists()
    base = load_scenario(files / "tiny.toml")
    with pytest.raises(LeverError, match=f"lever '{name}'"):
        Search(base, load_levers(levers, base), (parse_objective("backbones"),), (parse_budget("mentor_hours<=9"),))


def test_an_objective_that_never_has_a_value_ends_cleanly_and_resumably(files):
    out = files / "out"
    started = time.perf_counter()
    with pytest.raises(OptimiseError) as e:
        search_and_write(str(files), str(out), never)
    assert time.perf_counter() - started < 30
    assert str(e.value) == (
        f"backbones had no value in {searching.MAX_NO_VALUE_IN_A_ROW} trials in a row (n/a in every replicate), so "
        "the search stops: what it measures may never happen in so short a run (run.years = 2; recruits may take "
        "longer to reach competence); lengthen run.years or choose another objective. The folder can be resumed"
    )
    assert (out / "search.json").is_file() and not (out / "trials.csv").exists()
    before = (out / "study.db").read_bytes()
    with pytest.raises(OptimiseError, match="backbones had no value"):  # resumed: the same line, no run again
        search_and_write(str(files), str(out), never)
    assert (out / "study.db").read_bytes() == before


@pytest.mark.slow
def test_the_command_ends_an_objective_a_short_run_never_values_with_one_line(files):
    """The issue's case: median months to competence in a 1-year run has no value (no recruit gets there)."""
    (files / "year.toml").write_text(TINY_SCENARIO.replace("years = 2", "years = 1"))
    out = files / "out"
    args = ["optimise", str(files / "year.toml"), "--levers", str(files / "levers.toml"), "--objective",
            "median_months_to_competence", "--trials", "30", "-r", "1", "--workers", "1", "--out", str(out), "--quiet"]  # fmt: skip
    r = runner.invoke(app, args, env=ENGLISH)
    assert r.exit_code == 2, r.output
    assert r.output.strip().splitlines()[-1] == (
        "error: median_months_to_competence had no value in 20 trials in a row (n/a in every replicate), so the "
        "search stops: what it measures may never happen in so short a run (run.years = 1; recruits may take longer "
        "to reach competence); lengthen run.years or choose another objective. The folder can be resumed"
    )
    assert (out / "study.db").is_file() and not (out / "trials.csv").exists()
    again = runner.invoke(app, args, env=ENGLISH)  # resumed: the same line at once
    assert again.exit_code == 2 and again.output.strip().splitlines()[-1] == r.output.strip().splitlines()[-1]


def test_a_search_too_large_is_refused_before_any_run(files):
    out = files / "out"
    args = ["optimise", str(files / "tiny.toml"), "--levers", str(files / "levers.toml"), "--objective", "backbones",
            "--trials", "100000", "-r", "21", "--out", str(out)]  # fmt: skip
    r = runner.invoke(app, args, env=ENGLISH)
    assert r.exit_code == 2, r.output
    assert r.output.strip().splitlines() == [
        "error: this search would start 2,100,050 runs (100000 trials x 21 replicates, plus 5 points x (10 "
        "confirmation runs + 0 sets x 21)), more than the limit of 2,000,000; use fewer --trials, -r, "
        "--confirm-points, --confirm-replicates or --sets"
    ]
    assert not out.exists()
    # with a fit's plausible sets (--ensemble): each confirmed point runs on each set too
    with pytest.raises(
        OptimiseError,
        match="start 2,040,210 runs \\(40 trials x 4 replicates, plus 5 points x \\(10 confirmation runs \\+ 102000 sets x 4\\)",
    ):
        searching.check_size(
            replace(search_of(files), replicates=4), 40, 5, 10, sets=102_000
        )  # the 102,000-row ensemble.csv

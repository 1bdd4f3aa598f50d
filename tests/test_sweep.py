"""Sweeps: bit-identical across backends, resumable after a kill, failures recorded, flat memory."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import TINY_SCENARIO  # noqa: E402
from typer.testing import CliRunner

from sim.cli import app as cli_app
from sim.runs.store import RunStore, SweepError
from sim.studies.sweep.command import sweep_and_report as run_sweep
from sim.studies.sweep.experiment_file import load_experiment

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent


def make_experiment(tmp_path: Path, body: str, name: str = "exp.toml"):
    (tmp_path / "tiny.toml").write_text(TINY_SCENARIO)
    p = tmp_path / name
    p.write_text(textwrap.dedent(body))
    return load_experiment(p)


REAL = """
scenario = "tiny.toml"
replicates = 2
seed = 11
outcomes = ["backbones", "pairs_formed", "final_mean_skill", "median_months_to_competence"]
[parameters]
"growth.mentoring_rate" = [0.03, 0.09]
"pairing.matching" = ["random", "nearby"]
"""

FAKE = """
scenario = "tiny.toml"
replicates = {reps}
seed = 3
outcomes = ["backbones", "final_mean_skill"]
[parameters]
"growth.mentoring_rate" = {{ min = 0.0, max = 0.5, num = {points} }}
"""


# ---- injectable run functions (module level: worker processes import them) ---------------
def fake_run(base, overrides, seed):
    """Cheap deterministic stand-in for simulate: outcomes from the seed and the parameter."""
    rng = np.random.default_rng(seed)
    rate = overrides.get("growth.mentoring_rate", 0.0)
    return {"backbones": float(rate * 100 + rng.normal()), "final_mean_skill": float(rng.random())}


def failing_run(base, overrides, seed):
    if overrides.get("growth.mentoring_rate", 0.0) == 0.25:
        raise RuntimeError("boom at mentoring_rate 0.25")
    return fake_run(base, overrides, seed)


def slow_fake_run(base, overrides, seed):
    time.sleep(0.01)
    return fake_run(base, overrides, seed)


def sobol_fake(base, overrides, seed):
    a = overrides["growth.mentoring_rate"] / 0.5
    b = overrides["growth.learning_by_doing"] / 0.2
    return {"backbones": a + 4 * b, "final_mean_skill": a * b}


# ---- tests --------------------------------------------------------------------------------
def _table(out: Path) -> pd.DataFrame:
    return pd.read_parquet(out / "results.parquet")


def test_bit_identical_serial_pool_and_dask(tmp_path):
    distributed = pytest.importorskip("distributed")
    exp = make_experiment(tmp_path, REAL)
    assert exp.n_runs == 8
    outs = {}
    for label, kw in (("w1", {"workers": 1}), ("w2", {"workers": 2})):
        outs[label] = tmp_path / label
        rep = run_sweep(exp, outs[label], progress=False, plots=False, **kw)
        assert (rep.ok, rep.failed, rep.interrupted) == (8, 0, False)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        outs["dask"] = tmp_path / "dask"
        rep = run_sweep(exp, outs["dask"], scheduler=cluster.scheduler_address, progress=False, plots=False)
        assert (rep.ok, rep.failed) == (8, 0)
    ref = _table(outs["w1"])
    assert list(ref["run"]) == list(range(8))
    assert ref["backbones"].gt(0).all()
    assert ref.groupby("replicate")["seed"].nunique().eq(1).all()  # common random numbers
    for label in ("w2", "dask"):
        pd.testing.assert_frame_equal(_table(outs[label]), ref, check_exact=True)
        assert (outs[label] / "results.csv").read_bytes() == (outs["w1"] / "results.csv").read_bytes()
    # the recorded seed replays the run exactly with simulate()
    from sim.model.run import simulate

    row = ref.iloc[5]
    scen = exp.base.with_overrides(
        {"growth.mentoring_rate": row["growth.mentoring_rate"], "pairing.matching": row["pairing.matching"]}
    )
    assert simulate(scen, int(row["seed"])).summary["backbones"] == row["backbones"]


def test_resume_runs_only_what_is_missing(tmp_path):
    exp = make_experiment(tmp_path, FAKE.format(reps=3, points=5))
    out = tmp_path / "out"
    rep = run_sweep(exp, out, workers=1, run_fn=fake_run, progress=False, flush_every=2, stop_after=7)
    assert rep.interrupted and rep.ran_now == 7
    assert not (out / "results.parquet").exists()
    rep = run_sweep(exp, out, workers=1, run_fn=fake_run, progress=False, plots=False)
    assert not rep.interrupted and rep.ran_now == 15 - 7 and rep.ok == 15
    runs = [r["run"] for r in RunStore(out / "runs").records()]
    assert sorted(runs) == list(range(15))  # each run recorded exactly once
    # a third call has nothing to do
    rep = run_sweep(exp, out, workers=1, run_fn=fake_run, progress=False, plots=False)
    assert rep.ran_now == 0 and rep.ok == 15
    fresh = tmp_path / "fresh"
    run_sweep(exp, fresh, workers=1, run_fn=fake_run, progress=False, plots=False)
    pd.testing.assert_frame_equal(_table(out), _table(fresh), check_exact=True)


KILL_SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
from sim.studies.sweep.experiment_file import load_experiment
from sim.studies.sweep.command import sweep_and_report as run_sweep
import test_sweep
exp = load_experiment({exp!r})
run_sweep(exp, {out!r}, workers=2, run_fn=test_sweep.slow_fake_run, progress=False, plots=False,
          flush_every=3, flush_seconds=0.05)
"""


def test_resume_after_kill_at_random_point(tmp_path):
    exp = make_experiment(tmp_path, FAKE.format(reps=4, points=50))  # 200 runs, ~1 s on 2 workers
    out = tmp_path / "out"
    script = KILL_SCRIPT.format(tests=str(TESTS), exp=str(tmp_path / "exp.toml"), out=str(out))
    proc = subprocess.Popen([sys.executable, "-c", script], start_new_session=True, cwd=ROOT)
    # wait until some runs are on disk, then kill the whole process group at a random moment
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list((out / "runs").glob("chunk-*.jsonl")):
        time.sleep(0.02)
    time.sleep(random.uniform(0.0, 0.4))
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    before = [r["run"] for r in RunStore(out / "runs").records()]
    assert len(before) == len(set(before))
    assert 0 < len(before)
    rep = run_sweep(exp, out, workers=2, run_fn=fake_run, progress=False, plots=False)
    assert rep.ran_now == 200 - len(before)
    runs = [r["run"] for r in RunStore(out / "runs").records()]
    assert sorted(runs) == list(range(200))
    table = _table(out)
    assert list(table["run"]) == list(range(200)) and (table["status"] == "ok").all()
    assert not list(out.rglob("*.tmp"))
    fresh = tmp_path / "fresh"
    run_sweep(exp, fresh, workers=1, run_fn=fake_run, progress=False, plots=False)
    pd.testing.assert_frame_equal(table, _table(fresh), check_exact=True)


def test_sigterm_saves_and_resumes(tmp_path):
    exp = make_experiment(tmp_path, FAKE.format(reps=4, points=50))
    out = tmp_path / "out"
    script = KILL_SCRIPT.format(tests=str(TESTS), exp=str(tmp_path / "exp.toml"), out=str(out))
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list((out / "runs").glob("chunk-*.jsonl")):
        time.sleep(0.02)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0  # handled like Ctrl-C: flushed, workers stopped, clean exit
    n = len(list(RunStore(out / "runs").records()))
    assert 0 < n < 200
    rep = run_sweep(exp, out, workers=1, run_fn=fake_run, progress=False, plots=False)
    assert rep.ran_now == 200 - n and rep.ok == 200


@pytest.mark.parametrize("workers", [1, 2])
def test_failing_run_does_not_stop_the_sweep(tmp_path, workers):
    exp = make_experiment(tmp_path, FAKE.format(reps=2, points=5))  # rates 0, .125, .25, .375, .5
    out = tmp_path / "out"
    rep = run_sweep(exp, out, workers=workers, run_fn=failing_run, progress=False, plots=False)
    assert (rep.ok, rep.failed) == (8, 2)
    table = _table(out)
    assert len(table) == 10
    bad = table[table["status"] == "failed"]
    assert list(bad["run"]) == [4, 5] and bad["backbones"].isna().all()
    fails = pd.read_csv(out / "failures.csv")
    assert list(fails["run"]) == [4, 5]
    assert (fails["param:growth.mentoring_rate"] == 0.25).all()
    assert fails["error"].str.contains("boom at mentoring_rate 0.25").all()
    assert fails["traceback"].str.contains("failing_run").all()
    assert list(fails["seed"]) == [exp.seed(4), exp.seed(5)]
    # resuming does not rerun failures unless asked
    rep = run_sweep(exp, out, workers=1, run_fn=fake_run, progress=False, plots=False)
    assert rep.ran_now == 0 and rep.failed == 2
    rep = run_sweep(exp, out, workers=1, run_fn=fake_run, progress=False, plots=False, retry_failed=True)
    assert rep.ran_now == 2 and (rep.ok, rep.failed) == (10, 0)
    assert not (out / "failures.csv").exists()
    assert (_table(out)["status"] == "ok").all()


def test_cli_exit_status_and_failure_count(tmp_path, monkeypatch):
    import sim.studies.sweep.sweep

    make_experiment(tmp_path, FAKE.format(reps=2, points=5))
    monkeypatch.setattr(sim.studies.sweep.sweep, "simulate_summary", failing_run)
    out = tmp_path / "out"
    res = CliRunner().invoke(
        cli_app, ["sweep", str(tmp_path / "exp.toml"), "--out", str(out), "-w", "1", "-q", "--no-plots", "--lang", "en"]
    )
    assert res.exit_code == 1, res.output
    assert "8 runs ok, 2 failed" in res.output and "failures.csv" in res.output
    assert (out / "results.csv").exists() and (out / "report.md").exists()


def test_a_folder_removed_while_the_sweep_runs_ends_in_one_line(tmp_path, monkeypatch):
    import sim.runs.store
    import sim.studies.sweep.sweep

    make_experiment(tmp_path, FAKE.format(reps=2, points=5))
    monkeypatch.setattr(sim.studies.sweep.sweep, "simulate_summary", fake_run)
    real_write, calls = sim.runs.store.atomic_write_bytes, []

    def removed_then_write(path, data):  # the user deletes the folder before the runs are saved
        calls.append(path)
        if len(calls) == 1:
            shutil.rmtree(out)
        return real_write(path, data)

    monkeypatch.setattr(sim.runs.store, "atomic_write_bytes", removed_then_write)
    out = tmp_path / "out"
    args = ["sweep", str(tmp_path / "exp.toml"), "--out", str(out), "-w", "1", "-q", "--no-plots", "--lang", "en"]
    res = CliRunner().invoke(cli_app, args)
    assert res.exit_code == 2, res.output
    assert "cannot write the sweep in" in res.output and "Traceback" not in res.output
    assert "run the same command again" in res.output


def test_changed_experiment_is_refused(tmp_path):
    exp = make_experiment(tmp_path, FAKE.format(reps=2, points=3))
    out = tmp_path / "out"
    run_sweep(exp, out, workers=1, run_fn=fake_run, progress=False, plots=False)
    before = sorted((p.name, p.stat().st_mtime_ns) for p in out.rglob("*"))
    changed = make_experiment(tmp_path, FAKE.format(reps=3, points=3))
    with pytest.raises(SweepError, match=r"different experiment \(changed: .*replicates.*--out"):
        run_sweep(changed, out, workers=1, run_fn=fake_run, progress=False)
    assert sorted((p.name, p.stat().st_mtime_ns) for p in out.rglob("*")) == before
    # a folder that is not a sweep folder is refused too
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    with pytest.raises(SweepError, match="not a sweep folder"):
        run_sweep(exp, other, workers=1, run_fn=fake_run, progress=False)
    # comments and description do not change the experiment
    text = (tmp_path / "exp.toml").read_text()
    (tmp_path / "exp.toml").write_text("# a comment\n" + text.replace("replicates = 3", "replicates = 2"))
    same = load_experiment(tmp_path / "exp.toml")
    assert run_sweep(same, out, workers=1, run_fn=fake_run, progress=False, plots=False).ran_now == 0


def _loop_peak(exp, out, progress: bool = True) -> int:
    """Largest traced memory seen inside the run loop (sampled at every run)."""
    peak = [0]

    def sampling_run(base, overrides, seed):
        peak[0] = max(peak[0], tracemalloc.get_traced_memory()[0])
        return fake_run(base, overrides, seed)

    tracemalloc.start()
    try:
        run_sweep(
            exp,
            out,
            workers=1,
            run_fn=sampling_run,
            progress=progress,
            analysis=False,
            flush_every=64,
            flush_seconds=3600,
        )
    finally:
        tracemalloc.stop()
    return peak[0]


def test_memory_is_flat(tmp_path):
    small = make_experiment(tmp_path, FAKE.format(reps=10, points=20), "small.toml")  # 200 runs
    large = make_experiment(tmp_path, FAKE.format(reps=100, points=20), "large.toml")  # 2,000 runs
    assert (small.n_runs, large.n_runs) == (200, 2000)
    _loop_peak(small, tmp_path / "warmup")
    p_small = _loop_peak(small, tmp_path / "small")
    p_large = _loop_peak(large, tmp_path / "large")
    # Tolerance: 384 kB for 1,800 more runs. Measured: ~125 kB, all of it bounded warm-up (rich's
    # progress keeps its last 1,000 samples for the ETA; flat from 2,000 to 5,000 runs). Keeping
    # each run's record in memory would cost ~1 kB a run (1.8 MB here).
    assert p_large - p_small < 384 * 1024, (p_small, p_large)
    assert len(_table(tmp_path / "large")) == 2000


def test_sobol_sweep_reports_indices(tmp_path):
    exp = make_experiment(
        tmp_path,
        """
        scenario = "tiny.toml"
        design = "sobol"
        samples = 64
        replicates = 1
        outcomes = ["backbones", "final_mean_skill"]
        [parameters]
        "growth.mentoring_rate" = { min = 0.0, max = 0.5 }
        "growth.learning_by_doing" = { min = 0.0, max = 0.2 }
    """,
    )
    out = tmp_path / "out"
    run_sweep(exp, out, workers=1, run_fn=sobol_fake, progress=False, plots=True, lang="en")
    sens = pd.read_csv(out / "sensitivity.csv").set_index(["outcome", "parameter"])
    # backbones = a + 4 b with a, b uniform: S_a = 1/17, S_b = 16/17, additive (S1 = ST)
    s = sens.loc["backbones"]
    assert s.loc["growth.learning_by_doing", "first_order"] == pytest.approx(16 / 17, abs=0.08)
    assert s.loc["growth.mentoring_rate", "total_order"] == pytest.approx(1 / 17, abs=0.05)
    for col in ("first_order", "total_order"):
        assert (sens[f"{col}_low"] <= sens[col] + 1e-9).all() and (sens[col] <= sens[f"{col}_high"] + 1e-9).all()
    report = (out / "report.md").read_text()
    assert "most influential parameter is growth.learning_by_doing" in report
    assert (out / "plots" / "backbones.png").stat().st_size > 1000


def test_real_sweep_via_cli_with_plots(tmp_path):
    make_experiment(tmp_path, REAL)
    out = tmp_path / "out"
    res = CliRunner().invoke(
        cli_app, ["sweep", str(tmp_path / "exp.toml"), "--out", str(out), "-w", "2", "-q", "--lang", "en"]
    )
    assert res.exit_code == 0, res.output
    assert "8 runs ok, 0 failed" in res.output
    for name in ("results.parquet", "results.csv", "points.csv", "report.md", "experiment.toml", "sweep.json"):
        assert (out / name).exists(), name
    assert (out / "experiment.toml").read_text() == (tmp_path / "exp.toml").read_text()
    table = pd.read_csv(out / "results.csv")
    assert list(table.columns) == [
        "run",
        "point",
        "replicate",
        "seed",
        "growth.mentoring_rate",
        "pairing.matching",
        "backbones",
        "pairs_formed",
        "final_mean_skill",
        "median_months_to_competence",
        "status",
    ]
    assert sorted(p.name for p in (out / "plots").glob("*.png")) == sorted(
        f"{o}.png" for o in ["backbones", "pairs_formed", "final_mean_skill", "median_months_to_competence"]
    )
    manifest = json.loads((out / "sweep.json").read_text())
    assert manifest["n_runs"] == 8


def test_a_run_record_keeps_the_stored_line_of_a_sweep_folder():
    from sim.runs.execution import call, infra_failure
    from sim.runs.records import RunRecord

    ok = call(fake_run, None, 7, {"x": 1.0}, 3).placed(point=3, replicate=1, seed=3, params={"x": 1.0})
    line = ok.stored()
    assert list(line) == ["run", "point", "replicate", "seed", "params", "elapsed", "status", "outcomes"]
    assert line["status"] == "ok" and RunRecord.from_stored(json.loads(json.dumps(line))).result == ok.result
    lost = infra_failure(7, RuntimeError("worker lost")).placed(point=3, replicate=1, seed=3, params={})
    assert list(lost.stored())[-3:] == ["status", "error", "traceback"] and lost.status == "failed"
    assert RunRecord.from_stored(lost.stored()).error == "RuntimeError: worker lost"


def test_preflight_ends_a_command_with_one_line(tmp_path, capsys):
    import typer

    from sim.guards import preflight
    from sim.terminal import start

    start("en")  # a command in English (the lines below are read in English)
    with pytest.raises(typer.Exit) as ended:
        preflight(workers=10_000)
    assert ended.value.exit_code == 2 and "--workers 10000: this machine has" in capsys.readouterr().err
    with pytest.raises(typer.Exit):
        preflight(destination=tmp_path, new_folder=True)
    assert "already exists; results are never overwritten" in capsys.readouterr().err
    preflight(workers=1, destination=tmp_path / "new")  # all well: nothing said, nothing written
    assert not (tmp_path / "new").exists()

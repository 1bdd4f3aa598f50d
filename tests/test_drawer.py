"""The run's plots drawn by a child process: the same files, errors told, nothing left running or half written."""

import os
import signal
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

import sim.output.plots
from sim.cli import app
from sim.model.run import simulate
from sim.output.drawer import Drawer, DrawingError
from sim.params.scenario import load_scenario
from sim.studies.run.results import write_run


@pytest.fixture(scope="module")
def result():
    return simulate(load_scenario("anji").with_overrides({"run.years": 2, "run.end_year": 0}), 4)


def _gone(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_child_draws_what_this_process_would(result, tmp_path, lang):
    drawn = {}
    for fork in (True, False):
        with Drawer(fork=fork, lang=lang) as drawer:  # forked: the child draws a first plot while it waits
            assert drawer.forked == fork
            drawer.draw(result.series, tmp_path / str(fork), title="anji", lang=lang, mentoring=True)
            drawn[fork] = drawer.paths()
    assert [p.name for p in drawn[True]] == [p.name for p in drawn[False]] and len(drawn[True]) >= 5
    for a, b in zip(drawn[True], drawn[False], strict=True):
        assert a.parent == tmp_path / "True" and a.read_bytes() == b.read_bytes(), a.name


def test_an_error_in_the_child_fails_the_run_and_keeps_nothing(result, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("no ink")

    monkeypatch.setattr(sim.output.plots, "plot_run", broken)  # the child is forked with it
    with pytest.raises(DrawingError, match="the plots could not be drawn: ValueError: no ink"):
        write_run(result, tmp_path, drawer=Drawer())
    assert list(tmp_path.iterdir()) == []  # no results folder, no temporary one


def test_a_killed_child_is_an_error_and_a_stopped_one_is_reaped(result, tmp_path):
    with Drawer() as drawer:
        os.kill(drawer._pid, signal.SIGKILL)
        drawer.draw(result.series, tmp_path, title="", lang="en", mentoring=True)
        with pytest.raises(DrawingError, match="killed by signal 9"):
            drawer.paths()
    drawer = Drawer()
    pid = drawer._pid
    drawer.stop()
    drawer.stop()  # twice is harmless
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped: no zombie left


def test_the_child_dies_with_its_parent():
    script = "from sim.output.drawer import Drawer; import sys, time; d = Drawer(); print(d._pid, flush=True); time.sleep(60)"
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        child = int(parent.stdout.readline())
        assert not _gone(child)
        parent.kill()  # SIGKILL: no handler of the parent runs
        parent.wait()
        deadline = time.monotonic() + 10
        while not _gone(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _gone(child)
    finally:
        parent.kill()


def test_the_command_says_so_when_the_plots_fail(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise MemoryError("out of memory")

    monkeypatch.setattr(sim.output.plots, "plot_run", broken)
    r = CliRunner().invoke(
        app, ["run", "anji", "--years", "1", "--out", str(tmp_path / "out"), "--quiet", "--lang", "en"]
    )
    assert r.exit_code == 2
    assert "the plots could not be drawn: MemoryError: out of memory (nothing was kept in" in r.output
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []

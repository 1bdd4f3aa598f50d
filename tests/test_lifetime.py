"""Nothing left running: a killed sweep or demo takes its worker processes along, even on SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import TINY_SCENARIO

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's"),
]
CLI = [sys.executable, "-m", "sim"]


def children_of(pid: int) -> set[int]:
    """Every descendant of ``pid`` now (from /proc)."""
    parent: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parent[int(entry.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, pp in parent.items() if pp in frontier} - found
        found |= frontier
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def describe(pids: set[int]) -> list[str]:
    out = []
    for pid in sorted(pids):
        try:
            ppid = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1]
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:100]
            out.append(f"{pid} (parent {ppid}): {cmd}")
        except OSError:
            out.append(f"{pid}: (gone)")
    return out


def wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.mark.long
def test_sigkill_of_a_two_worker_sweep_leaves_no_process(tmp_path):
    (tmp_path / "tiny.toml").write_text(TINY_SCENARIO)
    (tmp_path / "exp.toml").write_text(
        textwrap.dedent("""
        scenario = "tiny.toml"
        replicates = 50
        [fixed]
        "run.years" = 6
        [parameters]
        "growth.mentoring_rate" = [0.02, 0.04, 0.06, 0.08]
        """)
    )
    proc = subprocess.Popen([*CLI, "sweep", str(tmp_path / "exp.toml"), "--out", str(tmp_path / "out"), "-w", "2",
                             "-q", "--no-plots"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        # the fork server, two workers and the resource tracker
        assert wait_for(lambda: len(children_of(proc.pid)) >= 3, 60), "the sweep's workers did not start"
        assert wait_for(lambda: any((tmp_path / "out" / "runs").glob("chunk-*")), 60), "no run finished"
        descendants = children_of(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        left = lambda: {p for p in descendants if running(p)}  # noqa: E731
        assert wait_for(lambda: not left(), 15), f"still running after the kill: {describe(left())}"
    finally:
        if proc.poll() is None:
            proc.kill()
    # the next run of the same command resumes and cleans what the killed one left half done
    done = subprocess.run([*CLI, "sweep", str(tmp_path / "exp.toml"), "--out", str(tmp_path / "out"), "-w", "2",
                           "-q", "--no-plots"], capture_output=True, text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert not list((tmp_path / "out").rglob(".*.tmp"))


def test_sigkill_of_the_demo_takes_its_web_server_along():
    pytest.importorskip("solara")
    proc = subprocess.Popen([*CLI, "demo", "--port", "0", "--no-open", "--lang", "en"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)  # fmt: skip
    try:
        seen = []
        while not any("cadre-sim demo running at" in line for line in seen) and len(seen) < 50:
            seen.append(proc.stdout.readline())  # Solara's own lines come first
        assert any("cadre-sim demo running at" in line for line in seen), seen
        server = children_of(proc.pid)
        assert server, "no server process"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        assert wait_for(lambda: not {p for p in server if running(p)}, 15), describe(server)
    finally:
        if proc.poll() is None:
            proc.kill()

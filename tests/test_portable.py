"""The commands run where POSIX-only modules are missing: a stand-in for the planner's Windows PC.

Each command runs in a fresh interpreter whose ``sitecustomize`` makes ``resource`` and ``fcntl``
unimportable, deletes ``os.fork`` (so the pools spawn their workers and the plots are drawn in the
process) and hides ``prctl`` (so children watch their parent), in a folder whose name has Chinese
characters and a space, on scenario and experiment files with Windows line ends (CRLF), with a GBK
console (``PYTHONIOENCODING=gbk``, as Chinese Windows redirects output). By default: run, a
two-worker sweep, validate, the demo's help and the watchdog; with ``--long`` also compare, a tiny
calibrate, the demo's server started and ended with a killed demo, and the whole Chinese guide.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import TINY_SCENARIO

# imported first by every interpreter whose PYTHONPATH starts with its folder
BLOCKING = textwrap.dedent("""
    import os, sys
    for name in ("resource", "fcntl"):
        sys.modules[name] = None  # import raises ImportError, as on Windows
    for name in ("fork", "forkpty", "register_at_fork"):
        if hasattr(os, name):
            delattr(os, name)
    import ctypes
    _symbol = ctypes.CDLL.__getattr__
    def _no_prctl(library, name):  # no parent-death signal: children watch their parent instead
        if name == "prctl":
            raise AttributeError(name)
        return _symbol(library, name)
    ctypes.CDLL.__getattr__ = _no_prctl
""")
TARGETS = """scenario = "小 县.toml"
[[target]]
name = "pool_end"
place = "a tiny county"
what = "mentors in the pool at the end"
value = 8
kind = "about"
at = "2005-12"
quantity = "pool_size"
source = "synthetic"
"""
HANG_GUARD = 600  # seconds: only a hung command ever meets it


def crlf(text: str) -> str:
    """``text`` with Windows line ends."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A folder named ``测试 目录`` holding the CRLF files, and the environment of a Windows stand-in."""
    root = tmp_path_factory.mktemp("portable")
    (root / "boot").mkdir()
    (root / "boot" / "sitecustomize.py").write_text(BLOCKING)
    work = root / "测试 目录"
    work.mkdir()
    (work / "小 县.toml").write_bytes(crlf(TINY_SCENARIO).encode("utf-8"))
    (work / "多 带.toml").write_bytes(crlf(TINY_SCENARIO + "[pool]\nentry_willingness = 0.4\n").encode("utf-8"))
    exp = 'scenario = "小 县.toml"\nreplicates = 1\n[parameters]\n"growth.mentoring_rate" = [0.03, 0.09]\n'
    (work / "扫描 exp.toml").write_bytes(crlf(exp).encode("utf-8"))
    (work / "目标 t.toml").write_bytes(crlf(TARGETS).encode("utf-8"))
    free = '[parameters]\n"pool.entry_willingness" = { min = 0.02, max = 0.9 }\n'
    (work / "free 自由.toml").write_bytes(crlf(free).encode("utf-8"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHONIOENCODING", "PYTHONUTF8", "COLUMNS"))}
    env["PYTHONPATH"] = os.pathsep.join([str(root / "boot"), *filter(None, [env.get("PYTHONPATH")])])
    env["PYTHONIOENCODING"] = "gbk"
    env["PYTHONUTF8"] = "0"
    env["MPLBACKEND"] = "Agg"
    # without fcntl, filelock falls back to a lock file's existence (Windows has its own real lock): Solara's
    # lock file left in ~/.solara by a Linux run would look held for ever, so the stand-in has a home of its own
    env["SOLARA_HOME"] = str(root / "solara home")
    return work, env


def cadre_sim(place: tuple[Path, dict[str, str]], *args: str) -> tuple[str, str]:
    """Run ``cadre-sim ARGS`` in the stand-in; its output and errors decoded as GBK (strictly)."""
    work, env = place
    done = subprocess.run([sys.executable, "-m", "sim", *args], cwd=work, env=env, capture_output=True,
                          timeout=HANG_GUARD)  # fmt: skip
    out, err = done.stdout.decode("gbk"), done.stderr.decode("gbk")  # a GBK console shows every byte
    assert done.returncode == 0, f"{args}: {out}\n{err}"
    assert "Traceback" not in err and "UnicodeEncodeError" not in err, err
    return out, err


def test_the_stand_in_lacks_what_windows_lacks(place):
    probe = textwrap.dedent("""
        import importlib, os
        from sim.lifetime import die_with_parent, _has_parent_death_signal
        from sim.runs.backends.processes import start_method
        for name in ("resource", "fcntl"):
            try:
                importlib.import_module(name)
            except ImportError:
                print(name, "missing")
        print("fork" if hasattr(os, "fork") else "no fork", start_method())
        print("prctl" if _has_parent_death_signal() else "no prctl")
    """)
    work, env = place
    out = subprocess.run([sys.executable, "-c", probe], cwd=work, env=env, capture_output=True, text=True,
                         timeout=HANG_GUARD, check=True).stdout.split("\n")  # fmt: skip
    assert out[:4] == ["resource missing", "fcntl missing", "no fork spawn", "no prctl"]


def test_a_run_writes_its_folder_with_plots_drawn_in_the_process(place):
    out, _ = cadre_sim(place, "run", "小 县.toml", "--out", "结果 run")
    (folder,) = (place[0] / "结果 run").iterdir()
    assert (folder / "report.md").exists() and (folder / "results.xlsx").exists()
    assert list((folder / "plots").glob("*.png"))
    assert "结果 run" in out  # the folder named on the GBK console


def test_a_two_worker_sweep_spawns_its_workers(place):
    cadre_sim(place, "sweep", "扫描 exp.toml", "-w", "2", "--no-plots", "-q", "--out", "扫描 结果")
    sweep = place[0] / "扫描 结果"
    assert len((sweep / "results.csv").read_text(encoding="utf-8-sig").splitlines()) == 3  # header, two runs
    assert not (sweep / ".lock-holder").exists()  # the lock given back


@pytest.mark.long
def test_compare_and_a_tiny_calibrate(place):
    """Over ten seconds of a quiet machine's time together: the default run leaves them out."""
    cadre_sim(place, "compare", "小 县.toml", "多 带.toml", "-r", "2", "-w", "1", "--no-plots", "-q", "--out", "对比")
    assert (place[0] / "对比" / "report.md").exists()
    cadre_sim(place, "calibrate", "小 县.toml", "目标 t.toml", "--free", "free 自由.toml", "--trials", "2",
              "--replicates", "1", "--waves", "0", "--workers", "1", "--out", "拟合 fit")  # fmt: skip
    assert (place[0] / "拟合 fit" / "report.md").exists()


def test_a_name_the_console_cannot_show_is_shown_with_a_question_mark(place):
    (place[0] / "县✓.toml").write_bytes(crlf(TINY_SCENARIO).encode("utf-8"))  # GBK has no ✓
    out, _ = cadre_sim(place, "validate", "县✓.toml")
    assert "县?.toml" in out


def test_the_demo_starts(place):
    out, _ = cadre_sim(place, "demo", "--help")
    assert "--port" in out


@pytest.mark.slow
@pytest.mark.long
def test_the_demo_serves_and_its_server_ends_with_a_killed_demo(place):
    """The server runs tied (``python -m sim.lifetime``): a SIGKILL of the demo ends it within a second or so."""
    pytest.importorskip("solara")
    psutil = pytest.importorskip("psutil")
    work, env = place
    proc = subprocess.Popen([sys.executable, "-m", "sim", "demo", "--port", "0", "--no-open", "--lang", "en"],
                            cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        seen: list[str] = []
        while not any("cadre-sim demo running at" in line for line in seen) and len(seen) < 50:
            seen.append(proc.stdout.readline().decode("gbk", errors="replace"))  # Solara's own lines come first
        assert any("cadre-sim demo running at" in line for line in seen), seen
        server = psutil.Process(proc.pid).children(recursive=True)
        assert server and "sim.lifetime" in " ".join(server[0].cmdline())
        proc.kill()
        proc.wait(timeout=HANG_GUARD)
        _, left = psutil.wait_procs(server, timeout=30)
        assert not left, [p.cmdline() for p in left]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.parametrize("tied", ["watch", "script", "module"])
def test_a_watched_child_ends_soon_after_its_parent(tmp_path, tied):
    """The watchdog where prctl is missing: the child (or a program run tied) ends once the parent has gone."""
    parent = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    tie = [sys.executable, "-m", "sim.lifetime", str(parent.pid)]  # as the demo's server is started off Linux
    if tied == "script":  # a console script's path
        script = tmp_path / "wait.py"
        script.write_text("import time\ntime.sleep(600)\n")
        command = [*tie, str(script)]
    elif tied == "module":  # python -m module ...
        command = [*tie, sys.executable, "-m", "http.server", "0", "--bind", "127.0.0.1"]
    else:
        watch = (
            f"from sim.lifetime import watch_parent; import time; watch_parent({parent.pid}, poll=0.1); time.sleep(600)"
        )
        command = [sys.executable, "-c", watch]
    child = subprocess.Popen(command)
    try:
        time.sleep(1.0)
        assert child.poll() is None  # it waits while the parent runs
        parent.kill()  # a zombie until reaped: the watchdog tells it from a running parent
        assert child.wait(timeout=60) == 1
    finally:
        for proc in (parent, child):
            if proc.poll() is None:
                proc.kill()
            proc.wait()


@pytest.mark.slow
@pytest.mark.long
def test_the_chinese_guide_runs_in_the_stand_in(place, tmp_path):
    """README.zh.md's commands (as test_readme_zh makes them cheaper) with the POSIX-only modules blocked."""
    from test_readme_zh import ROOT, SKIPPED, cheaper, commands

    work = tmp_path / "我的 县"
    work.mkdir()
    for name in ("scenarios", "experiments", "calibration"):
        (work / name).symlink_to(ROOT / name, target_is_directory=True)
    ran = 0
    for command in commands():
        if any(command.startswith(start) for start in SKIPPED):
            continue
        done = subprocess.run(cheaper(command), cwd=work, env=place[1], capture_output=True, timeout=HANG_GUARD)
        err = done.stderr.decode("gbk")
        assert done.returncode == 0, f"{command}\n{done.stdout.decode('gbk')[-2000:]}\n{err[-2000:]}"
        assert "Traceback" not in err, err
        ran += 1
    assert ran >= 9

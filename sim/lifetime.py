"""Child processes that end with their parent: nothing left running after a kill.

On Linux a process can ask the kernel to send it SIGKILL when its parent dies
(``prctl(PR_SET_PDEATHSIG)``): at once, even when the parent is killed with SIGKILL, which no
handler sees. Sweep workers, the process pool's fork server, the plot drawer and the demo's web
server ask for it. Where there is no such request (Windows, macOS), ``die_with_parent`` starts a
watchdog thread in the child instead: every ``POLL_SECONDS`` it looks whether the parent still runs
(the same process: its id and start time, ``psutil``) and ends the child when it does not, so a
child outlives a killed parent by at most about half a second.

``start_tied`` starts a program that ends with this process: on Linux through the request made
before the program starts; elsewhere the program runs inside ``python -m sim.lifetime PARENT ...``,
which starts the watchdog first (a request made before ``exec`` would not survive it there).
"""

from __future__ import annotations

import ctypes
import os
import runpy
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence

PR_SET_PDEATHSIG = 1
POLL_SECONDS = 0.5  # the watchdog's look at the parent: the latency of a child's end where prctl is missing


def die_with_parent(parent_pid: int | None = None) -> bool:
    """Make this process end when its parent ends; True if it could.

    ``parent_pid``: the parent expected; if it has already gone (a race at start), exit now.
    Linux: the kernel's parent-death signal; elsewhere (or if the kernel refuses): a watchdog thread.
    """
    if _parent_death_signal():
        if parent_pid is not None and os.getppid() != parent_pid:
            os._exit(1)  # the parent died before the request took effect
        return True
    return watch_parent(parent_pid)


def _parent_death_signal() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def watch_parent(parent_pid: int | None = None, poll: float = POLL_SECONDS) -> bool:
    """Start a daemon thread that ends this process (``os._exit(1)``) once ``parent_pid`` has ended.

    ``parent_pid``: the process to outlive by no more than ``poll`` seconds (default: this one's parent).
    Returns False (and watches nothing) if the parent cannot be watched here.
    """
    parent = os.getppid() if parent_pid is None else parent_pid
    alive = _watcher(parent)
    if alive is None:
        return False
    if not alive():
        os._exit(1)  # gone already

    def watch() -> None:
        while True:
            time.sleep(poll)
            if not alive():
                os._exit(1)

    threading.Thread(target=watch, name="die-with-parent", daemon=True).start()
    return True


def _watcher(parent: int) -> Callable[[], bool] | None:
    """A test of whether ``parent`` still runs (the same process, not a new one given its id), or None."""
    try:
        import psutil
    except ImportError:  # POSIX without psutil: an orphan is given another parent
        if not hasattr(os, "getppid") or sys.platform == "win32" or parent != os.getppid():
            return None
        return lambda: os.getppid() == parent
    try:
        born = psutil.Process(parent).create_time()
    except psutil.NoSuchProcess:
        return lambda: False
    except psutil.Error:
        return None

    def alive() -> bool:
        try:
            process = psutil.Process(parent)
            return process.create_time() == born and process.status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return False
        except psutil.Error:  # access denied: it runs
            return True

    return alive


def start_tied(command: Sequence[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """Start ``command`` (a Python program: a console script or ``python -m module``) ending with this process."""
    parent = os.getpid()
    if _has_parent_death_signal():
        return subprocess.Popen(list(command), env=env, preexec_fn=lambda: _tie_before_exec(parent))
    return subprocess.Popen([sys.executable, "-m", "sim.lifetime", str(parent), *command], env=env)


def _has_parent_death_signal() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        return hasattr(ctypes.CDLL(None), "prctl")
    except OSError:
        return False


def _tie_before_exec(parent: int) -> None:
    """In the child between fork and exec (no thread may start here): the request, or exit if the parent went."""
    _parent_death_signal()
    if os.getppid() != parent:
        os._exit(1)


def _run_tied(argv: Sequence[str]) -> None:
    """``python -m sim.lifetime PARENT PROGRAM ARGS...``: watch PARENT, then run PROGRAM in this process.

    PROGRAM is ``python -m module`` (its interpreter path, ``-m``, the module) or a console script's path.
    """
    parent, *command = argv
    if not watch_parent(int(parent)):
        raise SystemExit(f"cannot watch process {parent}")
    if len(command) >= 3 and command[1] == "-m":
        sys.argv = [command[2], *command[3:]]
        runpy.run_module(command[2], run_name="__main__", alter_sys=True)
    else:
        sys.argv = list(command)
        runpy.run_path(command[0], run_name="__main__")


if __name__ == "__main__":
    _run_tied(sys.argv[1:])

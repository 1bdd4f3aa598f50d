"""The demo's server process.

The demo's server process: the ``solara run`` command line, its offline environment, and the
wait until it answers (``cadre-sim demo`` uses them; so does the browser test).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from sim.demo.assets import ensure_offline_assets, offline_env

APP_FILE = Path(__file__).resolve().with_name("page.py")  # the file the solara server runs
ENV_SCENARIO = "CADRE_DEMO_SCENARIO"
ENV_LANG = "CADRE_DEMO_LANG"


def free_port(host: str) -> int:
    """A port free on ``host`` now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def server_command(port: int, host: str = "127.0.0.1", app_file: str | Path | None = None) -> list[str]:
    """The solara server command line (production mode: no file watcher, no auto-reload)."""
    solara_exe = Path(sys.executable).with_name("solara")
    base = [str(solara_exe)] if solara_exe.exists() else [sys.executable, "-m", "solara"]
    return [
        *base,
        "run",
        str(app_file or APP_FILE),
        "--host",
        host,
        "--port",
        str(port),
        "--production",
        "--no-open",
        "--log-level",
        "warning",
    ]


def server_env(scenario: str | None, lang: str) -> dict[str, str]:
    """Environment for the server: offline assets, scenario and language."""
    env = offline_env(ensure_offline_assets())
    if scenario:
        env[ENV_SCENARIO] = str(Path(scenario).resolve()) if Path(scenario).exists() else scenario
    else:
        env.pop(ENV_SCENARIO, None)
    env[ENV_LANG] = lang
    env.setdefault("MPLBACKEND", "Agg")
    return env


def wait_for_server(url: str, timeout: float = 60.0, proc: subprocess.Popen[bytes] | None = None) -> None:
    """Return when ``url`` answers 200; raise if ``proc`` exits first or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"demo server exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:  # localhost only
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"demo server did not answer at {url} within {timeout:.0f} s")

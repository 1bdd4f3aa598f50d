"""The demo's server process.

The ``solara run`` command line, its offline environment, and the wait until it answers
(``cadre-sim demo`` uses them; so does the browser test).
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request
import webbrowser
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from sim.demo.assets import ensure_offline_assets, offline_env
from sim.lifetime import start_tied
from sim.words import Book

W = Book("demo")  # its lines are English for now, as the command's

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
    # no English "This website runs on Solara" banner over the charts, a plain progress bar while loading
    env["SOLARA_THEME_SHOW_BANNER"] = "false"
    env["SOLARA_THEME_LOADER"] = "plain"
    # the page is served on 127.0.0.1, not "localhost": Solara then warns (in English, on every load)
    # that a cookie falls back to samesite=lax, which is right for a local page
    env["PYTHONWARNINGS"] = "ignore:Cookies with samesite=none require https"
    return env


def wait_for_server(url: str, timeout: float = 60.0, proc: subprocess.Popen[bytes] | None = None) -> None:
    """Return when ``url`` answers 200; raise if ``proc`` exits first or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(W("server_exited", "en", code=proc.returncode))
        try:
            with urllib.request.urlopen(url, timeout=2) as r:  # localhost only
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(W("server_silent", "en", url=url, seconds=f"{timeout:.0f}"))


def serve(
    env: dict[str, str], port: int, host: str, open_browser: bool, on_ready: Callable[[str], None] = print
) -> int | None:
    """Run the demo server until Ctrl+C or SIGTERM; return its exit code.

    ``on_ready`` is given the page's address once the server answers.

    The server process ends with this one even if this one is killed (``sim.lifetime``).
    """
    if port == 0:
        port = free_port(host)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{shown}:{port}/"
    proc = start_tied(server_command(port, host), env)  # Linux: prctl; elsewhere a watchdog in the server

    def stop(signum: int, frame: FrameType | None) -> None:  # SIGTERM: stop the server too, as Ctrl+C does
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        wait_for_server(url, proc=proc)
        on_ready(url)
        if open_browser:
            webbrowser.open(url)
        proc.wait()
    except KeyboardInterrupt:
        pass
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    return proc.returncode

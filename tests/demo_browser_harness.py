"""Drive the demo page in headless Debian Chromium with Playwright, network disabled.

Shared by tests/test_demo_browser.py and benchmarks/bench_demo.py. Never downloads a browser:
it launches ``/usr/bin/chromium`` (Debian package) through Playwright's ``executable_path``.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = os.environ.get("CADRE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # no name resolves except localhost: the browser cannot reach the internet even if a page asked
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def demo_server(log_path: Path, *, lang: str = "en", scenario: str | None = None, app_file: str | None = None):
    """Start ``cadre-sim demo``'s server on a free localhost port; yield its URL."""
    from sim.demo.server import server_command, server_env, wait_for_server

    port = free_port()
    env = server_env(scenario, lang)
    app_file = app_file or os.environ.get("CADRE_DEMO_APP_FILE")  # dev hook: another page file
    log = open(log_path, "w")  # noqa: SIM115
    proc = subprocess.Popen(server_command(port, "127.0.0.1", app_file), env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for_server(url, timeout=60, proc=proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@contextmanager
def offline_browser(base_url: str):
    """A Playwright browser context whose requests may only go to base_url's host:port."""
    from playwright.sync_api import sync_playwright

    origin = re.match(r"^(https?://[^/]+)", base_url).group(1)
    ws_origin = origin.replace("http", "ws", 1)
    outside: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1600, "height": 1000}, service_workers="block")

        def guard(route):
            url = route.request.url
            if url.startswith(origin) or url.startswith("data:") or url.startswith("blob:"):
                route.continue_()
            else:
                outside.append(url)
                route.abort()

        context.route("**/*", guard)

        def on_ws(ws):
            if not ws.url.startswith(ws_origin):
                outside.append(ws.url)

        context.on("websocket", on_ws)
        try:
            yield browser, context, outside
        finally:
            context.close()
            browser.close()


def status(page) -> tuple[int, int, int, int]:
    """(month, cadres, pairs, pool) as shown by the page (hidden .cadre-status span)."""
    text = page.locator(".cadre-status").first.text_content(timeout=30_000)
    return tuple(int(x) for x in text.split()[:4])  # type: ignore[return-value]


def finished(page) -> bool:
    """True once the page says the run has ended (hidden .cadre-status span)."""
    return page.locator(".cadre-status").first.text_content(timeout=30_000).split()[4] == "1"


def drawn_months(page) -> tuple[str | None, list[str | None]]:
    """The month the network canvas and each chart last drew (their data-month attributes)."""
    return page.evaluate(
        """() => [
            (document.querySelector('canvas.cadre-net-canvas') || {getAttribute: () => null}).getAttribute('data-month'),
            Array.from(document.querySelectorAll('.cadre-chart')).map(e => e.getAttribute('data-month')),
        ]"""
    )


def wait_drawn(page, month: int, timeout_ms: int = 30_000) -> None:
    """Wait until the network and all four charts show ``month``."""
    page.wait_for_function(
        """(m) => {
            const c = document.querySelector('canvas.cadre-net-canvas');
            const charts = Array.from(document.querySelectorAll('.cadre-chart'));
            return c && c.getAttribute('data-month') === String(m) && charts.length === 4
                && charts.every(e => e.getAttribute('data-month') === String(m));
        }""",
        arg=month,
        timeout=timeout_ms,
        polling="raf",
    )


def wait_ready(page, timeout_ms: int = 60_000) -> None:
    """Wait until the controls, the network canvas and the four charts have drawn the current month."""
    page.locator(".cadre-step").first.wait_for(timeout=timeout_ms)
    page.locator(".cadre-status").first.wait_for(state="attached", timeout=timeout_ms)
    wait_drawn(page, status(page)[0], timeout_ms)


def step_and_wait(page, timeout_s: float = 30.0) -> float:
    """Click Step; return seconds until the month counter, the network and every chart show the next month."""
    month0 = status(page)[0]
    t0 = time.perf_counter()
    page.locator(".cadre-step").first.click()
    wait_drawn(page, month0 + 1, int(timeout_s * 1000))
    return time.perf_counter() - t0

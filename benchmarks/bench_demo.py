"""Measure one Step + redraw of the demo page in headless Chromium (500 cadres), offline.

    .venv/bin/python benchmarks/bench_demo.py [--steps 30] [--lang zh] [--width 1920 --height 1080]

Clicks Step and times until the month counter, the network canvas and all four charts show the
next month (their data-month attributes, set after the browser has drawn); prints the median and
the spread, plus the server-side part (model step + the numbers sent to the page) measured in-process.
Not a test: no assertion on time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--lang", default="zh")
    ap.add_argument("--width", type=int, default=1920)
    ap.add_argument("--height", type=int, default=1080)
    a = ap.parse_args()

    from demo_browser_harness import demo_server, offline_browser, status, step_and_wait, wait_ready

    from sim.demo.charts import CHARTS, chart_columns
    from sim.demo.model import DemoModel
    from sim.demo.netview import network_payload

    m = DemoModel(cadres=500)
    server = []
    for _ in range(a.steps):
        t = time.perf_counter()
        m.step()
        json.dumps([network_payload(m, a.lang)] + [chart_columns(m, c, a.lang) for c in CHARTS])
        server.append(time.perf_counter() - t)
    with (
        tempfile.TemporaryDirectory() as tmp,
        demo_server(Path(tmp) / "server.log", lang=a.lang) as url,
        offline_browser(url) as (_b, ctx, outside),
    ):
        page = ctx.new_page()
        page.set_viewport_size({"width": a.width, "height": a.height})
        page.goto(url)
        wait_ready(page)
        step_and_wait(page)  # warm-up
        times = [step_and_wait(page) for _ in range(a.steps)]
        cadres = status(page)[1]
    ms = [t * 1000 for t in times]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}")
    print(f"viewport {a.width}x{a.height}, lang {a.lang}; cadres: {cadres}; requests outside localhost: {len(outside)}")
    print(
        f"browser step+redraw: median {statistics.median(ms):.0f} ms, min {min(ms):.0f}, max {max(ms):.0f} (n={len(ms)})"
    )
    print(f"server part (model step + numbers for the page): median {statistics.median(server) * 1000:.1f} ms")


if __name__ == "__main__":
    main()

"""Measure one Step + redraw of the demo page in headless Chromium (500 cadres), offline.

    .venv/bin/python benchmarks/bench_demo.py [--steps 20] [--lang en]

Prints the median and the spread of click-to-updated times (the month counter and the network
image both changed), plus the server-side part (model step + network PNG) measured in-process.
Not a test: no assertion on time.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--lang", default="en")
    a = ap.parse_args()

    from demo_browser_harness import demo_server, offline_browser, status, step_and_wait, wait_ready

    from sim.demo.model import DemoModel
    from sim.output.network import network_figure

    m = DemoModel()
    server = []
    for _ in range(a.steps):
        t = time.perf_counter()
        m.step()
        network_figure(m.snapshot(), a.lang).savefig(io.BytesIO(), format="png")
        server.append(time.perf_counter() - t)
    with (
        tempfile.TemporaryDirectory() as tmp,
        demo_server(Path(tmp) / "server.log", lang=a.lang) as url,
        offline_browser(url) as (_b, ctx, outside),
    ):
        page = ctx.new_page()
        page.goto(url)
        wait_ready(page)
        step_and_wait(page)  # warm-up
        times = [step_and_wait(page) for _ in range(a.steps)]
        cadres = status(page)[1]
    ms = [t * 1000 for t in times]
    print(f"cadres: {cadres}; requests outside localhost: {len(outside)}")
    print(
        f"browser step+redraw: median {statistics.median(ms):.0f} ms, min {min(ms):.0f}, max {max(ms):.0f} (n={len(ms)})"
    )
    print(f"server part (model step + network PNG): median {statistics.median(server) * 1000:.0f} ms")


if __name__ == "__main__":
    main()

"""End-to-end: the workshop demo page in headless Debian Chromium with the network disabled.

Needs /usr/bin/chromium (``apt-get install -y chromium``; CI installs it, no browser download).
Checks: the page loads with no request leaving localhost (browser side: routing guard plus a
host-resolver rule; server side: no CDN fetch attempted), the network image and the vega plots
render, Step advances the month and changes the counts, a second tab has its own model.
Saves a screenshot to tests/artifacts/demo.png and prints the step+redraw times (not asserted).
"""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from demo_browser_harness import CHROMIUM, demo_server, offline_browser, status, step_and_wait, wait_ready  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} missing: apt-get install -y chromium"),
]

ARTIFACTS = HERE / "artifacts"


def test_demo_page_offline_two_tabs(tmp_path):
    pytest.importorskip("playwright.sync_api")
    pytest.importorskip("solara")
    ARTIFACTS.mkdir(exist_ok=True)
    log = tmp_path / "demo-server.log"
    with demo_server(log, lang="en") as url, offline_browser(url) as (_browser, context, outside):
        tab1 = context.new_page()
        tab1.goto(url)
        wait_ready(tab1)
        month0, cadres0, pairs0, pool0 = status(tab1)
        assert month0 == 0
        assert cadres0 > 0
        # the network (matplotlib PNG) and the four plots (vega, drawn in the browser) rendered
        assert tab1.locator("img.widget-image").count() >= 1
        assert tab1.locator("img.widget-image").first.evaluate("img => img.naturalWidth") > 300
        assert tab1.locator(".vega-embed canvas, .vega-embed svg").count() >= 1
        box = tab1.locator(".vega-embed").first.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 100

        times = [step_and_wait(tab1) for _ in range(6)]
        month1, cadres1, pairs1, pool1 = status(tab1)
        assert month1 == 6
        assert (cadres1, pairs1, pool1) != (cadres0, pairs0, pool0), "six months passed and no count changed"
        tab1.screenshot(path=str(ARTIFACTS / "demo.png"), full_page=True)

        # a second tab gets its own model: it starts at month 0 and stepping it leaves tab 1 alone
        tab2 = context.new_page()
        tab2.goto(url)
        wait_ready(tab2)
        assert status(tab2)[0] == 0
        step_and_wait(tab2)
        assert status(tab2)[0] == 1
        tab1.bring_to_front()
        assert status(tab1)[0] == 6

        # language switch (a control in the app bar) relabels the page without touching the model
        tab1.get_by_role("button", name="中文").click()
        tab1.locator("text=第 6 月").first.wait_for(timeout=15_000)
        assert status(tab1)[0] == 6

    assert outside == [], f"requests left localhost: {outside[:5]}"
    server_log = log.read_text()
    assert "Could not load URL" not in server_log, "the server tried to fetch a front-end asset from a CDN"
    print(f"\nscreenshot: {ARTIFACTS / 'demo.png'}")
    print(f"step+redraw in the browser (s): median {statistics.median(times):.3f}, all {[round(t, 3) for t in times]}")


def test_plain_solaraviz_page_survives_reset(tmp_path):
    """Mesa's Reset passes its own Scenario as scenario=: a plain page on CadreModel must keep working."""
    pytest.importorskip("playwright.sync_api")
    pytest.importorskip("solara")
    log = tmp_path / "plain-server.log"
    page_file = str(HERE / "plain_solaraviz_page.py")
    with demo_server(log, lang="en", app_file=page_file) as url, offline_browser(url) as (_browser, context, outside):
        tab = context.new_page()
        tab.goto(url)
        tab.get_by_role("button", name="Step").wait_for(timeout=60_000)
        for _ in range(3):
            tab.get_by_role("button", name="Step").click()
        tab.locator("text=/Step: 3|Time: 3/").first.wait_for(timeout=30_000)
        tab.get_by_role("button", name="Reset").click()
        tab.locator("text=/Step: 0|Time: 0/").first.wait_for(timeout=30_000)
        tab.get_by_role("button", name="Step").click()
        tab.locator("text=/Step: 1|Time: 1/").first.wait_for(timeout=30_000)
        page_text = tab.inner_text("body")
    server_log = log.read_text()
    assert "Traceback" not in server_log and "TypeError" not in server_log, server_log[-2000:]
    assert "Traceback" not in page_text and "Error" not in page_text
    assert outside == []

"""End-to-end: the workshop demo page in headless Debian Chromium with the network disabled.

Needs /usr/bin/chromium (``apt-get install -y chromium``; CI installs it, no browser download).
Checks: the page loads with no request leaving localhost (browser side: routing guard plus a
host-resolver rule; server side: no CDN fetch attempted), the network canvas and the four vega
charts draw, Step advances the month and redraws both in place, a second tab has its own model;
the Chinese page has no English (Mesa or Solara) labels, sliders show their values, text is 16 px
or more, a bad seed or year gets a message in place, Reset without changes keeps the settings,
the initial cadres scale the intake, jump to a year, fast-forward to an apprentice becoming a
teacher (his or her teacher's line lit), and the end-of-run message.
Saves screenshots to tests/artifacts/ and prints the step+redraw times (not asserted).
"""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from demo_browser_harness import (  # noqa: E402
    CHROMIUM,
    demo_server,
    finished,
    offline_browser,
    status,
    step_and_wait,
    wait_drawn,
    wait_ready,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} missing: apt-get install -y chromium"),
]

ARTIFACTS = HERE / "artifacts"
#: English words of Mesa's SolaraViz and of Solara's own page that must not show in the zh page
ENGLISH = ("Controls", "Play Interval", "Render Interval", "Use Threads", "PAGE 0", "Time:", "Model Parameters",
           "Information", "Reset", "Step", "Seed", "This website runs on", "Solara")  # fmt: skip


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
        # the network (canvas) and the four charts (vega, drawn in the browser) filled their boxes
        box = tab1.locator("canvas.cadre-net-canvas").bounding_box()
        assert box and box["width"] > 600 and box["height"] > 250
        assert int(tab1.locator("canvas.cadre-net-canvas").get_attribute("data-dots")) > 100
        assert tab1.locator(".cadre-chart svg").count() == 4
        box = tab1.locator(".cadre-chart").first.bounding_box()
        assert box and box["width"] > 250 and box["height"] > 200

        times = [step_and_wait(tab1) for _ in range(6)]
        month1, cadres1, pairs1, pool1 = status(tab1)
        assert month1 == 6
        assert (cadres1, pairs1, pool1) != (cadres0, pairs0, pool0), "six months passed and no count changed"
        tab1.screenshot(path=str(ARTIFACTS / "demo.png"))

        # a second tab gets its own model: it starts at month 0 and stepping it leaves tab 1 alone
        tab2 = context.new_page()
        tab2.goto(url)
        wait_ready(tab2)
        assert status(tab2)[0] == 0
        step_and_wait(tab2)
        assert status(tab2)[0] == 1
        tab1.bring_to_front()
        assert status(tab1)[0] == 6

        # language switch (in the title bar) relabels the page without touching the model
        tab1.get_by_role("button", name="中文").click()
        tab1.locator("text=第 6 月").first.wait_for(timeout=15_000)
        assert status(tab1)[0] == 6

    assert outside == [], f"requests left localhost: {outside[:5]}"
    server_log = log.read_text()
    assert "Could not load URL" not in server_log, "the server tried to fetch a front-end asset from a CDN"
    assert "Traceback" not in server_log, server_log[-2000:]
    print(f"\nscreenshot: {ARTIFACTS / 'demo.png'}")
    print(f"step+redraw in the browser (s): median {statistics.median(times):.3f}, all {[round(t, 3) for t in times]}")


def _texts(page) -> str:
    return page.inner_text("body")


def _messages(page) -> list[str]:
    return [m for m in page.locator(".cadre-demo .v-messages__message").all_inner_texts() if m.strip()]


def test_zh_page_projector_ready(tmp_path):
    pytest.importorskip("playwright.sync_api")
    pytest.importorskip("solara")
    ARTIFACTS.mkdir(exist_ok=True)
    log = tmp_path / "demo-server.log"
    with demo_server(log, lang="zh") as url, offline_browser(url) as (_browser, context, outside):
        page = context.new_page()
        page.set_viewport_size({"width": 1366, "height": 768})
        page.goto(url)
        wait_ready(page)

        # every control in Chinese: no English label of Mesa's SolaraViz or of Solara left
        body = _texts(page)
        left = [word for word in ENGLISH if word in body]
        assert not left, f"English labels in the zh page: {left}"
        # every slider shows its value; the network and chart text is 16 px or more
        labels = page.locator(".cadre-slider-label").all_inner_texts()
        values = page.locator(".cadre-slider .cadre-value").all_inner_texts()
        assert len(labels) >= 4 and len(values) == len(labels) and all(v.strip() for v in values), labels
        assert int(page.locator("canvas.cadre-net-canvas").get_attribute("data-font")) >= 16
        sizes = page.evaluate(
            "() => Array.from(document.querySelectorAll('.cadre-chart svg text'))"
            ".map(t => parseFloat(getComputedStyle(t).fontSize))"
        )
        assert sizes and min(sizes) >= 16, sorted(sizes)[:5]

        # a bad seed gets a message under the field; Reset keeps the running model
        page.locator(".cadre-step").click()
        wait_drawn(page, 1)
        for bad in ("-1", "99999999999999999999999", "abc"):
            page.locator(".cadre-seed input").fill(bad)
            page.locator(".cadre-demo .v-messages__message").first.wait_for(timeout=10_000)
            assert any("随机种子" in m for m in _messages(page)), _messages(page)
            page.locator(".cadre-reset").click()
            page.wait_for_timeout(300)
            assert status(page)[0] == 1
        assert "Traceback" not in _texts(page)
        page.locator(".cadre-seed input").fill("1")
        page.wait_for_timeout(300)
        assert not _messages(page)

        # Reset without changes keeps every setting (and gives the same start)
        before = page.locator(".cadre-slider-label").all_inner_texts()
        page.locator(".cadre-reset").click()
        page.wait_for_function("() => document.querySelector('.cadre-status').textContent.startsWith('0 ')")
        wait_drawn(page, 0)
        assert page.locator(".cadre-slider-label").all_inner_texts() == before
        assert status(page)[1] == int(before[-1].split("：")[1].replace(",", ""))  # cadres in post = initial cadres
        # one-to-one offers no ratio slider; 组团帮 offers the two ratios, and Reset builds it
        assert not any("带徒" in label for label in before), before
        # the initial cadres scale the intake (slider to its end: 3,000 cadres)
        intake0 = page.locator(".cadre-slider .cadre-value").nth(-2).inner_text()
        slider = page.locator(".cadre-slider").nth(-1).locator("[role=slider]")
        slider.focus()
        page.keyboard.press("End")
        page.locator(".cadre-slider .cadre-value").nth(-1).filter(has_text="3,000").wait_for(timeout=10_000)
        intake1 = page.locator(".cadre-slider .cadre-value").nth(-2).inner_text()
        assert int(intake1.replace(",", "")) > 3 * int(intake0.replace(",", "")), (intake0, intake1)
        page.locator(".cadre-pending").wait_for(timeout=10_000)  # says Reset applies them

        # a bad year gets a message in place; a good one runs to the end of that year
        page.locator(".cadre-year input").fill("1999")
        page.locator(".cadre-go").click()
        page.locator(".cadre-demo .v-messages__message").filter(has_text="2004").wait_for(timeout=10_000)
        page.locator(".cadre-year input").fill("2015")
        page.locator(".cadre-go").click()
        wait_drawn(page, 144)
        assert status(page)[0] == 144
        assert not any("年份" in m for m in _messages(page))

        # fast-forward until an apprentice becomes a teacher: the teacher's line is lit
        page.locator(".cadre-teacher").click()
        page.locator(".cadre-note").wait_for(timeout=20_000)
        wait_drawn(page, status(page)[0])
        canvas = page.locator("canvas.cadre-net-canvas")
        page.wait_for_function("() => document.querySelector('canvas.cadre-net-canvas').dataset.selected !== '-1'")
        assert int(canvas.get_attribute("data-lit")) >= 3
        assert "当上导师" in page.locator(".cadre-note").inner_text()
        page.wait_for_function(
            "() => document.querySelector('canvas.cadre-net-canvas').dataset.labels.split('|').length === 3"
        )
        # the banner goes with the moment it describes: a Step clears it
        page.locator(".cadre-step").click()
        page.locator(".cadre-note").wait_for(state="detached", timeout=20_000)
        page.screenshot(path=str(ARTIFACTS / "demo-zh-1366.png"))

        # a click on empty space clears the highlight
        box = canvas.bounding_box()
        page.mouse.click(box["x"] + 5, box["y"] + box["height"] - 5)
        page.wait_for_function("() => document.querySelector('canvas.cadre-net-canvas').dataset.selected === '-1'")

        # the end of the run says so, and Step is off
        page.locator(".cadre-year input").fill("2023")
        page.locator(".cadre-go").click()
        page.locator(".cadre-end").wait_for(timeout=20_000)
        assert finished(page)
        assert "模拟结束" in page.locator(".cadre-end").inner_text()
        assert page.locator(".cadre-step").is_disabled()
        page.set_viewport_size({"width": 1920, "height": 1080})
        page.wait_for_timeout(500)
        page.screenshot(path=str(ARTIFACTS / "demo-zh-1920.png"))

    assert outside == [], f"requests left localhost: {outside[:5]}"
    server_log = log.read_text()
    assert "Traceback" not in server_log, server_log[-2000:]


@pytest.mark.long
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

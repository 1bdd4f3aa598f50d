"""The workshop as presented: the guided story (讲解) walked with the keyboard in the presentation layout at
1024x768 and 1920x1080, every pairing form offered surviving Reset in the page, and `demo anji` opening on
exactly that county. Headless Debian Chromium, offline (tests/demo_browser_harness.py).

Each chapter's sentence and lit cadres are checked against the same story told in-process on the same
settings and seed (the page and this test must agree to the cadre). Screenshots go to /tmp/demo_shots/.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from demo_browser_harness import CHROMIUM, demo_server, offline_browser, status, wait_drawn, wait_ready  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.long,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} missing: apt-get install -y chromium"),
]

SHOTS = Path(os.environ.get("CADRE_DEMO_SHOTS", "/tmp/demo_shots"))
SIZES = ((1024, 768), (1920, 1080))


def _expected_story() -> list[tuple[str, set[int], int]]:
    """(sentence, labelled cadres, month) of each chapter, told in-process on the page's first settings."""
    from sim.demo.model import DemoModel
    from sim.demo.session import SETTINGS, first_model
    from sim.demo.story import CHAPTERS, RUN
    from sim.words import Book

    _, values = first_model(None)
    model = DemoModel(**{k: values[k] for k in (*SETTINGS, "seed")})
    told = []
    for chapter in CHAPTERS:
        moment = RUN[chapter](model)
        assert moment is not None, chapter
        told.append((Book("demo")(moment.key, "zh", **moment.values), set(moment.marks), model.month))
    return told


def _canvas(page, name: str) -> str:
    return page.locator("canvas.cadre-net-canvas").get_attribute(f"data-{name}") or ""


def test_the_story_told_with_the_keyboard_in_the_presentation_layout(tmp_path):
    pytest.importorskip("playwright.sync_api")
    pytest.importorskip("solara")
    SHOTS.mkdir(parents=True, exist_ok=True)
    expected = _expected_story()
    log = tmp_path / "demo-server.log"
    with demo_server(log, lang="zh") as url, offline_browser(url) as (_browser, context, outside):
        for width, height in SIZES:
            page = context.new_page()
            console: list[str] = []
            page.on(
                "console",
                lambda m, seen=console: seen.append(f"{m.type}: {m.text}") if m.type in ("warning", "error") else None,
            )
            page.set_viewport_size({"width": width, "height": height})
            page.goto(url)
            wait_ready(page)
            page.keyboard.press("p")  # the presentation layout
            page.locator(".cadre-present").wait_for(timeout=20_000)
            assert not page.locator(".cadre-side").is_visible()
            for k, (sentence, marked, month) in enumerate(expected):
                page.keyboard.press("PageDown")
                story = page.locator(f".cadre-story[data-chapter='{k}']")
                story.wait_for(timeout=120_000)
                wait_drawn(page, month, 60_000)
                assert story.inner_text().strip() == sentence
                labels = [t for t in _canvas(page, "labels").split("|") if t]
                assert len(labels) == len(marked), labels
                assert all(any(f"#{c}" in t for t in labels) for c in marked), (labels, marked)
                lit = {int(c) for c in _canvas(page, "lit-ids").split()}
                assert marked <= lit, (marked, lit)
                if k == 2:  # the apprentice turned teacher, his or her teacher and new apprentice: all three
                    assert len(labels) == 3
                    page.screenshot(path=str(SHOTS / f"story-teacher-{width}x{height}.png"))
                # nothing below the fold; the network fills the screen; type at least 3% of its height
                fold = page.evaluate("() => [document.scrollingElement.scrollHeight, window.innerHeight]")
                assert fold[0] <= fold[1] + 1, fold
                row = page.locator(".cadre-net-row").bounding_box()  # the network and the lit cadre's tree
                box = page.locator("canvas.cadre-net-canvas").bounding_box()
                assert row and row["width"] >= 0.9 * width and row["y"] + row["height"] >= 0.95 * height, row
                assert box and box["width"] >= 0.6 * width and box["height"] >= 0.4 * height, box
                assert int(_canvas(page, "font")) >= 0.03 * height
            page.screenshot(path=str(SHOTS / f"story-end-{width}x{height}.png"))
            assert not console, console[:5]
            page.close()
    assert outside == [], f"requests left localhost: {outside[:5]}"
    text = log.read_text()
    assert "Traceback" not in text and "Cookies" not in text, text[-2000:]


def test_every_form_offered_survives_reset_in_the_page_and_a_scenario_opens_exactly(tmp_path):
    pytest.importorskip("playwright.sync_api")
    pytest.importorskip("solara")
    from sim.model.pairing import FORMS

    SHOTS.mkdir(parents=True, exist_ok=True)
    log = tmp_path / "demo-server.log"
    with demo_server(log, lang="zh") as url, offline_browser(url) as (_browser, context, outside):
        page = context.new_page()
        page.set_viewport_size({"width": 1366, "height": 768})
        page.goto(url)
        wait_ready(page)
        page.screenshot(path=str(SHOTS / "page-1366x768.png"))
        select = page.locator(".cadre-side .v-select").first
        for code in FORMS:
            label = FORMS[code].zh
            select.click()
            page.locator(".v-menu__content .v-list-item").filter(has_text=label).first.click()
            page.locator(".cadre-step").click()  # the running model moves on: Reset must start it again
            page.wait_for_function("() => document.querySelector('.cadre-status').textContent.startsWith('1 ')")
            page.locator(".cadre-reset").click()
            page.wait_for_function("() => document.querySelector('.cadre-status').textContent.startsWith('0 ')")
            assert page.locator(".cadre-error").count() == 0, page.locator(".cadre-error").all_inner_texts()
            assert page.locator(".cadre-pending").count() == 0
            ratios = [t for t in page.locator(".cadre-slider-label").all_inner_texts() if "（人）" in t]
            assert (len(ratios) == 0) == (code == "one_to_one"), (code, ratios)
        # Play, then Pause: no month after the button says it has paused; a reload (F5) keeps the run
        page.locator(".cadre-play").click()
        page.wait_for_function("() => +document.querySelector('.cadre-status').textContent.split(' ')[0] >= 3")
        page.locator(".cadre-play").click()
        page.locator(".cadre-play").filter(has_text="播放").wait_for(timeout=30_000)
        paused = status(page)[0]
        page.wait_for_timeout(2000)
        assert status(page)[0] == paused
        assert "run=" in page.url
        page.reload()
        wait_ready(page)
        page.wait_for_function(f"() => document.querySelector('.cadre-status').textContent.startsWith('{paused} ')")
    with (
        demo_server(tmp_path / "anji.log", lang="zh", scenario="anji") as url,
        offline_browser(url) as (_b, context, _o),
    ):
        page = context.new_page()
        page.set_viewport_size({"width": 1920, "height": 1080})
        page.goto(url)
        wait_ready(page, 120_000)
        page.wait_for_timeout(1500)  # a slider that snapped its value would have said so by now
        assert page.locator(".cadre-pending").count() == 0
        from sim.demo.model import control_defaults

        assert status(page)[1] == control_defaults("anji")["cadres"]
        page.screenshot(path=str(SHOTS / "anji-1920x1080.png"))
    assert outside == []

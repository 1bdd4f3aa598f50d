"""The demo page's words without a browser: the page rendered in-process (Solara's test renderer) speaks
its language everywhere, the words coming from the catalogue (the browser test checks the same in Chromium)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

solara = pytest.importorskip("solara")


def _page_texts(lang: str) -> list[str]:
    """Every text the page shows (buttons, labels, menus, messages, the status line) in ``lang``."""
    from sim.demo import page

    found: list[str] = []

    def walk(widget) -> None:
        for child in getattr(widget, "children", None) or []:
            if isinstance(child, str):
                found.append(child)
            else:
                walk(child)
        for name in ("label", "unsafe_innerHTML", "items", "error_messages"):
            value = getattr(widget, name, None)
            for text in value if isinstance(value, list) else [value]:
                if isinstance(text, str) and text:
                    found.append(re.sub(r"<[^>]+>", " ", text))

    old = page._start
    page._start = lambda: (None, lang)
    try:
        box, rc = solara.render(page.Page(), handle_error=False)
        walk(box)
        rc.close()
    finally:
        page._start = old
    # the messages: a bad seed and year under their fields, a fast-forward's finding above the picture
    session = page.new_session(None, lang)
    session.seed_text.value, session.year_text.value = "x", "1900"
    session.jump()
    session.message.value = ("teacher_found", {"y": 2005, "m": 3, "c": 12, "t": 4, "a": 20})
    for part in (page.RunControls, page.SettingsControls, page.StatusBar, page.BigNumbers, page.StoryBar):
        box, rc = solara.render(part(session), handle_error=False)
        walk(box)
        rc.close()
    # the guided story's first chapter: its buttons and its sentence
    session.next_chapter()
    box, rc = solara.render(page.StoryBar(session), handle_error=False)
    walk(box)
    rc.close()
    return found


def _page_texts_apart(lang: str) -> list[str]:
    """``_page_texts`` in a process of its own: Solara's renderer leaves threads running, and a process
    with threads does not fork (``sim.output.drawer``), which later tests in this one rely on."""
    code = "import json, sys; import test_demo_words as t; print(json.dumps(t._page_texts(sys.argv[1])))"
    done = subprocess.run(
        [sys.executable, "-c", code, lang],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).parent,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_chinese_page_shows_no_english_word_and_the_english_page_no_chinese():
    zh, en = _page_texts_apart("zh"), _page_texts_apart("en")
    assert len(zh) == len(en) > 60
    english_in_zh = [t for t in zh if re.search(r"[A-Za-z]{2,}", t) and t.strip() != "EN"]  # EN: the switch
    assert not english_in_zh, english_in_zh
    chinese_in_en = [t for t in en if re.search(r"[\u4e00-\u9fff]", t) and t.strip() != "中文"]
    assert not chinese_in_en, chinese_in_en

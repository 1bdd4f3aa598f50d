"""The word catalogue (sim/words/*.toml): every entry in both languages with the same placeholders,
every key used by the code, and lookups that fail loudly."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from sim.words import LANGS, Book, books, check_lang, dynamic_prefixes, entries, placeholders, text


def sources() -> list:
    """The package's code (Python and the demo's browser components), the catalogue itself apart."""
    return [p for p in (ROOT / "sim").rglob("*") if p.suffix in (".py", ".vue") and p.parent.name != "words"]


def test_every_entry_has_both_languages_with_the_same_placeholders():
    assert books(), "no book in sim/words"
    for book in books():
        for key, (zh, en) in entries(book).items():
            assert zh.strip() and en.strip(), f"{book}.{key}: an empty language"
            assert placeholders(zh) == placeholders(en), (
                f"{book}.{key}: {{{placeholders(zh)}}} vs {{{placeholders(en)}}}"
            )


def test_every_key_is_used_by_the_code():
    code = "\n".join(p.read_text(encoding="utf-8") for p in sources())
    quoted = set(re.findall(r"""["']([A-Za-z0-9_.:\-]+)["']""", code))
    unused = [
        f"{book}.{key}"
        for book in books()
        for key in entries(book)
        if key not in quoted and f"{book}.{key}" not in quoted and not key.startswith(dynamic_prefixes(book))
    ]
    assert not unused, f"words no code reads (remove them, or list their prefix under _dynamic): {unused}"


def test_lookups_fill_fields_and_fail_loudly():
    book = Book("run")
    assert book("title", "en", name="anji", span="2004-2025") == "# anji: 2004-2025"
    assert text("run.title", "zh", name="安吉", span="2004—2025") == "# 安吉：2004—2025"
    with pytest.raises(KeyError, match="run.no_such_key"):
        book("no_such_key", "zh")
    assert check_lang("en") == "en"
    with pytest.raises(ValueError, match="zh 或 en"):
        check_lang("fr")
    assert LANGS == ("zh", "en")


def test_a_planted_bad_entry_is_caught(tmp_path, monkeypatch):
    import sim.words as words

    (tmp_path / "toy.toml").write_text('one = ["共 {n} 人", "{count} people"]\nbad = ["只有中文"]\n', encoding="utf-8")
    monkeypatch.setattr(words, "FOLDER", tmp_path)
    words.entries.cache_clear()
    try:
        with pytest.raises(ValueError, match="bad"):
            entries("toy")
        (tmp_path / "toy.toml").write_text('one = ["共 {n} 人", "{count} people"]\n', encoding="utf-8")
        words.entries.cache_clear()
        (zh, en) = entries("toy")["one"]
        assert placeholders(zh) != placeholders(en)  # what the first test would report
    finally:
        words.entries.cache_clear()

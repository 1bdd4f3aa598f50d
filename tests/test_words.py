"""The word catalogue (sim/words/*.toml): every entry in both languages with the same placeholders,
every key used by the code, and lookups that fail loudly."""

from __future__ import annotations

import ast
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


# Declarations that carry their own labels: a vocabulary's term (a stage, a form, a rule, an outcome,
# a backend, a variant ...) and a parameter (its meaning in both languages on its one line). A word of
# such a concept is written once, where the code it names is declared.
DECLARATIONS = {"Term", "AspectSet", "Backend", "MatchingRule", "MenteeKind", "Outcome", "PairingForm", "Variant"}
PARAMETERS = {"P", "C", "Field"}
# Modules whose Chinese literals are input, not output: how a department's roster names its headers and
# ranks; the levers file's own format (["中文", "English"]), quoted in its error.
INPUT_WORDS = {"sim/params/roster.py", "sim/studies/optimise/levers.py", "sim/params/county.py"}  # county: unit names
INPUT_WORDS |= {
    "sim/params/roster_sheet.py",
    "sim/params/roster_titles.py",
    "sim/params/roster_values.py",
}  # a roster's
# Comparisons of a language that choose no words: the catalogue's own chooser, and Chinese needing a font.
LANGUAGE_TESTS = {"sim/words/__init__.py", "sim/demo/command.py", "sim/output/plotting.py"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _call_name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def literals_outside_the_catalogue(root) -> list[str]:
    """Chinese string literals (not docstrings, not declarations) and choices by language, file:line."""
    found = []
    for path in sorted((root / "sim").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _call_name(node.func) in DECLARATIONS | PARAMETERS:
                skip.update(id(sub) for sub in ast.walk(node))
        for node in ast.walk(tree):
            chinese = isinstance(node, ast.Constant) and isinstance(node.value, str) and CJK.search(node.value)
            if chinese and id(node) not in skip and rel not in INPUT_WORDS and not rel.startswith("sim/words/"):
                found.append(f"{rel}:{node.lineno} {node.value[:30]!r}")
            chooses = (
                isinstance(node, ast.Compare)
                and isinstance(node.left, ast.Name)
                and node.left.id == "lang"
                and isinstance(node.ops[0], (ast.Eq, ast.NotEq))
            )
            if chooses and rel not in LANGUAGE_TESTS:
                found.append(f"{rel}:{node.lineno} compares lang")
    return sorted(found)


def test_no_words_outside_the_catalogue():
    found = literals_outside_the_catalogue(ROOT)
    assert not found, f"words belong in sim/words/*.toml (a word differing by language is an entry): {found}"


def test_the_declarations_exempted_are_vocabulary_terms():
    import sim.model.variants  # noqa: F401  (registers the variants)
    from sim.vocab import Term

    def subclasses(cls):
        return {cls.__name__} | {name for sub in cls.__subclasses__() for name in subclasses(sub)}

    import sim.model.outcomes  # noqa: F401  (Outcome)
    import sim.runs.execution  # noqa: F401  (Backend)

    assert DECLARATIONS <= subclasses(Term)


def test_a_planted_word_and_choice_are_found(tmp_path):
    (tmp_path / "sim" / "studies").mkdir(parents=True)
    (tmp_path / "sim" / "studies" / "toy.py").write_text(
        '"""文档：不算。"""\n\ndef f(lang):\n    return "完成" if lang == "zh" else "done"\n', encoding="utf-8"
    )
    found = literals_outside_the_catalogue(tmp_path)
    assert found == ["sim/studies/toy.py:4 '完成'", "sim/studies/toy.py:4 compares lang"]

"""One Chinese term per concept (README.zh.md, 术语表): the catalogue and the parameters' meanings use the
chosen term, never a rejected synonym.

场景 is a scenario (情景 only inside 情景模拟, the method); 帮带对象 is a mentee everywhere a planner reads a
report, a table, a command's line or a parameter (徒弟 only in the workshop's story, sim/words/demo.toml, and
in the idioms 师带徒、徒成师); 循序渐进 is the scaffolded method mix (never 由浅入深).
"""

from __future__ import annotations

import re

from conftest import ROOT

from sim.params.schema import parameter_table
from sim.words import books, entries

# a rejected synonym -> the chosen term; a match inside an allowed phrase does not count
REJECTED = {
    "情景": ("场景", re.compile(r"情景(?!模拟)")),
    "徒弟": ("帮带对象", re.compile(r"徒弟")),
    "由浅入深": ("循序渐进", re.compile(r"由浅入深")),
}
STORY_BOOKS = {"demo"}  # the workshop's story may say 徒弟 (师徒 is how the story is told)


def _misuses(where: str, text: str, *, story: bool = False) -> list[str]:
    found = []
    for word, (chosen, pattern) in REJECTED.items():
        if story and word == "徒弟":
            continue
        if pattern.search(text):
            found.append(f"{where}: {word} (write {chosen}): {text[:80]}")
    return found


def test_the_catalogue_uses_one_term_per_concept():
    found = [
        problem
        for book in books()
        for key, (zh, _) in entries(book).items()
        for problem in _misuses(f"{book}.{key}", zh, story=book in STORY_BOOKS)
    ]
    assert not found, "\n".join(found)


def test_the_parameters_meanings_use_one_term_per_concept():
    found = [
        problem
        for row in parameter_table()
        for problem in _misuses(
            row["parameter"], f"{row['meaning_zh']} {' '.join(z for z, _ in row['choice_labels'].values())}"
        )
    ]
    assert not found, "\n".join(found)


def test_the_bundled_scenarios_descriptions_use_one_term_per_concept():
    from sim.params.scenario import bundled

    found = [problem for path, sc in bundled() for problem in _misuses(path.name, sc.run.description_zh)]
    assert not found, "\n".join(found)


def test_the_glossary_names_every_chosen_term():
    guide = (ROOT / "README.zh.md").read_text(encoding="utf-8")
    glossary = guide[guide.index("## 术语表") :]
    for word, (chosen, _) in REJECTED.items():
        assert chosen in glossary and word in glossary, (
            f"the glossary names {chosen} and the synonym {word} it replaces"
        )

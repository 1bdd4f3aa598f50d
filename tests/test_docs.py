"""The documentation stands alone: parameters cite docs/DOMAIN.md by anchor, links resolve, nothing points outside.

A parameter whose default rests on the domain says so in its source as ``DOMAIN: docs/DOMAIN.md#<anchor>, ...``
(or ``DOMAIN (secondary): ...``); the anchor is a heading of ``docs/DOMAIN.md`` turned into a GitHub anchor.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from sim.params import parameter_table

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = ROOT / "docs" / "DOMAIN.md"
CITATION = re.compile(r"DOMAIN(?: \(secondary\))?: docs/DOMAIN\.md#([^\s,;)]+)")
ANY_CITED_ANCHOR = re.compile(r"docs/DOMAIN\.md#([A-Za-z0-9_-]+)")
OUTSIDE = re.compile(r"shared/DOMAIN|\.\./shared(?![\w/.-])")  # the shared folder beside the repository, or its file
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Every heading anchor of a Markdown file (outside fenced code), numbered as GitHub numbers repeats."""
    seen: dict[str, int] = {}
    found = set()
    fenced = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
        if fenced or not re.match(r"#{1,6} ", line):
            continue
        base = github_anchor(line.lstrip("#"))
        n = seen.get(base, 0)
        seen[base] = n + 1
        found.add(base if n == 0 else f"{base}-{n}")
    return found


def tracked_text_files() -> list[Path]:
    """The repository's tracked files that read as UTF-8 text (none when this is not a git checkout)."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return []
    files = []
    for name in listed.decode().split("\0"):
        path = ROOT / name
        if not name or not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        try:
            path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        files.append(path)
    return files


def test_github_anchors_are_made_as_github_makes_them():
    assert github_anchor(" Anji") == "anji"
    assert github_anchor("Xian'an") == "xianan"
    assert github_anchor("Career rules") == "career-rules"
    assert github_anchor("The domain: 导师帮带制, the mentor system") == "the-domain-导师帮带制-the-mentor-system"


def test_domain_page_has_the_anchors_parameters_cite():
    assert {"anji", "xianan", "huzhou", "guyuan", "city", "career-rules", "sandvik", "reading-the-figures"} <= anchors(
        DOMAIN
    )


def test_every_domain_source_of_a_parameter_names_an_existing_anchor():
    known = anchors(DOMAIN)
    cited = 0
    for row in parameter_table():
        source = row["source"]
        mentions = len(re.findall(r"DOMAIN", source)) - source.count("docs/DOMAIN.md")
        citations = CITATION.findall(source)
        assert mentions == len(citations), f"{row['parameter']}: DOMAIN without docs/DOMAIN.md#<anchor>: {source}"
        if source.startswith("DOMAIN"):
            assert CITATION.match(source), f"{row['parameter']}: {source}"
        for anchor in citations:
            assert anchor in known, f"{row['parameter']}: no heading for #{anchor} in docs/DOMAIN.md"
        cited += len(citations)
    assert cited > 50  # the reports set most defaults of dates, forms, rules and careers


def test_every_file_citing_a_domain_anchor_names_one_that_exists():
    known = anchors(DOMAIN)
    files = tracked_text_files()
    if not files:
        pytest.skip("not a git checkout")
    for path in files:
        for anchor in ANY_CITED_ANCHOR.findall(path.read_text(encoding="utf-8")):
            assert anchor in known, f"{path.relative_to(ROOT)}: no heading for #{anchor} in docs/DOMAIN.md"


def test_no_file_refers_to_the_shared_folder_outside_the_repository():
    files = tracked_text_files()
    if not files:
        pytest.skip("not a git checkout")
    this = Path(__file__).resolve()
    outside = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in files
        if path.resolve() != this
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert not outside, "\n".join(outside)


def test_relative_links_of_the_readmes_and_docs_resolve():
    pages = [ROOT / "README.md", ROOT / "README.zh.md", *sorted((ROOT / "docs").glob("*.md"))]
    broken = []
    for page in pages:
        text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
        for target in LINK.findall(text):
            if re.match(r"[a-z]+:", target):
                continue  # http(s), mailto
            name, _, anchor = target.partition("#")
            path = (page.parent / name).resolve() if name else page
            if not path.exists():
                broken.append(f"{page.relative_to(ROOT)}: {target} (no such file)")
            elif anchor and path.suffix == ".md" and anchor not in anchors(path):
                broken.append(f"{page.relative_to(ROOT)}: {target} (no such heading)")
    assert not broken, "\n".join(broken)

#!/usr/bin/env python
"""Seeded fuzz of every input file a command reads: mutated bundled inputs, run through the matching command.

Each case takes a valid input (a scenario, a ``based_on`` chain, an experiment, levers, targets or
free-parameter file, a roster in CSV or XLSX, a fit folder's ``ensemble.csv``, a sweep, fit or run
folder, or a special file: a FIFO, ``/dev/zero``, a folder, an over-long path), spoils it with a seeded
generator (``numpy.random.default_rng((seed, case))``: truncated, bytes flipped, huge numbers, inf,
nan, negative numbers or words in place of a number, duplicated keys or rows, wrong types, huge
cells, odd line endings, other encodings, deep nesting, emptied) and runs the command that reads it.

A case is clean when the command ends with exit status 0 or 2, prints no traceback, says a refusal
(2) in one line, finishes within ``SECONDS`` (a hang guard, not a speed test), stays within its memory
(``MEMORY_GROWTH`` bytes of address space over what it starts with: the limit is ``RLIMIT_AS``) and
writes nothing but its ``--out`` (the inputs unchanged, nothing in its working folder or the
repository). Every case runs in a process of its own, forked from a server that has the package
loaded (fast, and a hang or a blow-up is killed without harming the others).

A long run prints the counts (cases, clean, not clean by kind of failure and by file kind)::

    .venv/bin/python scripts/fuzz_inputs.py --cases 1000 --seed 26
    PYTHONPATH=/path/to/other/tree .venv/bin/python scripts/fuzz_inputs.py --cases 1000   # another tree

``tests/test_fuzz_inputs.py`` runs a few of the same cases by default (``CADRE_FUZZ_CASES=N`` for more).
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import os
import pickle
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SECONDS = 150.0  # a hang guard for a busy 2-core machine (a case takes 1-10 s on a quiet one), not a speed test
MEMORY_GROWTH = 1_500_000_000  # address space a case may add to what its process starts with
LONGEST_ERROR = 2_000  # characters of a refusal's line: a value it names is shown cut, never a page of it
LONG = "n" * 300  # a name longer than any file system allows (255)

TINY = """[run]
name = "tiny"
years = 2
[population]
initial_cadres = 200
units = 10
initial_pool_size = 8
[flows]
intake_per_year = 20
"""
EXPERIMENT = """scenario = "tiny.toml"
replicates = 1
[parameters]
"growth.mentoring_rate" = [0.05, 0.1]
"pool.entry_willingness" = [0.1, 0.3]
[fixed]
"run.years" = 1
"""
LEVERS = """[levers]
"pool.pool_cap" = { min = 5, max = 50 }
"pairing.matching" = ["organisation", "random"]
ratio = [
  { label = "1:1", "pairing.form" = "one_to_one", "pairing.mentees_per_mentor" = 1 },
  { label = "1:2", "pairing.form" = "one_to_many", "pairing.mentees_per_mentor" = 2 },
]
[words]
ratio = ["比例", "ratio"]
"""
TARGETS = """scenario = "tiny"
description = "a tiny county's figures"

[[target]]
name = "pairs"
place = "a tiny county"
what = "pairs formed, 2004-2005"
value = 30
kind = "at_least"
measure = "flow"
from = "2004-01"
to = "2005-12"
quantity = "cum_pairs"
likelihood = "poisson"
source = "made up"

[[target]]
name = "pool"
place = "a tiny county"
what = "mentors in the pool, mid 2005"
value = 10
kind = "about"
measure = "stock"
at = "2005-06"
quantity = "pool_size"
likelihood = "normal"
tolerance = 0.2
source = "made up"
"""
FREE = """[parameters]
"growth.mentoring_rate" = { min = 0.02, max = 0.2, log = true }
"pairing.mentees_per_mentor" = { min = 2, max = 3 }
"""
ENSEMBLE = """wave,point,growth.mentoring_rate,pool.entry_willingness,implausibility
2,1,0.05,0.2,0.4
2,7,0.08,0.1,1.1
2,3,0.03,0.3,2.0
"""
WEIRD_NUMBERS = ["1e400", "inf", "nan", "-inf", "-1", "-0", "99999999999999999999", "1e308", "2147483648", "0",
                 "word", "3.5", "-1e-300", "1_000_000_000", "0x10", "+7"]  # fmt: skip
WRONG_TYPES = ['"text"', "true", "[1, 2]", "{ a = 1 }", "1979-05-27", "[]", '""', '"   "', '"20"', "[[1], [2]]"]
ODD_RANGES = ["{ min = 2.2, max = 2.8 }", "{ min = 5, max = 1 }", "{ min = 3, max = 3 }", "{ min = nan, max = 1 }",
              "{ min = 0, max = inf }", "{ min = -1e308, max = 1e308 }", "{ min = 0.1, max = 0.2, log = true, step = 0 }",
              "{ max = 2 }", "{ min = 0, max = 1, log = true }"]  # fmt: skip
ODD_DATES = ["1990-01", "2099-12", "2005-13", "2005-00", "2005", "05-2005", "2004-01-01", ""]
ODD_NAMES = ["trial", "feasible", "pairs_formed", "seed", "point", "label", "wave", "score", "", " ", "a.b.c",
             "growth.mentoring_rate", "run.years", "名字"]  # fmt: skip
WRONG_CELLS = ["", "abc", "1e400", "inf", "nan", "-5", "3.7", "TRUE", "   ", "2147483648999", "１９８０", "=1+1", "0"]
TEXT_MUTATIONS = ["truncate", "flip", "number", "type", "duplicate", "huge", "line_endings", "encoding", "nesting",
                  "empty", "range", "key"]  # fmt: skip


def package_root() -> Path:
    """The tree whose package is tested (PYTHONPATH may point at another one) and its bundled inputs."""
    import sim

    return Path(sim.__file__).resolve().parent.parent


# ---------------------------------------------------------------- mutations of text files


def mutate(rng: np.random.Generator, data: bytes, form: str, how: str | None = None) -> tuple[str, bytes]:
    """``data`` (a TOML or CSV file) spoilt one way, chosen by ``rng`` unless ``how`` names it; (the way, bytes)."""
    how = how or str(rng.choice(TEXT_MUTATIONS))
    text = data.decode("utf-8")
    if how == "truncate":
        return how, data[: int(rng.integers(0, max(len(data), 1)))]
    if how == "flip":
        spoilt = bytearray(data)
        for _ in range(int(rng.integers(1, 9))):
            spoilt[int(rng.integers(len(spoilt)))] = int(rng.integers(256))
        return how, bytes(spoilt)
    if how == "empty":
        return how, b"" if rng.random() < 0.7 else b"\n \n# nothing\n"
    if how == "line_endings":
        ending = ["\r", "\r\n", "\n\r", "\r\r\n"][int(rng.integers(4))]
        return f"{how}:{ending!r}", text.replace("\n", ending).encode()
    if how == "encoding":
        codec = ["utf-16", "gbk", "latin-1", "utf-8-sig", "utf-32", "nul"][int(rng.integers(6))]
        if codec == "nul":
            return f"{how}:nul", data.replace(b"\n", b"\x00\n", 1)
        return f"{how}:{codec}", text.encode(codec, errors="replace")
    lines = text.splitlines()
    if form == "csv":
        return how, csv_mutation(rng, how, lines).encode()
    return how, toml_mutation(rng, how, text, lines).encode()


def toml_mutation(rng: np.random.Generator, how: str, text: str, lines: list[str]) -> str:
    """A TOML text spoilt one way: a number, a type, a key twice, a huge value, deep nesting."""
    assigned = [k for k, line in enumerate(lines) if re.match(r'\s*("[^"]*"|[\w.-]+)\s*=', line)] or [0]
    k = int(rng.choice(assigned))
    if how == "range":
        ranges = list(re.finditer(r"\{[^{}]*\bmin\b[^{}]*\}", text))
        dates = list(re.finditer(r'(?<=")\d{4}-\d{2}(?=")', text))
        if ranges or dates:
            m = (ranges + dates)[int(rng.integers(len(ranges + dates)))]
            odd = ODD_RANGES if m.group().startswith("{") else ODD_DATES
            return text[: m.start()] + str(rng.choice(odd)) + text[m.end() :]
        how = "number"
    if how == "key":
        key = lines[k].split("=", 1)[0].strip()
        if key and "=" in lines[k]:
            lines[k] = f'"{rng.choice(ODD_NAMES)}" =' + lines[k].split("=", 1)[1]
    if how == "number":
        numbers = list(re.finditer(r"(?<![\w.\"-])-?\d[\d_]*(\.\d+)?([eE][-+]?\d+)?(?![\w\"-])", text))
        if numbers:
            m = numbers[int(rng.integers(len(numbers)))]
            return text[: m.start()] + str(rng.choice(WEIRD_NUMBERS)) + text[m.end() :]
        how = "type"
    if how == "type":
        key = lines[k].split("=", 1)[0]
        lines[k] = f"{key}= {rng.choice(WRONG_TYPES)}"
    elif how == "duplicate":
        lines.insert(k + 1, lines[k] if rng.random() < 0.7 else lines[k].split("=", 1)[0] + "= 1")
    elif how == "huge":
        key = lines[k].split("=", 1)[0]
        size = int(rng.integers(20_000, 200_000))
        lines[k] = key + ("= " + '"' + "x" * size + '"' if rng.random() < 0.5 else "= [" + "1," * size + "1]")
    elif how == "nesting":
        depth = int(rng.integers(200, 20_000))
        deep = "[" * depth + "1" + "]" * depth if rng.random() < 0.5 else "{ a = " * depth + "1" + " }" * depth
        lines.insert(k + 1, f"deep = {deep}")
    return "\n".join(lines) + "\n"


def csv_mutation(rng: np.random.Generator, how: str, lines: list[str]) -> str:
    """A CSV text spoilt one way: a cell, a row twice, a huge cell, a row of many columns."""
    rows = [line.split(",") for line in lines]
    r = int(rng.integers(1, len(rows))) if len(rows) > 1 else 0
    c = int(rng.integers(len(rows[r])))
    if how == "key":
        rows[0][c] = str(rng.choice(ODD_NAMES))
    elif how in ("number", "type", "range"):
        rows[r][c] = str(rng.choice(WEIRD_NUMBERS if how == "number" else WRONG_CELLS))
    elif how == "duplicate":
        if rng.random() < 0.7:
            rows.insert(r, list(rows[r]))  # a row twice: its id twice
        else:
            rows[0].insert(c, rows[0][c])  # a column twice
    elif how == "huge":
        rows[r][c] = "x" * int(rng.integers(131_073, 400_000))
    elif how == "nesting":
        rows.insert(r, ["1"] * int(rng.integers(10_000, 100_000)))
    return "\n".join(",".join(row) for row in rows) + "\n"


# ---------------------------------------------------------------- workbooks, written by hand to be spoilt


def xlsx(rows: list[list[str]] | None = None, sheet: str | None = None, with_sheet: bool = True) -> bytes:
    """A workbook of inline-string cells (or the sheet's XML as given); ``with_sheet=False``: none listed."""
    if sheet is None:
        body = "".join(
            f'<row r="{i + 1}">' + "".join(f'<c t="inlineStr"><is><t>{cell}</t></is></c>' for cell in row) + "</row>"
            for i, row in enumerate(rows or [])
        )
        sheet = (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}"><sheetData>{body}</sheetData></worksheet>'
        )
    listed = '<sheet name="S" sheetId="1" r:id="rId1"/>' if with_sheet else ""
    files = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": f'<workbook xmlns="{NS}" xmlns:r="{NS_R}"><sheets>{listed}</sheets></workbook>',
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": sheet,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        for name, content in files.items():
            book.writestr(name, content)
    return buffer.getvalue()


NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{NS_R}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{NS_R}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + f']><worksheet xmlns="{NS}"><sheetData><row r="1"><c t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    "</sheetData></worksheet>"
)


def spoilt_workbook(rng: np.random.Generator, rows: list[list[str]]) -> tuple[str, bytes]:
    """The roster as a workbook, spoilt at the level of the zip, the XML or a cell."""
    how = str(rng.choice(["zip_truncate", "zip_flip", "cell", "bad_xml", "no_sheet", "entities", "many_rows", "valid"]))
    if how == "zip_truncate":
        data = xlsx(rows)
        return how, data[: int(rng.integers(0, len(data)))]
    if how == "zip_flip":
        data = bytearray(xlsx(rows))
        for _ in range(int(rng.integers(1, 6))):
            data[int(rng.integers(len(data)))] = int(rng.integers(256))
        return how, bytes(data)
    if how == "cell":
        way = str(rng.choice(["number", "type", "duplicate", "huge"]))
        spoilt = [row.split(",") for row in csv_mutation(rng, way, [",".join(r) for r in rows]).splitlines()]
        return f"cell:{way}", xlsx(spoilt)
    if how == "bad_xml":
        sheet = xlsx_sheet(rows)
        return how, xlsx(sheet=sheet[: int(rng.integers(len(sheet) // 4, len(sheet)))])
    if how == "no_sheet":
        return how, xlsx(rows, with_sheet=False)
    if how == "entities":
        return how, xlsx(sheet=LAUGHS)
    if how == "many_rows":  # a small file of very many rows (the cap on a file's size is on the compressed size)
        n = 2_100_000
        row = '<row><c t="inlineStr"><is><t>1</t></is></c></row>'
        sheet = f'<worksheet xmlns="{NS}"><sheetData>' + row * n + "</sheetData></worksheet>"
        return f"{how}:{n}", xlsx(sheet=sheet)
    return how, xlsx(rows)


def xlsx_sheet(rows: list[list[str]]) -> str:
    with zipfile.ZipFile(io.BytesIO(xlsx(rows))) as book:
        return book.read("xl/worksheets/sheet1.xml").decode()


# ---------------------------------------------------------------- cases: an input spoilt and its command


@dataclass
class Case:
    """One fuzz case: what was spoilt how, the command line, the folder it runs in."""

    index: int
    kind: str
    mutation: str
    args: list[str]
    folder: Path


def _write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def _quick(*more: str) -> list[str]:
    return ["-w", "1", *more]


def _scenario(rng, d, bases) -> tuple[str, list[str]]:
    bundled = sorted((bases.root / "scenarios").glob("*.toml"))
    source = TINY.encode() if rng.random() < 0.6 else bundled[int(rng.integers(len(bundled)))].read_bytes()
    how, data = mutate(rng, source, "toml")
    path = _write(d / "in" / "s.toml", data)
    if source == TINY.encode() and rng.random() < 0.3:
        return how, ["run", str(path), "--years", "1", "-o", str(d / "out"), "--quiet", "--lang", "en"]
    return how, ["validate", str(path)]


def _based_on(rng, d, bases) -> tuple[str, list[str]]:
    child = 'based_on = "parent.toml"\n[run]\nname = "child"\n'
    chain = str(rng.choice(["parent", "child", "cycle", "self", "deep", "odd_value"]))
    parent = TINY.encode()
    if chain == "parent":
        chain, parent = mutate(rng, parent, "toml")
        chain = f"parent:{chain}"
    elif chain == "child":
        how, data = mutate(rng, child.encode(), "toml")
        child, chain = data.decode("utf-8", errors="replace"), f"child:{how}"
    elif chain == "cycle":
        parent = b'based_on = "c.toml"\n'
    elif chain == "self":
        parent = b'based_on = "parent.toml"\n'
    elif chain == "deep":
        depth = int(rng.integers(20, 300))
        for k in range(depth):
            _write(d / "in" / f"p{k}.toml", f'based_on = "p{k + 1}.toml"\n' if k + 1 < depth else TINY)
        parent = b'based_on = "p0.toml"\n'
    else:
        child = f"based_on = {rng.choice([*WRONG_TYPES, '"anji"', '"nope.toml"', '"../../etc/passwd"'])}\n"
    _write(d / "in" / "parent.toml", parent)
    path = _write(d / "in" / "c.toml", child)
    if rng.random() < 0.3:
        return chain, ["new", "made", "--from", str(path), "-o", str(d / "out"), "--lang", "en"]
    return chain, ["validate", str(path)]


def _experiment(rng, d, bases) -> tuple[str, list[str]]:
    _write(d / "in" / "tiny.toml", TINY)
    how, data = mutate(rng, EXPERIMENT.encode(), "toml")
    path = _write(d / "in" / "exp.toml", data)
    return how, ["sweep", str(path), "-o", str(d / "out"), "-q", "--no-plots", "--lang", "en", *_quick()]


def _search(d: Path, levers: Path, *more: str) -> list[str]:
    tiny = _write(d / "in" / "tiny.toml", TINY)
    return ["optimise", str(tiny), "--levers", str(levers), "--objective", "pairs_formed", "--trials", "2", "-r", "1",
            "--confirm-points", "1", "--confirm-replicates", "2", "--set", "run.years=1", "-o", str(d / "out"),
            "-q", "--no-plots", "--lang", "en", *_quick(), *more]  # fmt: skip


def _fit(d: Path, targets: Path, free: Path) -> list[str]:
    tiny = _write(d / "in" / "tiny.toml", TINY)
    return ["calibrate", str(tiny), str(targets), "--free", str(free), "--trials", "2", "-r", "1", "--waves", "0",
            "-o", str(d / "out"), *_quick()]  # fmt: skip


def _levers(rng, d, bases) -> tuple[str, list[str]]:
    how, data = mutate(rng, LEVERS.encode(), "toml")
    return how, _search(d, _write(d / "in" / "levers.toml", data))


def _targets(rng, d, bases) -> tuple[str, list[str]]:
    how, data = mutate(rng, TARGETS.encode(), "toml")
    return how, _fit(d, _write(d / "in" / "targets.toml", data), _write(d / "in" / "free.toml", FREE))


def _free(rng, d, bases) -> tuple[str, list[str]]:
    how, data = mutate(rng, FREE.encode(), "toml")
    return how, _fit(d, _write(d / "in" / "targets.toml", TARGETS), _write(d / "in" / "free.toml", data))


def _run_roster(d: Path, roster: Path) -> list[str]:
    tiny = _write(
        d / "in" / "tiny.toml", TINY.replace("years = 2", "years = 2\nstart_year = 2025")
    )  # the roster's year
    return ["run", str(tiny), "--roster", str(roster), "--years", "1", "-o", str(d / "out"), "--quiet", "--lang", "en"]


def _roster_csv(rng, d, bases) -> tuple[str, list[str]]:
    source = (bases.root / "scenarios" / "rosters" / "example.csv").read_bytes()
    if rng.random() < 0.1:  # very many units, each its own
        lines = source.decode().splitlines()
        rows = [lines[0]] + [re.sub(r"^(\d+,)", rf"{k},", lines[1 + k % (len(lines) - 1)]).replace(",城关镇,", f",镇{k},")
                             for k in range(100_001)]  # fmt: skip
        return "many_units", _run_roster(d, _write(d / "in" / "r.csv", "\n".join(rows) + "\n"))
    how, data = mutate(rng, source, "csv")
    return how, _run_roster(d, _write(d / "in" / "r.csv", data))


def _roster_xlsx(rng, d, bases) -> tuple[str, list[str]]:
    rows = [line.split(",") for line in (bases.root / "scenarios/rosters/example.csv").read_text().splitlines()]
    how, data = spoilt_workbook(rng, rows)
    return how, _run_roster(d, _write(d / "in" / "r.xlsx", data))


def _ensemble(rng, d, bases) -> tuple[str, list[str]]:
    fit = d / "in" / "fit"
    _write(fit / "scenario.toml", TINY)
    if rng.random() < 0.1:
        how, data = "many_sets", ENSEMBLE.splitlines()[0] + "\n" + "2,1,0.05,0.2,0.4\n" * 102_000
    else:
        how, data = mutate(rng, ENSEMBLE.encode(), "csv")
    _write(fit / "ensemble.csv", data)
    if rng.random() < 0.25:
        return f"optimise:{how}", _search(
            d, _write(d / "in" / "levers.toml", LEVERS), "--ensemble", str(fit), "--sets", "2"
        )
    return how, _compare_on(d, fit)


def _compare_on(d: Path, fit: Path) -> list[str]:
    tiny = _write(d / "in" / "tiny.toml", TINY)
    other = _write(d / "in" / "other.toml", TINY.replace('"tiny"', '"other"') + "[pairing]\nmentees_per_mentor = 2\n"
                   'form = "one_to_many"\n')  # fmt: skip
    return ["compare", str(tiny), str(other), "--ensemble", str(fit), "--sets", "1", "-r", "2", "--set", "run.years=1",
            "-o", str(d / "out"), "-q", "--no-plots", "--lang", "en", *_quick()]  # fmt: skip


CENTRAL_FILES = {"cadres.csv", "pairs.csv", "events.csv", "run.json", "ensemble.csv", "scenario.toml", "sweep.json"}


def damage_folder(rng: np.random.Generator, folder: Path) -> str:
    """A copied results folder with one of its files spoilt, removed, emptied or made a folder; the way."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".csv", ".toml", ".json", ".jsonl"))
    central = [p for p in files if p.name in CENTRAL_FILES or p.parent.name == "runs"]
    pool = central if central and rng.random() < 0.6 else files
    target = pool[int(rng.integers(len(pool)))]
    name = str(target.relative_to(folder))
    how = str(rng.choice(["mutate", "mutate", "mutate", "remove", "folder", "non_objects", "big_numbers"]))
    if how == "remove":
        target.unlink()
    elif how == "folder":
        target.unlink()
        target.mkdir()
    elif how == "non_objects" and target.suffix in (".jsonl", ".json"):
        target.write_text(str(rng.choice(["[1, 2]\n", "3\n", '"x"\n', "null\n", "{}\n", '{"run": "a"}\n'])) * 3)
    elif how == "big_numbers" and target.suffix == ".csv":
        lines = target.read_text().splitlines()
        huge = str(rng.choice(["1000000000", "1e400", "inf", "-1", "nan", "99999999999999999999"]))
        lines[1:] = [re.sub(r"(?<=,)\d+(?=,)", huge, line, count=int(rng.integers(1, 4))) for line in lines[1:]]
        target.write_text("\n".join(lines) + "\n")
    else:
        form = "csv" if target.suffix == ".csv" else "toml"
        text = target.read_bytes()
        try:
            how, data = mutate(rng, text, form)
        except UnicodeDecodeError:
            how, data = "truncate", text[: len(text) // 2]
        target.write_bytes(data)
    return f"{name}:{how}"


def _sweep_folder(rng, d, bases) -> tuple[str, list[str]]:
    folder = d / "in" / "sweep"
    shutil.copytree(bases.sweep, folder)
    how = damage_folder(rng, folder)
    return how, [
        "discover",
        str(folder),
        "--where",
        "pairs_formed > 18",
        "-o",
        str(d / "out"),
        "--no-plots",
        "--lang",
        "en",
    ]


def _fit_folder(rng, d, bases) -> tuple[str, list[str]]:
    fit = d / "in" / "fit"
    _write(fit / "scenario.toml", TINY)
    _write(fit / "ensemble.csv", ENSEMBLE)
    _write(fit / "trials.csv", "trial,score,growth.mentoring_rate\n0,1.5,0.05\n1,2.5,0.08\n")
    _write(fit / "history.csv", ENSEMBLE)
    return damage_folder(rng, fit), _compare_on(d, fit)


def _run_folder(rng, d, bases) -> tuple[str, list[str]]:
    folder = d / "in" / "run"
    shutil.copytree(bases.run, folder, ignore=shutil.ignore_patterns("*.png", "*.xlsx"))
    how = damage_folder(rng, folder)
    if rng.random() < 0.5:
        return how, ["lineage", str(folder), "--out", str(d / "out" / "lineage"), "--lang", "en"]
    return how, ["animate", str(folder), "--out", str(d / "out" / "network.gif"), "--lang", "en"]


SPECIAL_SLOTS = ["validate", "based_on", "new_from", "run", "experiment", "experiment_scenario", "levers", "targets",
                 "free", "roster_csv", "roster_xlsx", "ensemble", "fit_scenario", "compare", "check", "sweep_folder",
                 "lineage"]  # fmt: skip


def _special(rng, d, bases) -> tuple[str, list[str]]:
    what = str(rng.choice(["fifo", "dev_zero", "folder", "long_path"]))
    slot = str(rng.choice(SPECIAL_SLOTS))
    name = {"roster_csv": "r.csv", "roster_xlsx": "r.xlsx", "ensemble": "ensemble.csv"}.get(slot, "x.toml")
    folder = d / "in" / ("fit" if slot in ("ensemble", "fit_scenario") else "special")
    folder.mkdir(parents=True, exist_ok=True)
    if slot == "fit_scenario":
        name = "scenario.toml"
    path = folder / name
    if what == "fifo":
        os.mkfifo(path)
    elif what == "dev_zero":
        path.symlink_to("/dev/zero")
    elif what == "folder":
        path.mkdir()
    else:
        path = folder / LONG / name
    tiny = _write(d / "in" / "tiny.toml", TINY)
    quoted = json.dumps(str(path))
    out = str(d / "out")
    if slot in ("validate", "run", "compare", "check"):
        args = {"validate": ["validate", str(path)], "run": ["run", str(path), "-o", out, "--quiet"],
                "compare": ["compare", str(tiny), str(path), "-r", "2", "-o", out, "-q", *_quick()],
                "check": ["check", str(path), "-r", "2", *_quick("-q")]}[slot]  # fmt: skip
    elif slot in ("based_on", "new_from"):
        child = _write(d / "in" / "c.toml", f"based_on = {quoted}\n")
        args = ["validate", str(child)] if slot == "based_on" else ["new", "made", "--from", str(path), "-o", out]
    elif slot == "experiment":
        args = ["sweep", str(path), "-o", out, "-q", *_quick()]
    elif slot == "experiment_scenario":
        exp = _write(d / "in" / "exp.toml", EXPERIMENT.replace('"tiny.toml"', quoted))
        args = ["sweep", str(exp), "-o", out, "-q", *_quick()]
    elif slot == "levers":
        args = _search(d, path)
    elif slot in ("targets", "free"):
        targets = path if slot == "targets" else _write(d / "in" / "targets.toml", TARGETS)
        args = _fit(d, targets, path if slot == "free" else _write(d / "in" / "free.toml", FREE))
    elif slot.startswith("roster"):
        args = _run_roster(d, path)
    elif slot in ("ensemble", "fit_scenario"):
        fit = path.parent if what != "long_path" else folder
        if not (fit / "scenario.toml").exists() and slot == "ensemble":
            _write(fit / "scenario.toml", TINY)
        if slot == "fit_scenario" and what != "long_path":
            _write(fit / "ensemble.csv", ENSEMBLE)
        args = _compare_on(d, fit if what != "long_path" else folder / LONG)
    elif slot == "sweep_folder":
        args = ["discover", str(path), "--where", "pairs_formed > 1", "-o", out, "--no-plots"]
    else:
        args = ["lineage", str(path), "--out", str(d / "out" / "lineage")]
    return f"{what}@{slot}", args


KINDS: dict[str, Callable[..., tuple[str, list[str]]]] = {
    "scenario": _scenario,
    "based_on": _based_on,
    "experiment": _experiment,
    "levers": _levers,
    "targets": _targets,
    "free": _free,
    "roster_csv": _roster_csv,
    "roster_xlsx": _roster_xlsx,
    "ensemble": _ensemble,
    "sweep_folder": _sweep_folder,
    "fit_folder": _fit_folder,
    "run_folder": _run_folder,
    "special": _special,
}


def make_case(seed: int, index: int, folder: Path, bases: Bases) -> Case:
    """Case ``index`` of ``seed``: its kind in turn, its spoiling drawn from ``default_rng((seed, index))``."""
    kind = list(KINDS)[index % len(KINDS)]
    rng = np.random.default_rng((seed, index))
    shutil.rmtree(folder, ignore_errors=True)  # a case starts from nothing (a kept folder of an earlier run)
    for sub in ("in", "work"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    mutation, args = KINDS[kind](rng, folder, bases)
    return Case(index, kind, mutation, args, folder)


# ---------------------------------------------------------------- running a case in a process of its own


@dataclass
class Outcome:
    """How a case ended: ``verdict`` is ``clean`` or the kind of failure; ``detail`` what showed it."""

    case: Case
    verdict: str
    exit_code: int | None
    seconds: float
    detail: str
    grown: int = 0  # the most address space the case added (bytes)


def _address_space() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _peak() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmPeak:"))


def _child(args: list[str], cwd: str, result: str, log: str, limited: bool = True) -> None:
    """Run the command in this (forked) process: its own group, a memory limit, every output captured."""
    os.setpgrp()
    start = _address_space()
    limit = start + MEMORY_GROWTH
    if limited:  # the valid bases (a run with its plots) are made without it: they are not under test
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.chdir(cwd)
    from typer.testing import CliRunner

    from sim.cli import app

    try:
        r = CliRunner().invoke(app, args)
        exc = r.exception
        tb = "".join(traceback.format_exception(exc)) if exc is not None and not isinstance(exc, SystemExit) else ""
        answer = (r.exit_code, r.stdout, r.stderr, type(exc).__name__ if exc is not None else "", tb, _peak() - start)
    except MemoryError:
        answer = (None, "", "", "MemoryError", "", 0)
    with open(result, "wb") as f:
        pickle.dump(answer, f)
    os._exit(0)


_context: multiprocessing.context.ForkServerContext | None = None
PRELOAD = [
    "fuzz_inputs",
    "sim.cli",
    "typer.testing",
    "pandas",
    "matplotlib",
    "matplotlib.pyplot",
    "optuna",
    "mesa",
    "scipy.stats",
    "openpyxl",
    "pyarrow.parquet",
    "ema_workbench",
    "ema_workbench.analysis.prim",
    "sim.model.model",
    "sim.studies.run.command",
    "sim.studies.run.results",
    "sim.studies.sweep.command",
    "sim.studies.compare.command",
    "sim.studies.compare.ensemble",
    "sim.studies.calibrate.command",
    "sim.studies.calibrate.fit",
    "sim.studies.optimise.command",
    "sim.studies.optimise.search",
    "sim.studies.discover.command",
    "sim.studies.discover.analysis",
    "sim.demo.command",
    "sim.output.lineage",
    "sim.output.animation",
    "sim.output.plots",
]  # a module missing in a tree is left out


def context() -> multiprocessing.context.ForkServerContext:
    """The fork server: the package and its libraries loaded once, every case forked from it."""
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(PRELOAD)
    return _context


def _snapshot(*folders: Path) -> dict[str, tuple[int, int, int]]:
    seen = {}
    for folder in folders:
        for dirpath, dirnames, filenames in os.walk(folder):
            for name in dirnames + filenames:
                st = os.lstat(os.path.join(dirpath, name))
                seen[os.path.join(dirpath, name)] = (st.st_mode, st.st_size, st.st_mtime_ns)
    return seen


def _error_lines(stderr: str) -> list[str]:
    """The lines of a refusal, without Python's warnings (a warning line and the source line it shows)."""
    lines, skip = [], False
    for line in stderr.splitlines():
        if re.match(r"^\S.*:\d+: \w*(Warning|Notice)\b", line):
            skip = True
            continue
        if skip and line.startswith("  "):
            continue
        skip = False
        if line.strip():
            lines.append(line)
    return lines


def run_case(case: Case, root: Path, seconds: float = SECONDS) -> Outcome:
    """Run ``case`` in a forked process; judge how it ended."""
    d = case.folder
    out = d / "out"
    before, repo_before = _snapshot(d / "in", d / "work"), sorted(os.listdir(root))
    result, log = d / "result.pickle", d / "output.log"
    started = time.perf_counter()
    p = context().Process(target=_child, args=(case.args, str(d / "work"), str(result), str(log), case.index >= 0))
    p.start()
    p.join(seconds)
    hung = p.is_alive()
    try:
        os.killpg(p.pid, signal.SIGKILL)  # the case, and any child it left
    except (ProcessLookupError, PermissionError):
        pass
    p.join()
    elapsed = time.perf_counter() - started
    logged = log.read_text(errors="replace") if log.exists() else ""

    grown = 0

    def ended(verdict: str, code: int | None, detail: str) -> Outcome:
        return Outcome(case, verdict, code, elapsed, detail[-2000:], grown)

    if hung:
        return ended("hang", None, f"still running after {seconds:.0f} s")
    if not result.exists():
        return ended("memory" if "MemoryError" in logged else "crash", None, f"died ({p.exitcode}): {logged}")
    code, stdout, stderr, exc, tb, grown = pickle.loads(result.read_bytes())
    shown = f"{stdout}\n{stderr}\n{logged}"
    if exc == "MemoryError" or "MemoryError" in shown + tb:
        return ended("memory", code, tb or shown)
    if tb or "Traceback" in shown:
        return ended("traceback", code, tb or shown)
    if code not in (0, 2):
        return ended("exit status", code, shown)
    after = _snapshot(d / "in", d / "work")
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    if changed or sorted(os.listdir(root)) != repo_before:
        return ended("wrote outside", code, f"changed: {changed[:5]} (repository: {sorted(os.listdir(root))})")
    if code == 2:
        lines = _error_lines(stderr)
        each_names_it = len(lines) > 1 and all(str(d / "in") in line or line.startswith("...") for line in lines)
        if len(lines) != 1 and not each_names_it and not (lines and lines[0].lstrip().startswith("Usage:")):
            return ended("not one line", code, stderr)
        if max(len(line) for line in lines) > LONGEST_ERROR:
            return ended("error too long", code, f"{max(len(line) for line in lines):,} characters: {lines[0][:300]}")
        if out.exists() and any(out.iterdir()):
            return ended("wrote on refusal", code, f"{sorted(p.name for p in out.iterdir())}: {stderr}")
    return ended("clean", code, (stderr or stdout).strip().splitlines()[-1] if (stderr or stdout).strip() else "")


# ---------------------------------------------------------------- the valid folders the damaged ones are copied from


class Bases:
    """A valid sweep folder and run folder (made once, by the package under test), and the bundled inputs."""

    def __init__(self, folder: Path):
        self.root = package_root()
        self.folder = folder
        self.sweep = folder / "sweep"
        self.run = folder / "run"

    def make(self) -> Bases:
        """Run a tiny sweep and a tiny run (with snapshots) unless they are there."""
        if not self.sweep.exists():
            self._made("sweep", lambda d: _experiment_args(d, self.sweep))
        if not self.run.exists():
            self._made("run", lambda d: _run_args(d))
            made = next((self.folder / "run-out").iterdir())
            made.rename(self.run)
        return self

    def _made(self, name: str, build: Callable[[Path], list[str]]) -> None:
        d = self.folder / f"make-{name}"
        (d / "work").mkdir(parents=True, exist_ok=True)
        # a fresh interpreter, not the forked server: the valid inputs do not depend on what the process
        # that loads this module has done before (after the rest of the test suite, the run's plot drawer
        # forked from it ended without an answer)
        done = subprocess.run(
            [sys.executable, "-m", "sim", *build(d)], cwd=d / "work", capture_output=True, text=True, timeout=600
        )
        if done.returncode != 0:
            raise RuntimeError(f"the valid {name} failed (exit {done.returncode}): {done.stderr[-2000:]}")


def _experiment_args(d: Path, out: Path) -> list[str]:
    _write(d / "in" / "tiny.toml", TINY)
    exp = _write(d / "in" / "exp.toml", EXPERIMENT.replace("replicates = 1", "replicates = 6"))
    return ["sweep", str(exp), "-o", str(out), "-q", "--no-plots", "--lang", "en", "-w", "1"]


def _run_args(d: Path) -> list[str]:
    tiny = _write(d / "in" / "tiny.toml", TINY)
    out = d.parent / "run-out"
    return ["run", str(tiny), "--years", "2", "--snapshot-every", "12", "-o", str(out), "--quiet", "--lang", "en"]


# ---------------------------------------------------------------- a long run: the counts


def fuzz(
    cases: int,
    seed: int,
    folder: Path,
    kinds: list[str] | None = None,
    echo: bool = True,
    bases: Bases | None = None,
    first: int = 0,
) -> list[Outcome]:
    """Run cases ``first`` to ``cases - 1`` of ``seed`` in ``folder``; every outcome (a clean case's folder removed)."""
    bases = bases or Bases(folder / "bases").make()
    outcomes = []
    for index in range(first, cases):
        if kinds and list(KINDS)[index % len(KINDS)] not in kinds:
            continue
        case = make_case(seed, index, folder / f"case-{index:05d}", bases)
        outcome = run_case(case, bases.root)
        outcomes.append(outcome)
        if outcome.verdict == "clean":
            shutil.rmtree(case.folder, ignore_errors=True)
        if echo:
            line = (
                f"{index:5d} {case.kind:13s} {case.mutation[:40]:40s} {outcome.verdict:14s} {outcome.seconds:6.1f}s"
                f" {outcome.grown / 1e9:4.2f}GB"
            )
            detail = outcome.detail.strip().splitlines()[-1][:150] if outcome.detail.strip() else ""
            print(line if outcome.verdict == "clean" else f"{line}  {detail}", flush=True)
    return outcomes


def counts(outcomes: list[Outcome]) -> str:
    """The counts: cases, clean, not clean by kind of failure, and by file kind."""
    bad = [o for o in outcomes if o.verdict != "clean"]
    lines = [f"cases {len(outcomes)}, clean {len(outcomes) - len(bad)}, not clean {len(bad)}"]
    for verdict, n in Counter(o.verdict for o in bad).most_common():
        lines.append(f"  {verdict}: {n}")
    lines.append("not clean by file kind:")
    for kind, n in Counter(o.case.kind for o in bad).most_common():
        lines.append(f"  {kind}: {n} of {sum(o.case.kind == kind for o in outcomes)}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=260, help="how many cases (the kinds take turns)")
    parser.add_argument("--seed", type=int, default=26)
    parser.add_argument("--first", type=int, default=0, help="start at this case (to go on with a longer run)")
    parser.add_argument("--kind", action="append", choices=list(KINDS), help="only these file kinds")
    parser.add_argument("--keep", type=Path, help="keep the cases' folders here (default: a temporary folder)")
    parser.add_argument("--json", type=Path, help="also write every not-clean case to this JSON file")
    a = parser.parse_args()
    folder = a.keep or Path(tempfile.mkdtemp(prefix="cadre-fuzz-"))
    outcomes = fuzz(a.cases, a.seed, folder, a.kind, first=a.first)
    print(counts(outcomes))
    if a.json:
        bad = [{"index": o.case.index, "kind": o.case.kind, "mutation": o.case.mutation, "verdict": o.verdict,
                "args": o.case.args, "detail": o.detail} for o in outcomes if o.verdict != "clean"]  # fmt: skip
        a.json.write_text(json.dumps(bad, indent=1, ensure_ascii=False))
    if not a.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import fuzz_inputs  # the cases' functions by their module's name, for the fork server

    fuzz_inputs.main()

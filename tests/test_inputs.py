"""Every input file goes through the one reader: devices, FIFOs, over-long names, damaged rosters, ensembles,
sweep and results folders, and bad values in targets, names and ``--out`` are one line and exit 2, never a
traceback, a hang or a blow-up, and nothing is written (issue 26, defects 1-4 and the input parts of 8-10).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, TINY_SCENARIO
from typer.testing import CliRunner

from sim.cli import app
from sim.params.errors import ScenarioError
from sim.params.reading import MAX_BYTES, read_bytes, read_toml
from sim.params.roster import MAX_ROWS, RosterError, read_roster
from sim.params.scenario import load_scenario

runner = CliRunner()
LONG = "a" * 300 + ".toml"
HEADER = "出生年份,参加工作年份,阶段,单位\n"


def invoke(args: list[str], cwd: Path, lang: str = "en") -> tuple[int, str]:
    """The command's exit code and output, run in ``cwd`` with ``CADRE_SIM_LANG=lang`` (English: the lines read here)."""
    before = Path.cwd()
    os.chdir(cwd)
    try:
        result = runner.invoke(app, args, env={"CADRE_SIM_LANG": lang})
    finally:
        os.chdir(before)
    return result.exit_code, result.output


def one_clean_line(code: int, output: str, *words: str) -> None:
    assert code == 2, output
    assert "Traceback" not in output
    lines = [line for line in output.strip().splitlines() if line.strip()]
    assert len(lines) == 1, output
    for word in words:
        assert word in lines[0], output


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture
def work(tmp_path: Path) -> Path:
    (tmp_path / "tiny.toml").write_text(TINY_SCENARIO, encoding="utf-8")
    return tmp_path


# ---- the reader (defects 1-3)


def test_the_reader_refuses_a_device_a_fifo_and_an_over_long_name(tmp_path):
    fifo = tmp_path / "f.toml"
    os.mkfifo(fifo)
    for path, words in (
        (Path("/dev/zero"), "not a regular file"),
        (fifo, "not a regular file"),
        (tmp_path / LONG, "too long"),
        (Path(f"{tmp_path}/{'d' * 200}/" * 30 + "x.toml"), "too long"),
        (tmp_path / "none.toml", "no such scenario file"),
        (tmp_path, "is a folder"),
    ):
        with pytest.raises(ScenarioError, match=words) as caught:
            read_toml(path, "scenario", ScenarioError)
        assert "\n" not in str(caught.value)


def test_the_reader_reads_at_most_its_limit(tmp_path):
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * (MAX_BYTES + 1))
    with pytest.raises(ScenarioError, match="too large"):
        read_toml(big, "scenario", ScenarioError)
    small = tmp_path / "small.txt"
    small.write_bytes(b"x" * 10)
    assert read_bytes(small, "scenario", ScenarioError, limit=10) == b"x" * 10
    with pytest.raises(ScenarioError, match="too large"):
        read_bytes(small, "scenario", ScenarioError, limit=9)


def _fifo_cases(work: Path) -> list[list[str]]:
    os.mkfifo(work / "fifo.toml")
    (work / "base_fifo.toml").write_text('based_on = "fifo.toml"\n', encoding="utf-8")
    (work / "base_zero.toml").write_text('based_on = "/dev/zero"\n', encoding="utf-8")
    targets, free = ROOT / "calibration/targets/anji.toml", ROOT / "calibration/free/anji.toml"
    return [
        ["validate", "fifo.toml"],
        ["validate", "/dev/zero"],
        ["validate", "base_fifo.toml"],
        ["validate", "base_zero.toml"],
        ["run", "fifo.toml", "-o", "out"],
        ["new", "zz", "--from", "fifo.toml", "-o", "out"],
        ["sweep", "/dev/zero", "-o", "out"],
        ["calibrate", "anji", "fifo.toml", "--free", str(free), "-o", "out"],
        ["calibrate", "anji", str(targets), "--free", "/dev/zero", "-o", "out"],
        ["optimise", "tiny.toml", "--levers", "fifo.toml", "--objective", "pairs_formed", "-o", "out"],
    ]


def test_devices_and_fifos_are_refused_in_a_child_that_would_hang_otherwise(work):
    for args in _fifo_cases(work):
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "sim", *args],
            cwd=work,
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "CADRE_SIM_LANG": "en"},  # the English line it reads
        )
        out = done.stdout + done.stderr
        one_clean_line(done.returncode, out, "not a regular file")
        assert time.monotonic() - started < 120
        assert not (work / "out").exists() and not (work / "zz.toml").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["run", LONG, "-o", "out"],
        ["validate", LONG],
        ["check", LONG, "-r", "2"],
        ["compare", LONG, "tiny.toml", "-r", "2", "-o", "out"],
        ["sweep", LONG, "-o", "out"],
        ["discover", LONG, "--where", "pairs_formed > 1", "-o", "out"],
        ["run", "tiny.toml", "--roster", "a" * 300 + ".csv", "-o", "out"],
        ["optimise", "tiny.toml", "--levers", LONG, "--objective", "pairs_formed", "-o", "out"],
        ["calibrate", "anji", LONG, "--free", str(ROOT / "calibration/free/anji.toml"), "-o", "out"],
        ["calibrate", "anji", str(ROOT / "calibration/targets/anji.toml"), "--free", LONG, "-o", "out"],
        ["compare", "tiny.toml", "--ensemble", "a" * 300, "-r", "2", "-o", "out"],
        ["lineage", "a" * 300],
        ["animate", "a" * 300],
        ["params", "--out", "a" * 300 + ".md"],
    ],
)
def test_an_over_long_name_is_one_line(work, args):
    code, output = invoke(args, work)
    one_clean_line(code, output)
    assert "Errno" not in output
    assert listing(work) == ["tiny.toml"]


def test_an_over_long_based_on_is_one_line(work):
    (work / "v.toml").write_text(f'based_on = "{LONG}"\n', encoding="utf-8")
    code, output = invoke(["validate", "v.toml"], work)
    one_clean_line(code, output, "too long")


# ---- rosters (defect 4)


def _rows(n: int = 12, unit=lambda i: "甲镇") -> str:
    return "".join(f"1970,1995,骨干,{unit(i)}\n" for i in range(n))


def test_a_csv_cell_over_the_limit_is_one_line(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(HEADER + _rows() + "1970,1995,骨干," + "x" * 140_000 + "\n", encoding="utf-8")
    with pytest.raises(RosterError, match="131,072 characters") as caught:
        read_roster(path, load_scenario("huzhou_2025"))
    assert "\n" not in str(caught.value)


def test_a_csv_with_cr_line_endings_is_read(tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes((HEADER + _rows()).replace("\n", "\r").encode("utf-8"))
    assert len(read_roster(path, load_scenario("huzhou_2025"))) == 12


def _workbook(path: Path, sheet: bytes | None, workbook_sheets: bool = True) -> Path:
    sheets = '<sheet name="S" sheetId="1" r:id="rId1"/>' if workbook_sheets else ""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook {ns} {rel}><sheets>{sheets}</sheets></workbook>')
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        if sheet is not None:
            z.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


SHEET_HEAD = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


@pytest.mark.parametrize(
    ("sheet", "has_sheet", "words"),
    [
        (SHEET_HEAD + b"<sheetData><row><c", True, "not a readable Excel workbook"),
        (SHEET_HEAD + b"<sheetData></sheetData></worksheet>", False, "no sheet"),
        (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
            + SHEET_HEAD[21:]
            + b"<sheetData><row><c t='inlineStr'><is><t>&lol2;</t></is></c></row></sheetData></worksheet>",
            True,
            "entities",
        ),
    ],
)
def test_a_damaged_workbook_is_one_line(tmp_path, sheet, has_sheet, words):
    path = _workbook(tmp_path / "r.xlsx", sheet, has_sheet)
    with pytest.raises(RosterError, match=words) as caught:
        read_roster(path, load_scenario("huzhou_2025"))
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("dimension", [True, False])
def test_a_workbook_of_too_many_rows_is_refused_before_it_is_read(tmp_path, dimension):
    rows = MAX_ROWS + 500_000
    head = SHEET_HEAD + (f'<dimension ref="A1:A{rows}"/>'.encode() if dimension else b"") + b"<sheetData>"
    sheet = head + b"<row/>" * rows + b"</sheetData></worksheet>"
    path = _workbook(tmp_path / "r.xlsx", sheet)
    assert path.stat().st_size < 2_000_000
    started = time.monotonic()
    with pytest.raises(RosterError, match="rows; a roster has at most"):
        read_roster(path, load_scenario("huzhou_2025"))
    assert time.monotonic() - started < 30


def test_a_roster_of_too_many_units_is_one_line_from_run(work):
    (work / "r.csv").write_text(HEADER + _rows(100_001, unit=lambda i: f"单位{i}"), encoding="utf-8")
    code, output = invoke(["run", "tiny.toml", "--roster", "r.csv", "-o", "out"], work)
    one_clean_line(code, output, "r.csv", "units")
    assert not (work / "out").exists()


# ---- ensembles (defect 8)


def _fit(work: Path, csv: str) -> Path:
    fit = work / "fit"
    fit.mkdir()
    (fit / "scenario.toml").write_text(TINY_SCENARIO, encoding="utf-8")
    (fit / "ensemble.csv").write_text(csv, encoding="utf-8")
    return fit


@pytest.mark.parametrize(
    ("csv", "words"),
    [
        ("population.units,implausibility\ninf,1\n", "is not a finite number"),
        ("population.units,implausibility\n1e400,1\n", "is not a finite number"),
        ("pool.entry_willingness,implausibility\nmany,1\n", "'many' is not a finite number"),
        ("pool.entry_willingness,implausibility\n0.1,low\n", "column implausibility"),
    ],
)
def test_a_damaged_ensemble_is_one_line(work, csv, words):
    _fit(work, csv)
    code, output = invoke(["compare", "tiny.toml", "--ensemble", "fit", "-r", "2", "-o", "out"], work)
    one_clean_line(code, output, "ensemble.csv", words)
    assert not (work / "out").exists()


def test_a_damaged_ensemble_is_one_line_in_optimise(work):
    _fit(work, "pool.entry_willingness,implausibility\nmany,1\n")
    (work / "levers.toml").write_text(
        '[levers]\n"pool.entry_willingness" = { min = 0.05, max = 0.5 }\n', encoding="utf-8"
    )
    args = ["optimise", "tiny.toml", "--levers", "levers.toml", "--objective", "pairs_formed:max", "--ensemble", "fit"]
    code, output = invoke([*args, "-o", "out"], work)
    one_clean_line(code, output, "ensemble.csv", "not a finite number")
    assert not (work / "out").exists()


def test_an_ensemble_too_large_is_refused_before_any_run(work):
    rows = "".join(f"{0.01 + i * 1e-7:.7f},{i}\n" for i in range(10_001))
    _fit(work, "pool.entry_willingness,implausibility\n" + rows)
    code, output = invoke(["compare", "tiny.toml", "--ensemble", "fit", "-r", "2", "-o", "out"], work)
    one_clean_line(code, output, "10,001 plausible sets", "at most 10,000")
    assert not (work / "out").exists()


def test_an_ensemble_comparison_of_too_many_runs_is_refused(work):
    from sim.studies.compare.ensemble import MAX_RUNS, EnsembleError, check_runs

    assert check_runs(10, 2, 5) == 100
    with pytest.raises(EnsembleError, match=f"runs; at most {MAX_RUNS:,}"):
        check_runs(10_000, 30, 10)


# ---- discover, lineage, animate (defect 9)


def _sweep_folder(work: Path, chunk: str) -> Path:
    folder = work / "sweep-x"
    (folder / "runs").mkdir(parents=True)
    experiment = {"factors": {"pool.entry_willingness": {"target": "pool.entry_willingness", "min": 0.1, "max": 0.5}},
                  "outcomes": ["pairs_formed"], "replicates": 1, "design": "lhs"}  # fmt: skip
    (folder / "sweep.json").write_text(json.dumps({"experiment": experiment, "n_runs": 4, "name": "x"}))
    (folder / "runs" / "chunk-000000.jsonl").write_text(chunk, encoding="utf-8")
    return folder


@pytest.mark.parametrize("chunk", ["[1, 2]\n", '"text"\n', "3\n", '{"run": 0}\n', "{not json\n"])
def test_discover_on_a_chunk_of_non_records_is_one_line(work, chunk):
    _sweep_folder(work, chunk)
    code, output = invoke(["discover", "sweep-x", "--where", "pairs_formed > 1", "-o", "out"], work)
    one_clean_line(code, output, "chunk-000000.jsonl", "line 1")
    assert not (work / "out").exists()


def test_discover_on_a_fifo_chunk_is_one_line(work):
    folder = _sweep_folder(work, "")
    os.mkfifo(folder / "runs" / "chunk-000001.jsonl")
    code, output = invoke(["discover", "sweep-x", "--where", "pairs_formed > 1", "-o", "out"], work)
    one_clean_line(code, output, "not a regular file")


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("run")
    (folder / "tiny.toml").write_text(TINY_SCENARIO, encoding="utf-8")
    code, output = invoke(["run", "tiny.toml", "-o", "out", "--quiet"], folder)
    assert code == 0, output
    return next((folder / "out").iterdir())


def test_lineage_on_duplicated_ids_is_one_line(results, tmp_path):
    folder = shutil.copytree(results, tmp_path / "r")
    cadres = pd.read_csv(folder / "cadres.csv")
    pd.concat([cadres, cadres.head(1)]).to_csv(folder / "cadres.csv", index=False)
    before = listing(folder)
    code, output = invoke(["lineage", str(folder)], tmp_path)
    one_clean_line(code, output, "cadres.csv", "more than once")
    assert listing(folder) == before


def test_animate_with_a_generation_of_a_billion_is_refused(results, tmp_path):
    folder = shutil.copytree(results, tmp_path / "r")
    cadres = pd.read_csv(folder / "cadres.csv")
    cadres.loc[0, "generation"] = 10**9
    cadres.to_csv(folder / "cadres.csv", index=False)
    before = listing(folder)
    started = time.monotonic()
    code, output = invoke(["animate", str(folder)], tmp_path)
    one_clean_line(code, output, "generation 1,000,000,000")
    assert time.monotonic() - started < 60
    assert listing(folder) == before


# ---- values (defect 10)


def test_run_out_empty_is_refused(work):
    code, output = invoke(["run", "tiny.toml", "--out", ""], work)
    assert code == 2 and "--out is empty" in output and "Traceback" not in output
    assert listing(work) == ["tiny.toml"]


def test_a_blank_run_name_is_refused(work):
    (work / "blank.toml").write_text('[run]\nname = "   "\n', encoding="utf-8")
    code, output = invoke(["validate", "blank.toml"], work)
    assert code == 2 and "blank" in output


def _targets(work: Path, value: str, at: str) -> Path:
    path = work / "t.toml"
    path.write_text(
        f'scenario = "tiny"\n[[target]]\nname = "x"\nplace = "p"\nwhat = "w"\nvalue = {value}\nat = "{at}"\n'
        'quantity = "pool_size"\nsource = "s"\n',
        encoding="utf-8",
    )
    (work / "free.toml").write_text('[parameters]\n"pool.entry_willingness" = { min = 0.01, max = 0.5 }\n')
    return path


@pytest.mark.parametrize(
    ("value", "at", "words"),
    [("inf", "2004-06", "finite number"), ("5", "2030-01", "outside the run"), ("5", "1990-01", "outside the run")],
)
def test_a_target_that_cannot_be_scored_is_refused(work, value, at, words):
    _targets(work, value, at)
    code, output = invoke(["calibrate", "tiny.toml", "t.toml", "--free", "free.toml", "-o", "out"], work)
    one_clean_line(code, output, "t.toml", words)
    assert not (work / "out").exists()


def test_params_out_takes_the_format_from_the_file_name_or_is_refused(work):
    code, output = invoke(["params", "--out", "p.txt", "--lang", "en"], work)
    one_clean_line(code, output, "--format md or csv")
    code, output = invoke(["params", "--out", "p.txt"], work, lang="zh")  # the planner's language by default
    one_clean_line(code, output, "--format md 或 csv")
    assert not (work / "p.txt").exists()
    code, output = invoke(["params", "--out", "p.csv", "--lang", "en"], work)
    assert code == 0, output
    assert (work / "p.csv").read_text(encoding="utf-8-sig").startswith("parameter")


def test_a_large_limit_reserves_no_memory(tmp_path):
    """A small file read with a 2 GB limit (a run's tables) under a 0.5 GB headroom: read in chunks, not reserved."""
    small = tmp_path / "cadres.csv"
    small.write_text("cadre_id\n1\n", encoding="utf-8")
    code = (
        "import resource, sys\n"
        "from sim.params.reading import read_bytes\n"
        "used = int(open('/proc/self/statm').read().split()[0]) * resource.getpagesize()\n"
        "resource.setrlimit(resource.RLIMIT_AS, (used + 500_000_000, resource.RLIM_INFINITY))\n"
        "print(len(read_bytes(sys.argv[1], 'table', ValueError, limit=2_000_000_000)))\n"
    )
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", code, str(small)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "11", done.stderr[-500:]


# ---- what remained of issue 26: long values cut, infinite lever ends, damaged workbooks, wide tables, design sizes

HUGE = "x" * 200_000


@pytest.mark.parametrize(
    ("name", "text", "load"),
    [
        ("exp.toml", f'scenario = "tiny.toml"\n[parameters]\n"growth.mentoring_rate" = "{HUGE}"\n', "experiment"),
        ("levers.toml", '[levers]\n"pairing.matching" = [' + "1, " * 60_000 + "1]\n", "levers"),
        ("levers.toml", f'[levers]\n"{HUGE}" = {{ min = 1, max = 2 }}\n', "levers"),
        ("s.toml", f'[pairing]\nform = "{HUGE}"\n', "scenario"),
        ("s.toml", f'[pairing]\n"{HUGE}" = 3\n', "scenario"),
    ],
)
def test_a_refusal_repeats_a_huge_value_cut_short(work, name, text, load):
    from sim.studies.optimise.levers import LeverError, load_levers
    from sim.studies.sweep.experiment_file import load_experiment
    from sim.studies.sweep.factors import ExperimentError

    path = work / name
    path.write_text(text, encoding="utf-8")
    readers = {
        "experiment": lambda: load_experiment(path),
        "levers": lambda: load_levers(path, load_scenario(work / "tiny.toml")),
        "scenario": lambda: load_scenario(path),
    }
    with pytest.raises((ExperimentError, LeverError, ScenarioError)) as caught:
        readers[load]()
    message = str(caught.value)
    assert "\n" not in message and "…" in message and "x" * 250 not in message and "1, " * 100 not in message
    assert str(path) in message and len(message) < 2_000, message[:300]


def test_a_target_refusal_cuts_its_name_and_value(work):
    from sim.studies.calibrate.targets import TargetError, load_targets

    _targets(work, "5", "2004-06")
    path = work / "t.toml"
    path.write_text(path.read_text().replace('name = "x"', f'name = "{HUGE}"').replace('"pool_size"', f'"{HUGE}"'))
    with pytest.raises(TargetError) as caught:
        load_targets(path)
    assert "x" * 250 not in str(caught.value) and "…" in str(caught.value), str(caught.value)[:300]


@pytest.mark.parametrize(("lever", "end"), [("pool.pool_cap", "inf"), ("pool.pool_cap", "1e400"),
                                            ("pool.entry_willingness", "inf"), ("pool.pool_cap", "nan"),
                                            ("pool.entry_willingness", "9" * 400)])  # fmt: skip
def test_a_lever_range_to_infinity_is_one_line(work, lever, end):
    (work / "levers.toml").write_text(f'[levers]\n"{lever}" = {{ min = 0.1, max = {end} }}\n', encoding="utf-8")
    args = ["optimise", "tiny.toml", "--levers", "levers.toml", "--objective", "pairs_formed", "-o", "out"]
    code, output = invoke(args, work)
    one_clean_line(code, output, "levers.toml", f"levers.{lever}.max", "not a finite number")
    assert listing(work) == ["levers.toml", "tiny.toml"]


def test_a_workbook_with_a_flipped_byte_in_its_compressed_data_is_one_line(work):
    path = _workbook(work / "r.xlsx", SHEET_HEAD + b"<sheetData></sheetData></worksheet>")
    with zipfile.ZipFile(path) as book:
        sheet = book.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(path.read_bytes())
    name_length, extra_length = (int.from_bytes(data[sheet.header_offset + k : sheet.header_offset + k + 2], "little")
                                 for k in (26, 28))  # fmt: skip
    data[sheet.header_offset + 30 + name_length + extra_length] = 0xFF  # a deflate block of the reserved type
    path.write_bytes(bytes(data))
    with pytest.raises(RosterError, match="not a readable Excel workbook \\(damaged compressed data\\)"):
        read_roster(path, load_scenario("huzhou_2025"))
    code, output = invoke(["run", "tiny.toml", "--roster", "r.xlsx", "-o", "out"], work)
    one_clean_line(code, output, "r.xlsx", "damaged compressed data")
    assert not (work / "out").exists()


def test_an_ensemble_row_of_too_many_cells_is_refused_before_it_is_read(work):
    _fit(work, "pool.entry_willingness,implausibility\n" + ",".join(["1"] * 80_696) + "\n0.1,1\n")
    code, output = invoke(["compare", "tiny.toml", "--ensemble", "fit", "-r", "2", "-o", "out"], work)
    one_clean_line(code, output, "ensemble.csv", "line 2 has 80,696 cells", "at most 1,000 columns")
    assert not (work / "out").exists()


def test_an_ensemble_of_too_many_cells_is_refused(work, monkeypatch):
    from sim.studies.compare import ensemble

    monkeypatch.setattr(ensemble, "MAX_CELLS", 50)
    _fit(work, "pool.entry_willingness,implausibility\n" + "0.1,1\n" * 30)
    with pytest.raises(ensemble.EnsembleError, match="62 cells; at most 50"):
        ensemble.load_ensemble(work / "fit")


def _values(n: int, bad: str = "") -> str:
    return "[" + ", ".join(f"{0.01 + i * 1e-5:.5f}" for i in range(n)) + bad + "]"


@pytest.mark.parametrize(
    ("experiment", "args", "words"),
    [  # a grid of 250,000 points holding a bad value: its size is said before its values are checked
        (
            f'"growth.mentoring_rate" = {_values(500, ", -1")}\n"pool.entry_willingness" = {_values(500)}\n',
            [],
            ("exp.toml", "250,500 points", "at most 200,000 points"),
        ),
        (
            '"growth.mentoring_rate" = { min = 0.01, max = 0.1, num = 1000 }\n"pool.entry_willingness" = '
            "{ min = 0.01, max = 0.5, num = 1000 }\n",
            [],
            ("exp.toml", "1,000,000 points", "at most 200,000 points"),
        ),
        (
            '"growth.mentoring_rate" = { min = 0.01, max = 0.1 }\n',
            ["-r", "10000"],
            ("command line", "3,000,000 runs", "2,000,000 runs"),
        ),
    ],
)
def test_a_sweep_design_too_large_is_refused_before_any_run(work, experiment, args, words):
    design = 'design = "lhs"\nsamples = 300\n' if "min" in experiment and "num" not in experiment else ""
    (work / "exp.toml").write_text(f'scenario = "tiny.toml"\n{design}[parameters]\n{experiment}', encoding="utf-8")
    code, output = invoke(["sweep", "exp.toml", *args, "-o", "out"], work)
    one_clean_line(code, output, *words)
    assert not (work / "out").exists()

"""results.xlsx written a column at a time: the same sheet XML as XlsxWriter's cell-by-cell writing."""

import zipfile

import numpy as np
import pandas as pd
import pytest
import xlsxwriter.workbook

from sim.model.run import simulate
from sim.output import workbook
from sim.params.scenario import load_scenario
from sim.studies.run.inputs import RunNotes
from sim.studies.run.results import _tables


def _parts(path):
    """The workbook's XML parts, less the one that holds the time of writing."""
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def _both(tmp_path, monkeypatch, tables, lang="zh"):
    def write(name, bulk):
        monkeypatch.setattr(workbook, "_BULK", bulk)
        return _parts(workbook.write_workbook(tmp_path / name, tables, {}, {}, [("a", "b")], {"run": {"x": 1}}, lang))

    return write("bulk.xlsx", True), write("cells.xlsx", False)


@pytest.fixture(scope="module")
def tables():
    return _tables(simulate(load_scenario("anji").with_overrides({"run.years": 2, "run.end_year": 0}), 5), RunNotes())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_run_byte_for_byte(tmp_path, monkeypatch, tables, lang):
    bulk, cells = _both(tmp_path, monkeypatch, tables, lang)
    assert bulk.keys() == cells.keys()
    for name in bulk:
        assert bulk[name] == cells[name], name
    assert max(len(v) for k, v in bulk.items() if k.startswith("xl/worksheets/")) > 100_000  # cadres, in bulk


def test_awkward_cells_byte_for_byte(tmp_path, monkeypatch):
    """Blanks (None, NaN, NA, ""), whole blank rows and columns, booleans, big and small numbers, odd text."""
    frame = pd.DataFrame(
        {
            "month": pd.array([1, None, 3, None, 5], dtype="Int64"),
            "event": ["hired", "", " lead", "a & <b>\x01_x0041_", None],
            "cadre": [True, False, True, None, False],
            "other": [np.nan, np.inf, None, np.nan, 1e300],
            "detail": [1.5, 2**60, -0.0, None, 1e-310],
            "empty": [None] * 5,
            "big": pd.array([1, 2**60, None, -(2**53) - 1, 2**53], dtype="Int64"),
        }
    )
    tables = {"events": frame, "series": frame.iloc[:0], "cohorts": frame[["empty"]]}
    bulk, cells = _both(tmp_path, monkeypatch, tables)
    for name in bulk:
        assert bulk[name] == cells[name], name


def test_long_text_goes_cell_by_cell(tmp_path):
    frame = pd.DataFrame({"detail": ["x" * (workbook.MAX_TEXT + 1), "y"]})
    path = workbook.write_workbook(tmp_path / "t.xlsx", {"events": frame}, {}, {}, [], {}, "en")
    import openpyxl

    rows = list(openpyxl.load_workbook(path, read_only=True)["Events"].iter_rows(values_only=True))
    assert rows[1][0] == "x" * (workbook.MAX_TEXT + 1) and rows[2][0] == "y"


def test_level_one_package_holds_the_same_parts(tmp_path, monkeypatch, tables):
    """The package deflated at level 1: every part (names, order, text) as XlsxWriter's own level 6 has it."""

    def write(name, level):
        monkeypatch.setattr(workbook, "ZIP_LEVEL", level)
        return workbook.write_workbook(tmp_path / name, tables, {}, {}, [("a", "b")], {"run": {"x": 1}}, "zh")

    fast, usual = write("fast.xlsx", 1), write("usual.xlsx", None)
    with zipfile.ZipFile(fast) as a, zipfile.ZipFile(usual) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            if name != "docProps/core.xml":  # the time of writing
                assert a.read(name) == b.read(name), name
            assert a.getinfo(name).compress_type == zipfile.ZIP_DEFLATED
        big = "xl/worksheets/sheet6.xml"
        assert a.getinfo(big).compress_size > b.getinfo(big).compress_size  # level 1 did pack it
    assert xlsxwriter.workbook.ZipFile is zipfile.ZipFile  # put back

"""results.xlsx: every table of a run in one workbook, Chinese by default."""

import openpyxl
import pytest

from sim.model.run import simulate
from sim.params.scenario import load_scenario
from sim.studies.run.results import write_run


@pytest.fixture(scope="module")
def result():
    return simulate(load_scenario("anji").with_overrides({"run.years": 2, "run.end_year": 0}), 3)


def _sheets(folder):
    book = openpyxl.load_workbook(folder / "results.xlsx", read_only=True)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def test_workbook_has_every_table_in_chinese(result, tmp_path):
    folder = write_run(result, tmp_path)
    sheets = _sheets(folder)
    assert list(sheets) == [
        "说明",
        "主要指标",
        "分类指标",
        "各单位",
        "月度序列",
        "师徒结对",
        "干部",
        "事件",
        "传承队列",
        "场景参数",
    ]
    assert len(sheets["月度序列"]) == len(result.series) + 1
    assert len(sheets["各单位"]) == result.scenario.population.units + 1 and sheets["各单位"][0][1] == "单位名称"
    assert len(sheets["师徒结对"]) == len(result.pairs) + 1
    assert len(sheets["干部"]) == len(result.cadres) + 1
    assert len(sheets["事件"]) == len(result.events) + 1
    summary = {row[4]: row[1] for row in sheets["主要指标"][1:]}
    assert summary["pairs_formed"] == result.summary["pairs_formed"]
    assert sheets["月度序列"][0][:2] == ("年月", "在岗人数") and "累计成长为骨干" in sheets["月度序列"][0]
    header = sheets["师徒结对"][0]
    open_pairs = [row for row in sheets["师徒结对"][1:] if row[header.index("结束原因")] == "仍在帮带"]
    assert open_pairs and all(row[header.index("结束年月")] is None for row in open_pairs)
    cadres = sheets["干部"]
    generation = cadres[0].index("传承代数")
    assert -1 not in {row[generation] for row in cadres[1:]}


def test_workbook_in_english(result, tmp_path):
    folder = write_run(result, tmp_path, lang="en")
    sheets = _sheets(folder)
    assert list(sheets)[:5] == ["About", "Summary", "By category", "Units", "Series"]
    assert "Pairs" in sheets and "Cadres" in sheets and "Events" in sheets
    assert sheets["Series"][0][1] == "cadres in post"

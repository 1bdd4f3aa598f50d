"""report.html and report.docx beside report.md; workbook formats; CSVs with a BOM read back equal."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from sim.output.documents import report_html, write_documents

REPORT = """# 安吉：2021年1月—2025年12月

> 场景说明：一个县

## 主要指标

本方案 **不开展** 帮带，见 [文件](results.xlsx)。

| 指标 | 数值 |
|---|--:|
| 结对数 | 1,234 |
| 骨干<br>（累计） | 56 |

- 第一条
- 第二条 <script>alert(1)</script>

## 图

![headcount](plots/headcount.png)
![gone](plots/missing.png)
"""


@pytest.fixture
def report(tmp_path: Path) -> Path:
    (tmp_path / "plots").mkdir()
    from PIL import Image

    Image.new("RGB", (40, 30), "white").save(tmp_path / "plots" / "headcount.png")
    path = tmp_path / "report.md"
    path.write_text(REPORT, encoding="utf-8")
    return path


def test_the_page_holds_its_pictures_and_refers_to_nothing_outside(report):
    page = report_html(REPORT, report.parent, "zh")
    assert page.count("data:image/png;base64,") == 1
    references = re.findall(r'(?:src|href)\s*=\s*"([^"]*)"', page)
    assert references and all(r.startswith("data:") for r in references), references
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert '<html lang="zh-CN">' in page and "Microsoft YaHei" in page and "@media print" in page
    assert "<title>安吉：2021年1月—2025年12月</title>" in page
    assert "<td>骨干<br>（累计）</td>" in page  # a line break in a cell kept
    assert "<script>" not in page and "&lt;script&gt;" in page  # any other tag is text
    assert "plots/missing.png" in page  # a missing picture named in words, not referred to
    assert "<strong>不开展</strong>" in page and '<th style="text-align:right">数值</th>' in page


def test_the_word_document_opens_with_the_headings_tables_and_pictures(report):
    from docx import Document

    page, word = write_documents(report, "zh")
    assert page == report.with_suffix(".html") and page.is_file()
    document = Document(str(word))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["安吉：2021年1月—2025年12月", "主要指标", "图"]
    [table] = document.tables
    assert table.cell(1, 0).text == "结对数" and table.cell(1, 1).text == "1,234"
    assert table.cell(0, 1).paragraphs[0].runs[0].bold  # the header
    assert len(document.inline_shapes) == 1
    assert [p.style.name for p in document.paragraphs if p.text.startswith("第")] == ["List Bullet"] * 2
    styles = document.styles.element.xml
    assert 'w:eastAsia="宋体"' in styles and 'w:eastAsia="微软雅黑"' in styles
    assert not list(report.parent.glob(".*.tmp"))  # written whole, nothing left over


def test_an_english_report_gets_english_fonts_and_language(report):
    from docx import Document

    _, word = write_documents(report, "en")
    assert '<html lang="en">' in report.with_suffix(".html").read_text(encoding="utf-8")
    assert 'w:eastAsia="SimSun"' in Document(str(word)).styles.element.xml


def test_a_csv_starts_with_a_bom_and_reads_back_equal(tmp_path):
    import pandas as pd

    from sim.output.study_files import write_csv as write_study_csv
    from sim.output.tables import read_run_table, write_csv

    frame = pd.DataFrame({"month": [0, 1], "单位": ["城关镇", "溪龙乡"], "share": [0.25, 0.5]})
    cadres = pd.DataFrame({"id": [1, 2], "exit_month": pd.array([None, 7], dtype="Int64")})
    write_csv(frame, tmp_path / "series.csv")
    write_csv(cadres, tmp_path / "cadres.csv")
    write_study_csv(tmp_path / "trials.csv", frame)
    for name in ("series.csv", "cadres.csv", "trials.csv"):
        assert (tmp_path / name).read_bytes().startswith(b"\xef\xbb\xbf"), name
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "series.csv"), frame)
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "trials.csv"), frame)
    pd.testing.assert_frame_equal(read_run_table(tmp_path / "cadres.csv"), cadres)
    raw = (tmp_path / "series.csv").read_bytes()  # read from bytes, as the ensemble and the animation read
    pd.testing.assert_frame_equal(pd.read_csv(io.BytesIO(raw)), frame)
    pd.testing.assert_frame_equal(pd.read_csv(io.StringIO(raw.decode("utf-8"))), frame)


def test_workbook_cells_carry_formats_dates_filters_and_frozen_headers(tmp_path):
    import openpyxl
    import pandas as pd

    from sim.output.workbook import write_workbook

    series = pd.DataFrame(
        {
            "month": [0, 1, 2],
            "year": [2021.0, 2021.25, 2021.33],
            "date": ["start", "2021-04", "2021-05"],
            "headcount": [100, 101, 102],
            "backbone_share": [0.5, 0.7443, 0.75],
            "cum_mentor_hours": [0.0, 335099.1759, 335200.0],
        }
    )
    cadres = pd.DataFrame({"id": [0, 1], "hire_month": [-23, 2], "exit_month": pd.array([None, 14], dtype="Int64")})
    parameters = {"run": {"name": "我县", "start_year": 2021, "start_month": 4}, "pairing": {"form": "team"}}
    summary = {"backbone_share": 0.7443, "mentor_hours": 335099.1759, "median_months_to_competence": 27.4}
    path = write_workbook(
        tmp_path / "r.xlsx", {"series": series, "cadres": cadres}, summary, {}, [("a", "b")], parameters, "zh"
    )
    book = openpyxl.load_workbook(path)
    for ws in book.worksheets:
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref, ws.title
        assert all(ws.column_dimensions[c].width >= 6 for c in "AB"), ws.title
    ws = book["月度序列"]
    assert [c.value for c in ws[1]] == ["年月", "在岗人数", "骨干占比", "累计导师时数"]
    assert [ws.cell(r, 1).value for r in (2, 3)] == ["起始前", "2021-04"]
    share, hours = ws.cell(3, 3), ws.cell(3, 4)
    assert share.value == 0.7443 and share.number_format == "0.0%"
    assert hours.value == 335099.1759 and hours.number_format == "#,##0"
    ws = book["干部"]
    assert [c.value for c in ws[1]] == ["编号", "入职年月", "离岗年月"]
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=2)] == [
        [0, "2019-04", None],
        [1, "2021-05", "2022-05"],
    ]
    figures = {row[4].value: row[1] for row in book["主要指标"].iter_rows(min_row=2)}
    assert figures["backbone_share"].number_format == "0.0%"
    assert figures["mentor_hours"].number_format == "#,##0"
    assert figures["median_months_to_competence"].number_format == "0"
    parameters_sheet = book["场景参数"]
    assert [c.value for c in parameters_sheet[1]] == ["参数", "数值", "单位", "代码"]
    rows = {row[3].value: [c.value for c in row] for row in parameters_sheet.iter_rows(min_row=2)}
    assert rows["pairing.form"][1] == "小团队（多对多）" and rows["run.start_year"][0] == "模拟开始的年份"


def test_the_width_of_a_column_counts_chinese_twice():
    from sim.output.sheet import column_width, text_width

    assert text_width("骨干ab") == 6
    assert column_width("x", ["一二三四五六七八九十"]) > column_width("x", ["abcdefghij"])
    assert column_width("x", [0.7443], "share") == column_width("x", ["74.4%"])


def test_a_comparison_workbook_formats_each_row_by_its_outcome(tmp_path):
    import openpyxl
    import pandas as pd

    from sim.output.sheet import write_study_workbook

    table = pd.DataFrame(
        {
            "outcome": ["backbone_share", "mentor_hours"],
            "label": ["骨干占比（%）", "导师投入时数（小时）"],
            "variant": ["a", "a"],
            "n": [30, 30],
            "mean": [0.7443, 335099.1759],
            "ci_low": [0.70, 330000.0],
        }
    )
    series = pd.DataFrame({"variant": ["a"], "month": [1], "year": [2021 + 4 / 12], "series": ["cum_backbones"]})
    runs = pd.DataFrame({"variant": ["a"], "seed": [5514512092502656379], "backbone_share": [0.5]})
    path = write_study_workbook(tmp_path / "results.xlsx", {"table": table, "series": series, "runs": runs}, "zh")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["各方案结果", "月度序列", "各次运行"]
    ws = book["各方案结果"]
    assert [c.value for c in ws[1]] == ["指标代码", "指标", "方案", "次数", "均值", "95%区间下限"]
    assert (
        ws["E2"].number_format == "0.0%" and ws["E3"].number_format == "#,##0" and ws["D2"].number_format == "General"
    )
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:F3"
    assert [c.value for c in book["月度序列"][2]] == ["a", "2021-04", "累计成长为骨干"]
    runs_sheet = book["各次运行"]
    assert [c.value for c in runs_sheet[1]] == ["方案", "随机种子", "骨干占比"]
    assert runs_sheet["B2"].value == "5514512092502656379" and runs_sheet["C2"].number_format == "0.0%"
    assert not list(tmp_path.glob(".*.tmp"))


def test_every_column_of_a_run_has_a_chinese_header(tiny):
    from sim.model.run import simulate
    from sim.output.columns import column_label
    from sim.studies.run.inputs import RunNotes
    from sim.studies.run.results import _tables

    tables = _tables(simulate(tiny, 1), RunNotes())
    missing = [f"{name}.{c}" for name, f in tables.items() if f is not None for c in f.columns if column_label(c) == c]
    assert not missing, f"a header for each in sim/words/columns.toml (h_<column>): {missing}"

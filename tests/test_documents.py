"""report.html and report.docx beside report.md; workbook formats; CSVs with a BOM read back equal."""

from __future__ import annotations

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
    assert "<strong>不开展</strong>" in page and "<th style=\"text-align:right\">数值</th>" in page


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

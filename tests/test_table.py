"""The one table renderer (sim/output/table.py): Markdown, the terminal and a workbook sheet from one Table."""

import io

import openpyxl
from rich.console import Console

from sim.output.numbers import number
from sim.output.table import Column, Table


def _table():
    columns = [Column("指标"), Column("数值", align="right", format=number), Column("含义")]
    return Table("主要指标", columns, [("结对数", 1234.0, "a | b"), ("骨干", float("nan"), None)])


def test_markdown_formats_raw_values_and_escapes_pipes():
    assert _table().markdown() == [
        "| 指标 | 数值 | 含义 |",
        "|---|--:|---|",
        "| 结对数 | 1,234 | a \\| b |",
        "| 骨干 | n/a |  |",
    ]


def test_terminal_aligns_wide_characters_and_never_reads_markup():
    console = Console(file=io.StringIO(), width=80, color_system=None)
    Table("t", [Column("名称"), Column("n", align="right")], [("[bold]x[/]", "1"), ("中文字", "22")]).print(console)
    lines = console.file.getvalue().splitlines()
    assert lines[1].startswith("  [bold]x[/]") and lines[1].endswith(" 1") and lines[2].endswith("22")
    assert len({len(line.rstrip()) + sum(1 for ch in line if ord(ch) > 0x2E80) for line in lines[1:]}) == 1


def test_a_sheet_keeps_raw_values(tmp_path):
    from xlsxwriter import Workbook

    book = Workbook(str(tmp_path / "t.xlsx"))
    _table().sheet(book, book.add_format({"bold": True}))
    book.close()
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx", read_only=True)["主要指标"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows == [("指标", "数值", "含义"), ("结对数", 1234, "a | b"), ("骨干", None, None)]

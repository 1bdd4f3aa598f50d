"""One table, three renderings: Markdown (a report), the terminal (rich) and a workbook sheet.

A :class:`Table` is a title, its columns (header words and alignment, already in the reader's
language) and its rows. A cell is either text already formatted, or a raw value that the column's
``format`` turns into text for Markdown and the terminal; a workbook sheet keeps the raw value (a
number stays a number a spreadsheet can sum). Example::

    from sim.output.numbers import number
    from sim.output.table import Column, Table

    table = Table(
        "主要指标",
        [Column("指标"), Column("数值", align="right", format=number)],
        [("结对数", 1234.0), ("骨干", 56.0)],
    )
    table.markdown()          # ["| 指标 | 数值 |", "|---|--:|", "| 结对数 | 1,234 |", "| 骨干 | 56 |"]
    table.print(console)      # aligned columns on a terminal, wide characters counted as two
    table.sheet(book, bold)   # a sheet named 主要指标 (more sheets if the rows outgrow one), bold header

The title names the sheet; Markdown and the terminal leave headings to the page that holds the
table. Cells are escaped for where they go (``|`` in Markdown, rich markup on the terminal).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from rich.console import Console
    from xlsxwriter import Workbook  # type: ignore[import-untyped]
    from xlsxwriter.format import Format  # type: ignore[import-untyped]

_MARKDOWN_RULE = {"left": "---", "right": "--:"}


@dataclass(frozen=True)
class Column:
    """A column: its header's words, its alignment, and how a raw value becomes text (default ``str``)."""

    header: str
    align: Literal["left", "right"] = "left"
    format: Callable[[Any], str] | None = None


@dataclass(frozen=True)
class Table:
    """Rows under headers, rendered by :meth:`markdown`, :meth:`print` and :meth:`sheet`."""

    title: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Any]] = field(default_factory=list)

    @property
    def headers(self) -> list[str]:
        """The columns' header words."""
        return [c.header for c in self.columns]

    def texts(self) -> list[list[str]]:
        """Every cell as text: the column's ``format`` of a raw value, text as it is, None as ""."""
        return [
            [
                "" if cell is None else (c.format(cell) if c.format else cell if isinstance(cell, str) else str(cell))
                for c, cell in zip(self.columns, row, strict=True)
            ]
            for row in self.rows
        ]

    def markdown(self) -> list[str]:
        """The table's Markdown lines: header, rule (``--:`` for a right-aligned column), rows."""
        lines = [
            "| " + " | ".join(self.headers) + " |",
            "|" + "".join(_MARKDOWN_RULE[c.align] + "|" for c in self.columns),
        ]
        return lines + ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in self.texts()]

    def print(self, console: Console, indent: int = 2) -> None:
        """Print the table on ``console``: aligned columns, bold headers, cells never read as markup."""
        from rich.markup import escape
        from rich.padding import Padding
        from rich.table import Table as RichTable

        table = RichTable(box=None, show_edge=False, pad_edge=False, padding=(0, 2, 0, 0), header_style="bold")
        for c in self.columns:
            table.add_column(c.header, justify=c.align, overflow="fold")
        for row in self.texts():
            table.add_row(*(escape(cell) for cell in row))
        console.print(Padding(table, (0, 0, 0, indent), expand=False), highlight=False)

    def sheet(self, book: Workbook, bold: Format) -> None:
        """Write the table on a sheet of ``book`` named by its title: raw values, bold headers (``sim.output.workbook``)."""
        from sim.output.workbook import cell_value, write_sheet

        write_sheet(book, bold, self.title, self.headers, ([cell_value(v) for v in row] for row in self.rows))

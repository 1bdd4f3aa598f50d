"""The planner's scenario tools: `cadre-sim params` (every parameter, its default, range, unit, source)."""

from __future__ import annotations

from rich.table import Table

from sim.cli.app import app
from sim.terminal import out


@app.command()
def params() -> None:
    """List every scenario parameter with its default, range (or choices), unit and source."""
    from sim.params.schema import parameter_table

    table = Table(show_lines=False)
    table.add_column("parameter", no_wrap=True)
    for column in ("default", "range", "unit", "source"):
        table.add_column(column)
    for row in parameter_table():
        table.add_row(row["parameter"], str(row["default"]), row["range"] or row["choices"], row["unit"], row["source"])
    out.print(table)

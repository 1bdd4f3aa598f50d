"""The writers of a pool sizing: ``report.md`` (Chinese by default), ``pool_sizing.csv``, ``runs.csv``, the plot.

They read only the result (``sim.studies.pool.analysis.PoolSizing``).
"""

from __future__ import annotations

from pathlib import Path

from sim.model.pairing import FORMS
from sim.output.numbers import listing, number
from sim.output.study_files import write_csv, write_text
from sim.output.table import Column, Table
from sim.studies.pool.analysis import CALIBRATED, PoolSizing
from sim.words import Book

w = Book("pool")

PLOT = "pool_sizing.png"


def structure_label(structure: str, lang: str) -> str:
    """A structure's name: the fit's own code, or "the calibrated county" for the scenario alone."""
    return w("calibrated", lang) if structure == CALIBRATED else structure


def _range_text(values: tuple[int, ...]) -> str:
    return f"{values[0]}" if len(values) == 1 else f"{values[0]}-{values[-1]}"


def _cell(row: dict) -> str:
    text = number(row["median"], 0)
    return text if row["low"] == row["high"] else f"{text} ({number(row['low'], 0)}-{number(row['high'], 0)})"


def structure_lines(result: PoolSizing, structure: str, lang: str) -> list[str]:
    """One structure's section: the table by year (median and range of each K) and the one-size pool."""
    table = result.table[result.table["structure"] == structure]
    runs = int(table["runs"].max()) if len(table) else 0
    columns = [Column(w("c_year", lang)), Column(w("c_arrivals", lang), align="right"),
               Column(w("c_pool_in_run", lang), align="right")]  # fmt: skip
    columns += [Column(w("c_wait", lang, k=k), align="right") for k in result.waits]
    rows = []
    for year, group in table.groupby("year", sort=True):
        by_wait = {int(r["wait"]): r for r in group.to_dict("records")}
        first = next(iter(by_wait.values()))
        rows.append((str(year), number(first["arrivals"], 0), number(first["pool_in_run"], 0),
                     *[_cell(by_wait[k]) for k in result.waits]))  # fmt: skip
    lines = [w("h_structure", lang, structure=structure_label(structure, lang)), ""]
    lines += [w("structure_runs", lang, runs=runs), "", *Table("", columns, rows).markdown(), ""]
    runs_of = result.runs[result.runs["structure"] == structure]
    for k in result.waits:
        per_run = runs_of.groupby(["set", "replicate"])[f"one_size_k{k}"].first()
        if len(per_run):
            lines.append(
                f"- {w('largest', lang, k=k, mentors=number(per_run.median(), 0), high=number(per_run.max(), 0))}"
            )
    return [*lines, ""]


def pool_report(result: PoolSizing, lang: str = "zh", plot: str | None = PLOT) -> str:
    """The report (Markdown) of a pool sizing in ``lang``."""
    waits = listing([str(k) for k in result.waits], lang)
    form = FORMS.label(result.form, lang) if result.form in FORMS else result.form
    lines = [w("title", lang, name=result.scenario), "", w("question", lang, waits=waits), ""]
    lines += [w("how", lang, runs=result.sets * result.replicates, sets=result.sets, replicates=result.replicates,
                form=form, per_mentor=_range_text(result.mentees_per_mentor),
                per_mentee=_range_text(result.mentors_per_mentee)), ""]  # fmt: skip
    lines += [w("ensemble", lang, fit=result.ensemble) if result.ensemble else w("no_ensemble", lang), ""]
    if result.failed:
        lines += [w("failed", lang, n=len(result.failed), errors=listing(sorted(set(result.failed)), lang)), ""]
    for structure in result.structures:
        lines += structure_lines(result, structure, lang)
    lines += [w("notes", lang), ""]
    if plot:
        lines += [f"![{Path(plot).stem}]({plot})", ""]
    return "\n".join([*lines, w("h_files", lang), "", w("files", lang), ""])


def plot_pool(result: PoolSizing, path: Path, lang: str = "zh") -> Path | None:
    """Mentors needed each year for each K (median line, lowest to highest shaded), a panel a structure."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from sim.output.plotting import figure_language

    if result.table.empty:
        return None
    lang = figure_language(lang)
    fig, axes = plt.subplots(1, len(result.structures), figsize=(6.4 * len(result.structures), 4.0), squeeze=False)
    for ax, structure in zip(axes.flat, result.structures, strict=True):
        table = result.table[result.table["structure"] == structure]
        for i, k in enumerate(result.waits):
            rows = table[table["wait"] == k].sort_values("year")
            ax.plot(rows["year"], rows["median"], "-o", color=f"C{i}", markersize=3, label=w("plot_wait", lang, k=k))
            ax.fill_between(rows["year"], rows["low"], rows["high"], color=f"C{i}", alpha=0.15)
        first = table[table["wait"] == result.waits[0]].sort_values("year")
        ax.plot(first["year"], first["pool_in_run"], "--", color="grey", label=w("plot_pool", lang))
        ax.set_title(structure_label(structure, lang), fontsize=10)
        ax.set_ylabel(w("plot_y", lang))
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle(w("plot_title", lang, name=result.scenario), fontsize=10)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


def write_pool(result: PoolSizing, folder: Path, lang: str = "zh", plots: bool = True) -> Path:
    """Write the report, the tables and the plot into ``folder`` (which exists); returns the report's path."""
    write_csv(folder / "pool_sizing.csv", result.table)
    write_csv(folder / "runs.csv", result.runs)
    drawn = plot_pool(result, folder / PLOT, lang) if plots else None
    report = folder / "report.md"
    write_text(report, pool_report(result, lang, PLOT if drawn else None))
    return report

"""A comparison folder: tables, band plots and a report that says who wins, by how much, how sure.

    table.csv        mean and 95% t confidence interval per variant
    differences.csv  paired difference of each variant against the first one
    runs.csv         one row per run (variant, replicate, seed, outcomes, status)
    series.csv       main monthly series: mean and 95% band per variant and month
    plots/*.png      those series, one line with a band per variant
    failures.csv     runs that raised (if any), with seed and traceback
    report.md        in plain words: who wins on which figure, by how much, how sure

Written under a temporary name and renamed when complete (``sim.files.build_folder``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sim.explore.compare import CompareResult, difference_table, direction, paired, series_table, summary_table
from sim.explore.ensemble import EnsembleCompare
from sim.explore.stats import certainty_words, format_p
from sim.files import build_folder
from sim.model.outcomes import OUTCOMES
from sim.output.ensemble_report import write_ensemble
from sim.output.numbers import number
from sim.output.plotting import plt


def plot_series(table: pd.DataFrame, labels: list[str], folder: Path) -> list[Path]:
    """One PNG per series: the mean of each variant with its 95% band."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if table.empty:
        return written
    xcol = "year" if "year" in table.columns else "month"
    names = list(dict.fromkeys(table["series"]))
    for name in names:
        fig, ax = plt.subplots(figsize=(7, 4))
        for k, lab in enumerate(labels):
            g = table[(table["series"] == name) & (table["variant"] == lab)]
            if g.empty:
                continue
            ax.plot(g[xcol], g["mean"], color=f"C{k}", label=lab)
            ax.fill_between(g[xcol], g["low"], g["high"], color=f"C{k}", alpha=0.2, linewidth=0)
        ax.set_xlabel(xcol)
        ax.set_ylabel(name)
        ax.set_title(f"{name}: mean and 95% band over replicates")
        ax.grid(alpha=0.3)
        ax.legend()
        fig.tight_layout()
        path = folder / f"{name}.png"
        fig.savefig(path, dpi=90)
        plt.close(fig)
        written.append(path)
    return written


def _verdict(res: CompareResult, ref: str, lab: str, o: str) -> str:
    d = paired(res, ref, lab, o)
    unit, meaning = (OUTCOMES[o].unit, OUTCOMES[o].meaning) if o in OUTCOMES else ("", "")
    unit_s = f" {unit}" if unit and unit not in ("fraction",) else ""
    if d.n < 2 or d.mean != d.mean:
        return f"- **{o}**: cannot compare {lab} with {ref} (fewer than 2 replicates where both have a value)."
    rel = f", {d.rel:+.1%}" if d.rel == d.rel else ""
    stats_s = (
        f"95% CI {number(d.low)} to {number(d.high)}; paired t-test {format_p(d.t_p)}; "
        f"Wilcoxon {format_p(d.wilcoxon_p)}"
    )
    if d.mean == 0 and d.sd == 0:
        return f"- **{o}**: {lab} and {ref} give exactly the same result in every replicate."
    stats_s = f"{rel.lstrip(', ')}; {stats_s}" if rel else stats_s
    if unit in ("people", "pairs", "mentors", "hours"):
        more = "more" if d.mean > 0 else "fewer"
        line = f"- **{o}** ({meaning}): {lab} gives {number(abs(d.mean))} {more} {unit} than {ref} ({stats_s})"
    else:
        more = "higher" if d.mean > 0 else "lower"
        line = f"- **{o}** ({meaning}): {lab} is {number(abs(d.mean))}{unit_s} {more} than {ref} ({stats_s})"
    way = direction(o)
    if not d.significant:
        line += f": no clear difference, {certainty_words(d.t_p)}."
    elif way == 0:
        line += f"; {certainty_words(d.t_p)} of the difference (neither direction is better in itself)."
    else:
        winner = lab if (d.mean > 0) == (way > 0) else ref
        line += f": **{winner} is better**, {certainty_words(d.t_p)}."
    if d.t_p == d.t_p and d.wilcoxon_p == d.wilcoxon_p and (d.t_p < 0.05) != (d.wilcoxon_p < 0.05):
        line += " (The two tests disagree at the 5% level: treat this one with care.)"
    return line


def _cell(t: pd.DataFrame, row: str, column: str) -> str:
    return number(float(t.at[row, column]))  # type: ignore[arg-type]  # a float cell of the summary table


def report_markdown(
    res: CompareResult, table: pd.DataFrame, diffs: pd.DataFrame, ensemble: list[str] | None = None
) -> str:
    """The comparison in plain words (Markdown); ``ensemble``: the section on the plausible sets, if any."""
    R = len(res.seeds)
    ref = res.labels[0]
    lines = [
        f"# Comparison: {', '.join(res.labels)}",
        "",
        f"{len(res.labels)} variants x {R} replicates; replicate i of every variant used the same seed "
        f"(common random numbers, root seed {res.root_seed}), so differences come from the policy, not luck. "
        f"Reference: **{ref}**. Intervals are 95% t intervals; tests are paired (t-test and Wilcoxon "
        f"signed-rank).",
        "",
        *(ensemble or []),
    ]
    if res.failures:
        lines += [
            f"**{len(res.failures)} run(s) failed** (see failures.csv); their replicates are left out of the "
            "paired comparisons.",
            "",
        ]

    # Winner per figure, with the runner-up gap.
    lines += [
        "## Who wins on which figure",
        "",
        "| figure | best | mean (95% CI) | runner-up | gap (95% CI) | how sure |",
        "|---|---|---|---|---|---|",
    ]
    wins: dict[str, int] = {lab: 0 for lab in res.labels}
    sure_wins: dict[str, int] = {lab: 0 for lab in res.labels}
    for o in res.outcomes:
        way = direction(o)
        t = table[table["outcome"] == o].set_index("variant")
        if way == 0 or len(res.labels) < 2 or t["mean"].isna().all():
            continue
        ranked = t["mean"].dropna().sort_values(ascending=way < 0)
        if len(ranked) < 2:
            continue
        best, second = ranked.index[0], ranked.index[1]
        d = paired(res, second, best, o)
        sure = certainty_words(d.t_p) if d.significant else "not sure (could be luck)"
        if d.n >= 2 and d.mean == 0 and d.sd == 0:
            sure = "tie (identical results)"
        if not (d.mean == 0 and d.sd == 0):
            wins[best] += 1
        if d.significant:
            sure_wins[best] += 1
        lines.append(
            f"| {o} | {best} | {number(t.loc[best, 'mean'])} ({number(t.loc[best, 'ci_low'])} to "
            f"{number(t.loc[best, 'ci_high'])}) | {second} | {number(d.mean)} ({number(d.low)} to {number(d.high)}; "
            f"{format_p(d.t_p)}) | {sure} |"
        )
    lines.append("")
    scored = sum(wins.values())
    if scored:
        parts = [
            f"{lab} is best on {wins[lab]} of {scored} figures ({sure_wins[lab]} of them clearly)"
            for lab in sorted(res.labels, key=lambda x: -wins[x])
            if wins[lab]
        ]
        lines += [
            "In short: " + "; ".join(parts) + '. "Clearly" means the 95% interval of the gap to the '
            "runner-up excludes zero.",
            "",
        ]

    for lab in res.labels[1:]:
        lines += [f"## {lab} against {ref}", ""]
        lines += [_verdict(res, ref, lab, o) for o in res.outcomes]
        lines.append("")

    lines += [
        "## Mean and 95% CI per variant, and where the runs fall",
        "",
        "Each cell: the mean (its 95% interval) and, below, the range of the middle 80% of the runs "
        "(10% to 90%): the interval says how well the mean is known, the range how much one run varies.",
        "",
        "| figure | " + " | ".join(res.labels) + " |",
        "|---|" + "---|" * len(res.labels),
    ]
    for o in res.outcomes:
        t = table[table["outcome"] == o].set_index("variant")
        cells = [
            f"{_cell(t, lab, 'mean')} ({_cell(t, lab, 'ci_low')} to {_cell(t, lab, 'ci_high')})"
            f"<br>runs {_cell(t, lab, 'p10')} to {_cell(t, lab, 'p90')}"
            for lab in res.labels
        ]
        lines.append(f"| {o} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Files: table.csv, differences.csv, runs.csv, series.csv, plots/*.png"
        + (", failures.csv" if res.failures else "")
        + ".",
        "",
    ]
    return "\n".join(lines)


def write_compare(
    res: CompareResult, out: Path, *, plots: bool = True, ensemble: EnsembleCompare | None = None
) -> Path:
    """Write the comparison folder; built under a temporary name and renamed when complete.

    With ``ensemble`` (a comparison over the plausible sets of a fit), ``res`` is its pooled
    comparison, and the folder also gets ``robustness.csv``, ``by_set.csv``, ``plots/ensemble.png``
    and a report section on which rankings hold across the sets.

    Raises:
        FileExistsError: ``out`` exists (results are never overwritten).
    """
    out = Path(out)
    if out.exists():
        raise FileExistsError(f"{out} already exists; results are never overwritten (choose another --out)")

    def fill(folder: Path) -> None:
        table = summary_table(res)
        diffs = difference_table(res)
        series = series_table(res)
        res.runs.to_csv(folder / "runs.csv", index=False)
        table.to_csv(folder / "table.csv", index=False)
        diffs.to_csv(folder / "differences.csv", index=False)
        series.to_csv(folder / "series.csv", index=False)
        if res.failures:
            pd.DataFrame(res.failures).to_csv(folder / "failures.csv", index=False)
        if plots:
            plot_series(series, res.labels, folder / "plots")
        section = write_ensemble(ensemble, folder, plots=plots) if ensemble is not None else None
        (folder / "report.md").write_text(report_markdown(res, table, diffs, section), encoding="utf-8")

    return build_folder(out, fill)

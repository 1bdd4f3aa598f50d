"""The table "against the reported figures" of docs/calibration.md: `python scripts/against_reports.py`.

Runs each programme scenario with SEEDS replicate seeds (children of its ``run.seed``), reads each
figure at the calendar date or over the window its report gives, and rewrites the page's block
between the two ``against-reports`` markers (mean and 95% interval over the seeds). ``--print``
shows the table without writing. Nothing in the page's table is typed by hand.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim.files import atomic_write  # noqa: E402
from sim.model.calendar import step_of  # noqa: E402
from sim.model.run import RunResult, simulate  # noqa: E402
from sim.output.numbers import number, percent  # noqa: E402
from sim.params.scenario import load_scenario  # noqa: E402
from sim.runs.stats import mean_ci  # noqa: E402

SEEDS = 10
PAGE = ROOT / "docs" / "calibration.md"
START, END = "<!-- against-reports:start -->", "<!-- against-reports:end -->"


@dataclass(frozen=True)
class Figure:
    """One reported figure: where, what, the report's value, and how to read it from a run."""

    scenario: str
    what: str
    reported: str
    read: Callable[[RunResult], float]
    digits: int = 0
    share: bool = False  # a fraction: shown as a percentage, its interval within 0-100%


def at(result: RunResult, column: str, year: int, month: int) -> float:
    """A series column at a calendar month (its last month if the run ends earlier)."""
    step = min(step_of(result.scenario.run, year, month), len(result.series) - 1)
    return float(result.series[column].iloc[step])


def leader_pairs_at_start(result: RunResult) -> float:
    """Selected graduates paired in the first month (with county leaders mentoring, only leaders take them).

    Read by the mentee's kind: the mentor's rank in the cadres table is the rank at the run's end, so
    counting mentors at county rank also counted pool mentors promoted later.
    """
    c, p = result.cadres.set_index("id"), result.pairs
    first = p[p.start_month == 1]
    return float((c.loc[first.mentee, "kind"].to_numpy() == "selected_graduate").sum())


def seconded_reaching_county(result: RunResult) -> float:
    """Of the seconded cadres, the share at county-division level at the end."""
    s = result.breakdown["seconded_later"]
    return s["reached_county_level"] / s["seconded"] if s["seconded"] else float("nan")


FIGURES = [
    Figure("anji", "young cadres paired in the pilot township, Dec 2004", "11 (with 4 mentors)", lambda r: at(r, "mentees", 2004, 12)),
    Figure("anji", "pairs formed, Apr 2004 - Dec 2020", "3800多 (3,800-3,899)", lambda r: at(r, "cum_pairs", 2020, 12)),
    Figure("anji", "mentored young cadres grown into backbones, 2004-2020", "2600余 (2,600-2,699)", lambda r: at(r, "cum_backbones_mentored", 2020, 12)),
    Figure("anji", "mentors in the pool, May 2025", "563", lambda r: at(r, "pool_size", 2025, 5)),
    Figure("anji", "mentees, May 2025", "788", lambda r: at(r, "mentees", 2025, 5)),
    Figure("anji", "mentees per mentor, May 2025", "1.40", lambda r: at(r, "mentees_per_pool_mentor", 2025, 5), 2),
    Figure("xianan", "pairs, Dec 2020", "233", lambda r: at(r, "active_pairs", 2020, 12)),
    Figure("xianan", "selected graduates paired with county leaders, Dec 2020", "27 (with 19 leaders)", leader_pairs_at_start),
    Figure("city", "new Party members introduced by their mentor", "over 80%", lambda r: r.summary["introducer_share"], share=True),
    Figure("city", "seconded young cadres later at county-division level", "one fifth", seconded_reaching_county, share=True),
]  # fmt: skip


def model_values(seeds: int = SEEDS) -> list[list[float]]:
    """Each figure's value in each seed, in the order of FIGURES."""
    runs: dict[str, list[RunResult]] = {}
    for name in dict.fromkeys(f.scenario for f in FIGURES):
        sc = load_scenario(name)
        children = np.random.SeedSequence(sc.run.seed).spawn(seeds)
        runs[name] = [simulate(sc, child) for child in children]
        print(f"{name}: {seeds} runs", file=sys.stderr)
    return [[f.read(r) for r in runs[f.scenario]] for f in FIGURES]


def table(values: list[list[float]], seeds: int) -> str:
    """The Markdown block (markers included)."""
    lines = [
        START,
        f"Made by `python scripts/against_reports.py` ({seeds} seeds a scenario: children of its `run.seed`; mean and 95% interval).",
        "",
        "| scenario | figure | reported | model |",
        "|---|---|---|---|",
    ]
    for f, vals in zip(FIGURES, values, strict=True):
        ci = mean_ci(np.array(vals, dtype=float))
        if f.share:
            low, high = max(ci.low, 0.0), min(ci.high, 1.0)
            shown = f"{percent(ci.mean)} ({percent(low)} to {percent(high)})"
        else:
            shown = f"{number(ci.mean, f.digits)} ({number(ci.low, f.digits)} to {number(ci.high, f.digits)})"
        lines.append(f"| `{f.scenario}` | {f.what} | {f.reported} | {shown} |")
    lines.append(END)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Rewrite the page's block (or print it with ``--print``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--print", action="store_true", help="print the table, write nothing")
    parser.add_argument("--seeds", type=int, default=SEEDS)
    args = parser.parse_args(argv)
    block = table(model_values(args.seeds), args.seeds)
    if args.print:
        print(block)
        return 0
    text = PAGE.read_text(encoding="utf-8")
    if START not in text or END not in text:
        print(f"{PAGE}: no {START} ... {END} block", file=sys.stderr)
        return 1
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    atomic_write(PAGE, lambda tmp: tmp.write_text(head + block + tail, encoding="utf-8"))
    print(f"updated {PAGE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

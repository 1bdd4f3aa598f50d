"""A short Markdown report of one run, in words a planner reads."""

from __future__ import annotations

import math
from pathlib import Path

from sim.results import summary_lines
from sim.run import RunResult


def _fmt(value: float, digits: int = 0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:,.{digits}f}"


def run_report(result: RunResult, plots: list[Path]) -> str:
    s, sc, series = result.summary, result.scenario, result.series
    first, last = series.iloc[0], series.iloc[-1]
    years = sc.run.years
    end_year = sc.run.start_year + years
    p = sc.pairing
    form = f"{p.form.replace('_', '-')} ({p.mentors_per_mentee} mentor(s) : {p.mentees_per_mentor} mentee(s))"
    lines = [
        f"# {sc.name}: {sc.run.start_year}-{end_year}",
        "",
        sc.run.description or "",
        "",
        f"Seed {result.seed}; {years} years, one step a month; "
        + (f"pairing {form}, matching rule `{p.matching}`, method mix `{sc.methods.mix}`."
           if p.enabled else "no mentoring (baseline)."),
        "",
        "## What happened",
        "",
        f"- Cadres in post went from {_fmt(first['headcount'])} to {_fmt(last['headcount'])}; "
        f"{_fmt(series['intake'].sum())} young cadres were recruited.",
        f"- {_fmt(s['pairs_formed'])} mentor-mentee pairs were formed; "
        f"{_fmt(s['backbones'])} cadres became backbones, {_fmt(s['backbones_mentored'])} of them after being mentored.",
        f"- Recruits reached backbone level in a median of {_fmt(s['median_months_to_competence'])} months; "
        f"{_fmt(100 * s['competent_within_3y'] if s['competent_within_3y'] == s['competent_within_3y'] else float('nan'))}% "
        "of recruits got there within three years.",
        f"- The mentor pool went from {_fmt(first['pool_size'])} to {_fmt(last['pool_size'])} "
        f"({_fmt(s['final_mentees_per_mentor'], 2)} paired mentees per mentor at the end); "
        f"{_fmt(s['pool_removals'])} mentors were taken out by review or the negative list.",
        f"- Teacher brings apprentice, apprentice becomes teacher: the lineage reached generation "
        f"{_fmt(s['deepest_generation'])}; each cadre who mentored produced "
        f"{_fmt(s['reproduction_number'], 2)} new mentors on average.",
        f"- Mentors gave {_fmt(s['mentor_hours'])} hours in all, "
        f"{_fmt(s['mentor_hours_per_backbone'])} hours per mentored backbone.",
        "",
        "## Headline figures",
        "",
        "```",
        *summary_lines(s),
        "```",
        "",
        "## Plots",
        "",
        *[f"![{path.stem}]({path.as_posix()})" for path in plots],
        "",
        "Files: `series.csv` (monthly), `events.csv`, `pairs.csv`, `cadres.csv`, `summary.json`, "
        "`scenario.toml` (re-runnable).",
        "",
    ]
    return "\n".join(lines)

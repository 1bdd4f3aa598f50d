"""A short Markdown report of one run, in words a planner reads."""

from __future__ import annotations

from pathlib import Path

from sim.model.outcomes import OUTCOMES
from sim.model.run import RunResult
from sim.output.numbers import number, percent


def summary_lines(summary: dict[str, float]) -> list[str]:
    """Headline figures as aligned text lines, with units."""
    width = max(len(k) for k in OUTCOMES)
    return [f"{key:<{width}}  {number(summary.get(key, float('nan'))):>10}  {o.unit}" for key, o in OUTCOMES.items()]


def run_report(result: RunResult, plots: list[Path]) -> str:
    """The report of one run (Markdown), with its plots."""
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
        + (
            f"pairing {form}, matching rule `{p.matching}`, method mix `{sc.methods.mix}`."
            if p.enabled
            else "no mentoring (baseline)."
        ),
        "",
        "## What happened",
        "",
        f"- Cadres in post went from {number(first['headcount'], 0)} to {number(last['headcount'], 0)}; "
        f"{number(series['intake'].sum(), 0)} young cadres were recruited.",
        f"- {number(s['pairs_formed'], 0)} mentor-mentee pairs were formed; "
        f"{number(s['backbones'], 0)} cadres became backbones, {number(s['backbones_mentored'], 0)} of them after being mentored.",
        f"- Recruits reached backbone level in a median of {number(s['median_months_to_competence'], 0)} months; "
        f"{percent(s['competent_within_3y'])} of recruits got there within three years.",
        f"- The mentor pool went from {number(first['pool_size'], 0)} to {number(last['pool_size'], 0)} "
        f"({number(s['final_mentees_per_mentor'], 2)} paired mentees per mentor at the end); "
        f"{number(s['pool_removals'], 0)} mentors were taken out by review or the negative list.",
        f"- Teacher brings apprentice, apprentice becomes teacher: the lineage reached generation "
        f"{number(s['deepest_generation'], 0)}; each cadre who mentored produced "
        f"{number(s['reproduction_number'], 2)} new mentors on average.",
        f"- Mentors gave {number(s['mentor_hours'], 0)} hours in all, "
        f"{number(s['mentor_hours_per_backbone'], 0)} hours per mentored backbone.",
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

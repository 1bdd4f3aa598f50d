"""A short Markdown report of one run, in words a planner reads."""

from __future__ import annotations

from pathlib import Path

from sim.model.calendar import label
from sim.model.careers import RANKS
from sim.model.kinds import KINDS
from sim.model.outcomes import OUTCOMES
from sim.model.run import RunResult
from sim.output.numbers import number, percent


def summary_lines(summary: dict[str, float]) -> list[str]:
    """Headline figures as aligned text lines, with units."""
    width = max(len(k) for k in OUTCOMES)
    return [f"{key:<{width}}  {number(summary.get(key, float('nan'))):>10}  {o.unit}" for key, o in OUTCOMES.items()]


def _programme_lines(s: dict[str, float], b: dict[str, dict[str, float]]) -> list[str]:
    """What the programme mechanisms produced, for those a scenario has on."""
    kinds = b.get("mentees_by_kind", {})
    lines = []
    if kinds:
        parts = [f"{number(v, 0)} {KINDS[k].en}" for k, v in kinds.items() if v > 0]
        lines.append(
            f"- At the end {number(s['mentees'], 0)} people had a mentor ({', '.join(parts) or 'none'}); "
            f"{number(s['idle_mentors'], 0)} pool members had no mentee; backbones and mentors were "
            f"{percent(s['backbone_share'])} of the establishment's cadres."
        )
    ranks = b.get("promotions_by_rank", {})
    if s.get("promotions", 0) > 0:
        parts = [f"{number(v, 0)} to {RANKS[r].en}" for r, v in ranks.items()]
        lines.append(f"- {number(s['promotions'], 0)} promotions: {', '.join(parts)}.")
    later = b.get("seconded_later", {})
    if s.get("secondments", 0) > 0 and later:
        lines.append(
            f"- {number(s['secondments'], 0)} secondments; of {number(later['seconded'], 0)} cadres seconded, "
            f"{number(later['reached_township_leadership'], 0)} reached a township leadership team and "
            f"{number(later['reached_county_level'], 0)} county-division level."
        )
    if s.get("introducer_share") == s.get("introducer_share"):  # not n/a
        lines.append(f"- {percent(s['introducer_share'])} of new Party members had their mentor as introducer.")
    f = b.get("fecundity", {})
    if f.get("mentors_with_complete_careers", 0) > 0:
        rho = f.get("rho", float("nan"))
        lines.append(
            f"- Fecundity (mentors whose careers ended, {number(f['mentors_with_complete_careers'], 0)}): "
            f"{number(f['mean'], 1)} mentees in a career on average (median {number(f['median'], 0)}, "
            f"90th percentile {number(f['p90'], 0)}, most {number(f['max'], 0)}); "
            + (
                f"rank correlation of a mentor's fecundity with their protégés' own: {number(rho, 2)} "
                f"({number(f['pairs_for_rho'], 0)} pairs)."
                if rho == rho
                else "too few protégés with complete careers to correlate."
            )
        )
    if s.get("collectives_turned_around", 0) > 0:
        lines.append(
            f"- {number(s['collectives_turned_around'], 0)} weak village Party organisations were turned around."
        )
    return lines


def run_report(result: RunResult, plots: list[Path]) -> str:
    """The report of one run (Markdown), with its plots."""
    s, sc, series = result.summary, result.scenario, result.series
    first, last = series.iloc[0], series.iloc[-1]
    run = sc.run
    span = f"{label(run, 1)} to {label(run, run.months)}"
    b = result.breakdown
    p = sc.pairing
    form = f"{p.form.replace('_', '-')} ({p.mentors_per_mentee} mentor(s) : {p.mentees_per_mentor} mentee(s))"
    lines = [
        f"# {sc.name}: {span}",
        "",
        sc.run.description or "",
        "",
        f"Seed {result.seed}; {run.months} months, one step a month; "
        + (
            f"pairing {form}, matching rule `{p.matching}`, method mix `{sc.methods.mix}`."
            if p.enabled
            else "no mentoring (baseline)."
        ),
        "",
        "## What happened",
        "",
        f"- Cadres in post went from {number(first['headcount'], 0)} to {number(last['headcount'], 0)}; "
        f"{number(series['intake'].sum(), 0)} newcomers arrived (recruits and, where the scenario has them, village mentees).",
        f"- {number(s['pairs_formed'], 0)} mentor-mentee pairs were formed; "
        f"{number(s['backbones'], 0)} cadres became backbones, {number(s['backbones_mentored'], 0)} of them after being mentored.",
        f"- Recruits reached backbone level in a median of {number(s['median_months_to_competence'], 0)} months; "
        f"{percent(s['competent_within_3y'])} of recruits got there within three years.",
        f"- The mentor pool went from {number(first['pool_size'], 0)} to {number(last['pool_size'], 0)} "
        f"({number(s['mentees_per_mentor'], 2)} paired mentees per mentor at the end); "
        f"{number(s['pool_removals'], 0)} mentors were taken out by review or the negative list.",
        f"- Teacher brings apprentice, apprentice becomes teacher: the lineage reached generation "
        f"{number(s['deepest_generation'], 0)}; each cadre who mentored produced "
        f"{number(s['reproduction_number'], 2)} new mentors on average.",
        f"- Mentors gave {number(s['mentor_hours'], 0)} hours in all, "
        f"{number(s['mentor_hours_per_backbone'], 0)} hours per mentored backbone.",
        *_programme_lines(s, b),
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

"""One run's report (``report.md``) in the words a planner reads: Chinese by default, English on request.

It says what was run (the calendar span, the pairing, a variant's county and what it changes, the
command line's overrides, the roster the county started from), what happened, and the headline
figures with units and meanings, leaving out what does not apply (no pool without a programme, no
ranks without careers). ``RunNotes`` (``sim.studies.run.inputs``) carries what the results alone do
not know: the overrides, the variant's base, the roster.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from sim.model.calendar import date_of
from sim.model.careers import RANKS
from sim.model.kinds import KINDS
from sim.model.matching import RULES
from sim.model.methods import MIXES
from sim.model.outcome_words import meaning, unit_label
from sim.model.outcomes import OUTCOMES
from sim.model.pairing import FORMS
from sim.model.run import RunResult
from sim.output.numbers import listing, number, percent, quantity, span_text
from sim.output.origins import borrowed_lines
from sim.output.samples import assumption_lines, sampled, with_n
from sim.output.table import Column, Table
from sim.params.scenario import scenario_description
from sim.params.schema import Scenario
from sim.studies.run.inputs import Change, RunNotes
from sim.words import Book

w = Book("run")  # the words of a run's report, plots, workbook and terminal lines

# outcomes that say something only when the scenario has the mechanism behind them
_NEEDS_PAIRING = {
    "pairs_formed", "backbones_mentored", "mentor_hours", "mentor_hours_per_backbone", "deepest_generation",
    "reproduction_number", "final_pool_size", "mentees", "mentees_per_mentor", "idle_mentors", "pool_removals",
    "introducer_share", "pool_renewal", "own_work_hours_given_up", "mentors_burnt_out", "promotion_ratio_mentored",
    "waiting_end", "waiting_cadre_months", "longest_wait_months", "pool_needed",
}  # fmt: skip


def applies(code: str, scenario: Scenario, summary: dict[str, float]) -> bool:
    """Whether outcome ``code`` says anything about ``scenario`` (no pool without a programme, ...)."""
    if code in _NEEDS_PAIRING and not scenario.pairing.enabled:
        return False
    value = summary.get(code, float("nan"))
    if code == "pool_removals":
        return scenario.pool.review_enabled or scenario.pool.negative_list_rate > 0 or value > 0
    if code == "promotions":
        return scenario.careers.enabled
    if code == "secondments":
        return scenario.secondment.per_year > 0
    if code == "introducer_share":
        return scenario.party.join_rate > 0 and not math.isnan(value)
    if code == "capability_kept_5y":
        return scenario.programme.stop_year > 0
    if code == "collectives_turned_around":
        return scenario.collectives.initial > 0 or scenario.collectives.new_per_year > 0
    return True


def figure_rows(result: RunResult, lang: str = "zh") -> list[tuple[str, str, str]]:
    """The headline figures that apply: (label, value with unit, meaning), in ``OUTCOMES`` order."""
    s, sc, n = result.summary, result.scenario, result.breakdown.get("samples", {})

    def value(code: str, unit: str) -> str:  # a median or share with the people it rests on
        if code in n:
            return sampled(s.get(code), n[code], unit, lang, unit_label(unit, lang))
        return quantity(s.get(code), unit, lang, unit_label(unit, lang))

    return [
        (o.label(lang), value(code, o.unit), meaning(code, lang))
        for code, o in OUTCOMES.items()
        if applies(code, sc, s)
    ]


def figure_table(result: RunResult, lang: str = "zh") -> Table:
    """The headline figures that apply as a table: figure, value with unit (right-aligned), meaning."""
    columns = [Column(w("c_figure", lang)), Column(w("c_value", lang), align="right"), Column(w("c_meaning", lang))]
    return Table(w("s_summary", lang), columns, figure_rows(result, lang))


def calendar_span(scenario: Scenario, lang: str = "zh") -> str:
    """The run's real calendar span, first month to last: 2004年4月—2025年5月."""
    run = scenario.run
    return span_text(date_of(run, 1), date_of(run, run.months), lang)


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return f"{v:,}" if abs(v) >= 10_000 else f"{v}"  # years stay 2025
    if isinstance(v, float):
        return number(v)
    return f"{v}"


def _change_table(changes: tuple[Change, ...], lang: str) -> list[str]:
    columns = [
        Column(w("c_parameter", lang)),
        Column(w("c_was", lang), format=_value),
        Column(w("c_this_run", lang), format=_value),
    ]
    rows = [(f"`{key}`", before, after) for key, before, after in changes]
    return [*Table(w("a_override", lang), columns, rows).markdown(), ""]


def _setting_lines(result: RunResult, notes: RunNotes, lang: str) -> list[str]:
    sc, run, p = result.scenario, result.scenario.run, result.scenario.pairing
    lines = [
        w("h_run", lang),
        "",
        w("run_line", lang, seed=result.seed, span=calendar_span(sc, lang), months=run.months),
    ]
    if p.enabled:
        pairing = w(
            "pairing", lang, form=FORMS.label(p.form, lang), mentees=p.mentees_per_mentor,
            mentors=p.mentors_per_mentee, rule=RULES.label(p.matching, lang), mix=MIXES.label(sc.methods.mix, lang),
        )  # fmt: skip
        lines += ["", pairing]
    else:
        lines += ["", w("no_pairing", lang)]
    if notes.based_on:
        key = "based_on" if notes.variant_changes else "based_on_none"
        lines += ["", w(key, lang, base=notes.based_on), ""]
        lines += _change_table(notes.variant_changes, lang) if notes.variant_changes else []
    lines += ["", w("overrides" if notes.overrides else "no_overrides", lang), ""]
    lines += _change_table(notes.overrides, lang) if notes.overrides else []
    if (r := notes.roster) is not None:
        lines += [
            w("roster", lang, file=r.file, rows=number(r.rows), units=number(r.units), mentors=number(r.mentors),
              pairs=number(r.pairs))
        ]  # fmt: skip
        lines += [w("roster_ignored", lang, columns=", ".join(r.ignored))] if r.ignored else []
        lines += [""]
    return lines


def _happened(result: RunResult, lang: str) -> list[str]:
    s, sc, series = result.summary, result.scenario, result.series
    first, last = series.iloc[0], series.iloc[-1]
    n = lambda x: number(x, 0, lang)  # noqa: E731  (whole counts)
    lines = [
        w("headcount", lang, first=n(first["headcount"]), last=n(last["headcount"]), intake=n(series["intake"].sum()))
    ]
    if sc.pairing.enabled:
        lines.append(w("pairs_backbones", lang, pairs=n(s["pairs_formed"]), backbones=n(s["backbones"]),
                       mentored=n(s["backbones_mentored"])))  # fmt: skip
    else:
        lines.append(w("backbones_alone", lang, backbones=n(s["backbones"])))
    if math.isnan(s["median_months_to_competence"]):
        lines.append(w("competence_none", lang))
    else:
        people = result.breakdown.get("samples", {})
        months = sampled(s["median_months_to_competence"], people.get("median_months_to_competence"), "months", lang,
                         unit_label("months", lang))  # fmt: skip
        share = with_n(percent(s["competent_within_3y"], lang=lang), people.get("competent_within_3y"), lang)
        lines.append(w("competence", lang, months=months, share=share))
    if sc.pairing.enabled:
        lines.append(w("pool", lang, first=n(first["pool_size"]), last=n(last["pool_size"]),
                       ratio=number(s["mentees_per_mentor"], 2, lang)))  # fmt: skip
        if applies("pool_removals", sc, s):
            lines.append(w("removals", lang, n=n(s["pool_removals"])))
        if not math.isnan(s["deepest_generation"]):
            lines.append(
                w("lineage", lang, gen=n(s["deepest_generation"]), r=number(s["reproduction_number"], 2, lang))
            )
        lines.append(w("hours", lang, hours=n(s["mentor_hours"]), per=n(s["mentor_hours_per_backbone"])))
        lines += _shortage_lines(result, lang)
    lines += _programme_lines(result, lang)
    return [f"- {line}" for line in lines]


def _shortage_lines(result: RunResult, lang: str) -> list[str]:
    """Who wanted a mentor at the end, who had one, who waited and how long; the pool that would have sufficed."""
    s, last = result.summary, result.series.iloc[-1]
    n = lambda x: number(x, 0, lang)  # noqa: E731
    wanting, waiting = last["wanting_mentor"], last["waiting"]
    return [
        w("shortage", lang, wanting=n(wanting), paired=n(wanting - waiting), waiting=n(waiting),
          longest=n(s["longest_wait_months"]), cadre_months=n(s["waiting_cadre_months"])),
        w("shortage_pool", lang, needed=n(s["pool_needed"]), pool=n(s["final_pool_size"])),
    ]  # fmt: skip


def _programme_lines(result: RunResult, lang: str) -> list[str]:
    """What the programme mechanisms produced, for those a scenario has on."""
    s, sc, b = result.summary, result.scenario, result.breakdown
    n = lambda x: number(x, 0, lang)  # noqa: E731
    lines = []
    kinds = b.get("mentees_by_kind", {})
    if sc.pairing.enabled and kinds:
        parts = [w("kind_part", lang, kind=KINDS.label(k, lang), n=n(v)) for k, v in kinds.items() if v > 0]
        lines.append(w("kinds", lang, n=n(s["mentees"]), parts=listing(parts, lang) or "—", idle=n(s["idle_mentors"]),
                       share=with_n(percent(s["backbone_share"], lang=lang), b.get("samples", {}).get("backbone_share"), lang)))  # fmt: skip
    if sc.careers.enabled and s.get("promotions", 0) > 0:
        parts = [
            w("promotion_part", lang, rank=RANKS.label(r, lang), n=n(v))
            for r, v in b.get("promotions_by_rank", {}).items()
            if v > 0
        ]
        lines.append(w("promotions", lang, n=n(s["promotions"]), parts=listing(parts, lang)))
    later = b.get("seconded_later", {})
    if s.get("secondments", 0) > 0 and later:
        lines.append(w("secondments", lang, n=n(s["secondments"]), seconded=n(later["seconded"]),
                       town=n(later["reached_township_leadership"]), county=n(later["reached_county_level"])))  # fmt: skip
    if sc.pairing.enabled and applies("introducer_share", sc, s):
        joined = b.get("samples", {}).get("introducer_share")
        lines.append(w("introducer", lang, share=with_n(percent(s["introducer_share"], lang=lang), joined, lang)))
    f = b.get("fecundity", {})
    if sc.pairing.enabled and f.get("mentors_with_complete_careers", 0) > 0:
        text = w("fecundity", lang, n=n(f["mentors_with_complete_careers"]), mean=number(f["mean"], 1, lang),
                 median=n(f["median"]), p90=n(f["p90"]), max=n(f["max"]))  # fmt: skip
        rho = f.get("rho", float("nan"))
        if not math.isnan(rho):
            text += " " + w("fecundity_rho", lang, rho=number(rho, 2, lang), pairs=n(f["pairs_for_rho"]))
        lines.append(text)
    if s.get("collectives_turned_around", 0) > 0:
        lines.append(w("collectives", lang, n=n(s["collectives_turned_around"])))
    return lines


def run_report(result: RunResult, plots: list[Path], lang: str = "zh", notes: RunNotes | None = None) -> str:
    """The report of one run (Markdown), with its plots.

    Args:
        result: the finished run.
        plots: the plots' paths relative to the report.
        lang: "zh" (default) or "en".
        notes: overrides, the variant's base and the roster (default: none of them).
    """
    notes = notes or RunNotes()
    sc = result.scenario
    lines = [w("title", lang, name=sc.name, span=calendar_span(sc, lang)), ""]
    if sc.run.description:
        lines += [w("description", lang, text=scenario_description(sc, lang)), ""]
        lines += [w("description_stale", lang), ""] if notes.overrides else []
    lines += _setting_lines(result, notes, lang)
    lines += borrowed_lines(notes.origins, sc, lang, notes.findings)  # each value not this county's
    lines += ["", w("h_happened", lang), "", *_happened(result, lang), ""]
    lines += [w("h_figures", lang), "", *figure_table(result, lang).markdown()]
    left_out = [o.label(lang) for code, o in OUTCOMES.items() if not applies(code, sc, result.summary)]
    if left_out:
        lines += ["", w("figures_left_out", lang, names=listing(left_out, lang))]
    lines += ["", *assumption_lines(sc, lang)]
    lines += [w("h_plots", lang), "", *[f"![{path.stem}]({path.as_posix()})" for path in plots], ""]
    lines += [w("h_files", lang), "", w("files", lang), ""]
    return "\n".join(lines)

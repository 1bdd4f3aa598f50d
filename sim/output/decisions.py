"""The report's sections on a ``Decision``, its two tables and the terminal line.

The sections: the weighed recommendation, the paired verdicts, what to measure next, what the
verdicts rest on; the tables: ``verdicts.csv``, ``verdicts_by_set.csv``.

Reads only the ``Decision`` (``sim.runs.decision``); every word from the catalogue
(``sim/words/compare.toml``, keys ``d_...``), in Chinese by default, ``lang="en"`` for English.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from sim.output.names import diff_text, direction, fmt, outcome_name, parameter_name, value_text
from sim.output.numbers import listing
from sim.output.study_files import write_csv
from sim.runs.decision import MATERIAL, SHORTAGE, Decision, Measure, Recommendation
from sim.runs.verdicts import DEPENDS, EVERY, MOST, SMALL, SOME, STRUCTURE, TIE, Verdict
from sim.words import Book

__all__ = [
    "assumption_lines", "decision_lines", "measure_lines", "recommendation_line", "recommendation_lines",
    "short_verdict", "verdict_lines", "verdict_text", "write_verdict_tables",
]  # fmt: skip

W = Book("compare")
MANY = Book("many")


def _ahead(v: Verdict, lang: str) -> str:
    """Who is ahead, in words: "**b** better" on a figure with a direction, "b higher" on one without."""
    high, low = (v.b, v.a) if v.sign > 0 else (v.a, v.b)
    way = direction(v.outcome)
    if way == 0:
        return W("d_higher", lang, x=high, y=low)
    return W("d_better", lang, x=high if way > 0 else low, y=low if way > 0 else high)


def _on(v: Verdict, lang: str) -> str:
    """What a verdict that depends depends on."""
    if v.on == STRUCTURE:
        parts = [
            W("d_under", lang, structure=s, what=_ahead_sign(v, sign, lang), code=W(_STRUCT[code], lang))
            for s, code, sign in v.by_structure
        ]
        return W("d_on_structure", lang, parts=MANY("clause_sep", lang).join(parts))
    if v.on:
        high = v.b if v.higher_above else v.a
        return W(
            "d_on_parameter", lang, p=parameter_name(v.on, lang), at=fmt(v.at), x=high,
            acc=f"{v.accuracy:.0%}",
        )  # fmt: skip
    return W("d_on_nothing", lang)


def _ahead_sign(v: Verdict, sign: int, lang: str) -> str:
    if sign == 0:
        return W("d_short_tie", lang)
    return _ahead(Verdict(v.outcome, v.a, v.b, EVERY, 1, float(sign), 0, 0, 0, 0, int(sign > 0), int(sign < 0)), lang)


def verdict_text(v: Verdict, lang: str = "zh") -> str:
    """A verdict in words: who is ahead and in how many sets, or what it depends on, or a tie."""
    n, k_for = v.sets, max(v.higher_in, v.lower_in)
    against = min(v.higher_in, v.lower_in)
    if v.verdict == TIE:
        return W("d_tie", lang)
    if v.verdict == EVERY:
        return W("d_every_one" if n == 1 else "d_every", lang, who=_ahead(v, lang), n=n)
    if v.verdict == MOST:
        return W("d_most", lang, who=_ahead(v, lang), k=k_for, n=n, r=against)
    if v.verdict == SOME:
        return W("d_some", lang, who=_ahead(v, lang), k=k_for, n=n)
    if v.verdict == SMALL:
        return W("d_small", lang, who=_ahead(v, lang))
    return W("d_depends", lang, who=_ahead(v, lang), k=k_for, n=n, r=against, on=_on(v, lang))


def _gap(v: Verdict, lang: str) -> str:
    low, high = diff_text(v.outcome, v.low, lang), diff_text(v.outcome, v.high, lang)
    span = W(
        "d_span", lang, least=diff_text(v.outcome, v.least, lang, True), most=diff_text(v.outcome, v.most, lang, True)
    )
    return f"{diff_text(v.outcome, v.gap, lang, signed=True)} ({low} – {high}){span if v.sets > 1 else ''}"


def verdict_lines(d: Decision, lang: str = "zh") -> list[str]:
    """The paired verdicts of the headline figures, every pair."""
    v = d.verdicts
    lines = [W("d_h_verdicts", lang), "", W("d_rule" if v.sets > 1 else "d_rule_one", lang, n=v.sets), ""]
    lines += [W("d_head", lang), "|---|---|---|---|"]
    for o in d.headline:
        for x in v.table:
            if x.outcome == o:
                lines.append(f"| {outcome_name(o, lang)} | {x.b} − {x.a} | {_gap(x, lang)} | {verdict_text(x, lang)} |")
    return [*lines, "", W("d_all", lang), ""]


def _value(d: Decision, lab: str, o: str) -> str:
    rec = d.recommendation
    return value_text(o, rec.means.get(lab, {}).get(o, math.nan)) if rec else ""


def recommendation_lines(d: Decision, lang: str = "zh", heading: bool = True) -> list[str]:
    """The weighed recommendation: the choice, how sure, what it buys and costs, cost per extra, side effects."""
    rec = d.recommendation
    lines = [W("d_h_rec", lang), ""] if heading else []
    if rec is None or rec.chosen is None:
        return [*lines, W("d_no_rec", lang), ""]
    b, c, chosen = rec.benefit, rec.cost, rec.chosen
    if rec.by_rule and not rec.clearly_better:
        others = listing((x for x in rec.top if x != chosen), lang)
        lines.append(W("d_by_rule", lang, x=chosen, benefit=outcome_name(b, lang, unit=False), others=others))
    elif rec.clearly_better:
        lines.append(W("d_choose", lang, x=chosen, benefit=outcome_name(b, lang, unit=False)))
    else:
        lines.append(W("d_none_better", lang, benefit=outcome_name(b, lang, unit=False),
                       top=listing(rec.top, lang), x=chosen, cost=outcome_name(c, lang, unit=False),
                       value=_value(d, chosen, c), material=f"{MATERIAL:.0%}"))  # fmt: skip
        lines += _immaterial_lines(d, lang)
    lines.append("")
    if rec.sure is not None:
        lines += [W("d_sure", lang, other=rec.sure.a, verdict=verdict_text(rec.sure, lang)), ""]
    lines += [W("d_buys", lang, benefit=outcome_name(b, lang), value=_value(d, chosen, b)), ""]
    lines += [W("d_against", lang, y=g.a, gap=_gap(g, lang), verdict=verdict_text(g, lang)) for g in rec.buys]
    if rec.costs:
        lines += ["", W("d_costs", lang, cost=outcome_name(c, lang), value=_value(d, chosen, c)), ""]
        lines += [W("d_against", lang, y=g.a, gap=_gap(g, lang) + _relative(rec, g, lang), verdict=verdict_text(g, lang))
                  for g in rec.costs]  # fmt: skip
    per_extra = _per_extra_lines(rec, lang) if rec.reference is not None or heading else []
    lines += ["", *per_extra, "", *_side_effects(d, lang)]
    shortage = [o for o in SHORTAGE if o in rec.means.get(chosen, {})]
    if shortage:
        parts = [f"{outcome_name(o, lang)} {_value(d, chosen, o)}" for o in shortage]
        lines += [W("d_shortage", lang, x=chosen, parts=MANY("clause_sep", lang).join(parts)), ""]
    return lines


def _immaterial_lines(d: Decision, lang: str) -> list[str]:
    """Each lead of the leader that is clear but too small to matter: how much, at what extra cost."""
    rec = d.recommendation
    assert rec is not None
    lines = [""] if rec.immaterial else []
    for lab in rec.immaterial:
        lead = d.verdicts.get(rec.benefit, lab, rec.leader)
        added = d.verdicts.get(rec.benefit, rec.reference, rec.leader) if rec.reference else None
        extra = rec.means[rec.leader].get(rec.cost, math.nan) - rec.means[lab].get(rec.cost, math.nan)
        if lead is None or added is None or not lead.gap:
            continue
        lines.append(W(
            "d_immaterial", lang, leader=rec.leader, x=lab, gap=diff_text(rec.benefit, lead.gap, lang),
            verdict=verdict_text(lead, lang), share=f"{lead.gap / added.gap:.1%}", ref=rec.reference,
            extra=fmt(extra), cost=outcome_name(rec.cost, lang, unit=False),
            rel=f"{extra / rec.means[lab].get(rec.cost, math.nan):+.0%}", ratio=fmt(extra / lead.gap),
            benefit=outcome_name(rec.benefit, lang, unit=False),
        ))  # fmt: skip
    return lines


def _relative(rec: Recommendation, g: Verdict, lang: str) -> str:
    base = rec.means.get(g.a, {}).get(rec.cost, math.nan)  # the alternative's cost
    if not base or base != base or g.gap != g.gap:
        return ""
    return MANY("clause_sep", lang) + f"{g.gap / base:+.0%}"


def _per_extra_lines(rec: Recommendation, lang: str) -> list[str]:
    if rec.reference is None:
        return [W("d_no_reference", lang)]
    unit = W(
        "d_per_unit",
        lang,
        cost=outcome_name(rec.cost, lang, unit=False),
        benefit=outcome_name(rec.benefit, lang, unit=False),
    )
    lines = [W("d_per_extra", lang, ref=rec.reference, unit=unit), ""]
    for lab, ratio in rec.per_extra.items():
        low, high = rec.per_extra_range.get(lab, (math.nan, math.nan))
        if ratio != ratio:
            lines.append(W("d_per_extra_none", lang, x=lab, ref=rec.reference))
        elif low == low:
            lines.append(W("d_per_extra_line", lang, x=lab, value=fmt(ratio), low=fmt(low), high=fmt(high)))
        else:
            lines.append(W("d_per_extra_mixed", lang, x=lab, value=fmt(ratio)))
    return lines


_SHORT = {EVERY: "d_short_every", MOST: "d_short_most", DEPENDS: "d_short_depends", SOME: "d_short_some",
          SMALL: "d_short_small", TIE: "d_short_tie"}  # fmt: skip
_STRUCT = {**_SHORT, MOST: "d_struct_most", SOME: "d_struct_some"}  # within a structure, without the counts


def short_verdict(v: Verdict, lang: str = "zh") -> str:
    """A verdict in a word or two, for a table's cell: "every set", "11/20 sets", "depends", "≈"."""
    return W(_SHORT[v.verdict], lang, k=max(v.higher_in, v.lower_in), n=v.sets)


def _side_effects(d: Decision, lang: str) -> list[str]:
    rec = d.recommendation
    assert rec is not None and rec.chosen is not None
    others = list(dict.fromkeys(g.a for g in rec.side_effects))
    if not others:
        return []
    lines = [W("d_side", lang, x=rec.chosen), "", f"| {W('figure', lang)} | {rec.chosen} | " + " | ".join(
        W("d_side_col", lang, y=y) for y in others) + " |", "|---|---|" + "---|" * len(others)]  # fmt: skip
    for o in d.headline:
        cells = []
        for y in others:
            g = next((g for g in rec.side_effects if g.outcome == o and g.a == y), None)
            cells.append("" if g is None else f"{diff_text(o, g.gap, lang, signed=True)} ({short_verdict(g, lang)})")
        lines.append(f"| {outcome_name(o, lang)} | {_value(d, rec.chosen, o)} | " + " | ".join(cells) + " |")
    return [*lines, "", W("d_side_note", lang), ""]


def measure_lines(d: Decision, lang: str = "zh") -> list[str]:
    """What to measure next: a section only when some verdict depends."""
    if not d.measures:
        return []
    lines = [W("d_h_measure", lang), "", W("d_measure_intro", lang), ""]
    for m in d.measures:
        lines += _measure(m, lang)
    return lines


def _measure(m: Measure, lang: str) -> list[str]:
    v, o = m.verdict, m.verdict.outcome
    head = W("d_measure_what", lang, name=outcome_name(o, lang, unit=False), a=v.a, b=v.b, on=_on(v, lang),
             evpi=diff_text(o, m.evpi, lang), evppi=diff_text(o, m.evppi, lang))  # fmt: skip
    if not m.figure:
        what = W("d_measure_directly", lang, p=v.on if v.on != STRUCTURE else W("d_the_structure", lang))
    else:
        first, second = m.sides if v.on == STRUCTURE else (
            W("d_side_above", lang, p=v.on, at=fmt(v.at)), W("d_side_below", lang, p=v.on, at=fmt(v.at)))  # fmt: skip
        what = W("d_measure_how", lang, n=f"{m.people:,}", under=m.under, figure=outcome_name(m.figure, lang, unit=False),
                 p1=value_text(m.figure, m.value_a), first=first, p2=value_text(m.figure, m.value_b), second=second)  # fmt: skip
    return [f"- {head} {what}", ""]


def assumption_lines(d: Decision, lang: str = "zh") -> list[str]:
    """What the verdicts rest on: the growth without mentoring, the structures."""
    a = d.assumptions
    lines = [W("d_h_rest", lang), ""]
    if a.reference is None:
        lines.append(W("d_rest_no_reference", lang))
    else:
        w3, mm = a.within_3y, a.median_months
        spread = a.sets > 1
        lines.append(W("d_rest_growth", lang, ref=a.reference,
                       share=value_text("competent_within_3y", w3[0]), months=fmt(mm[0]),
                       range=W("d_rest_range", lang, s_low=value_text("competent_within_3y", w3[1]),
                               s_high=value_text("competent_within_3y", w3[2]), m_low=fmt(mm[1]), m_high=fmt(mm[2]))
                       if spread else ""))  # fmt: skip
    if a.structures:
        lines.append(W("d_rest_structures", lang, names=listing((f"`{s}`" for s in a.structures), lang), n=a.sets))
    else:
        lines.append(W("d_rest_one_structure", lang, n=a.sets))
    if a.sets > 1 and not d.measures:
        lines.append(W("d_rest_nothing_depends", lang))
    return [*lines, "", W("d_rest_more", lang), ""]


def decision_lines(d: Decision, lang: str = "zh") -> list[str]:
    """The report's sections: the recommendation, the paired verdicts, what to measure next, what they rest on."""
    return [*recommendation_lines(d, lang), *verdict_lines(d, lang), *measure_lines(d, lang),
            *assumption_lines(d, lang)]  # fmt: skip


def recommendation_line(d: Decision, lang: str = "zh") -> str:
    """One terminal line: the choice, what it buys and costs against no programme, how sure."""
    rec = d.recommendation
    if rec is None or rec.chosen is None:
        return W("d_no_rec", lang)
    b, c, x = rec.benefit, rec.cost, rec.chosen
    head = (W("d_line_choose", lang, x=x) if rec.clearly_better
            else W("d_line_cheapest", lang, x=x, top=listing(rec.top, lang)))  # fmt: skip
    parts = [head, f"{outcome_name(b, lang)} {_value(d, x, b)}"]
    if c in rec.means.get(x, {}):
        parts.append(f"{outcome_name(c, lang)} {_value(d, x, c)}")
    ratio = rec.per_extra.get(x, math.nan)
    if rec.reference is not None and ratio == ratio:
        parts.append(W("d_line_per_extra", lang, value=fmt(ratio), ref=rec.reference))
    if rec.sure is not None:
        parts.append(W("d_line_sure", lang, other=rec.sure.a, verdict=verdict_text(rec.sure, lang)))
    return MANY("clause_sep", lang).join(parts).replace("**", "")


def write_verdict_tables(d: Decision, folder: Path, lang: str = "zh") -> None:
    """``verdicts.csv`` (every figure and pair over the sets) and ``verdicts_by_set.csv`` (the gap within each set)."""
    rows = [
        {"outcome": v.outcome, "label": outcome_name(v.outcome, lang), "a": v.a, "b": v.b, "verdict": v.verdict,
         "sets": v.sets, "gap": v.gap, "gap_low": v.low, "gap_high": v.high, "least_set_gap": v.least,
         "most_set_gap": v.most, "b_higher_in": v.higher_in, "b_lower_in": v.lower_in, "depends_on": v.on,
         "flips_at": v.at, "b_higher_above": v.higher_above, "split_accuracy": v.accuracy,
         "in_words": verdict_text(v, lang).replace("**", "")}
        for v in d.verdicts.table
    ]  # fmt: skip
    write_csv(folder / "verdicts.csv", pd.DataFrame(rows))
    write_csv(folder / "verdicts_by_set.csv", d.verdicts.by_set)

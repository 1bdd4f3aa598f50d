"""A weighed recommendation, what to measure next, and the assumptions, from the paired verdicts.

The rule (``compare`` and ``optimise --ensemble`` alike), on the benefit figure (competent cadre-years
by default; an optimiser's first objective) and the cost figure (mentor hours by default):

- the leader is the variant with the best mean over the sets (each set weighs the same); the
  *top group* is the leader and every variant the leader does not clearly beat (verdict ``every`` or
  ``most``: ``sim.runs.verdicts``) by a material gap: at least ``MATERIAL`` (5%) of what
  the leader adds over no programme (when no programme was compared, any clear gap is material).
  A lead that is clear but smaller buys little at whatever extra cost: the leader's extra cost per
  extra unit over the chosen is reported beside it;
- one variant in the top group: it is chosen, "clearly better", as sure as the verdict's scope
  against the runner-up; several: "no policy is clearly better", and the cheapest of them is named;
- what it costs: the cost figure against every alternative (paired gap and verdict); what it buys:
  the benefit against every alternative; the cost per extra unit of benefit against no programme
  (the variant ``baseline``, else a variant that spends nothing), and none when none was compared;
- its side effects: the paired verdict on every headline figure (``HEADLINE``, those the runs have)
  against every alternative; the shortage and the pool it needs when those figures exist.

What to measure next (value of information): for each verdict that ``depends`` on a headline figure
with a direction, the expected value of perfect information over the sets for that choice (in the
figure's units: what choosing per set would gain over choosing once for all sets), the value of
learning only which side of the threshold (or which structure) the county is on, and a measurement
that would tell the two sides apart: of the shares the runs report, the one whose values on the two
sides differ most for some variant, with the number of people to follow so that a 95%-confidence,
80%-power test tells the two values apart. The set means carry replicate noise, which biases the
value of perfect information up a little; it is reported as an upper bound.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from sim.model.outcomes import OUTCOMES
from sim.runs.verdicts import DEPENDS, EVERY, MOST, STRUCTURE, Verdict, Verdicts

__all__ = [
    "BENEFIT", "COST", "HEADLINE", "NO_PROGRAMME", "Assumptions", "Decision", "Measure", "Recommendation",
    "decide",
]  # fmt: skip

BENEFIT = "competent_cadre_years"  # what a policy buys: capacity over time
COST = "mentor_hours"  # what it costs
NO_PROGRAMME = "baseline"  # the variant that is "no programme", when compared
# The planner's headline figures, in report order (those the runs have are used; the shortage and pool
# figures only where the model reports them).
HEADLINE = (
    "competent_cadre_years", "median_months_to_competence", "competent_within_3y", "mentor_hours",
    "own_work_hours_given_up", "backbones", "waiting_end", "waiting_cadre_months", "pool_needed",
)  # fmt: skip
SHORTAGE = ("waiting_end", "waiting_cadre_months", "pool_needed")
Z_CONFIDENCE, Z_POWER = 1.96, 0.84  # a two-sided 95% test with 80% power
MATERIAL = 0.05  # a lead under this share of what the leader adds over no programme is practically none
LEAST_SEPARATION = 0.005  # shares closer than half a point on the two sides tell nothing a county can measure


@dataclass(frozen=True)
class Recommendation:
    """The policy to choose and why: the top group, costs and gains against the alternatives, side effects."""

    chosen: str | None
    clearly_better: bool
    top: tuple[str, ...]  # the variants the leader does not clearly beat on the benefit (the leader first)
    benefit: str
    cost: str
    reference: str | None  # no programme, when compared
    sure: Verdict | None  # the chosen against its runner-up on the benefit (chosen - runner-up)
    buys: tuple[Verdict, ...]  # the benefit: chosen - each alternative
    costs: tuple[Verdict, ...]  # the cost: chosen - each alternative
    side_effects: tuple[Verdict, ...]  # every headline figure: chosen - each alternative
    per_extra: dict[str, float] = field(default_factory=dict)  # variant -> cost per extra unit of benefit
    per_extra_range: dict[str, tuple[float, float]] = field(default_factory=dict)  # over the sets
    means: dict[str, dict[str, float]] = field(default_factory=dict)  # variant -> headline figure -> mean
    leader: str = ""  # the best mean on the benefit over the sets
    immaterial: tuple[str, ...] = ()  # in the top group though the leader is clearly ahead: by less than MATERIAL
    incremental: float = math.nan  # the leader's extra cost per extra unit of benefit over the chosen
    by_rule: bool = False  # chosen by another rule (``recommend``'s ``chosen``), not the cheapest of the top group


@dataclass(frozen=True)
class Measure:
    """What to measure to settle a verdict that depends, and what settling it is worth."""

    verdict: Verdict
    evpi: float  # expected value of perfect information over the sets, in the figure's units
    evppi: float  # ... of learning only the side of the threshold (or the structure)
    sides: tuple[str, str]  # the two sides' names (structure names, or "" for above/below the threshold)
    figure: str = ""  # the share to measure ("" when none tells the sides apart)
    under: str = ""  # under which variant
    value_a: float = math.nan  # its value on the first side (above the threshold, or the first structure)
    value_b: float = math.nan  # ... on the other side
    people: int = 0  # people to follow to tell the two values apart


@dataclass(frozen=True)
class Assumptions:
    """What the verdicts hinge on: the growth without mentoring (the no-programme variant), the structures."""

    reference: str | None
    within_3y: tuple[float, float, float] = (math.nan, math.nan, math.nan)  # mean, lowest set, highest set
    median_months: tuple[float, float, float] = (math.nan, math.nan, math.nan)
    structures: tuple[str, ...] = ()
    sets: int = 1


@dataclass(frozen=True)
class Decision:
    """The verdicts, the weighed recommendation, what to measure next and the assumptions: what writers read."""

    verdicts: Verdicts
    recommendation: Recommendation | None
    measures: tuple[Measure, ...]
    assumptions: Assumptions
    headline: tuple[str, ...]


def direction(outcome: str) -> int:
    """+1 higher is better, -1 lower is better, 0 neither (``OUTCOMES``; 0 for other names)."""
    return OUTCOMES[outcome].direction if outcome in OUTCOMES else 0


def _reference(v: Verdicts, cost: str) -> str | None:
    if NO_PROGRAMME in v.labels:
        return NO_PROGRAMME
    if cost in v.outcomes:
        for lab in v.labels:
            if v.mean(lab, cost) == 0:
                return lab
    return None


def _per_extra(v: Verdicts, lab: str, ref: str, benefit: str, cost: str) -> tuple[float, tuple[float, float]]:
    """``lab``'s extra cost per extra unit of benefit against ``ref``; and its lowest and highest over the sets."""
    gained = v.get(benefit, ref, lab)
    if gained is None or not gained.clear or gained.sign <= 0:
        return math.nan, (math.nan, math.nan)
    extra = v.mean(lab, cost) - v.mean(ref, cost)
    ratio = extra / gained.gap if gained.gap > 0 else math.nan
    d_cost = v.per_set(lab, cost) - v.per_set(ref, cost)
    d_gain = v.per_set(lab, benefit) - v.per_set(ref, benefit)
    if (d_gain > 0).all() and len(d_gain):
        r = d_cost / d_gain
        return ratio, (float(r.min()), float(r.max()))
    return ratio, (math.nan, math.nan)


def recommend(
    v: Verdicts,
    benefit: str = BENEFIT,
    cost: str = COST,
    way: int | None = None,
    among: list[str] | None = None,
    chosen: str | None = None,
) -> Recommendation | None:
    """The weighed recommendation among ``among`` (default: every variant); None without the benefit figure.

    ``chosen``: a choice made by another rule (an optimiser without an ensemble), weighed the same way.
    """
    way = direction(benefit) if way is None else way
    labels = list(among or v.labels)
    if benefit not in v.outcomes or not labels or way == 0:
        return None
    score = {lab: way * v.mean(lab, benefit) for lab in labels}
    ranked = sorted((lab for lab in labels if score[lab] == score[lab]), key=lambda lab: -score[lab])
    if not ranked:
        return None
    leader = ranked[0]

    has_cost = cost in v.outcomes
    ref = _reference(v, cost) if has_cost else None

    def clearly(x: str, y: str) -> bool:  # x better than y on the benefit, in every or most sets
        d = v.get(benefit, y, x)
        return d is not None and d.verdict in (EVERY, MOST) and d.sign * way > 0

    def material(x: str, y: str) -> bool:  # x's lead over y is at least MATERIAL of what x adds over no programme
        added = v.get(benefit, ref, x) if ref is not None and ref not in (x, y) else None
        lead = v.get(benefit, y, x)
        if added is None or lead is None or way * added.gap <= 0:
            return True
        return way * lead.gap >= MATERIAL * way * added.gap

    forced = chosen is not None and chosen in ranked
    if chosen is not None and forced:
        leader = chosen
    top = tuple(lab for lab in ranked if lab == leader or not (clearly(leader, lab) and material(leader, lab)))
    immaterial = tuple(lab for lab in top if lab != leader and clearly(leader, lab))
    if chosen is None:
        cheapest = min(top, key=lambda lab: (v.mean(lab, cost), ranked.index(lab))) if has_cost else leader
        chosen = leader if len(top) == 1 else cheapest
    others = [lab for lab in labels if lab != chosen]
    runner = next((lab for lab in ranked if lab != chosen), None)
    headline = [o for o in HEADLINE if o in v.outcomes] or [benefit]
    per_extra, ranges = {}, {}
    if ref is not None:
        for lab in labels:
            if lab != ref:
                per_extra[lab], ranges[lab] = _per_extra(v, lab, ref, benefit, cost)

    def gaps(o: str) -> tuple[Verdict, ...]:
        return tuple(g for g in (v.get(o, lab, chosen) for lab in others) if g is not None)

    return Recommendation(
        chosen, len(top) == 1, top, benefit, cost, ref,
        v.get(benefit, runner, chosen) if runner else None, gaps(benefit), gaps(cost) if has_cost else (),
        tuple(g for o in headline for g in gaps(o)), per_extra, ranges,
        {lab: {o: v.mean(lab, o) for o in dict.fromkeys([*headline, benefit, cost]) if o in v.outcomes}
         for lab in labels},
        leader, immaterial, _incremental(v, leader, chosen, benefit, cost) if has_cost else math.nan, forced,
    )  # fmt: skip


def _incremental(v: Verdicts, leader: str, chosen: str, benefit: str, cost: str) -> float:
    """The leader's extra cost per extra unit of benefit over the chosen (NaN when they are the same)."""
    if leader == chosen:
        return math.nan
    gain = v.mean(leader, benefit) - v.mean(chosen, benefit)
    return (v.mean(leader, cost) - v.mean(chosen, cost)) / gain if gain else math.nan


def _sides(v: Verdicts, d: Verdict) -> tuple[np.ndarray, tuple[str, str]] | None:
    """Each set's side (True: above the threshold, or the first structure) and the sides' names; None if unsplit."""
    if d.on == STRUCTURE and len(v.structures) > 1:
        first = v.structures[0]
        return np.asarray(v.set_structures) == first, (first, ", ".join(s for s in v.structures if s != first))
    if d.on and d.on in v.members.columns and d.at == d.at:
        return v.members[d.on].to_numpy(dtype=float) > d.at, ("", "")
    return None


def _value(u: np.ndarray) -> float:
    """The best column's mean (one choice for all rows): the value without information."""
    return float(np.nanmax(np.nanmean(u, axis=0)))


def _people(p1: float, p2: float) -> int:
    """People to follow to tell a share of ``p1`` from one of ``p2`` (95% confidence, 80% power)."""
    spread = Z_CONFIDENCE * math.sqrt(p1 * (1 - p1)) + Z_POWER * math.sqrt(p2 * (1 - p2))
    return math.ceil((spread / abs(p1 - p2)) ** 2)


def measure(v: Verdicts, d: Verdict) -> Measure | None:
    """The value of information of a ``depends`` verdict and the measurement that would settle it; None if unsplit."""
    way = direction(d.outcome)
    found = _sides(v, d)
    if way == 0 or found is None:
        return None
    side, names = found
    u = way * np.column_stack([v.per_set(d.a, d.outcome).to_numpy(), v.per_set(d.b, d.outcome).to_numpy()])
    none = _value(u)
    evpi = float(np.nanmean(np.nanmax(u, axis=1))) - none
    evppi = sum(side_k.mean() * _value(u[side_k]) for side_k in (side, ~side) if side_k.any()) - none
    best: tuple[float, str, str, float, float] | None = None
    for o in v.outcomes:
        if o not in OUTCOMES or OUTCOMES[o].unit != "fraction":
            continue
        for lab in v.labels:
            x = v.per_set(lab, o).to_numpy()
            if not (side.any() and (~side).any()):
                continue
            p1, p2 = float(np.nanmean(x[side])), float(np.nanmean(x[~side])) if (~side).any() else math.nan
            if not (0 < p1 < 1 and 0 < p2 < 1) or abs(p1 - p2) < LEAST_SEPARATION:
                continue
            strength = abs(p1 - p2) / math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
            if best is None or strength > best[0]:
                best = (strength, o, lab, p1, p2)
    if best is None:
        return Measure(d, evpi, float(evppi), names)
    _, o, lab, p1, p2 = best
    return Measure(d, evpi, float(evppi), names, o, lab, p1, p2, _people(p1, p2))


def assumptions(v: Verdicts, cost: str = COST) -> Assumptions:
    """The growth without mentoring the verdicts rest on (when a no-programme variant ran), the structures."""
    ref = _reference(v, cost) if cost in v.outcomes else None

    def spread(o: str) -> tuple[float, float, float]:
        if ref is None or o not in v.outcomes:
            return (math.nan, math.nan, math.nan)
        x = v.per_set(ref, o).dropna()
        return (float(x.mean()), float(x.min()), float(x.max())) if len(x) else (math.nan, math.nan, math.nan)

    return Assumptions(
        ref, spread("competent_within_3y"), spread("median_months_to_competence"), tuple(v.structures), v.sets
    )


def decide(
    v: Verdicts,
    benefit: str = BENEFIT,
    cost: str = COST,
    way: int | None = None,
    among: list[str] | None = None,
    chosen: str | None = None,
) -> Decision:
    """The decision a report states: the recommendation, the measures for verdicts that depend, the assumptions."""
    headline = tuple(o for o in HEADLINE if o in v.outcomes)
    shown = set(headline) | {benefit}
    measures = tuple(
        m for d in v.table if d.verdict == DEPENDS and d.outcome in shown for m in [measure(v, d)] if m is not None
    )
    return Decision(v, recommend(v, benefit, cost, way, among, chosen), measures, assumptions(v, cost), headline)

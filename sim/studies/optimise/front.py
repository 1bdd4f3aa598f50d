"""The front of a policy search, its confirmation on fresh seeds, robustness across a fit's sets, the recommendation.

The rules are stated in ``sim.studies.optimise.search``'s docstring; here is how they are computed.
A front dimension is an objective (its own direction) or a budgeted outcome that is not an
objective (``<=``: less is better, ``>=``: more is better). ``NEAR`` and ``MOST`` set how close to
the front a point must stay in a plausible parameter set, and in how many sets, to be recommended.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sim.runs.decision import COST, HEADLINE, Decision, decide
from sim.runs.stats import mean_ci, paired_difference
from sim.runs.verdicts import paired_verdicts

if TYPE_CHECKING:
    from sim.studies.compare.ensemble import Ensemble
    from sim.studies.optimise.search import Search

__all__ = [
    "CONFIRM", "MOST", "NEAR", "Recommendation", "candidates", "confirmed_table", "dimensions", "non_dominated",
    "pareto_front", "point_name", "recommend", "robustness",
]  # fmt: skip

NEAR = (
    0.05  # a point stays "near the front" in a set unless another beats it by more than this share on every objective
)
MOST = 0.5  # a recommended point holds in more than this share of the plausible sets
CONFIRM = -1  # the set number of the confirmation runs (the scenario itself, fresh seeds)


@dataclass(frozen=True)
class Recommendation:
    """The recommended point (a trial) and how sure: the gap to the runner-up, paired over the fresh seeds.

    ``gap``, ``gap_low``, ``gap_high``: best minus runner-up on the first objective and its 95% interval
    (NaN without a runner-up); ``distinct``: the interval excludes zero. With an ensemble, ``held_in``
    of the ``sets`` plausible sets keep the point within budget and near the front; ``distinct``
    then says that the paired verdicts over the sets find no point as good (``decision``).
    """

    trial: int
    runner_up: int | None = None
    gap: float = np.nan
    gap_low: float = np.nan
    gap_high: float = np.nan
    distinct: bool = False
    held_in: int | None = None
    sets: int | None = None
    decision: Decision | None = None  # the paired verdicts, side effects (and, over the sets, what to measure next)


def point_name(i: int) -> str:
    """The name of the i-th front point (from 0): ``point-01``."""
    return f"point-{i + 1:02d}"


def dimensions(search: Search) -> list[tuple[str, int]]:
    """(outcome, +1 more is better / -1 less is better) of the front: the objectives, then the budgeted outcomes."""
    dims = [(o.outcome, o.direction) for o in search.objectives]
    for b in search.budgets:
        if b.outcome not in {d[0] for d in dims}:
            dims.append((b.outcome, -1 if b.op == "<=" else 1))
    return dims


def non_dominated(scores: np.ndarray) -> np.ndarray:
    """Rows (higher is better in every column) that no other row matches everywhere and beats somewhere."""
    scores = np.asarray(scores, dtype=float)
    keep = np.ones(len(scores), dtype=bool)
    for i in range(len(scores)):
        others = np.delete(scores, i, axis=0)
        beaten = np.all(others >= scores[i], axis=1) & np.any(others > scores[i], axis=1)
        keep[i] = not beaten.any()
    return keep


def _order(table: pd.DataFrame, search: Search) -> pd.DataFrame:
    first = search.objectives[0]
    return (
        table.assign(_key=-first.direction * table[first.outcome]).sort_values(["_key", "trial"]).drop(columns="_key")
    )


def pareto_front(table: pd.DataFrame, search: Search) -> pd.DataFrame:
    """The feasible trials on the front, best on the first objective first."""
    feasible = table[table["feasible"]].dropna(subset=[d for d, _ in dimensions(search)])
    if feasible.empty:
        return feasible
    scores = np.column_stack([way * feasible[o].to_numpy(dtype=float) for o, way in dimensions(search)])
    return _order(feasible[non_dominated(scores)], search).reset_index(drop=True)


def candidates(front: pd.DataFrame, search: Search, k: int) -> list[int]:
    """The trials to confirm: the ``k`` front points best on the first objective."""
    return [int(t) for t in front["trial"].head(k)]


def _holds(search: Search, means: dict[str, Any]) -> bool:
    return all(b.holds(float(means[b.outcome])) for b in search.budgets)


def confirmed_table(runs: pd.DataFrame, search: Search, points: list[int]) -> pd.DataFrame:
    """Per confirmed point: each outcome's mean and 95% interval on the fresh seeds; within budget, and safely."""
    rows = []
    own = runs[runs["set"] == CONFIRM]
    for t in points:
        r = own[own["trial"] == t]
        row: dict[str, Any] = {"trial": t}
        for o in search.outcomes:
            ci = mean_ci(r[o].to_numpy(dtype=float))
            row.update({o: ci.mean, f"{o}_low": ci.low, f"{o}_high": ci.high})
        row["within_budget"] = _holds(search, row)
        row["safely"] = all(
            b.holds(row[f"{b.outcome}_high"] if b.op == "<=" else row[f"{b.outcome}_low"]) for b in search.budgets
        )
        rows.append(row)
    return pd.DataFrame(rows)


def robustness(runs: pd.DataFrame, search: Search, points: list[int]) -> pd.DataFrame:
    """Per confirmed point: in how many plausible sets it meets the budgets, and stays on or near the front.

    In a set, a point holds when its mean meets every budget and no other point feasible in that
    set beats it by more than ``NEAR`` (a share of its own value) on every objective.
    """
    on_sets = runs[runs["set"] != CONFIRM]
    means = on_sets.groupby(["set", "trial"])[search.outcomes].mean()
    n_sets = int(on_sets["set"].nunique())
    feasible_in = dict.fromkeys(points, 0)
    held_in = dict.fromkeys(points, 0)
    for _, g in means.groupby(level="set"):
        row: dict[Any, dict[Any, Any]] = g.droplevel("set").to_dict("index")
        ok = [t for t in points if t in row and _holds(search, row[t])]
        score = {t: np.array([o.direction * row[t][o.outcome] for o in search.objectives]) for t in ok}
        for t in ok:
            feasible_in[t] += 1
            beaten = any(np.all(score[q] > score[t] + NEAR * np.abs(score[t])) for q in ok if q != t)
            held_in[t] += not beaten
    first = search.objectives[0].outcome
    by_point = means[first].groupby(level="trial")
    return pd.DataFrame(
        {
            "trial": points,
            "sets": n_sets,
            "feasible_in": [feasible_in[t] for t in points],
            "held_in": [held_in[t] for t in points],
            f"{first}_sets_mean": [by_point.mean().get(t, np.nan) for t in points],
            f"{first}_sets_min": [by_point.min().get(t, np.nan) for t in points],
            f"{first}_sets_max": [by_point.max().get(t, np.nan) for t in points],
        }
    )


def _cost(search: Search) -> str:
    """The figure a recommendation weighs as cost: the first ``<=`` budget's outcome, else mentor hours."""
    return next((b.outcome for b in search.budgets if b.op == "<="), COST)


def weigh(
    runs: pd.DataFrame, search: Search, points: list[int], among: list[int], ensemble: Ensemble | None,
    chosen: int | None = None,
) -> Decision:  # fmt: skip
    """The paired verdicts of the points (named as on the front) and the weighed choice among ``among``.

    Over the plausible sets with ``ensemble`` (a set is a stratum; the sets' first seeds are common to
    every point), else over the confirmation's fresh seeds; ``chosen``: the choice already made.
    """
    names = {t: point_name(i) for i, t in enumerate(points)}
    rows = runs[runs["set"] != CONFIRM] if ensemble is not None else runs[runs["set"] == CONFIRM]
    table = rows.assign(variant=rows["trial"].map(names), member=rows["set"] if ensemble is not None else 0)
    outcomes = [o for o in dict.fromkeys([*search.outcomes, *HEADLINE]) if o in table and table[o].notna().any()]
    members = ensemble.members if ensemble is not None else None
    structures = (ensemble.structures or None) if ensemble is not None else None
    v = paired_verdicts(table, [names[t] for t in points], outcomes, members, structures)
    first = search.objectives[0]
    return decide(v, first.outcome, _cost(search), first.direction, [names[t] for t in among],
                  None if chosen is None else names[chosen])  # fmt: skip


def recommend(
    confirmed: pd.DataFrame,
    runs: pd.DataFrame,
    search: Search,
    robust: pd.DataFrame | None = None,
    ensemble: Ensemble | None = None,
) -> Recommendation | None:
    """The recommended point (None if no confirmed point is within budget, and robust when asked).

    Among the points within every budget on the fresh seeds (and, with an ensemble, holding in more
    than ``MOST`` of the sets): without an ensemble, the most (or least) of the first objective on the
    fresh seeds; with one, the paired verdicts' rule over the sets (``sim.runs.decision``):
    the best over the sets when no other eligible point is as good, else the cheapest of those as good.
    The runner-up is the next such point, the gap paired over the fresh seeds.
    """
    if confirmed.empty:
        return None
    eligible = confirmed[confirmed["within_budget"]]
    if robust is not None:
        share = robust.set_index("trial")["held_in"] / robust.set_index("trial")["sets"].clip(lower=1)
        eligible = eligible[eligible["trial"].map(share) > MOST]
    if eligible.empty:
        return None
    first = search.objectives[0]
    ranked = eligible.assign(_key=-first.direction * eligible[first.outcome]).sort_values(["_key", "trial"])
    points = [int(t) for t in confirmed["trial"]]
    order = [int(t) for t in ranked["trial"]]
    if ensemble is not None and robust is not None:
        decision = weigh(runs, search, points, order, ensemble)
        chosen = decision.recommendation.chosen if decision.recommendation else None
        best = points[[point_name(i) for i in range(len(points))].index(chosen)] if chosen else order[0]
    else:
        best = order[0]
        decision = weigh(runs, search, points, order, None, chosen=best)
    out = Recommendation(best, decision=decision)
    rest = [t for t in order if t != best]
    if rest:
        second = rest[0]
        own = runs[runs["set"] == CONFIRM]
        a = own[own["trial"] == best].sort_values("replicate")[first.outcome].to_numpy(dtype=float)
        b = own[own["trial"] == second].sort_values("replicate")[first.outcome].to_numpy(dtype=float)
        d = paired_difference(b, a)  # best minus runner-up, replicate by replicate
        distinct = d.significant
        if ensemble is not None and decision.recommendation is not None:
            distinct = decision.recommendation.clearly_better
        out = replace(out, runner_up=second, gap=d.mean, gap_low=d.low, gap_high=d.high, distinct=distinct)
    if robust is not None:
        r = robust.set_index("trial").to_dict("index")[best]
        out = replace(out, held_in=int(r["held_in"]), sets=int(r["sets"]))
    return out

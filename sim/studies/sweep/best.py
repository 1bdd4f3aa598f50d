"""The best design point of a sweep, per outcome with a direction, and whether it stands out.

A sweep asks which design (ratio, method mix, review strictness ...) does best. For every
outcome with a direction (``OUTCOMES``: higher or lower is better) the design point with the best
mean over its replicates is named, with the 95% interval of that mean and the spread of its runs
(10% to 90%), against the next best point: the gap's 95% interval, and whether it excludes zero
(``distinct``; otherwise the two cannot be told apart). With common random numbers (replicate r
of every point draws the same random numbers) the gap is paired replicate by replicate, as in a
comparison; without, it is Welch's interval of two independent means.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import stats

from sim.model.outcomes import OUTCOMES
from sim.runs.stats import mean_ci, paired_difference

if TYPE_CHECKING:
    from sim.studies.sweep.experiment import Experiment

__all__ = ["BEST_COLUMNS", "best_points", "point_label"]

BEST_COLUMNS = [
    "outcome", "direction", "point", "design", "runs", "mean", "ci_low", "ci_high", "p10", "p90",
    "runner_up_point", "runner_up", "runner_up_mean", "gap", "gap_low", "gap_high", "paired", "distinct",
]  # fmt: skip


def point_label(exp: Experiment, row: pd.Series | dict[str, Any]) -> str:
    """A design point in words: ``ratio = 1:2, methods = scaffolded``."""
    return ", ".join(f"{name} = {_value(row[name])}" for name in exp.parameter_names)


def _value(v: Any) -> str:
    if isinstance(v, float) and not float(v).is_integer():
        return f"{v:.4g}"
    if isinstance(v, float):
        return str(int(v))
    return str(v)


def _welch(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    """Mean of ``a`` minus mean of ``b`` and its 95% Welch interval (nan when either has < 2 runs)."""
    diff = float(a.mean() - b.mean()) if len(a) and len(b) else math.nan
    if len(a) < 2 or len(b) < 2:
        return diff, math.nan, math.nan
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    se = math.sqrt(va + vb)
    if se == 0:
        return diff, diff, diff
    dof = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
    half = float(stats.t.ppf(0.975, dof)) * se
    return diff, diff - half, diff + half


def best_points(exp: Experiment, df: pd.DataFrame) -> pd.DataFrame:
    """One row per outcome with a direction: the best design point, its runner-up and the gap.

    Args:
        exp: the experiment.
        df: the results table (one row per run; ``status`` "ok" rows count).

    Returns:
        A table with the columns ``BEST_COLUMNS`` (empty when no outcome has a direction or no run
        succeeded). ``gap`` is the best point's mean minus the runner-up's, so its sign follows
        the direction; ``distinct`` says whether its 95% interval excludes zero.
    """
    ok = df[df["status"] == "ok"]
    rows = []
    crn = exp.spec.common_random_numbers
    for o in exp.outcomes:
        way = OUTCOMES[o].direction if o in OUTCOMES else 0
        values = ok[["point", "replicate", o]].dropna()
        if way == 0 or values.empty or values[o].nunique() == 1:
            continue
        means = values.groupby("point")[o].mean().sort_values(ascending=way < 0, kind="stable")
        best = int(means.index[0])
        runs = values.loc[values["point"] == best].sort_values("replicate")
        ci = mean_ci(runs[o].to_numpy(dtype=float))
        p10, p90 = np.quantile(runs[o].to_numpy(dtype=float), [0.1, 0.9])
        first = df.loc[df["point"] == best].iloc[0]
        row: dict[str, Any] = {
            "outcome": o, "direction": way, "point": best, "design": point_label(exp, first), "runs": ci.n,
            "mean": ci.mean, "ci_low": ci.low, "ci_high": ci.high, "p10": float(p10), "p90": float(p90),
            "runner_up_point": None, "runner_up": "", "runner_up_mean": math.nan,
            "gap": math.nan, "gap_low": math.nan, "gap_high": math.nan, "paired": False, "distinct": False,
        }  # fmt: skip
        if len(means) > 1:
            second = int(means.index[1])
            other = values.loc[values["point"] == second].sort_values("replicate")
            row.update(
                runner_up_point=second,
                runner_up=point_label(exp, df.loc[df["point"] == second].iloc[0]),
                runner_up_mean=float(means.iloc[1]),
            )
            both = runs.merge(other, on="replicate", suffixes=("_best", "_other"))
            if crn and len(both) >= 2:
                d = paired_difference(both[f"{o}_other"], both[f"{o}_best"])
                gap, low, high, paired = d.mean, d.low, d.high, True
            else:
                gap, low, high = _welch(runs[o].to_numpy(dtype=float), other[o].to_numpy(dtype=float))
                paired = False
            row.update(
                gap=gap, gap_low=low, gap_high=high, paired=paired, distinct=bool(low > 0 or high < 0)
            )  # fmt: skip
        rows.append(row)
    return pd.DataFrame(rows, columns=BEST_COLUMNS)

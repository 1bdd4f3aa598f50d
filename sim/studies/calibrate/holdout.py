"""Leave one target out: what the other figures, alone, predict for each reported figure.

For each target, the first history-matching wave's points (Latin hypercube over the prior ranges, before
any wave was shaped by the targets) that the *other* targets leave plausible (each of their
implausibilities at most ``history.CUTOFF``) are the sets a fit without that figure would keep. Their
model means of the held-out figure are its prediction (the range, and the median); the figure is
**predicted** when its reported range meets the predicted one, **missed** when not, and **not judged**
with fewer than ``MIN_SETS`` sets. No run is added: the model means are those the wave measured.

Only the first wave serves: later waves sample a box the held-out figure helped to shape.
"""

from __future__ import annotations

import math

import pandas as pd

from sim.studies.calibrate.history import CUTOFF
from sim.studies.calibrate.targets import Target, TargetSet

__all__ = ["MIN_SETS", "leave_one_out", "reported_range"]

MIN_SETS = 3  # sets the other figures must leave before a prediction is judged


def reported_range(t: Target) -> tuple[float, float]:
    """The range a figure is met in: a reported band (3800多), an anchor's band, "at least" with its margin."""
    if t.kind == "between" and t.low is not None and t.high is not None:
        return t.low, t.high
    if t.band is not None:
        return t.band
    if t.kind == "at_least":
        return t.value, t.value * (1 + t.margin)
    if t.kind == "at_most":
        return 0.0, t.value
    return t.value, t.value


def leave_one_out(points: pd.DataFrame, targets: TargetSet) -> pd.DataFrame:
    """Per target: the first wave's sets the other targets keep, the prediction they make, the verdict."""
    first = points[points["wave"] == 1]
    rows = []
    for t in targets.targets:
        others = [f"I_{o.name}" for o in targets.targets if o.name != t.name and f"I_{o.name}" in first.columns]
        kept = first[first[others].max(axis=1) <= CUTOFF] if others else first
        values = kept[t.name].dropna() if t.name in kept.columns else pd.Series(dtype=float)
        low, high = reported_range(t)
        judged = len(values) >= MIN_SETS
        p_low = float(values.min()) if len(values) else math.nan
        p_high = float(values.max()) if len(values) else math.nan
        verdict = ("predicted" if p_low <= high and p_high >= low else "missed") if judged else "not_judged"
        rows.append({
            "target": t.name, "what": t.what, "reported_low": low, "reported_high": high, "sets": len(values),
            "predicted_low": p_low, "predicted_median": float(values.median()) if len(values) else math.nan,
            "predicted_high": p_high, "verdict": verdict,
        })  # fmt: skip
    return pd.DataFrame(rows)

"""History matching: the plausible parameter sets of a fit, found in waves that rule out the implausible.

After the point fit (``fit``), history matching asks the other question: which
parameter sets can NOT be ruled out by the reported figures, given how noisy one county's history
is? Each wave runs a Latin hypercube of ``points`` sets over a box (wave 1: the prior ranges), each
with the same ``replicates`` seeds, and scores every set by its implausibility, target by target:

    I = distance from the model's mean to the figure / sqrt(V_report + V_run + V_discrepancy)

where the distance is zero inside the figure's range ("over 80%" is met from 80% to 25% above, a
reported band such as "3800多" from 3,800 to 3,899, a wide anchor's band anywhere inside it),
``V_report`` is the figure's own uncertainty (Poisson for counts, at a reported band's midpoint; the
tolerance or the band for the others), ``V_run`` the variance of one run across the replicates
(the county's history is one run, not a mean of many) and ``V_discrepancy`` what the model
cannot represent (``DISCREPANCY`` of the figure, an assumption). A set is ruled out when its
largest I exceeds ``CUTOFF`` (3, Pukelsheim's three-sigma rule). The next wave samples the box of
the sets not ruled out, widened by ``WIDEN`` on each side within the priors. The sets not ruled
out in the last wave are the plausible ensemble (``ensemble.csv``) for ``compare --ensemble``.
When fewer than ``MIN_FOCUS`` sets survive a wave (a wide prior in many dimensions), the next wave
samples the box of the wave's least implausible ``FOCUS_SHARE`` instead: a refocusing step, not a
claim that those sets are plausible.

Every point is written to ``FIT/history/wave-K.csv`` (under a temporary name, renamed) as soon as
its replicates are in, so an interrupted fit resumes without redoing them: the points of a wave
follow from the seed and the box, and the box from the previous wave as its file holds it (read
back whole, so that a resumed match, which has the earlier points only as written, draws the same
boxes and keeps the same sets as an uninterrupted one).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy.stats import qmc

from sim.files import CSV_ENCODING, atomic_write
from sim.params.schema import Scenario
from sim.runs.backends import execute
from sim.runs.designs import derive_seed
from sim.studies.calibrate.targets import BAND_Z, Target, TargetSet

if TYPE_CHECKING:
    from sim.studies.calibrate.fit import FreeParameter

__all__ = ["CUTOFF", "DISCREPANCY", "HistoryMatch", "history_match", "implausibility"]

CUTOFF = 3.0  # largest implausibility of a plausible set (three-sigma rule)
DISCREPANCY = 0.05  # model discrepancy as a share of the figure (assumption)
WIDEN = 0.10  # the next wave's box: the plausible sets' box widened by this share of its width
MIN_FOCUS = 5  # with fewer survivors, the next wave samples around the least implausible ...
FOCUS_SHARE = 0.10  # ... this share of the wave (at least MIN_FOCUS sets)


def implausibility(target: Target, mean: float, run_sd: float) -> float:
    """How many standard deviations the model's mean is from the figure's range (inf: no value)."""
    y = target.centre  # a reported band's midpoint: its uncertainty the same on both sides
    if not math.isfinite(mean):
        return math.inf
    low, high = y, y
    if target.kind == "between" and target.low is not None and target.high is not None:
        low, high = target.low, target.high
    elif target.band is not None:
        low, high = target.band
    elif target.kind == "at_least":
        high = y * (1 + target.margin)
    elif target.kind == "at_most":
        low = 0.0
    distance = max(low - mean, mean - high, 0.0)
    if target.likelihood == "poisson":
        v_report = y
    elif target.band is not None:
        v_report = ((target.band[1] - target.band[0]) / (2 * BAND_Z)) ** 2
    else:
        v_report = (target.tolerance * y) ** 2
    v_run = run_sd**2 if math.isfinite(run_sd) else 0.0
    return distance / math.sqrt(v_report + v_run + (DISCREPANCY * y) ** 2)


@dataclass(frozen=True)
class HistoryMatch:
    """Every point of every wave (parameters, target means, implausibility, wave) and the plausible sets."""

    points: pd.DataFrame
    plausible: pd.DataFrame
    boxes: list[dict[str, tuple[float, float]]]
    seconds: float = 0.0  # wall time of this call (a resumed match counts only what it ran)


def _points(free: list[FreeParameter], box: dict[str, tuple[float, float]], n: int, seed: int) -> pd.DataFrame:
    """``n`` Latin hypercube points in ``box`` (log scale for log parameters; integers rounded)."""
    u = qmc.LatinHypercube(d=len(free), seed=np.random.default_rng(seed)).random(n)
    cols = {}
    for j, p in enumerate(free):
        lo, hi = box[p.key]
        x = np.exp(np.log(lo) + u[:, j] * (np.log(hi) - np.log(lo))) if p.log else lo + u[:, j] * (hi - lo)
        cols[p.key] = np.round(x).astype(int) if p.integer else x
    return pd.DataFrame(cols)


def _next_box(
    free: list[FreeParameter], plausible: pd.DataFrame, box: dict[str, tuple[float, float]]
) -> dict[str, tuple[float, float]]:
    """The box of the given points, widened by WIDEN within the prior (the same box with fewer than two)."""
    if len(plausible) < 2:
        return box
    out = {}
    for p in free:
        lo, hi = float(plausible[p.key].min()), float(plausible[p.key].max())
        if p.log:
            a, b = np.log(lo), np.log(hi)
            w = (b - a) * WIDEN or 0.01
            lo, hi = float(np.exp(a - w)), float(np.exp(b + w))
        else:
            w = (hi - lo) * WIDEN or (p.high - p.low) * 0.01
            lo, hi = lo - w, hi + w
        out[p.key] = (max(lo, p.low), min(hi, p.high))
    return out


def _score(targets: TargetSet, values: list[dict[str, float]]) -> dict[str, float]:
    """Means of each target over the replicates, each implausibility, and the largest."""
    row: dict[str, float] = {}
    worst = 0.0
    for t in targets.targets:
        x = np.array([v[t.name] for v in values], dtype=float)
        mean = float(np.mean(x)) if np.isfinite(x).all() else math.nan
        sd = float(np.std(x, ddof=1)) if len(x) > 1 and np.isfinite(x).all() else math.nan
        i = implausibility(t, mean, sd)
        row[t.name], row[f"I_{t.name}"] = mean, i
        worst = max(worst, i)
    row["implausibility"] = worst
    return row


def history_match(
    scenario: Scenario,
    targets: TargetSet,
    free: list[FreeParameter],
    folder: Path,
    *,
    waves: int,
    points: int,
    replicates: int,
    seed: int,
    run_fn: Callable[..., Any],
    workers: int = 1,
    scheduler: Any = None,
    on_point: Callable[[int, int], None] | None = None,
) -> HistoryMatch:
    """Run (or resume) the waves; ``on_point(done, total)`` after each point of the whole match."""
    store = folder / "history"
    store.mkdir(parents=True, exist_ok=True)
    seeds = [derive_seed(seed, i) for i in range(replicates)]
    box = {p.key: (p.low, p.high) for p in free}
    boxes, frames = [], []
    done_total = 0
    plausible = pd.DataFrame()
    for wave in range(1, waves + 1):
        boxes.append(dict(box))
        design = _points(free, box, points, derive_seed(seed, 1_000_000 + wave))
        path = store / f"wave-{wave}.csv"
        have = pd.read_csv(path) if path.exists() else pd.DataFrame(columns=["point"])
        rows: dict[int, dict[str, Any]] = {
            int(r["point"]): {str(c): v for c, v in r.items()} for r in have.to_dict("records")
        }
        done_total += len(rows)
        if on_point is not None:
            on_point(done_total, waves * points)
        todo = [k for k in range(points) if k not in rows]
        tasks = [(k * replicates + i, _overrides(free, design.iloc[k]), s) for k in todo for i, s in enumerate(seeds)]
        got: dict[int, dict[int, dict[str, float]]] = {}
        for record in execute(tasks, run_fn=run_fn, base=(scenario, targets), workers=workers, scheduler=scheduler):
            if not record.ok:
                raise RuntimeError(f"a history-matching run failed: {record.error}")
            k, i = divmod(record.key, replicates)
            got.setdefault(k, {})[i] = dict(record.result)
            if len(got[k]) == replicates:
                values = [got[k][j] for j in range(replicates)]
                rows[k] = {"wave": wave, "point": k, **_overrides(free, design.iloc[k]), **_score(targets, values)}
                _save(path, pd.DataFrame([rows[j] for j in sorted(rows)]))
                done_total += 1
                if on_point is not None:
                    on_point(done_total, waves * points)
        wave_table = pd.read_csv(path)  # as a resumed match reads it: the next box is the same either way
        frames.append(wave_table)
        plausible = wave_table[wave_table["implausibility"] <= CUTOFF].sort_values("implausibility", kind="stable")
        focus = plausible
        if len(plausible) < MIN_FOCUS:  # too few survivors to shape a box: the least implausible share
            focus = wave_table.nsmallest(max(MIN_FOCUS, math.ceil(FOCUS_SHARE * len(wave_table))), "implausibility")
        box = _next_box(free, focus, box)
    return HistoryMatch(pd.concat(frames, ignore_index=True), plausible.reset_index(drop=True), boxes)


def _save(path: Path, table: pd.DataFrame) -> None:
    """The wave's points so far, whole or not at all."""
    atomic_write(path, lambda tmp: table.to_csv(tmp, index=False, float_format="%.8g", encoding=CSV_ENCODING))


def _overrides(free: list[FreeParameter], row: pd.Series) -> dict[str, float | int]:
    return {p.key: int(row[p.key]) if p.integer else float(row[p.key]) for p in free}

"""Scenario discovery: where in the swept parameters an outcome condition holds (PRIM boxes).

``cadre-sim discover SWEEP_FOLDER --where "pool_renewal < 1"`` asks: of the runs of a sweep, which
ones meet the condition, and which simple box of parameter limits ("entry willingness below A and
review removal above B") holds most of them? PRIM (Friedman and Fisher 1999), as EMA Workbench
implements it (``ema_workbench.analysis.prim``, the scenario-discovery version of Bryant and
Lempert 2010), peels the space a slice at a time and records the trajectory of boxes.

**Single runs, not design-point means.** Every run is one case, with the condition judged on that
run: replicates of a design point are separate cases at the same parameters. So a box's density is
the chance that one county's run in the box meets the condition, seed noise included; a mean over
replicates would smooth that noise away and make boxes look surer than a single future is.

**The figures of a box.** Coverage: the share of all runs meeting the condition that fall in the
box. Density: the share of the box's runs that meet it. Mass: the share of all runs in the box.
Each limit has its quasi-p value (Bryant and Lempert 2010; a one-sided binomial test of whether the
limit raises the density beyond chance): limits above ``alpha`` are dropped by default, one side at
a time, the least significant first, so a sentence never rests on noise.

**Which box on a trajectory** (the rule): the densest box whose coverage of the cases still to
explain (all of them for the first box; those outside earlier boxes after) is at least
``min_coverage``; ties go to fewer restricted parameters. A further box is sought while fewer
than ``boxes`` are found and at least ``stop_below`` of the cases lie outside every box; a box
no denser than the runs it was peeled from is no box and ends the search.

Categorical parameters (forms, rules, level labels) take part as categories: a box keeps a subset.
"""

from __future__ import annotations

import logging
import math
import warnings
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import numpy as np
import pandas as pd

from sim.studies.discover.condition import Condition
from sim.studies.discover.sweep_runs import SweepRuns

__all__ = [
    "Box",
    "DiscoverError",
    "Discovery",
    "Limit",
    "MIN_CASES",
    "MIN_RUNS",
    "discover",
    "load_prim",
]

MIN_RUNS = 20  # runs with a value: fewer cannot support a box (each peel takes 5% of them)
MIN_CASES = 3  # runs meeting (and runs not meeting) the condition, at the least


class DiscoverError(ValueError):
    """Nothing to discover (too few runs, a condition true everywhere or nowhere); said in words."""


def load_prim() -> ModuleType:
    """``ema_workbench.analysis.prim``, imported quietly (it takes seconds; its ipyparallel warning is noise here)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*ipyparallel.*")
        warnings.filterwarnings("ignore", category=ImportWarning)
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        from ema_workbench.analysis import prim
    logging.getLogger("EMA").setLevel(logging.WARNING)
    return prim


@dataclass(frozen=True)
class Limit:
    """A restriction of a box on one parameter: numbers ``low``..``high`` (either side may be open), or categories."""

    parameter: str
    low: float | None = None  # None: not restricted from below
    high: float | None = None  # None: not restricted from above
    levels: tuple[str, ...] = ()  # categories kept (categorical parameters)
    p_low: float = float("nan")  # quasi-p of each restricted side (categories: p_low)
    p_high: float = float("nan")

    @property
    def categorical(self) -> bool:
        """Whether the limit keeps categories."""
        return bool(self.levels)

    @property
    def p(self) -> float:
        """The largest quasi-p of its restricted sides (the limit is as sure as its least sure side)."""
        ps = [p for p in (self.p_low, self.p_high) if math.isfinite(p)]
        return max(ps) if ps else float("nan")

    def significant(self, alpha: float) -> bool:
        """Whether every restricted side's quasi-p is at most ``alpha``."""
        return math.isfinite(self.p) and self.p <= alpha


@dataclass(frozen=True)
class Box:
    """One box found: its figures at the chosen point, its limits, and its peeling trajectory."""

    number: int  # 1, 2, ...
    coverage: float
    density: float
    mass: float
    n: int  # runs in the box
    k: int  # of them meeting the condition
    limits: list[Limit]
    trajectory: pd.DataFrame  # step, coverage, density, mass, res_dim, n, k, peeled (False: a limit dropped)
    chosen: int  # the step chosen on the trajectory (before limits were dropped)
    final: int  # the step reported (after dropping limits)
    dropped: list[Limit] = field(default_factory=list)  # limits dropped as not significant


@dataclass(frozen=True)
class Discovery:
    """What scenario discovery found on a sweep for one condition."""

    runs: SweepRuns
    condition: Condition
    used: int  # runs analysed (finished, with a value for the condition)
    no_value: int  # finished runs without a value for the condition (left out)
    cases: int  # of the used runs, those meeting the condition
    boxes: list[Box]
    settings: dict[str, Any]
    stopped: str  # why the search stopped: "boxes", "remaining", "no_box"

    @property
    def base_rate(self) -> float:
        """The share of analysed runs meeting the condition."""
        return self.cases / self.used if self.used else float("nan")

    @property
    def remaining(self) -> float:
        """The share of the cases outside every box."""
        return 1 - sum(b.k for b in self.boxes) / self.cases if self.cases else float("nan")


def _design_matrix(runs: SweepRuns, table: pd.DataFrame) -> pd.DataFrame:
    """The swept parameters that vary among ``table``'s runs, typed for PRIM (numbers, or categories as text)."""
    cols = {}
    for p in runs.parameters:
        col = table[p.name]
        if col.nunique() < 2:
            continue
        if p.categorical:
            cols[p.name] = col.astype(str).astype(object)
        else:  # integers too: EMA's pasting writes fractional quantiles into its limits (an int64 column refuses)
            cols[p.name] = col.astype("float64")
    return pd.DataFrame(cols).reset_index(drop=True)


def _qp(value: Any) -> float:
    v = float(value)
    return v if v >= 0 else float("nan")  # EMA marks an unrestricted side with -1


def _limits(prim_box: Any, step: int, init: pd.DataFrame, x: pd.DataFrame, whole: set[str]) -> list[Limit]:
    """The restricted limits of step ``step`` (whole-number parameters' limits rounded inward: the same runs)."""
    lim = prim_box.box_lims[step]
    qps = prim_box.p_values[step]
    out = []
    for name in x.columns:
        lo, hi = lim.loc[0, name], lim.loc[1, name]
        ilo, ihi = init.loc[0, name], init.loc[1, name]
        qp = qps.get(name, [-1, -1])
        if isinstance(ilo, set):
            if lo == ilo:
                continue
            kept = tuple(sorted(str(v) for v in lo))
            out.append(Limit(name, levels=kept, p_low=_qp(qp[0])))
            continue
        low = (math.ceil(lo) if name in whole else float(lo)) if lo != ilo else None
        high = (math.floor(hi) if name in whole else float(hi)) if hi != ihi else None
        if low is None and high is None:
            continue
        out.append(Limit(name, low, high, p_low=_qp(qp[0]) if low is not None else math.nan,
                         p_high=_qp(qp[1]) if high is not None else math.nan))  # fmt: skip
    return out


def _choose(traj: pd.DataFrame, to_explain: int, min_coverage: float) -> int | None:
    """The step chosen on a trajectory (the module's rule), or None when no restricted step covers enough."""
    share = traj["k"].astype(float) / max(to_explain, 1)
    ok = traj[(share >= min_coverage - 1e-12) & (traj["res_dim"] > 0)]
    if ok.empty:
        return None
    best = ok.sort_values(["density", "res_dim", "coverage"], ascending=[False, True, False], kind="stable")
    return int(best.index[0])


def _inside(x: pd.DataFrame, box_lim: pd.DataFrame) -> np.ndarray:
    """Which rows of ``x`` lie in a PRIM box (row 0 low, row 1 high; a category's row 0 its set of values)."""
    inside = np.ones(len(x), dtype=bool)
    for column in x.columns:
        values = x[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            inside &= values.isin(list(box_lim.loc[0, column])).to_numpy()  # type: ignore[arg-type]
        else:
            inside &= ((box_lim.loc[0, column] <= values) & (values <= box_lim.loc[1, column])).to_numpy()
    return inside


def _drop_insignificant(
    prim: Any, box: Any, step: int, x: pd.DataFrame, alpha: float, whole: set[str]
) -> tuple[list[Limit], int]:
    """Open, one side at a time (least significant first), every limit side whose quasi-p exceeds ``alpha``.

    Returns the limits dropped and the box's step after dropping them (``step``, the one selected, if none).
    """
    dropped: list[Limit] = []
    while True:
        limits = _limits(box, step, prim.box_init, x, whole)
        sides = [(lim.p_low, lim, 0) for lim in limits if math.isfinite(lim.p_low)]
        sides += [(lim.p_high, lim, 1) for lim in limits if math.isfinite(lim.p_high)]
        weak = [s for s in sides if s[0] > alpha]
        if not weak or len(limits) == 0:
            return dropped, step
        _, lim, side = max(weak, key=lambda s: s[0])
        new = box.box_lims[step].copy()
        if lim.categorical:
            new[lim.parameter] = prim.box_init[lim.parameter]
        else:
            new.loc[side, lim.parameter] = prim.box_init.loc[side, lim.parameter]
        inside = _inside(prim.x.loc[prim.yi_remaining, :], new)
        box.update(new, prim.yi_remaining[inside])
        step = len(box.box_lims) - 1  # update appends the opened box to the trajectory and selects it
        gone = (
            lim
            if lim.categorical
            else Limit(lim.parameter, lim.low if side == 0 else None, lim.high if side == 1 else None,
                       p_low=lim.p_low if side == 0 else math.nan, p_high=lim.p_high if side == 1 else math.nan)
        )  # fmt: skip
        dropped.append(gone)


def _enough_cases(runs: SweepRuns, condition: Condition, finished: int, used: int, cases: int) -> None:
    """Refuse a sweep with too few runs, or a condition true in none, all or too few of them.

    Raises:
        DiscoverError: naming the folder or the condition and what to try instead.
    """
    described = f"'{condition.text}'"
    if used < MIN_RUNS:
        why = f"{finished} finished run(s)" + (f", {finished - used} without a value" if finished > used else "")
        raise DiscoverError(f"{runs.folder}: {used} run(s) to analyse ({why}); at least {MIN_RUNS} are needed")
    if cases == 0:
        raise DiscoverError(
            f"{described} holds in none of the {used} runs: nothing to discover (every run is on the other side; "
            "try a threshold nearer the runs' values)"
        )
    if cases == used:
        raise DiscoverError(
            f"{described} holds in every one of the {used} runs: nothing to discover (no parameter makes a "
            "difference over the swept ranges; try a stricter threshold)"
        )
    if min(cases, used - cases) < MIN_CASES:
        few = "meet" if cases < MIN_CASES else "do not meet"
        raise DiscoverError(
            f"only {min(cases, used - cases)} of {used} runs {few} {described}: too few to find a box "
            f"(at least {MIN_CASES} on each side)"
        )


def _next_box(
    algo: Any, x: pd.DataFrame, whole: set[str], number: int, to_explain: int, base: float, settings: dict[str, Any]
) -> Box | None:
    """PRIM's next box: the densest step covering enough of the cases left, its weak limits dropped (None: no box).

    A step no denser than ``base`` (the share of cases among the runs left), or a box with no limit
    left, is not a box.
    """
    pbox = algo.find_box()
    if pbox is None:
        return None
    peeled = len(pbox.peeling_trajectory)
    traj = pbox.peeling_trajectory.reset_index(drop=True)
    chosen = _choose(traj, to_explain, settings["min_coverage"])
    if chosen is None or float(traj.loc[chosen, "density"]) <= base:
        return None
    pbox.select(chosen)
    dropped, final = (
        _drop_insignificant(algo, pbox, chosen, x, settings["alpha"], whole)
        if settings["drop_insignificant"]
        else ([], chosen)
    )
    row = pbox.peeling_trajectory.iloc[final]
    limits = _limits(pbox, final, algo.box_init, x, whole)
    if not limits or float(row["density"]) <= base:  # nothing left but noise: no box
        return None
    traj = pbox.peeling_trajectory.reset_index(drop=True)[["coverage", "density", "mass", "res_dim", "n", "k"]]
    traj.insert(0, "step", range(len(traj)))
    traj["peeled"] = traj["step"] < peeled
    return Box(number, float(row["coverage"]), float(row["density"]), float(row["mass"]), int(row["n"]),
               int(row["k"]), limits, traj, chosen, final, dropped)  # fmt: skip


def discover(
    runs: SweepRuns,
    condition: Condition,
    *,
    boxes: int = 3,
    min_coverage: float = 0.5,
    peel_alpha: float = 0.05,
    mass_min: float = 0.05,
    alpha: float = 0.05,
    stop_below: float = 0.10,
    drop_insignificant: bool = True,
    prim_module: ModuleType | None = None,
) -> Discovery:
    """Find up to ``boxes`` PRIM boxes where ``condition`` holds among the finished runs of ``runs``.

    Args:
        runs: the sweep (``sim.studies.discover.sweep_runs.read_sweep``).
        condition: the condition (``sim.studies.discover.condition.parse_condition``).
        boxes: at most this many boxes.
        min_coverage: the chosen box covers at least this share of the cases still to explain.
        peel_alpha: the share of runs a peel takes off (PRIM's alpha).
        mass_min: the smallest box, as a share of all runs.
        alpha: a limit whose quasi-p is above this is not significant (and dropped).
        stop_below: no further box once fewer than this share of the cases lie outside the boxes.
        drop_insignificant: drop limits that are not significant (else only mark them).
        prim_module: ``ema_workbench.analysis.prim`` if already imported (``load_prim``).

    Raises:
        DiscoverError: too few runs, the condition true in none or all of them, or no parameter varies.
    """
    ok = runs.ok
    met, known = condition.evaluate(ok)
    table = ok[known].reset_index(drop=True)
    y = met[known].astype(int)
    used, cases = len(table), int(y.sum())
    _enough_cases(runs, condition, len(ok), used, cases)
    x = _design_matrix(runs, table)
    if x.shape[1] == 0:
        raise DiscoverError(f"{runs.folder}: no swept parameter varies among the finished runs: nothing to discover")
    whole = {p.name for p in runs.parameters if p.integer and p.name in x.columns}
    prim = prim_module or load_prim()
    settings = dict(boxes=boxes, min_coverage=min_coverage, peel_alpha=peel_alpha, mass_min=mass_min, alpha=alpha,
                    stop_below=stop_below, drop_insignificant=drop_insignificant)  # fmt: skip
    found: list[Box] = []
    stopped = "boxes"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # EMA Workbench's own deprecation notices from pandas
        algo = prim.Prim(x, y, peel_alpha=peel_alpha, mass_min=mass_min)
        while len(found) < boxes:
            to_explain = cases - sum(b.k for b in found)
            if to_explain / cases < stop_below:
                stopped = "remaining"
                break
            base = to_explain / (used - sum(b.n for b in found))
            box = _next_box(algo, x, whole, len(found) + 1, to_explain, base, settings)
            if box is None:
                stopped = "no_box"  # not a box, and the search ends here (PRIM is not asked again)
                break
            found.append(box)
    return Discovery(runs, condition, used, len(ok) - used, cases, found, settings, stopped)

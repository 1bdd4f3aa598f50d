"""Screening: Morris elementary effects of each outcome, to drop inert parameters before Sobol'.

A Morris design (``design = "morris"``, ``sim.runs.designs``) walks r trajectories through
a grid of p levels, moving one parameter at a time by delta = p / (2 (p - 1)) of its range.
The elementary effect of a step is the outcome's change divided by delta (``SALib.analyze.
morris.analyze``, unscaled): the change the step would give over the parameter's whole range,
in the outcome's own unit. Because every parameter is measured against its own range (on a
log scale for a ``log = true`` range), effects compare across parameters of different units:
mu* says how much the outcome moves when a parameter crosses the range the experiment gives
it, so a parameter's screening verdict is only as good as that range.

Per outcome and parameter: ``mu`` (the mean effect: its sign says which way the outcome goes),
``mu_star`` (the mean absolute effect: the size of the influence, and the ranking key),
its 95% interval (SALib's bootstrap of mu*, 1,000 resamples from a generator seeded by the
experiment's seed, shown as mu* -/+ the half-width, clipped at 0), ``sigma`` (the standard
deviation of the effects: large against mu* when the effect changes across the space, i.e.
non-linear or in interaction), and ``rank`` (1 = largest mu*).

Replicates. The outcome of a design point is its mean over replicates; with common random
numbers every point uses the same seeds, so a step compares like with like. The seed noise of
mu* is measured from the replicates: a step's effect is the mean of its replicates' effects
(``y_k(after) - y_k(before)``, same seed k, divided by delta), whose standard error is their
standard deviation over sqrt(replicates); a parameter with no effect at all would still show
mu* ~ sqrt(2 / pi) x that standard error (the mean of |N(0, se^2)|), the ``seed_noise``
column (root mean square over the parameter's steps). With one replicate it cannot be measured.

Rules (constants below). A parameter looks inert for an outcome when its mu* is below
``INERT_SHARE`` (10%) of the largest mu* of that outcome AND the lower end of its 95% interval
is at or below the seed noise (it cannot be told from noise); with one replicate, the first
test alone. It acts non-linearly or in interaction when it is not inert and its sigma beyond
the seed noise, over mu*, is at least ``NONLINEAR_RATIO`` (0.5; Garcia Sanchez et al. 2014 call
0.1-0.5 "monotonic", above 0.5 no longer so; a pure quadratic on 4 levels gives about 0.47, a
product with another parameter 0.6 or more). Seed noise spreads the effects too (each by sd
``seed_noise`` / sqrt(2 / pi)), so that spread is taken out first: ``sigma_beyond_noise`` =
sqrt(max(0, sigma^2 - (seed_noise / sqrt(2 / pi))^2)), sigma itself with one replicate.

A failed run, or an outcome that is n/a at a point, leaves that point without a mean: every
trajectory through such a point is dropped for that outcome (its other steps would compare
different replicates), the count used is in the ``trajectories`` column, and an outcome with
fewer than 2 complete trajectories is not analysed (listed as skipped).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sim.runs.designs import morris_delta

if TYPE_CHECKING:
    from sim.studies.sweep.experiment import Experiment

__all__ = ["COLUMNS", "INERT_SHARE", "NONLINEAR_RATIO", "fixable", "screening_table"]

INERT_SHARE = 0.10  # mu* below this share of the outcome's largest mu* (with noise overlap): inert
NONLINEAR_RATIO = 0.5  # sigma / mu* at or above it: non-linear or in interaction
N_RESAMPLES = 1000  # bootstrap resamples of mu*'s interval (SALib's default is 100)
CONFIDENCE = 0.95

COLUMNS = [
    "outcome", "parameter", "rank", "mu", "mu_star", "mu_star_low", "mu_star_high", "sigma",
    "sigma_over_mu_star", "seed_noise", "sigma_beyond_noise", "inert", "nonlinear", "trajectories",
]  # fmt: skip


def _replicate_values(exp: Experiment, df: pd.DataFrame, outcome: str) -> np.ndarray:
    """(points x replicates) values of ``outcome``; nan where a run failed or gave no value."""
    y = np.full((exp.n_points, exp.replicates), np.nan)
    ok = df[df["status"] == "ok"]
    if len(ok):
        values = ok[outcome].to_numpy(dtype=float)
        y[ok["point"].to_numpy(dtype=int), ok["replicate"].to_numpy(dtype=int)] = values
    return y


def _steps(x: np.ndarray, d: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every step of every trajectory: (row before, row after, parameter moved, +1 up / -1 down)."""
    n_traj = len(x) // (d + 1)
    before = (np.arange(n_traj)[:, None] * (d + 1) + np.arange(d)[None, :]).ravel()
    after = before + 1
    move = x[after] - x[before]
    which = np.abs(move).argmax(axis=1)
    sign = np.sign(move[np.arange(len(which)), which])
    return before, after, which, sign


def _seed_noise(y: np.ndarray, x: np.ndarray, keep_rows: np.ndarray, d: int, delta: float) -> np.ndarray:
    """Per parameter: the mu* that seed noise alone would give (nan with one replicate)."""
    if y.shape[1] < 2:
        return np.full(d, np.nan)
    before, after, which, sign = _steps(x[keep_rows], d)
    yk = y[keep_rows]
    effects = sign[:, None] * (yk[after] - yk[before]) / delta  # steps x replicates
    se2 = effects.var(axis=1, ddof=1) / y.shape[1]
    out = np.full(d, np.nan)
    for i in range(d):
        mine = se2[which == i]
        if len(mine):
            out[i] = math.sqrt(2.0 / math.pi) * math.sqrt(float(mine.mean()))
    return out


def screening_table(
    exp: Experiment, df: pd.DataFrame, n_resamples: int = N_RESAMPLES
) -> tuple[pd.DataFrame, list[str]]:
    """Morris statistics of every outcome and parameter (``COLUMNS``), and the outcomes skipped.

    ``df`` is the sweep's results table (one row per run, ``status``, ``point``, ``replicate``
    and the outcomes). Rows are ordered by outcome, then rank.
    """
    from SALib.analyze.morris import analyze  # loaded only for a Morris sweep

    d = len(exp.factors)
    x = exp.unit_design()
    delta = morris_delta(exp.levels)
    n_traj = exp.n_points // (d + 1)
    problem = {"num_vars": d, "names": exp.parameter_names, "bounds": [[0.0, 1.0]] * d}
    rows: list[dict] = []
    skipped: list[str] = []
    for o in exp.outcomes:
        y = _replicate_values(exp, df, o)
        complete = np.isfinite(y).all(axis=1).reshape(n_traj, d + 1).all(axis=1)
        if complete.sum() < 2:
            skipped.append(o)
            continue
        keep_rows = (np.flatnonzero(complete)[:, None] * (d + 1) + np.arange(d + 1)[None, :]).ravel()
        means = y[keep_rows].mean(axis=1)
        res = analyze(problem, x[keep_rows], means, num_resamples=n_resamples, conf_level=CONFIDENCE,
                      num_levels=exp.levels, seed=exp.spec.seed % 2**32)  # fmt: skip
        noise = _seed_noise(y, x, keep_rows, d, delta)
        mu_star = np.asarray(res["mu_star"], dtype=float)
        half = np.nan_to_num(np.asarray(res["mu_star_conf"], dtype=float))
        sigma = np.asarray(res["sigma"], dtype=float)
        top = float(mu_star.max())
        order = np.argsort(-mu_star, kind="stable")
        for rank, i in enumerate(order, start=1):
            low = max(0.0, mu_star[i] - half[i])
            small = mu_star[i] <= INERT_SHARE * top
            inert = bool(small and (math.isnan(noise[i]) or low <= noise[i]))
            ratio = sigma[i] / mu_star[i] if mu_star[i] > 0 else float("nan")
            spread = (
                sigma[i] if math.isnan(noise[i]) else math.sqrt(max(0.0, sigma[i] ** 2 - noise[i] ** 2 * math.pi / 2))
            )
            rows.append({
                "outcome": o, "parameter": exp.parameter_names[i], "rank": rank, "mu": float(res["mu"][i]),
                "mu_star": float(mu_star[i]), "mu_star_low": low, "mu_star_high": float(mu_star[i] + half[i]),
                "sigma": float(sigma[i]), "sigma_over_mu_star": ratio, "seed_noise": float(noise[i]),
                "sigma_beyond_noise": spread, "inert": inert,
                "nonlinear": bool(not inert and mu_star[i] > 0 and spread >= NONLINEAR_RATIO * mu_star[i]),
                "trajectories": int(complete.sum()),
            })  # fmt: skip
    return pd.DataFrame(rows, columns=COLUMNS), skipped


def fixable(table: pd.DataFrame) -> list[str]:
    """The parameters that look inert on every outcome analysed (in the table's parameter order)."""
    if table.empty:
        return []
    inert = table.groupby("parameter", sort=False)["inert"].all()
    return [str(p) for p, flag in inert.items() if flag]

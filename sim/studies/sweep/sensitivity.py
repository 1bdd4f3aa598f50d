"""Sensitivity analysis: first-order and total Sobol' indices of each outcome, with bootstrap intervals.

The outcome of a design point is its mean over replicates; the indices come from
``scipy.stats.sobol_indices`` on the evaluations of a Saltelli design (``sim.runs.designs``),
with a seeded BCa bootstrap so that the intervals are reproducible.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy.stats import bootstrap, sobol_indices

from sim.runs.designs import saltelli_blocks

if TYPE_CHECKING:
    from sim.studies.sweep.experiment import Experiment


def _saltelli_2010(f_A: np.ndarray, f_B: np.ndarray, f_AB: np.ndarray) -> np.ndarray:
    """First-order and total indices (2, d[, s]) by Saltelli et al. (2010), Table 2 (b) and (f), as scipy has them."""
    var = np.var([f_A, f_B], axis=(0, -1))  # from A and B only, which are independent
    first = np.mean(f_B * (f_AB - f_A), axis=-1) / var
    total = 0.5 * np.mean((f_A - f_AB) ** 2, axis=-1) / var
    return np.squeeze((first.T, total.T))


def sobol_from_runs(
    f_A, f_B, f_AB, *, confidence: float = 0.95, n_resamples: int = 999, seed: int = 0
) -> dict[str, np.ndarray]:
    """Sobol' indices from Saltelli-design evaluations computed outside scipy.

    Shapes follow `scipy.stats.sobol_indices`: f_A, f_B are (s, n); f_AB is (d, s, n)
    for s outputs, d parameters and n base samples. Returns arrays of shape (s, d):
    first_order, total_order and their bootstrap interval bounds.
    """
    f_A = np.asarray(f_A, dtype=float)
    f_B = np.asarray(f_B, dtype=float)
    f_AB = np.asarray(f_AB, dtype=float)
    n = f_A.shape[-1]
    res = sobol_indices(func={"f_A": f_A, "f_B": f_B, "f_AB": f_AB}, n=n)
    # The BCa bootstrap SobolResult.bootstrap makes (resampled outcomes, centred on the whole sample's
    # mean), with a seeded generator so that the intervals are reproducible.
    mean = np.mean([f_A, f_B], axis=(0, -1)).reshape(-1, 1)
    c_A, c_B, c_AB = f_A - mean, f_B - mean, f_AB - mean

    def statistic(idx):
        return _saltelli_2010(c_A[:, idx], c_B[:, idx], c_AB[..., idx])

    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        warnings.simplefilter("ignore")
        boot = bootstrap(
            [np.arange(n)],
            statistic=statistic,
            method="BCa",
            n_resamples=n_resamples,
            confidence_level=confidence,
            rng=np.random.default_rng(seed),
        )
    low, high = boot.confidence_interval.low, boot.confidence_interval.high
    s, d = f_A.shape[0], f_AB.shape[0]

    def shape(a):
        return np.asarray(a, dtype=float).reshape(s, d)

    fo, to = shape(res.first_order), shape(res.total_order)
    # A degenerate bootstrap distribution (e.g. an index that is exactly 0) gives nan
    # bounds; the interval is then the point itself.
    low = np.where(np.isfinite(low), low, np.stack([fo.ravel(), to.ravel()]).reshape(np.shape(low)))
    high = np.where(np.isfinite(high), high, np.stack([fo.ravel(), to.ravel()]).reshape(np.shape(high)))
    return {
        "first_order": fo,
        "total_order": to,
        "first_order_low": shape(low[0]),
        "first_order_high": shape(high[0]),
        "total_order_low": shape(low[1]),
        "total_order_high": shape(high[1]),
    }


def sensitivity_table(exp: Experiment, df: pd.DataFrame, n_resamples: int = 999) -> tuple[pd.DataFrame, list[str]]:
    """First-order and total Sobol' indices (bootstrap 95% intervals) of each outcome.

    Outcomes with a design point that has no value (a failed run, or n/a there) are skipped and
    listed in the second element.
    """
    n = exp.spec.samples or 0
    d = len(exp.factors)
    ok = df[df["status"] == "ok"]
    means = ok.groupby("point")[exp.outcomes].mean().reindex(range(exp.n_points))
    usable = [o for o in exp.outcomes if means[o].notna().all()]
    skipped = [o for o in exp.outcomes if o not in usable]
    if not usable:
        return pd.DataFrame(), skipped
    f_a, f_b, f_ab = saltelli_blocks(means[usable].to_numpy().T, n, d)
    res = sobol_from_runs(f_a, f_b, f_ab, n_resamples=n_resamples, seed=exp.spec.seed % 2**32)
    rows: list[dict[str, Any]] = []
    for j, o in enumerate(usable):
        for i, f in enumerate(exp.factors):
            rows.append({"outcome": o, "parameter": f.name, **{key: res[key][j, i] for key in _INDEX_KEYS}})
    return pd.DataFrame(rows), skipped


_INDEX_KEYS = (
    "first_order", "first_order_low", "first_order_high", "total_order", "total_order_low", "total_order_high",
)  # fmt: skip

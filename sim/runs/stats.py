"""Statistics of replicates used by comparisons and sweeps.

Everything here is plain numpy + scipy.stats:

- `mean_ci`: mean and t-based confidence interval of independent replicates;
- `paired_difference`: mean of paired differences (variant minus reference, replicate by
  replicate, as produced with common random numbers), its t interval, the paired t-test
  and the Wilcoxon signed-rank test;
(Sobol' indices are in `sim.studies.sweep.sensitivity`.)

Why the paired t-test is the headline test: with common random numbers the differences
are replicate-by-replicate and roughly normal for the aggregate figures this model
reports (sums and means over thousands of cadres), so the t interval and the t-test
agree by construction. The Wilcoxon signed-rank test is reported next to it as a
distribution-free check; `report.md` says so when the two disagree at the 5% level.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
from scipy import stats

__all__ = [
    "MeanCI",
    "PairedDiff",
    "mean_ci",
    "paired_difference",
    "format_p",
]


@dataclass(frozen=True)
class MeanCI:
    """Mean of n observations, their sd and the confidence interval of the mean."""

    n: int
    mean: float
    sd: float
    low: float
    high: float


@dataclass(frozen=True)
class PairedDiff:
    """Paired difference of a variant against a reference: mean, sd, interval, relative change, tests."""

    n: int
    mean: float  # mean of (variant - reference)
    sd: float
    low: float
    high: float
    rel: float  # mean difference relative to the reference mean (nan if reference mean is 0)
    t_p: float  # paired t-test p-value (two-sided)
    wilcoxon_p: float  # Wilcoxon signed-rank p-value (two-sided)

    @property
    def significant(self) -> bool:
        """True when the confidence interval excludes zero."""
        return bool(self.low > 0 or self.high < 0)


def _clean(x) -> np.ndarray:
    a = np.asarray(x, dtype=float).ravel()
    return a[np.isfinite(a)]


def mean_ci(x, confidence: float = 0.95) -> MeanCI:
    """Mean and two-sided t confidence interval of independent observations."""
    a = _clean(x)
    n = a.size
    if n == 0:
        nan = float("nan")
        return MeanCI(0, nan, nan, nan, nan)
    m = float(a.mean())
    if n == 1:
        return MeanCI(1, m, float("nan"), float("nan"), float("nan"))
    sd = float(a.std(ddof=1))
    half = float(stats.t.ppf(0.5 + confidence / 2, n - 1)) * sd / math.sqrt(n)
    return MeanCI(n, m, sd, m - half, m + half)


def paired_difference(reference, variant, confidence: float = 0.95) -> PairedDiff:
    """Paired comparison of `variant` against `reference` (same replicate seeds).

    Pairs where either side is missing (nan) are dropped.
    """
    ref = np.asarray(reference, dtype=float).ravel()
    var = np.asarray(variant, dtype=float).ravel()
    if ref.shape != var.shape:
        raise ValueError(f"paired samples differ in length: {ref.size} vs {var.size}")
    keep = np.isfinite(ref) & np.isfinite(var)
    ref, var = ref[keep], var[keep]
    d = var - ref
    ci = mean_ci(d, confidence)
    ref_mean = float(ref.mean()) if ref.size else float("nan")
    rel = ci.mean / abs(ref_mean) if ref.size and ref_mean != 0 else float("nan")
    n = d.size
    if n < 2:
        t_p = w_p = float("nan")
    elif np.all(d == d[0]):
        # No spread: either identical variants (p = 1) or a constant shift (p -> 0).
        t_p = w_p = 1.0 if d[0] == 0 else 0.0
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t_p = float(stats.ttest_rel(var, ref).pvalue)
            try:
                w_p = float(stats.wilcoxon(d, zero_method="zsplit").pvalue)
            except ValueError:
                w_p = float("nan")
    return PairedDiff(n, ci.mean, ci.sd, ci.low, ci.high, rel, t_p, w_p)


def format_p(p: float) -> str:
    """A p-value as a reader sees it (``p < 0.001``, ``p = 0.03``)."""
    if not np.isfinite(p):
        return "p n/a"
    if p < 0.001:
        return "p < 0.001"
    if p < 0.01:
        return f"p = {p:.3f}"
    return f"p = {p:.2f}"

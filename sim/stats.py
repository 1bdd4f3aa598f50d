"""Small, dependency-light statistics used by `compare` and `sweep`.

Everything here is plain numpy + scipy.stats:

- `mean_ci`: mean and t-based confidence interval of independent replicates;
- `paired_difference`: mean of paired differences (variant minus reference, replicate by
  replicate, as produced with common random numbers), its t interval, the paired t-test
  and the Wilcoxon signed-rank test;
- `sobol_from_runs`: first-order and total Sobol' indices with bootstrap intervals from a
  Saltelli design evaluated elsewhere (the sweep), via `scipy.stats.sobol_indices`.

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

__all__ = [
    "MeanCI",
    "PairedDiff",
    "mean_ci",
    "paired_difference",
    "format_p",
    "certainty_words",
    "sobol_from_runs",
]


@dataclass(frozen=True)
class MeanCI:
    n: int
    mean: float
    sd: float
    low: float
    high: float


@dataclass(frozen=True)
class PairedDiff:
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
    from scipy import stats

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
    from scipy import stats

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
    if not np.isfinite(p):
        return "p n/a"
    if p < 0.001:
        return "p < 0.001"
    if p < 0.01:
        return f"p = {p:.3f}"
    return f"p = {p:.2f}"


def certainty_words(p: float) -> str:
    """Plain words for how sure a paired difference is."""
    if not np.isfinite(p):
        return "cannot tell (too few replicates)"
    if p < 0.001:
        return "very sure"
    if p < 0.01:
        return "sure"
    if p < 0.05:
        return "fairly sure"
    if p < 0.2:
        return "not sure (could be luck)"
    return "no evidence of a difference"


def sobol_from_runs(f_A, f_B, f_AB, *, confidence: float = 0.95, n_resamples: int = 999,
                    seed: int = 0) -> dict[str, np.ndarray]:
    """Sobol' indices from Saltelli-design evaluations computed outside scipy.

    Shapes follow `scipy.stats.sobol_indices`: f_A, f_B are (s, n); f_AB is (d, s, n)
    for s outputs, d parameters and n base samples. Returns arrays of shape (s, d):
    first_order, total_order and their bootstrap interval bounds.
    """
    from scipy.stats import bootstrap, sobol_indices

    f_A = np.asarray(f_A, dtype=float)
    f_B = np.asarray(f_B, dtype=float)
    f_AB = np.asarray(f_AB, dtype=float)
    n = f_A.shape[-1]
    res = sobol_indices(func={"f_A": f_A, "f_B": f_B, "f_AB": f_AB}, n=n)

    # Same BCa bootstrap as SobolResult.bootstrap, but with a seeded generator so the
    # intervals are reproducible.
    def statistic(idx):
        return res._indices_method(res._f_A[:, idx], res._f_B[:, idx], res._f_AB[..., idx])

    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        warnings.simplefilter("ignore")
        boot = bootstrap([np.arange(n)], statistic=statistic, method="BCa",
                         n_resamples=n_resamples, confidence_level=confidence,
                         rng=np.random.default_rng(seed))
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

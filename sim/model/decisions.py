"""Discrete decisions that do not hinge on the last bits of a float.

CPUs pick different SIMD paths (AVX2, AVX-512, NEON), so a reduction such as ``x.mean(axis=1)``
adds in a different order on another machine and can differ in the last bits. A discrete
decision (who is a backbone, who is paired with whom, who is removed from the pool) must not
flip on such noise. So every decision here:

- averages in a fixed order (``ordered_mean``: slice by slice, elementwise adds, which IEEE 754
  rounds the same way on every machine), or with an exactly rounded sum (``math.fsum``);
- compares and sorts values snapped to a grid of ``GRID`` (``snap``), with ties broken by
  position (stable sorts), and solves assignments on integer costs (``integer_costs``).

Continuous values (skills, pulls, hours) may still differ in their last bits between machines,
through transcendental functions (``exp``) that CPUs compute differently; a decision can then
differ only if a value falls within that noise of a grid boundary, which is rare, and the
results then differ as two replicates do. Tests compare across machines statistically.
"""

from __future__ import annotations

import math

import numpy as np

GRID_DECIMALS = 9
GRID = 10.0**-GRID_DECIMALS  # decisions see values to 1e-9 (skill is on a 0-1 scale)


def ordered_mean(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Mean along ``axis``, adding the slices in index order (the same bits on every machine)."""
    x = np.asarray(x, dtype=np.float64)
    n = x.shape[axis]
    if n == 0:
        return np.full(np.delete(x.shape, axis), np.nan)
    if axis in (-1, x.ndim - 1):  # the usual case (aspects last), with less Python per call
        total = x[..., 0].copy()
        for k in range(1, n):
            total += x[..., k]
        total /= n
        return total
    index: list[slice | int] = [slice(None)] * x.ndim
    index[axis] = 0
    total = x[tuple(index)].copy()
    for k in range(1, n):
        index[axis] = k
        total += x[tuple(index)]
    total /= n
    return total


def aspect_mean(skill: np.ndarray) -> np.ndarray:
    """Mean skill over the aspects (last axis), in a fixed order."""
    return ordered_mean(skill, axis=-1)


def snap(x: np.ndarray | float) -> np.ndarray:
    """``x`` rounded to the decision grid."""
    return np.round(np.asarray(x, dtype=np.float64), GRID_DECIMALS)


def at_least(x: np.ndarray, threshold: float) -> np.ndarray:
    """``x >= threshold`` on the decision grid."""
    return snap(x) >= snap(threshold)


def order(keys: np.ndarray, descending: bool = False) -> np.ndarray:
    """Positions that sort ``keys`` on the decision grid; ties keep their order (lower position first)."""
    snapped = snap(keys)
    return np.argsort(-snapped if descending else snapped, kind="stable")


def integer_costs(values: np.ndarray) -> np.ndarray:
    """``values`` in whole grid steps (as floats): an assignment on them adds exactly, in any order."""
    return np.rint(np.asarray(values, dtype=np.float64) / GRID)


def best_assignment(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns of the assignment of most total value, solved on integer costs.

    The solver's sums are exact, so near-ties resolve alike on every machine. SciPy's solver is
    imported on the first call: the scenario schema imports the matching rules, and `cadre-sim
    validate` should not wait for SciPy.
    """
    from scipy.optimize import linear_sum_assignment

    return linear_sum_assignment(integer_costs(values), maximize=True)


def exact_mean_sd(x: np.ndarray) -> tuple[float, float]:
    """Mean and (population) standard deviation with exactly rounded sums (``math.fsum``)."""
    n = len(x)
    mean = math.fsum(x.tolist()) / n
    sd = math.sqrt(math.fsum(((x - mean) ** 2).tolist()) / n)
    return mean, sd

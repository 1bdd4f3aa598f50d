"""Designs and seeds: where in the parameter space runs go, and which random numbers each gets.

- ``grid``: the full factorial of the factors' levels, the last factor varying fastest;
- ``lhs``: a Latin hypercube on the unit cube (``scipy.stats.qmc.LatinHypercube``);
- ``sobol``: Saltelli's scheme for Sobol' indices: matrices A and B (N rows each, from one
  2d-dimensional scrambled Sobol' sequence), then for each parameter i the matrix A with column
  i taken from B (Saltelli 2010, as in ``scipy.stats.sobol_indices``): N (d + 2) points;
- ``morris``: r one-at-a-time trajectories on a grid of p levels (0, 1/(p-1), ..., 1), each of
  d + 1 points that move one parameter at a time by delta = p / (2 (p - 1)) of its range
  (Morris 1991, ``SALib.sample.morris``, no trajectory optimisation): r (d + 1) points.

Seeds. Every run gets one integer seed derived from ``numpy.random.SeedSequence(root,
spawn_key=(stream,))``, the ``stream``-th child that ``SeedSequence(root).spawn`` would give;
the seed depends only on the experiment, never on the backend or the number of workers.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import qmc

DESIGNS = ("grid", "lhs", "sobol", "morris")
MORRIS_LEVELS = 4  # grid levels p of a Morris design when the file gives none (Morris 1991; SALib's default)


def derive_seed(root_seed: int, stream: int) -> int:
    """The integer seed of stream ``stream``: child ``stream`` of ``SeedSequence(root_seed)``.

    Returned as a 63-bit integer so it fits an int64 column and can be given back to
    ``simulate(scenario, seed)`` (or ``cadre-sim run --seed``) to replay one run exactly.
    """
    ss = np.random.SeedSequence(int(root_seed), spawn_key=(int(stream),))
    return int(ss.generate_state(1, np.uint64)[0] >> np.uint64(1))


def unit_design(design: str, d: int, samples: int, seed: int, levels: int = MORRIS_LEVELS) -> np.ndarray:
    """The ``lhs``, ``sobol`` or ``morris`` design on the unit hypercube, one row per point (d columns).

    For ``morris``, ``samples`` is the number of trajectories r and ``levels`` the grid's p;
    the rows of trajectory t are ``t (d + 1)`` to ``t (d + 1) + d``.
    """
    rng = np.random.default_rng(seed)
    if design == "lhs":
        return qmc.LatinHypercube(d=d, rng=rng).random(samples)
    if design == "morris":
        from SALib.sample.morris import sample as morris_sample  # loaded only for a Morris design

        problem = {"num_vars": d, "names": [f"x{i}" for i in range(d)], "bounds": [[0.0, 1.0]] * d}
        return np.asarray(morris_sample(problem, samples, num_levels=levels, seed=rng), dtype=float)
    if design != "sobol":
        raise ValueError(f"unit_design makes 'lhs', 'sobol' or 'morris' designs, not {design!r}")
    ab = qmc.Sobol(d=2 * d, rng=rng, bits=64).random(samples)
    a, b = ab[:, :d], ab[:, d:]
    blocks = [a, b]
    for i in range(d):
        abi = a.copy()
        abi[:, i] = b[:, i]
        blocks.append(abi)
    return np.vstack(blocks)


def morris_delta(levels: int) -> float:
    """The step of a Morris trajectory on a grid of ``levels`` levels, as a share of the range."""
    return levels / (2.0 * (levels - 1))


def saltelli_blocks(y: np.ndarray, samples: int, d: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Split outcomes of a Saltelli design (outputs x points) into f(A), f(B) and f(AB_i) (d x outputs x N)."""
    f_a, f_b = y[:, :samples], y[:, samples : 2 * samples]
    f_ab = np.stack([y[:, (2 + i) * samples : (3 + i) * samples] for i in range(d)])
    return f_a, f_b, f_ab

"""Experiment files: which parameters a sweep varies, how, and how often.

The space to explore is declared here, apart from the model (EMA Workbench style): an
experiment names a base scenario, fixed overrides, the varied parameters, a design,
replicates, a root seed and the outcomes to keep. ``cadre-sim sweep FILE`` runs it.

File format (TOML; every key is checked, unknown keys are errors)::

    # Which question this experiment answers (a comment).
    name = "ratio_x_methods"          # optional; default: the file name
    description = "one line"          # optional
    scenario = "baseline"             # a scenario file, relative to this file, or a bundled name
    design = "grid"                   # "grid" (full factorial), "lhs" (Latin hypercube), "sobol" (Saltelli),
                                      # "morris" (elementary effects: screening before Sobol')
    samples = 64                      # lhs: number of points; sobol: base sample N (a power of 2);
                                      # morris: trajectories r (2 or more), r (d + 1) points for d parameters
    levels = 4                        # morris only: grid levels p (even, 4 .. 20; default 4)
    replicates = 5                    # runs per design point (different seeds)
    seed = 20240501                   # root seed of the whole experiment
    common_random_numbers = true      # replicate r of every design point uses the same seed
    outcomes = ["backbones_total"]    # outcomes to keep (default: all of sim.model.outcomes.OUTCOMES)

    [fixed]                           # overrides applied to every run
    "run.years" = 10

    [parameters]                      # what varies; names as in `cadre-sim params`
    "pairing.mentees_per_mentor" = [1, 2, 3]            # a list of values
    "growth.mentoring_rate" = { min = 0.02, max = 0.12 } # a range (lhs / sobol / morris)
    "pool.review_removal_share" = { min = 0, max = 0.2, num = 5 }   # grid: 5 evenly spaced values
    "flows.intake_per_year" = { min = 100, max = 400, step = 100 }  # grid: 100, 200, 300, 400
    # A factor whose levels each set several parameters (for parameters that must change together):
    ratio = [ { label = "1:1", "pairing.form" = "one_to_one", "pairing.mentees_per_mentor" = 1 },
              { label = "1:2", "pairing.form" = "one_to_many", "pairing.mentees_per_mentor" = 2 } ]

Parameters may also be written as nested tables (``[parameters.pairing]`` then
``mentees_per_mentor = [1, 2]``). Integer parameters sampled from a range are rounded (each
integer in the range is equally likely). A Morris design takes ranges only (a list has no
distance between its levels), puts them on its grid of ``levels`` values from min to max (on a
log scale with ``log = true``), and needs an integer range whose every level is an integer.

Seeds. Every run gets one integer seed (the ``seed`` column of the results), derived as in
``sim.runs.designs.derive_seed``. With ``common_random_numbers = true`` (the default) the
stream is the replicate index: replicate r of every design point draws the same random
numbers, so differences between points come from the parameters, not from luck (smoother
plots, sharper sensitivity indices). With ``false`` the stream is the run index and every run
is independent. Either way the seed depends only on the file, never on the backend or the
number of workers, so results are identical to the bit on 1 or many workers or on Dask.

Run order: run index ``k`` is design point ``k // replicates``, replicate ``k % replicates``.
Designs: ``sim.runs.designs``. Files are read by ``sim.studies.sweep.experiment_file``.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from sim.runs.designs import MORRIS_LEVELS, derive_seed, unit_design
from sim.studies.sweep.factors import ExperimentError, Factor

if TYPE_CHECKING:
    from sim.params.schema import Scenario
    from sim.studies.sweep.experiment_file import ExperimentFile

__all__ = ["Experiment", "ExperimentError", "Factor", "count_points"]


def count_points(design: str, samples: int, levels: list[int]) -> int:
    """Design points of ``design`` with ``samples`` over factors of ``levels`` values each (a grid multiplies them)."""
    if design == "grid":
        return math.prod(levels)
    if design == "morris":
        return samples * (len(levels) + 1)
    return samples if design == "lhs" else samples * (len(levels) + 2)


@dataclass
class Experiment:
    """A validated experiment: the base scenario, the factors and the run plan."""

    path: Path | None
    spec: ExperimentFile
    name: str
    base: Scenario  # with `fixed` applied
    factors: list[Factor]
    outcomes: list[str]
    text: str = ""
    largest: Scenario | None = field(default=None, repr=False)  # the point with the most people
    command: dict[str, Any] = field(default_factory=dict)  # --replicates / --set of `cadre-sim sweep`, if given
    _points: list[tuple] | None = field(default=None, repr=False)

    # ---- design -------------------------------------------------------------------------
    @property
    def design(self) -> str:
        """``grid``, ``lhs``, ``sobol`` or ``morris``."""
        return self.spec.design

    @property
    def replicates(self) -> int:
        """Runs per design point."""
        return self.spec.replicates

    @property
    def parameter_names(self) -> list[str]:
        """The factors' names (columns of the results)."""
        return [f.name for f in self.factors]

    @property
    def n_points(self) -> int:
        """Design points."""
        return count_points(self.design, self.spec.samples or 0, [len(f.levels) for f in self.factors])

    @property
    def levels(self) -> int:
        """Grid levels p of a Morris design (the file's ``levels``, default 4)."""
        return self.spec.levels or MORRIS_LEVELS

    @property
    def n_runs(self) -> int:
        """Runs in all: points times replicates."""
        return self.n_points * self.replicates

    def points(self) -> list[tuple]:
        """All design points (tuples of factor values, in factor order)."""
        if self._points is None:
            if self.design == "grid":
                self._points = list(itertools.product(*(f.levels for f in self.factors)))
            else:
                u = self.unit_design()
                on_grid = self.design == "morris"
                self._points = [
                    tuple(
                        (f.at_level(x) if on_grid else f.from_unit(x)) for f, x in zip(self.factors, row, strict=False)
                    )
                    for row in u
                ]
        return self._points

    def point(self, p: int) -> tuple:
        """Design point ``p`` (grid points are computed, not stored)."""
        if self.design == "grid" and self._points is None:
            sizes = [len(f.levels) for f in self.factors]
            idx = np.unravel_index(p, sizes)
            return tuple(f.levels[int(i)] for f, i in zip(self.factors, idx, strict=False))
        return self.points()[p]

    def unit_design(self) -> np.ndarray:
        """The lhs / sobol / morris design on the unit hypercube, one row per point."""
        return unit_design(self.design, len(self.factors), self.spec.samples or 0, self.spec.seed, self.levels)

    # ---- runs ---------------------------------------------------------------------------
    def stream(self, run: int) -> int:
        """The seed stream of run ``run``: its replicate (common random numbers) or its index."""
        return run % self.replicates if self.spec.common_random_numbers else run

    def seed(self, run: int) -> int:
        """The integer seed of run ``run``."""
        return derive_seed(self.spec.seed, self.stream(run))

    def params(self, point: tuple) -> dict[str, Any]:
        """Column values of a design point (factor name -> value)."""
        return {f.name: v for f, v in zip(self.factors, point, strict=False)}

    def overrides(self, point: tuple) -> dict[str, Any]:
        """Scenario overrides of a design point."""
        out: dict[str, Any] = {}
        for f, v in zip(self.factors, point, strict=False):
            out.update(f.overrides(v))
        return out

    def task(self, run: int) -> tuple[int, dict, dict, int]:
        """(run, column values, scenario overrides, seed) of run index ``run``."""
        point = self.point(run // self.replicates)
        return run, self.params(point), self.overrides(point), self.seed(run)

    # ---- identity -----------------------------------------------------------------------
    def fingerprint_data(self) -> dict[str, Any]:
        """Everything that decides which runs exist and what they compute."""
        return {
            "base_scenario": _jsonable(self.base.model_dump()),
            "design": self.design,
            "samples": self.spec.samples,
            "replicates": self.replicates,
            "seed": self.spec.seed,
            "common_random_numbers": self.spec.common_random_numbers,
            "factors": {f.name: _jsonable(f.describe()) for f in self.factors},
            "outcomes": list(self.outcomes),
            "n_runs": self.n_runs,
        } | ({"levels": self.levels} if self.design == "morris" else {})

    def fingerprint(self) -> str:
        """A hash of ``fingerprint_data``: equal exactly when two experiments run the same runs."""
        blob = json.dumps(self.fingerprint_data(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()


def _jsonable(x: Any) -> Any:
    return json.loads(json.dumps(x, sort_keys=True, default=str))

"""What a finished sweep found, as one typed result.

The runs, the design points, the best point per outcome, the Sobol' indices of a Sobol' design and
the Morris screening of a Morris design. Pure: reads the sweep folder's results table and writes
nothing (``sim.studies.sweep.report`` writes what this returns).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim.runs.stats import mean_ci
from sim.studies.sweep.best import best_points
from sim.studies.sweep.experiment import Experiment
from sim.studies.sweep.screening import screening_table
from sim.studies.sweep.sensitivity import sensitivity_table
from sim.studies.sweep.sweep import SweepReport


@dataclass(frozen=True)
class SweepAnalysis:
    """A finished sweep summed up (tables as pandas frames; empty where the design has none).

    ``runs``: one row per run (results.parquet); ``points``: one row per design point (mean, 95%
    interval and 10%-90% of each outcome); ``best``: the best point per outcome with a direction;
    ``sensitivity`` / ``sobol_skipped``: Sobol' indices and the outcomes left out; ``screening`` /
    ``screening_skipped``: the Morris table and the outcomes left out.
    """

    experiment: Experiment
    report: SweepReport
    runs: pd.DataFrame
    points: pd.DataFrame
    best: pd.DataFrame
    sensitivity: pd.DataFrame
    sobol_skipped: tuple[str, ...] = ()
    screening: pd.DataFrame | None = None
    screening_skipped: tuple[str, ...] = ()

    @property
    def ok(self) -> pd.DataFrame:
        """The runs that finished ok."""
        return self.runs[self.runs["status"] == "ok"]


def point_summary(exp: Experiment, df: pd.DataFrame) -> pd.DataFrame:
    """One row per design point: parameters, runs ok, mean with 95% CI of each outcome and its runs' 10%-90%."""
    ok = df[df["status"] == "ok"]
    rows = []
    for point, g in df.groupby("point", sort=True):
        row = {"point": point, **{p: g[p].iloc[0] for p in exp.parameter_names}}
        good = ok[ok["point"] == point]
        row["runs_ok"] = len(good)
        for o in exp.outcomes:
            x = good[o].to_numpy(dtype=float)
            ci = mean_ci(x)
            x = x[np.isfinite(x)]
            p10, p90 = np.quantile(x, [0.1, 0.9]) if len(x) else (np.nan, np.nan)
            row[f"{o}_mean"], row[f"{o}_low"], row[f"{o}_high"] = ci.mean, ci.low, ci.high
            row[f"{o}_p10"], row[f"{o}_p90"] = float(p10), float(p90)
        rows.append(row)
    return pd.DataFrame(rows)


def analyse_sweep(exp: Experiment, out: Path, report: SweepReport) -> SweepAnalysis:
    """Sum up the finished sweep in folder ``out`` (its results.parquet)."""
    df = pd.read_parquet(out / "results.parquet")
    sens, sobol_skipped = sensitivity_table(exp, df) if exp.design == "sobol" else (pd.DataFrame(), [])
    screening, screening_skipped = screening_table(exp, df) if exp.design == "morris" else (None, [])
    return SweepAnalysis(
        exp, report, df, point_summary(exp, df), best_points(exp, df), sens, tuple(sobol_skipped),
        screening, tuple(screening_skipped),
    )  # fmt: skip

"""Write one run's results folder: complete or not at all, never over an existing one.

    results/<scenario>-<YYYYmmdd-HHMMSS>-seed<seed>/
        scenario.toml   the resolved scenario (re-runnable), with seed and package versions on top
        run.json        seed, versions, command, wall time
        series.csv      one row per month (counts by stage, pool, pairs, skills, generations ...)
        events.csv      hired, paired, pair_ended, backbone, pool_entry, pool_removal, ... exit
        pairs.csv       every pair: pair_id, mentor, mentee, start_month, end_month, end_reason
        cadres.csv      everyone ever in post, at the end of the run
        lineage_cohorts.csv  mentors per mentor by cohort of pool entry, censored careers apart
        snapshots.parquet  cadres in post every k months (only with --snapshot-every k)
        summary.json    headline figures (sim.model.outcomes.OUTCOMES), by rank, by kind, fecundity
        plots/*.png     the main series
        report.md       a page a planner can read

The folder is written under a hidden temporary name in the same parent and renamed when
complete, so an interrupted run leaves no half-written results folder.
"""

from __future__ import annotations

import json
import math
import platform
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import tomli_w

from sim.files import build_folder
from sim.model.run import RunResult
from sim.output.plots import plot_run
from sim.output.report import run_report

PACKAGES = ("cadre-sim", "mesa", "numpy", "pandas", "scipy", "pydantic", "matplotlib")


def versions() -> dict[str, str]:
    """Python and the versions of the packages that make the results."""
    found = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def _seed_text(seed: Any) -> str:
    if isinstance(seed, np.random.SeedSequence):
        return f"{seed.entropy}" + (f"-{'-'.join(map(str, seed.spawn_key))}" if seed.spawn_key else "")
    return str(seed)


def run_dir_name(name: str, seed: Any) -> str:
    """The results folder name of a run now: ``NAME-YYYYmmdd-HHMMSS-seedSEED``."""
    return f"{name}-{time.strftime('%Y%m%d-%H%M%S')}-seed{_seed_text(seed)}"


def write_run(
    result: RunResult, out_root: str | Path = "results", wall_seconds: float | None = None, command: str | None = None
) -> Path:
    """Write ``result`` to a new folder under ``out_root``; returns the folder."""
    out_root = Path(out_root)
    final = out_root / run_dir_name(result.scenario.name, result.seed)
    return build_folder(final, lambda folder: _write_contents(folder, result, wall_seconds, command), unique=True)


def _write_contents(folder: Path, result: RunResult, wall_seconds: float | None, command: str | None) -> None:
    vers = versions()
    scenario = result.scenario.model_dump()
    if isinstance(result.seed, (int, np.integer)):
        scenario["run"]["seed"] = int(result.seed)
    header = "".join(
        [
            "# Resolved scenario of this run: re-run it with `cadre-sim run scenario.toml`.\n",
            f"# seed: {_seed_text(result.seed)}\n",
            "# versions: " + ", ".join(f"{k} {v}" for k, v in vers.items()) + "\n\n",
        ]
    )
    (folder / "scenario.toml").write_text(header + tomli_w.dumps(scenario), encoding="utf-8")
    info = {
        "scenario": result.scenario.name,
        "seed": _seed_text(result.seed),
        "versions": vers,
        "command": command or " ".join(sys.argv),
        "wall_seconds": wall_seconds,
        "written": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    (folder / "run.json").write_text(json.dumps(info, indent=2), encoding="utf-8")
    result.series.to_csv(folder / "series.csv", index=False, float_format="%.6g")
    result.events.to_csv(folder / "events.csv", index=False)
    result.pairs.to_csv(folder / "pairs.csv", index=False, float_format="%.6g")
    result.cadres.to_csv(folder / "cadres.csv", index=False, float_format="%.6g")
    if result.cohorts is not None:
        result.cohorts.to_csv(folder / "lineage_cohorts.csv", index=False, float_format="%.6g")
    if result.snapshots is not None:
        result.snapshots.to_parquet(folder / "snapshots.parquet", index=False)
    summary: dict[str, Any] = {
        k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in result.summary.items()
    }
    summary.update(result.breakdown)
    (folder / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    plots = plot_run(result.series, folder / "plots", title=result.scenario.name)
    (folder / "report.md").write_text(run_report(result, [p.relative_to(folder) for p in plots]), encoding="utf-8")

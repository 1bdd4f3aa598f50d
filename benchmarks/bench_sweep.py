"""Sweep throughput at county scale with 1 and 2 workers, and the sweep machinery's overhead.

    .venv/bin/python benchmarks/bench_sweep.py [--runs 200] [--scenario scenarios/anji.toml]

Measures, in one process and on the same runs (same overrides, same seeds):
1. bare ``simulate`` in a loop (no sweep machinery): seconds per run;
2. ``run_sweep`` with 1 worker (in-process) and with 2 workers (process pool): runs per second,
   speedup, and overhead per run = sweep wall time / runs - bare time per run (1 worker), or
   2 x wall / runs - bare (2 workers: per run on one worker); the pool's start-up (fork server
   and its imports, once a process) is timed apart, before the sweeps, with a no-op run;
3. the machinery alone: a sweep of a no-op run function (records, chunks, progress, table), per
   run (the least of three sweeps), as a share of a county run.

``measure`` returns the figures (``benchmarks/guard.py`` keeps their ratios in its JSON).
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim.model.run import simulate  # noqa: E402
from sim.runs.backends import execute  # noqa: E402
from sim.runs.execution import default_workers, simulate_summary  # noqa: E402
from sim.runs.store import RunStore  # noqa: E402
from sim.studies.sweep.command import sweep_and_report as run_sweep  # noqa: E402
from sim.studies.sweep.experiment_file import load_experiment  # noqa: E402

SCENARIO = ROOT / "scenarios" / "anji.toml"


def noop_run(base, overrides, seed):
    """A run function that does nothing: what is left is the sweep machinery."""
    return {"backbones": float(seed % 1000)}


def busy_cores(seconds: float = 1.0) -> float:
    """Cores in use by other processes, sampled from /proc/stat (0 where unavailable)."""

    def sample():
        with open("/proc/stat") as fh:
            v = [int(x) for x in fh.readline().split()[1:]]
        return sum(v), v[3] + v[4]

    try:
        t0, i0 = sample()
        time.sleep(seconds)
        t1, i1 = sample()
    except OSError:
        return 0.0
    return (1 - (i1 - i0) / max(1, t1 - t0)) * (os.cpu_count() or 1)


def _experiment(folder: Path, name: str, scenario: Path, runs: int, outcomes: str = ""):
    """A 4-point experiment on the mentoring rate with ``runs`` runs in all (a multiple of 4)."""
    path = folder / f"{name}.toml"
    path.write_text(
        f'scenario = "{Path(scenario).resolve()}"\nreplicates = {max(1, runs // 4)}\nseed = 1\n{outcomes}'
        '[parameters]\n"growth.mentoring_rate" = [0.03, 0.05, 0.07, 0.09]\n'
    )
    return load_experiment(path)


def measure(
    runs: int = 200,
    scenario: Path = SCENARIO,
    noop_runs: int = 2000,
    bare_runs: int = 16,
    echo=print,
    keep: bool = True,
) -> dict:
    """Time bare runs, sweeps on 1 and 2 workers and the machinery alone; return the figures.

    Returns:
        A dict: ``bare_s_per_run``, ``wall_1w_s``, ``wall_2w_s``, ``speedup_2v1`` (1-worker wall
        time over 2-worker), ``pool_start_s``, ``wall_2w_less_runs_s`` (the 2-worker wall less the
        runs' time per worker) and ``parallel_efficiency_2w``, ``overhead_1w_share`` (extra time per run in a
        1-worker sweep over a bare run), ``machinery_s_per_run`` and ``machinery_share`` (the
        no-op sweep's time per run over a bare run), ``identical`` (1 and 2 workers give the
        same table), ``busy_cores`` (other work before the start), ``runs``. ``keep=False``
        removes the scratch folder at the end.
    """
    import pandas as pd

    tmp = Path(tempfile.mkdtemp(prefix="bench-sweep-"))
    exp = _experiment(tmp, "bench", scenario, runs)
    n, s = exp.n_runs, exp.base
    echo(f"scenario {s.name}: {s.population.initial_cadres} cadres, {s.run.years} years; {n} runs per configuration")
    busy = busy_cores()
    echo(
        f"cores available: {default_workers()}; cores busy with other work before start: {busy:.2f}"
        + ("  (WARNING: the machine is busy; figures will understate the speedup)" if busy > 0.3 else "")
    )
    simulate(exp.base.with_overrides(exp.task(0)[2]), exp.task(0)[3])  # warm up imports and caches
    keys = range(0, n, max(1, n // min(n, bare_runs)))  # every design point, same seeds as in the sweep
    t0 = time.perf_counter()
    for k in keys:
        _, _, overrides, seed = exp.task(k)
        simulate(exp.base.with_overrides(overrides), seed)
    bare = (time.perf_counter() - t0) / len(keys)
    echo(f"bare simulate:        {bare:.3f} s/run  ({1 / bare:.2f} runs/s; {len(keys)} runs)")

    # The pool's start-up, timed apart: the first pool of a process starts the fork server (its
    # imports); later pools of the process reuse it, so the timed 2-worker sweep starts alike each time.
    t0 = time.perf_counter()
    for _ in execute(iter([(0, {"run.years": 1, "run.end_year": 0}, 1)]), run_fn=simulate_summary, base=s, workers=2):
        pool_start = time.perf_counter() - t0
    echo(f"pool start-up (a 1-year run on 2 workers): {pool_start:.2f} s (the fork server's, once a process)")

    walls, starts = {}, {}
    for workers in (1, 2):
        out = tmp / f"w{workers}"
        t0 = time.perf_counter()
        rep = run_sweep(exp, out, workers=workers, progress=False, plots=False, analysis=False)
        wall = time.perf_counter() - t0
        assert rep.ok == n, rep
        walls[workers] = wall
        inside = [r["elapsed"] for r in RunStore(out / "runs").records()]
        mean_inside = sum(inside) / len(inside)
        # the pool starts once; the runs share the workers: start = wall - runs' time / workers
        starts[workers] = max(0.0, wall - sum(inside) / workers)
        per_run = wall * workers / n
        echo(
            f"sweep, {workers} worker(s):  {n / wall:.2f} runs/s  (wall {wall:.1f} s; "
            f"overhead {1000 * (per_run - bare):+.0f} ms/run vs bare, {100 * (per_run / bare - 1):+.1f}%; "
            f"mean time of a run inside its worker {mean_inside:.3f} s; wall less the runs' time per worker "
            f"{starts[workers]:.2f} s)"
        )
    same = pd.read_parquet(tmp / "w1" / "results.parquet").equals(pd.read_parquet(tmp / "w2" / "results.parquet"))
    speedup = walls[1] / walls[2]
    echo(f"speedup 2 vs 1 worker: {speedup:.2f}x (target >= 1.8x); results identical: {same}")

    noop = _experiment(tmp, "noop", scenario, noop_runs, outcomes='outcomes = ["backbones"]\n')
    times = []
    for k in range(3):  # the least of three: a sweep of no-op runs is short, so noise is large
        t0 = time.perf_counter()
        # the bar drawn on a terminal that is not shown: the same work in a script, a terminal or pytest
        console = Console(file=io.StringIO(), force_terminal=True, width=100)
        run_sweep(noop, tmp / f"noop{k}", workers=1, run_fn=noop_run, console=console, plots=False, analysis=False)
        times.append(time.perf_counter() - t0)
    machinery = min(times) / noop.n_runs
    echo(
        f"machinery alone (no-op run, 1 worker, progress bar on, table written): {1e6 * machinery:.0f} us/run "
        f"over {noop.n_runs} runs = {100 * machinery / bare:.2f}% of a county-scale run (target < 5%)"
    )
    if keep:
        echo(f"scratch folder: {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return {
        "runs": n,
        "bare_s_per_run": bare,
        "wall_1w_s": walls[1],
        "wall_2w_s": walls[2],
        "speedup_2v1": speedup,
        "pool_start_s": pool_start,
        "wall_2w_less_runs_s": starts[2],
        "parallel_efficiency_2w": 1 - starts[2] / walls[2],
        "overhead_1w_share": walls[1] / n / bare - 1,
        "machinery_s_per_run": machinery,
        "machinery_share": machinery / bare,
        "identical": bool(same),
        "busy_cores": busy,
    }


def main() -> None:
    """The command line."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=200, help="runs per configuration (multiple of 4)")
    ap.add_argument("--scenario", default=str(SCENARIO))
    ap.add_argument("--noop-runs", type=int, default=2000)
    args = ap.parse_args()
    measure(args.runs, Path(args.scenario), args.noop_runs)


if __name__ == "__main__":
    main()

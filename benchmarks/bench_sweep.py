"""Sweep throughput at county scale with 1 and 2 workers, and the sweep machinery's overhead.

    .venv/bin/python benchmarks/bench_sweep.py [--runs 16] [--scenario scenarios/anji.toml]

Measures, in one process and on the same runs (same overrides, same seeds):
1. bare ``simulate`` in a loop (no sweep machinery): seconds per run;
2. ``run_sweep`` with 1 worker (in-process) and with 2 workers (process pool): runs per second,
   speedup, and overhead per run = sweep wall time / runs - bare time per run (1 worker), or
   2 x wall / runs - bare (2 workers: per run on one worker);
3. the machinery alone: a sweep of a no-op run function (records, chunks, progress, table).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim.explore.execution import default_workers  # noqa: E402
from sim.explore.experiment_file import load_experiment  # noqa: E402
from sim.explore.store import RunStore  # noqa: E402
from sim.explore.sweep import run_sweep  # noqa: E402
from sim.model.run import simulate  # noqa: E402


def noop_run(base, overrides, seed):
    return {"backbones": float(seed % 1000)}


def _busy_cores(seconds: float = 1.0) -> float:
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=64, help="runs per configuration (multiple of 4)")
    ap.add_argument("--scenario", default=str(ROOT / "scenarios" / "anji.toml"))
    ap.add_argument("--noop-runs", type=int, default=2000)
    args = ap.parse_args()
    reps = max(1, args.runs // 4)

    tmp = Path(tempfile.mkdtemp(prefix="bench-sweep-"))
    exp_file = tmp / "bench.toml"
    exp_file.write_text(
        f'scenario = "{Path(args.scenario).resolve()}"\nreplicates = {reps}\nseed = 1\n'
        '[parameters]\n"growth.mentoring_rate" = [0.03, 0.05, 0.07, 0.09]\n'
    )
    exp = load_experiment(exp_file)
    n = exp.n_runs
    s = exp.base
    print(f"scenario {s.name}: {s.population.initial_cadres} cadres, {s.run.years} years; {n} runs per configuration")
    busy = _busy_cores()
    print(
        f"cores available: {default_workers()}; cores busy with other work before start: {busy:.2f}"
        + ("  (WARNING: the machine is busy; figures will understate the speedup)" if busy > 0.3 else "")
    )

    # warm up imports and caches
    simulate(exp.base.with_overrides(exp.task(0)[2]), exp.task(0)[3])

    n_bare = min(n, 16)
    t0 = time.perf_counter()
    for k in range(0, n, n // n_bare):  # every design point, same seeds as in the sweep
        _, _, overrides, seed = exp.task(k)
        simulate(exp.base.with_overrides(overrides), seed)
    bare = (time.perf_counter() - t0) / len(range(0, n, n // n_bare))
    print(f"bare simulate:        {bare:.3f} s/run  ({1 / bare:.2f} runs/s; {n_bare} runs)")

    results = {}
    for workers in (1, 2):
        out = tmp / f"w{workers}"
        t0 = time.perf_counter()
        rep = run_sweep(exp, out, workers=workers, progress=False, plots=False, analysis=False)
        wall = time.perf_counter() - t0
        assert rep.ok == n, rep
        results[workers] = wall
        inside = [r["elapsed"] for r in RunStore(out / "runs").records()]
        per_run = wall * workers / n
        print(
            f"sweep, {workers} worker(s):  {n / wall:.2f} runs/s  (wall {wall:.1f} s; "
            f"overhead {1000 * (per_run - bare):+.0f} ms/run vs bare, {100 * (per_run / bare - 1):+.1f}%; "
            f"mean time of a run inside its worker {sum(inside) / len(inside):.3f} s)"
        )
    import pandas as pd

    same = pd.read_parquet(tmp / "w1" / "results.parquet").equals(pd.read_parquet(tmp / "w2" / "results.parquet"))
    speedup = results[1] / results[2]
    print(f"speedup 2 vs 1 worker: {speedup:.2f}x (target >= 1.7x); results identical: {same}")
    start = results[2] - n * bare / 2
    print(
        f"(the 2-worker wall time includes starting the pool, about {start:.1f} s: fork server + model "
        f"imports; without it the speedup would be {results[1] / (results[2] - start):.2f}x)"
    )

    # machinery alone
    noop_file = tmp / "noop.toml"
    noop_file.write_text(
        f'scenario = "{Path(args.scenario).resolve()}"\nreplicates = {max(1, args.noop_runs // 4)}\nseed = 1\n'
        'outcomes = ["backbones"]\n[parameters]\n"growth.mentoring_rate" = [0.03, 0.05, 0.07, 0.09]\n'
    )
    noop = load_experiment(noop_file)
    t0 = time.perf_counter()
    run_sweep(noop, tmp / "noop", workers=1, run_fn=noop_run, progress=True, plots=False, analysis=False)
    wall = time.perf_counter() - t0
    print(
        f"machinery alone (no-op run, 1 worker, progress bar on, table written): "
        f"{1e6 * wall / noop.n_runs:.0f} us/run over {noop.n_runs} runs "
        f"= {100 * wall / noop.n_runs / bare:.2f}% of a county-scale run"
    )
    print(f"scratch folder: {tmp}")


if __name__ == "__main__":
    main()

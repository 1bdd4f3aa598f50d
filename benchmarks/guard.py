"""The performance guard: ratios measured in one run, kept in JSON, compared with a reference.

    .venv/bin/python benchmarks/guard.py [--json FILE]     # measure, print, compare with this CPU's reference
    .venv/bin/python benchmarks/update_reference.py        # measure and write benchmarks/reference/<cpu>.json
    .venv/bin/python benchmarks/bench_model.py --json FILE # the model's figures and ratios (bigger cases)

Every guarded figure is a ratio of two timings taken in the same process a few seconds apart,
so that it depends on the code far more than on the machine or its load (Starsim's benchmark
file does the same): the model's agent-months per second over a plain Mesa model's agent-steps
per second at the same number of agents (county: Anji, 3,874 cadres x 20 y; mid: 20,000 x 10 y),
the sweep's throughput on 2 workers over 1 worker (county runs), and a county run's time over
the sweep machinery's time per run (a no-op run function). Higher is better for each;
``tests/test_performance.py`` fails when one falls by more than 30% from the reference.

The references are one file per CPU model (``benchmarks/reference/<cpu>.json``): a ratio of numeric
work (the model) over interpreter work (plain Mesa, the sweep's bookkeeping) is not the same on
every CPU (on the first AMD EPYC measured plain Mesa was three times slower than on the Xeon, the
model much less so). A CPU is named by its model name with its family and model numbers, since a
virtual machine's model name can cover several generations ("AMD EPYC": county 1.51x plain Mesa
on one, 1.11x on a family 25 model 17, Zen 4, where plain Mesa is three times faster); the two
first files (``amd-epyc.json``, ``intel-r-xeon-r-processor.json``) were written before the numbers
were read and match no CPU now. On a CPU with a file of its own the guard reads that file; on any
other, the lowest of each ratio over the known files, so that a kind of machine nobody measured
fails only on a fall below every known one.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

REFERENCES = HERE / "reference"  # one JSON file per CPU model, written by update_reference.py
TOLERANCE = 0.30  # a ratio may fall by this share of its reference before the guard fails

#: the model cases of the guard: overrides of Anji, agents of the plain Mesa model, its steps
MODEL_CASES = {
    "county": ({}, 3874, 120),
    "mid": (
        {
            "population.initial_cadres": 20_000,
            "population.units": 1200,
            "population.initial_pool_size": 400,
            "flows.intake_per_year": 1340,
            "run.years": 10,
            "run.end_year": 0,
        },
        20_000,
        24,
    ),
}
SWEEP_RUNS = 16  # county runs of each sweep (1 and 2 workers)
NOOP_RUNS = 2000  # no-op runs timing the machinery alone (three sweeps, the least counts)

#: the guarded ratios: name -> what it is
GUARDED = {
    "county_vs_mesa": "county agent-months/s over plain Mesa agent-steps/s (3,874 agents)",
    "mid_vs_mesa": "20,000 x 10 y agent-months/s over plain Mesa agent-steps/s (20,000 agents)",
    "sweep_2v1": "county sweep throughput on 2 workers over 1 worker",
    "run_over_machinery": "a county run's time over the sweep machinery's time per run",
}


def machine_info() -> dict:
    """The CPU model, cores, Python, numpy and Mesa of this machine."""
    import mesa
    import numpy

    cpu = platform.processor() or ""
    fields: dict[str, str] = {}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            fields.setdefault(key.strip(), value.strip())
    except OSError:
        pass
    cpu = fields.get("model name", cpu)
    if "cpu family" in fields and "model" in fields:  # one name covers several generations ("AMD EPYC")
        cpu += f" family {fields['cpu family']} model {fields['model']}"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "mesa": mesa.__version__,
    }


def machine_words(mesa_version: bool = True) -> str:
    """The machine in one line: CPU, cores, Python (and Mesa), for a benchmark's printout."""
    m = machine_info()
    words = f"{m['cpu']}, {m['cores']} cores, Python {m['python']}"
    return words + (f", Mesa {m['mesa']}" if mesa_version else "")


def reference_path(cpu: str | None = None) -> Path:
    """The reference file of ``cpu`` (default: this machine's CPU model)."""
    name = re.sub(r"[^a-z0-9]+", "-", (cpu if cpu is not None else machine_info()["cpu"]).lower()).strip("-")
    return REFERENCES / f"{name or 'unknown-cpu'}.json"


def reference_ratios(cpu: str | None = None) -> tuple[dict[str, float], str]:
    """The ratios to hold this machine to, and whose they are (this CPU's file, or the lowest of all)."""
    own = reference_path(cpu)
    if own.exists():
        return json.loads(own.read_text(encoding="utf-8"))["ratios"], own.name
    files = sorted(REFERENCES.glob("*.json"))
    bodies = [json.loads(f.read_text(encoding="utf-8"))["ratios"] for f in files]
    lowest = {k: min(b[k] for b in bodies if k in b) for k in GUARDED if any(k in b for b in bodies)}
    return lowest, "the lowest of " + ", ".join(f.name for f in files) + f" (no {own.name})"


def ratios(report: dict) -> dict[str, float]:
    """The guarded ratios of a report (``cases`` from bench_model's ``cadre_run``, ``sweep`` from bench_sweep)."""
    out = {f"{name}_vs_mesa": case["ratio_vs_trivial"] for name, case in report.get("cases", {}).items()}
    sweep = report.get("sweep")
    if sweep:
        out["sweep_2v1"] = sweep["speedup_2v1"]
        out["run_over_machinery"] = sweep["bare_s_per_run"] / sweep["machinery_s_per_run"]
    return out


def write_json(path: Path, report: dict, best: dict[str, float] | None = None) -> dict:
    """Write the machine, the figures and their ratios to ``path`` (atomically); return what was written.

    ``best``: ratios to write in place of the report's own (the best of several measurements).
    """
    body = {
        "machine": machine_info(),
        "written": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        **{k: v for k, v in report.items() if k != "machine"},
        "ratios": best or ratios(report),
    }
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(body, indent=2) + "\n")
    tmp.replace(path)
    return body


def compare(current: dict[str, float], reference: dict[str, float], tolerance: float = TOLERANCE) -> list[str]:
    """The guarded ratios that fell by more than ``tolerance`` from the reference (or are missing), in words."""
    problems = []
    for name in GUARDED:
        if name not in reference:
            problems.append(f"{name}: not in the reference (run benchmarks/update_reference.py)")
            continue
        if name not in current:
            problems.append(f"{name}: not measured")
            continue
        was, now = reference[name], current[name]
        if not now >= (1 - tolerance) * was:  # also catches nan
            problems.append(f"{name}: {now:.3g}, was {was:.3g} ({100 * (now / was - 1):+.0f}%): {GUARDED[name]}")
    return problems


def measure(echo=print) -> dict:
    """Measure the guard's cases: the model at county and mid size, sweeps on 1 and 2 workers."""
    from bench_model import cadre_run, trivial_rate
    from bench_sweep import measure as measure_sweep

    report: dict = {"cases": {}}
    for name, (overrides, n, steps) in MODEL_CASES.items():
        # the faster of two runs of each: a moment of other work on the machine slows one run only
        ours = max((cadre_run(overrides) for _ in range(2)), key=lambda r: r["agent_months_per_s"])
        ours["trivial_mesa_agent_steps_per_s"] = max(trivial_rate(n, steps) for _ in range(2))
        ours["ratio_vs_trivial"] = ours["agent_months_per_s"] / ours["trivial_mesa_agent_steps_per_s"]
        report["cases"][name] = ours
        echo(
            f"{name}: run {ours['run_s']:.2f} s, {ours['agent_months_per_s'] / 1e6:.2f} M agent-months/s; plain Mesa "
            f"{ours['trivial_mesa_agent_steps_per_s'] / 1e6:.2f} M agent-steps/s; ratio {ours['ratio_vs_trivial']:.2f}"
        )
    report["sweep"] = measure_sweep(runs=SWEEP_RUNS, noop_runs=NOOP_RUNS, bare_runs=8, echo=echo, keep=False)
    return report


def main(argv: list[str] | None = None) -> int:
    """Measure, print the ratios beside the reference's; status 1 when one fell by more than 30%."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", type=Path, help="also write the figures and ratios to this JSON file")
    args = ap.parse_args(argv)
    report = measure()
    now = write_json(args.json, report)["ratios"] if args.json else ratios(report)
    reference, whose = reference_ratios()
    print(f"reference: {whose}")
    for name, value in now.items():
        print(f"{name:>20}: {value:8.3f}   reference {reference.get(name, float('nan')):8.3f}")
    problems = compare(now, reference)
    for problem in problems:
        print("FELL:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

"""Model speed in agent-months per second, next to a plain Mesa model measured in the same run.

    .venv/bin/python benchmarks/bench_model.py            # county (3,000 x 20 y) and large (100,000 x 30 y)
    .venv/bin/python benchmarks/bench_model.py --quick    # a small smoke run (used by the tests)
    .venv/bin/python benchmarks/bench_model.py --province # 1,000,000 x 30 y alone (minutes; peak memory)
    .venv/bin/python benchmarks/bench_model.py --memory   # 100,000 cadres for 10 and for 30 years, each alone

The reference is a plain Mesa 3 model whose agents each do a trivial ``step`` (a counter and one
float update) activated by ``model.agents.shuffle_do("step")``, at the same number of agents.
An agent-month is one cadre in post for one month. Every case sets ``run.end_year = 0`` so that it
runs its stated years (Anji's own calendar, April 2004 - May 2025, would cut each case to 21 years).
Figures vary with the machine: compare ratios.
A small run goes first, so that every case is timed after import, as in a sweep's worker after
its first run (the model loads SciPy's assignment solver on its first round, 0.1-0.15 s).
``peak_rss_mb`` is the process's peak resident memory after the case (cases run in order, so it
is the largest case's own figure only when run alone, as ``--province`` and ``--memory`` do);
``peak_rss_run_mb`` the same before the end-of-run tables are made (the run itself). ``--memory``
runs the large case for 10 and for 30 years, each in a process of its own: about the same people
in post, three times as many ever hired, so that it shows what the model's memory follows.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import mesa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sim.model.model import CadreModel  # noqa: E402
from sim.model.run import collect  # noqa: E402
from sim.params.scenario import load_scenario  # noqa: E402


class TrivialAgent(mesa.Agent):
    def __init__(self, model):
        super().__init__(model)
        self.count = 0
        self.skill = 0.3

    def step(self):
        self.count += 1
        self.skill += 0.01 * (1.0 - self.skill)


class TrivialModel(mesa.Model):
    def __init__(self, n: int, rng: int = 1):
        super().__init__(rng=rng)
        TrivialAgent.create_agents(self, n)

    def step(self):
        self.agents.shuffle_do("step")


def trivial_rate(n: int, steps: int) -> float:
    model = TrivialModel(n)
    start = time.perf_counter()
    for _ in range(steps):
        model.step()
    return n * steps / (time.perf_counter() - start)


def cadre_run(overrides: dict) -> dict:
    scenario = load_scenario("anji").with_overrides(overrides)
    start = time.perf_counter()
    model = CadreModel(params=scenario)
    built = time.perf_counter()
    model.run_model()
    ran = time.perf_counter()
    peak_run = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    collect(model)
    done = time.perf_counter()
    series = model.datacollector.get_model_vars_dataframe()
    agent_months = float(series["headcount"].iloc[1:].sum())
    return {
        "build_s": built - start,
        "run_s": ran - built,
        "total_s": done - start,
        "agent_months": agent_months,
        "agent_months_per_s": agent_months / (ran - built),
        "agent_months_per_s_incl_build": agent_months / (done - start),
        "final_headcount": int(series["headcount"].iloc[-1]),
        "rows_ever_hired": int(model.pop.ever),
        "working_rows": int(model.pop.n),
        "archived_rows": int(model.pop.archive.rows),
        "peak_rss_run_mb": peak_run,
        "months": int(model.months),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def machine() -> str:
    from guard import machine_words

    return machine_words(mesa_version=True)


CASES = {
    "county": ({"population.initial_cadres": 3000, "run.years": 20, "run.end_year": 0}, 3000, 240),
    "large": (
        {
            "population.initial_cadres": 100_000,
            "population.units": 6000,
            "population.initial_pool_size": 2000,
            "flows.intake_per_year": 6700,
            "run.years": 30,
            "run.end_year": 0,
        },
        100_000,
        24,
    ),
    "province": (
        {
            "population.initial_cadres": 1_000_000,
            "population.units": 60_000,
            "population.initial_pool_size": 20_000,
            "flows.intake_per_year": 67_000,
            "run.years": 30,
            "run.end_year": 0,
        },
        1_000_000,
        6,
    ),
    "quick": (
        {"population.initial_cadres": 500, "run.years": 2, "run.end_year": 0, "flows.intake_per_year": 40},
        500,
        24,
    ),
}


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="a small smoke run only")
    ap.add_argument("--province", action="store_true", help="the 1,000,000 x 30 y case alone (minutes)")
    ap.add_argument("--memory", action="store_true", help="100,000 cadres for 10 and for 30 years, each alone")
    ap.add_argument("--json", type=Path, help="also write the figures, the machine and the ratios to this JSON file")
    ap.add_argument("--only", choices=sorted(CASES), help=argparse.SUPPRESS)  # one case (what --memory runs)
    ap.add_argument("--years", type=int, help=argparse.SUPPRESS)  # its years
    args = ap.parse_args(argv)
    if args.memory:
        return memory()
    names = ["quick"] if args.quick else ["province"] if args.province else ["county", "large"]
    names = [args.only] if args.only else names
    print(f"machine: {machine()}")
    report = {"machine": machine(), "cases": {}}
    cadre_run(CASES["quick"][0])  # "after import": what the model loads on first use (SciPy's solver) is loaded
    for name in names:
        overrides, n, trivial_steps = CASES[name]
        if args.years:
            overrides = {**overrides, "run.years": args.years}
        ours = cadre_run(overrides)
        reference = trivial_rate(n, trivial_steps)
        ours["trivial_mesa_agent_steps_per_s"] = reference
        ours["ratio_vs_trivial"] = ours["agent_months_per_s"] / reference
        report["cases"][name] = ours
        print(
            f"{name:>6}: {n:>7,} cadres x {ours['months'] / 12:g} y: build {ours['build_s']:.2f} s, run {ours['run_s']:.2f} s, "
            f"total {ours['total_s']:.2f} s; {ours['agent_months_per_s'] / 1e6:.2f} M agent-months/s vs trivial Mesa "
            f"{reference / 1e6:.2f} M agent-steps/s at {n:,} agents: ratio {ours['ratio_vs_trivial']:.2f}; "
            f"peak memory {ours['peak_rss_mb']:,.0f} MB ({ours['peak_rss_run_mb']:,.0f} MB before the tables)"
        )
    if args.json:  # the figures with the machine and the guarded ratios (benchmarks/guard.py)
        from guard import write_json

        write_json(args.json, report)
    return report


def memory() -> dict:
    """The large case for 10 and for 30 years, each in a process of its own (peak memory is per process)."""
    out = {}
    for years in (10, 30):
        with tempfile.TemporaryDirectory() as scratch:
            figures = Path(scratch, "case.json")
            command = [sys.executable, __file__, "--only", "large", "--years", str(years), "--json", str(figures)]
            subprocess.run(command, check=True, capture_output=True)  # noqa: S603
            case = json.loads(figures.read_text())["cases"]["large"]
        out[years] = case
        print(
            f"100,000 x {years} y: peak memory {case['peak_rss_mb']:,.0f} MB, {case['peak_rss_run_mb']:,.0f} MB "
            f"before the tables; {case['final_headcount']:,} in post at the end, {case['rows_ever_hired']:,} "
            f"ever hired, {case['working_rows']:,} working rows, {case['archived_rows']:,} archived; "
            f"run {case['run_s']:.1f} s"
        )
    return out


if __name__ == "__main__":
    main()

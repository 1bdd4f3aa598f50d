"""Matching at scale: time per round, optimality gap and stability, per rule, at 400 to 10,000 per side.

    .venv/bin/python benchmarks/bench_matching.py            # 400, 2,000 and 10,000 per side
    .venv/bin/python benchmarks/bench_matching.py --quick    # 200 and 1,500 mentees (seconds)
    .venv/bin/python benchmarks/bench_matching.py --sizes 2000 --json out/bench_matching.json

The two sides are taken from a model as ``sim.model.pairing`` makes them: a 320,000-cadre Anji
(``population.initial_cadres`` 320,000 over 19,200 units, Anji's 100,000-cadre density; about
32,000 mentees in their mentee window and 10,600 pool members) supplies both sides, with their
skills, units, fields, townships and village kinds; each size draws that many of each at random
(seeded). A size ``NxM`` draws N mentees and M slots: the default ``10000x3300`` is as unbalanced as
a 100,000-cadre Anji's first month.

Per rule and size it reports the time of one round (``sim.model.matching.match``, the best of a
few repeats), and:

- for the rules that solve an assignment (``organisation``, ``across_villages``,
  ``township_to_village``): the total of the rule's own objective (expected growth, plus the
  township preference) on the integer grid of ``sim.model.decisions``, against the exact optimum
  of the whole problem (``linear_sum_assignment`` on the dense matrix), as a gap in per cent; up
  to ``--exact-max`` (4,000 by default: at 10,000 a side the exact solve takes about 5 minutes and
  4 GB a rule on a 2-core machine);
- ``willing`` with the default (nothing foreseeable) draws a uniformly random matching above
  ``LARGE``, the law of its stable matching (``sim.model.matching.rules.willing``); ``willing_fit``
  is the rule with half the fit foreseeable, which runs deferred acceptance on drawn views;
- for ``willing_fit``: the number of blocking pairs on the whole problem. The rule draws both sides'
  perceptions itself, so the benchmark draws whole-problem perceptions with the same distribution
  and runs the rule's stable matching on them (``willing.stable_matching``), then counts the pairs
  (mentee, mentor) who both prefer each other to their partners.

``random`` is the reference (no principle). Figures depend on the machine and its load: compare
ratios, and note the load (printed).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sim.model.decisions import best_assignment, integer_costs, snap  # noqa: E402
from sim.model.matching import Side, match  # noqa: E402
from sim.params.schema import PairingParams  # noqa: E402

ASSIGNMENT_RULES = ("organisation", "across_villages", "township_to_village")
RULES = ("random", *ASSIGNMENT_RULES, "willing", "willing_fit")
FORESEEN = 0.5  # ``willing_fit``: willing with half of the fit foreseeable (deferred acceptance on drawn views)
SOURCE = {
    "population.initial_cadres": 320_000,
    "population.units": 19_200,
    "population.initial_pool_size": 32_000,
    "run.years": 1,
}
QUICK_SOURCE = {
    **SOURCE,
    "population.initial_cadres": 20_000,
    "population.units": 1200,
    "population.initial_pool_size": 2000,
}


def source_sides(overrides: dict) -> tuple[Side, Side]:
    """Every mentee in the mentee window and every pool member of a freshly built model."""
    from sim.model.model import CadreModel
    from sim.model.pairing.base import side_of
    from sim.params.scenario import load_scenario

    model = CadreModel(params=load_scenario("anji").with_overrides(overrides))
    pop, n = model.pop, model.pop.n
    mentees = np.flatnonzero(pop.alive[:n] & (pop.mentee_until[:n] > model.steps) & ~pop.in_pool[:n])
    mentors = np.flatnonzero(pop.alive[:n] & pop.in_pool[:n])
    return side_of(model, mentees), side_of(model, mentors)


def objective(rule: str, p: PairingParams, a: Side, b: Side, ia: np.ndarray, ib: np.ndarray) -> np.ndarray:
    """The value the rule maximises, of the pairs ``(ia[k], ib[k])`` (``ia``/``ib`` may be grids)."""
    gap = np.clip(_mean(b)[ib] - _mean(a)[ia], 0, None)
    value = gap * np.where(a.unit[ia] == b.unit[ib], 1.0, p.remote_contact_factor)
    value = value * np.where(a.field[ia] == b.field[ib], 1.0, p.cross_field_factor)
    same_township = a.township_or_zero()[ia] == b.township_or_zero()[ib]
    if rule == "across_villages":
        value = value + (same_township & (a.unit[ia] != b.unit[ib]))
    elif rule == "township_to_village":
        value = value + (same_township & a.village_or_false()[ia])
    return value


def _mean(side: Side) -> np.ndarray:
    from sim.model.decisions import aspect_mean

    return aspect_mean(side.skill)


def exact_total(rule: str, p: PairingParams, a: Side, b: Side) -> tuple[float, float]:
    """Exact optimum of the rule's objective on the whole problem (integer grid steps), and its time."""
    start = time.perf_counter()
    ia, ib = np.arange(len(a))[:, None], np.arange(len(b))[None, :]
    value = objective(rule, p, a, b, ia, ib)
    xa, xb = best_assignment(value)
    total = float(integer_costs(value[xa, xb]).sum())
    del value
    return total, time.perf_counter() - start


def timed(rule: str, a: Side, b: Side, p: PairingParams, repeats: int, seed: int):
    """Best time of ``repeats`` rounds, and the result of the first."""
    times, first = [], None
    for r in range(repeats):
        rng = np.random.default_rng(seed + r)
        start = time.perf_counter()
        out = match(rule, a, b, p, rng)
        times.append(time.perf_counter() - start)
        first = first or out
    return min(times), first


def blocking_pairs(seen_a: np.ndarray, seen_b: np.ndarray, ia: np.ndarray, ib: np.ndarray) -> int:
    """Pairs (i, j) who both strictly prefer each other to their partners (unpaired: anyone)."""
    n_a, n_b = seen_a.shape
    mine = np.full(n_a, -np.inf)
    mine[ia] = seen_a[ia, ib]
    theirs = np.full(n_b, -np.inf)
    theirs[ib] = seen_b[ia, ib]
    count = 0
    for lo in range(0, n_a, 1000):
        rows = slice(lo, min(n_a, lo + 1000))
        count += int(np.count_nonzero((seen_a[rows] > mine[rows, None]) & (seen_b[rows] > theirs[None, :])))
    return count


def willing_stability(a: Side, b: Side, p: PairingParams, seed: int) -> dict:
    """Blocking pairs on the whole problem of the rule's stable matching, and its time."""
    from sim.model.matching.rules import willing

    rng = np.random.default_rng(seed)
    shape = (len(a), len(b))
    foreseeable = np.sqrt(p.foreseeable_quality_share) * p.quality_sd * rng.standard_normal(shape)
    seen_a = snap(foreseeable + rng.normal(0, p.preference_noise, shape))
    seen_b = snap(foreseeable + rng.normal(0, p.preference_noise, shape))
    del foreseeable
    start = time.perf_counter()
    ia, ib = willing.stable_matching(seen_a, seen_b, rng)
    seconds = time.perf_counter() - start
    return {"pairs": len(ia), "blocking_pairs": blocking_pairs(seen_a, seen_b, ia, ib), "stable_matching_s": seconds}


def machine() -> str:
    from guard import machine_words

    return machine_words(mesa_version=False)


def load() -> str:
    try:
        return Path("/proc/loadavg").read_text().split(" ", 3)[:3].__str__()
    except OSError:
        return "?"


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="200 and 1,500 per side from a 20,000-cadre model")
    ap.add_argument("--sizes", nargs="+", help="sizes per side, N or NxM (default 400 2000 10000 10000x3300)")
    ap.add_argument("--rules", nargs="+", default=list(RULES), choices=RULES)
    ap.add_argument("--no-exact", action="store_true", help="skip the exact optimum and the stability count")
    ap.add_argument(
        "--exact-max", type=int, default=4000, help="largest size whose exact optimum is solved (10,000: ~5 min a rule)"
    )
    ap.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = ap.parse_args(argv)
    sizes = args.sizes or (["200", "1500"] if args.quick else ["400", "2000", "10000", "10000x3300"])
    a_all, b_all = source_sides(QUICK_SOURCE if args.quick else SOURCE)
    p = PairingParams()
    report: dict = {"machine": machine(), "load_before": load(), "sizes": {}}
    print(f"machine: {report['machine']}; load average {report['load_before']}")
    print(f"source: {len(a_all):,} mentees, {len(b_all):,} mentor slots")
    for size in sizes:
        n, _, m = size.partition("x")
        n_a, n_b = min(int(n), len(a_all)), min(int(m or n), len(b_all))
        n = max(n_a, n_b)
        pick = np.random.default_rng(n_a)
        a = a_all.take(np.sort(pick.choice(len(a_all), n_a, replace=False)))
        b = b_all.take(np.sort(pick.choice(len(b_all), n_b, replace=False)))
        repeats = 3 if n <= 2000 else 1
        rows: dict = {}
        for rule in args.rules:
            rule_p = PairingParams(foreseeable_quality_share=FORESEEN) if rule == "willing_fit" else p
            seconds, (ia, ib, _) = timed(rule.removesuffix("_fit"), a, b, rule_p, repeats, seed=11)
            row: dict = {"round_s": seconds, "pairs": len(ia)}
            if rule in ASSIGNMENT_RULES or rule == "random":
                got = float(
                    integer_costs(objective(rule if rule != "random" else "organisation", p, a, b, ia, ib)).sum()
                )
                row["objective"] = got
            if rule in ASSIGNMENT_RULES and not args.no_exact and n <= args.exact_max:
                best, exact_s = exact_total(rule, p, a, b)
                row.update(exact=best, exact_s=exact_s, gap_pct=100 * (best - got) / best)
            if rule == "willing_fit" and not args.no_exact:
                row.update(willing_stability(a, b, rule_p, seed=11))
            rows[rule] = row
            extra = ""
            if "gap_pct" in row:
                extra = f"gap {row['gap_pct']:.3f}% (exact solve {row['exact_s']:.1f} s)"
            if "blocking_pairs" in row:
                extra = f"blocking pairs {row['blocking_pairs']:,} (stable matching {row['stable_matching_s']:.2f} s)"
            print(
                f"{n_a:>6,} x {n_b:>6,}  {rule:<20} {1000 * seconds:9.1f} ms/round  {row['pairs']:>6,} pairs  {extra}"
            )
        report["sizes"][f"{n_a}x{n_b}"] = rows
    report["load_after"] = load()
    print(f"load average after: {report['load_after']}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    main()

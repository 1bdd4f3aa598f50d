"""The statistical regression baseline of the bundled scenarios: `python scripts/update_baseline.py`.

Every bundled scenario runs BASELINE_YEARS years with REPLICATES seeds (children of ROOT_SEED);
the baseline keeps, for each headline figure and each series column of the last month, the mean
and standard deviation over the replicates, with the library versions that made them.
`tests/test_regression.py` runs the same replicates again and checks each mean against the saved
one within TOLERANCE_SD standard errors of a difference of two means (plus a tiny floor): on the
machine and stack that made the baseline the means are equal to the bit; on another CPU or
library version last-bit differences may move single runs, and the means then differ as two
samples of replicates do. Update the baseline only when a change of results is intended, and say
why in the commit message. `--check` compares without writing (exit status 1 if a figure moved).
`--add` writes only the figures the baseline does not hold yet (a new outcome or series column) and
refuses, writing nothing, if a figure it holds moved.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim.model.run import simulate  # noqa: E402
from sim.params.scenario import bundled  # noqa: E402
from sim.runs.designs import derive_seed  # noqa: E402
from sim.runs.stats import mean_ci  # noqa: E402
from sim.studies.run.results import versions  # noqa: E402

BASELINE_YEARS = 10
REPLICATES = 8
ROOT_SEED = 20041
TOLERANCE_SD = 4.5  # false alarm about 7e-6 a figure when runs diverge completely
BASELINE_FILE = ROOT / "tests" / "baseline" / "summaries.json"


def replicate_figures() -> dict[str, dict[str, list[float]]]:
    """scenario -> figure -> its value in each replicate (nan where undefined)."""
    out: dict[str, dict[str, list[float]]] = {}
    seeds = [derive_seed(ROOT_SEED, i) for i in range(REPLICATES)]
    for path, sc in bundled():
        figures: dict[str, list[float]] = {}
        for seed in seeds:
            result = simulate(sc.with_overrides({"run.years": BASELINE_YEARS, "run.end_year": 0}), seed)
            last = result.series.iloc[-1].drop("date")  # the calendar label is not a figure
            row = {**result.summary, **{f"last_{k}": float(v) for k, v in last.items()}}
            for key, value in row.items():
                figures.setdefault(key, []).append(float(value))
        out[path.stem] = figures
    return out


def moments(values: list[float]) -> dict[str, float | int | None]:
    """Mean and sd of the defined values, how many were undefined, and whether all are whole numbers."""
    ci = mean_ci(values)  # drops the undefined (nan) values
    finite = [v for v in values if not math.isnan(v)]
    integer = bool(finite) and all(v == int(v) for v in finite)
    mean = ci.mean if ci.n else None
    sd = ci.sd if ci.n > 1 else 0.0
    return {"mean": mean, "sd": sd, "n": ci.n, "undefined": len(values) - ci.n, "integer": integer}


def current() -> dict[str, dict[str, dict[str, float | int | None]]]:
    """scenario -> figure -> moments over the replicates, as run now."""
    return {name: {k: moments(v) for k, v in figures.items()} for name, figures in replicate_figures().items()}


def differences(saved: dict, now: dict) -> list[str]:
    """Figures whose mean moved beyond the tolerance (one line each); empty when all hold."""
    problems = []
    if set(now) != set(saved):
        return [f"bundled scenarios changed: {sorted(saved)} -> {sorted(now)}; update the baseline"]
    for name, figures in now.items():
        for key, m in figures.items():
            old = saved[name].get(key)
            if old is None:
                problems.append(f"{name}.{key}: not in the baseline")
                continue
            if (old["mean"] is None) != (m["mean"] is None):
                problems.append(f"{name}.{key}: defined in {old['n']} replicates before, {m['n']} now")
                continue
            if m["mean"] is None:
                continue
            # a count that never varied may still move by one in a run that diverged on another machine
            unit = 1.0 if old.get("integer") else 0.0
            sd_old, sd_now = max(old["sd"], unit), max(m["sd"], unit)
            se = math.sqrt(sd_old**2 / max(old["n"], 1) + sd_now**2 / max(m["n"], 1))
            tol = TOLERANCE_SD * se + 1e-9 * max(1.0, abs(old["mean"]))
            if abs(m["mean"] - old["mean"]) > tol:
                problems.append(
                    f"{name}.{key}: mean {old['mean']:.6g} -> {m['mean']:.6g} (sd {old['sd']:.3g}, tolerance {tol:.3g})"
                )
    return problems


def main(argv: list[str]) -> int:
    """Write the baseline, or with ``--check`` compare against it."""
    now = current()
    if "--check" in argv:
        saved = json.loads(BASELINE_FILE.read_text(encoding="utf-8"))["figures"]
        problems = differences(saved, now)
        print("\n".join(problems) if problems else "baseline holds")
        return 1 if problems else 0
    if "--add" in argv:
        saved = json.loads(BASELINE_FILE.read_text(encoding="utf-8"))["figures"]
        problems = [p for p in differences(saved, now) if not p.endswith("not in the baseline")]
        if problems:
            print("\n".join(problems) + "\nnothing written: a figure the baseline holds moved")
            return 1
        added = [f"{n}.{k}" for n, figures in now.items() for k in figures if k not in saved[n]]
        now = {n: {**figures, **saved[n]} for n, figures in now.items()}
        print(f"adding {len(added)} figures: {', '.join(added[:12])}{' ...' if len(added) > 12 else ''}")
    body = {
        "made_with": versions(),
        "years": BASELINE_YEARS,
        "replicates": REPLICATES,
        "root_seed": ROOT_SEED,
        "figures": now,
    }
    BASELINE_FILE.parent.mkdir(parents=True, exist_ok=True)
    tmp = BASELINE_FILE.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(body, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(BASELINE_FILE)
    print(f"wrote {BASELINE_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

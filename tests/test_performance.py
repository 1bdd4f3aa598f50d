"""The performance guard: no guarded speed ratio falls by more than 30% from this CPU's benchmarks/reference/ file.

Why ratios, not seconds: seconds depend on the machine and on whatever else runs on it (CI, other
work on a shared 2-core machine); a ratio of two timings taken in the same process seconds apart
(the model over a plain Mesa model at the same number of agents, 2 workers over 1, a county run
over the sweep machinery) is normalised by the CPU it ran on, like Starsim's benchmark file. The
reference is written by ``.venv/bin/python benchmarks/update_reference.py``, one file per CPU model (another
CPU is held to the lowest of each ratio over the known ones: see benchmarks/guard.py).

The timed guard itself is opt-in (marker ``perf``), never part of the default ``python -m pytest``: run it on
a quiet machine with ``.venv/bin/python -m pytest --perf -m perf``. The checks of the guard's logic run always.
"""

from __future__ import annotations

import json
import math
import sys
import warnings
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import guard  # noqa: E402


def _reference() -> dict[str, float]:
    return guard.reference_ratios()[0]


def test_every_reference_holds_every_guarded_ratio_with_its_machine():
    files = sorted(guard.REFERENCES.glob("*.json"))
    assert files
    for path in files:
        body = json.loads(path.read_text(encoding="utf-8"))
        assert set(body["ratios"]) == set(guard.GUARDED), path.name
        assert all(math.isfinite(v) and v > 0 for v in body["ratios"].values()), path.name
        assert {"cpu", "cores", "python", "numpy", "mesa"} <= set(body["machine"]), path.name
        assert guard.reference_path(body["machine"]["cpu"]) == path  # each file is named by its CPU


def test_an_unknown_cpu_is_held_to_the_lowest_known_ratio():
    lowest, whose = guard.reference_ratios("A CPU nobody measured")
    bodies = [json.loads(p.read_text(encoding="utf-8"))["ratios"] for p in guard.REFERENCES.glob("*.json")]
    assert lowest == {k: min(b[k] for b in bodies) for k in guard.GUARDED} and "lowest" in whose


def test_compare_fails_a_halved_or_missing_ratio_and_passes_a_small_dip():
    reference = _reference()
    assert guard.compare(dict(reference), reference) == []
    assert guard.compare({k: 0.75 * v for k, v in reference.items()}, reference) == []  # within 30%
    for name in guard.GUARDED:
        halved = {**reference, name: reference[name] / 2}
        problems = guard.compare(halved, reference)
        assert len(problems) == 1 and problems[0].startswith(name)
        assert guard.compare({**reference, name: 0.69 * reference[name]}, reference)
        assert guard.compare({**reference, name: float("nan")}, reference)
        missing = {k: v for k, v in reference.items() if k != name}
        assert guard.compare(missing, reference) and guard.compare(reference, missing)


def test_ratios_come_from_the_figures():
    report = {
        "cases": {"county": {"ratio_vs_trivial": 1.5}, "mid": {"ratio_vs_trivial": 2.0}},
        "sweep": {"speedup_2v1": 1.9, "bare_s_per_run": 0.5, "machinery_s_per_run": 0.001},
    }
    assert guard.ratios(report) == pytest.approx(
        {"county_vs_mesa": 1.5, "mid_vs_mesa": 2.0, "sweep_2v1": 1.9, "run_over_machinery": 500.0}
    )


@pytest.mark.slow
@pytest.mark.perf  # timed: only with --perf (.venv/bin/python -m pytest --perf -m perf), never in the default run
def test_no_guarded_ratio_fell_by_more_than_30_percent(tmp_path):
    reference = _reference()
    body = guard.write_json(tmp_path / "now.json", guard.measure(echo=lambda *a: None))
    ratios, busy = body["ratios"], body["sweep"]["busy_cores"]
    if guard.compare(ratios, reference):  # measure again before failing: the machine may be shared for a moment
        again = guard.write_json(tmp_path / "again.json", guard.measure(echo=lambda *a: None))
        ratios = {k: max(ratios.get(k, math.nan), again["ratios"].get(k, math.nan)) for k in guard.GUARDED}
        busy = min(busy, again["sweep"]["busy_cores"])
    problems = guard.compare(ratios, reference)
    if busy > 0.5 and any(p.startswith("sweep_2v1") for p in problems):
        # Other work held a core each time: a second worker had no core of its own, so the 2-worker
        # speedup says nothing about the code. Said, not hidden; the other ratios still count.
        warnings.warn(f"sweep_2v1 not judged: {busy:.1f} cores busy with other work", stacklevel=1)
        problems = [p for p in problems if not p.startswith("sweep_2v1")]
    assert body["sweep"]["identical"], "1 and 2 workers gave different tables"
    assert not problems, f"speed fell (load {body['load_average']}, {busy:.1f} cores busy): " + "; ".join(problems)

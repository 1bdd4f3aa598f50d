"""Measure the performance guard's ratios and write them to benchmarks/reference/<this cpu>.json.

    .venv/bin/python benchmarks/update_reference.py

It measures three times and keeps the best of each ratio (what the code does on a quiet machine);
run it with no other heavy work on the machine (``uptime``), after an intended change of speed
or on a new kind of machine, and say why in the commit. ``tests/test_performance.py`` compares
its own measurement with this file (see ``benchmarks/guard.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from guard import measure, ratios, reference_path, write_json  # noqa: E402


def main(repeats: int = 3) -> None:
    """Measure ``repeats`` times and write the best of each ratio (the quiet machine's) as the reference."""
    reports = [measure() for _ in range(repeats)]
    best = {k: max(ratios(r)[k] for r in reports) for k in ratios(reports[0])}
    path = reference_path()
    body = write_json(path, reports[-1], best)
    for name, value in body["ratios"].items():
        print(f"{name:>20}: {value:.3f}")
    print(f"written: {path}")


if __name__ == "__main__":
    main()

"""Re-run the regression baseline and save it: `python scripts/update_baseline.py`.

The baseline is the summary and the last month's series of each bundled scenario, run for
BASELINE_YEARS years with its own seed. `tests/test_regression.py` compares new runs against it.
Update it only when a change of results is intended, and say why in the commit message.
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

BASELINE_YEARS = 10
BASELINE_FILE = ROOT / "tests" / "baseline" / "summaries.json"


def current() -> dict[str, dict[str, float | None]]:
    out = {}
    for path, sc in bundled():
        result = simulate(sc.with_overrides({"run.years": BASELINE_YEARS}))
        row = dict(result.summary)
        row.update({f"last_{k}": float(v) for k, v in result.series.iloc[-1].items()})
        out[path.stem] = {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
    return out


def main() -> None:
    BASELINE_FILE.parent.mkdir(parents=True, exist_ok=True)
    tmp = BASELINE_FILE.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(current(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(BASELINE_FILE)
    print(f"wrote {BASELINE_FILE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

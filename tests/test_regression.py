"""Results of the bundled scenarios stay what they were unless a change is meant to move them.

To accept an intended change: `python scripts/update_baseline.py`, and say why in the commit.
"""

import importlib.util
import json

import pytest
from conftest import ROOT

spec = importlib.util.spec_from_file_location("update_baseline", ROOT / "scripts" / "update_baseline.py")
update_baseline = importlib.util.module_from_spec(spec)
spec.loader.exec_module(update_baseline)


def test_bundled_scenarios_match_the_saved_baseline():
    saved = json.loads(update_baseline.BASELINE_FILE.read_text(encoding="utf-8"))
    now = update_baseline.current()
    assert set(now) == set(saved), "bundled scenarios changed: update the baseline"
    for name, figures in now.items():
        for key, value in figures.items():
            old = saved[name].get(key)
            if value is None or old is None:
                assert value == old, f"{name}.{key}: {old} -> {value}"
            else:
                assert value == pytest.approx(old, rel=1e-9, abs=1e-12), (
                    f"{name}.{key} moved from {old} to {value}; if intended, run scripts/update_baseline.py"
                )

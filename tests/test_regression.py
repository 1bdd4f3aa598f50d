"""Results of the bundled scenarios stay what they were unless a change is meant to move them.

The baseline is statistical (means and sds over replicates, see scripts/update_baseline.py), so it
holds on any CPU and supported stack; on the machine that made it the means agree to the bit.
To accept an intended change: `python scripts/update_baseline.py`, and say why in the commit.
"""

import copy
import importlib.util
import json
import os
import platform
import subprocess
import sys

import pytest
from conftest import ROOT

spec = importlib.util.spec_from_file_location("update_baseline", ROOT / "scripts" / "update_baseline.py")
update_baseline = importlib.util.module_from_spec(spec)
spec.loader.exec_module(update_baseline)


@pytest.fixture(scope="module")
def saved():
    return json.loads(update_baseline.BASELINE_FILE.read_text(encoding="utf-8"))


def test_bundled_scenarios_match_the_saved_baseline(saved):
    problems = update_baseline.differences(saved["figures"], update_baseline.current())
    assert not problems, "\n".join(problems) + "\nif intended, run scripts/update_baseline.py"


def test_baseline_records_what_made_it(saved):
    assert {"python", "numpy", "mesa", "scipy"} <= set(saved["made_with"])
    assert saved["replicates"] >= 5 and saved["years"] == update_baseline.BASELINE_YEARS


def test_the_comparison_catches_a_moved_figure(saved):
    moved = copy.deepcopy(saved["figures"])
    fig = moved["anji"]["backbones"]
    fig["mean"] += 6 * max(fig["sd"], 1.0)
    assert any("anji.backbones" in p for p in update_baseline.differences(saved["figures"], moved))
    fig = moved["anji"]["pairs_formed"]
    fig["mean"] = None
    assert any("anji.pairs_formed" in p for p in update_baseline.differences(saved["figures"], moved))


@pytest.mark.slow
@pytest.mark.long
@pytest.mark.skipif(platform.machine().lower() not in ("x86_64", "amd64"), reason="names x86-64 SIMD features")
def test_baseline_holds_with_wider_simd_switched_off():
    """Another SIMD path (as on another CPU) gives figures within the statistical baseline."""
    env = {**os.environ, "NPY_DISABLE_CPU_FEATURES": "X86_V3 X86_V4 AVX512_ICL AVX512_SPR"}
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "update_baseline.py"), "--check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr

"""A scenario's out-of-sample predictions, written once before any comparison: `python scripts/predict.py xianan`.

Runs the scenario with SEEDS replicate seeds (children of its ``run.seed``, as
``scripts/against_reports.py`` does), reads each reported figure of that scenario the way the
against-reports table reads it, and writes ``calibration/predictions/<scenario>.toml``: the date,
the commit, the scenario file's inputs and each figure's mean and 95% interval. Only the model's
numbers are written, never the reported ones. An existing prediction is never overwritten (the
file is opened exclusively): a prediction made after seeing the result would not be one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from against_reports import FIGURES, SEEDS  # noqa: E402

from sim.model.run import simulate  # noqa: E402
from sim.params.reading import read_toml  # noqa: E402
from sim.params.scenario import SCENARIO_DIR, load_scenario  # noqa: E402
from sim.runs.stats import mean_ci  # noqa: E402

OUT = ROOT / "calibration" / "predictions"


def commit_of(given: str) -> str:
    """The commit the code was taken from: ``given``, else the repository's HEAD (with "+changes" if not clean)."""
    if given:
        return given
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True)
    if head.returncode:
        raise SystemExit("not a git repository: give --commit (the commit this tree was exported from)")
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--", "sim", "scenarios"], capture_output=True, text=True
    ).stdout.strip()
    return head.stdout.strip() + ("+uncommitted changes under sim/ or scenarios/" if dirty else "")


def quoted(value: object) -> str:
    """A TOML value: strings and numbers as TOML writes them (JSON strings are valid TOML strings)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(quoted(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def prediction(name: str, seeds: int, commit: str) -> str:
    """The prediction file's text: when, what code, what inputs, and each figure's mean and interval."""
    figures = [f for f in FIGURES if f.scenario == name]
    if not figures:
        raise SystemExit(f"no reported figure of scenario {name!r} in scripts/against_reports.py")
    path = SCENARIO_DIR / f"{name}.toml"
    scenario = load_scenario(path)
    runs = [simulate(scenario, child) for child in np.random.SeedSequence(scenario.run.seed).spawn(seeds)]
    inputs, _ = read_toml(path, "scenario", ValueError)
    lines = [
        f"# Out-of-sample predictions of scenario {name!r}, written by scripts/predict.py before any comparison",
        "# with the reported figures (the comparison: docs/calibration.md, scripts/against_reports.py).",
        f"scenario = {quoted(name)}",
        f"made = {quoted(dt.datetime.now(dt.UTC).strftime('%Y-%m-%dT%H:%M:%SZ'))}",
        f"commit = {quoted(commit)}",
        f"scenario_file = {quoted(f'scenarios/{name}.toml')}",
        f"scenario_sha256 = {quoted(hashlib.sha256(path.read_bytes()).hexdigest())}",
        f"seeds = {seeds}  # children of run.seed = {scenario.run.seed}",
        "",
        "[inputs]  # the scenario file's values, as the model was given them",
    ]
    for section, values in inputs.items():
        if isinstance(values, dict):
            for key, value in values.items():
                if not isinstance(value, dict):
                    lines.append(f'"{section}.{key}" = {quoted(value)}')
    for f in figures:
        ci = mean_ci(np.array([f.read(r) for r in runs], dtype=float))
        lines += [
            "",
            "[[prediction]]",
            f"what = {quoted(f.what)}",
            f"mean = {ci.mean:.6g}",
            f"low = {ci.low:.6g}  # 95% interval of the mean over the seeds",
            f"high = {ci.high:.6g}",
            f"runs = {quoted([round(float(f.read(r)), 6) for r in runs])}",
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the prediction, refusing to overwrite one."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", help="a bundled scenario with figures in scripts/against_reports.py")
    parser.add_argument("--seeds", type=int, default=SEEDS)
    parser.add_argument("--commit", default="", help="the commit this tree was exported from (default: git HEAD)")
    args = parser.parse_args(argv)
    target = OUT / f"{args.scenario}.toml"
    if target.exists():
        print(f"{target}: a prediction exists already; it is never overwritten", file=sys.stderr)
        return 2
    text = prediction(args.scenario, args.seeds, commit_of(args.commit))
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        print(f"{target}: a prediction exists already; it is never overwritten", file=sys.stderr)
        return 2
    print(f"wrote {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

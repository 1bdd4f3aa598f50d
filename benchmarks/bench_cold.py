"""`cadre-sim run` cold, as whole processes, against a reference measured in the same period.

    .venv/bin/python benchmarks/bench_cold.py [--runs 7] [--scenario scenarios/anji.toml]
        [--code REV ...] [--same] [--json FILE]

A round starts, one after the other, fresh processes of ``python -c pass``, ``python -c "import
mesa"`` (the reference: a cold start of the library the model stands on, which no change of ours
makes faster) and ``python -m sim run SCENARIO --out TMP --quiet`` (all outputs) once for each
``--code``: ``.`` is the working tree, a folder with a ``sim/`` is that copy, anything else a git revision whose ``sim/`` is unpacked
(``git archive``) and put first on ``PYTHONPATH`` (e.g. ``--code b23d795 --code .``: before and
after, alternating, so that both see the same load). Rounds repeat ``--runs`` times; the figures
are medians: wall seconds, CPU seconds (user + system of the process and its children: what the
run costs whatever the load), the run over the reference and, with two codes, the second over the
first. ``--same`` checks that every code wrote the same results (CSV files byte for byte,
summary.json, every sheet of results.xlsx, report.md).

Byte code is compiled before the first round into a private cache (``PYTHONPYCACHEPREFIX``), as it
is on any machine after its first run (with ``PYTHONDONTWRITEBYTECODE`` set, every process would
compile the package anew: about 0.3 s more).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from guard import machine_words  # noqa: E402

PYTHON = sys.executable
SCENARIO = ROOT / "scenarios" / "anji.toml"


def _timed(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, str]:
    """Wall and CPU seconds (with the children's) of a fresh process, and what it printed.

    ``cwd``: a folder without ``sim/`` (``python -m`` puts the current folder before ``PYTHONPATH``).
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, check=False)  # noqa: S603
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout.strip()


def _code_path(code: str, scratch: Path) -> Path:
    """The folder whose ``sim/`` runs for ``code``: the working tree, or a revision unpacked."""
    if code == ".":
        return ROOT
    if Path(code, "sim").is_dir():  # a folder holding a copy of the package
        return Path(code).resolve()
    folder = scratch / f"code-{code.replace('/', '_')}"
    folder.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", code, "sim"], capture_output=True, check=True)  # noqa: S603, S607
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)  # noqa: S603, S607
    return folder


def _same(folders: list[Path]) -> list[str]:
    """What differs between results folders (empty: the same results)."""
    problems = []
    first = folders[0]
    for other in folders[1:]:
        for name in sorted(p.name for p in first.glob("*.csv")) + ["summary.json", "report.md"]:
            if (first / name).read_bytes() != (other / name).read_bytes():
                problems.append(f"{name} differs ({first.name} vs {other.name})")
        with zipfile.ZipFile(first / "results.xlsx") as a, zipfile.ZipFile(other / "results.xlsx") as b:
            parts = [n for n in a.namelist() if n != "docProps/core.xml"]  # the time of writing
            if parts != [n for n in b.namelist() if n != "docProps/core.xml"]:
                problems.append("results.xlsx has other parts")
            problems += [f"results.xlsx {n} differs" for n in parts if n in b.namelist() and a.read(n) != b.read(n)]
        plots = sorted(p.name for p in (first / "plots").glob("*.png"))
        if plots != sorted(p.name for p in (other / "plots").glob("*.png")):
            problems.append("other plots")
    return problems


def measure(runs: int, scenario: Path, codes: list[str], same: bool = False) -> dict:
    """Rounds of fresh processes; the medians and ratios (see the module's text)."""
    scratch = Path(tempfile.mkdtemp(prefix="bench_cold."))
    try:
        env = dict(os.environ, PYTHONPYCACHEPREFIX=str(scratch / "pycache"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        paths = {code: _code_path(code, scratch) for code in codes}
        reference = [PYTHON, "-c", "import mesa"]
        commands = {
            code: [PYTHON, "-m", "sim", "run", str(scenario), "--out", str(scratch / "out"), "--quiet"]
            for code in codes
        }
        envs = {code: dict(env, PYTHONPATH=str(path)) for code, path in paths.items()}
        for code in codes:  # byte code compiled once, files in the page cache: then only cold processes
            _timed(commands[code], envs[code], scratch)
        _timed(reference, env, scratch)
        times: dict[str, list[tuple[float, float]]] = {"pass": [], "reference": [], **{c: [] for c in codes}}
        folders: dict[str, Path] = {}
        load_before = os.getloadavg()
        for _ in range(runs):
            times["pass"].append(_timed([PYTHON, "-c", "pass"], env, scratch)[:2])
            times["reference"].append(_timed(reference, env, scratch)[:2])
            for code in codes:
                wall, cpu, printed = _timed(commands[code], envs[code], scratch)
                times[code].append((wall, cpu))
                folder = Path(printed.splitlines()[-1])
                if same and code not in folders:
                    folders[code] = folder
                elif folder != folders.get(code):
                    shutil.rmtree(folder, ignore_errors=True)
        wall = {k: statistics.median(w for w, _ in v) for k, v in times.items()}
        cpu = {k: statistics.median(c for _, c in v) for k, v in times.items()}
        report = {
            "machine": machine_words(),
            "load_average": {"before": list(load_before), "after": list(os.getloadavg())},
            "runs": runs,
            "scenario": str(scenario),
            "pass_s": wall["pass"],
            "reference": "python -c 'import mesa'",
            "reference_s": wall["reference"],
            "codes": {
                code: {
                    "wall_s": wall[code],
                    "wall_range_s": [min(w for w, _ in times[code]), max(w for w, _ in times[code])],
                    "cpu_s": cpu[code],
                    "over_reference": wall[code] / wall["reference"],
                }
                for code in codes
            },
        }
        if len(codes) == 2:
            a, b = codes
            report["second_over_first"] = {"wall": wall[b] / wall[a], "cpu": cpu[b] / cpu[a]}
        if same and len(folders) > 1:
            report["same_results"] = _same([folders[c] for c in codes]) or True
        return report
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main() -> None:
    """Measure and print (and write ``--json``)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="rounds (each: pass, import mesa, one run per code)")
    parser.add_argument("--scenario", type=Path, default=SCENARIO)
    parser.add_argument(
        "--code", action="append", help="'.' (working tree), a folder holding sim/, or a git revision; repeatable"
    )
    parser.add_argument("--same", action="store_true", help="check that every code wrote the same results")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error(f"--runs {args.runs}: at least 1")
    if not args.scenario.is_file():
        parser.error(f"--scenario {args.scenario}: no such file")
    codes = args.code or ["."]
    report = measure(args.runs, args.scenario.resolve(), codes, args.same)
    print(f"machine: {report['machine']}")
    load = report["load_average"]
    print(f"load average: {load['before'][0]:.2f} before, {load['after'][0]:.2f} after; medians of {args.runs}")
    print(f"python -c pass            {report['pass_s']:6.2f} s")
    print(f"python -c 'import mesa'   {report['reference_s']:6.2f} s   (the reference)")
    for code, figures in report["codes"].items():
        low, high = figures["wall_range_s"]
        print(
            f"run {args.scenario.name} [{code}]".ljust(26)
            + f"{figures['wall_s']:6.2f} s   ({low:.2f}-{high:.2f}; CPU {figures['cpu_s']:.2f} s)"
            + f"   {figures['over_reference']:.2f}x the reference"
        )
    if "second_over_first" in report:
        r = report["second_over_first"]
        print(f"{codes[1]} over {codes[0]}: wall {r['wall']:.2f}x, CPU {r['cpu']:.2f}x")
    if "same_results" in report:
        same = report["same_results"]
        print("same results: yes" if same is True else "same results: NO\n  " + "\n  ".join(same))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()

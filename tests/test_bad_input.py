"""Bad input, as a fuzzer and a careless user make it: every case ends with exit 0 or 2, never a
traceback, writes nothing when it is refused, and finishes within a time limit.

The cases come from a seeded generator (the same cases every run): broken files (binary, Latin-1,
UTF-16, cut in the middle of a character, empty, nested too deeply), wrong types and values of
every parameter, unknown keys, broken experiment files, and bad command-line arguments.
"""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import TINY_SCENARIO
from typer.testing import CliRunner

from sim.cli import app
from sim.params.scenario import load_scenario
from sim.params.schema import parameter_names

SECONDS_PER_CASE = 300  # a hang guard (bad input must not loop), not a speed test: generous for a busy machine
VALID = TINY_SCENARIO.encode("utf-8")
runner = CliRunner()


def nested(depth: int) -> str:
    return "[" * depth + "1" + "]" * depth


def broken_files(rng: random.Random) -> list[bytes]:
    """Files that are not UTF-8 TOML scenarios, or not scenarios at all."""
    cases = [
        b"",
        b"   \n# only a comment\n",
        bytes(rng.randrange(256) for _ in range(300)),
        "[run]\nname = 'Café'\n".encode("latin-1"),
        TINY_SCENARIO.encode("utf-16"),
        "[run]\nname = '县域导师'\n".encode()[:-5],
        b"[run\nyears = 3\n",
        f"[run]\nyears = {nested(5000)}\n".encode(),
        f"x = {nested(200)}\n".encode(),
        b'[run]\nname = "a\\u0000b"\n',
        b'[run]\nname = "' + b"x" * 300 + b'"\n',
        b'[run]\nname = "../../etc"\n',
        b'[run]\nname = ".hidden"\n',
        b"\xef\xbb\xbf" + VALID,  # a UTF-8 byte-order mark is fine
        VALID + b"\n[extra]\nkey = 1\n",
    ]
    return cases


TYPED_VALUES = [
    "true", "false", '"20"', '"yes"', "0", "-1", "1e308", "-1e308", "nan", "inf", "-inf", "10000000000000000000",
    "0.5", "[1, 2]", "{ a = 1 }", "1979-05-27", '""', '"random"', '"team"', "3.0", "60", "61", "2000001",
]  # fmt: skip


def mutated_scenarios(rng: random.Random, n: int) -> list[bytes]:
    """The tiny scenario with one parameter set to a random value of a random type."""
    names = parameter_names()
    out = []
    for _ in range(n):
        section, key = rng.choice(names).split(".")
        value = rng.choice(TYPED_VALUES)
        if rng.random() < 0.1:
            key += rng.choice(["_", "x", "s"])  # a misspelt key
        out.append(f"{TINY_SCENARIO}\n[{section}]\n{key} = {value}\n".encode())
    return out


def check(result, out: Path | None = None) -> None:
    assert result.exit_code in (0, 2), (result.exit_code, result.output)
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert result.output.strip(), "a refusal says why"
        if out is not None:
            assert not out.exists() or not any(out.iterdir()), "nothing is written when input is refused"


def timed(args: list[str]):
    started = time.perf_counter()
    result = runner.invoke(app, args)
    assert time.perf_counter() - started < SECONDS_PER_CASE, args
    return result


@pytest.mark.parametrize("case", range(15))
def test_broken_scenario_files(tmp_path, case):
    data = broken_files(random.Random(7))[case]
    path = tmp_path / "s.toml"
    path.write_bytes(data)
    check(timed(["validate", str(path)]))
    check(timed(["run", str(path), "--years", "1", "--out", str(tmp_path / "run"), "--quiet"]), tmp_path / "run")
    sweep = tmp_path / "sweep"
    check(timed(["sweep", str(path), "--out", str(sweep), "-q"]), sweep)  # not an experiment file either
    cmp = tmp_path / "cmp"
    check(timed(["compare", str(path), "anji", "-r", "2", "--set", "run.years=1", "-o", str(cmp), "-q"]), cmp)


@pytest.mark.long
def test_mutated_scenarios(tmp_path):
    rng = random.Random(11)
    ran = 0
    for k, data in enumerate(mutated_scenarios(rng, 120)):
        path = tmp_path / f"m{k}.toml"
        path.write_bytes(data)
        result = timed(["validate", str(path)])
        check(result)
        small = result.exit_code == 0 and load_scenario(path).population.initial_cadres <= 5_000
        if small and ran < 12:  # a few accepted ones run end to end (one year)
            out = tmp_path / f"out{k}"
            check(timed(["run", str(path), "--years", "1", "--out", str(out), "--quiet"]), out)
            ran += 1


EXPERIMENTS = [
    'scenario = "tiny.toml"\n',
    'scenario = "tiny.toml"\n[parameters]\n',
    'scenario = "tiny.toml"\nreplicates = "3"\n[parameters]\n"growth.mentoring_rate" = [0.1]\n',
    'scenario = "tiny.toml"\nreplicates = true\n[parameters]\n"growth.mentoring_rate" = [0.1]\n',
    'scenario = "tiny.toml"\ndesign = "sobol"\nsamples = 100000000\n[parameters]\n"growth.mentoring_rate" = { min = 0.0, max = 0.1 }\n',
    'scenario = "tiny.toml"\ndesign = "lhs"\nsamples = 150000\nreplicates = 100\n[parameters]\n"growth.mentoring_rate" = { min = 0.0, max = 0.1 }\n',
    'scenario = "tiny.toml"\n[parameters]\n"growth.mentoring_rate" = { min = 0.0, max = 0.1, step = 1e-12 }\n',
    'scenario = "tiny.toml"\n[parameters]\n"growth.mentoring_rate" = { min = 0.0, max = 0.1, num = 100000000 }\n',
    'scenario = "tiny.toml"\n[parameters]\n"growth.mentoring_rate" = { min = nan, max = 0.1, num = 3 }\n',
    'scenario = "tiny.toml"\n[parameters]\n"flows.second_line_age" = [58]\n"flows.retirement_age" = [56, 60]\n',
    'scenario = "tiny.toml"\nname = "../escape"\n[parameters]\n"growth.mentoring_rate" = [0.1]\n',
    'scenario = "tiny.toml"\n[parameters]\n"growth.mentoring_rate" = [' + ", ".join(["[1]"] * 3) + "]\n",
    f'scenario = "tiny.toml"\n[parameters]\nx = {nested(3000)}\n',
    'scenario = "nope.toml"\n[parameters]\n"growth.mentoring_rate" = [0.1]\n',
    'scenario = "tiny.toml"\n[parameters]\n"growth.mentoring_rate" = [0.1]\n[fixed]\n"run.years" = true\n',
]


@pytest.mark.parametrize("case", range(len(EXPERIMENTS)))
def test_broken_experiment_files(tmp_path, case):
    (tmp_path / "tiny.toml").write_text(TINY_SCENARIO)
    path = tmp_path / "exp.toml"
    path.write_text(EXPERIMENTS[case])
    out = tmp_path / "out"
    result = timed(["sweep", str(path), "--out", str(out), "-q", "-w", "1"])
    check(result, out)
    assert result.exit_code == 2, result.output


def test_bad_arguments(tmp_path):
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    long_name = "n" * 300
    cases = [
        ["run", "anji", "--seed", "-1"],
        ["run", "anji", "--seed", str(2**64)],
        ["run", "anji", "--years", "0"],
        ["run", "anji", "--years", "61"],
        ["run", "anji", "--set", "run.years=true"],
        ["run", "anji", "--set", "=3"],
        ["run", "anji", "--set", f"years={nested(3000)}"],
        [
            "run",
            "anji",
            "--set",
            "population.initial_cadres=2000000",
            "--set",
            "flows.intake_per_year=1000000",
            "--set",
            "establishment.intake=fixed",
        ],
        ["run", "anji", "--out", str(a_file)],
        ["run", "anji", "--out", str(a_file / "below")],
        ["run", "anji", "--out", str(tmp_path / long_name)],
        ["run", "anji", "--out", "/proc/cannot-write-here"],
        ["run", "anji", "--snapshot-every", "-1"],
        ["run", str(tmp_path)],
        ["compare", "anji", "-r", "1"],
        ["compare", "anji", "baseline", "-r", "2", "--workers", "100000", "-o", str(tmp_path / "c")],
        ["compare", "anji", "baseline", "-r", "2", "--scheduler", "not a url", "-o", str(tmp_path / "c")],
        ["sweep", "ratio_x_methods", "--scheduler", "not a url", "--out", str(tmp_path / "s")],
        ["sweep", "ratio_x_methods", "--workers", "0", "--out", str(tmp_path / "s")],
        ["sweep", "ratio_x_methods", "--scheduler", "tcp://127.0.0.1:9", "--out", str(tmp_path / "s")],
        ["demo", "nope.toml", "--no-open"],
        ["demo", "--port", "70000", "--no-open"],
        ["demo", "--lang", "fr", "--no-open"],
        ["lineage", str(tmp_path)],
        ["animate", str(a_file)],
        ["lineage", str(tmp_path), "--lang", "xx"],
    ]
    for args in cases:
        result = timed(args)
        check(result)
        assert result.exit_code == 2, (args, result.output)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"], "a refused command wrote something"


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses the address-space limit")
def test_what_cannot_fit_is_refused_before_it_allocates(tmp_path):
    """A province of ten million hired over 60 years is refused with an estimate, within 4 GB."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (4 * 2**30, 4 * 2**30))

    args = [sys.executable, "-m", "sim", "run", "anji", "--years", "60", "--set", "flows.intake_per_year=1000000",
            "--set", "establishment.intake=fixed", "--out", str(tmp_path / "out")]  # fmt: skip
    # the timeout is a hang guard: a refusal takes seconds, a run that tried would take far longer
    done = subprocess.run(args, capture_output=True, text=True, preexec_fn=limit, timeout=300,
                          env={**os.environ, "OPENBLAS_NUM_THREADS": "1"})  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "GB" in done.stderr and "Go smaller" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


def test_a_full_disk_is_seen_before_the_run_and_while_writing(tmp_path, monkeypatch):
    import errno
    import shutil

    import sim.files
    import sim.studies.run.results

    out = tmp_path / "out"
    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(sim.files.shutil, "disk_usage", lambda p: usage._replace(free=1000))
    result = timed(["run", "anji", "--years", "1", "--out", str(out)])
    check(result, out)
    assert result.exit_code == 2 and "not enough free space" in result.output
    monkeypatch.undo()

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(sim.studies.run.results, "write_run", full)
    result = timed(["run", "anji", "--years", "1", "--out", str(out)])
    check(result, out)
    assert result.exit_code == 2 and "No space left on device" in result.output

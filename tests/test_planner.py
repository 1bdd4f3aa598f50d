"""The planner's scenario tools: `cadre-sim params` readable at 80 columns and exportable; `cadre-sim new`."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from sim.cli import app
from sim.model.run import simulate
from sim.params.describe import described
from sim.params.scenario import load_scenario
from sim.params.schema import SECTIONS, parameter_table

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_params_at_80_columns_loses_no_text(lang):
    env = {**os.environ, "COLUMNS": "80", "TERM": "dumb"}
    done = subprocess.run(
        [sys.executable, "-m", "sim", "params", "--lang", lang], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    flat = _squash(done.stdout)
    choices = {row["parameter"]: row["choice_labels"] for row in parameter_table()}
    for row in described(lang):
        assert row["meaning"], row["parameter"]
        for key in ("parameter", "default", "unit", "source", "meaning"):
            assert _squash(row[key]) in flat, (row["parameter"], key)
        if choices[row["parameter"]]:
            for code, labels in choices[row["parameter"]].items():
                assert _squash(f"{code} {labels[0 if lang == 'zh' else 1]}") in flat
        else:
            assert _squash(row["allowed"]) in flat, row["parameter"]


def test_params_exports_markdown_and_csv_with_choices_and_meanings(tmp_path):
    r = runner.invoke(app, ["params", "--format", "csv"])
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.output)))
    assert len(rows) == len(parameter_table()) and list(rows[0]) == [
        "参数",
        "默认值",
        "允许取值",
        "单位",
        "含义",
        "依据",
    ]
    form = next(row for row in rows if row["参数"] == "pairing.form")
    assert "one_to_many（一对多）" in form["允许取值"] and form["含义"]
    assert all(row["含义"] for row in rows)
    r = runner.invoke(app, ["params", "--format", "md", "--lang", "en"])
    assert r.exit_code == 0 and "| `methods.mix` | scaffolded | scaffolded (scaffolded), fixed (fixed) |" in r.output
    out = tmp_path / "params.csv"
    assert runner.invoke(app, ["params", "--format", "csv", "--out", str(out)]).exit_code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads the Chinese as UTF-8
    assert runner.invoke(app, ["params", "--format", "csv", "--out", str(out)]).exit_code == 2  # never over a file
    one = runner.invoke(app, ["params", "matching"])
    assert one.exit_code == 0 and "strong_helps_weak" in one.output and "pool." not in one.output
    assert runner.invoke(app, ["params", "--format", "xls"]).exit_code == 2


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_new_writes_a_commented_scenario_that_validates_and_runs(tmp_path, lang):
    r = runner.invoke(app, ["new", "我县", "--from", "anji", "--out", str(tmp_path), "--lang", lang])
    assert r.exit_code == 0, r.output
    path = tmp_path / "我县.toml"
    text = path.read_text(encoding="utf-8")
    scenario = load_scenario(path)
    anji = load_scenario("anji")
    mine, theirs = scenario.model_dump(), anji.model_dump()
    for data in (mine, theirs):
        data["run"].pop("name"), data["run"].pop("description"), data["run"].pop("description_zh", None)
    assert mine["run"].pop("years") == 21 and theirs["run"].pop("years") == 20  # the years written agree with the end
    assert mine == theirs and scenario.name == "我县"  # every value of anji, as written
    data = tomllib.loads(text)
    assert list(data) == [*SECTIONS, "origins"]
    assert all(set(data[s]) == set(SECTIONS[s].model_fields) for s in SECTIONS)
    assert data["origins"]["population.initial_cadres"] == "anji"  # every borrowed value marked
    lines = text.splitlines()
    keys = [i for i, line in enumerate(lines) if re.match(r"^\w+ = ", line)]
    assert len(keys) == len(parameter_table())
    for i in keys:  # every key has its meaning, allowed values, unit, default and source above it
        assert lines[i - 3].startswith("# ") and lines[i - 2].startswith("# ") and lines[i - 1].startswith("# ")
    if lang == "zh":
        assert "# 每名导师最多带几名帮带对象（人）" in text and "取值：1 至 20 的整数" in text and "（anji 取 " in text
    else:
        assert "# how many mentees one mentor takes at most" in text and "allowed: whole number 1 to 20" in text
    short = scenario.with_overrides({"run.end_year": 0, "run.years": 1})
    assert simulate(short, 1).summary["final_headcount"] > 0
    before = path.read_bytes()
    again = runner.invoke(app, ["new", "我县", "--out", str(tmp_path)])
    assert again.exit_code == 2 and "already exists" in again.output and path.read_bytes() == before


def test_new_from_defaults_and_bad_names(tmp_path):
    r = runner.invoke(app, ["new", "county.toml", "--out", str(tmp_path)])
    assert r.exit_code == 0 and load_scenario(tmp_path / "county.toml").name == "county"
    assert runner.invoke(app, ["new", "../up", "--out", str(tmp_path)]).exit_code == 2
    bad = runner.invoke(app, ["new", "x", "--from", "nowhere", "--out", str(tmp_path)])
    assert bad.exit_code == 2 and not (tmp_path / "x.toml").exists()

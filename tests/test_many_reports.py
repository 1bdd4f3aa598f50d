"""Comparison and sweep reports answer the question: winners only on goals, ties said, zh first; sweep options."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
from conftest import TINY_SCENARIO
from typer.testing import CliRunner

from sim.cli import app as cli_app
from sim.model.outcomes import OUTCOMES
from sim.output.names import fmt, outcome_name
from sim.params.schema import Scenario
from sim.studies.compare.analysis import run_compare, wilcoxon_can_reach
from sim.studies.compare.report import write_compare
from sim.studies.sweep.command import sweep_and_report as run_sweep
from sim.studies.sweep.experiment_file import load_experiment


# ---- a comparison with known answers (module level: worker code imports it) ---------------
def planted(base, overrides, seed):
    """Variant 1 has 50 more cadres in post (no goal), clearly more skill, and backbones within noise."""
    v = overrides["variant"]
    rng = np.random.default_rng([seed, v])
    summary = {o: 1.0 for o in OUTCOMES}
    summary["final_headcount"] = 1000.0 + 50.0 * v + rng.normal()
    summary["final_mean_skill"] = 0.5 + 0.1 * v + 0.001 * rng.normal()
    summary["backbones"] = 100.0 + rng.normal()
    return {"summary": summary}


def _compare(tmp_path, replicates=5, lang="zh"):
    s = Scenario()
    res = run_compare([s, s], ["甲", "乙"], replicates=replicates, seed=3, workers=1, run_fn=planted)
    out = write_compare(res, tmp_path / f"cmp-{lang}-{replicates}", plots=False, lang=lang)
    return out, (out / "report.md").read_text(encoding="utf-8")


def _best_rows(report: str) -> list[str]:
    section = report.split("\n## ")[1]  # the first section: who is best on which figure
    return [line for line in section.splitlines() if line.startswith("| ") and "---" not in line][1:]


def test_no_winner_on_a_figure_without_direction_and_ties_are_said(tmp_path):
    assert OUTCOMES["final_headcount"].direction == 0
    out, report = _compare(tmp_path)
    rows = _best_rows(report)
    headcount = outcome_name("final_headcount", "zh")
    assert not any(r.startswith(f"| {headcount}") for r in rows)  # never ranked
    skill = next(r for r in rows if r.startswith(f"| {outcome_name('final_mean_skill', 'zh')}"))
    assert "**乙**" in skill
    backbones = next(r for r in rows if r.startswith(f"| {outcome_name('backbones', 'zh')}"))
    assert "无法区分" in backbones and "**" not in backbones
    line = next(x for x in report.splitlines() if x.startswith(f"- **{headcount}"))
    assert "无所谓好坏" in line and "更好" not in line  # a clear difference, not a merit
    diffs = pd.read_csv(out / "differences.csv").set_index("outcome")
    assert pd.isna(diffs.loc["final_headcount", "better"]) and diffs.loc["final_headcount", "direction"] == 0
    assert diffs.loc["backbones", "diff_ci_low"] < 0 < diffs.loc["backbones", "diff_ci_high"]


def test_chinese_by_default_english_on_request(tmp_path):
    _, zh = _compare(tmp_path)
    assert zh.startswith("# 政策比较") and "95% 置信区间" in zh and "各次运行 10%–90%" in zh
    assert "final_mean_skill" not in zh  # names from the vocabulary, not codes
    _, en = _compare(tmp_path, lang="en")
    assert en.startswith("# Comparison") and "final mean skill (0-1)" in en and "cannot tell apart" in en
    table = pd.read_csv(tmp_path / "cmp-en-5" / "table.csv")
    assert {"label", "direction", "p10", "p90"} <= set(table.columns)


def test_the_wilcoxon_warning_only_where_it_can_matter(tmp_path):
    assert not wilcoxon_can_reach(5) and wilcoxon_can_reach(6)
    _, five = _compare(tmp_path, replicates=5)
    assert "†" not in five and five.count("Wilcoxon") == 1  # said once: it cannot reach 5% with 5 runs
    _, eight = _compare(tmp_path, replicates=8)
    assert eight.count("Wilcoxon") <= 1


def test_numbers_never_in_scientific_notation():
    for x in (1e-5, -3.2e-7, 2.5e12, 0.000999):
        assert "e" not in fmt(x).lower(), fmt(x)


# ---- sweeps ---------------------------------------------------------------------------------
def ranked(base, overrides, seed):
    """Backbones peak at mentoring rate 0.3, clearly; skill is flat (within noise)."""
    rng = np.random.default_rng(seed)
    rate = overrides["growth.mentoring_rate"]
    return {"backbones": 100 - 400 * (rate - 0.3) ** 2 + rng.normal(), "final_mean_skill": 0.5 + 0.01 * rng.normal()}


def make(tmp_path: Path, body: str):
    (tmp_path / "tiny.toml").write_text(TINY_SCENARIO)
    (tmp_path / "exp.toml").write_text(textwrap.dedent(body))
    return load_experiment(tmp_path / "exp.toml")


def test_the_sweep_report_names_the_best_point(tmp_path):
    exp = make(
        tmp_path,
        """
        scenario = "tiny.toml"
        replicates = 6
        outcomes = ["backbones", "final_mean_skill"]
        [parameters]
        "growth.mentoring_rate" = [0.1, 0.2, 0.3, 0.5]
        """,
    )
    run_sweep(exp, tmp_path / "out", workers=1, run_fn=ranked, progress=False, plots=False)
    best = pd.read_csv(tmp_path / "out" / "best.csv").set_index("outcome")
    assert best.loc["backbones", "design"] == "growth.mentoring_rate = 0.3" and bool(best.loc["backbones", "distinct"])
    assert best.loc["backbones", "runner_up"] == "growth.mentoring_rate = 0.2"
    assert best.loc["backbones", "ci_low"] <= best.loc["backbones", "mean"] <= best.loc["backbones", "ci_high"]
    assert not bool(best.loc["final_mean_skill", "distinct"])
    report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "每项指标的最佳设计点" in report and "**growth.mentoring_rate = 0.3**" in report
    assert "各次运行 10%–90%" in report and "无法区分" in report
    points = pd.read_csv(tmp_path / "out" / "points.csv")
    assert {"backbones_p10", "backbones_p90"} <= set(points.columns)


def test_sweep_replicates_and_set_on_the_command_line_and_a_changed_resume_is_refused(tmp_path):
    make(
        tmp_path,
        """
        scenario = "tiny.toml"
        replicates = 3
        outcomes = ["backbones", "final_mean_skill"]
        [parameters]
        "growth.mentoring_rate" = [0.03, 0.09]
        """,
    )
    out = tmp_path / "out"
    base = ["sweep", str(tmp_path / "exp.toml"), "-o", str(out), "-w", "1", "-q", "--no-plots"]
    res = CliRunner().invoke(cli_app, [*base, "--replicates", "2", "--set", "run.years=2", "--lang", "en"])
    assert res.exit_code == 0, res.output
    table = pd.read_csv(out / "results.csv")
    assert len(table) == 2 * 2 and set(table["replicate"]) == {0, 1}
    manifest = json.loads((out / "sweep.json").read_text())
    assert manifest["command"] == {"replicates": 2, "set": {"run.years": 2}}
    assert manifest["experiment"]["base_scenario"]["run"]["years"] == 2
    assert "--replicates 2 --set run.years=2" in (out / "report.md").read_text()
    again = CliRunner().invoke(cli_app, [*base, "--replicates", "2", "--set", "years=2"])  # same values: resumes
    assert again.exit_code == 0, again.output
    for other in (["--replicates", "3", "--set", "run.years=2"], ["--set", "run.years=2"], []):
        bad = CliRunner().invoke(cli_app, [*base, *other])
        assert bad.exit_code == 2 and "--replicates 2 --set run.years=2" in bad.output, bad.output
    varied = CliRunner().invoke(cli_app, [*base[:2], "-o", str(tmp_path / "o2"), "--set", "growth.mentoring_rate=0.1"])
    assert varied.exit_code == 2 and "varies this parameter" in varied.output
    wrong = CliRunner().invoke(cli_app, [*base[:2], "-o", str(tmp_path / "o3"), "--set", "run.years=0"])
    assert wrong.exit_code == 2 and "run.years" in wrong.output and not (tmp_path / "o3").exists()

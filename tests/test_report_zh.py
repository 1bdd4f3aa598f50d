"""One run's report, terminal table and CSV files as planners read them (issue 12)."""

import re

import pandas as pd
import pytest
from typer.testing import CliRunner

from sim.cli import app
from sim.model.outcome_words import meaning, unit_label
from sim.model.outcomes import OUTCOMES
from sim.output.numbers import number, percent, quantity
from sim.output.tables import NEVER_COLUMNS, read_run_table

runner = CliRunner()


def _run(tmp_path, *args):
    r = runner.invoke(app, ["run", *args, "--out", str(tmp_path)])
    assert r.exit_code == 0, r.output
    folder = max((p for p in tmp_path.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime)
    return r.output, folder


@pytest.fixture(scope="module")
def anji_zh(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("zh")
    return _run(tmp, "anji", "--years", "3", "--set", "pairing.mentees_per_mentor=3")


def test_numbers_never_in_scientific_notation():
    for x in (2.442e5, 3.35e8, 1e20, 1.2e-5, -4.5e-7, 0.5, 1234.5):
        for text in (number(x), number(x, lang="zh"), quantity(x, "hours", "zh", "小时"), quantity(x, "people")):
            assert "e+" not in text and "e-" not in text, text
    assert number(335099.4) == "335,099" and quantity(335099.4, "hours", "zh", "小时") == "335,099 小时"
    assert percent(0.744) == "74%" and quantity(0.744, "fraction") == "74%"
    assert number(float("nan"), lang="zh") == "—" and number(None) == "n/a"


def test_every_outcome_has_a_unit_word_and_a_chinese_meaning():
    for code, o in OUTCOMES.items():  # from the catalogue (sim/words/outcomes.toml)
        assert re.search(r"[\u4e00-\u9fff]", meaning(code, "zh")) and meaning(code, "en"), code
        assert unit_label(o.unit, "zh") != o.unit, o.unit  # a word, not the code back


def test_report_is_chinese_by_default_with_the_overrides_and_the_real_span(anji_zh):
    output, folder = anji_zh
    report = (folder / "report.md").read_text(encoding="utf-8")
    assert report.startswith("# anji：2004年4月—2007年3月")
    assert "| `pairing.mentees_per_mentor` | 2 | 3 |" in report and "| `run.years` |" in report
    assert "每名导师最多带 3 人" in report
    assert "结对数" in report and "pairs_formed" not in report and "cum_backbones" not in report
    assert not re.search(r"\d[eE][+-]\d", report)
    assert re.search(r"\d{1,3}(,\d{3})+ (小时|人|对)", report), "thousands separators in the figures"
    assert "结对数" in output and "导师投入时数" in output and "pairs_formed" not in output
    assert not re.search(r"\d[eE][+-]\d", output)


def test_english_on_request_and_baseline_says_only_what_applies(tmp_path):
    output, folder = _run(tmp_path, "baseline", "--years", "2", "--lang", "en")
    report = (folder / "report.md").read_text(encoding="utf-8")
    assert report.startswith("# baseline: Apr 2004 - Mar 2006")
    assert "based on **anji**" in report and "`pairing.enabled` | true | false" in report
    body = report.split("Figures that do not apply")[0]
    for word in ("mentor pool", "pool went", "review or the negative list", "lineage reached", "mentor hours"):
        assert word not in body, word
    assert "final pool size" in report.split("Figures that do not apply")[1]
    assert "backbones" in output and "final pool size" not in output
    assert not (folder / "plots" / "pool_and_mentees.png").exists()


def test_csv_files_have_blanks_not_minus_one_for_never(anji_zh):
    _, folder = anji_zh
    for table, columns in NEVER_COLUMNS.items():
        path = folder / f"{table}.csv"
        if not path.exists():
            continue
        raw = pd.read_csv(path)
        for column in columns:
            assert not (raw[column] == -1).any(), f"{table}.{column} holds -1"
    pairs = pd.read_csv(folder / "pairs.csv")
    assert pairs["end_month"].isna().any(), "pairs still open at the end have a blank end month"
    assert (pairs.loc[pairs["end_month"].isna(), "end_reason"] == "active").all()
    for name in ("series.csv", "cadres.csv", "pairs.csv", "events.csv", "lineage_cohorts.csv"):
        assert not re.search(r"\d[eE][+-]\d", (folder / name).read_text(encoding="utf-8")), name
    old_style = read_run_table(folder / "cadres.csv", never=-1)
    assert old_style["generation"].dtype == "int64" and (old_style["generation"] == -1).any()
    assert read_run_table(folder / "pairs.csv")["end_month"].isna().any()


def test_plots_carry_calendar_years(anji_zh):
    from sim.model.run import simulate
    from sim.output.plots import calendar_months
    from sim.params.scenario import load_scenario

    series = simulate(load_scenario("anji").with_overrides({"run.years": 1, "run.end_year": 0})).series
    months = calendar_months(series)
    assert str(months[0]) == "2004-03" and str(months[1]) == "2004-04" and str(months[-1]) == "2005-03"
    _, folder = anji_zh
    assert (folder / "plots" / "headcount_by_stage.png").stat().st_size > 10_000

"""Rosters as departments keep them (tests/fixtures/rosters/, made by scripts/make_roster_corpus.py).

Each file is imported with the headcount, units and ranks it should give, or refused with the line
that says where and what to fix.
"""

from pathlib import Path

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from sim.cli import app
from sim.params.roster import RosterError
from sim.params.roster_summary import RosterSummary, notice, summarise_roster

CORPUS = ROOT / "tests" / "fixtures" / "rosters"
TOWNS = ["城关镇", "东山乡", "西岭镇"]
runner = CliRunner()


def read(name: str, **options) -> RosterSummary:
    return summarise_roster(CORPUS / name, as_of=2025, retirement_age=60, **options)


def refused(name: str, lang: str = "zh", **options) -> list[str]:
    with pytest.raises(RosterError) as e:
        read(name, lang=lang, **options)
    return str(e.value).splitlines()


def ranks(staff: int, level4: int, leaders: int) -> dict[str, int]:
    return {"staff": staff, "level4": level4, "township_leader": leaders}


@pytest.mark.parametrize(
    ("name", "cadres", "units", "by_rank"),
    [
        ("01_plain_utf8.csv", 48, [*TOWNS, "南湖街道"], ranks(12, 8, 28)),
        ("02_excel_bom_titles.csv", 39, TOWNS, ranks(12, 6, 21)),
        ("03_gbk_mixed_dates.csv", 33, TOWNS, ranks(6, 6, 21)),
        ("04_excel_instructions_first.xlsx", 48, [*TOWNS, "北坡乡"], ranks(12, 8, 28)),
        ("05_wps_two_row_header.xlsx", 36, TOWNS, ranks(9, 6, 21)),
        ("06_village_cadres.csv", 33, TOWNS, ranks(6, 6, 21)),
        ("09_same_name_two_people.csv", 33, TOWNS, ranks(6, 6, 21)),
        ("12_sheet_per_township.xlsx", 12, TOWNS[:1], ranks(3, 2, 7)),
        ("14_mentors_english_headers.csv", 36, TOWNS, {"staff": 18, "level4": 18}),
    ],
)
def test_imported(name, cadres, units, by_rank):
    summary = read(name)
    assert summary.cadres == cadres == sum(u.cadres for u in summary.units)
    assert [u.name for u in summary.units] == units
    assert summary.ranks == by_rank
    assert sum(summary.birth_years.values()) == sum(summary.hire_years.values()) == cadres


def test_title_rows_totals_notes_and_blank_rows_are_skipped_and_said_once():
    summary = read("02_excel_bom_titles.csv")
    assert summary.header_row == 3 and summary.roster.row_numbers[0] == 4
    assert summary.skipped == ((43, "total"), (44, "blank"), (45, "note"), (46, "note"))
    line = notice(summary.roster)
    assert "表头在第 3 行" in line and "合计行 1 行（第 43 行）" in line and "注释或落款行 2 行（第 45、46 行）" in line
    assert "skipped 1 totals row(s) (row 43)" in notice(summary.roster, "en")
    assert read("03_gbk_mixed_dates.csv").skipped == ((14, "blank"),)  # a blank row among the cadres


def test_the_roster_sheet_after_the_instructions_and_the_sheet_chosen():
    summary = read("04_excel_instructions_first.xlsx")
    assert summary.sheet == "花名册" and summary.header_row == 3
    assert read("12_sheet_per_township.xlsx", sheet="西岭镇").cadres == 14
    lines = refused("12_sheet_per_township.xlsx", sheet="南湖街道")
    assert "没有名为“南湖街道”的工作表（有：城关镇, 东山乡, 西岭镇）" in lines[0]


def test_a_two_row_header_with_line_breaks_and_dates_typed_as_numbers():
    summary = read("05_wps_two_row_header.xlsx")
    assert summary.roster.row_numbers[0] == 5  # title, 填报单位, the header two rows deep
    assert min(summary.birth_years) >= 1968 and max(summary.hire_years) <= 2025


def test_village_cadres_are_left_out_and_said():
    summary = read("06_village_cadres.csv")
    assert summary.left_out == (35, 36, 37, 38)
    assert "村（社区）干部 4 人不是公务员" in notice(summary.roster)


def test_an_unknown_title_is_listed_once_with_its_rows_and_how_to_map_it():
    lines = refused("07_unknown_title.csv")
    assert len(lines) == 3
    assert "职务或职级“扶贫专干”不在对照表中（第 13、24 行）" in lines[0]
    assert "“党政办主任”不在对照表中（第 25 行）" in lines[1]
    assert "titles.csv" in lines[2] and "扶贫专干,staff," in lines[2] and "--titles" in lines[2]
    english = refused("07_unknown_title.csv", lang="en")
    assert "the post or rank 扶贫专干 is not in the title table (rows 13、24)" in english[0]
    own = read("07_unknown_title.csv", titles=CORPUS / "07_own_titles.csv")
    assert own.cadres == 36 and own.ranks == ranks(8, 7, 21)


@pytest.mark.parametrize(
    ("name", "lang", "line"),
    [
        ("08_missing_column.csv", "zh", "表头（第 1 行）缺少 参加工作时间 列"),
        ("08_missing_column.csv", "en", "the header (row 1) lacks 参加工作时间"),
        (
            "10_entered_twice.csv",
            "zh",
            "第 22 行，“姓名”列：“吴勇005”与第 9 行姓名、出生年月、参加工作时间和单位都相同",
        ),
        ("11_bad_dates.csv", "zh", "第 8 行，“出生年月”列：“1986.13”不是年份或日期"),
        ("11_bad_dates.csv", "en", "row 18, column 参加工作时间: '待定' is not a year or a date"),
        ("13_old_excel.xls", "zh", "另存为” .xlsx"),
    ],
)
def test_refused(name, lang, line):
    assert any(line in said for said in refused(name, lang)), refused(name, lang)


def test_two_people_of_one_name_are_two_cadres():
    summary = read("09_same_name_two_people.csv")
    assert summary.cadres == 33 and len(set(summary.roster.birth_year[[12, 25]])) == 2


def test_mentors_named_by_name_and_by_row():
    summary = read("14_mentors_english_headers.csv")
    assert summary.has_mentors and summary.has_stages and summary.mentors == 2 and summary.pairs == 3
    assert [u.mentors for u in summary.units] == [1, 1, 0] and [u.mentees for u in summary.units] == [2, 1, 0]


def test_run_from_a_workbook_keeps_the_unit_names(tmp_path: Path):
    out = tmp_path / "out"
    args = ["run", "huzhou_2025", "--roster", str(CORPUS / "12_sheet_per_township.xlsx"), "--sheet", "东山乡"]
    r = runner.invoke(app, [*args, "--years", "1", "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "花名册 12_sheet_per_township.xlsx（工作表“东山乡”）：13 名干部" in r.output
    folder = next(out.iterdir())
    units = (folder / "units.csv").read_text(encoding="utf-8-sig").splitlines()
    assert units[0].startswith("unit,unit_name,headcount_start,headcount") and units[1].startswith("0,东山乡,13,")


def test_the_corpus_is_what_its_script_makes(tmp_path: Path):
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    import make_roster_corpus

    make_roster_corpus.main(tmp_path)
    made = sorted(p.name for p in tmp_path.iterdir())
    assert made == sorted(p.name for p in CORPUS.iterdir()) and len(made) >= 10
    assert all((tmp_path / n).read_bytes() == (CORPUS / n).read_bytes() for n in made)


def test_the_county_example_is_a_roster_as_kept(tmp_path: Path):
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    import make_roster_corpus

    example = ROOT / "scenarios" / "rosters" / "示例县乡镇干部花名册.xlsx"
    make_roster_corpus.county_example(tmp_path / "x.xlsx")
    assert (tmp_path / "x.xlsx").read_bytes() == example.read_bytes()
    summary = summarise_roster(example, as_of=2025, retirement_age=60)
    assert summary.cadres == 248 and len(summary.units) == 8 and len(summary.left_out) == 3
    assert summary.sheet == "乡镇干部" and summary.ranks == ranks(176, 16, 56)

"""Starting from a county's own roster: checks that name the row, column and value; no names kept."""

import shutil

import numpy as np
import openpyxl
import pytest
from conftest import ROOT
from typer.testing import CliRunner

from sim.cli import app
from sim.model.model import CadreModel
from sim.model.stages import Stage
from sim.params.roster import RosterError, read_roster
from sim.params.scenario import load_scenario

runner = CliRunner()
EXAMPLE = ROOT / "scenarios" / "rosters" / "example.csv"
HEADER = "姓名,身份证号,出生年份,参加工作年份,职级,阶段,单位,领域,现任导师\n"


def _roster(tmp_path, rows, header=HEADER, name="r.csv"):
    path = tmp_path / name
    path.write_text(header + "".join(rows), encoding="utf-8")
    return path


def _good_rows(n=12):
    rows = [f"导师{i},ID{i:03d},1970,1992,科员,导师,甲镇,党建,\n" for i in range(2)]
    rows += [f"干部{i},ID{i + 10:03d},1990,2012,科员,,乙乡,产业,\n" for i in range(n - 4)]
    rows += ["青年甲,ID900,2000,2024,科员,,甲镇,党建,ID000\n", "青年乙,ID901,2001,2024,科员,,乙乡,治理,导师1\n"]
    return rows


@pytest.fixture
def huzhou():
    return load_scenario("huzhou_2025")


def test_example_roster_reads_and_builds_the_starting_county(huzhou):
    roster = read_roster(EXAMPLE, huzhou)
    assert len(roster) == 150 and roster.units == 8 and roster.ignored == ("备注",)
    assert roster.unit_names[:2] == ("城关镇", "东山乡")
    model = CadreModel(params=huzhou, roster=roster)
    pop, n = model.pop, len(roster)
    assert model.params.population.initial_cadres == n == pop.n
    run = huzhou.run
    expected_age = (run.start_year * 12 + run.start_month - 1) - (roster.birth_year * 12 + 6)
    assert np.array_equal(pop.age_months[:n], expected_age)
    assert np.array_equal(pop.unit[:n], roster.unit)
    assert set(np.flatnonzero(pop.in_pool[:n])) == set(roster.mentors())
    mentees = np.flatnonzero(roster.mentor >= 0)
    assert len(model.pairs) == len(mentees) == 16
    assert {(int(a), int(b)) for a, b in zip(model.pairs.mentor, model.pairs.mentee, strict=True)} == {
        (int(roster.mentor[i]), int(i)) for i in mentees
    }
    assert (pop.stage[roster.mentors()] != Stage.YOUNG).all()


def test_roster_errors_name_row_column_and_value(tmp_path, huzhou):
    rows = _good_rows()
    rows[3] = "干部x,IDx,19八0,2012,科员,,乙乡,产业,\n"
    rows[5] = "干部y,IDy,1990,2012,处长,,乙乡,产业,\n"
    rows[-1] = "青年乙,ID901,2001,2024,科员,,乙乡,治理,无此人\n"
    with pytest.raises(RosterError) as e:
        read_roster(_roster(tmp_path, rows), huzhou, lang="en")
    lines = str(e.value).splitlines()
    assert len(lines) == 4
    assert "row 5, column 出生年份: '19八0' is not a year" in lines[0]
    assert "row 13, column 现任导师: '无此人' is no ID, name or row" in lines[1]
    assert "the post or rank 处长 is not in the title table (rows 7)" in lines[2]
    assert "titles.csv" in lines[3] and "处长,staff," in lines[3] and "--titles" in lines[3]
    with pytest.raises(RosterError) as e:
        read_roster(_roster(tmp_path, rows), huzhou, lang="zh")
    assert "第 5 行，“出生年份”列：“19八0”不是年份或日期" in str(e.value)
    from sim.params.errors import said

    assert said(e.value, "en").splitlines() == lines and said(e.value, "zh") == str(e.value)  # both, for fail()


def test_roster_header_problems(tmp_path, huzhou):
    with pytest.raises(RosterError, match="lacks 出生年月"):
        read_roster(_roster(tmp_path, _good_rows(), header=HEADER.replace("出生年份", "生日")), huzhou, lang="en")
    with pytest.raises(RosterError, match="a roster has 10"):
        read_roster(_roster(tmp_path, _good_rows()[:3]), huzhou, lang="en")
    with pytest.raises(RosterError, match="at the start \\(2025\\)"):
        read_roster(_roster(tmp_path, ["老干部,ID1,1950,1970,科员,,甲镇,,\n", *_good_rows()]), huzhou, lang="en")


def test_english_headers_and_an_excel_roster(tmp_path, huzhou):
    text = EXAMPLE.read_text(encoding="utf-8").splitlines()
    header = "no,name,id,birth_year,hire_year,rank,stage,unit,field,mentor,note"
    english = _roster(tmp_path, [line + "\n" for line in text[1:]], header=header + "\n", name="en.csv")
    assert len(read_roster(english, huzhou)) == 150
    book = openpyxl.Workbook()
    for line in text:
        book.active.append([int(v) if v.isdigit() else v for v in line.split(",")])
    book.save(tmp_path / "r.xlsx")
    roster = read_roster(tmp_path / "r.xlsx", huzhou)
    assert len(roster) == 150 and int((roster.mentor >= 0).sum()) == 16


def test_bad_roster_on_the_command_line_exits_2_and_writes_nothing(tmp_path):
    rows = _good_rows()
    rows[2] = "干部x,IDx,1990,2099,科员,,乙乡,产业,\n"
    path = _roster(tmp_path, rows)
    out = tmp_path / "out"
    r = runner.invoke(app, ["run", "huzhou_2025", "--roster", str(path), "--out", str(out)])
    assert r.exit_code == 2
    assert "第 4 行，“参加工作年份”列：“2099”晚于开始年份 2025" in r.output
    assert not out.exists() or not any(out.iterdir())


def test_names_and_ids_never_reach_the_results(tmp_path):
    roster = tmp_path / "roster.csv"
    shutil.copy(EXAMPLE, roster)
    r = runner.invoke(
        app, ["run", "huzhou_2025", "--roster", str(roster), "--years", "2", "--out", str(tmp_path / "o")]
    )
    assert r.exit_code == 0, r.output
    folder = next((tmp_path / "o").iterdir())
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()[1:]
    secrets = {line.split(",")[1] for line in lines} | {line.split(",")[2] for line in lines}
    for path in folder.rglob("*"):
        if path.suffix in (".csv", ".md", ".json", ".toml"):
            text = path.read_text(encoding="utf-8")
            assert not [s for s in secrets if s in text], path.name
    book = openpyxl.load_workbook(folder / "results.xlsx", read_only=True)
    cells = {str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None}
    assert not cells & secrets
    import pandas as pd

    cadres = pd.read_csv(folder / "cadres.csv")
    assert cadres["roster_row"].iloc[:150].tolist() == list(range(2, 152))
    assert cadres["roster_row"].iloc[150:].isna().all()
    assert "花名册 `roster.csv`：150 人" in (folder / "report.md").read_text(encoding="utf-8")


def test_dates_in_the_forms_departments_write():
    import datetime as dt

    from sim.params.roster_values import year_of

    for value in (1986, 1986.03, "1986.03", "1986年3月", "1986-03", "1986/3/1", "198603", "19860315", "１９８６．０３",
                  dt.datetime(1986, 3, 1), 31472, "1986年"):  # fmt: skip
        assert year_of(value) == 1986, value
    for value in ("1986.13", "待定", "", None, "19八6", True, "86.03"):
        assert year_of(value) is None, value


def test_posts_and_ranks_mapped_by_the_title_table(tmp_path):
    from sim.model.careers import Rank
    from sim.params.roster_titles import UNKNOWN, VILLAGE, title_table

    table = title_table()
    assert table.rank_of_cells(["一级科员", ""]) == (Rank.STAFF, [])
    assert table.rank_of_cells(["四级主任科员", "党委委员、副镇长"]) == (Rank.TOWNSHIP_LEADER, [])
    assert table.rank_of_cells(["", "党委委员兼武装部长"]) == (Rank.TOWNSHIP_LEADER, [])
    assert table.rank_of_cells(["", "城关镇党委书记（正科级）"]) == (Rank.TOWNSHIP_LEADER, [])
    assert table.rank_of_cells(["", "副县长"]) == (Rank.COUNTY, [])
    assert table.rank_of_cells(["", "桃源村党委书记"]) == (VILLAGE, [])
    assert table.rank_of_cells(["一级科员", "村委委员"]) == (Rank.STAFF, [])  # a civil servant serving a village
    assert table.rank_of_cells(["二级科员", "扶贫专干"]) == (Rank.STAFF, ["扶贫专干"])
    assert table.rank_of_cells(["", ""]) == (UNKNOWN, [])
    own = tmp_path / "own.csv"
    own.write_text("职务,对应职级,说明\n扶贫专干,四级主任科员,本县\n副镇长,staff,试一试\n", encoding="gbk")
    mine = title_table(own)
    assert mine.rank_of("扶贫专干") == Rank.LEVEL4 and mine.rank_of("副镇长") == Rank.STAFF
    own.write_text("title,rank\n扶贫专干,处长\n", encoding="utf-8")
    with pytest.raises(RosterError, match="row 2: 扶贫专干: rank '处长' is not one of"):
        title_table(own, lang="en")

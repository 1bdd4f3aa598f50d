"""A county set-up that borrows nothing silently, checks before a run, and scenario files that forgive slips.

`cadre-sim new NAME --roster FILE` for a 200-cadre county that is not Anji: every value has an origin and
none is Anji's unless `--from anji`; each check's line, exactly; a full-width ＝ said in Chinese with its line;
the guide's roster example keeps a plausible headcount.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sim.cli import app
from sim.params.checks import Finding, date_findings, findings, load_checked, scenario_findings
from sim.params.errors import ScenarioError, said
from sim.params.origins import ORIGINS, file_origins, values_of
from sim.params.scenario import load_scenario
from sim.params.schema import Scenario, parameter_names

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "scenarios" / "rosters" / "example.csv"
runner = CliRunner()


def _roster(path: Path, n: int = 200) -> Path:
    """A county of ``n`` cadres in 12 townships (镇/乡/街道) and the county office, 3 at county-division level."""
    kinds = ["镇", "乡", "街道"] * 4
    units = [f"{name}{kind}" for name, kind in zip("东南西北中上下前后左右新", kinds, strict=True)]
    lines = ["出生年份,参加工作年份,职级,单位"]
    for i in range(n):
        born = 1968 + i % 34
        hired = min(2024, born + 22 + i % 5)
        rank = "县处级" if i < 3 else "乡镇领导班子成员" if i % 9 == 0 else "科员"
        lines.append(f"{born},{hired},{rank},{'县委' if i < 3 else units[i % len(units)]}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _new(tmp_path: Path, *options: str) -> tuple[Path, dict]:
    done = runner.invoke(app, ["new", "我县", "--out", str(tmp_path), *options])
    assert done.exit_code == 0, done.output
    path = tmp_path / "我县.toml"
    return path, tomllib.loads(path.read_text(encoding="utf-8"))


def test_a_200_cadre_county_borrows_nothing_silently(tmp_path):
    roster = _roster(tmp_path / "花名册.csv")
    path, data = _new(tmp_path, "--roster", str(roster), "--start", "2025-01", "--years", "5", "--posts", "210")
    scenario = load_scenario(path)
    origins = file_origins(path, scenario)
    assert set(origins) == set(parameter_names()) - {"run.name", "run.description", "run.description_zh"}
    assert all(o.code in ORIGINS for o in origins.values())  # every value has an origin ...
    assert not [k for k, o in origins.items() if o.code == "anji"]  # ... and none is Anji's
    assert set(data["origins"]) == set(origins)  # the file says them too, and beside every value
    lines = path.read_text(encoding="utf-8").splitlines()
    keys = [line for line in lines if " = " in line and not line.startswith(("#", '"', "name", "description"))]
    assert len(keys) == len(origins) and all(line.count("# 来源：") == 1 for line in keys)
    values = values_of(scenario)
    from_roster = {k for k, o in origins.items() if o.code == "roster"}
    assert values["population.initial_cadres"] == 200 and values["population.units"] == 13
    assert values["establishment.townships"] == 12 and values["careers.county_posts"] == 3  # the posts held
    assert {"population.initial_cadres", "careers.county_posts", "flows.intake_per_year"} <= from_roster
    assert origins["establishment.posts"].code == "planner" and values["establishment.posts"] == 210
    assert (
        values["mentees.village_youth_per_year"] == 0 and origins["mentees.village_youth_per_year"].code == "assumption"
    )
    assert values["programme.pilot_townships"] == 0 and values["population.initial_pool_size"] < 60
    edited = path.read_text(encoding="utf-8").replace("village_youth_per_year = 0", "village_youth_per_year = 12", 1)
    path.write_text(edited, encoding="utf-8")  # an assumption changed by hand is the planner's
    assert file_origins(path, load_scenario(path))["mentees.village_youth_per_year"].code == "planner"


def test_from_anji_marks_every_borrowed_value(tmp_path):
    path, data = _new(tmp_path, "--from", "anji", "--roster", str(_roster(tmp_path / "r.csv")), "--start", "2025-01")
    origins = file_origins(path, load_scenario(path))
    for key in ("mentees.village_youth_per_year", "programme.pilot_townships", "growth.mentoring_rate"):
        assert origins[key].code == "anji" and data["origins"][key] == "anji", key
    assert origins["population.initial_cadres"].code == "roster"  # the roster's own count, not Anji's 3,581
    assert "安吉县校准值" in path.read_text(encoding="utf-8")
    assert load_scenario(path).run.end_year == 0  # a new start: never Anji's end date with it


def test_a_bundled_scenarios_origins_are_worked_out_along_its_chain():
    origins = file_origins("huzhou_2025", load_scenario("huzhou_2025"))
    assert origins["mentees.village_youth_per_year"].code == "anji"
    assert origins["population.initial_pool_size"].label("zh") == "场景 huzhou_2025 的取值"
    assert origins["flows.attrition_young"].code == "assumption"


@pytest.mark.parametrize(
    ("run", "written", "line"),
    [
        ({"start_year": 2026, "start_month": 1, "end_year": 2025, "end_month": 5}, False,
         "拒绝：[run] 结束 2025-05 早于开始 2026-01：把 end_year/end_month 改到开始之后，或把 end_year 设为 0、用 years 定长度"),
        ({"start_year": 2025, "start_month": 1, "end_year": 2025, "end_month": 5, "years": 21}, True,
         "拒绝：[run] 开始 2025-01、结束 2025-05，共 5 个月，而 years = 21：两者矛盾（end_year 可能是从别的场景抄来的）。"
         "改 end_year/end_month，或把 end_year 设为 0、只用 years"),
        ({"start_year": 2025, "start_month": 1, "end_year": 2025, "end_month": 5}, False,
         "提醒：[run] 只模拟 5 个月（2025-01—2025-05），不足一年：年度录用、考核、晋升可能一次也不发生。"
         "若 end_year 是抄来的，改 end_year，或设 end_year = 0 并用 years"),
    ],
)  # fmt: skip
def test_the_dates_checks_lines(run, written, line):
    (found,) = date_findings(run, written)
    assert found.text("zh") == line


def _sc(**values) -> Scenario:
    return Scenario().with_overrides({"run.end_year": 0, "run.years": 5, **values})


@pytest.mark.parametrize(
    ("values", "county_held", "line"),
    [
        ({"population.initial_cadres": 150, "mentees.village_youth_per_year": 415}, None,
         "提醒：[establishment] 在岗人数预计从 150 人增至约 1,931 人，是编制 150 人的 12.9 倍：每年流入约 615 人"
         "（新录用 200 人；入乡青年 415 人）。核对 flows.intake_per_year、mentees.village_youth_per_year，"
         '或设 establishment.intake = "vacancies" 按空编补员'),
        ({"population.initial_cadres": 1500, "population.initial_pool_size": 4, "flows.intake_per_year": 100}, None,
         "提醒：[population] 开始时导师库 4 人，每人最多带 1 人，至多带 4 人；而开始时新进干部约 150 人（1,500 人的 10%）："
         "把 population.initial_pool_size 提高到约 150，或设试点（programme.pilot_townships）"),
        ({"population.initial_cadres": 150, "population.initial_pool_size": 100, "flows.intake_per_year": 10}, None,
         "提醒：[population] 开始时导师库 100 人，占干部 150 人的 67%：导师多于可带的新进干部。"
         "把 population.initial_pool_size 改为本县实有导师数"),
        ({"careers.enabled": True, "careers.county_posts": 2, "population.initial_pool_size": 100}, 5,
         "提醒：[careers] 开始时县处级 5 人，多于县处级职数 2：把 careers.county_posts 改为至少 5"),
        ({"population.initial_cadres": 200, "careers.enabled": True, "flows.intake_per_year": 13}, None,
         "提醒：[careers] 县处级职数 30 占开始干部 200 人的 15%：晋升会把县处级人数推到这个数。把 careers.county_posts 改为本县的职数"),
    ],
)  # fmt: skip
def test_the_scenario_checks_lines(values, county_held, line):
    (found,) = scenario_findings(_sc(**values), county_held)
    assert found.text("zh") == line
    assert found.text("en").startswith("warning: [")


def test_the_bundled_scenarios_pass_the_checks():
    for name in ("anji", "huzhou_2025", "baseline", "city", "guyuan", "xianan", "team"):
        assert findings(name, scenario=load_scenario(name)) == [], name


def test_a_copied_end_year_with_a_new_start_is_refused(tmp_path):
    path, _ = _new(tmp_path, "--from", "anji")  # Anji's dates, the years written to agree with them
    text = path.read_text(encoding="utf-8").replace("start_year = 2004", "start_year = 2025", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as refused:
        load_checked(path)
    assert said(refused.value, "zh").startswith("拒绝：[run] 开始 2025-04、结束 2025-05，共 2 个月，而 years = 21")
    done = runner.invoke(app, ["validate", str(path)])
    assert done.exit_code == 2 and "拒绝：[run]" in done.output and "ok" not in done.output
    text = text.replace("end_year = 2025", "end_year = 2020", 1)
    path.write_text(text, encoding="utf-8")
    done = runner.invoke(app, ["validate", str(path)])  # an end before the start: the check's line, in Chinese
    assert done.exit_code == 2 and "结束 2020-05 早于开始 2025-04" in done.output


def test_a_full_width_equals_sign_is_explained_in_chinese_with_its_line(tmp_path):
    path = tmp_path / "x.toml"
    path.write_text('[run]\nname = "x"\nyears ＝ ５\ndescription = "安吉，2004"\n', encoding="utf-8")
    done = runner.invoke(app, ["validate", str(path)])
    assert done.exit_code == 2
    assert (
        "第 3 行：“＝”是全角等号，应为半角 “=”；“５”是全角数字，应为半角 “5”，TOML 只认半角符号。改为：years = 5"
        in done.output
    )
    english = runner.invoke(app, ["validate", str(path), "--lang", "en"])
    assert "line 3: '＝' is a full-width equals sign, write '='" in english.output
    path.write_text("[pairing]\nform = “team”\n", encoding="utf-8")
    done = runner.invoke(app, ["validate", str(path)])
    assert "第 2 行：““”是中文引号" in done.output and '改为：form = "team"' in done.output


def test_validate_shows_origins_and_what_they_drive(tmp_path):
    path, _ = _new(tmp_path, "--roster", str(EXAMPLE), "--start", "2025-01")
    done = runner.invoke(app, ["validate", str(path)])
    assert done.exit_code == 0, done.output
    assert "数值来源" in done.output and "本县花名册" in done.output and "规划人员填写" in done.output
    rows = done.output.splitlines()[2:]  # the table under its title, which names every origin
    assert not [row for row in rows if "安吉县校准值" in row] and "个参数取默认值（假设）" in done.output


def test_the_guides_roster_example_keeps_a_plausible_headcount(tmp_path):
    """150 cadres on the roster; the establishment held (empty posts filled), no village-bound youths: the
    headcount after five years stays within 0.8 to 1.25 of the roster (Anji's intake and youths made it 912)."""
    from sim.model.model import CadreModel
    from sim.model.run import collect, run_to_end
    from sim.params.roster import read_roster

    path, _ = _new(tmp_path, "--roster", str(EXAMPLE), "--start", "2025-01", "--years", "5")
    scenario = load_scenario(path)
    county = read_roster(EXAMPLE, scenario)
    assert findings(path, scenario=county.fit(scenario)) == []
    model = CadreModel(params=county.fit(scenario), roster=county)
    result = collect(model, seed=scenario.run.seed, snapshots=run_to_end(model, 0))
    assert 0.8 * 150 <= result.summary["final_headcount"] <= 1.25 * 150


def test_finding_words_are_filled_in_both_languages():
    finding = Finding(False, "county_held", {"held": "5", "posts": 2})
    assert finding.line("en") == "[careers] 5 cadres are at county-division level at the start, more than the 2 posts: " \
        "set careers.county_posts to at least 5"  # fmt: skip


def test_a_planners_own_values_are_kept_from_their_file_but_anjis_are_not(tmp_path):
    mine, _ = _new(tmp_path, "--roster", str(EXAMPLE), "--start", "2025-01", "--village-youths", "20")
    done = runner.invoke(app, ["new", "再来", "--from", str(mine), "--out", str(tmp_path)])
    assert done.exit_code == 0, done.output
    again = tmp_path / "再来.toml"
    origins = file_origins(again, load_scenario(again))
    assert (
        load_scenario(again).mentees.village_youth_per_year == 20
        and origins["mentees.village_youth_per_year"].code == "planner"
    )
    done = runner.invoke(app, ["new", "湖州", "--from", "huzhou_2025", "--out", str(tmp_path)])
    assert done.exit_code == 0, done.output  # Anji's youths are not taken through a scenario based on Anji
    assert load_scenario(tmp_path / "湖州.toml").mentees.village_youth_per_year == 0

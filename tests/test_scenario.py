"""Scenario files are validated on load: every bad input gets a message naming file, key, value, allowed."""

import importlib.util
import sys

import pytest
from conftest import ROOT

from sim.params import Scenario, ScenarioError, bundled, load_scenario
from sim.params.schema import parameter_names, parameter_table


def write(tmp_path, text, name="s.toml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_bundled_scenarios_are_valid_and_described():
    found = {p.stem: sc for p, sc in bundled()}
    assert {"baseline", "anji", "one_to_many", "team"} <= set(found)
    for name, sc in found.items():
        assert sc.run.description, name
        assert sc.name == name
    assert found["baseline"].pairing.enabled is False


def test_unknown_key_names_file_key_and_lists_valid_keys(tmp_path):
    p = write(tmp_path, "[pairing]\nmentees_per_mentr = 2\n")
    with pytest.raises(ScenarioError) as e:
        load_scenario(p)
    msg = str(e.value)
    assert str(p) in msg and "[pairing] mentees_per_mentr" in msg
    assert "did you mean 'mentees_per_mentor'" in msg
    assert "matching" in msg  # the valid keys are listed


def test_unknown_section(tmp_path):
    with pytest.raises(ScenarioError, match=r"\[pairng\].*unknown section.*\[pairing\]"):
        load_scenario(write(tmp_path, "[pairng]\nform = 'team'\n"))


def test_out_of_range_value_names_value_and_range(tmp_path):
    with pytest.raises(ScenarioError) as e:
        load_scenario(write(tmp_path, "[growth]\nmentoring_rate = 2.5\n"))
    msg = str(e.value)
    assert "[growth] mentoring_rate = 2.5" in msg and "le 0.5" in msg


def test_wrong_type_and_bad_choice(tmp_path):
    with pytest.raises(ScenarioError, match=r"\[run\] years = 'ten'"):
        load_scenario(write(tmp_path, "[run]\nyears = 'ten'\n"))
    with pytest.raises(ScenarioError, match=r"\[pairing\] matching = 'closest'.*'nearby'"):
        load_scenario(write(tmp_path, "[pairing]\nmatching = 'closest'\n"))


def test_inconsistent_form_is_rejected(tmp_path):
    with pytest.raises(ScenarioError, match="one_to_many.*mentees_per_mentor >= 2"):
        load_scenario(write(tmp_path, "[pairing]\nform = 'one_to_many'\nmentees_per_mentor = 1\n"))
    with pytest.raises(ScenarioError, match="must be 1"):
        load_scenario(write(tmp_path, "[population]\nshare_young = 0.5\n"))


def test_invalid_toml_and_missing_file(tmp_path):
    with pytest.raises(ScenarioError, match="not valid TOML"):
        load_scenario(write(tmp_path, "[run\nyears = 3\n"))
    with pytest.raises(ScenarioError, match="no such scenario file.*anji"):
        load_scenario(tmp_path / "nope.toml")


def test_bare_name_loads_bundled():
    assert load_scenario("anji").name == "anji"


def test_overrides_by_bare_and_dotted_names():
    sc = Scenario().with_overrides({"mentees_per_mentor": 3, "pairing.form": "one_to_many", "run.years": 4})
    assert (sc.pairing.mentees_per_mentor, sc.pairing.form, sc.run.years) == (3, "one_to_many", 4)
    with pytest.raises(ScenarioError, match="Did you mean: mentoring_rate"):
        Scenario().with_overrides({"mentoring_rat": 0.1})
    with pytest.raises(ScenarioError, match="years = 0"):
        Scenario().with_overrides({"years": 0})


def test_every_parameter_has_unit_source_and_range():
    rows = parameter_table()
    assert len(rows) == len(parameter_names()) > 60
    for row in rows:
        assert row["unit"] and row["source"], row["parameter"]
        if isinstance(row["default"], (int, float)) and not isinstance(row["default"], bool):
            assert row["range"], row["parameter"]


def test_readme_mentions_every_bundled_scenario():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path, _ in bundled():
        assert path.name in readme


def test_table_against_the_reports_is_the_scripts():
    """Every figure of scripts/against_reports.py is in the docs/calibration.md block it writes, and only those."""
    spec = importlib.util.spec_from_file_location("against_reports", ROOT / "scripts" / "against_reports.py")
    script = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = script  # its dataclasses look their module up
    spec.loader.exec_module(script)
    page = script.PAGE.read_text(encoding="utf-8")
    block = page.split(script.START, 1)[1].split(script.END, 1)[0]
    rows = [line for line in block.splitlines() if line.startswith("| `")]
    assert [(r.split(" | ")[1], r.split(" | ")[2]) for r in rows] == [(f.what, f.reported) for f in script.FIGURES]
    made = script.table([[1.0, 2.0, 3.0] for _ in script.FIGURES], 3)
    assert "| 2 (" in made and "| 200% (100% to 100%) |" not in made  # shares clipped to 0-100%


def test_a_variant_takes_its_county_from_based_on(tmp_path):
    anji = load_scenario("anji")
    p = write(tmp_path, 'based_on = "anji"\n[pairing]\nmentees_per_mentor = 4\nmatching = "random"\n', "v.toml")
    v = load_scenario(p)
    assert v.name == "v" and v.run.description == "based on anji"
    assert (v.pairing.mentees_per_mentor, v.pairing.matching) == (4, "random")
    assert v.model_dump(exclude={"run", "pairing"}) == anji.model_dump(exclude={"run", "pairing"})
    assert v.run.model_dump(exclude={"name", "description", "description_zh"}) == anji.run.model_dump(
        exclude={"name", "description", "description_zh"}
    )
    assert v.run.description_zh == "基于 anji"
    # a chain: a variant of the variant, by path relative to its own file
    w = load_scenario(write(tmp_path, 'based_on = "v.toml"\n[pairing]\nmentees_per_mentor = 3\n', "w.toml"))
    assert (w.pairing.mentees_per_mentor, w.pairing.matching) == (3, "random")


def test_bundled_variants_are_anji_but_for_their_policy():
    anji = load_scenario("anji").model_dump(exclude={"run", "pairing"})
    for name in ("baseline", "one_to_many", "team"):
        assert load_scenario(name).model_dump(exclude={"run", "pairing"}) == anji, name


@pytest.mark.parametrize(
    "text,files,message",
    [
        ('based_on = "nowhere"\n', {}, r"based_on = 'nowhere': nowhere: no such scenario file"),
        ("based_on = 3\n", {}, r"based_on: give a scenario name or file"),
        ('based_on = "b.toml"\n', {"b.toml": 'based_on = "s.toml"\n'}, r"a circle of scenarios"),
        (
            'based_on = "b.toml"\n',
            {"b.toml": "[pairing]\nmentees_per_mentr = 2\n"},
            r"b\.toml: \[pairing\] mentees_per_mentr",
        ),
        ('based_on = "anji"\n[pairing]\nmatching = "astrology"\n', {}, r"s\.toml: \[pairing\] matching"),
    ],
)
def test_bad_based_on_names_the_file_and_the_problem(tmp_path, text, files, message):
    for name, body in files.items():
        write(tmp_path, body, name)
    with pytest.raises(ScenarioError, match=message):
        load_scenario(write(tmp_path, text))

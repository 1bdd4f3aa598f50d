"""The mean-field cross-check: without mentoring, the agent model's mean agrees with it within 3%.

Tolerance reasoning: the smallest judged stage counts (young cadres in the intake dip, the second
line) are about 330-520 people, whose count varies between runs by about its square root (18-23
people, 4-6%); the mean of 32 replicates has a standard error of 0.7-1.0%, so a correct
mean-field stays within 3% by about three standard errors at every month, while an exit rate
wrong by a few points a year moves a stage by far more. The seeds are fixed: the test is
deterministic, and it fails only if the model or the mean-field changes.
"""

import pytest
from typer.testing import CliRunner

from sim.cli import app
from sim.meanfield import mean_field
from sim.meanfield.check import line_up, simulate_replicates, verdict
from sim.params import load_scenario
from sim.runs.designs import derive_seed

REPLICATES = 32

# Anji without mentoring (no founding pool: a mentor stage of a few people cannot be judged in
# relative terms), to mid-2009: 62 months, 38 of them after the first two years.
NO_MENTORING = {"pairing.enabled": False, "population.initial_pool_size": 0, "run.end_year": 2009}


@pytest.fixture(scope="module")
def quiet_county():
    scenario = load_scenario("anji").with_overrides(NO_MENTORING)
    runs = simulate_replicates(scenario, [derive_seed(11, i) for i in range(REPLICATES)])
    return scenario, runs


def test_without_mentoring_every_stage_agrees_within_3_percent(quiet_county):
    scenario, runs = quiet_county
    check = line_up(scenario, runs, mean_field(scenario))
    ok, worst = verdict(check)
    assert ok, worst.to_string()
    judged = set(worst.quantity)
    assert judged == {"young", "independent", "backbone", "second_line"}  # every stage with people is judged
    # the ranks follow too, more loosely (the ranks' own approximations: the level-4 holders who
    # retire between year ends are the oldest in the agent model, spread over ages in the mean-field)
    ranks = check.table[(check.table.group == "rank") & (check.table.month > 24) & (check.table.mean_field > 50)]
    assert (ranks.difference.abs() < 0.15).all(), ranks.loc[ranks.difference.abs().idxmax()]
    start = check.stages()[check.stages().month == 0]
    assert (start.difference.abs() < 0.01).all(), start


def test_a_wrong_exit_rate_breaks_the_agreement(quiet_county):
    """The check can fail: a mean-field given twice the independents' attrition disagrees."""
    scenario, runs = quiet_county
    wrong = mean_field(scenario.with_overrides({"flows.attrition_independent": 0.08}))
    ok, worst = verdict(line_up(scenario, runs, wrong))
    assert not ok
    assert worst.set_index("quantity").loc["independent", "difference"] > 0.03  # the simulation keeps more


def test_mean_field_flows_add_up():
    """Expected counts: headcount is the sum of stages; the vacancy intake keeps the establishment near its posts."""
    scenario = load_scenario("anji").with_overrides(NO_MENTORING)
    mf = mean_field(scenario)
    stages = mf[["n_young", "n_independent", "n_backbone", "n_mentor", "n_second_line"]].sum(axis=1)
    assert (abs(stages - mf.headcount) < 1e-6).all()
    assert len(mf) == scenario.run.months + 1
    assert mf.establishment.iloc[-1] == pytest.approx(scenario.population.initial_cadres, rel=0.05)
    assert (mf.mentees == 0).all() and mf.cum_backbones.is_monotonic_increasing


def test_check_command_end_to_end(tmp_path):
    runner = CliRunner()
    csv = tmp_path / "check.csv"
    args = ["check", "anji", "-r", "2", "-w", "1", "-q", "--every", "24", "--out", str(csv), "--lang", "en"]
    sets = ["--set", "pairing.enabled=false", "--set", "run.end_year=2006"]
    r = runner.invoke(app, args + sets)
    assert r.exit_code == 0, r.output
    assert "young" in r.output and "mean-field" in r.output
    assert "stage count" in r.output.splitlines()[-1] or "stage count" in r.output
    table = csv.read_text(encoding="utf-8-sig").splitlines()
    assert table[0] == "month,date,group,quantity,simulation,se,mean_field,difference"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary leftovers
    bad = runner.invoke(app, ["check", "anji", "--set", "pairing.mentees_per_mentor=0"])
    assert bad.exit_code == 2 and "mentees_per_mentor" in bad.output
    bad = runner.invoke(app, ["check", "anji", "--out", str(tmp_path / "table.txt")])
    assert bad.exit_code == 2 and ".csv" in bad.output

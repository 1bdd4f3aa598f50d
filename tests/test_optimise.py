"""Policy search (`cadre-sim optimise`): a known optimum found, budgets never broken by a recommendation,
a killed search resumed without repeating trials, bad input named, front points runnable."""

import json

import numpy as np
import pandas as pd
import pytest
from conftest import TINY_SCENARIO
from typer.testing import CliRunner

from sim.cli import app
from sim.params.scenario import load_scenario
from sim.studies.compare.ensemble import load_ensemble
from sim.studies.optimise import search as searching
from sim.studies.optimise.goals import GoalError, parse_budget, parse_objective
from sim.studies.optimise.levers import LeverError, load_levers
from sim.studies.optimise.report import write_optimise
from sim.studies.optimise.search import OptimiseError, Search

runner = CliRunner()


def optimise(search, folder, *, lang="zh", plots=True, **kw):
    """The search, then its folder written (as `cadre-sim optimise` does)."""
    result = searching.optimise(search, folder, **kw)
    write_optimise(result, lang=lang, plots=plots)
    return result


LEVERS = """
description = "synthetic: where is the top of a hill?"
[levers]
"pool.entry_willingness" = { min = 0.0, max = 1.0 }
"pool.review_removal_share" = { min = 0.0, max = 0.9 }
"""
CALLS: list[int] = []  # seeds of every call of the synthetic run function


def hill(base, overrides, seed):
    """A noisy hill with its top at x = 0.3, y = 0.7 (backbones); its cost rises with x (mentor hours).

    With common seeds the noise of a replicate is the same in every trial; a budget on the cost
    cuts the hill at x = cost / 1000.
    """
    CALLS.append(seed)
    x, y = overrides["pool.entry_willingness"], overrides["pool.review_removal_share"]
    rate = overrides.get("growth.mentoring_rate", 0.05)  # set by a plausible set of an ensemble
    z = np.random.default_rng(seed).normal(size=2)
    return {
        "backbones": 1000 * (1 - (x - 0.3) ** 2 - (y - 0.7) ** 2) + 2 * z[0],
        "mentor_hours": 1000 * x * rate / 0.05 + 5 * z[1],
    }


def stop_at(n):
    """The hill, but its n-th call is a Ctrl-C."""

    def run(base, overrides, seed):
        if len(CALLS) == n - 1:
            raise KeyboardInterrupt
        return hill(base, overrides, seed)

    return run


@pytest.fixture
def setup(tmp_path):
    (tmp_path / "tiny.toml").write_text(TINY_SCENARIO)
    (tmp_path / "levers.toml").write_text(LEVERS)
    base = load_scenario(tmp_path / "tiny.toml")
    CALLS.clear()
    return tmp_path, base, load_levers(tmp_path / "levers.toml", base)


def search_of(base, levers, budgets=(), replicates=2, **kw):
    return Search(base, levers, (parse_objective("backbones"),), tuple(map(parse_budget, budgets)), replicates, **kw)


def test_finds_the_top_of_a_noisy_hill(setup):
    tmp, base, levers = setup
    res = optimise(search_of(base, levers), tmp / "out", trials=40, confirm_points=3, confirm_replicates=4,
                   run_fn=hill, workers=1, plots=False)  # fmt: skip
    rec = res.trials.set_index("trial").loc[res.recommendation.trial]
    # 40 TPE trials in two dimensions: within 0.1 of the top, where backbones are within 20 of 1000
    assert abs(rec["pool.entry_willingness"] - 0.3) < 0.1 and abs(rec["pool.review_removal_share"] - 0.7) < 0.1
    assert len(res.trials) == 40 and res.recommendation.trial in set(res.front["trial"])
    report = (tmp / "out" / "report.md").read_text()
    assert "推荐方案" in report and "point-" in report


def test_a_recommendation_never_breaks_a_budget_even_where_the_top_is_over_it(setup):
    tmp, base, levers = setup
    res = optimise(search_of(base, levers, ["mentor_hours<=200"]), tmp / "out", trials=40, confirm_points=5,
                   confirm_replicates=6, run_fn=hill, workers=1, plots=True, lang="en")  # fmt: skip
    assert not res.trials["feasible"].all()  # the unconstrained top (x = 0.3) costs 300: over the budget
    rec = res.confirmed.set_index("trial").loc[res.recommendation.trial]
    assert rec["mentor_hours"] <= 200 and rec["within_budget"]
    assert res.front["mentor_hours"].max() <= 200  # the front is feasible trials only
    x = res.trials.set_index("trial").loc[res.recommendation.trial, "pool.entry_willingness"]
    assert 0.12 < x <= 0.21  # the best within budget sits against it (x = 0.2), not at the hill's top
    # the confirmed points that broke the budget on fresh seeds are never the recommended one
    for _, row in res.confirmed[~res.confirmed["within_budget"]].iterrows():
        assert row["trial"] != res.recommendation.trial
    assert (tmp / "out" / "plots" / "front.png").stat().st_size > 0
    assert "The recommended policy" in (tmp / "out" / "report.md").read_text()


def test_a_killed_search_resumes_without_repeating_finished_trials(setup):
    tmp, base, levers = setup
    search = search_of(base, levers)
    with pytest.raises(KeyboardInterrupt):  # killed during the 6th trial (2 runs a trial)
        optimise(search, tmp / "out", trials=8, confirm_points=1, confirm_replicates=2, run_fn=stop_at(11),
                 workers=1)  # fmt: skip
    assert len(CALLS) == 10
    CALLS.clear()
    res = optimise(search, tmp / "out", trials=8, confirm_points=1, confirm_replicates=2, run_fn=hill, workers=1)
    assert len(res.trials) == 8
    search_seeds = set(search.seeds())
    assert sum(s in search_seeds for s in CALLS) == 2 * 3  # trials 6 to 8 only
    assert len(CALLS) == 2 * 3 + 2  # and the confirmation's two fresh runs
    # the same trials as a search never stopped (each trial's sampler is seeded by its place)
    CALLS.clear()
    whole = optimise(search, tmp / "whole", trials=8, confirm_points=1, confirm_replicates=2, run_fn=hill, workers=1)
    lever_cols = levers.names
    assert np.allclose(whole.trials[lever_cols].to_numpy(), res.trials[lever_cols].to_numpy())
    # a finished search asked again runs nothing, only rewrites the report
    CALLS.clear()
    optimise(search, tmp / "out", trials=8, confirm_points=1, confirm_replicates=2, run_fn=hill, workers=1)
    assert CALLS == []
    # other settings refuse to resume, naming what differs
    with pytest.raises(OptimiseError, match="replicates: 2 there, 3 now"):
        optimise(search_of(base, levers, replicates=3), tmp / "out", trials=8, run_fn=hill, workers=1)


def test_across_an_ensemble_only_a_point_that_holds_in_most_sets_is_recommended(setup):
    tmp, base, levers = setup
    fit = tmp / "fit"
    fit.mkdir()
    (fit / "scenario.toml").write_text(TINY_SCENARIO)
    # three sets of four make mentoring costlier: a budget met at rate 0.05 is broken at 0.08
    rates = [0.05, 0.05, 0.05, 0.08, 0.08, 0.08, 0.05]
    pd.DataFrame({"growth.mentoring_rate": rates, "implausibility": range(7)}).to_csv(fit / "ensemble.csv")
    res = optimise(search_of(base, levers, ["mentor_hours<=200"]), tmp / "out", trials=30, confirm_points=4,
                   confirm_replicates=3, ensemble=load_ensemble(fit), run_fn=hill, workers=1, plots=False)  # fmt: skip
    rec = res.recommendation
    assert rec is not None and rec.sets == 7 and rec.held_in > 3.5
    robust = res.robust.set_index("trial")
    assert (robust["held_in"] <= robust["feasible_in"]).all()
    assert "robustness.csv" in (tmp / "out" / "report.md").read_text()


def test_goals_parse_and_name_what_is_allowed():
    assert parse_objective("backbones_mentored").direction == 1
    assert parse_objective("mentor_hours_per_backbone").direction == -1
    assert parse_objective("mentor_hours:min").direction == -1
    b = parse_budget("mentor_hours <= 60_000")
    assert (b.outcome, b.op, b.limit) == ("mentor_hours", "<=", 60000) and b.holds(60000) and not b.holds(60001)
    assert parse_budget("final_pool_size>=400").holds(401)
    with pytest.raises(GoalError, match="mentor_hours:max or mentor_hours:min"):
        parse_objective("mentor_hours")
    with pytest.raises(GoalError, match="unknown outcome 'mentor_hour'.*allowed: pairs_formed, backbones"):
        parse_budget("mentor_hour<=5")
    with pytest.raises(GoalError, match="OUTCOME<=NUMBER"):
        parse_budget("mentor_hours<5")
    with pytest.raises(GoalError, match="unknown direction"):
        parse_objective("backbones:most")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[levers]\n"pairing.mentees_per_mentr" = { min = 1, max = 3 }', "levers.pairing.mentees_per_mentr.*unknown parameter"),
        ('[levers]\n"pairing.matching" = ["nearby", "closest"]', "levers.pairing.matching = 'closest'"),
        ('[levers]\n"pool.entry_willingness" = { min = 0.1, max = 1.5 }', "levers.pool.entry_willingness = 1.5"),
        ('[levers]\n"pool.entry_willingness" = { min = 0.1, max = 0.5, step = 0.1 }', "searched continuously"),
        ('lever = 1\n[levers]\n"pool.entry_willingness" = [0.1]', "lever = 1: unknown key"),
        ("description = 'no levers'", "no \\[levers\\] table"),
        ('[levers]\ncap = [{ label = "small", "pool.pool_cap" = 100 }]\n"pool.pool_cap" = [200, 300]', "which lever 'cap' sets too"),
        ('[levers]\ncap = [{ label = "small", "pool.pool_cap" = 100 }]\n[words]\n"cap.big" = ["大", "big"]', "words.cap.big.*names no lever.*allowed: cap, cap.small"),
        ('[levers]\ncap = [{ label = "small", "pool.pool_cap" = 100 }]\n[words]\ncap = ["上限"]', "words.cap.*not two words"),
    ],
)  # fmt: skip
def test_bad_levers_files_name_the_file_the_key_and_what_is_allowed(setup, text, message):
    tmp, base, _ = setup
    bad = tmp / "bad.toml"
    bad.write_text(text)
    with pytest.raises(LeverError, match=message) as e:
        load_levers(bad, base)
    assert str(bad) in str(e.value)


def test_levers_of_every_kind_and_a_bundled_file(setup):
    tmp, base, _ = setup
    anji = load_scenario("anji")
    levers = load_levers("experiments/levers_anji.toml", anji)
    kinds = {f.kind for f in levers.factors}
    assert kinds == {"range", "values", "bundle"} and levers.description
    assert any(f.integer for f in levers.factors if f.kind == "range")
    # every labelled-choice lever has its words (and the method mixes' labels: ratios read as 1:3 anyway)
    assert {f.name for f in levers.factors if f.kind == "bundle"} <= set(levers.words)
    assert {"methods.scaffolded", "methods.equal", "methods.watch_and_talk"} <= set(levers.words)
    assert levers.word("methods", "zh") == "帮带方法组合"
    assert levers.word("methods.equal", "en") == "the six methods equally"
    assert levers.word("ratio.1:3", "zh", default="1:3") == "1:3"  # a label without words stays as written


def test_the_command_writes_a_folder_whose_front_points_run(setup):
    tmp, _, _ = setup
    (tmp / "levers.toml").write_text(
        '[levers]\n"pairing.matching" = ["random", "nearby"]\n"pool.entry_willingness" = { min = 0.05, max = 0.5 }\n'
        'cap = [{ label = "none", "pool.pool_cap" = 0 }, { label = "small", "pool.pool_cap" = 20 }]\n'
    )
    out = tmp / "search"
    args = ["optimise", str(tmp / "tiny.toml"), "--levers", str(tmp / "levers.toml"), "--objective", "backbones",
            "--budget", "mentor_hours<=1000000", "--trials", "3", "-r", "1", "--confirm-points", "1",
            "--confirm-replicates", "2", "--workers", "1", "--out", str(out), "--quiet", "--no-plots"]  # fmt: skip
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    assert json.loads((out / "search.json").read_text())["replicates"] == 1
    assert len(pd.read_csv(out / "trials.csv")) == 3
    point = out / "front" / "point-01.toml"
    assert 'based_on = "../scenario.toml"' in point.read_text()
    ran = runner.invoke(app, ["run", str(point), "--out", str(tmp / "runs"), "--quiet"])
    assert ran.exit_code == 0, ran.output
    again = runner.invoke(app, args)  # a finished search asked again: only the report is rewritten
    assert again.exit_code == 0, again.output
    assert len(pd.read_csv(out / "trials.csv")) == 3


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--objective", "mentor_hours"], "mentor_hours:max or mentor_hours:min"),
        (["--objective", "backbones", "--budget", "hours<=3"], "unknown outcome 'hours'"),
        (["--objective", "backbones", "--sampler", "grid"], "--sampler 'grid'"),
        (["--objective", "backbones", "--sets", "3"], "--sets needs --ensemble"),
    ],
)
def test_bad_options_end_with_one_clear_line(setup, extra, message):
    tmp, _, _ = setup
    r = runner.invoke(app, ["optimise", str(tmp / "tiny.toml"), "--levers", str(tmp / "levers.toml"), *extra,
                            "--out", str(tmp / "x"), "--lang", "en"])  # fmt: skip
    assert r.exit_code == 2 and message in r.output
    assert not (tmp / "x").exists()

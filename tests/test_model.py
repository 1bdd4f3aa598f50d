"""Invariants of the model, checked every month: capacities, no self-pairs, nobody lost or duplicated."""

import json

import mesa
import numpy as np
import pandas as pd
import pytest

from sim import CadreModel, Stage, simulate

FORMS = [
    {"pairing.form": "one_to_one", "pairing.matching": "random"},
    {"pairing.form": "one_to_one", "pairing.matching": "willing"},
    {"pairing.form": "one_to_many", "pairing.mentees_per_mentor": 3, "pairing.matching": "nearby"},
    {"pairing.form": "one_to_many", "pairing.mentees_per_mentor": 2, "pairing.matching": "organisation"},
    {"pairing.form": "many_to_one", "pairing.mentors_per_mentee": 2, "pairing.matching": "similar_field"},
    {
        "pairing.form": "team",
        "pairing.mentors_per_mentee": 2,
        "pairing.mentees_per_mentor": 3,
        "pairing.matching": "strong_helps_weak",
    },
    {
        "pairing.form": "group_help",
        "pairing.mentors_per_mentee": 3,
        "pairing.mentees_per_mentor": 1,
        "pairing.matching": "random",
    },
    {
        "pairing.form": "one_to_many",
        "pairing.mentees_per_mentor": 2,
        "pairing.matching": "across_villages",
        "establishment.townships": 4,
    },
    {
        "pairing.form": "one_to_many",
        "pairing.mentees_per_mentor": 2,
        "pairing.matching": "township_to_village",
        "mentees.village_youth_per_year": 20,
    },
]


def check_invariants(model: CadreModel, previous_headcount: int) -> int:
    pop, p = model.pop, model.params.pairing
    n = pop.n
    mentor, mentee = model.pairs.mentor, model.pairs.mentee  # working rows
    assert all(np.array_equal(a, pop.cadre_id[b]) for a, b in zip(model.active_pairs(), (mentor, mentee), strict=True))
    # capacities
    assert np.all(np.bincount(mentor, minlength=n) <= p.mentees_per_mentor)
    assert np.all(np.bincount(mentee, minlength=n) <= p.mentors_per_mentee)
    # the book and the counters agree
    assert np.array_equal(np.bincount(mentor, minlength=n), pop.n_mentees[:n])
    assert np.array_equal(np.bincount(mentee, minlength=n), pop.n_mentors[:n])
    # nobody paired with themselves, no pair twice, only live people, mentors in the pool
    assert not np.any(mentor == mentee)
    assert len(np.unique(mentor * n + mentee)) == len(mentor)
    assert pop.alive[mentor].all() and pop.alive[mentee].all()
    assert pop.in_pool[mentor].all()
    # lineage: a mentee is one generation below some mentor
    if len(mentor):
        assert np.all(pop.generation[mentee] <= pop.generation[mentor] + 1)
        assert np.all(pop.generation[mentee] >= 1)
    # people neither lost nor duplicated: intake minus exits equals the change in headcount
    headcount = int(pop.alive[:n].sum())
    assert headcount == previous_headcount + model.month_intake - model.month_exits
    assert model.latest["headcount"] == headcount
    assert len(model.agents) == headcount
    assert len({a.unique_id for a in model.agents}) == headcount
    assert {a.index for a in model.agents} == set(pop.cadre_id[:n][pop.alive[:n]].tolist())
    assert all(pop.cadre_id[a.row] == a.index for a in model.agents)
    assert np.all(pop.stage[:n][~pop.alive[:n]] == Stage.EXITED)
    assert not pop.in_pool[:n][~pop.alive[:n]].any()
    assert np.all((pop.skill[:n] >= 0) & (pop.skill[:n] <= 1))
    return headcount


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f"{f['pairing.form']}-{f['pairing.matching']}")
def test_invariants_hold_every_month(small, form):
    model = CadreModel(params=small.with_overrides(form), rng=11)
    headcount = int(model.pop.alive.sum())
    while model.running:
        model.step()
        headcount = check_invariants(model, headcount)
    assert model.steps == small.run.years * 12
    assert model.pairs.formed > 0


def test_pair_table_and_counters_are_consistent(small):
    result = simulate(small, 3)
    pairs = result.pairs
    assert pairs["pair_id"].is_unique and len(pairs) == result.summary["pairs_formed"]
    assert (pairs["end_month"].eq(-1) | (pairs["end_month"] >= pairs["start_month"])).all()
    ended = pairs[pairs.end_month >= 0]
    assert set(ended.end_reason) <= {"completed", "competent", "exit", "pool_removal", "negative_list"}
    assert result.series["cum_pairs"].iloc[-1] == len(pairs)
    became = result.cadres.set_index("id")
    assert result.summary["backbones"] == (became.backbone_month >= 0).sum()


def test_same_seed_same_results_different_seed_different(small):
    a, b, c = simulate(small, 42), simulate(small, 42), simulate(small, 43)
    pd.testing.assert_frame_equal(a.series, b.series)
    pd.testing.assert_frame_equal(a.pairs, b.pairs)
    pd.testing.assert_frame_equal(a.cadres, b.cadres)
    assert json.dumps(a.summary) == json.dumps(b.summary)  # NaN (an n/a figure) equal to itself
    assert not a.series.equals(c.series)


def test_seed_sequence_and_generator_are_accepted(small):
    ss = np.random.SeedSequence(7)
    a = simulate(small, np.random.SeedSequence(7))
    b = simulate(small, np.random.default_rng(ss))
    pd.testing.assert_frame_equal(a.series, b.series)


def test_no_mentoring_means_no_pairs_and_no_lineage(small):
    result = simulate(small.with_overrides({"pairing.enabled": False}), 1)
    assert result.summary["pairs_formed"] == 0 and result.summary["mentor_hours"] == 0
    assert result.cadres.generation.max() == 0  # only pool founders and self-made mentors


def test_keyword_overrides_and_mesa_batch_run(small):
    model = CadreModel(params=small, rng=1, mentees_per_mentor=2, form="one_to_many")
    assert model.params.pairing.mentees_per_mentor == 2
    rows = mesa.batch_run(
        CadreModel,
        parameters={"params": "scenarios/anji.toml", "years": 2, "mentees_per_mentor": [2, 4]},
        rng=[1],
        max_steps=24,
        number_processes=1,
        display_progress=False,
    )
    assert len(rows) == 2 and {r["mentees_per_mentor"] for r in rows} == {2, 4}
    assert all(r["Step"] == 24 and r["pool_size"] > 0 for r in rows)


def test_agents_read_their_arrays(small):
    model = CadreModel(params=small, rng=5)
    for _ in range(14):
        model.step()
    mentor, mentee = model.active_pairs()
    agent = model.cadre(int(mentee[0]))
    assert agent.stage == Stage.YOUNG and agent.mentors and agent.mentors[0].index == mentor[0]
    assert agent in agent.mentors[0].mentees
    assert set(agent.skill) == {"ideals", "competence", "organisation", "style", "industry", "governance"}
    assert agent.generation == model.pop.generation[agent.row] >= 1
    newest = max(model.agents, key=lambda a: a.index)  # a compaction has moved the rows up: rows are not ids
    assert model.pop.archive.rows > 0 and newest.row < newest.index == model.pop.cadre_id[newest.row]


def test_growth_sequence_of_stages(small):
    """徒成师: some recruits of the run become backbones and then mentors with mentees of their own."""
    result = simulate(small.with_overrides({"run.years": 12, "pool.entry_min_tenure_years": 3}), 2)
    cad = result.cadres
    recruits = cad[cad.hire_month > 0]
    teachers = recruits[(recruits.backbone_month > 0) & (recruits.pool_month > recruits.backbone_month)]
    assert len(teachers) > 0
    assert (teachers.generation >= 1).any()
    assert result.summary["deepest_generation"] >= 2


def test_mesa_scenario_is_taken_and_ours_goes_in_params(small):
    from mesa.experimental.scenarios import Scenario as MesaScenario

    model = CadreModel(params=small, scenario=MesaScenario(rng=3, mentees_per_mentor=2, form="one_to_many"))
    assert model.params.pairing.mentees_per_mentor == 2 and model.scenario.model is model
    again = CadreModel(params=small, rng=3, mentees_per_mentor=2, form="one_to_many")
    model.run_for(12), again.run_for(12)
    np.testing.assert_equal(model.latest, again.latest)  # the Mesa scenario's rng seeded the run (nan == nan)
    with pytest.raises(TypeError, match="params="):
        CadreModel(scenario="scenarios/anji.toml")


@pytest.mark.slow
def test_mesa_batch_run_with_two_processes():
    rows = mesa.batch_run(
        CadreModel,
        parameters={"params": "scenarios/anji.toml", "years": 1, "mentees_per_mentor": [2, 3]},
        rng=[1],
        max_steps=12,
        number_processes=2,
        display_progress=False,
    )
    assert sorted(r["mentees_per_mentor"] for r in rows) == [2, 3]
    assert all(r["Step"] == 12 for r in rows)

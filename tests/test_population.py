"""The rows of those who left move to the archive (sim.model.compaction) and nothing else changes.

A compaction keeps the rows in post, in order, and renumbers every stored row; ids stay. These
tests force compactions and check that no cadre is lost or doubled, that pairs, first mentors,
collectives and agents still name the same cadres, and that compacting every month gives the run
that never compacting gives, table for table.
"""

import numpy as np
import pandas as pd
import pytest

from sim.model import compaction
from sim.model.lineage import NEVER
from sim.model.model import CadreModel
from sim.model.run import collect, run_to_end
from sim.model.stages import Stage
from sim.params.schema import Scenario

# a small county with what stores cadres switched on: careers, Party introducers, secondments,
# collectives with two mentors, one-to-many pairing, a stop (the capability kept), many exits
BUSY = {
    "run.years": 9,
    "population.initial_cadres": 500,
    "population.units": 30,
    "population.initial_pool_size": 30,
    "flows.intake_per_year": 60,
    "flows.attrition_young": 0.08,
    "flows.attrition_mentor": 0.08,
    "establishment.townships": 6,
    "mentees.selected_graduate_share": 0.2,
    "mentees.village_youth_per_year": 15,
    "careers.enabled": True,
    "careers.leaders_per_township": 5,
    "careers.county_posts": 8,
    "careers.county_leaders_at_start": 6,
    "secondment.per_year": 8,
    "party.join_rate": 0.2,
    "collectives.initial": 8,
    "collectives.new_per_year": 3,
    "collectives.mentors_each": 2,
    "pool.entry_willingness": 0.3,
    "pool.entry_min_tenure_years": 3,
    "pairing.form": "one_to_many",
    "pairing.mentees_per_mentor": 2,
    "programme.stop_year": 2007,
}


def busy_model(when: str, seed: int = 3, **extra: object) -> CadreModel:
    model = CadreModel(params=Scenario().with_overrides({**BUSY, **extra}), rng=seed)
    model.compact_every = when
    return model


def held_by_id(model: CadreModel) -> dict[str, object]:
    """Every stored reference to a cadre, by id."""
    pop = model.pop
    ids = pop.cadre_id
    live = pop.in_post
    collectives = model.collectives.mentor
    return {
        "pairs": sorted(zip(ids[model.pairs.mentor].tolist(), ids[model.pairs.mentee].tolist(), strict=True)),
        "first_mentor": dict(zip(ids[live].tolist(), pop.first_mentor[live].tolist(), strict=True)),
        "collectives": np.where(collectives >= 0, ids[np.maximum(collectives, 0)], -1).tolist(),
        "newcomers": ids[model.newcomers[pop.alive[model.newcomers]]].tolist(),
        "agents": sorted((a.index, int(a.stage), a.generation, a.in_pool) for a in model.agents),
        "mentors_of": sorted((a.index, sorted(m.index for m in a.mentors)) for a in model.agents),
    }


def test_a_compaction_keeps_the_people_in_post_and_every_reference():
    model = busy_model("never")
    for _ in range(40):
        model.step()
    pop = model.pop
    assert not pop.alive[: pop.n].all()  # some have left and still have rows
    before = held_by_id(model)
    skill, generation = pop.everyone("skill").copy(), pop.everyone("generation").copy()
    headcount = model.latest["headcount"]
    compaction.compact(model)
    assert pop.n == len(pop.in_post) == headcount == pop.alive[: pop.n].sum()
    assert (np.diff(pop.cadre_id[: pop.n]) > 0).all()  # in post, in the same order
    assert held_by_id(model) == before
    assert np.array_equal(pop.everyone("skill"), skill) and np.array_equal(pop.everyone("generation"), generation)
    archived = np.concatenate([chunk["cadre_id"] for chunk in pop.archive.chunks])
    assert np.array_equal(np.sort(np.r_[archived, pop.cadre_id[: pop.n]]), np.arange(pop.ever))  # each once
    assert (pop.everyone("stage")[archived] == Stage.EXITED).all() and pop.archive.rows == len(archived)
    assert "year_gain" not in pop.archive.chunks[0] and "skill" in pop.archive.chunks[0]  # in-post state is dropped
    with pytest.raises(KeyError, match="not kept for cadres who left"):
        pop.everyone("appraisal")


def test_monthly_compactions_keep_every_cadre_once_and_rows_in_post():
    model = busy_model("month")
    while model.running:
        model.step()
        pop = model.pop
        chunks = [chunk["cadre_id"] for chunk in pop.archive.chunks]
        everyone = np.concatenate([*chunks, pop.cadre_id[: pop.n]])
        assert len(everyone) == pop.ever and np.array_equal(np.sort(everyone), np.arange(pop.ever))
        assert pop.n == model.latest["headcount"] + model.month_exits  # only this month's leavers still have rows
        rows = pop.rows_of(pop.cadre_id[pop.in_post])
        assert np.array_equal(rows, pop.in_post)
    assert len(pop.archive.chunks) > 50


def test_first_mentors_who_left_keep_counting_their_mentees_who_became_mentors():
    model = busy_model("month", **{"programme.stop_year": 0, "run.years": 12})
    run_to_end(model)
    pop = model.pop
    first = pop.everyone("first_mentor")
    entered = pop.everyone("first_pool_month") > NEVER
    teachers = first[entered & (first >= 0)]
    counts = np.bincount(teachers, minlength=pop.ever)
    became = pop.everyone("mentees_became_mentors")
    assert (became <= counts).all() and became.sum() > 0
    archived = np.concatenate([chunk["cadre_id"] for chunk in pop.archive.chunks])
    assert became[archived].sum() > 0  # counted in the archive too


@pytest.mark.parametrize("seed", [3, 8])
def test_compacting_every_month_gives_the_run_never_compacting_gives(seed):
    results = {}
    for when in ("never", "year", "month"):
        model = busy_model(when, seed)
        run_to_end(model)
        results[when] = collect(model)
    never = results["never"]
    for when in ("year", "month"):
        got = results[when]
        assert got.summary.keys() == never.summary.keys()
        for key, value in never.summary.items():
            assert got.summary[key] == value or (np.isnan(value) and np.isnan(got.summary[key])), key
        pd.testing.assert_frame_equal(got.series, never.series)
        pd.testing.assert_frame_equal(got.cadres, never.cadres)
        pd.testing.assert_frame_equal(got.events, never.events)
        pd.testing.assert_frame_equal(got.pairs, never.pairs)
        pd.testing.assert_frame_equal(got.cohorts, never.cohorts)
        assert str(got.breakdown) == str(never.breakdown)
    assert not np.isnan(never.summary["capability_kept_5y"])  # a stop five years back


def test_ever_where_reads_the_archive_and_the_rows_in_id_order():
    model = busy_model("month")
    for _ in range(50):
        model.step()
    pop = model.pop
    assert pop.archive.rows > 0
    every = pop.everyone("secondments")
    picked = every > 0
    got = pop.ever_where("test", "secondments", lambda s: s > 0, ("secondments", "rank", "cadre_id"))
    assert np.array_equal(got["cadre_id"], np.flatnonzero(picked))
    assert np.array_equal(got["rank"], pop.everyone("rank")[picked])
    assert np.array_equal(pop.rows_of(np.array([-1, pop.cadre_id[pop.n - 1]])), [-1, pop.n - 1])

"""Statistical expectations of the random model, over replicates, at stated significance."""

import numpy as np
import pytest
from scipy import stats

from sim import CadreModel, simulate
from sim.model.growth import mentoring_pull
from sim.params.scenario import load_scenario

REPLICATES = 6
SHORT = {"run.years": 8}


@pytest.fixture(scope="module")
def anji_vs_baseline():
    anji = load_scenario("anji").with_overrides(SHORT)
    base = load_scenario("baseline").with_overrides(SHORT)
    seeds = range(100, 100 + REPLICATES)
    return [simulate(anji, s).summary for s in seeds], [simulate(base, s).summary for s in seeds]


def test_mentored_cohorts_reach_competence_faster(anji_vs_baseline):
    anji, base = anji_vs_baseline
    a = np.array([s["competent_within_3y"] for s in anji])
    b = np.array([s["competent_within_3y"] for s in base])
    # one-sided paired t-test at the 1% level, and a practically large effect (>= 20 points)
    t = stats.ttest_rel(a, b, alternative="greater")
    assert t.pvalue < 0.01
    assert (a - b).mean() > 0.20
    ma = np.array([s["median_months_to_competence"] for s in anji])
    mb = np.array([s["median_months_to_competence"] for s in base])
    assert stats.ttest_rel(ma, mb, alternative="less").pvalue < 0.01


def test_baseline_has_no_mentoring_figures(anji_vs_baseline):
    _, base = anji_vs_baseline
    assert all(s["pairs_formed"] == 0 and np.isnan(s["mentor_hours_per_backbone"]) for s in base)


def _model_with_loads(loads, hours=12.0):
    """One mentor per load in ``loads``, each with that many identical mentees; everything else equal."""
    model = CadreModel(
        params="anji",
        rng=1,
        years=1,
        end_year=0,
        pilot_townships=0,
        initial_pool_size=20,
        mentor_hours_per_month=hours,
        form="one_to_many",
        mentees_per_mentor=max(max(loads), 2),
    )
    model.pairs._end(model, np.ones(len(model.pairs), dtype=bool), "test")
    pop = model.pop
    young = np.flatnonzero(pop.stage[: pop.n] == 0)
    mentors = np.flatnonzero(pop.in_pool[: pop.n])[: len(loads)]
    pop.skill[young] = 0.3
    pop.skill[mentors] = 0.8
    for column in ("unit", "field"):
        getattr(pop, column)[:] = 0
    pop.teaching[:] = pop.motivation[:] = pop.ability[:] = 1.0
    start = 0
    for mentor, k in zip(mentors, loads, strict=False):
        chosen = young[start : start + k]
        start += k
        model.pairs.add(model, np.full(k, mentor), chosen, np.full(k, 0.7))
    pull, hours_given = mentoring_pull(model)
    return model, pull.mean(axis=1), hours_given


def test_one_to_many_dilutes_gains_as_configured():
    """A mentor's hours are shared: beyond the mix's needs, each mentee's pull falls as 1/k."""
    loads = [1, 2, 3, 4, 5]
    model, pull, hours = _model_with_loads(loads)
    per_mentor = []
    start = 0
    for k in loads:
        per_mentor.append(pull[start])
        start += k
    per_mentor = np.array(per_mentor)
    from sim.model import methods

    w = methods.mix_weights("scaffolded", np.ones(6), np.array([0.3]))
    need = float(methods.hours_needed(w)[0])
    expected = np.minimum(need, 12.0 / np.array(loads)) / need
    np.testing.assert_allclose(per_mentor / per_mentor[0], expected / expected[0], rtol=1e-9)
    assert per_mentor[-1] < per_mentor[0]  # five mentees each get less than one alone
    # and the mentor never gives more hours than the budget
    start = 0
    for k in loads:
        assert hours[start : start + k].sum() <= 12.0 + 1e-9
        start += k


def test_review_keeps_better_teachers_in_the_pool():
    """Over replicates, a strict annual review leaves a pool of more effective teachers (5% level)."""

    def pool_teaching(strict, seed):
        model = CadreModel(
            params="anji", rng=seed, years=10, review_removal_share=0.3 if strict else 0.0, negative_list_rate=0.0
        )
        model.run_model()
        pool = model.pop.in_pool[: model.pop.n]
        return model.pop.teaching[: model.pop.n][pool].mean()

    strict = [pool_teaching(True, s) for s in range(4)]
    lax = [pool_teaching(False, s) for s in range(4)]
    assert stats.ttest_rel(strict, lax, alternative="greater").pvalue < 0.05

"""Recognition of backbones (sim.model.recognition): competence kept apart, a higher bar, a share of posts."""

import numpy as np
import pytest

from sim.model.establishment import establishment_rows, posts
from sim.model.model import CadreModel
from sim.model.stages import Stage
from sim.params.errors import ScenarioError
from sim.params.schema import Scenario, from_dict

# no mentoring, one attrition rate for every stage: recognition then changes nothing but the stage
PLANTED = {
    "run.years": 3,
    "population.initial_cadres": 240,
    "population.units": 10,
    "population.initial_pool_size": 8,
    "flows.intake_per_year": 30,
    "pairing.enabled": False,
    "flows.attrition_young": 0.03,
    "flows.attrition_independent": 0.03,
    "flows.attrition_backbone": 0.03,
    "flows.attrition_mentor": 0.03,
}


def _held(model: CadreModel) -> int:
    """Backbones and mentors of the establishment in front-line posts."""
    stage = model.pop.stage[establishment_rows(model)]
    return int(np.count_nonzero((stage == Stage.BACKBONE) | (stage == Stage.MENTOR)))


def _competent_by_hand(model: CadreModel) -> int:
    pop = model.pop
    rows = establishment_rows(model)
    stage = pop.stage[rows]
    front = stage != Stage.SECOND_LINE
    reached = (pop.competent_month[rows] >= 0) | (stage == Stage.BACKBONE) | (stage == Stage.MENTOR)
    return int(np.count_nonzero(front & reached))


def _run(overrides: dict, seed: int = 7) -> CadreModel:
    sc = Scenario().with_overrides(overrides)
    model = CadreModel(params=sc, rng=seed)
    for _ in range(sc.run.months):
        model.step()
    return model


def test_a_higher_bar_recognises_fewer_of_the_same_competent():
    today = _run({**PLANTED, "growth.recognition": "at_competence"})
    higher = _run({**PLANTED, "growth.recognition": "higher_bar"})
    assert np.array_equal(today.pop.everyone("competent_month"), higher.pop.everyone("competent_month"))
    assert np.count_nonzero(today.pop.everyone("competent_month") >= 0) > 20
    assert higher.cum_backbones < today.cum_backbones / 2
    assert higher.latest["backbone_share"] < today.latest["backbone_share"]
    assert higher.latest["competent_share"] == today.latest["competent_share"]
    # the recognised reached the bar; the competent below it stay learners, their mentee window closed
    pop = higher.pop
    recognised = pop.in_post[pop.backbone_month[pop.in_post] >= 0]
    assert len(recognised) and (pop.mean_skill()[recognised] >= 0.72 - 1e-9).all()
    waiting = pop.in_post[(pop.competent_month[pop.in_post] >= 0) & (pop.stage[pop.in_post] == Stage.INDEPENDENT)]
    assert len(waiting) and (pop.mentee_until[waiting] <= pop.competent_month[waiting]).all()


def test_share_of_posts_never_recognises_past_its_quota():
    quota = 0.3
    sc = Scenario().with_overrides(
        {**PLANTED, "growth.recognition": "share_of_posts", "growth.share_of_posts_quota": quota,
         "population.share_backbone": 0.1, "population.share_independent": 0.7, "pairing.enabled": True}
    )  # fmt: skip
    model = CadreModel(params=sc, rng=3)
    before, recognised = _held(model), 0
    for _ in range(sc.run.months):
        made = model.cum_backbones
        model.step()
        held = _held(model)
        assert held <= max(int(np.floor(quota * posts(model) + 1e-9)), before), model.steps
        recognised += model.cum_backbones - made
        before = held
    assert recognised > 10  # the quota bound, not nothing happening
    assert model.latest["competent_share"] > model.latest["backbone_share"]


def test_competent_cadre_years_is_the_hand_count_and_matches_backbones_at_competence():
    sc = Scenario().with_overrides({**PLANTED, "run.years": 2, "pairing.enabled": True})
    model = CadreModel(params=sc, rng=11)
    assert model.latest["cum_competent_cadre_years"] == 0.0
    total = 0
    for _ in range(sc.run.months):
        model.step()
        total += _competent_by_hand(model)
        assert model.latest["competent"] == _competent_by_hand(model)
        # at competence with no quota every competent cadre in a front-line post is a backbone or mentor
        assert model.latest["competent_share"] == model.latest["backbone_share"]
    assert model.latest["cum_competent_cadre_years"] == pytest.approx(total / 12.0, rel=1e-12)


@pytest.mark.parametrize(
    ("growth", "words"),
    [
        ({"recognition": "by_decree"}, ["[growth] recognition", "by_decree", "at_competence", "higher_bar"]),
        ({"recognition": "higher_bar", "higher_bar_level": 0.2}, ["higher_bar_level", "0.3"]),
        ({"recognition": "share_of_posts", "share_of_posts_quota": 0}, ["share_of_posts_quota", "0.05"]),
        ({"higher_bar_level": 0.8}, ["higher_bar_level applies when recognition = 'higher_bar'"]),
        (
            {"recognition": "share_of_posts", "backbone_quota": 0.3},
            ["backbone_quota applies when recognition = 'at_competence'", "share_of_posts"],
        ),
    ],
)
def test_bad_recognition_values_are_refused(growth, words):
    with pytest.raises(ScenarioError) as caught:
        from_dict({"growth": growth}, "county.toml")
    text = str(caught.value)
    assert "county.toml" in text
    for word in words:
        assert word in text, (word, text)


def test_the_default_keeps_the_quota_and_the_variants_keys():
    assert Scenario().growth.recognition == "at_competence"
    chosen = from_dict({"growth": {"recognition": "higher_bar", "higher_bar_level": 0.8}}, "county.toml")
    assert chosen.growth.higher_bar_level == 0.8
    assert from_dict({"growth": {"backbone_quota": 0.4}}, "county.toml").growth.backbone_quota == 0.4

"""The mean-field's mentoring: the matching's contact and field, the review's selection, what it refuses.

Each closure is held against an independent count (a Monte Carlo of the same rule, a bivariate normal
draw), not against the agent model; the agreement with the agent model is `cadre-sim check anji`
(docs/MEANFIELD.md, with its numbers).
"""

import numpy as np
import pytest
from typer.testing import CliRunner

from sim.cli import app
from sim.meanfield import MeanField, laws, mean_field
from sim.meanfield import cohorts as co
from sim.meanfield.check import line_up, simulate_replicates
from sim.meanfield.mentoring import leave_pool, match_factor, selected
from sim.meanfield.scope import MODELLED_VARIANTS, refusal, unmodelled
from sim.model.mechanism import MECHANISMS
from sim.model.variants import CHOICES
from sim.params import load_scenario
from sim.runs.designs import derive_seed


@pytest.fixture(scope="module")
def anji():
    return load_scenario("anji")


def best_of(places: int, units: int, fields: int, c: float, f: float, draws: int = 20_000) -> float:
    """Monte Carlo: a mentee takes the best (unit, field) factor among ``places`` places drawn at random."""
    rng = np.random.default_rng(5)
    same_unit = rng.random((draws, places)) < 1 / units
    same_field = rng.random((draws, places)) < 1 / fields
    value = np.where(same_unit, 1.0, c) * np.where(same_field, 1.0, f)
    return float(value.max(axis=1).mean())


@pytest.mark.parametrize("places", [1, 5, 40, 300])
def test_organisation_takes_the_best_free_place(anji, places):
    p = anji.pairing
    mean, variance = match_factor(anji, anji.population.units, places)
    expected = best_of(
        places, anji.population.units, anji.population.fields, p.remote_contact_factor, p.cross_field_factor
    )
    assert mean == pytest.approx(expected, abs=0.004)
    assert variance >= 0


def test_the_rules_contact_and_field_shares(anji):
    """Random keeps the random shares at any number of places; nearby and organisation gain with more places."""
    p, units, fields = anji.pairing, anji.population.units, anji.population.fields
    random_share = (1 / units + (1 - 1 / units) * p.remote_contact_factor) * (
        1 / fields + (1 - 1 / fields) * p.cross_field_factor
    )
    at_random = anji.with_overrides({"pairing.matching": "random"})
    assert match_factor(at_random, units, 1)[0] == pytest.approx(random_share)
    assert match_factor(at_random, units, 500)[0] == pytest.approx(random_share)
    nearby = anji.with_overrides({"pairing.matching": "nearby"})
    assert match_factor(nearby, units, 500)[0] > match_factor(nearby, units, 5)[0] > random_share
    assert match_factor(anji, units, 200)[0] > match_factor(nearby, units, 200)[0]  # the field weighs more
    assert match_factor(anji, units, 1)[0] == pytest.approx(random_share)  # one place: no choice


def test_review_selection_against_a_bivariate_draw():
    """The lowest-scored 5% carry less of a trait correlated with the score; the top 5% more; no correlation: none."""
    rng = np.random.default_rng(9)
    rho, sd, n = 0.5, 0.3, 400_000
    x, y = rng.standard_normal(n), rng.standard_normal(n)
    score = rho * x + np.sqrt(1 - rho * rho) * y
    trait = np.exp(sd * x)
    low, high = score < np.quantile(score, 0.05), score > np.quantile(score, 0.95)
    assert selected(0.05, rho * sd, lowest=True) == pytest.approx(trait[low].mean() / trait.mean(), abs=0.01)
    assert selected(0.05, rho * sd, lowest=False) == pytest.approx(trait[high].mean() / trait.mean(), abs=0.01)
    assert selected(0.05, 0.0, lowest=True) == pytest.approx(1.0)


def test_mentoring_pull_follows_the_matching(anji):
    """Organisation matching (contact and field near 1) grows backbones faster than random in the mean-field."""
    short = {"run.end_year": 2007}
    organised = mean_field(anji.with_overrides(short))
    at_random = mean_field(anji.with_overrides({**short, "pairing.matching": "random"}))
    assert organised.n_backbone.iloc[-1] > at_random.n_backbone.iloc[-1] * 1.01
    assert organised.n_independent.iloc[-1] < at_random.n_independent.iloc[-1]


def test_a_rule_it_does_not_model_is_refused(anji):
    willing = anji.with_overrides({"pairing.matching": "willing"})
    assert unmodelled(willing) == [("matching", "pairing.matching", "willing")]
    with pytest.raises(ValueError, match='pairing.matching = "willing"'):
        mean_field(willing)
    assert refusal(anji) is None
    assert refusal(willing.with_overrides({"pairing.enabled": False})) is None  # no pairs: the rule does not matter


def every_variant():
    out = []
    for mechanism, vocabulary in CHOICES.items():
        declared = MECHANISMS[mechanism]
        out += [(mechanism, declared.sections[0], declared.variant_key, str(code)) for code in vocabulary]
    return out


@pytest.mark.parametrize(("mechanism", "section", "key", "code"), every_variant())
def test_every_variant_but_the_default_structure_is_refused(anji, mechanism, section, key, code):
    chosen = anji.with_overrides({f"{section}.{key}": code})
    default = type(getattr(anji, section)).model_fields[key].default
    if code == default or code in MODELLED_VARIANTS.get(mechanism, ()):
        assert refusal(chosen) is None
        return
    message = refusal(chosen)
    assert message is not None and f'{section}.{key} = "{code}"' in message and "\n" not in message


def test_what_it_follows_and_what_it_refuses(anji):
    """The growth laws and the higher bar are followed, alone and together; the other recognitions are not."""
    assert MODELLED_VARIANTS == {"growth": ("gap_closing", "tacit_ceiling"), "recognition": ("higher_bar",)}
    both = anji.with_overrides({"growth.law": "tacit_ceiling", "growth.recognition": "higher_bar"})
    assert refusal(both) is None
    posts = both.with_overrides({"growth.recognition": "share_of_posts"})
    assert unmodelled(posts) == [("recognition", "growth.recognition", "share_of_posts")]


def test_check_command_refuses_in_one_line(tmp_path):
    r = CliRunner().invoke(app, ["check", "anji", "-r", "2", "-q", "--set", "pairing.matching=willing"])
    assert r.exit_code == 2
    lines = [line for line in r.output.splitlines() if line.strip()]
    assert len(lines) == 1 and 'pairing.matching = "willing"' in lines[0], r.output


def test_tacit_ceiling_is_followed(anji):
    """Under the tacit-ceiling law learning by doing stops below the explicit part: fewer backbones, even with mentors."""
    short = {"run.end_year": 2007}
    tacit = anji.with_overrides({**short, "growth.law": "tacit_ceiling"})
    assert refusal(tacit) is None
    assert mean_field(tacit).n_backbone.iloc[-1] < mean_field(anji.with_overrides(short)).n_backbone.iloc[-1] * 0.9
    g = tacit.growth
    skill, ability = np.array([0.3, 0.55, 0.7, 0.9]), np.ones(4)
    ceiling, explicit = laws.ceilings(g, ability)
    alone = laws.alone(g, skill, ability)
    assert alone[0] > skill[0] and alone[-1] < skill[-1]  # below the explicit part it grows, above it fades
    with_mentor = laws.mentored(g, alone, skill, ability, np.full(4, 0.5), mentor=1.0)
    assert (with_mentor <= np.maximum(ceiling, alone) + 1e-12).all() and (with_mentor >= alone).all()


@pytest.mark.parametrize(
    "law",
    [
        {"growth.law": "gap_closing"},
        {"growth.law": "tacit_ceiling", "growth.tacit_ceiling_level": 1.2, "growth.tacit_ceiling_share": 0.2},
    ],
)
def test_higher_bar_is_followed(anji, law):
    """Under the higher bar fewer learners are backbones (the competent wait as independents), as in the agent model.

    Anji to 2007 (45 months), 4 replicates: backbones and independents within 3% of the mean-field
    after the first year; recognising at competence instead would put the mean-field 15-75% off.
    """
    short = {"run.end_year": 2007, **law}
    at_competence = mean_field(anji.with_overrides(short))
    scenario = anji.with_overrides({**short, "growth.recognition": "higher_bar"})
    expected = mean_field(scenario)
    assert expected.n_backbone.iloc[-1] < at_competence.n_backbone.iloc[-1] * 0.9
    assert expected.n_independent.iloc[-1] > at_competence.n_independent.iloc[-1] * 1.1
    assert expected.cum_backbones.iloc[-1] < at_competence.cum_backbones.iloc[-1]
    runs = simulate_replicates(scenario, [derive_seed(5, i) for i in range(4)])
    rows = line_up(scenario, runs, expected).stages()
    judged = rows[(rows.month > 12) & rows.quantity.isin(["backbone", "independent"])]
    worst = judged.loc[judged.difference.abs().idxmax()]
    assert abs(worst.difference) < 0.03, worst
    wrong = line_up(scenario, runs, at_competence).stages()
    assert wrong[(wrong.month == wrong.month.max()) & (wrong.quantity == "backbone")].difference.iloc[0] < -0.1


@pytest.mark.parametrize(("law", "restored"), [("gap_closing", False), ("tacit_ceiling", True)])
def test_members_leaving_the_pool_bring_their_types_back_under_tacit_ceilings(anji, law, restored):
    """Under tacit ceilings the removed members' skill types return to the eligible (Cohort.left), so they can re-enter."""
    mf = MeanField(anji.with_overrides({"run.end_year": 2006, "growth.law": law}))
    while mf.step < 22:  # after the first year-end admissions
        mf.month()
    taken = [c for c in mf.cohorts if c.left.size and c.counts[co.MENTOR].sum() > 0 and (c.left[0] < 1).any()]
    assert taken
    before = [c.left[0].copy() for c in taken]
    pool = mf.pool()
    leave_pool(mf, 0.25 * pool)
    assert mf.pool() == pytest.approx(0.75 * pool)
    for c, left in zip(taken, before, strict=True):
        expected = left + 0.25 * (1 - left) if restored else left
        assert c.left[0] == pytest.approx(expected)

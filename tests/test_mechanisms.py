"""The mechanisms' declarations (``sim.model.mechanism``) hold the model: each thing declared once, the month in order."""

import sys

import pytest

import sim.model.model  # noqa: F401  (imports every mechanism)
from sim.model.events import EVENT_KINDS
from sim.model.mechanism import MECHANISMS, Mechanism, Variant, declare, register_variant, variants
from sim.model.month import MONTH
from sim.model.outcomes import OUTCOMES, series_columns
from sim.model.population import Population
from sim.model.variants import GROWTH_LAWS
from sim.params.errors import ScenarioError
from sim.params.schema import SECTIONS, Scenario, from_dict
from sim.vocab import Vocabulary

EXPECTED = {
    "flows", "programme", "establishment", "kinds", "pairing", "matching", "growth", "methods", "pool", "careers",
    "secondment", "party", "collectives", "continuity", "lineage", "compaction", "outcomes", "anchors", "recognition",
    "shortage",
}  # fmt: skip


def _owners(attribute: str) -> dict[str, list[str]]:
    owners: dict[str, list[str]] = {}
    for mechanism in MECHANISMS.values():
        for name in getattr(mechanism, attribute):
            owners.setdefault(name, []).append(mechanism.code)
    return owners


def _each_once(attribute: str, everything: list[str]) -> None:
    owners = _owners(attribute)
    twice = {name: codes for name, codes in owners.items() if len(codes) > 1}
    assert not twice, f"{attribute} declared by more than one mechanism: {twice}"
    assert not set(everything) - set(owners), (
        f"{attribute} no mechanism declares: {sorted(set(everything) - set(owners))}"
    )
    assert not set(owners) - set(everything), (
        f"{attribute} declared but not in the model: {sorted(set(owners) - set(everything))}"
    )


def test_every_mechanism_of_the_model_is_declared():
    assert set(MECHANISMS) == EXPECTED
    for mechanism in MECHANISMS.values():
        assert mechanism.module in sys.modules, mechanism
        assert set(mechanism.sections) <= set(SECTIONS), mechanism.code


def test_every_section_belongs_to_a_mechanism():
    assert {s for m in MECHANISMS.values() for s in m.sections} == set(SECTIONS)


def test_columns_steps_series_outcomes_and_events_are_each_declared_once():
    _each_once("columns", list(Population.COLUMNS))
    _each_once("steps", [step.name for step in MONTH])
    _each_once("series", series_columns())
    _each_once("outcomes", list(OUTCOMES))
    _each_once("events", list(EVENT_KINDS))


def test_the_month_lists_each_mechanism_s_steps_in_its_declared_order():
    order = [step.name for step in MONTH]
    assert len(order) == len(set(order))
    for mechanism in MECHANISMS.values():
        assert [name for name in order if name in mechanism.steps] == list(mechanism.steps), mechanism.code


def test_words_name_vocabularies_of_the_model():
    concepts = {
        value.concept
        for name, module in sys.modules.items()
        if name.startswith("sim.model")
        for value in vars(module).values()
        if isinstance(value, Vocabulary)
    }
    for mechanism in MECHANISMS.values():
        assert set(mechanism.words) <= concepts, (mechanism.code, set(mechanism.words) - concepts)


def test_a_mechanism_with_variants_names_its_key_in_its_section():
    for mechanism in MECHANISMS.values():
        if mechanism.variant_key:
            (section,) = mechanism.sections
            assert mechanism.variant_key in SECTIONS[section].model_fields
            assert variants(mechanism.code), mechanism.code
    assert Scenario().growth.law == GROWTH_LAWS.codes()[0] == "gap_closing"


def test_declaring_twice_fails():
    with pytest.raises(ValueError, match="twice"):
        declare(Mechanism("growth", __name__))
    with pytest.raises(ValueError, match="twice"):
        register_variant(Variant("gap_closing", "", "", mechanism="growth", step=print))


def test_an_unknown_variant_names_file_key_value_and_the_allowed():
    with pytest.raises(ScenarioError) as caught:
        from_dict({"growth": {"law": "plateau_nobody_wrote"}}, "county.toml")
    text = str(caught.value)
    assert "county.toml" in text and "[growth] law" in text and "plateau_nobody_wrote" in text and "gap_closing" in text


def test_event_words_follow_the_one_list_of_event_codes():
    """``sim.model.events.EVENT_KINDS`` lists the codes; the tables' words (``sim.output.columns``) follow it."""
    from sim.output.columns import EVENT_WORDS, EVENTS

    assert EVENTS.codes() == EVENT_KINDS
    assert set(EVENT_WORDS) == set(EVENT_KINDS), "a word for an event code that is not in EVENT_KINDS"
    assert all(zh and en for zh, en in EVENT_WORDS.values())

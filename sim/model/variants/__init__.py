"""Variants of the model's mechanisms (``sim.model.mechanism.Variant``), one module each.

Each module here registers one variant with ``register_variant(Variant(...))``; importing this package
imports them all, after the mechanisms whose default variant lives in the mechanism's own module
(today's growth law in ``sim.model.growth``). The scenario schema, ``cadre-sim params`` and the month
read the variants from here, so a new variant is one module plus its test.
"""

from __future__ import annotations

from typing import Any

from sim.model import careers, growth, methods, pairing, pool, recognition
from sim.model.mechanism import MECHANISMS, Variant, variants
from sim.vocab import Vocabulary, discover

discover(__name__, __path__)

CHOICES: dict[str, Vocabulary[Variant]] = {
    code: variants(code) for code, declared in MECHANISMS.items() if declared.variant_key
}  # each mechanism with variants (imported above): its registered variants
GROWTH_LAWS = CHOICES["growth"]  # [growth] law
assert growth.DEFAULT_LAW in GROWTH_LAWS
MENTOR_LOADS = CHOICES["pool"]  # [pool] mentor_load
assert pool.DEFAULT_LOAD == MENTOR_LOADS.codes()[0]
FIVE_ONES = CHOICES["methods"]  # [methods] five_ones
assert methods.DEFAULT_FIVE_ONES == FIVE_ONES.codes()[0]
RECOGNITIONS = CHOICES["recognition"]  # [growth] recognition
assert recognition.DEFAULT_RECOGNITION == RECOGNITIONS.codes()[0]
PAIR_BREAKDOWNS = CHOICES["pairing"]  # [pairing] breakdown
assert pairing.DEFAULT_BREAKDOWN == PAIR_BREAKDOWNS.codes()[0]
SPONSORSHIPS = CHOICES["careers"]  # [careers] sponsorship
assert careers.DEFAULT_SPONSORSHIP == SPONSORSHIPS.codes()[0]


def chosen(params: Any, mechanism: str) -> Variant:
    """The variant of ``mechanism`` the scenario ``params`` chooses (its section's ``variant_key``)."""
    declared = MECHANISMS[mechanism]
    code = getattr(getattr(params, declared.sections[0]), declared.variant_key)
    return CHOICES[mechanism][code]

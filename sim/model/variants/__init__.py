"""Variants of the model's mechanisms (``sim.model.mechanism.Variant``), one module each.

Each module here registers one variant with ``register_variant(Variant(...))``; importing this package
imports them all, after the mechanisms whose default variant lives in the mechanism's own module
(today's growth law in ``sim.model.growth``). The scenario schema, ``cadre-sim params`` and the month
read the variants from here, so a new variant is one module plus its test.
"""

from __future__ import annotations

from sim.model import growth
from sim.model.mechanism import Variant, variants
from sim.vocab import Vocabulary, discover

discover(__name__, __path__)

GROWTH_LAWS: Vocabulary[Variant] = variants("growth")  # [growth] law
assert growth.DEFAULT_LAW in GROWTH_LAWS

"""What a mechanism of the model is: one module's declaration of what it holds, and its variants.

Each mechanism module (``flows``, ``growth``, ``pool`` ...) declares itself once, at its end, with
``declare(Mechanism(...))``:

- ``sections``: its parameter sections in a scenario (``[growth]``);
- ``columns``: the population columns it owns (``sim.model.population.Population``);
- ``steps``: its steps of the month, by name; where they sit is the order of ``sim.model.month.MONTH``;
- ``series``: the columns of the monthly series it measures (``sim.model.outcomes.series_columns``);
- ``outcomes``: the headline outcomes it gives (``OUTCOMES``, with their unit and direction);
- ``events``: the event codes it logs (``sim.model.events.EVENT_KINDS``);
- ``words``: the keys of its words: the vocabularies of its codes (``Vocabulary.concept``);
- ``variant_key``: the parameter of its section that chooses its variant ("" when it has none).

``tests/test_mechanisms.py`` holds the declarations to the model: every column, step, series column,
outcome and event is declared by exactly one mechanism. Nothing here computes anything.

A **variant** of a mechanism (another growth law) is a ``Variant``: a registered implementation of
the mechanism's step, chosen in the scenario by the mechanism's ``variant_key`` (``[growth] law``).
Its own parameters (``params``: a section class whose keys start with the variant's code and an
underscore) join the mechanism's section and are accepted only when the variant is chosen
(``sim.params.variants``). To add one: a module in ``sim/model/variants/`` that calls
``register_variant(Variant(...))``, and its test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sim.vocab import Registry, Term, Vocabulary


@dataclass(frozen=True)
class Mechanism:
    """The declaration of one mechanism (the module docstring says each field)."""

    code: str
    module: str
    sections: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()
    series: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    variant_key: str = ""


@dataclass(frozen=True, kw_only=True)
class Variant(Term):
    """One implementation of a mechanism's step, chosen in the scenario.

    Attributes:
        mechanism: the code of the mechanism it implements (``growth``).
        step: the function the month calls for the mechanism, with the mechanism's arguments and result
            (for ``growth``: ``step(model, quarter_end) -> mentor hours given this month``).
        params: its own parameters, a ``sim.params.fields.Section`` whose keys start with ``<code>_``
            (None: none); they join the mechanism's section and are validated only when it is chosen.
        order: its place when listed (the default variant first).
        alone: for a growth law, a month without a mentor for some rows, ``alone(model, rows, skill) -> skill``
            (the mean skill of ``rows`` a month on): what learning by doing alone gives, the counterfactual
            of the literature anchor (``sim.model.anchors``); None for other mechanisms.
    """

    mechanism: str
    step: Callable[..., Any]
    params: type[Any] | None = None
    order: int = 0
    alone: Callable[..., Any] | None = None


MECHANISMS: dict[str, Mechanism] = {}
_VARIANTS: dict[str, Registry[Variant]] = {}


def declare(mechanism: Mechanism) -> Mechanism:
    """Add ``mechanism`` to ``MECHANISMS``; a code may be declared once."""
    if mechanism.code in MECHANISMS:
        raise ValueError(f"mechanism {mechanism.code!r} is declared twice")
    MECHANISMS[mechanism.code] = mechanism
    return mechanism


def register_variant(variant: Variant) -> Variant:
    """Add ``variant`` to the variants of its mechanism; a code may be registered once per mechanism."""
    return _VARIANTS.setdefault(variant.mechanism, Registry(f"{variant.mechanism} variant")).register(variant)


def variants(mechanism: str) -> Vocabulary[Variant]:
    """The registered variants of ``mechanism``, in their order (the default first)."""
    return _VARIANTS.setdefault(mechanism, Registry(f"{mechanism} variant")).vocabulary()

"""What the mean-field models: the mechanisms' variants and matching rules it follows, and a refusal of the rest.

The mean-field follows the default variant of every mechanism with variants (the default
structure: the scenario schema's default of each ``variant_key``) and the variants listed in
``MODELLED_VARIANTS``; with mentoring on, the matching rules of ``mentoring.MODELLED_RULES``. A
scenario that chooses anything else is refused by ``unmodelled`` (a one-line reason naming the
choice), so the check never compares the agent model with a mean-field of another structure.
"""

from __future__ import annotations

from sim.meanfield.laws import LAWS
from sim.meanfield.mentoring import MODELLED_RULES
from sim.meanfield.recognition import RECOGNITIONS
from sim.model.mechanism import MECHANISMS
from sim.model.variants import CHOICES
from sim.params.schema import Scenario

# mechanism -> variants the mean-field follows besides the mechanism's default
MODELLED_VARIANTS: dict[str, tuple[str, ...]] = {"growth": LAWS, "recognition": RECOGNITIONS}


def default_variant(params: Scenario, mechanism: str) -> str:
    """The variant of ``mechanism`` a scenario has when it chooses none (its schema's default)."""
    declared = MECHANISMS[mechanism]
    section = getattr(params, declared.sections[0])
    return str(type(section).model_fields[declared.variant_key].default)


def unmodelled(params: Scenario) -> list[tuple[str, str, str]]:
    """(mechanism, key, code) of each choice of ``params`` the mean-field does not model."""
    out = []
    for mechanism in sorted(CHOICES):
        declared = MECHANISMS[mechanism]
        code = str(getattr(getattr(params, declared.sections[0]), declared.variant_key))
        if code != default_variant(params, mechanism) and code not in MODELLED_VARIANTS.get(mechanism, ()):
            out.append((mechanism, f"{declared.sections[0]}.{declared.variant_key}", code))
    if params.pairing.enabled and params.pairing.matching not in MODELLED_RULES:
        out.append(("matching", "pairing.matching", params.pairing.matching))
    return out


def choices_text(params: Scenario) -> str:
    """The choices of ``params`` the mean-field does not model, as ``key = "code"`` joined by commas ("" if none)."""
    return ", ".join(f'{key} = "{code}"' for _, key, code in unmodelled(params))


def refusal(params: Scenario) -> str | None:
    """One line saying which chosen variants the mean-field does not model (None: it models them all)."""
    choices = choices_text(params)
    if not choices:
        return None
    return f"the mean-field does not model {choices}, so no check is made (it follows the default structure and the variants it models)"

"""A section with variants: the chosen variant's own parameters join the section, accepted only when chosen.

A mechanism with variants (``sim.model.mechanism.Variant``) has a key in its section that picks one
(``[growth] law``). ``with_variants`` gives the section's class with each variant's parameters added
as keys of the section (a variant's keys start with its code and an underscore: ``plateau_level``), so
that they are one validated line each like every other parameter (``cadre-sim params`` lists them,
``--set`` and experiment files vary them); a key of a variant that is not chosen must keep its default,
and the chosen variant's own checks (its section's validators) run only when it is chosen.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, create_model, model_validator

from sim.params.errors import raised
from sim.vocab import Vocabulary
from sim.words import Book

_errors = Book("errors")  # the words of the checks below


def with_variants[S: BaseModel](section: type[S], key: str, variants: Vocabulary[Any]) -> type[S]:
    """``section`` with the parameters of each of ``variants`` (their ``params``), chosen by its ``key``.

    Raises:
        ValueError: a variant's parameter does not start with ``<code>_`` or is already a key of the section.
    """
    fields: dict[str, Any] = {}
    owners: dict[str, str] = {}
    for code, variant in variants.items():
        params = variant.params
        for name, field in (params.model_fields if params is not None else {}).items():
            if not name.startswith(f"{code}_") or name in section.model_fields or name in fields:
                raise ValueError(
                    f"{variant.mechanism} variant {code!r}: its parameter {name!r} must start with {code}_"
                )
            fields[name] = (field.annotation, field)
            owners[name] = code

    def check(self: S) -> S:
        chosen = getattr(self, key)
        for name, code in owners.items():
            default = section_fields[name].default
            if code != chosen and getattr(self, name) != default:
                raise raised(
                    ValueError,
                    _errors,
                    "variant_key_unchosen",
                    name=name,
                    switch=key,
                    code=repr(code),
                    chosen=repr(chosen),
                )
        params = variants[chosen].params
        if params is not None:  # the chosen variant's own checks
            params.model_validate({name: getattr(self, name) for name in params.model_fields})
        return self

    validators: dict[str, Any] = {f"_{key}_parameters": model_validator(mode="after")(check)}
    built = create_model(
        section.__name__,
        __base__=section,
        __module__=section.__module__,
        __doc__=section.__doc__,
        __validators__=validators,
        **fields,
    )
    section_fields = built.model_fields
    return built

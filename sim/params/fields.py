"""The pieces every parameter section is made of: ``P`` and ``C`` lines, code validators, ``Section``.

Apart from ``sim.params.sections`` so that a variant of a mechanism (``sim.model.variants``) can
declare its own parameters with them without importing the sections, which import the variants.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from sim.vocab import Vocabulary


def P(
    default: Any, low: float | None, high: float | None, unit: str, source: str, *, zh: str = "", en: str = ""
) -> Any:
    """A parameter: default, inclusive range, unit, where the default comes from, and its plain meaning (中文, English)."""
    return Field(
        default,
        ge=low,
        le=high,
        description=f"{unit}; {source}",
        json_schema_extra={"unit": unit, "source": source, "zh": zh, "en": en},
    )


def C(
    default: Any, unit: str, source: str, choices: Vocabulary[Any] | None = None, *, zh: str = "", en: str = ""
) -> Any:
    """A categorical or boolean parameter (its allowed values are in its type or ``choices``), with its plain meaning."""
    extra: dict[str, Any] = {"unit": unit, "source": source, "zh": zh, "en": en}
    if choices is not None:
        extra["choices"] = list(choices.codes())
        extra["choice_labels"] = {term.code: [term.zh, term.en] for term in choices.values()}
    return Field(default, description=f"{unit}; {source}", json_schema_extra=extra)


def one_of(vocabulary: Vocabulary[Any]) -> AfterValidator:
    """A validator that admits the codes of ``vocabulary`` only."""

    def check(value: str) -> str:
        if value not in vocabulary:
            raise ValueError(f"unknown {vocabulary.concept}")
        return value

    return AfterValidator(check)


def check_name(value: str) -> str:
    """A name that is safe as part of a folder name.

    It has 1-80 characters, no path separators, no control characters, and does not start with
    a dot, so results never land outside ``--out``.
    """
    if not 1 <= len(value) <= 80:
        raise ValueError("a name has 1 to 80 characters")
    if not value.strip() or value != value.strip():
        raise ValueError("a name may not be blank or begin or end with spaces")
    if any(c in value for c in "/\\") or value.startswith(".") or any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise ValueError("a name may not contain / or \\, control characters, or start with a dot")
    return value


Name = Annotated[str, AfterValidator(check_name)]


class Section(BaseModel):
    """One section of a scenario file: closed (unknown keys are errors), frozen, validated."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True, strict=True)

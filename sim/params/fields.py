"""The pieces every parameter section is made of: ``P`` and ``C`` lines, code validators, ``Section``.

Apart from ``sim.params.sections`` so that a variant of a mechanism (``sim.model.variants``) can
declare its own parameters with them without importing the sections, which import the variants.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from sim.params.errors import in_both, raised
from sim.vocab import Vocabulary
from sim.words import Book

_words = Book("fields")
_units = Book("units")

# a source's first words -> how it is named (the citation after them is kept as written)
_SOURCES = (("DOMAIN", "source_domain"), ("calibrat", "source_calibrated"), ("sim.model", "source_code"))


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
            key = "concept_" + vocabulary.concept.replace(" ", "_")
            zh, en = (_words(key, lang) if key in _words else vocabulary.concept for lang in ("zh", "en"))
            english = _words("unknown_code", "en", concept=en)
            raise in_both(ValueError(english), _words("unknown_code", "zh", concept=zh), english)
        return value

    return AfterValidator(check)


def check_name(value: str) -> str:
    """A name that is safe as part of a folder name.

    It has 1-80 characters, no path separators, no control characters, and does not start with
    a dot, so results never land outside ``--out``.
    """
    if not 1 <= len(value) <= 80:
        raise raised(ValueError, _words, "name_length")
    if not value.strip() or value != value.strip():
        raise raised(ValueError, _words, "name_blank")
    if any(c in value for c in "/\\") or value.startswith(".") or any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise raised(ValueError, _words, "name_chars")
    return value


Name = Annotated[str, AfterValidator(check_name)]


class Section(BaseModel):
    """One section of a scenario file: closed (unknown keys are errors), frozen, validated."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True, strict=True)


def unit_words(unit: str, lang: str) -> str:
    """A parameter's unit (as its ``P``/``C`` line writes it) in ``lang``; a unit the catalogue lacks, as written."""
    return _units(unit, lang) if unit in _units else unit


def source_words(source: str, lang: str) -> str:
    """Where a parameter's value comes from, in ``lang``: the kind of source named, the citation kept as written.

    ``"DOMAIN: docs/DOMAIN.md#anji, ..."`` is ``来源：DOMAIN 报告（docs/DOMAIN.md#anji, ...）``; ``"assumption"``
    is ``来源：假设``; a calibrated value, a literature citation and the model's code are named likewise.
    """
    text = source.strip()
    if text.lower().startswith("assumption"):
        note = text[len("assumption") :].lstrip(" ;:,")
        return _words("source_assumption_note", lang, citation=note) if note else _words("source_assumption", lang)
    for prefix, key in _SOURCES:
        if text.startswith(prefix):
            return _words(key, lang, citation=text.removeprefix("DOMAIN").lstrip(" :"))
    if "assumption" in text:
        return _words("source_assumption_note", lang, citation=text)
    if " et al." in text:
        return _words("source_literature", lang, citation=text)
    return _words("source_other", lang, citation=text)

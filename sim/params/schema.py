"""A whole scenario: one section per concept (``sim.params.sections``), validated as a whole.

``Scenario`` is frozen; ``with_overrides`` gives a validated copy with some parameters changed
(by ``section.key`` or a bare key). ``from_dict`` turns pydantic's errors into lines that name
the source, the key, the value and what is allowed.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from functools import partial
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from sim.params.errors import NAME_EXCERPT, Loc, ScenarioError, excerpt, format_validation_error, in_both, raised
from sim.params.fields import unit_words
from sim.params.programme import (
    CareerParams,
    CollectiveParams,
    EstablishmentParams,
    MenteeParams,
    PartyParams,
    ProgrammeParams,
    SecondmentParams,
)
from sim.params.sections import (
    FlowParams,
    GrowthParams,
    MethodParams,
    PairingParams,
    PoolParams,
    PopulationParams,
    RunParams,
    Section,
)
from sim.words import Book

_words = Book("errors")

__all__ = [
    "SECTIONS",
    "FlowParams",
    "GrowthParams",
    "MethodParams",
    "PairingParams",
    "PoolParams",
    "PopulationParams",
    "RunParams",
    "Scenario",
    "from_dict",
    "parameter_names",
    "parameter_table",
    "resolve_key",
]


class Scenario(BaseModel):
    """A whole scenario: one section per concept. Frozen; use ``with_overrides`` to vary it."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True, strict=True)

    run: RunParams = RunParams()
    population: PopulationParams = PopulationParams()
    flows: FlowParams = FlowParams()
    pairing: PairingParams = PairingParams()
    methods: MethodParams = MethodParams()
    growth: GrowthParams = GrowthParams()
    pool: PoolParams = PoolParams()
    programme: ProgrammeParams = ProgrammeParams()
    mentees: MenteeParams = MenteeParams()
    establishment: EstablishmentParams = EstablishmentParams()
    careers: CareerParams = CareerParams()
    secondment: SecondmentParams = SecondmentParams()
    party: PartyParams = PartyParams()
    collectives: CollectiveParams = CollectiveParams()

    @property
    def name(self) -> str:
        """The scenario's name (``run.name``)."""
        return self.run.name

    def with_overrides(self, overrides: Mapping[str, Any], source: str = "override") -> Scenario:
        """A validated copy with parameters changed (keys ``section.key`` or bare ``key``).

        Raises:
            ScenarioError: an unknown parameter, or a value the schema rejects.
        """
        if not overrides:
            return self
        data = self.model_dump()
        for key, value in overrides.items():
            section, name = resolve_key(key)
            if hasattr(value, "item"):  # numpy scalar from a design matrix
                value = value.item()
            data[section][name] = value
        return from_dict(data, source)

    @model_validator(mode="after")
    def _pool_fits(self) -> Scenario:
        if self.population.initial_pool_size > self.population.initial_cadres:
            pool, cadres = self.population.initial_pool_size, self.population.initial_cadres
            raise raised(ValueError, _words, "pool_over_cadres", pool=pool, cadres=cadres)
        return self


SECTIONS: dict[str, type[Section]] = {
    name: field.annotation  # type: ignore[misc]  # every field of Scenario is a Section class
    for name, field in Scenario.model_fields.items()
}


def _where(loc: Loc, lang: str = "en") -> str:
    if not loc:
        return _words("top_level", lang)
    return f"[{loc[0]}] {loc[1]}" if len(loc) > 1 else f"[{loc[0]}]"


def _allowed(loc: Loc, lang: str = "en") -> str:
    section = loc[0] if loc else None
    key = loc[1] if len(loc) > 1 else None
    cls = SECTIONS.get(section) if section else None
    if cls is None:
        return _words("sections", lang, names=", ".join(f"[{s}]" for s in SECTIONS))
    if key is None or key not in cls.model_fields:
        return _words("keys_of", lang, section=section, names=", ".join(cls.model_fields))
    field = cls.model_fields[key]
    extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
    choices = extra.get("choices")
    if isinstance(choices, list):
        text = ", ".join(repr(c) for c in choices)
    else:
        limits = ("ge", "le", "gt", "lt", "min_length", "max_length")
        bounds = [
            _words(f"bound_{a}", lang, value=getattr(m, a))
            for m in field.metadata
            for a in limits
            if getattr(m, a, None) is not None
        ]
        kind = getattr(field.annotation, "__name__", str(field.annotation))
        text = ", ".join(bounds) if bounds else (_words(f"type_{kind}", lang) if f"type_{kind}" in _words else kind)
    unit = extra.get("unit")
    return _words("with_unit", lang, text=text, unit=unit_words(str(unit), lang)) if unit else text


def _unknown(loc: Loc, lang: str = "en") -> tuple[str, list[str], str]:
    if len(loc) > 1 and loc[0] in SECTIONS:
        return "key", list(SECTIONS[loc[0]].model_fields), _allowed(loc[:1], lang)
    return "section", list(SECTIONS), _allowed((), lang)


def scenario_error(err: ValidationError, source: str) -> ScenarioError:
    """A ScenarioError of pydantic's ``err``: one line per problem, in English and in Chinese (``said``)."""
    en, zh = (
        format_validation_error(
            err,
            source,
            where=partial(_where, lang=lang),
            allowed=partial(_allowed, lang=lang),
            unknown=partial(_unknown, lang=lang),
            lang=lang,
        )
        for lang in ("en", "zh")
    )
    return in_both(ScenarioError(en), zh, en)


def from_dict(data: Mapping[str, Any], source: str = "<scenario>") -> Scenario:
    """A validated scenario from nested ``{section: {key: value}}`` data.

    Raises:
        ScenarioError: one line per problem, naming ``source``, the key, the value and what is allowed.
    """
    try:
        return Scenario.model_validate(dict(data))
    except ValidationError as err:
        raise scenario_error(err, source) from None


def resolve_key(key: str) -> tuple[str, str]:
    """``(section, key)`` of a parameter given as ``section.key`` or as an unambiguous bare key.

    Raises:
        ScenarioError: unknown or ambiguous, with the closest names.
    """
    if "." in key:
        section, name = key.split(".", 1)
        if section in SECTIONS and name in SECTIONS[section].model_fields:
            return section, name
    else:
        owners = [s for s, cls in SECTIONS.items() if key in cls.model_fields]
        if len(owners) == 1:
            return owners[0], key
    close = difflib.get_close_matches(key.split(".")[-1], [n.split(".")[1] for n in parameter_names()], n=3)
    zh, en = (
        _words(
            "unknown_parameter",
            lang,
            name=excerpt(key, NAME_EXCERPT),
            hint=_words("parameter_hint", lang, names=", ".join(close)) if close else "",
        )
        for lang in ("zh", "en")
    )
    raise in_both(ScenarioError(en), zh, en)


def parameter_names() -> list[str]:
    """Every parameter as ``section.key``."""
    return [f"{s}.{k}" for s, cls in SECTIONS.items() for k in cls.model_fields]


def parameter_table() -> list[dict[str, Any]]:
    """One row per parameter, for docs, `cadre-sim params` and `cadre-sim new`.

    Each row: ``parameter`` (``section.key``), ``section``, ``key``, ``type`` (int, float, bool,
    str), ``default``, ``low`` and ``high`` (the inclusive range, None when open), ``range``
    (``"1 .. 60"``), ``choices`` (allowed codes, comma-separated) and ``choice_labels`` (code ->
    (中文, English), from the registries and vocabularies of ``sim.model``), ``unit``, ``source``,
    ``meaning_zh`` and ``meaning_en`` (a plain sentence of what it is).
    """
    rows = []
    for section, cls in SECTIONS.items():
        for key, field in cls.model_fields.items():
            extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
            low = high = None
            for m in field.metadata:
                low = getattr(m, "ge", low)
                high = getattr(m, "le", high)
            choices = extra.get("choices")
            labels = extra.get("choice_labels")
            rows.append(
                {
                    "parameter": f"{section}.{key}",
                    "section": section,
                    "key": key,
                    "type": type(field.default).__name__,
                    "default": field.default,
                    "low": low,
                    "high": high,
                    "range": "" if low is None else f"{low:g} .. {high:g}",
                    "choices": ", ".join(map(str, choices)) if isinstance(choices, list) else "",
                    "choice_labels": {str(c): (str(v[0]), str(v[1])) for c, v in labels.items() if isinstance(v, list)}
                    if isinstance(labels, dict)
                    else {},
                    "unit": extra.get("unit", ""),
                    "source": extra.get("source", ""),
                    "meaning_zh": extra.get("zh", ""),
                    "meaning_en": extra.get("en", ""),
                }
            )
    return rows

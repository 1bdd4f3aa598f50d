"""Headers and cell words of a run's tables in Chinese and English (the workbook, the plots).

The CSV files keep their code names (``cum_backbones``), which scripts and the lineage drawing
read; people read the same columns as ``累计成长为骨干`` / ``backbones (cumulative)``: the headers
are ``h_<code>`` entries of the word catalogue (``sim/words/columns.toml``). Columns built from a
vocabulary (``n_<stage>``, ``mentees_<kind>``, ``n_<rank>``, ``skill_<aspect>``) take their words
from it, so a label is still written once.
"""

from __future__ import annotations

from typing import Any

from sim.model.aspects import ASPECT_SETS
from sim.model.careers import RANKS, SECONDMENT_EFFECTS
from sim.model.events import EVENT_KINDS
from sim.model.kinds import KINDS
from sim.model.outcomes import MAX_GENERATION_COLUMN, OUTCOMES
from sim.model.stages import STAGES
from sim.vocab import Term, Vocabulary
from sim.words import Book

_words = Book("columns")
# the events' words (columns.toml's event_<code>) by code; the codes are listed once: sim.model.events.EVENT_KINDS
EVENT_WORDS = {key.removeprefix("event_"): _words.pair(key) for key in _words if key.startswith("event_")}
EVENTS: Vocabulary[Term] = Vocabulary("event", [Term(code, *EVENT_WORDS[code]) for code in EVENT_KINDS])
# why a pair ended (pairs.csv's end_reason), in the catalogue's order: columns.toml's end_<code>
END_REASONS: Vocabulary[Term] = Vocabulary(
    "end reason", [Term(key.removeprefix("end_"), *_words.pair(key)) for key in _words if key.startswith("end_")]
)

_GENERATED = (  # column prefix, catalogue entry, the vocabularies that name the rest of the column
    ("n_", "n_people", (STAGES, RANKS)),
    ("skill_", "skill_of_stage", (STAGES,)),
    ("mentees_", "mentees_of_kind", (KINDS,)),
)
VALUE_VOCABULARIES: dict[str, Vocabulary[Any]] = {
    "stage": STAGES,
    "kind": KINDS,
    "rank": RANKS,
    "event": EVENTS,
    "end_reason": END_REASONS,
}


def column_label(name: str, lang: str = "zh") -> str:
    """The header of column ``name`` of a run's tables in ``lang`` (the code itself if unknown)."""
    if f"h_{name}" in _words:
        return _words(f"h_{name}", lang)
    if name in OUTCOMES:
        return OUTCOMES.label(name, lang)
    if name.startswith("pool_gen_"):
        g = name.removeprefix("pool_gen_")
        return _words("pool_generation_deeper" if g == str(MAX_GENERATION_COLUMN) else "pool_generation", lang, g=g)
    for prefix, key, vocabularies in _GENERATED:
        code = name.removeprefix(prefix)
        for vocabulary in vocabularies:
            if name.startswith(prefix) and code in vocabulary:
                return _words(key, lang, name=vocabulary.label(code, lang))
    if name.startswith("skill_"):  # an aspect of one of the aspect sets
        code = name.removeprefix("skill_")
        for aspect_set in ASPECT_SETS.values():
            if code in aspect_set.aspects:
                return _words("skill_aspect", lang, name=aspect_set.aspects.label(code, lang))
    return name


def value_label(column: str, value: object, lang: str = "zh") -> object:
    """A cell of a categorical column (stage, kind, rank, event, end reason, detail) in ``lang``."""
    if not isinstance(value, str) or not value:
        return value
    if column == "detail":  # a kind, a rank, an end reason, a secondment or "founder"
        for words in (KINDS, RANKS, END_REASONS, SECONDMENT_EFFECTS):
            if value in words:
                return words.label(value, lang)
        return value
    vocabulary = VALUE_VOCABULARIES.get(column)
    return vocabulary.label(value, lang) if vocabulary is not None and value in vocabulary else value


# Excel number formats of the workbook's cells, by what a column holds (a share is stored as the fraction)
NUMBER_FORMATS = {
    "share": "0.0%",
    "hours": "#,##0",
    "months": "0",
    "count": "#,##0",
    "skill": "0.00",
    "ratio": "0.00",
    "years": "0.0",
    "p": "0.000",
}
# an outcome's unit (``OUTCOMES``) -> the kind of number format of its value
UNIT_FORMATS = {
    "fraction": "share",
    "hours": "hours",
    "months": "months",
    "people": "count",
    "pairs": "count",
    "mentors": "count",
    "promotions": "count",
    "secondments": "count",
    "organisations": "count",
    "cadre-years": "count",
    "cadre-months": "count",
    "skill (0-1)": "skill",
    "ratio": "ratio",
    "mentors per mentor": "ratio",
    "mentees per mentor": "ratio",
    "mentors per founder": "ratio",
}
# columns of a run's tables holding a model month: the workbook shows the calendar month (YYYY-MM)
DATE_COLUMNS = frozenset(
    {
        "month",
        "hire_month",
        "competent_month",
        "backbone_month",
        "pool_month",
        "exit_month",
        "mentee_until",
        "party_month",
        "seconded_month",
        "start_month",
        "end_month",
    }
)
_KINDS = {  # columns whose kind their name does not say
    "mentoring_uplift_6m": "share",
    "capability_kept": "share",
    "mean_pair_months": "months",
    "mentored_months": "months",
    "cum_waiting_cadre_months": "months",
    "longest_wait_months": "months",
    "cum_competent_cadre_years": "count",
    "capability_built": "count",
    "gain_ratio_6m": "ratio",
    "mentees_per_mentor": "ratio",
    "r_naive": "ratio",
    "r_complete": "ratio",
    "mentees_per_pool_mentor": "ratio",
    "mean_skill": "skill",
    "motivation": "skill",
    "ability": "skill",
    "teaching": "ratio",
    "age": "years",
}


def number_format(column: str) -> str | None:
    """The kind of number format (a key of :data:`NUMBER_FORMATS`) of a run table's column; None: as stored."""
    if column in _KINDS:
        return _KINDS[column]
    if column.endswith("_share"):
        return "share"
    if column.endswith("_hours"):
        return "hours"
    if column.startswith("skill_"):
        return "skill"
    return None

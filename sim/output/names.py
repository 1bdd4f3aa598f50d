"""Outcomes, parameters and series named, and their values, differences and certainty said, for many-run reports.

The reports of a comparison, an ensemble, a sweep, a screening, a policy search and a discovery use them,
in Chinese and English.

Outcome names come from the vocabulary (``sim.model.outcomes.OUTCOMES``) with their unit and
plain meaning (``sim.model.outcome_words``); numbers go through ``sim.output.numbers``; shares are shown as
percentages and their differences as percentage points; ``direction`` says which way an outcome is
better (a report crowns a winner only on an outcome with one). The words themselves are the
catalogue's ``many`` book (``sim/words/many.toml``), shared by every many-run report.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

import numpy as np

from sim.model.outcome_words import meaning, unit_label
from sim.model.outcomes import OUTCOMES
from sim.output.numbers import number, percent
from sim.params.schema import parameter_table
from sim.words import Book, pick

W = Book("many")  # the words every many-run report shares
MISSING = "n/a"  # a value the many-run reports do not have, in either language
PICTURES = Book("pictures")  # the monthly series' names (s:<column>)

__all__ = [
    "MISSING",
    "certainty",
    "diff_text",
    "direction",
    "direction_word",
    "fmt",
    "outcome_meaning",
    "outcome_name",
    "parameter_name",
    "series_name",
    "value_text",
]


def fmt(x: Any) -> str:
    """A number as people read it (``sim.output.numbers.number``), never in scientific notation."""
    if x is None:
        return MISSING
    x = float(x)
    if math.isnan(x):
        return MISSING
    if x != 0 and abs(x) < 0.001:
        return number(x, digits=min(12, 1 - math.floor(math.log10(abs(x)))))
    return number(x)


def direction(outcome: str) -> int:
    """+1 higher is better, -1 lower is better, 0 neither (``OUTCOMES``; 0 for other names)."""
    return OUTCOMES[outcome].direction if outcome in OUTCOMES else 0


def _unit(outcome: str) -> str:
    return OUTCOMES[outcome].unit if outcome in OUTCOMES else ""


def outcome_name(outcome: str, lang: str = "zh", unit: bool = True) -> str:
    """The outcome's label in ``lang``, with its unit: ``backbones (people)``."""
    if outcome not in OUTCOMES:
        return outcome
    label = OUTCOMES.label(outcome, lang)
    if not unit:
        return label
    word = unit_label(_unit(outcome), lang)
    if word == label:  # "mentors per mentor (mentors per mentor)" says it twice
        return label
    if word.startswith(("（", "(")):  # a unit that brings its own brackets: （0-1）
        return W("followed", lang, main=label, aside=word)
    return W("aside", lang, main=label, aside=word)


def outcome_meaning(outcome: str, lang: str = "zh") -> str:
    """One plain sentence of what the outcome counts (``sim.model.outcome_words``)."""
    return meaning(outcome, lang) if outcome in OUTCOMES else ""


@cache
def _meanings() -> dict[str, tuple[str, str]]:
    return {row["parameter"]: (row["meaning_zh"], row["meaning_en"]) for row in parameter_table()}


def parameter_name(name: str, lang: str = "zh", code: bool = True) -> str:
    """A parameter in words (its plain meaning from the scenario schema), with ``section.key`` when ``code``.

    ``how fast mentoring closes the gap to the mentor each month (growth.mentoring_rate)``; a name the
    schema does not know (a factor of several parameters) is returned as it is.
    """
    zh, en = _meanings().get(name, ("", ""))
    words = pick(lang, zh, en)
    if not words:
        return name
    return W("aside", lang, main=words, aside=name) if code else words


def series_name(column: str, lang: str = "zh") -> str:
    """A monthly series' label with its unit (the column name when it has none)."""
    key = f"s:{column}"
    return PICTURES(key, lang) if key in PICTURES else column


def value_text(outcome: str, x: Any) -> str:
    """A value of ``outcome``: a share as a percentage, any other figure as a number."""
    if _unit(outcome) == "fraction":
        return percent(None if x is None else float(x), 1)
    return fmt(x)


def diff_text(outcome: str, x: Any, lang: str = "zh", signed: bool = False) -> str:
    """A difference of ``outcome``: percentage points for a share, else a number (``+`` when ``signed``)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return MISSING
    x = float(x)
    sign = "+" if signed and x > 0 else ""
    if _unit(outcome) == "fraction":
        return W("points", lang, x=f"{sign}{fmt(100 * x)}")
    return f"{sign}{fmt(x)}"


_DIRECTION = {1: "higher_better", -1: "lower_better", 0: "no_better"}


def direction_word(outcome: str, lang: str = "zh") -> str:
    """Which way is better, in words."""
    return W(_DIRECTION[direction(outcome)], lang)


_CERTAINTY = ((0.001, "very_sure"), (0.01, "sure"), (0.05, "fairly_sure"))


def certainty(p: float, lang: str = "zh") -> str:
    """How sure a difference whose interval excludes zero is (from the paired t-test's p)."""
    if not np.isfinite(p):
        return W("too_few", lang)
    return next((W(key, lang) for limit, key in _CERTAINTY if p < limit), W("not_sure", lang))

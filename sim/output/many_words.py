"""Words and numbers of the many-run reports (comparison, ensemble, sweep), in Chinese and English.

Outcome names come from the vocabulary (``sim.model.outcomes.OUTCOMES``) with their unit and
plain meaning (``sim.model.outcome_words``); numbers go through ``sim.output.numbers``; shares are shown as
percentages and their differences as percentage points. ``verdict`` is the one rule by which a
report crowns a winner: only on an outcome with a direction, only when the 95% interval of the
paired difference excludes zero; otherwise the two "cannot be told apart" (无法区分).
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

import numpy as np

from sim.model.outcome_words import meaning, unit_label
from sim.model.outcomes import OUTCOMES
from sim.output.labels import t
from sim.output.numbers import number, percent
from sim.params.schema import parameter_table
from sim.vocab import LANGS

__all__ = [
    "LANGS",
    "certainty",
    "check_lang",
    "diff_text",
    "direction",
    "direction_word",
    "fmt",
    "outcome_meaning",
    "outcome_name",
    "parameter_name",
    "series_name",
    "value_text",
    "wilcoxon_can_reach",
]


def check_lang(lang: str) -> str:
    """``lang`` if it is a language of the reports.

    Raises:
        ValueError: another value.
    """
    if lang not in LANGS:
        raise ValueError(f"lang {lang!r}: one of {', '.join(LANGS)}")
    return lang


def fmt(x: Any) -> str:
    """A number as people read it (``sim.output.numbers.number``), never in scientific notation."""
    if x is None:
        return "n/a"
    x = float(x)
    if math.isnan(x):
        return "n/a"
    if x != 0 and abs(x) < 0.001:
        return number(x, digits=min(12, 1 - math.floor(math.log10(abs(x)))))
    return number(x)


def direction(outcome: str) -> int:
    """+1 higher is better, -1 lower is better, 0 neither (``OUTCOMES``; 0 for other names)."""
    return OUTCOMES[outcome].direction if outcome in OUTCOMES else 0


def _unit(outcome: str) -> str:
    return OUTCOMES[outcome].unit if outcome in OUTCOMES else ""


def outcome_name(outcome: str, lang: str = "zh", unit: bool = True) -> str:
    """The outcome's label in ``lang``, with its unit: ``成长为骨干人数（人）``, ``backbones (people)``."""
    if outcome not in OUTCOMES:
        return outcome
    label = OUTCOMES.label(outcome, lang)
    if not unit:
        return label
    word = unit_label(_unit(outcome), lang)
    if word == label:  # "mentors per mentor (mentors per mentor)" says it twice
        return label
    if word.startswith(("（", "(")):  # a unit that brings its own brackets: （0-1）
        return f"{label}{word}" if lang == "zh" else f"{label} {word}"
    return f"{label}（{word}）" if lang == "zh" else f"{label} ({word})"


def outcome_meaning(outcome: str, lang: str = "zh") -> str:
    """One plain sentence of what the outcome counts (``sim.model.outcome_words``)."""
    return meaning(outcome, lang) if outcome in OUTCOMES else ""


@cache
def _meanings() -> dict[str, tuple[str, str]]:
    return {row["parameter"]: (row["meaning_zh"], row["meaning_en"]) for row in parameter_table()}


def parameter_name(name: str, lang: str = "zh", code: bool = True) -> str:
    """A parameter in words (its plain meaning from the scenario schema), with ``section.key`` when ``code``.

    ``导师帮带每月缩小与导师能力差距的速度（growth.mentoring_rate）``; a name the schema does not
    know (a factor of several parameters) is returned as it is.
    """
    zh, en = _meanings().get(name, ("", ""))
    words = zh if lang == "zh" else en
    if not words:
        return name
    if not code:
        return words
    return f"{words}（{name}）" if lang == "zh" else f"{words} ({name})"


def series_name(column: str, lang: str = "zh") -> str:
    """A monthly series' label with its unit (the column name when it has none)."""
    return t(f"s:{column}", lang)


def value_text(outcome: str, x: Any) -> str:
    """A value of ``outcome``: a share as a percentage, any other figure as a number."""
    if _unit(outcome) == "fraction":
        return percent(None if x is None else float(x), 1)
    return fmt(x)


def diff_text(outcome: str, x: Any, lang: str = "zh", signed: bool = False) -> str:
    """A difference of ``outcome``: percentage points for a share, else a number (``+`` when ``signed``)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    x = float(x)
    sign = "+" if signed and x > 0 else ""
    if _unit(outcome) == "fraction":
        points = " 个百分点" if lang == "zh" else " pp"
        return f"{sign}{fmt(100 * x)}{points}"
    return f"{sign}{fmt(x)}"


_DIRECTION = {1: ("越高越好", "higher is better"), -1: ("越低越好", "lower is better"), 0: ("无好坏之分", "neither")}


def direction_word(outcome: str, lang: str = "zh") -> str:
    """Which way is better, in words."""
    zh, en = _DIRECTION[direction(outcome)]
    return zh if lang == "zh" else en


_CERTAINTY = (
    (0.001, "非常有把握", "very sure"),
    (0.01, "有把握", "sure"),
    (0.05, "比较有把握", "fairly sure"),
)


def certainty(p: float, lang: str = "zh") -> str:
    """How sure a difference whose interval excludes zero is (from the paired t-test's p)."""
    if not np.isfinite(p):
        return "重复次数太少" if lang == "zh" else "too few replicates"
    for limit, zh, en in _CERTAINTY:
        if p < limit:
            return zh if lang == "zh" else en
    return "把握不大" if lang == "zh" else "not sure"


def wilcoxon_can_reach(n: int, level: float = 0.05) -> bool:
    """Whether a two-sided Wilcoxon signed-rank test on ``n`` pairs can reach ``level`` at all.

    Its smallest p is ``2 / 2**n`` (every difference of one sign): 0.0625 with 5 pairs, so with
    five replicates it can never say "different" at 5%, whatever the data; its disagreeing with
    the t-test then says nothing.
    """
    return n > 0 and 2.0 / 2.0**n < level

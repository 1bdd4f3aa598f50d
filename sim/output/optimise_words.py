"""The words of a policy search's report, plot and terminal lines (``cadre-sim optimise``), 中文 then English.

``O(key, lang, **fields)`` gives the sentence in ``lang`` with its fields filled in; figures and
names come in already formatted. Lever names come from the scenario schema (``lever_name``) and
their values from the vocabularies of forms, rules and mixes (``lever_value``).
"""

from __future__ import annotations

from typing import Any

from sim.output.numbers import number
from sim.params.schema import parameter_table
from sim.words import Book

__all__ = ["O", "lever_name", "lever_value"]


O = Book("optimise")  # noqa: E741  (one letter, as phrases.W): a sentence of a policy search's report


def _rows() -> dict[str, dict[str, Any]]:
    return {r["parameter"]: r for r in parameter_table()}


def lever_name(parameter: str, lang: str = "zh") -> str:
    """A parameter in planner words, from the schema: 结对形式, 导师库人数上限 (before a colon or a bracket)."""
    row = _rows().get(parameter)
    if row is None:
        return parameter
    text = str(row["meaning_zh" if lang == "zh" else "meaning_en"]) or parameter
    for cut in ("：", "（", ":", " ("):  # the name, without its list of choices or its unit
        text = text.split(cut)[0]
    return text.strip()


def lever_value(parameter: str, value: Any, lang: str = "zh") -> str:
    """A value in planner words: a form, rule or mix by its label, a number as people read it."""
    row = _rows().get(parameter)
    labels = row["choice_labels"] if row else {}
    if str(value) in labels:
        return labels[str(value)][0 if lang == "zh" else 1]
    if isinstance(value, bool):
        return O("yes" if value else "no", lang)
    if isinstance(value, (int, float)):
        return number(value, lang=lang) if float(value).is_integer() or abs(value) >= 10 else f"{value:.3g}"
    return str(value)

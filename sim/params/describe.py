"""Every parameter described for people: allowed values, meaning and source, in Chinese or English.

Read by `cadre-sim params` (the terminal, Markdown (rendered by the command) and CSV) and `cadre-sim new` (the comments of
a new scenario file). Everything comes from ``parameter_table`` (the one place parameters are
declared, ``sim.params.sections`` and ``sim.params.programme``); the allowed codes of forms,
rules and mixes come with their labels from the registries of ``sim.model``.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from sim.params.fields import source_words, unit_words
from sim.params.schema import SECTIONS, parameter_table
from sim.words import Book, pick, text

__all__ = ["HEADERS", "allowed_text", "csv_text", "described", "header", "section_title", "value_text"]

HEADERS = ("parameter", "default", "allowed", "unit", "meaning", "source")  # the columns, in order
_words = Book("planner")  # section titles, headers, what a parameter accepts
assert all(f"section_{s}" in _words for s in SECTIONS), "sim/words/planner.toml needs section_<name> for every section"


def section_title(section: str, lang: str = "zh") -> str:
    """The title of a section of a scenario file (``pairing``: "结对：形式、比例、匹配原则、时长、时数")."""
    return _words(f"section_{section}", lang)


def header(key: str, lang: str = "zh") -> str:
    """The header of column ``key`` (one of ``HEADERS``) in ``lang``."""
    return _words(f"head_{key}", lang)


def value_text(value: Any) -> str:
    """A value as it is written in a scenario file (``true``, ``0.06``, ``one_to_one``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}" if abs(value) >= 1e-4 or value == 0 else repr(value)
    if value == "":
        return '""'
    return str(value)


def _number(x: float) -> str:
    if float(x).is_integer():
        return f"{int(x):,}" if abs(x) >= 10_000 else str(int(x))  # years stay 2004, not 2,004
    return f"{x:g}"


def allowed_text(row: dict[str, Any], lang: str = "zh") -> str:
    """What a parameter accepts, in words: a range, the choices with their labels, true/false, text."""
    if row["choice_labels"]:
        choices = row["choice_labels"].items()
        return text("numbers.list_sep", lang).join(
            _words("allowed_choice", lang, code=code, label=pick(lang, *labels)) for code, labels in choices
        )
    if row["type"] == "bool":
        return _words("allowed_bool", lang)
    if row["low"] is not None and row["high"] is not None:
        key = "allowed_whole" if row["type"] == "int" else "allowed_number"
        return _words(key, lang, low=_number(row["low"]), high=_number(row["high"]))
    return _words("allowed_text", lang)


def _source(source: str, lang: str) -> str:
    """A parameter's source in ``lang`` without its leading label (the table or the text names the column)."""
    said = source_words(source, lang)
    for sep in ("：", ": "):
        head, found, rest = said.partition(sep)
        if found and len(head) <= 8:
            return rest
    return said


def described(lang: str = "zh") -> list[dict[str, str]]:
    """Every parameter as text: parameter, default, allowed, unit, meaning (in ``lang``), source."""
    return [
        {
            "parameter": row["parameter"],
            "default": value_text(row["default"]),
            "allowed": allowed_text(row, lang),
            "unit": unit_words(row["unit"], lang),
            "meaning": pick(lang, row["meaning_zh"], row["meaning_en"]),
            "source": _source(row["source"], lang),
        }
        for row in parameter_table()
    ]


def _header(lang: str) -> list[str]:
    return [header(k, lang) for k in HEADERS]


def csv_text(lang: str = "zh") -> str:
    """Every parameter as CSV (one row each, a header row in ``lang``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(_header(lang))
    for r in described(lang):
        writer.writerow([r[k] for k in HEADERS])
    return buffer.getvalue()

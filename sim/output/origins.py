"""Where a run's values come from, written: validate's table, the report's "借用的数值", the workbook's column.

The origins themselves are worked out by ``sim.params.origins``; here they become a ``Table`` (value, origin,
what it drives) for ``validate`` (only the values not plainly at their default, the rest counted), the report's
section of borrowed values (Anji's, another scenario's, assumptions away from the default) and a column of
words beside each parameter of the workbook's scenario sheet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sim.output.table import Column, Table
from sim.params.checks import Finding
from sim.params.describe import value_text
from sim.params.origins import Origin, borrowed, drives, values_of
from sim.params.schema import Scenario
from sim.words import Book

__all__ = ["borrowed_lines", "origin_labels", "origins_table"]

_words = Book("planner")


def _table(keys: list[str], origins: Mapping[str, Origin], scenario: Scenario, lang: str) -> Table:
    values = values_of(scenario)
    head = [Column(_words(k, lang)) for k in ("h_parameter", "h_value", "h_origin", "h_drives")]
    rows = [[k, value_text(values[k]), origins[k].label(lang), drives(k, lang)] for k in keys]
    return Table(_words("origins_title", lang), head, rows)


def origins_table(origins: Mapping[str, Origin], scenario: Scenario, lang: str = "zh") -> tuple[Table, int]:
    """The values not plainly at their default, and how many others keep theirs.

    Shown: the roster's, the planner's, Anji's, another scenario's, and assumptions moved from the default.
    """
    values, defaults = values_of(scenario), values_of(Scenario())
    shown = [k for k, o in origins.items() if o.code != "assumption" or values[k] != defaults[k]]
    return _table(shown, origins, scenario, lang), len(origins) - len(shown)


OFF_WITHOUT = {  # a section whose values drive nothing when its mechanism is off (its switch still listed)
    "pairing": ("pairing.enabled", ("pairing", "methods", "pool", "programme")),
    "careers": ("careers.enabled", ("careers",)),
}


def _in_use(key: str, scenario: Scenario) -> bool:
    """Whether the value drives this run: not a key of a mechanism switched off (the switch itself is)."""
    values = values_of(scenario)
    return not any(
        not values[switch] and key != switch and key.split(".", 1)[0] in sections
        for switch, sections in OFF_WITHOUT.values()
    )


def borrowed_lines(
    origins: Mapping[str, Origin], scenario: Scenario, lang: str = "zh", findings: Sequence[Finding] = ()
) -> list[str]:
    """The report's section of borrowed values (Markdown lines): each value not this county's, what it drives.

    The checks' warnings (``sim.params.checks``) follow, one a line.
    """
    if not origins:
        return []
    keys = [k for k in borrowed(origins, scenario) if _in_use(k, scenario)]
    lines = [_words("borrowed_title", lang), "", *(f"> {f.text(lang)}\n" for f in findings)]
    if not keys:
        return [*lines, _words("borrowed_none", lang), ""]
    rest = sum(1 for o in origins.values() if o.code == "assumption") - sum(
        1 for k in keys if origins[k].code == "assumption"
    )
    table = _table(keys, origins, scenario, lang)
    return [*lines, _words("borrowed_lead", lang), "", *table.markdown(), "", _words("origins_rest", lang, n=rest), ""]


def origin_labels(origins: Mapping[str, Origin], lang: str = "zh") -> dict[str, str]:
    """``section.key`` -> its origin in words (the workbook's column)."""
    return {k: o.label(lang) for k, o in origins.items()}

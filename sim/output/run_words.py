"""The words of one run's outputs (report, plots, workbook, terminal), 中文 then English, one line each.

``w(key, lang, **fields)`` gives the text in ``lang`` with its fields filled in; figures come in
already formatted (``sim.output.numbers``). Names of stages, forms, rules, kinds, ranks and
outcomes are not here: they come from their vocabularies.
"""

from __future__ import annotations

from sim.words import Book


def has(key: str) -> bool:
    """Whether ``key`` has words here."""
    return key in w


w = Book("run")  # w(key, lang, **fields): a sentence of a run's report and terminal lines

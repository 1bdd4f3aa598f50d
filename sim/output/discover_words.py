"""The words of scenario discovery (``cadre-sim discover``): one line each, 中文 then English.

``D(key, lang, **fields)`` gives the sentence in ``lang`` with its fields filled in; figures and
names come in already formatted. Parameter names come from the scenario schema
(``sim.explore.sweep_runs.SweptParameter.label``), outcomes from their vocabulary.
"""

from __future__ import annotations

from sim.words import Book

__all__ = ["D"]


D = Book("discover")  # D(key, lang, **fields): a sentence of scenario discovery

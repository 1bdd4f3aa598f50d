"""The sentences of the many-run reports (comparison, ensemble, sweep): one line each, 中文 then English.

``W(key, lang, **fields)`` gives the sentence in ``lang`` with its fields filled in. Figures and
names come in already formatted (``sim.output.many_words``).
"""

from __future__ import annotations

from sim.words import Book

__all__ = ["W"]


W = Book("many")  # W(key, lang, **fields): a sentence of the many-run reports

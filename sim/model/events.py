"""The event log of a run: who was hired, paired, became a backbone, entered or left the pool, exited.

Events are stored as numpy chunks (one chunk per kind and month) and turned into a table once, at
the end, so logging costs nothing per agent. Cadres are given by their working rows and kept by
their ids (``Population.cadre_id``), which a compaction does not change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from sim.model.population import Population

EVENT_KINDS = (  # the one list of event codes (each logged by one mechanism; words: sim.output.columns)
    "hired",
    "paired",
    "pair_ended",
    "backbone",
    "pool_entry",
    "pool_removal",
    "negative_list",
    "gold_mentor",
    "burnout",
    "second_line",
    "exit",
    "promoted",
    "seconded",
    "joined_party",
)


class EventLog:
    """Events as numpy chunks; ``table()`` gives one row per event."""

    def __init__(self, pop: Population | None = None) -> None:
        self._pop = pop  # the population whose rows are given (None: the cadres are given as ids)
        self._chunks: list[tuple[int, str, np.ndarray, np.ndarray | None, str | np.ndarray]] = []

    def add(
        self, month: int, kind: str, cadre: np.ndarray, other: np.ndarray | None = None, detail: str | np.ndarray = ""
    ) -> None:
        """Record ``kind`` for each cadre of the rows ``cadre`` (``other``: the partner's, e.g. the mentor; -1: none)."""
        if kind not in EVENT_KINDS:
            raise ValueError(f"unknown event kind {kind!r}")
        if len(cadre):
            ids = np.asarray(cadre) if self._pop is None else self._pop.ids(cadre)
            partner = None if other is None else np.asarray(other) if self._pop is None else self._pop.ids(other)
            self._chunks.append((month, kind, ids, partner, detail))

    def count(self, kind: str) -> int:
        """Events of ``kind`` so far."""
        return sum(len(c[2]) for c in self._chunks if c[1] == kind)

    def table(self) -> pd.DataFrame:
        """One row per event: month, event, cadre, other (-1: none), detail."""
        if not self._chunks:
            return pd.DataFrame({"month": [], "event": [], "cadre": [], "other": [], "detail": []})
        month = np.concatenate([np.full(len(c[2]), c[0]) for c in self._chunks])
        event = np.concatenate([np.full(len(c[2]), c[1], dtype=object) for c in self._chunks])
        cadre = np.concatenate([c[2] for c in self._chunks])
        other = np.concatenate([np.full(len(c[2]), -1) if c[3] is None else c[3] for c in self._chunks])
        detail = np.concatenate([np.broadcast_to(np.asarray(c[4], dtype=object), len(c[2])) for c in self._chunks])
        return pd.DataFrame({"month": month, "event": event, "cadre": cadre, "other": other, "detail": detail})

"""The archive: the rows of cadres who have left, moved out of the population's working arrays.

A compaction (``sim.model.compaction``) moves the rows of the cadres who have left since the last
one here as one chunk: the population's archived columns (``Column.archived``: not the state that
means something only in post, such as this year's evaluation), exactly as many rows as were moved
(no room to grow), ``cadre_id`` ascending within a chunk. Archived rows do not change, but for one column:
``mentees_became_mentors`` still counts for a first mentor who has left (``add_at``).

What is read over everyone ever hired reads the archive and the working rows together, in id order
(``Population.everyone``, ``Population.ever_where``); the archive keeps, per question asked of it
by key, its answer sorted by id, so that a month's figure over everyone ever reads only the rows
it selects.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np


def positions(held: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Where each of ``ids`` sits in ``held`` (ids ascending), -1 where it is not there."""
    at = np.searchsorted(held, ids)
    hit = (at < len(held)) & (ids >= 0)
    hit[hit] = held[at[hit]] == ids[hit]
    return np.where(hit, at, -1)


class Archive:
    """Chunks of archived rows: each a dict of column arrays, ``cadre_id`` among them."""

    def __init__(self) -> None:
        self.chunks: list[dict[str, np.ndarray]] = []
        self.rows = 0  # rows archived in all
        # a question's key -> (chunks read for it, ids, values)
        self._answers: dict[str, tuple[int, np.ndarray, dict[str, np.ndarray]]] = {}

    def add(self, columns: dict[str, np.ndarray]) -> None:
        """Archive one chunk of rows (every column, ``cadre_id`` ascending)."""
        self.chunks.append(columns)
        self.rows += len(columns["cadre_id"])

    def add_at(self, name: str, ids: np.ndarray, value: int) -> None:
        """Add ``value`` to column ``name`` of the archived cadres ``ids`` (once per occurrence)."""
        for chunk in self.chunks:
            at = positions(chunk["cadre_id"], ids)
            np.add.at(chunk[name], at[at >= 0], value)

    def scatter(self, name: str, out: np.ndarray) -> None:
        """Write column ``name`` of every archived cadre into ``out`` at its id."""
        for chunk in self.chunks:
            out[chunk["cadre_id"]] = chunk[name]

    def select(
        self, key: str, where: str, test: Callable[[np.ndarray], np.ndarray], names: Sequence[str]
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Ids (ascending) and columns ``names`` of the archived cadres whose ``where`` passes ``test``.

        ``key`` names the question: its answer is kept and extended only by chunks archived since.
        """
        done, ids, values = self._answers.get(key, (0, np.zeros(0, dtype=np.int64), {}))
        if done < len(self.chunks):
            new = self.chunks[done:]
            picked = [test(chunk[where]) for chunk in new]
            kept = [ids] if done else []
            ids = np.concatenate([*kept, *(c["cadre_id"][p] for c, p in zip(new, picked, strict=True))])
            by_id = np.argsort(ids, kind="stable")
            ids = ids[by_id]
            values = {
                name: np.concatenate(
                    [*([values[name]] if done else []), *(c[name][p] for c, p in zip(new, picked, strict=True))]
                )[by_id]
                for name in names
            }
            self._answers[key] = (len(self.chunks), ids, values)
        return ids, values

"""The ``Cadre`` agent: the identity users and Mesa's tools see; its numbers live in the model's arrays.

Agents are made lazily and in bulk (``AgentRoll``): hiring only moves a mark in the population,
and the agents of the cadres in post are made, registered with Mesa the way ``Agent.__init__``
registers one (``sim.adapters.mesa``), the first time anyone looks (``model.agents``, ``model.agents_by_type``,
``model.cadre``). A run nobody looks into makes none until the end; one looked at every month
(the browser page) makes each month's newcomers once. Exits remove only agents already made.

An agent's ``index`` is the cadre's id (``Population.cadre_id``), for good; its ``row`` in the
working arrays changes when a compaction moves the rows up (``AgentRoll.renumber``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from sim.adapters import mesa as mesa_adapter
from sim.model.stages import Stage

if TYPE_CHECKING:
    from sim.model.model import CadreModel


class Cadre(mesa.Agent):
    """One cadre: identity ``index`` (its id), whose attributes are read from ``model.pop`` at ``row``."""

    model: CadreModel

    def __init__(self, model: CadreModel, index: int, row: int | None = None):
        super().__init__(model)
        self.index = int(index)
        self.row = self.index if row is None else int(row)

    @property
    def stage(self) -> Stage:
        """Career stage now."""
        return Stage(int(self.model.pop.stage[self.row]))

    @property
    def skill(self) -> dict[str, float]:
        """Skill per aspect (0-1)."""
        return dict(zip(self.model.aspect_set.codes, self.model.pop.skill[self.row].tolist(), strict=True))

    @property
    def age(self) -> float:
        """Age in years."""
        return float(self.model.pop.age_months[self.row] / 12.0)

    @property
    def generation(self) -> int:
        """Lineage generation (founders are 0; -1 outside the lineage)."""
        return int(self.model.pop.generation[self.row])

    @property
    def in_pool(self) -> bool:
        """In the mentor pool now."""
        return bool(self.model.pop.in_pool[self.row])

    @property
    def mentors(self) -> list[Cadre]:
        """Current mentors."""
        return self._cadres(self.model.pairs.mentors_of(self.row))

    @property
    def mentees(self) -> list[Cadre]:
        """Current mentees."""
        return self._cadres(self.model.pairs.mentees_of(self.row))

    def _cadres(self, rows: np.ndarray) -> list[Cadre]:
        ids = self.model.pop.cadre_id[rows].tolist()
        return [c for i in ids if (c := self.model.cadre(i)) is not None]

    def __repr__(self) -> str:
        return f"Cadre({self.index}, {self.stage.code}, generation {self.generation})"


class AgentRoll:
    """The agents of the cadres in post, made when first looked for.

    Ids below ``made_upto`` have been looked at: those in post then have an agent in ``by_index``
    (by id, until they exit); ids from ``made_upto`` on are waiting, and get an agent when the
    roll is next brought up to date if they are still in post.
    """

    def __init__(self) -> None:
        self.by_index: dict[int, Cadre] = {}
        self.made_upto = 0

    def bring_up_to_date(self, model: CadreModel) -> None:
        """Make the agents of the waiting rows still in post, registered with Mesa."""
        pop = model.pop
        if self.made_upto >= pop.ever:
            return
        start = int(np.searchsorted(pop.cadre_id[: pop.n], self.made_upto))  # the first waiting row
        found = start + np.flatnonzero(pop.alive[start : pop.n])
        rows, ids = found.tolist(), pop.cadre_id[found].tolist()
        self.made_upto = pop.ever
        if not rows:
            return
        if _observed(model):  # someone listens to Mesa's signals: one agent at a time, each announced
            self.by_index.update((i, Cadre(model, i, r)) for i, r in zip(ids, rows, strict=True))
            return
        fields = ({"index": i, "row": r} for i, r in zip(ids, rows, strict=True))
        agents = mesa_adapter.register_in_bulk(model, Cadre, fields)
        self.by_index.update(zip(ids, agents, strict=True))

    def release(self, model: CadreModel, rows: np.ndarray) -> None:
        """Remove the agents of ``rows`` (cadres leaving their post), if they were made."""
        if not self.by_index:
            return
        ids = model.pop.cadre_id[rows]
        gone = [a for i in ids[ids < self.made_upto].tolist() if (a := self.by_index.pop(i, None)) is not None]
        if _observed(model):
            for agent in gone:
                agent.remove()
            return
        mesa_adapter.deregister_in_bulk(model, Cadre, gone)

    def renumber(self, model: CadreModel) -> None:
        """After a compaction: each agent's new row."""
        if not self.by_index:
            return
        agents = list(self.by_index.values())
        rows = model.pop.rows_of(np.fromiter(self.by_index, dtype=np.int64, count=len(agents))).tolist()
        for agent, row in zip(agents, rows, strict=True):
            agent.row = row


def _observed(model: CadreModel) -> bool:
    """Whether Mesa's per-agent path must be taken: signals listened to or batched, or datasets tracking agents."""
    return mesa_adapter.observed(model, Cadre)

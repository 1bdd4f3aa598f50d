"""The ``Cadre`` agent: the identity users and Mesa's tools see; its numbers live in the model's arrays."""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

from sim.model.stages import Stage

if TYPE_CHECKING:
    from sim.model.model import CadreModel


class Cadre(mesa.Agent):
    """One cadre: an identity whose attributes are read from ``model.pop`` at row ``index``."""

    model: CadreModel

    def __init__(self, model: CadreModel, index: int):
        super().__init__(model)
        self.index = int(index)

    @property
    def stage(self) -> Stage:
        """Career stage now."""
        return Stage(int(self.model.pop.stage[self.index]))

    @property
    def skill(self) -> dict[str, float]:
        """Skill per aspect (0-1)."""
        return dict(zip(self.model.aspect_set.codes, self.model.pop.skill[self.index].tolist(), strict=True))

    @property
    def age(self) -> float:
        """Age in years."""
        return float(self.model.pop.age_months[self.index] / 12.0)

    @property
    def generation(self) -> int:
        """Lineage generation (founders are 0; -1 outside the lineage)."""
        return int(self.model.pop.generation[self.index])

    @property
    def in_pool(self) -> bool:
        """In the mentor pool now."""
        return bool(self.model.pop.in_pool[self.index])

    @property
    def mentors(self) -> list[Cadre]:
        """Current mentors."""
        return [c for i in self.model.pairs.mentors_of(self.index) if (c := self.model.cadre(int(i))) is not None]

    @property
    def mentees(self) -> list[Cadre]:
        """Current mentees."""
        return [c for i in self.model.pairs.mentees_of(self.index) if (c := self.model.cadre(int(i))) is not None]

    def __repr__(self) -> str:
        return f"Cadre({self.index}, {self.stage.code}, generation {self.generation})"

"""The establishment (编制): posts the county may fill, and the yearly intake that fills them.

``fixed``: ``flows.intake_per_year`` recruits a year whatever the headcount (the workforce may
drift). ``vacancies``: the intake fills the empty posts of the establishment (which grows at
``establishment.growth_per_year``), up to ``max_intake_per_year``: headcount stays within the
establishment. A share of the intake are selected graduates (选调生).
Units are spread over ``townships``: unit u belongs to township u mod townships.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model.kinds import IS_ESTABLISHMENT
from sim.model.mechanism import Mechanism, declare
from sim.vocab import Term, Vocabulary

if TYPE_CHECKING:
    from sim.model.model import CadreModel
    from sim.params.schema import Scenario

INTAKE_RULES: Vocabulary[Term] = Vocabulary(
    "intake rule",
    [
        Term("fixed", "固定招录", "fixed", meaning="flows.intake_per_year recruits a year"),
        Term("vacancies", "按编补员", "fill vacancies", meaning="recruit to fill the establishment's empty posts"),
    ],
)


def newcomers_per_year(params: Scenario) -> int:
    """About how many people a year's intake brings (to size the population's arrays)."""
    mp = params.mentees
    cadres = params.flows.intake_per_year
    if params.establishment.intake == "vacancies":
        base = params.establishment.posts or params.population.initial_cadres
        cadres = max(int(base * (0.08 + max(params.establishment.growth_per_year, 0.0))), 1)
    elections = mp.village_member_per_election / mp.election_every_years
    return int(cadres + mp.village_youth_per_year + mp.wealth_leader_per_year + np.ceil(elections))


def posts(model: CadreModel) -> int:
    """Posts of the establishment now (it grows or shrinks at ``growth_per_year``)."""
    es = model.params.establishment
    base = es.posts or model.params.population.initial_cadres
    years = model.steps / 12.0
    return int(np.floor(base * (1.0 + es.growth_per_year) ** years + 1e-9))


def in_establishment(model: CadreModel) -> np.ndarray:
    """Rows of cadres in post who hold an establishment post."""
    pop, n = model.pop, model.pop.n
    return pop.alive[:n] & IS_ESTABLISHMENT[pop.kind[:n]]


def establishment_rows(model: CadreModel) -> np.ndarray:
    """Rows (ascending) of the cadres in post who hold an establishment post."""
    live = model.pop.in_post
    return live[IS_ESTABLISHMENT[model.pop.kind[live]]]


def intake_size(model: CadreModel) -> int:
    """How many recruits this year's intake brings."""
    es, fl = model.params.establishment, model.params.flows
    if es.intake == "fixed":
        return fl.intake_per_year
    wanted = max(posts(model) - len(establishment_rows(model)), 0)
    return min(wanted, es.max_intake_per_year) if es.max_intake_per_year else wanted


def township_of(model: CadreModel, idx: np.ndarray) -> np.ndarray:
    """Township of each cadre in ``idx``."""
    return model.pop.unit[idx] % model.params.establishment.townships


MECHANISM = declare(Mechanism(
    "establishment", __name__, sections=("establishment",), series=("posts", "establishment", "backbone_share"),
    outcomes=("backbone_share",), words=("intake rule",),
))  # fmt: skip

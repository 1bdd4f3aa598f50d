"""Small team (小团队, 多对多).

Teams of ``mentors_per_mentee`` free mentors take up to
``mentees_per_mentor`` mentees each; every mentor of a team mentors each of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model.decisions import ordered_mean
from sim.model.establishment import township_of
from sim.model.matching import RULES, Side, match
from sim.model.matching.base import TeamOrderFn
from sim.model.pairing.base import REGISTRY, PairingForm, eligible_mentees, free_mentors, side_of

if TYPE_CHECKING:
    from sim.model.model import CadreModel


def form_teams(model: CadreModel, grouping: TeamOrderFn | None = None) -> None:
    """New teams from mentors with no mentees, then filled in rounds.

    Mentors are grouped as ``grouping`` says (default: as the matching rule groups teams).
    """
    p, pop, rng = model.params.pairing, model.pop, model.rng
    m, n = p.mentors_per_mentee, p.mentees_per_mentor
    idle = free_mentors(model, 1)  # only mentors with no mentees form a new team
    mentees = eligible_mentees(model, 1)
    n_teams = len(idle) // m
    if n_teams == 0 or len(mentees) == 0:
        return
    n_teams = min(n_teams, int(np.ceil(len(mentees) / n)))
    order = (grouping or RULES[p.matching].team_order)(side_of(model, idle), rng)
    teams = idle[order[: n_teams * m]].reshape(n_teams, m)
    lead = teams[:, 0]
    team_side = Side(ordered_mean(pop.skill[teams], axis=1), pop.unit[lead], pop.field[lead], township_of(model, lead))
    taken = np.zeros(n_teams, dtype=int)
    for _ in range(n):
        mentees = eligible_mentees(model, 1)
        open_teams = np.flatnonzero(taken < n)
        if len(mentees) == 0 or len(open_teams) == 0:
            break
        ia, ib, quality = match(p.matching, side_of(model, mentees), team_side.take(open_teams), p, rng)
        if len(ia) == 0:
            break
        team = open_teams[ib]
        taken[team] += 1
        members = teams[team]  # (pairs, m)
        model.pairs.add(model, members.ravel(), np.repeat(mentees[ia], m), np.repeat(quality, m))


REGISTRY.register(
    PairingForm(
        "team",
        "小团队（多对多）",
        "small team (many-to-many)",
        meaning="teams of mentors_per_mentee mentors jointly take mentees_per_mentor mentees",
        order=3,
        needs="mentors_per_mentee >= 2 and mentees_per_mentor >= 2",
        fits=lambda mentees, mentors: mentors >= 2 and mentees >= 2,
        form=form_teams,
    )
)

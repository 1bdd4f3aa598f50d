"""Mentee kinds (帮带对象): who may be mentored, and who mentors them.

Every person in the population has a kind. Kinds in the establishment (编制) are cadres: their
intake fills vacancies, they climb the rank ladder and may later mentor. The others (village-bound
youths, newly elected village committee members, wealth-creation leaders) are followed while they
are mentees: they arrive with their own intake, skill, window and attrition, and leave the model
when their mentee window ends (the model follows the programme, not the villages' whole workforce).
A newly appointed leadership member is a cadre whose mentee window reopens on promotion to a
township leadership team (``sim.model.careers``). Collectives (weak village Party organisations)
are not people: ``sim.model.collectives`` counts them apart.

``KINDS`` is the vocabulary (code, 中文, English, who mentors them); ``Kind`` the stored value.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np

from sim.model.mechanism import Mechanism, declare
from sim.vocab import Term, Vocabulary


class Kind(IntEnum):
    """A person's kind; ``int`` values index ``KINDS``."""

    RECRUIT = 0  # 新录用青年干部: a young recruit of the establishment
    SELECTED_GRADUATE = 1  # 选调生: a selected graduate, often mentored by a county leader
    NEW_LEADER = 2  # 新任班子成员: newly appointed to a township leadership team
    VILLAGE_YOUTH = 3  # 入乡青年: a youth who moved to a village to start a business
    VILLAGE_MEMBER = 4  # 新当选村两委成员: newly elected village committee member
    WEALTH_LEADER = 5  # 致富带头人: a wealth-creation leader

    @property
    def code(self) -> str:
        """The kind's code in tables and parameters (``village_youth``)."""
        return self.name.lower()


@dataclass(frozen=True, kw_only=True)
class MenteeKind(Term):
    """A kind of mentee: its words and whether it holds an establishment post (a cadre)."""

    establishment: bool


KINDS: Vocabulary[MenteeKind] = Vocabulary(
    "mentee kind",
    [
        MenteeKind("recruit", "新录用青年干部", "young recruit", "#4dabf7", "a cadre in the first years of work", establishment=True),
        MenteeKind("selected_graduate", "选调生", "selected graduate", "#1864ab", "a graduate selected for the grassroots", establishment=True),
        MenteeKind("new_leader", "新任班子成员", "new leadership member", "#5f3dc4", "newly appointed to a township leadership team", establishment=True),
        MenteeKind("village_youth", "入乡青年", "village-bound youth", "#f59f00", "a youth starting a business in a village", establishment=False),
        MenteeKind("village_member", "新任村两委成员", "new village committee member", "#d9480f", "newly elected to a village committee", establishment=False),
        MenteeKind("wealth_leader", "致富带头人", "wealth-creation leader", "#2b8a3e", "a villager who leads others to prosper", establishment=False),
    ],
)  # fmt: skip

KIND_CODES: tuple[str, ...] = tuple(k.code for k in Kind)
ESTABLISHMENT_KINDS: tuple[Kind, ...] = tuple(k for k in Kind if KINDS[k.code].establishment)
VILLAGE_KINDS: tuple[Kind, ...] = tuple(k for k in Kind if not KINDS[k.code].establishment)
# by kind value: True for the village kinds (a look-up, for arrays of kinds: ``IS_VILLAGE[pop.kind[rows]]``)
IS_VILLAGE = np.array([k in VILLAGE_KINDS for k in Kind])
IS_ESTABLISHMENT = ~IS_VILLAGE

assert KINDS.codes() == KIND_CODES, "the KINDS table must list every Kind, in order"


MECHANISM = declare(Mechanism(
    "kinds", __name__, sections=("mentees",), columns=("kind", "mentee_until"),
    series=tuple(f"mentees_{code}" for code in KIND_CODES), words=("mentee kind",),
))  # fmt: skip

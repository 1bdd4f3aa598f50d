"""Pairing (结对): the book of current pairs, and how pairs are formed each month in every form.

Forms (DOMAIN.md), one module each in ``forms/``: one-to-one (一对一); one-to-many (一对多, a
mentor takes up to ``mentees_per_mentor``); many-to-one (多对一, a mentee gets
``mentors_per_mentee`` mentors); team (小团队, ``mentors_per_mentee`` mentors jointly take
``mentees_per_mentor`` mentees: every mentor of the team mentors every mentee). All are built
from one-to-one rounds of a matching rule (``sim.model.matching``), so capacities are respected
by construction: a round offers only mentors (or teams) with a free place.

To add a form: a new module in ``sim/model/pairing/forms/`` that calls ``REGISTRY.register``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.model.mechanism import Mechanism, Variant, declare, register_variant
from sim.model.pairing import forms
from sim.model.pairing.base import REGISTRY, PairingForm, free_mentors
from sim.model.pairing.leaders import pair_leaders
from sim.vocab import Vocabulary

if TYPE_CHECKING:
    from sim.model.model import CadreModel

# The pair book (``sim.model.pairing.book``, with pandas for its table) is imported by the model,
# not here: the scenario schema reads FORMS and must stay light (`cadre-sim validate`).
__all__ = ["FORMS", "PairingForm", "form_pairs", "forms"]

FORMS: Vocabulary[PairingForm] = REGISTRY.vocabulary()


def form_pairs(model: CadreModel) -> None:
    """This month's new pairs.

    County leaders take selected graduates; the pool takes everyone else in the scenario's form,
    then weak collectives with the places left.
    """
    pair_leaders(model)
    FORMS[model.params.pairing.form].form(model)
    if len(model.collectives.weak()):
        model.collectives.pair(model, free_mentors(model, model.params.pairing.mentees_per_mentor))


def end_due_pairs(model: CadreModel) -> None:
    """The pairs that end this month: full mentoring given or the mentee's window closed (none break)."""
    model.pairs.end_due(model)


DEFAULT_BREAKDOWN = "never"
register_variant(
    Variant(
        DEFAULT_BREAKDOWN,
        "结对不因评价解除",
        "pairs never break",
        meaning="a pair ends when its mentoring is complete, the mentee is competent or a side leaves; never on an evaluation",
        mechanism="pairing",
        step=end_due_pairs,
    )
)
MECHANISM = declare(Mechanism(
    "pairing", __name__, sections=("pairing",), columns=("n_mentors", "n_mentees", "mentees_total", "mentored_months"),
    steps=("pairs_end", "pairing"), series=("active_pairs", "mentees", "cum_pairs", "pairs_ended", "mean_pair_months"),
    outcomes=("pairs_formed", "mentees", "mentees_per_mentor"), events=("paired", "pair_ended"),
    words=("pairing form", "pairing variant"), variant_key="breakdown",
))  # fmt: skip

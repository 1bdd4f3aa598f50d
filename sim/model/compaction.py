"""Compaction: the rows of cadres who have left leave the working arrays, and every stored row follows.

When (``due``): at the start of the intake month's step, before the intake, once anyone has left
since the last compaction; so the working arrays hold the people in post, those who left within
the year, and the new intake. ``model.compact_every`` can ask for ``"month"`` (at the start of
every step: what the tests use to show that compaction changes no result) or ``"never"``.

What (``compact``): ``Population.compact`` moves the rows of those who left to the archive and
moves the rest up, in the same order, giving each old row's new row; every stored working row is
renumbered with it: the current pairs (both sides), the collectives' mentors, the last intake
(``model.newcomers``, less those who left: the pool's demand reads the ones still in post) and
the Mesa agents' rows (``AgentRoll.renumber``). What names a cadre for good holds ids, not rows,
and needs nothing: ``first_mentor``, ``introducer``, the event log, the history of pairs, the
cadres counted at a programme's stop (``Capability``). Rows keep their order, so whatever is
ordered or tie-broken by row comes out the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.model.mechanism import Mechanism, declare

if TYPE_CHECKING:
    from sim.model.model import CadreModel

WHEN = ("year", "month", "never")


def due(model: CadreModel, intake_month: bool) -> bool:
    """Whether to compact at the start of this step (``model.compact_every``: one of ``WHEN``)."""
    when = model.compact_every
    if when not in WHEN:
        raise ValueError(f"compact_every must be one of {WHEN}, not {when!r}")
    return when == "month" or (when == "year" and intake_month)


def compact(model: CadreModel) -> None:
    """Archive the rows of those who have left and renumber every stored row (the module docstring)."""
    new_row = model.pop.compact()
    if new_row is None:
        return
    pairs, collectives = model.pairs, model.collectives
    pairs.mentor, pairs.mentee = new_row[pairs.mentor], new_row[pairs.mentee]
    held = collectives.mentor >= 0
    collectives.mentor[held] = new_row[collectives.mentor[held]]
    if (pairs.mentor < 0).any() or (pairs.mentee < 0).any() or (collectives.mentor[held] < 0).any():
        raise AssertionError("a pair or a collective held a cadre who had left")  # exits end them first
    newcomers = new_row[model.newcomers]
    model.newcomers = newcomers[newcomers >= 0]
    model.roll.renumber(model)


MECHANISM = declare(Mechanism("compaction", __name__, steps=("compaction",)))

"""The month as a declared list of the mechanisms' steps: ``MONTH``, run in order by ``CadreModel.step``.

Each ``MonthStep`` names the step (declared by its mechanism, ``sim.model.mechanism``), says in words
when it runs, and holds the condition and the function, both given the model and the month
(``Month``: the model month, the month of the year, whether it is the intake month, whether the
programme runs, every row's mean skill once growth is done). The order is the one of
``sim.model.model``'s docstring:

1. compaction (when due), intake, new weak collectives (the intake month);
2. ageing and exits;
3. the programme's state; the county-wide mentors; pairs ending and forming while it runs, or
   everything ended in the first month it does not;
4. growth (the chosen law), every row's mean skill once, collectives' growth;
5. transitions;
6. in December: promotion, secondment, Party membership, then the pool's year end while it runs;
7. the month's row of the series.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.model import compaction, flows, party, pool, programme, secondment
from sim.model.outcomes import measure
from sim.model.pairing import form_pairs
from sim.model.variants import chosen

if TYPE_CHECKING:
    from sim.model.model import CadreModel


@dataclass
class Month:
    """What the steps of one month share: its dates, the programme's state, the mean skill after growth."""

    step: int  # the model month (model.steps)
    of_year: int  # 1-12
    intake: bool  # the intake month
    running: bool = False  # the programme pairs people this month (set by the "programme" step)
    skill: np.ndarray | None = None  # every row's mean skill after growth (set by the "mean_skill" step)


@dataclass(frozen=True)
class MonthStep:
    """One step of the month: its name, when it runs (in words and as a condition), what it does."""

    name: str
    when: str
    runs: Callable[[CadreModel, Month], bool]
    run: Callable[[CadreModel, Month], object]


def _always(model: CadreModel, month: Month) -> bool:
    return True


def _in_intake_month(model: CadreModel, month: Month) -> bool:
    return month.intake


def _while_running(model: CadreModel, month: Month) -> bool:
    return month.running


def _in_december(model: CadreModel, month: Month) -> bool:
    return month.of_year == 12


def _intake(model: CadreModel, month: Month) -> None:
    first = model.pop.n
    model.month_intake = flows.intake(model)
    model.newcomers = np.arange(first, model.pop.n)


def _new_collectives(model: CadreModel, month: Month) -> None:
    model.collectives.add(model, int(model.rng.poisson(model.params.collectives.new_per_year)))


def _exits(model: CadreModel, month: Month) -> None:
    model.month_exits = flows.age_and_exit(model)


def _programme(model: CadreModel, month: Month) -> None:
    month.running = programme.running(model)


def _goes_county_wide(model: CadreModel, month: Month) -> bool:
    return month.running and month.step == programme.county_wide_step(model) and month.step > 1


def _stops_now(model: CadreModel, month: Month) -> bool:
    return not month.running and model.params.pairing.enabled and not model.programme_stopped


def _stop(model: CadreModel, month: Month) -> None:
    model.programme_stopped = True
    model.pairs.end_all(model, "programme_stopped")
    model.collectives.release(model, np.arange(model.pop.n))


def _mentor_load(model: CadreModel, month: Month) -> None:
    chosen(model.params, "pool").step(model)  # [pool] mentor_load


def _end_due_pairs(model: CadreModel, month: Month) -> None:
    chosen(model.params, "pairing").step(model)  # [pairing] breakdown: the due pairs, and any broken


def _promotion(model: CadreModel, month: Month) -> None:
    chosen(model.params, "careers").step(model, month.skill)  # [careers] sponsorship: the appraisal, promotion


def _grow(model: CadreModel, month: Month) -> None:
    law = chosen(model.params, "growth")  # [growth] law
    model.mentor_hours = law.step(model, quarter_end=month.of_year % 3 == 0)
    model.cum_mentor_hours += model.mentor_hours


def _mean_skill(model: CadreModel, month: Month) -> None:
    month.skill = model.pop.mean_skill()  # every row's, once: skills do not change again this month


def _grow_collectives(model: CadreModel, month: Month) -> None:
    model.collectives.grow(model, month.skill)


def _in_december_while_running(model: CadreModel, month: Month) -> bool:
    return month.of_year == 12 and month.running


def _measure(model: CadreModel, month: Month) -> None:
    model.latest = measure(model, month.skill)
    model.datacollector.collect(model)


# fmt: off
MONTH: tuple[MonthStep, ...] = (
    MonthStep("compaction", "the intake month, once anyone has left (model.compact_every)", lambda m, t: compaction.due(m, t.intake), lambda m, t: compaction.compact(m)),
    MonthStep("intake", "the intake month", _in_intake_month, _intake),
    MonthStep("new_collectives", "the intake month", _in_intake_month, _new_collectives),
    MonthStep("exits", "every month", _always, _exits),
    MonthStep("programme", "every month", _always, _programme),
    MonthStep("county_wide", "the month the programme goes county-wide (after the first)", _goes_county_wide, lambda m, t: pool.admit_new_mentors(m)),
    MonthStep("mentor_load", "while the programme runs (before pairs end and form: a leaver's mentees are re-matched this month)", _while_running, _mentor_load),
    MonthStep("pairs_end", "while the programme runs", _while_running, _end_due_pairs),
    MonthStep("pairing", "while the programme runs", _while_running, lambda m, t: form_pairs(m)),
    MonthStep("programme_stop", "the first month the programme does not run", _stops_now, _stop),
    MonthStep("growth", "every month", _always, _grow),
    MonthStep("mean_skill", "every month", _always, _mean_skill),
    MonthStep("collectives_grow", "every month", _always, _grow_collectives),
    MonthStep("transitions", "every month", _always, lambda m, t: flows.transitions(m, t.skill)),
    MonthStep("promotion", "December (first: the appraisal reads this year's mentoring)", _in_december, _promotion),
    MonthStep("secondment", "December", _in_december, lambda m, t: secondment.second(m, t.skill)),
    MonthStep("party", "December", _in_december, lambda m, t: party.join_party(m)),
    MonthStep("pool_year_end", "December, while the programme runs (after careers: the pool resets this year's mentoring)", _in_december_while_running, lambda m, t: pool.year_end(m, t.skill)),
    MonthStep("measure", "every month", _always, _measure),
)
# fmt: on

"""Everyone who has ever been a cadre in the run, as numpy arrays indexed by cadre index.

The model owns one ``Population``; per-month numeric work (ageing, growth, transitions) is done
on these arrays. Exited cadres stay in the arrays (stage EXITED) so lineage and the final table
keep them; ``in_post`` lists the rows of the cadres in post, so that the month's passes that
read only them (ageing, exits, measuring) cost what the people in post cost. Arrays grow by
doubling when the yearly intake arrives.

Columns are declared once, below, as typed class attributes: ``pop.skill`` is a
``(capacity, 6)`` float array to editors and type checkers alike; ``pop.view("skill")`` is the
part in use.
"""

from __future__ import annotations

from typing import Any, overload

import numpy as np
import numpy.typing as npt

from sim.model.decisions import aspect_mean
from sim.model.stages import Stage


class Column[D: np.generic]:
    """A declared column: dtype, fill value of new rows, trailing shape, meaning.

    On a ``Population`` the attribute is the array itself (stored on the instance, so reading it
    costs nothing); on the class it is this declaration.
    """

    def __init__(self, dtype: type[D], fill: Any, meaning: str, shape: tuple[int, ...] = ()):
        self.dtype = dtype
        self.fill = fill
        self.meaning = meaning
        self.shape = shape
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, objtype: type | None = None) -> Column[D]: ...
    @overload
    def __get__(self, obj: object, objtype: type | None = None) -> npt.NDArray[D]: ...
    def __get__(self, obj: object | None, objtype: type | None = None) -> Column[D] | npt.NDArray[D]:
        if obj is None:
            return self
        return obj.__dict__[self.name]  # the array set by Population.__init__

    def empty(self, rows: int, shape: tuple[int, ...] | None = None) -> npt.NDArray[D]:
        """A new array of ``rows`` rows filled with the fill value (``shape``: the trailing shape, if not the declared)."""
        return np.full((rows, *(self.shape if shape is None else shape)), self.fill, dtype=self.dtype)


class Population:
    """Column arrays, one row per cadre ever hired; ``n`` rows are in use.

    Arrays start at ``capacity`` rows and double when full, but never beyond ``limit`` (the rows
    the run can need), so memory follows the people actually hired.
    """

    # fmt: off
    stage = Column(np.int8, Stage.EXITED, "career stage (sim.model.stages.Stage)")
    alive = Column(np.bool_, False, "in post")
    in_pool = Column(np.bool_, False, "in the mentor pool")
    barred = Column(np.bool_, False, "on the negative list: never a mentor again")
    age_months = Column(np.int32, 0, "age in months")
    hire_month = Column(np.int32, 0, "model month of hire; <= 0 for the initial population")
    exit_month = Column(np.int32, -1, "month of leaving (-1: in post)")
    backbone_month = Column(np.int32, -1, "month of becoming a backbone during the run (-1: never)")
    pool_month = Column(np.int32, -1, "month of (last) entry to the pool (-1: never)")
    first_pool_month = Column(np.int32, -(2**31), "month of first entry to the pool (founders: 0; -2**31: never)")
    unit = Column(np.int32, 0, "unit (township or village)")
    field = Column(np.int16, 0, "field of work")
    skill = Column(np.float64, 0.0, "skill per aspect (0-1); one column per aspect of the scenario's set", (6,))
    ability = Column(np.float64, 1.0, "individual learning speed multiplier")
    teaching = Column(np.float64, 1.0, "teaching effectiveness as a mentor")
    motivation = Column(np.float64, 0.0, "motivation (0-1)")
    generation = Column(np.int16, -1, "lineage generation; -1 = never mentored nor a mentor")
    first_mentor = Column(np.int32, -1, "index of the first mentor (-1: none)")
    mentored_months = Column(np.int32, 0, "months with at least one mentor")
    n_mentors = Column(np.int16, 0, "current number of mentors")
    n_mentees = Column(np.int16, 0, "current number of mentees")
    mentees_total = Column(np.int32, 0, "mentees ever taken")
    mentees_became_mentors = Column(np.int32, 0, "mentees (first mentor: this cadre) who entered the pool")
    gold_awards = Column(np.int16, 0, "gold mentor awards")
    year_gain = Column(np.float64, 0.0, "mentoring pull given this year (for the evaluation)")
    year_pair_months = Column(np.int32, 0, "pair-months as a mentor this year")
    kind = Column(np.int8, 0, "mentee kind (sim.model.kinds.Kind)")
    mentee_until = Column(np.int32, -1, "month the mentee window closes (-1: never a mentee)")
    competent_month = Column(np.int32, -1, "month of first reaching the competence threshold in the run (-1: never)")
    removed_month = Column(np.int32, -1, "month of the last removal from the pool (-1: never)")
    n_collectives = Column(np.int16, 0, "weak collectives mentored now")
    rank = Column(np.int8, 0, "rank (sim.model.careers.Rank)")
    rank_month = Column(np.int32, 0, "month of reaching the current rank")
    excellent_in_rank = Column(np.int16, 0, "years rated excellent in the current rank")
    appraisal = Column(np.float64, 0.0, "last annual appraisal score")
    seconded_month = Column(np.int32, -1, "month the last secondment began (-1: never)")
    seconded_until = Column(np.int32, -1, "month the current secondment ends")
    secondments = Column(np.int16, 0, "secondments served")
    party = Column(np.bool_, False, "a Party member")
    party_month = Column(np.int32, -1, "month of joining the Party in the run (-1: not in the run)")
    introducer = Column(np.int32, -1, "mentor who introduced the cadre to the Party (-1: none, or a colleague)")
    first_paired_month = Column(np.int32, -1, "month of the first pairing as a mentee (-1: never paired)")
    skill_first_paired = Column(np.float64, np.nan, "mean skill at the first pairing, before its first month of mentoring")
    skill_after_6m = Column(np.float64, np.nan, "mean skill six months after the first pairing (nan: not yet, or left)")
    skill_after_6m_alone = Column(np.float64, np.nan, "mean skill learning by doing alone would have given in those six months")
    # fmt: on

    COLUMNS: dict[str, Column[Any]] = {}  # filled below: name -> declaration, in declaration order

    def __init__(self, capacity: int, limit: int | None = None, aspects: int = 6):
        self.n = 0
        self._shapes = {"skill": (aspects,)}  # trailing shapes set by the scenario
        self._limit = limit  # rows the run can need at most: growth stops there
        self._capacity = max(int(capacity), 16)
        self.in_post = np.zeros(0, dtype=np.int64)  # rows of the cadres in post, ascending
        for name, column in self.COLUMNS.items():
            self.__dict__[name] = column.empty(self._capacity, self._shapes.get(name))

    def add(self, count: int, **values: Any) -> np.ndarray:
        """Append ``count`` cadres with the given column values; returns their indices."""
        if self.n + count > self._capacity:
            new_cap = max(self._capacity * 2, self.n + count)
            if self._limit is not None:
                new_cap = max(min(new_cap, self._limit), self.n + count)
            for name, column in self.COLUMNS.items():
                grown = column.empty(new_cap, self._shapes.get(name))
                grown[: self.n] = self.__dict__[name][: self.n]
                self.__dict__[name] = grown
            self._capacity = new_cap
        idx = np.arange(self.n, self.n + count)
        for name, value in values.items():
            if name not in self.COLUMNS:
                raise KeyError(f"no population column {name!r}")
            self.__dict__[name][idx] = value
        self.n += count
        if values.get("alive") is True:
            self.in_post = np.concatenate([self.in_post, idx])
        return idx

    def leave(self, rows: np.ndarray) -> None:
        """``rows`` leave their post (their row stays, no longer in ``in_post``)."""
        self.alive[rows] = False
        self.in_post = self.in_post[self.alive[self.in_post]]

    def view(self, name: str) -> np.ndarray:
        """The used part of a column."""
        return self.__dict__[name][: self.n]

    def mean_skill(self) -> np.ndarray:
        """Mean skill over aspects of every row in use."""
        return aspect_mean(self.skill[: self.n])

    def columns(self) -> list[str]:
        """The column names, in declaration order."""
        return list(self.COLUMNS)


Population.COLUMNS = {name: value for name, value in vars(Population).items() if isinstance(value, Column)}

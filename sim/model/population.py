"""The cadres of the run as numpy column arrays: working rows, and the archive of those who left.

The model owns one ``Population``; per-month numeric work (ageing, growth, transitions) is done
on the working arrays, ``n`` rows, indexed by row. A cadre who exits keeps the row (stage EXITED)
until the next compaction (``sim.model.compaction``) moves it to the archive
(``sim.model.archive``: the columns not marked ``archived=False``, state that means something only
in post) and renumbers the rows left, in the same order: so the working arrays hold
the people in post and those who left since, and grow with the people in post, not with everyone
ever hired. ``in_post`` lists the rows of the cadres in post, ascending.

A cadre's identity is ``cadre_id``: the row it was hired into, for good (what outputs, lineage,
events and users see). Rows ascend with ids, compaction or not, so ties broken by row are broken
by id. Columns that name cadres (``first_mentor``, ``introducer``) hold ids, since the cadre named
may have left; ``rows_of`` finds the working rows of ids, ``everyone`` and ``ever_where`` read a
column over everyone ever hired (archive and working rows, in id order).

Columns are declared once, below, as typed class attributes: ``pop.skill`` is a
``(capacity, 6)`` float array to editors and type checkers alike; ``pop.view("skill")`` is the
part in use.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from sim.model.archive import Archive, positions
from sim.model.decisions import aspect_mean
from sim.model.stages import Stage


class Column[D: np.generic]:
    """A declared column: dtype, fill value of new rows, trailing shape, meaning, whether it is archived.

    ``archived=False``: state that means something only in post (this year's evaluation, current
    mentors, the end of a secondment under way): not kept for cadres who left, so not readable
    over everyone ever (``Population.everyone``).

    On a ``Population`` the attribute is the array itself (stored on the instance, so reading it
    costs nothing); on the class it is this declaration.
    """

    def __init__(
        self, dtype: type[D], fill: Any, meaning: str, shape: tuple[int, ...] = (), archived: bool = True
    ) -> None:
        self.dtype = dtype
        self.fill = fill
        self.meaning = meaning
        self.shape = shape
        self.archived = archived
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
    """Column arrays, one working row per cadre in post or left since the last compaction; ``n`` in use.

    Arrays start at ``capacity`` rows and double when full, but never beyond ``limit`` (the rows
    the run can need); ``ever`` cadres have been hired in all, ``archive`` holds those moved out.
    """

    # fmt: off
    stage = Column(np.int8, Stage.EXITED, "career stage (sim.model.stages.Stage)")
    alive = Column(np.bool_, False, "in post", archived=False)
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
    first_mentor = Column(np.int32, -1, "id of the first mentor (-1: none)")
    mentored_months = Column(np.int32, 0, "months with at least one mentor")
    n_mentors = Column(np.int16, 0, "current number of mentors", archived=False)
    n_mentees = Column(np.int16, 0, "current number of mentees", archived=False)
    mentees_total = Column(np.int32, 0, "mentees ever taken")
    mentees_became_mentors = Column(np.int32, 0, "mentees (first mentor: this cadre) who entered the pool")
    gold_awards = Column(np.int16, 0, "gold mentor awards")
    year_gain = Column(np.float64, 0.0, "mentoring pull given this year (for the evaluation)", archived=False)
    year_pair_months = Column(np.int32, 0, "pair-months as a mentor this year", archived=False)
    kind = Column(np.int8, 0, "mentee kind (sim.model.kinds.Kind)")
    mentee_until = Column(np.int32, -1, "month the mentee window closes (-1: never a mentee)")
    competent_month = Column(np.int32, -1, "month of first reaching the competence threshold in the run (-1: never)")
    removed_month = Column(np.int32, -1, "month of the last removal from the pool (-1: never)", archived=False)
    n_collectives = Column(np.int16, 0, "weak collectives mentored now", archived=False)
    rank = Column(np.int8, 0, "rank (sim.model.careers.Rank)")
    rank_month = Column(np.int32, 0, "month of reaching the current rank", archived=False)
    excellent_in_rank = Column(np.int16, 0, "years rated excellent in the current rank", archived=False)
    appraisal = Column(np.float64, 0.0, "last annual appraisal score", archived=False)
    seconded_month = Column(np.int32, -1, "month the last secondment began (-1: never)")
    seconded_until = Column(np.int32, -1, "month the current secondment ends", archived=False)
    secondments = Column(np.int16, 0, "secondments served")
    party = Column(np.bool_, False, "a Party member")
    party_month = Column(np.int32, -1, "month of joining the Party in the run (-1: not in the run)")
    introducer = Column(np.int32, -1, "id of the mentor who introduced the cadre to the Party (-1: none, or a colleague)")
    first_paired_month = Column(np.int32, -1, "month of the first pairing as a mentee (-1: never paired)", archived=False)
    skill_first_paired = Column(np.float64, np.nan, "mean skill at the first pairing, before its first month of mentoring")
    skill_after_6m = Column(np.float64, np.nan, "mean skill six months after the first pairing (nan: not yet, or left)")
    skill_after_6m_alone = Column(np.float64, np.nan, "mean skill learning by doing alone would have given in those six months")
    waiting_since = Column(np.int32, -1, "month the current wait for a mentor began (-1: not waiting)", archived=False)
    cadre_id = Column(np.int64, -1, "the cadre's identity: the row it was hired into (outputs, lineage, events)")
    # fmt: on

    COLUMNS: dict[str, Column[Any]] = {}  # filled below: name -> declaration, in declaration order
    ARCHIVED: list[str] = []  # filled below: the columns kept for cadres who left

    def __init__(self, capacity: int, limit: int | None = None, aspects: int = 6):
        self.n = 0
        self.ever = 0  # cadres ever hired: the next id
        self.archive = Archive()
        self._shapes = {"skill": (aspects,)}  # trailing shapes set by the scenario
        self._limit = limit  # rows the run can need at most: growth stops there
        self._capacity = max(int(capacity), 16)
        self.in_post = np.zeros(0, dtype=np.int64)  # rows of the cadres in post, ascending
        self.unit_names: tuple[str, ...] = ()  # the name of each unit code, from a roster (empty: units numbered)
        for name, column in self.COLUMNS.items():
            self.__dict__[name] = column.empty(self._capacity, self._shapes.get(name))

    def add(self, count: int, **values: Any) -> np.ndarray:
        """Append ``count`` cadres with the given column values; returns their rows."""
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
        self.cadre_id[idx] = np.arange(self.ever, self.ever + count)
        self.n += count
        self.ever += count
        if values.get("alive") is True:
            self.in_post = np.concatenate([self.in_post, idx])
        return idx

    def leave(self, rows: np.ndarray) -> None:
        """``rows`` leave their post (their row stays, no longer in ``in_post``)."""
        self.alive[rows] = False
        self.in_post = self.in_post[self.alive[self.in_post]]

    def view(self, name: str) -> np.ndarray:
        """The working part of a column."""
        return self.__dict__[name][: self.n]

    def mean_skill(self) -> np.ndarray:
        """Mean skill over aspects of every working row."""
        return aspect_mean(self.skill[: self.n])

    def rows_of(self, ids: np.ndarray) -> np.ndarray:
        """The working rows of cadres ``ids`` (-1: archived, or no cadre: an id of -1)."""
        ids = np.asarray(ids, dtype=np.int64)
        if self.archive.rows == 0:  # never compacted: ids are rows
            return ids.copy()
        return positions(self.cadre_id[: self.n], ids)

    def ids(self, rows: np.ndarray) -> np.ndarray:
        """The ids of working ``rows``, -1 where a row is -1 (none)."""
        rows = np.asarray(rows, dtype=np.int64)
        return np.where(rows >= 0, self.cadre_id[rows], -1)

    def add_at(self, name: str, ids: np.ndarray, value: int) -> None:
        """Add ``value`` to column ``name`` of cadres ``ids`` (once per occurrence), in post or archived."""
        rows = self.rows_of(ids)
        np.add.at(self.__dict__[name], rows[rows >= 0], value)
        if (rows < 0).any():
            self.archive.add_at(name, ids[rows < 0], value)

    def everyone(self, name: str) -> np.ndarray:
        """Column ``name`` over everyone ever hired, in id order (working rows only if never compacted)."""
        column = self.COLUMNS[name]
        if not column.archived:
            raise KeyError(f"population column {name!r} is not kept for cadres who left (archived=False)")
        if self.archive.rows == 0:
            return self.view(name)
        out = column.empty(self.ever, self._shapes.get(name))
        self.archive.scatter(name, out)
        out[self.cadre_id[: self.n]] = self.view(name)
        return out

    def ever_where(
        self, key: str, where: str, test: Callable[[np.ndarray], np.ndarray], names: Sequence[str]
    ) -> dict[str, np.ndarray]:
        """Columns ``names`` of everyone ever hired whose ``where`` passes ``test``, in id order.

        ``key`` names the question for the archive, which keeps its answer (``Archive.select``):
        archived rows do not change, so only the working rows are read again.
        """
        if not all(self.COLUMNS[name].archived for name in (where, *names)):
            raise KeyError(f"population columns {[where, *names]} are not all kept for cadres who left")
        picked = test(self.view(where))
        ours = {name: self.view(name)[picked] for name in names}
        if self.archive.rows == 0:
            return ours
        theirs_ids, theirs = self.archive.select(key, where, test, names)
        ours_ids = self.cadre_id[: self.n][picked]
        at = np.searchsorted(theirs_ids, ours_ids) + np.arange(len(ours_ids))  # places in the merged order
        mine = np.zeros(len(theirs_ids) + len(ours_ids), dtype=bool)
        mine[at] = True
        merged = {}
        for name in names:
            out = np.empty(len(mine), dtype=ours[name].dtype)
            out[at] = ours[name]
            out[~mine] = theirs[name]
            merged[name] = out
        return merged

    def compact(self) -> np.ndarray | None:
        """Move the rows of cadres not in post to the archive; the rest move up, in order.

        Returns the new row of each old row (-1: archived), or None when nobody had left. The caller
        (``sim.model.compaction``) renumbers every stored row with it.
        """
        n = self.n
        keep = self.alive[:n].copy()  # the columns move under it
        if keep.all():
            return None
        kept, gone = np.flatnonzero(keep), np.flatnonzero(~keep)  # positions: take is faster than a mask
        self.archive.add({name: self.__dict__[name].take(gone, axis=0) for name in self.ARCHIVED})
        k = len(kept)
        for name, column in self.COLUMNS.items():
            array = self.__dict__[name]
            array[:k] = array.take(kept, axis=0)
            array[k:n] = column.fill  # rows to be hired into again start as new
        new_row = np.full(n, -1, dtype=np.int64)
        new_row[keep] = np.arange(k)
        self.n = k
        self.in_post = np.arange(k, dtype=np.int64)
        return new_row

    def columns(self) -> list[str]:
        """The column names, in declaration order."""
        return list(self.COLUMNS)


Population.COLUMNS = {name: value for name, value in vars(Population).items() if isinstance(value, Column)}
Population.ARCHIVED = [name for name, column in Population.COLUMNS.items() if column.archived]

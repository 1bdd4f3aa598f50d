"""Everyone who has ever been a cadre in the run, as numpy arrays indexed by cadre index.

The model owns one ``Population``; per-month numeric work (ageing, growth, transitions) is done
on these arrays. Exited cadres stay in the arrays (stage EXITED) so lineage and the final table
keep them. Arrays grow by doubling when the yearly intake arrives.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np

N_ASPECTS = 6


class Stage(IntEnum):
    YOUNG = 0  # young cadre in the mentee window (帮带对象)
    INDEPENDENT = 1  # past the window, not yet at backbone level
    BACKBONE = 2  # unit backbone (骨干)
    MENTOR = 3  # in the mentor pool (导师), still in a front-line post
    SECOND_LINE = 4  # stepped back to a second-line post (退二线); may still be in the pool
    EXITED = 5  # left or retired


STAGE_LABELS = {
    Stage.YOUNG: ("young cadre", "青年干部"),
    Stage.INDEPENDENT: ("independent", "独立工作"),
    Stage.BACKBONE: ("backbone", "骨干"),
    Stage.MENTOR: ("mentor", "导师"),
    Stage.SECOND_LINE: ("second line", "退二线"),
    Stage.EXITED: ("exited", "退出"),
}

# name -> (dtype, fill value, trailing shape)
_COLUMNS: dict[str, tuple[type, object, tuple[int, ...]]] = {
    "stage": (np.int8, Stage.EXITED, ()),
    "alive": (np.bool_, False, ()),
    "in_pool": (np.bool_, False, ()),
    "barred": (np.bool_, False, ()),  # on the negative list: never a mentor again
    "age_months": (np.int32, 0, ()),
    "hire_month": (np.int32, 0, ()),  # model month of hire; <= 0 for the initial population
    "exit_month": (np.int32, -1, ()),
    "backbone_month": (np.int32, -1, ()),  # month of becoming a backbone during the run
    "pool_month": (np.int32, -1, ()),  # month of (last) entry to the pool
    "unit": (np.int32, 0, ()),
    "field": (np.int16, 0, ()),
    "skill": (np.float64, 0.0, (N_ASPECTS,)),
    "ability": (np.float64, 1.0, ()),  # individual learning speed multiplier
    "teaching": (np.float64, 1.0, ()),  # teaching effectiveness as a mentor
    "motivation": (np.float64, 0.0, ()),
    "generation": (np.int16, -1, ()),  # lineage generation; -1 = never mentored nor a mentor
    "first_mentor": (np.int32, -1, ()),
    "mentored_months": (np.int32, 0, ()),
    "n_mentors": (np.int16, 0, ()),  # current number of mentors
    "n_mentees": (np.int16, 0, ()),  # current number of mentees
    "mentees_total": (np.int32, 0, ()),  # mentees ever taken
    "mentees_became_mentors": (np.int32, 0, ()),
    "gold_awards": (np.int16, 0, ()),
    "year_gain": (np.float64, 0.0, ()),  # mentoring pull given this year (for evaluation)
    "year_pair_months": (np.int32, 0, ()),
}


class Population:
    """Column arrays, one row per cadre ever hired; ``n`` rows are in use."""

    def __init__(self, capacity: int):
        self.n = 0
        self._capacity = max(int(capacity), 16)
        for name, (dtype, fill, shape) in _COLUMNS.items():
            setattr(self, name, np.full((self._capacity, *shape), fill, dtype=dtype))

    def add(self, count: int, **values: np.ndarray) -> np.ndarray:
        """Append ``count`` cadres with the given column values; returns their indices."""
        if self.n + count > self._capacity:
            new_cap = max(self._capacity * 2, self.n + count)
            for name, (dtype, fill, shape) in _COLUMNS.items():
                grown = np.full((new_cap, *shape), fill, dtype=dtype)
                grown[: self.n] = getattr(self, name)[: self.n]
                setattr(self, name, grown)
            self._capacity = new_cap
        idx = np.arange(self.n, self.n + count)
        for name, value in values.items():
            if name not in _COLUMNS:
                raise KeyError(name)
            getattr(self, name)[idx] = value
        self.n += count
        return idx

    def view(self, name: str) -> np.ndarray:
        """The used part of a column."""
        return getattr(self, name)[: self.n]

    def mean_skill(self) -> np.ndarray:
        return self.skill[: self.n].mean(axis=1)

    def columns(self) -> list[str]:
        return list(_COLUMNS)

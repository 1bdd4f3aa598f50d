"""Calibration targets as data: one reported figure an entry, read from ``calibration/targets/*.toml``.

A target says where and what (``place``, ``what``), the reported ``value`` and its ``kind``
(``at_least`` "3,800+", ``about``, ``at_most``), whether it is a ``stock`` read at a calendar
month (``at = "2025-05"``) or a ``flow`` summed over a window (``from``/``to``), the series column
it maps to (``quantity``), the likelihood that scores it (``poisson`` for counts, ``normal`` for
means and shares with a relative ``tolerance``), and its ``source`` (document and passage).
Files are validated where they enter: unknown keys, bad dates and unknown quantities are errors
naming the file and the target.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from sim.model.calendar import step_of
from sim.model.outcomes import series_columns
from sim.params.reading import read_toml
from sim.params.schema import RunParams

DATE = re.compile(r"^(\d{4})-(\d{2})$")


class TargetError(ValueError):
    """A target file that cannot be used; the message names the file, the target and the key."""


class Target(BaseModel):
    """One reported figure and how the model's runs are held against it."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    name: str = Field(min_length=1, max_length=80)
    place: str
    what: str
    value: float = Field(gt=0)
    kind: Literal["at_least", "about", "at_most"] = "about"
    measure: Literal["stock", "flow"] = "stock"  # stock: the value at ``at``; flow: the change over ``from``-``to``
    at: str = ""
    start: str = Field("", alias="from")
    end: str = Field("", alias="to")
    quantity: str
    likelihood: Literal["poisson", "normal"] = "poisson"
    tolerance: float = Field(0.10, gt=0, le=1)  # relative sd of a normal target
    margin: float = Field(0.25, ge=0, le=10)  # "3,800+" read as 3,800 to 3,800 x (1 + margin)
    weight: float = Field(1.0, gt=0, le=100)
    source: str = Field(min_length=1)

    @field_validator("quantity")
    @classmethod
    def _quantity(cls, v: str) -> str:
        if v not in series_columns():
            raise ValueError(f"quantity must be a column of series.csv (e.g. cum_pairs, pool_size, mentees), not {v!r}")
        return v

    @field_validator("at", "start", "end")
    @classmethod
    def _date(cls, v: str) -> str:
        if v and (not DATE.match(v) or not 1 <= int(v[5:]) <= 12):
            raise ValueError(f"a date is YYYY-MM, not {v!r}")
        return v

    @model_validator(mode="after")
    def _when(self) -> Target:
        if self.measure == "stock" and not self.at:
            raise ValueError("a stock target needs at = 'YYYY-MM'")
        if self.measure == "flow" and not (self.start and self.end):
            raise ValueError("a flow target needs from = 'YYYY-MM' and to = 'YYYY-MM'")
        if self.measure == "flow" and self.start > self.end:
            raise ValueError(f"from ({self.start}) is after to ({self.end})")
        return self

    def read(self, series: pd.DataFrame, run: RunParams) -> float:
        """The model's value of this target in one run's series (nan if the run does not cover it)."""
        last = len(series) - 1
        column = series[self.quantity].to_numpy(dtype=float)

        def at(date: str) -> int:
            return step_of(run, int(date[:4]), int(date[5:]))

        if self.measure == "stock":
            step = at(self.at)
            return float(column[step]) if 0 <= step <= last else math.nan
        first, final = at(self.start) - 1, at(self.end)  # the change from the month before ``from``
        if final > last or final < 0:
            return math.nan
        return float(column[final] - column[max(first, 0)])

    def deviance(self, model_mean: float) -> float:
        """Twice the negative log-likelihood ratio of the reported value given the model's mean (0: met).

        Poisson for counts (the reported count as a draw with the model's mean), normal with sd
        ``tolerance x value`` otherwise; one-sided for ``at_least`` and ``at_most`` (no penalty on
        the right side of the figure, up to ``margin`` above an "at least" figure: a report's
        "3,800+" does not mean 10,000). A model that cannot produce the figure (nan) scores inf.
        """
        y, mu = self.value, model_mean
        if not math.isfinite(mu):
            return math.inf
        if self.kind == "at_least" and mu > y * (1 + self.margin):
            y = y * (1 + self.margin)  # far beyond "3,800+" is as wrong as below it
        elif (self.kind == "at_least" and mu >= y) or (self.kind == "at_most" and mu <= y):
            return 0.0
        if self.likelihood == "poisson":
            mu = max(mu, 1e-9)
            return 2.0 * (y * math.log(y / mu) - (y - mu))
        return ((mu - y) / (self.tolerance * y)) ** 2

    def met_within(self, model_mean: float, share: float = 0.10) -> bool:
        """The model's mean meets the figure within ``share`` (one-sided for at least / at most)."""
        y, mu = self.value, model_mean
        if not math.isfinite(mu):
            return False
        if self.kind == "at_least":
            return y * (1 - share) <= mu <= y * (1 + self.margin) * (1 + share)
        if self.kind == "at_most":
            return mu <= y * (1 + share)
        return abs(mu - y) <= share * y


@dataclass(frozen=True)
class TargetSet:
    """The targets of one file, and the scenario they are for."""

    scenario: str
    targets: tuple[Target, ...]
    source: str

    def read_all(self, series: pd.DataFrame, run: RunParams) -> dict[str, float]:
        """Every target's value in one run."""
        return {t.name: t.read(series, run) for t in self.targets}

    def score(self, means: Mapping[str, float]) -> float:
        """The weighted sum of deviances of the targets given the model's means."""
        return float(sum(t.weight * t.deviance(means[t.name]) for t in self.targets))


def load_targets(path: str | Path) -> TargetSet:
    """Read and validate a target file.

    Raises:
        TargetError: every problem, one line each, naming the file and the target.
    """
    data, _ = read_toml(Path(path), "target", TargetError)
    problems = []
    scenario = data.get("scenario")
    if not isinstance(scenario, str) or not scenario:
        problems.append(f"{path}: scenario = 'NAME or FILE' is missing")
    entries = data.get("target")
    if not isinstance(entries, list) or not entries:
        problems.append(f"{path}: no [[target]] entries")
        entries = []
    extra = set(data) - {"scenario", "target", "description"}
    if extra:
        problems.append(f"{path}: unknown top-level keys {sorted(extra)} (allowed: scenario, description, [[target]])")
    targets = []
    for i, entry in enumerate(entries):
        label = entry.get("name", f"#{i + 1}") if isinstance(entry, dict) else f"#{i + 1}"
        try:
            targets.append(Target.model_validate(entry))
        except ValidationError as err:
            for e in err.errors():
                where = ".".join(str(x) for x in e["loc"]) or "(entry)"
                problems.append(f"{path}: target {label}: {where}: {e['msg']}")
    names = [t.name for t in targets]
    if len(set(names)) != len(names):
        problems.append(f"{path}: target names repeat: {sorted({n for n in names if names.count(n) > 1})}")
    if problems:
        raise TargetError("\n".join(problems))
    return TargetSet(str(scenario), tuple(targets), str(path))


def model_means(values: list[dict[str, float]]) -> dict[str, float]:
    """Mean over replicates of each target (nan if any replicate could not produce it)."""
    names = values[0].keys() if values else []
    return {n: float(np.mean([v[n] for v in values])) for n in names}

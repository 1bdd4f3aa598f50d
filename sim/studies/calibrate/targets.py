"""Calibration targets as data: one reported figure an entry, read from ``calibration/targets/*.toml``.

A target says where and what (``place``, ``what``), the reported ``value`` and its ``kind``
(``at_least`` "over 80%", ``about``, ``at_most``, ``between`` a reported band such as "3800多", 3,800 to
3,899, given as ``low``/``high``), whether it is a ``stock`` read at a calendar
month (``at = "2025-05"``) or a ``flow`` summed over a window (``from``/``to``), the series column
it maps to (``quantity``), the likelihood that scores it (``poisson`` for counts, ``normal`` for
means and shares with a relative ``tolerance``), and its ``source`` (document and passage).
Files are validated where they enter: unknown keys, bad dates and unknown quantities are errors
naming the file and the target.

Anchors from the research literature hold for any county: such a target is read at the run's
last month (``measure = "final"``) and may give a wide ``band`` (``band = [0.05, 0.40]``: the
range it is met in, the 95% range of a split normal around the value) instead of a tolerance.
A file of them says ``scenario = "any"``, and another file takes them in with
``include = ["literature.toml"]`` (paths relative to the including file); a missing file, an
include cycle, targets for another scenario or a name given twice are errors naming the files.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from sim.model.calendar import label as month_label
from sim.model.calendar import step_of
from sim.model.outcomes import series_columns
from sim.params.errors import NAME_EXCERPT, cut, excerpt
from sim.params.reading import exists, read_toml
from sim.params.schema import RunParams

DATE = re.compile(r"^(\d{4})-(\d{2})$")
ANY_SCENARIO = "any"  # the scenario of a file of anchors that hold for any county (the literature)
BAND_Z = 1.96  # a band is the 95% range of the normal around the value


class TargetError(ValueError):
    """A target file that cannot be used; the message names the file, the target and the key."""


class Target(BaseModel):
    """One reported figure and how the model's runs are held against it."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False)

    name: str = Field(min_length=1, max_length=80)
    place: str
    what: str
    value: float = Field(gt=0)
    kind: Literal["at_least", "about", "at_most", "between"] = "about"
    # stock: the value at ``at``; flow: the change over ``from``-``to``; final: the value at the run's last month
    measure: Literal["stock", "flow", "final"] = "stock"
    at: str = ""
    start: str = Field("", alias="from")
    end: str = Field("", alias="to")
    quantity: str
    likelihood: Literal["poisson", "normal"] = "poisson"
    tolerance: float = Field(0.10, gt=0, le=1)  # relative sd of a normal target
    band: tuple[float, float] | None = None  # a wide anchor's range: met within it, sd from each side
    margin: float = Field(0.25, ge=0, le=10)  # "3,800+" read as 3,800 to 3,800 x (1 + margin)
    low: float | None = Field(None, ge=0)  # kind = "between": the reported band, "3800多" is low = 3800, high = 3899
    high: float | None = Field(None, gt=0)
    weight: float = Field(1.0, gt=0, le=100)
    source: str = Field(min_length=1)

    @field_validator("quantity")
    @classmethod
    def _quantity(cls, v: str) -> str:
        if v not in series_columns():
            raise ValueError(
                f"quantity must be a column of series.csv (e.g. cum_pairs, pool_size, mentees), not {excerpt(v)}"
            )
        return v

    @field_validator("at", "start", "end")
    @classmethod
    def _date(cls, v: str) -> str:
        if v and (not DATE.match(v) or not 1 <= int(v[5:]) <= 12):
            raise ValueError(f"a date is YYYY-MM, not {excerpt(v)}")
        return v

    @model_validator(mode="after")
    def _when(self) -> Target:
        if self.measure == "stock" and not self.at:
            raise ValueError("a stock target needs at = 'YYYY-MM'")
        if self.measure == "flow" and not (self.start and self.end):
            raise ValueError("a flow target needs from = 'YYYY-MM' and to = 'YYYY-MM'")
        if self.measure == "flow" and self.start > self.end:
            raise ValueError(f"from ({self.start}) is after to ({self.end})")
        if self.measure == "final" and (self.at or self.start or self.end):
            raise ValueError("a final target is read at the run's last month: no at, from or to")
        self._between()
        if self.band is not None:
            low, high = self.band
            if not low < self.value < high:
                raise ValueError(f"band [{low:g}, {high:g}] must hold the value {self.value:g} inside it")
            if self.kind != "about" or self.likelihood != "normal":
                raise ValueError("a band is for kind = 'about' with likelihood = 'normal'")
            if "tolerance" in self.model_fields_set:
                raise ValueError("give a band or a tolerance, not both")
        return self

    def _between(self) -> None:
        """A ``between`` target has its band as ``low``/``high`` around the value, and no other range."""
        if self.kind != "between":
            if self.low is not None or self.high is not None:
                raise ValueError("low and high are for kind = 'between' (a reported band: low = 3800, high = 3899)")
            return
        if self.low is None or self.high is None:
            raise ValueError("a between target needs low and high (e.g. low = 3800, high = 3899)")
        if not self.low <= self.value <= self.high or self.low >= self.high:
            raise ValueError(f"low {self.low:g} and high {self.high:g} must hold the value {self.value:g}, low < high")
        if self.band is not None or "margin" in self.model_fields_set:
            raise ValueError("a between target is met from low to high: no band, no margin")

    @property
    def centre(self) -> float:
        """The figure whose uncertainty scores a miss: a between target's midpoint, else the value."""
        if self.kind == "between" and self.low is not None and self.high is not None:
            return (self.low + self.high) / 2
        return self.value

    def read(self, series: pd.DataFrame, run: RunParams) -> float:
        """The model's value of this target in one run's series (nan if the run does not cover it)."""
        last = len(series) - 1
        column = series[self.quantity].to_numpy(dtype=float)

        def at(date: str) -> int:
            return step_of(run, int(date[:4]), int(date[5:]))

        if self.measure == "final":
            return float(column[last]) if last >= 0 else math.nan
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
        ``tolerance x value`` otherwise (with a ``band``, the sd on each side is that side's width
        over 1.96); one-sided for ``at_least`` and ``at_most`` (no penalty on the right side of the
        figure, up to ``margin`` above an "at least" figure: a report's "3,800+" does not mean
        10,000). A ``between`` target is met anywhere from ``low`` to ``high``; outside, the squared
        distance to the nearer end over the figure's variance at the band's midpoint (the Poisson
        variance, or ``tolerance`` x midpoint squared): the normal approximation of the deviance, the
        same on both sides. A model that cannot produce the figure (nan) scores inf.
        """
        y, mu = self.value, model_mean
        if not math.isfinite(mu):
            return math.inf
        if self.kind == "between" and self.low is not None and self.high is not None:
            distance = max(self.low - mu, mu - self.high, 0.0)
            mid = self.centre
            return distance**2 / (mid if self.likelihood == "poisson" else (self.tolerance * mid) ** 2)
        if self.kind == "at_least" and mu > y * (1 + self.margin):
            y = y * (1 + self.margin)  # far beyond "3,800+" is as wrong as below it
        elif (self.kind == "at_least" and mu >= y) or (self.kind == "at_most" and mu <= y):
            return 0.0
        if self.likelihood == "poisson":
            mu = max(mu, 1e-9)
            return 2.0 * (y * math.log(y / mu) - (y - mu))
        if self.band is not None:
            low, high = self.band
            sd = (y - low if mu < y else high - y) / BAND_Z
            return ((mu - y) / sd) ** 2
        return ((mu - y) / (self.tolerance * y)) ** 2

    def met_within(self, model_mean: float, share: float = 0.10) -> bool:
        """The model's mean meets the figure within ``share`` (one-sided for at least / at most; within a band)."""
        y, mu = self.value, model_mean
        if not math.isfinite(mu):
            return False
        if self.band is not None:
            return self.band[0] <= mu <= self.band[1]
        if self.kind == "between" and self.low is not None and self.high is not None:
            return self.low * (1 - share) <= mu <= self.high * (1 + share)
        if self.kind == "at_least":
            return y * (1 - share) <= mu <= y * (1 + self.margin) * (1 + share)
        if self.kind == "at_most":
            return mu <= y * (1 + share)
        return abs(mu - y) <= share * y


@dataclass(frozen=True)
class TargetSet:
    """The targets of one file (and the files it includes), and the scenario they are for."""

    scenario: str
    targets: tuple[Target, ...]
    source: str
    included: tuple[str, ...] = ()  # the files it takes targets from, in the order read

    def check_run(self, run: RunParams) -> None:
        """Refuse targets dated outside the run (every trial would score them as never reached).

        Raises:
            TargetError: one line per target whose ``at``, ``from`` or ``to`` is before the run's start or after its end.
        """
        first, last = month_label(run, 1), month_label(run, run.months)
        problems = []
        for t in self.targets:
            for key, date in (("at", t.at), ("from", t.start), ("to", t.end)):
                if date and not 1 <= step_of(run, int(date[:4]), int(date[5:])) <= run.months:
                    problems.append(
                        f"{self.source}: [{t.name}] {key} = {date!r} is outside the run ({first} to {last})"
                    )
        if problems:
            raise TargetError("\n".join(problems))

    def read_all(self, series: pd.DataFrame, run: RunParams) -> dict[str, float]:
        """Every target's value in one run."""
        return {t.name: t.read(series, run) for t in self.targets}

    def score(self, means: Mapping[str, float]) -> float:
        """The weighted sum of deviances of the targets given the model's means."""
        return float(sum(t.weight * t.deviance(means[t.name]) for t in self.targets))


def load_targets(path: str | Path) -> TargetSet:
    """Read and validate a target file and the files it includes.

    Raises:
        TargetError: every problem, one line each, naming the file and the target.
    """
    path = Path(path)
    scenario, found, included = _read_targets(path, (path.resolve(),))
    return TargetSet(scenario, tuple(t for t, _ in found), str(path), tuple(included))


def _read_targets(path: Path, chain: tuple[Path, ...]) -> tuple[str, list[tuple[Target, Path]], list[str]]:
    """The scenario, the targets (each with its file) and the included files of one target file.

    Args:
        path: the file.
        chain: the resolved files that include it, itself last (an include cycle comes back to one).

    Raises:
        TargetError: every problem of this file and of the files it includes.
    """
    data, _ = read_toml(path, "target", TargetError)
    problems: list[str] = []
    scenario, includes, entries = _top_level(path, data, problems)
    found: list[tuple[Target, Path]] = []
    for i, entry in enumerate(entries):
        label = cut(str(entry.get("name", f"#{i + 1}")), NAME_EXCERPT) if isinstance(entry, dict) else f"#{i + 1}"
        try:
            found.append((Target.model_validate(entry), path))
        except ValidationError as err:
            for e in err.errors():
                where = ".".join(str(x) for x in e["loc"]) or "(entry)"
                problems.append(f"{path}: target {label}: {where}: {e['msg']}")
    theirs, included = _included(path, includes, scenario, chain, problems)
    found.extend(theirs)
    if not entries and not includes:
        problems.append(f"{path}: no [[target]] entries")
    files: dict[str, list[str]] = {}
    for target, origin in found:
        files.setdefault(target.name, []).append(str(origin))
    for n, origins in files.items():
        if len(origins) > 1:
            problems.append(f"{path}: target name {n!r} is given {len(origins)} times ({', '.join(origins)})")
    if problems:
        raise TargetError("\n".join(problems))
    return scenario, found, included


def _top_level(path: Path, data: dict, problems: list[str]) -> tuple[str, list[str], list]:
    """The file's scenario, includes and target entries; what is wrong with them goes to ``problems``."""
    scenario = data.get("scenario")
    if not isinstance(scenario, str) or not scenario:
        problems.append(f"{path}: scenario = 'NAME or FILE' (or '{ANY_SCENARIO}' for anchors of any county) is missing")
        scenario = ""
    includes = data.get("include", [])
    if not isinstance(includes, list) or not all(isinstance(i, str) and i for i in includes):
        problems.append(f"{path}: include must be a list of target files, e.g. include = ['literature.toml']")
        includes = []
    entries = data.get("target", [])
    if not isinstance(entries, list):
        problems.append(f"{path}: target must be [[target]] entries")
        entries = []
    extra = set(data) - {"scenario", "target", "description", "include"}
    if extra:
        problems.append(
            f"{path}: unknown top-level keys {sorted(extra)} (allowed: scenario, description, include, [[target]])"
        )
    return scenario, includes, entries


def _included(
    path: Path, includes: list[str], scenario: str, chain: tuple[Path, ...], problems: list[str]
) -> tuple[list[tuple[Target, Path]], list[str]]:
    """The targets of the files ``path`` includes, and those files; their problems go to ``problems``."""
    found: list[tuple[Target, Path]] = []
    included: list[str] = []
    for name in includes:
        child = Path(os.path.normpath(path.parent / name))  # relative to the including file
        if child.resolve() in chain:
            cycle = " -> ".join(str(p.name) for p in (*chain, child.resolve()))
            problems.append(f"{path}: include {name!r} makes a cycle ({cycle})")
            continue
        if not exists(child):
            problems.append(f"{path}: include {name!r}: no such target file ({child})")
            continue
        try:
            theirs, their_targets, their_includes = _read_targets(child, (*chain, child.resolve()))
        except TargetError as e:
            problems.extend(f"{line} (included by {path})" for line in str(e).splitlines())
            continue
        if theirs not in (ANY_SCENARIO, scenario):
            problems.append(
                f"{path}: include {name!r} holds targets for scenario {theirs!r}, not {scenario!r} "
                f"(a file to include says scenario = {scenario!r} or {ANY_SCENARIO!r})"
            )
        found.extend(their_targets)
        included.extend([str(child), *their_includes])
    return found, included


def model_means(values: list[dict[str, float]]) -> dict[str, float]:
    """Mean over replicates of each target (nan if any replicate could not produce it)."""
    names = values[0].keys() if values else []
    return {n: float(np.mean([v[n] for v in values])) for n in names}

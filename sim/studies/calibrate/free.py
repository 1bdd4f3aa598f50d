"""The free parameters of a fit: which scenario values it may move, within what prior range.

Free-parameter file::

    [parameters]
    "pool.entry_willingness" = { min = 0.01, max = 0.5, log = true }
    "pairing.mentees_per_mentor" = { min = 2, max = 3 }   # integers stay integers
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from sim.params.errors import ScenarioError
from sim.params.reading import read_toml
from sim.params.schema import Scenario, resolve_key
from sim.studies.calibrate.targets import TargetError
from sim.words import Book

__all__ = ["FreeParameter", "load_free", "read_free"]

W = Book("calibrate")
EN = "en"  # the study's errors, in English as the command shows them for now


@dataclass(frozen=True)
class FreeParameter:
    """A parameter the fit may move, within its prior range (uniform, or log-uniform)."""

    key: str
    low: float
    high: float
    log: bool
    integer: bool


def load_free(path: str | Path, base: Scenario) -> list[FreeParameter]:
    """Read the free parameters and check each range against the scenario's schema.

    Raises:
        TargetError: an unknown parameter, a bad range, or a range the schema refuses.
    """
    data, _ = read_toml(Path(path), "free-parameter", TargetError)
    spec = data.get("parameters")
    if not isinstance(spec, dict) or not spec:
        raise TargetError(
            f'{path}: no [parameters] table (e.g. "pool.entry_willingness" = {{ min = 0.01, max = 0.5 }})'
        )
    return read_free(spec, base, str(path))


def read_free(spec: dict, base: Scenario, path: str) -> list[FreeParameter]:
    """The free parameters of a table (``name = { min, max, log }``), each range checked against ``base``.

    Raises:
        TargetError: as ``load_free`` (``path`` names where the table is).
    """
    out, problems = [], []
    for name, value in spec.items():
        try:
            section, key = resolve_key(name)
        except ScenarioError as e:
            problems.append(f"{path}: {e}")
            continue
        if not isinstance(value, dict) or set(value) - {"min", "max", "log"} or not {"min", "max"} <= set(value):
            problems.append(f"{path}: {name}: give {{ min = A, max = B }} (optionally log = true)")
            continue
        low, high, log = value["min"], value["max"], bool(value.get("log", False))
        current = getattr(getattr(base, section), key)
        integer = isinstance(current, int) and not isinstance(current, bool)
        if not (_finite(low) and _finite(high) and low < high):
            problems.append(f"{path}: {name}: min must be a number below max")
            continue
        if integer and math.ceil(low) > math.floor(high):
            problems.append(W("no_whole_number", EN, file=path, parameter=name, low=low, high=high))
            continue
        if log and low <= 0:
            problems.append(f"{path}: {name}: a log range needs min > 0")
            continue
        for bound in (low, high):
            try:
                base.with_overrides({f"{section}.{key}": int(bound) if integer else float(bound)}, str(path))
            except ScenarioError as e:
                problems.append(str(e))
        out.append(FreeParameter(f"{section}.{key}", float(low), float(high), log, integer))
    if problems:
        raise TargetError("\n".join(problems))
    return out


def _finite(x: object) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)

"""Factors of an experiment: what varies, and how its declaration in a file is read and checked.

A factor is a list of values, a range (sampled by lhs / sobol, stepped for a grid, or put on
the p-level grid of a Morris design), or a list of levels that each set several parameters
together. Every value is checked against the
base scenario before anything runs.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from typing import Any, Literal, NoReturn

import numpy as np

from sim.params.errors import NAME_EXCERPT, ScenarioError, cut, excerpt
from sim.params.schema import Scenario, parameter_names

Scalar = bool | int | float | str
SCALARS = (bool, int, float, str)  # a single value in a file
RANGE_KEYS = {"min", "max", "step", "num", "log"}
MAX_LEVELS = 10_000  # values of one factor in a grid


class ExperimentError(ValueError):
    """An experiment file that cannot be run; the message names file, key, value and what is allowed."""


@dataclass(frozen=True)
class Factor:
    """One varied dimension of the design.

    kind "values": ``levels`` are the values (given as a list, or a range expanded for a grid);
    kind "range": continuous ``low``..``high`` (lhs/sobol), ``log`` scale, ``integer`` rounding;
    kind "bundle": ``levels`` are labels, ``bundles[i]`` the overrides of level i.
    """

    name: str  # column name in the results (the parameter as written, or the factor name)
    kind: Literal["values", "range", "bundle"]
    target: str | None = None  # dotted parameter name (values / range)
    levels: tuple = ()
    bundles: tuple = ()
    low: float = 0.0
    high: float = 0.0
    log: bool = False
    integer: bool = False

    def from_unit(self, u: float) -> Any:
        """Map u in [0, 1) to a value of this factor (lhs / sobol)."""
        u = min(max(float(u), 0.0), np.nextafter(1.0, 0.0))
        if self.kind in ("values", "bundle"):
            return self.levels[int(u * len(self.levels))]
        if self.integer:
            lo, hi = math.ceil(self.low), math.floor(self.high)
            return int(min(hi, lo + int(u * (hi - lo + 1))))
        if self.log:
            return float(math.exp(math.log(self.low) + u * (math.log(self.high) - math.log(self.low))))
        return float(self.low + u * (self.high - self.low))

    def at_level(self, x: float) -> Any:
        """The value at grid position x in [0, 1] of a Morris design.

        Min at 0, max at 1, linear (geometric with ``log``) between; an integer range is laid so
        that every level is an integer (``check_morris`` holds it): rounding only removes float noise.
        """
        x = min(max(float(x), 0.0), 1.0)
        if self.log:
            v = math.exp(math.log(self.low) + x * (math.log(self.high) - math.log(self.low)))
        else:
            v = self.low + x * (self.high - self.low)
        return int(round(v)) if self.integer else float(round(v, 12))

    @property
    def targets(self) -> list[str]:
        """The dotted parameters this factor sets (its target, or every parameter of its bundles)."""
        return [self.target] if self.target else [k for b in self.bundles for k, _ in b]

    def overrides(self, value: Any) -> dict[str, Any]:
        """Scenario overrides of one value of this factor."""
        if self.kind == "bundle":
            return dict(self.bundles[self.levels.index(value)])
        assert self.target is not None, "a values or range factor has a target parameter"
        return {self.target: value}

    def describe(self) -> Any:
        """What defines the factor, for the experiment's fingerprint."""
        if self.kind == "range":
            d = {"min": self.low, "max": self.high, "log": self.log, "integer": self.integer}
            return {"target": self.target, **d}
        if self.kind == "bundle":
            return {"levels": [[lab, sorted(b)] for lab, b in zip(self.levels, self.bundles, strict=False)]}
        return {"target": self.target, "values": list(self.levels)}


def err_line(source: str, key: str, value: Any, problem: str, allowed: str) -> str:
    """One error line: ``SOURCE: KEY = VALUE: PROBLEM (allowed: ALLOWED)``, a long key or value cut short."""
    shown = "" if value is MISSING else f" = {excerpt(value)}"
    return f"{source}: {cut(key, NAME_EXCERPT)}{shown}: {problem} (allowed: {allowed})"


MISSING = object()  # no value to show in an error line


def canonical(name: str) -> str | None:
    """The dotted parameter name for ``name`` (bare or dotted), or None if unknown/ambiguous."""
    names = parameter_names()
    if name in names:
        return name
    owners = [n for n in names if n.split(".", 1)[1] == name]
    return owners[0] if len(owners) == 1 else None


def dotted(values: dict[str, Any], source: str, where: str) -> dict[str, Any]:
    """``values`` by dotted parameter name; an unknown or ambiguous name is an error at ``where.format(name=...)``."""
    named: dict[str, Any] = {}
    for name, value in values.items():
        c = canonical(name)
        if c is None:
            raise unknown_parameter(source, where.format(name=name), name, value)
        named[c] = value
    return named


def _current_value(scenario: Any, dotted: str) -> Any:
    section, key = dotted.split(".", 1)
    return getattr(getattr(scenario, section), key)


def check_override(base: Scenario, overrides: dict[str, Any], source: str, key: str, value: Any) -> None:
    """Raise ExperimentError if ``overrides`` do not make a valid scenario of ``base``."""
    try:
        base.with_overrides(overrides, source=source)
    except ScenarioError as err:
        msg = str(err)
        # scenario messages start with the source; keep ours naming the experiment key.
        prefix = f"{source}: "
        detail = "; ".join(line[len(prefix) :] if line.startswith(prefix) else line for line in msg.splitlines())
        shown = f"{cut(key, NAME_EXCERPT)} = {excerpt(value)}"
        raise ExperimentError(f"{source}: {shown}: not a valid value for the scenario: {detail}") from None


def parse_factor(name: str, spec: Any, base: Scenario, source: str, design: str) -> Factor:
    """The factor ``parameters.NAME = SPEC`` of an experiment file (or a levers file), checked against ``base``.

    A list of level tables is a bundle, a list of single values a values factor, a table a range
    (expanded to values for a grid design).

    Raises:
        ExperimentError: naming the key, the value and what is allowed.
    """
    key = f"parameters.{name}"
    if isinstance(spec, list) and spec and all(isinstance(x, dict) for x in spec):
        return _bundle_factor(name, spec, base, source)
    target = canonical(name)
    if target is None:
        raise unknown_parameter(source, key, name, spec)
    if isinstance(spec, list):
        return _values_factor(name, target, spec, base, source)
    if isinstance(spec, dict):
        return _range_factor(name, target, spec, base, source, design)
    refuse(source, key, spec, "not a list of values nor a range",
           "[v1, v2, ...], { min, max [, step | num] [, log] }, or [ {label, p = v, ...}, ... ]")  # fmt: skip


def refuse(source: str, key: str, value: Any, problem: str, allowed: str) -> NoReturn:
    """Raise the ExperimentError of one line (``err_line``)."""
    raise ExperimentError(err_line(source, key, value, problem, allowed))


def _bundle_factor(name: str, spec: list[dict[str, Any]], base: Scenario, source: str) -> Factor:
    """A factor whose levels each set several parameters (``[{label, p = v, ...}, ...]``)."""
    key = f"parameters.{name}"
    labels, bundles = [], []
    for i, given in enumerate(spec):
        level = dict(given)
        label = level.pop("label", None)
        if not level:
            refuse(source, f"{key}[{i}]", given, "a level sets no parameter",
                   "tables of parameter = value, with an optional label")  # fmt: skip
        canon = {}
        for pk, pv in level.items():
            c = canonical(pk)
            if c is None:
                raise unknown_parameter(source, f"{key}[{i}].{pk}", pk, pv)
            if not isinstance(pv, SCALARS):
                refuse(source, f"{key}[{i}].{pk}", pv, "not a single value", "a number, text or true/false")
            canon[c] = pv
        check_override(base, canon, source, f"{key}[{i}]", given)
        if label is None:
            label = ", ".join(f"{k.split('.', 1)[1]}={v}" for k, v in canon.items())
        if not isinstance(label, SCALARS) or isinstance(label, bool):
            refuse(source, f"{key}[{i}].label", label, "not a label", "text or a number")
        labels.append(label)
        bundles.append(tuple(sorted(canon.items())))
    if len(set(labels)) != len(labels):
        refuse(source, key, labels, "level labels repeat", "distinct labels")
    return Factor(name=name, kind="bundle", levels=tuple(labels), bundles=tuple(bundles))


def _values_factor(name: str, target: str, spec: list[Any], base: Scenario, source: str) -> Factor:
    """A factor of listed single values, each checked against the scenario."""
    key = f"parameters.{name}"
    if not spec:
        refuse(source, key, spec, "empty list", "at least one value")
    if not all(isinstance(v, SCALARS) for v in spec):
        refuse(source, key, spec, "a list of values must hold single values",
               "numbers, text or true/false; or level tables")  # fmt: skip
    if len(set(map(repr, spec))) != len(spec):
        refuse(source, key, spec, "values repeat", "distinct values")
    for v in spec:
        check_override(base, {target: v}, source, key, v)
    return Factor(name=name, kind="values", target=target, levels=tuple(spec))


def _range_factor(name: str, target: str, spec: dict[str, Any], base: Scenario, source: str, design: str) -> Factor:
    """A range ``{ min, max [, step | num] [, log] }``: values for a grid, else sampled (integers rounded)."""
    key = f"parameters.{name}"
    lo, hi, log = _range_bounds(key, spec, source)
    current = _current_value(base, target)
    is_int = isinstance(current, int) and not isinstance(current, bool)
    for end in (lo, hi):
        check_override(base, {target: int(end) if is_int else float(end)}, source, key, end)
    if design == "grid":
        values = _grid_values(key, spec, source, lo, hi, log)
        levels = sorted(set(int(round(v)) for v in values)) if is_int else [float(round(v, 12)) for v in values]
        return Factor(name=name, kind="values", target=target, levels=tuple(levels))
    if "step" in spec or "num" in spec:
        refuse(source, key, spec, f"step/num only apply to a grid design (design = {design!r})",
               "{ min, max [, log] }")  # fmt: skip
    if is_int and math.ceil(lo) > math.floor(hi):
        refuse(source, key, spec, "no integer in the range", "min <= an integer <= max")
    return Factor(name=name, kind="range", target=target, low=float(lo), high=float(hi), log=log, integer=is_int)


def _range_bounds(key: str, spec: dict[str, Any], source: str) -> tuple[float, float, bool]:
    """(min, max, log) of a range, its keys checked."""
    unknown = sorted(set(spec) - RANGE_KEYS)
    if unknown:
        refuse(source, f"{key}.{unknown[0]}", spec[unknown[0]], "unknown key in a range", "min, max, step, num, log")
    for required in ("min", "max"):
        if required not in spec:
            refuse(source, key, spec, f"a range needs {required}", "{ min, max [, step | num] [, log] }")
    lo, hi = spec["min"], spec["max"]
    for end, v in (("min", lo), ("max", hi)):
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            refuse(source, f"{key}.{end}", v, "not a number", "a number")
        if not _finite(v):  # inf, nan, 1e400, an integer of 400 digits: no value of a parameter, nor a range to sample
            refuse(source, f"{key}.{end}", v, "not a finite number", "a finite number")
    if not lo < hi:
        refuse(source, key, spec, "min must be below max", "min < max")
    log = spec.get("log", False)
    if not isinstance(log, bool):
        refuse(source, f"{key}.log", log, "not true/false", "true or false")
    if log and lo <= 0:
        refuse(source, f"{key}.min", lo, "a log range must be positive", "min > 0")
    if "step" in spec and "num" in spec:
        refuse(source, key, spec, "give step or num, not both", "step or num")
    return lo, hi, log


def _finite(v: float) -> bool:
    """``v`` is a number a float can hold (an integer too large for one is not)."""
    try:
        return math.isfinite(v)
    except OverflowError:
        return False


def _grid_values(key: str, spec: dict[str, Any], source: str, lo: float, hi: float, log: bool) -> list[float]:
    """The values a range takes in a grid: every ``step`` from min, or ``num`` evenly spaced (geometric with log)."""
    if "step" in spec:
        step = spec["step"]
        if isinstance(step, bool) or not isinstance(step, (int, float)) or step <= 0:
            refuse(source, f"{key}.step", step, "not a positive number", "step > 0")
        steps = (hi - lo) / step
        if not math.isfinite(steps) or steps + 1 > MAX_LEVELS:
            refuse(source, f"{key}.step", step, f"gives more than {MAX_LEVELS:,} values", "a larger step")
        return [lo + i * step for i in range(int(math.floor(steps + 1e-9)) + 1)]
    if "num" in spec:
        num = spec["num"]
        if isinstance(num, bool) or not isinstance(num, int) or not 2 <= num <= MAX_LEVELS:
            refuse(source, f"{key}.num", num, "not an integer from 2", f"2 <= num <= {MAX_LEVELS:,}")
        return list(np.geomspace(lo, hi, num) if log else np.linspace(lo, hi, num))
    refuse(source, key, spec, "a range in a grid design needs step or num",
           "{ min, max, step } or { min, max, num }, or a list of values")  # fmt: skip


def check_morris(factors: list[Factor], levels: int, source: str) -> None:
    """Raise ExperimentError unless every factor can sit on a Morris grid of ``levels`` levels.

    Elementary effects need ordered ranges: a list of values or of level tables has no distance
    between its levels. An integer range must put every level on an integer (max - min a multiple
    of levels - 1), so that each step is exactly delta of the range, as the analysis divides by.
    """
    for f in factors:
        key = f"parameters.{f.name}"
        if f.kind != "range":
            refuse(
                source, key, list(f.levels), "a Morris design needs an ordered range, not a list of values",
                "{ min, max } or { min, max, log = true }; lists and level tables only in grid, lhs or sobol",
            )  # fmt: skip
        if not f.integer:
            continue
        span = f.high - f.low
        if f.log:
            refuse(source, f"{key}.log", True, "an integer parameter cannot have log levels on a Morris grid",
                   "a linear range { min, max } for an integer parameter")  # fmt: skip
        if not (float(f.low).is_integer() and float(f.high).is_integer()) or span % (levels - 1):
            lo, steps = math.ceil(f.low), max(1, round(span / (levels - 1)))
            shown = {k: int(v) if float(v).is_integer() else v for k, v in (("min", f.low), ("max", f.high))}
            refuse(source, key, shown,
                   f"integer levels need max - min a multiple of levels - 1 = {levels - 1} (every level an integer)",
                   f"e.g. min = {lo}, max = {lo + steps * (levels - 1)}")  # fmt: skip


def unknown_parameter(source: str, key: str, name: str, value: Any) -> ExperimentError:
    """The error for a parameter name that is unknown or ambiguous, with the closest names."""
    names = parameter_names()
    owners = [n for n in names if n.split(".", 1)[1] == name]
    if len(owners) > 1:
        return ExperimentError(err_line(source, key, value, f"{name!r} is ambiguous", " or ".join(owners)))
    pool = names + [n.split(".", 1)[1] for n in names]
    close = difflib.get_close_matches(name, pool, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return ExperimentError(
        err_line(
            source,
            key,
            value,
            f"unknown parameter {excerpt(name, NAME_EXCERPT)}{hint}",
            "section.key or key names listed by `cadre-sim params`",
        )
    )

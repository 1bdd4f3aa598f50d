"""The levers of a policy search: what a planner may choose, declared in a file apart from the model.

A levers file (TOML; ``experiments/levers_anji.toml``) holds an optional ``description`` and a
``[levers]`` table, each lever written as a factor of an experiment file (``sim.studies.sweep.factors``,
which reads and checks it against the scenario's schema):

    [levers]
    "pool.entry_willingness" = { min = 0.05, max = 0.4, log = true }   # a range (log scale)
    "pool.pool_cap" = { min = 200, max = 800 }        # an integer parameter stays an integer
    "pairing.matching" = ["organisation", "nearby", "similar_field"]   # choices
    ratio = [                                          # labelled choices that set several parameters
      { label = "1:1", "pairing.form" = "one_to_one", "pairing.mentees_per_mentor" = 1 },
      { label = "1:3", "pairing.form" = "one_to_many", "pairing.mentees_per_mentor" = 3 },
    ]

Parameters that only make sense together (a pairing form and its ratio) go in one lever of
labelled choices; two levers may not set the same parameter. A lever of one parameter is named in
reports by the schema's words; a lever of labelled choices by the file's own ``[words]``, 中文
then English, for its name and for each label (without them, the name and labels as written)::

    [words]
    ratio = ["师徒比例", "mentees per mentor"]
    "methods.equal" = ["六种方法均衡", "the six methods equally"] A range is searched continuously
(no ``step`` or ``num``). Every value and both ends of every range are checked against the
scenario before anything runs; an error names the file, the key, the value and what is allowed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.params.errors import NAME_EXCERPT, excerpt
from sim.params.reading import read_toml
from sim.params.schema import Scenario
from sim.studies.sweep.experiment_file import flatten_parameters
from sim.studies.sweep.factors import ExperimentError, Factor, err_line, parse_factor
from sim.words import pick, text

__all__ = ["RESERVED", "LeverError", "Levers", "check_lever_names", "load_levers", "suggest_levers"]

FILE_KEYS = {
    "description": "text",
    "levers": "a table of lever = range, list of choices, or list of level tables",
    "words": 'a table of lever or "lever.label" = ["中文", "English"], for levers of labelled choices',
}


RESERVED = ("trial", "feasible", "front_point", "point")  # trials.csv and front.csv columns beside levers and outcomes


class LeverError(ValueError):
    """A levers file that cannot be searched (naming the file, the key, the value and what is allowed)."""


@dataclass(frozen=True)
class Levers:
    """The levers of a search, read from ``source``."""

    source: str
    description: str
    factors: tuple[Factor, ...]
    words: dict[str, tuple[str, str]] = field(default_factory=dict)  # "lever" or "lever.label" -> (zh, en)

    def word(self, key: str, lang: str = "zh", default: str | None = None) -> str:
        """A labelled-choice lever's name (``key`` = lever) or label (``lever.label``) in ``lang``; else ``default`` (or ``key``)."""
        pair = self.words.get(key)
        if pair is not None:
            return pick(lang, *pair)
        return key if default is None else default

    @property
    def names(self) -> list[str]:
        """The levers' names, as written in the file (the columns of trials.csv)."""
        return [f.name for f in self.factors]

    @property
    def parameters(self) -> set[str]:
        """Every scenario parameter (``section.key``) some lever sets."""
        return {k for f in self.factors for k in _targets(f)}

    def describe(self) -> list[Any]:
        """What defines the levers, for the search's identity (a resumed search must match it)."""
        return [[f.name, f.kind, f.describe()] for f in self.factors]

    def overrides(self, choice: dict[str, Any]) -> dict[str, Any]:
        """The scenario overrides of one choice of every lever (lever name -> value or label)."""
        out: dict[str, Any] = {}
        for f in self.factors:
            out.update(f.overrides(choice[f.name]))
        return out


def _targets(f: Factor) -> list[str]:
    if f.kind == "bundle":
        return sorted({k for bundle in f.bundles for k, _ in bundle})
    assert f.target is not None, "a values or range factor has a target parameter"
    return [f.target]


def load_levers(path: str | Path, base: Scenario) -> Levers:
    """Read a levers file and check every lever against ``base``.

    Raises:
        LeverError: a missing or unreadable file, an unknown key, an unknown parameter, a bad
            range or choice, a value the scenario refuses, two levers on one parameter.
    """
    path = Path(path)
    source = str(path)
    data, _ = read_toml(path, "levers", LeverError)
    for key in data:
        if key not in FILE_KEYS:
            allowed = ", ".join(f"{k} ({v})" for k, v in FILE_KEYS.items())
            raise LeverError(err_line(source, key, data[key], "unknown key", allowed))
    description = data.get("description", "")
    if not isinstance(description, str):
        raise LeverError(err_line(source, "description", description, "not text", "text"))
    spec = data.get("levers")
    if not isinstance(spec, dict) or not spec:
        raise LeverError(f'{source}: no [levers] table (e.g. [levers] "pairing.matching" = ["organisation", "nearby"])')
    factors: list[Factor] = []
    owner: dict[str, str] = {}
    for name, lever in flatten_parameters(spec).items():  # [levers.pairing] matching = ... too
        if isinstance(lever, dict) and {"step", "num"} & set(lever):
            extra = sorted({"step", "num"} & set(lever))[0]
            raise LeverError(
                err_line(source, f"levers.{name}.{extra}", lever[extra], "a lever's range is searched continuously",
                         "{ min, max } or { min, max, log = true }, or a list of choices")
            )  # fmt: skip
        try:
            factor = parse_factor(name, lever, base, source, design="lhs")
        except ExperimentError as e:  # the factor reader names an experiment file's [parameters] table
            raise LeverError(str(e).replace(f"{source}: parameters.", f"{source}: levers.")) from None
        if factor.kind == "range" and factor.integer and factor.log and math.ceil(factor.low) < 1:
            raise LeverError(err_line(source, f"levers.{name}.min", lever["min"], "a log range must start at 1 or above for an integer", "min >= 1"))  # fmt: skip
        for key in _targets(factor):
            if key in owner:
                raise LeverError(
                    err_line(source, f"levers.{name}", lever, f"sets {key}, which lever {excerpt(owner[key], NAME_EXCERPT)} sets too",
                             "each parameter in one lever (put parameters that go together in one list of level tables)")
                )  # fmt: skip
            owner[key] = name
        factors.append(factor)
    return Levers(source, description, tuple(factors), _words(data.get("words", {}), factors, source))


def _words(table: Any, factors: list[Factor], source: str) -> dict[str, tuple[str, str]]:
    """The ``[words]`` table, checked: keys name a lever of labelled choices or one of its labels."""
    if not isinstance(table, dict):
        raise LeverError(err_line(source, "words", table, "not a table", FILE_KEYS["words"]))
    keys = {f.name for f in factors if f.kind == "bundle"}
    keys |= {f"{f.name}.{label}" for f in factors if f.kind == "bundle" for label in f.levels}
    words: dict[str, tuple[str, str]] = {}
    for key, pair in table.items():  # keys are quoted ("methods.equal"): TOML would nest a bare dotted key
        if key not in keys:
            raise LeverError(err_line(source, f"words.{key}", pair, "names no lever of labelled choices nor a label of one", ", ".join(sorted(keys)) or "none: the file has no such lever"))  # fmt: skip
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(w, str) and w.strip() for w in pair)):
            raise LeverError(err_line(source, f"words.{key}", pair, "not two words", '["中文", "English"]'))
        words[key] = (pair[0], pair[1])
    return words


def check_lever_names(levers: Levers, outcomes: list[str], lang: str = "en") -> None:
    """Refuse a lever named like a column the search's tables hold besides the levers (``RESERVED``, an outcome searched).

    Raises:
        LeverError: one line naming the levers file, the lever and the reserved names.
    """
    reserved = [*RESERVED, *outcomes]
    for name in levers.names:
        if name in reserved:
            raise LeverError(
                text("optimise.reserved_lever", lang, file=levers.source, lever=name, reserved=", ".join(reserved))
            )


def suggest_levers(trial: Any, levers: Levers) -> dict[str, Any]:
    """An Optuna trial's choice of every lever (lever name -> value, or a label for level tables)."""
    choice: dict[str, Any] = {}
    for f in levers.factors:
        if f.kind == "range" and f.integer:
            choice[f.name] = trial.suggest_int(f.name, math.ceil(f.low), math.floor(f.high), log=f.log)
        elif f.kind == "range":
            choice[f.name] = trial.suggest_float(f.name, f.low, f.high, log=f.log)
        else:
            choice[f.name] = trial.suggest_categorical(f.name, list(f.levels))
    return choice

"""Experiment files: which parameters a sweep varies, how, and how often.

The space to explore is declared here, apart from the model (EMA Workbench style): an
experiment names a base scenario, fixed overrides, the varied parameters, a design,
replicates, a root seed and the outcomes to keep. ``cadre-sim sweep FILE`` runs it.

File format (TOML; every key is checked, unknown keys are errors)::

    # Which question this experiment answers (a comment).
    name = "ratio_x_methods"          # optional; default: the file name
    description = "one line"          # optional
    scenario = "baseline"             # a scenario file, relative to this file, or a bundled name
    design = "grid"                   # "grid" (full factorial), "lhs" (Latin hypercube), "sobol" (Saltelli)
    samples = 64                      # lhs: number of points; sobol: base sample N (a power of 2)
    replicates = 5                    # runs per design point (different seeds)
    seed = 20240501                   # root seed of the whole experiment
    common_random_numbers = true      # replicate r of every design point uses the same seed
    outcomes = ["backbones_total"]    # outcomes to keep (default: all of sim.run.OUTCOMES)

    [fixed]                           # overrides applied to every run
    "run.years" = 10

    [parameters]                      # what varies; names as in `cadre-sim params`
    "pairing.mentees_per_mentor" = [1, 2, 3]            # a list of values
    "growth.mentoring_rate" = { min = 0.02, max = 0.12 } # a range (lhs / sobol)
    "pool.review_removal_share" = { min = 0, max = 0.2, num = 5 }   # grid: 5 evenly spaced values
    "flows.intake_per_year" = { min = 100, max = 400, step = 100 }  # grid: 100, 200, 300, 400
    # A factor whose levels each set several parameters (for parameters that must change together):
    ratio = [ { label = "1:1", "pairing.form" = "one_to_one", "pairing.mentees_per_mentor" = 1 },
              { label = "1:2", "pairing.form" = "one_to_many", "pairing.mentees_per_mentor" = 2 } ]

Parameters may also be written as nested tables (``[parameters.pairing]`` then
``mentees_per_mentor = [1, 2]``). Integer parameters sampled from a range are rounded (each
integer in the range is equally likely).

Seeds. Every run gets one integer seed (the ``seed`` column of the results), derived from
``numpy.random.SeedSequence(seed, spawn_key=(stream,))``, i.e. the ``stream``-th child that
``SeedSequence(seed).spawn`` would give. With ``common_random_numbers = true`` (the default) the
stream is the replicate index: replicate r of every design point draws the same random
numbers, so differences between points come from the parameters, not from luck (smoother
plots, sharper sensitivity indices). With ``false`` the stream is the run index and every run
is independent. Either way the seed depends only on the file, never on the backend or the
number of workers, so results are identical to the bit on 1 or many workers or on Dask.

Run order: run index ``k`` is design point ``k // replicates``, replicate ``k % replicates``.
Grid points vary the last parameter fastest. A Sobol design has ``samples * (d + 2)`` points:
matrix A (N rows), matrix B (N rows), then for each parameter i the matrix A with column i
taken from B (Saltelli 2010, as in ``scipy.stats.sobol_indices``).
"""

from __future__ import annotations

import difflib
import hashlib
import itertools
import json
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

__all__ = [
    "ExperimentError",
    "ExperimentFile",
    "Experiment",
    "Factor",
    "load_experiment",
    "derive_seed",
    "EXPERIMENT_DIR",
]

EXPERIMENT_DIR = Path(__file__).resolve().parent.parent / "experiments"

Scalar = bool | int | float | str
_RANGE_KEYS = {"min", "max", "step", "num", "log"}


class ExperimentError(ValueError):
    """An experiment file that cannot be run; the message names file, key, value and what is allowed."""


def derive_seed(root_seed: int, stream: int) -> int:
    """The integer seed of stream ``stream``: child ``stream`` of ``SeedSequence(root_seed)``.

    Returned as a 63-bit integer so it fits an int64 column and can be given back to
    ``simulate(scenario, seed)`` (or ``cadre-sim run --seed``) to replay one run exactly.
    """
    ss = np.random.SeedSequence(int(root_seed), spawn_key=(int(stream),))
    return int(ss.generate_state(1, np.uint64)[0] >> np.uint64(1))


class ExperimentFile(BaseModel):
    """The keys an experiment file may hold (closed: anything else is an error)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str | None = Field(None, min_length=1, max_length=120)
    description: str = ""
    scenario: str = Field(min_length=1)
    design: Literal["grid", "lhs", "sobol"] = "grid"
    samples: int | None = Field(None, ge=1, le=10_000_000)
    replicates: int = Field(1, ge=1, le=1_000_000)
    seed: int = Field(20240501, ge=0, le=2**63 - 1)
    common_random_numbers: bool = True
    outcomes: list[str] = Field(default_factory=list)
    fixed: dict[str, Scalar] = Field(default_factory=dict)
    parameters: dict[str, Any] = Field(min_length=1)


_ALLOWED = {
    "name": "text, 1 to 120 characters",
    "description": "text",
    "scenario": "path of a scenario file (relative to the experiment file) or a bundled scenario name",
    "design": "'grid', 'lhs', 'sobol'",
    "samples": "integer 1 .. 10000000 (lhs: points; sobol: base sample, a power of 2)",
    "replicates": "integer 1 .. 1000000",
    "seed": "integer 0 .. 2**63-1",
    "common_random_numbers": "true or false",
    "outcomes": "list of outcome names (see sim.run.OUTCOMES)",
    "fixed": "table of parameter = value",
    "parameters": "table of parameter = list of values, or { min, max [, step | num] [, log] }, or list of level tables",
}


def _err(source: str, key: str, value: Any, problem: str, allowed: str) -> str:
    shown = "" if value is _MISSING else f" = {value!r}"
    return f"{source}: {key}{shown}: {problem} (allowed: {allowed})"


_MISSING = object()


def _format_pydantic(err: ValidationError, source: str) -> str:
    lines = []
    for e in err.errors():
        loc = [str(p) for p in e["loc"]]
        key = ".".join(loc) if loc else "(top level)"
        top = loc[0] if loc else ""
        if e["type"] == "extra_forbidden":
            close = difflib.get_close_matches(top, list(_ALLOWED), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            lines.append(_err(source, key, _MISSING, f"unknown key{hint}", "keys: " + ", ".join(_ALLOWED)))
            continue
        value = _MISSING if e["type"] == "missing" else e.get("input")
        if isinstance(value, dict) and top in ("fixed", "parameters") and len(loc) == 1:
            value = _MISSING
        lines.append(_err(source, key, value, e["msg"], _ALLOWED.get(top, "see sim/experiment.py")))
    return "\n".join(lines)


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

    def overrides(self, value: Any) -> dict[str, Any]:
        if self.kind == "bundle":
            return dict(self.bundles[self.levels.index(value)])
        return {self.target: value}

    def describe(self) -> Any:
        if self.kind == "range":
            d = {"min": self.low, "max": self.high, "log": self.log, "integer": self.integer}
            return {"target": self.target, **d}
        if self.kind == "bundle":
            return {"levels": [[lab, sorted(b)] for lab, b in zip(self.levels, self.bundles)]}
        return {"target": self.target, "values": list(self.levels)}


@dataclass
class Experiment:
    """A validated experiment: the base scenario, the factors and the run plan."""

    path: Path | None
    spec: ExperimentFile
    name: str
    base: Any  # sim.parameters.Scenario with `fixed` applied
    factors: list[Factor]
    outcomes: list[str]
    text: str = ""
    _points: list[tuple] | None = field(default=None, repr=False)

    # ---- design -------------------------------------------------------------------------
    @property
    def design(self) -> str:
        return self.spec.design

    @property
    def replicates(self) -> int:
        return self.spec.replicates

    @property
    def parameter_names(self) -> list[str]:
        return [f.name for f in self.factors]

    @property
    def n_points(self) -> int:
        if self.design == "grid":
            return math.prod(len(f.levels) for f in self.factors)
        return len(self.points())

    @property
    def n_runs(self) -> int:
        return self.n_points * self.replicates

    def points(self) -> list[tuple]:
        """All design points (tuples of factor values, in factor order)."""
        if self._points is None:
            if self.design == "grid":
                self._points = list(itertools.product(*(f.levels for f in self.factors)))
            else:
                u = self.unit_design()
                self._points = [tuple(f.from_unit(x) for f, x in zip(self.factors, row)) for row in u]
        return self._points

    def point(self, p: int) -> tuple:
        if self.design == "grid" and self._points is None:
            sizes = [len(f.levels) for f in self.factors]
            idx = np.unravel_index(p, sizes)
            return tuple(f.levels[int(i)] for f, i in zip(self.factors, idx))
        return self.points()[p]

    def unit_design(self) -> np.ndarray:
        """The lhs / sobol design on the unit hypercube, one row per point."""
        from scipy.stats import qmc

        d = len(self.factors)
        rng = np.random.default_rng(self.spec.seed)
        n = self.spec.samples
        if self.design == "lhs":
            return qmc.LatinHypercube(d=d, rng=rng).random(n)
        # Saltelli: A, B from one 2d-dimensional scrambled Sobol' sequence, then AB_i.
        ab = qmc.Sobol(d=2 * d, rng=rng, bits=64).random(n)
        a, b = ab[:, :d], ab[:, d:]
        blocks = [a, b]
        for i in range(d):
            abi = a.copy()
            abi[:, i] = b[:, i]
            blocks.append(abi)
        return np.vstack(blocks)

    # ---- runs ---------------------------------------------------------------------------
    def stream(self, run: int) -> int:
        return run % self.replicates if self.spec.common_random_numbers else run

    def seed(self, run: int) -> int:
        return derive_seed(self.spec.seed, self.stream(run))

    def params(self, point: tuple) -> dict[str, Any]:
        """Column values of a design point (factor name -> value)."""
        return {f.name: v for f, v in zip(self.factors, point)}

    def overrides(self, point: tuple) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f, v in zip(self.factors, point):
            out.update(f.overrides(v))
        return out

    def task(self, run: int) -> tuple[int, dict, dict, int]:
        """(run, column values, scenario overrides, seed) of run index ``run``."""
        point = self.point(run // self.replicates)
        return run, self.params(point), self.overrides(point), self.seed(run)

    # ---- identity -----------------------------------------------------------------------
    def fingerprint_data(self) -> dict[str, Any]:
        """Everything that decides which runs exist and what they compute."""
        return {
            "base_scenario": _jsonable(self.base.model_dump()),
            "design": self.design,
            "samples": self.spec.samples,
            "replicates": self.replicates,
            "seed": self.spec.seed,
            "common_random_numbers": self.spec.common_random_numbers,
            "factors": {f.name: _jsonable(f.describe()) for f in self.factors},
            "outcomes": list(self.outcomes),
            "n_runs": self.n_runs,
        }

    def fingerprint(self) -> str:
        blob = json.dumps(self.fingerprint_data(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()


def _jsonable(x: Any) -> Any:
    return json.loads(json.dumps(x, sort_keys=True, default=str))


# ---- loading ------------------------------------------------------------------------------
def _flatten_parameters(raw: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in raw.items():
        name = f"{prefix}{k}"
        if isinstance(v, dict) and not (set(v) & _RANGE_KEYS):
            out.update(_flatten_parameters(v, name + "."))
        else:
            out[name] = v
    return out


def _canonical(name: str) -> str | None:
    """The dotted parameter name for ``name`` (bare or dotted), or None if unknown/ambiguous."""
    from sim.parameters import parameter_names

    names = parameter_names()
    if name in names:
        return name
    owners = [n for n in names if n.split(".", 1)[1] == name]
    return owners[0] if len(owners) == 1 else None


def _current_value(scenario: Any, dotted: str) -> Any:
    section, key = dotted.split(".", 1)
    return getattr(getattr(scenario, section), key)


def _check_override(base: Any, overrides: dict[str, Any], source: str, key: str, value: Any) -> None:
    from sim.scenario import ScenarioError

    try:
        base.with_overrides(overrides, source=source)
    except ScenarioError as err:
        msg = str(err)
        # sim.scenario messages start with the source; keep ours naming the experiment key.
        prefix = f"{source}: "
        detail = "; ".join(line[len(prefix):] if line.startswith(prefix) else line for line in msg.splitlines())
        raise ExperimentError(f"{source}: {key} = {value!r}: not a valid value for the scenario: {detail}") from None


def _parse_factor(name: str, spec: Any, base: Any, source: str, design: str) -> Factor:
    key = f"parameters.{name}"
    scalar_types = (bool, int, float, str)

    # A list of level tables: a bundle factor.
    if isinstance(spec, list) and spec and all(isinstance(x, dict) for x in spec):
        labels, bundles = [], []
        for i, level in enumerate(spec):
            level = dict(level)
            label = level.pop("label", None)
            if not level:
                raise ExperimentError(_err(source, f"{key}[{i}]", spec[i], "a level sets no parameter",
                                           "tables of parameter = value, with an optional label"))
            canon = {}
            for pk, pv in level.items():
                c = _canonical(pk)
                if c is None:
                    raise _unknown_parameter(source, f"{key}[{i}].{pk}", pk, pv)
                if not isinstance(pv, scalar_types):
                    raise ExperimentError(_err(source, f"{key}[{i}].{pk}", pv, "not a single value",
                                               "a number, text or true/false"))
                canon[c] = pv
            _check_override(base, canon, source, f"{key}[{i}]", spec[i])
            if label is None:
                label = ", ".join(f"{k.split('.', 1)[1]}={v}" for k, v in canon.items())
            if not isinstance(label, scalar_types) or isinstance(label, bool):
                raise ExperimentError(_err(source, f"{key}[{i}].label", label, "not a label", "text or a number"))
            labels.append(label)
            bundles.append(tuple(sorted(canon.items())))
        if len(set(labels)) != len(labels):
            raise ExperimentError(_err(source, key, labels, "level labels repeat", "distinct labels"))
        return Factor(name=name, kind="bundle", levels=tuple(labels), bundles=tuple(bundles))

    target = _canonical(name)
    if target is None:
        raise _unknown_parameter(source, key, name, spec)
    current = _current_value(base, target)
    is_int = isinstance(current, int) and not isinstance(current, bool)

    if isinstance(spec, list):
        if not spec:
            raise ExperimentError(_err(source, key, spec, "empty list", "at least one value"))
        if not all(isinstance(v, scalar_types) for v in spec):
            raise ExperimentError(_err(source, key, spec, "a list of values must hold single values",
                                       "numbers, text or true/false; or level tables"))
        if len(set(map(repr, spec))) != len(spec):
            raise ExperimentError(_err(source, key, spec, "values repeat", "distinct values"))
        for v in spec:
            _check_override(base, {target: v}, source, key, v)
        return Factor(name=name, kind="values", target=target, levels=tuple(spec))

    if isinstance(spec, dict):
        unknown = set(spec) - _RANGE_KEYS
        if unknown:
            raise ExperimentError(_err(source, f"{key}.{sorted(unknown)[0]}", spec[sorted(unknown)[0]],
                                       "unknown key in a range", "min, max, step, num, log"))
        for req in ("min", "max"):
            if req not in spec:
                raise ExperimentError(_err(source, key, spec, f"a range needs {req}", "{ min, max [, step | num] [, log] }"))
        lo, hi = spec["min"], spec["max"]
        for k2, v2 in (("min", lo), ("max", hi)):
            if isinstance(v2, bool) or not isinstance(v2, (int, float)):
                raise ExperimentError(_err(source, f"{key}.{k2}", v2, "not a number", "a number"))
        if not lo < hi:
            raise ExperimentError(_err(source, key, spec, "min must be below max", "min < max"))
        log = spec.get("log", False)
        if not isinstance(log, bool):
            raise ExperimentError(_err(source, f"{key}.log", log, "not true/false", "true or false"))
        if log and lo <= 0:
            raise ExperimentError(_err(source, f"{key}.min", lo, "a log range must be positive", "min > 0"))
        if "step" in spec and "num" in spec:
            raise ExperimentError(_err(source, key, spec, "give step or num, not both", "step or num"))
        for end in (lo, hi):
            _check_override(base, {target: int(end) if is_int else float(end)}, source, key, end)
        if design == "grid":
            if "step" in spec:
                step = spec["step"]
                if isinstance(step, bool) or not isinstance(step, (int, float)) or step <= 0:
                    raise ExperimentError(_err(source, f"{key}.step", step, "not a positive number", "step > 0"))
                n = int(math.floor((hi - lo) / step + 1e-9)) + 1
                vals = [lo + i * step for i in range(n)]
            elif "num" in spec:
                num = spec["num"]
                if isinstance(num, bool) or not isinstance(num, int) or num < 2:
                    raise ExperimentError(_err(source, f"{key}.num", num, "not an integer >= 2", "num >= 2"))
                vals = list(np.geomspace(lo, hi, num) if log else np.linspace(lo, hi, num))
            else:
                raise ExperimentError(_err(source, key, spec, "a range in a grid design needs step or num",
                                           "{ min, max, step } or { min, max, num }, or a list of values"))
            if is_int:
                vals = sorted(set(int(round(v)) for v in vals))
            else:
                vals = [float(round(v, 12)) for v in vals]
            return Factor(name=name, kind="values", target=target, levels=tuple(vals))
        if "step" in spec or "num" in spec:
            raise ExperimentError(_err(source, key, spec, f"step/num only apply to a grid design (design = {design!r})",
                                       "{ min, max [, log] }"))
        if is_int and math.ceil(lo) > math.floor(hi):
            raise ExperimentError(_err(source, key, spec, "no integer in the range", "min <= an integer <= max"))
        return Factor(name=name, kind="range", target=target, low=float(lo), high=float(hi), log=log, integer=is_int)

    raise ExperimentError(_err(source, key, spec, "not a list of values nor a range",
                               "[v1, v2, ...], { min, max [, step | num] [, log] }, or [ {label, p = v, ...}, ... ]"))


def _unknown_parameter(source: str, key: str, name: str, value: Any) -> ExperimentError:
    from sim.parameters import parameter_names

    names = parameter_names()
    owners = [n for n in names if n.split(".", 1)[1] == name]
    if len(owners) > 1:
        return ExperimentError(_err(source, key, value, f"{name!r} is ambiguous", " or ".join(owners)))
    pool = names + [n.split(".", 1)[1] for n in names]
    close = difflib.get_close_matches(name, pool, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return ExperimentError(_err(source, key, value, f"unknown parameter {name!r}{hint}",
                                "section.key or key names listed by `cadre-sim params`"))


def _resolve_scenario_path(ref: str, exp_path: Path | None) -> Path | str:
    p = Path(ref)
    if not p.is_absolute() and exp_path is not None:
        cand = exp_path.parent / p
        if cand.exists():
            return cand
    return ref


def _known_outcomes() -> list[str] | None:
    try:
        from sim.run import OUTCOMES
    except ImportError:
        return None
    return list(OUTCOMES)


def parse_experiment(data: dict[str, Any], source: str, path: Path | None = None, text: str = "") -> Experiment:
    from sim.scenario import ScenarioError, load_scenario

    if isinstance(data.get("parameters"), dict):
        data = {**data, "parameters": _flatten_parameters(data["parameters"])}
    try:
        spec = ExperimentFile.model_validate(data)
    except ValidationError as err:
        raise ExperimentError(_format_pydantic(err, source)) from None

    if spec.design in ("lhs", "sobol"):
        if spec.samples is None:
            raise ExperimentError(_err(source, "samples", _MISSING, f"design = {spec.design!r} needs samples",
                                       _ALLOWED["samples"]))
        if spec.design == "sobol" and spec.samples & (spec.samples - 1):
            raise ExperimentError(_err(source, "samples", spec.samples,
                                       "a Sobol' design needs a power of 2 as base sample", "e.g. 32, 64, 128, 256"))
    elif spec.samples is not None:
        raise ExperimentError(_err(source, "samples", spec.samples, "only used by lhs and sobol designs",
                                   "leave samples out for a grid"))

    scen_ref = _resolve_scenario_path(spec.scenario, path)
    try:
        scenario = load_scenario(scen_ref)
    except ScenarioError as err:
        raise ExperimentError(f"{source}: scenario = {spec.scenario!r}: {err}") from None

    fixed = {}
    for k, v in spec.fixed.items():
        c = _canonical(k)
        if c is None:
            raise _unknown_parameter(source, f"fixed.{k}", k, v)
        fixed[c] = v
    if fixed:
        _check_override(scenario, fixed, source, "fixed", spec.fixed)
        scenario = scenario.with_overrides(fixed, source=source)

    factors = [_parse_factor(n, s, scenario, source, spec.design) for n, s in spec.parameters.items()]
    targets: dict[str, str] = {}
    for f in factors:
        for t in ([f.target] if f.target else [k for b in f.bundles for k, _ in b]):
            if t in targets and targets[t] != f.name:
                raise ExperimentError(_err(source, f"parameters.{f.name}", _MISSING,
                                           f"sets {t}, which parameters.{targets[t]} also sets",
                                           "each parameter varied by one factor only"))
            targets[t] = f.name
            if t in fixed:
                raise ExperimentError(_err(source, f"parameters.{f.name}", _MISSING,
                                           f"{t} is both fixed and varied", "a parameter in [fixed] or [parameters], not both"))

    known = _known_outcomes()
    outcomes = list(spec.outcomes)
    if known is not None:
        for o in outcomes:
            if o not in known:
                close = difflib.get_close_matches(o, known, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise ExperimentError(_err(source, "outcomes", o, f"unknown outcome{hint}", ", ".join(known)))
        if not outcomes:
            outcomes = known
    if len(set(outcomes)) != len(outcomes):
        raise ExperimentError(_err(source, "outcomes", outcomes, "outcomes repeat", "distinct names"))

    clash = set(f.name for f in factors) & (set(outcomes) | {"run", "point", "replicate", "seed", "status"})
    if clash:
        raise ExperimentError(_err(source, "parameters", sorted(clash), "a factor name clashes with a result column",
                                   "another factor name"))

    name = spec.name or (path.stem if path else "experiment")
    exp = Experiment(path=path, spec=spec, name=name, base=scenario, factors=factors, outcomes=outcomes, text=text)
    if exp.n_runs > 100_000_000:
        raise ExperimentError(_err(source, "parameters", _MISSING, f"the design has {exp.n_runs} runs",
                                   "at most 100,000,000 runs"))
    return exp


def load_experiment(path: str | Path) -> Experiment:
    """Read and validate an experiment file (a bare name like ``sobol_growth`` means
    ``experiments/sobol_growth.toml``). Raises ExperimentError; nothing is run or written."""
    p = Path(path)
    if not p.exists() and not p.suffix and (EXPERIMENT_DIR / f"{p}.toml").exists():
        p = EXPERIMENT_DIR / f"{p}.toml"
    if not p.is_file():
        bundled = ", ".join(sorted(q.stem for q in EXPERIMENT_DIR.glob("*.toml")))
        raise ExperimentError(f"{path}: no such experiment file (bundled ones: {bundled or 'none'})")
    text = p.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ExperimentError(f"{p}: not valid TOML: {err}") from None
    return parse_experiment(data, str(p), p, text)

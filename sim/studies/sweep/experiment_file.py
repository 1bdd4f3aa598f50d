"""Reading experiment files.

Every key checked (format in ``sim.studies.sweep.experiment``), every
value checked against the scenario it varies; nothing is run or written when a file is bad.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sim.model.outcomes import OUTCOMES
from sim.params.errors import Loc, ScenarioError, excerpt, format_validation_error
from sim.params.reading import exists, read_toml
from sim.params.scenario import load_scenario
from sim.params.schema import Scenario
from sim.params.sections import Name
from sim.runs.designs import MORRIS_LEVELS
from sim.studies.sweep.experiment import Experiment, count_points
from sim.studies.sweep.factors import (
    MISSING,
    RANGE_KEYS,
    ExperimentError,
    Factor,
    Scalar,
    check_morris,
    check_override,
    dotted,
    parse_factor,
    refuse,
)

__all__ = ["EXPERIMENT_DIR", "ExperimentFile", "apply_command", "load_experiment", "parse_experiment"]

EXPERIMENT_DIR = Path(__file__).resolve().parent.parent.parent / "experiments"
MAX_POINTS = 200_000  # design points, each validated as a whole scenario before the first run
MAX_RUNS = 2_000_000
MAX_MORRIS_LEVELS = 20  # grid levels p of a Morris design: 4 to 8 is usual (Saltelli et al. 2008), more buys little


class ExperimentFile(BaseModel):
    """The keys an experiment file may hold (closed: anything else is an error)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    name: Name | None = None
    description: str = Field(default="", max_length=1000)
    scenario: str = Field(min_length=1)
    design: Literal["grid", "lhs", "sobol", "morris"] = "grid"
    samples: int | None = Field(None, ge=1, le=MAX_POINTS)
    levels: int | None = Field(None, ge=4, le=MAX_MORRIS_LEVELS)
    replicates: int = Field(1, ge=1, le=10_000)
    seed: int = Field(20240501, ge=0, le=2**63 - 1)
    common_random_numbers: bool = True
    outcomes: list[str] = Field(default_factory=list)
    fixed: dict[str, Scalar] = Field(default_factory=dict)
    parameters: dict[str, Any] = Field(min_length=1)


_ALLOWED = {
    "name": "text, 1 to 80 characters, no / or \\, not starting with a dot",
    "description": "text",
    "scenario": "path of a scenario file (relative to the experiment file) or a bundled scenario name",
    "design": "'grid', 'lhs', 'sobol', 'morris'",
    "samples": f"integer 1 .. {MAX_POINTS:,} (lhs: points; sobol: base sample, a power of 2; morris: trajectories, 2 or more)",
    "levels": f"an even integer 4 .. {MAX_MORRIS_LEVELS} (morris: grid levels p; default {MORRIS_LEVELS})",
    "replicates": "integer 1 .. 10,000",
    "seed": "integer 0 .. 2**63-1",
    "common_random_numbers": "true or false",
    "outcomes": "list of outcome names (see sim.model.outcomes.OUTCOMES)",
    "fixed": "table of parameter = value",
    "parameters": "table of parameter = list of values, or { min, max [, step | num] [, log] }, or list of level tables",
}


def _format_pydantic(err: ValidationError, source: str) -> str:
    def where(loc: Loc) -> str:
        return ".".join(loc) if loc else "(top level)"

    def allowed(loc: Loc) -> str:
        return _ALLOWED.get(loc[0], "see sim/studies/sweep/experiment.py") if loc else "keys: " + ", ".join(_ALLOWED)

    def unknown(loc: Loc) -> tuple[str, list[str], str]:
        return "key", list(_ALLOWED), "keys: " + ", ".join(_ALLOWED)

    return format_validation_error(err, source, where=where, allowed=allowed, unknown=unknown)


# ---- loading ------------------------------------------------------------------------------
def flatten_parameters(raw: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in raw.items():
        name = f"{prefix}{k}"
        if isinstance(v, dict) and not (set(v) & RANGE_KEYS):
            out.update(flatten_parameters(v, name + "."))
        else:
            out[name] = v
    return out


def _resolve_scenario_path(ref: str, exp_path: Path | None) -> Path | str:
    p = Path(ref)
    if not p.is_absolute() and exp_path is not None:
        cand = exp_path.parent / p
        if cand.exists():
            return cand
    return ref


def parse_experiment(data: dict[str, Any], source: str, path: Path | None = None, text: str = "") -> Experiment:
    """A validated ``Experiment`` from the data of an experiment file.

    Raises:
        ExperimentError: the first problem, naming the file, key, value and what is allowed.
    """
    if isinstance(data.get("parameters"), dict):
        data = {**data, "parameters": flatten_parameters(data["parameters"])}
    try:
        spec = ExperimentFile.model_validate(data)
    except ValidationError as err:
        raise ExperimentError(_format_pydantic(err, source)) from None
    _check_design_keys(spec, source)
    _check_samples(spec, source)
    _check_declared_size(spec, source)
    try:
        scenario = load_scenario(_resolve_scenario_path(spec.scenario, path))
    except ScenarioError as err:
        raise ExperimentError(f"{source}: scenario = {excerpt(spec.scenario)}: {err}") from None
    scenario, fixed = _with_fixed(spec, scenario, source)
    factors = [parse_factor(n, s, scenario, source, spec.design) for n, s in spec.parameters.items()]
    if spec.design == "morris":
        check_morris(factors, spec.levels or MORRIS_LEVELS, source)
    _check_targets(factors, fixed, source)
    outcomes = _outcomes(spec, source)
    clash = set(f.name for f in factors) & (set(outcomes) | {"run", "point", "replicate", "seed", "status"})
    if clash:
        refuse(source, "parameters", sorted(clash), "a factor name clashes with a result column", "another factor name")
    name = spec.name or (path.stem if path else "experiment")
    exp = Experiment(path=path, spec=spec, name=name, base=scenario, factors=factors, outcomes=outcomes, text=text)
    _check_size(exp.n_points, exp.replicates, source)
    check_points(exp, source)
    return exp


def _check_samples(spec: ExperimentFile, source: str) -> None:
    """``samples`` given exactly when the design samples (lhs, sobol, morris); a power of 2 for Sobol'."""
    if spec.design == "grid":
        if spec.samples is not None:
            refuse(source, "samples", spec.samples, "only used by lhs, sobol and morris designs",
                   "leave samples out for a grid")  # fmt: skip
        return
    if spec.samples is None:
        refuse(source, "samples", MISSING, f"design = {spec.design!r} needs samples", _ALLOWED["samples"])
    if spec.design == "sobol" and spec.samples & (spec.samples - 1):
        refuse(source, "samples", spec.samples, "a Sobol' design needs a power of 2 as base sample",
               "e.g. 32, 64, 128, 256")  # fmt: skip


def _with_fixed(spec: ExperimentFile, scenario: Scenario, source: str) -> tuple[Scenario, dict[str, Any]]:
    """The scenario with the file's ``[fixed]`` values, and those values by dotted name."""
    fixed = dotted(spec.fixed, source, "fixed.{name}")
    if not fixed:
        return scenario, fixed
    check_override(scenario, fixed, source, "fixed", spec.fixed)
    return scenario.with_overrides(fixed, source=source), fixed


def _check_targets(factors: list[Factor], fixed: dict[str, Any], source: str) -> None:
    """Each parameter varied by one factor only, and never both fixed and varied."""
    targets: dict[str, str] = {}
    for f in factors:
        for t in f.targets:
            if t in targets and targets[t] != f.name:
                refuse(source, f"parameters.{f.name}", MISSING, f"sets {t}, which parameters.{targets[t]} also sets",
                       "each parameter varied by one factor only")  # fmt: skip
            targets[t] = f.name
            if t in fixed:
                refuse(source, f"parameters.{f.name}", MISSING, f"{t} is both fixed and varied",
                       "a parameter in [fixed] or [parameters], not both")  # fmt: skip


def _outcomes(spec: ExperimentFile, source: str) -> list[str]:
    """The outcomes to keep: the file's, each known and none twice, or every outcome."""
    known = list(OUTCOMES)
    outcomes = list(spec.outcomes)
    for o in outcomes:
        if o not in known:
            close = difflib.get_close_matches(o, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            refuse(source, "outcomes", o, f"unknown outcome{hint}", ", ".join(known))
    if not outcomes:
        outcomes = known
    if len(set(outcomes)) != len(outcomes):
        refuse(source, "outcomes", outcomes, "outcomes repeat", "distinct names")
    return outcomes


def _check_design_keys(spec: ExperimentFile, source: str) -> None:
    """The keys only a Morris design takes: samples (trajectories) 2 or more, levels even."""
    if spec.design != "morris":
        if spec.levels is not None:
            refuse(source, "levels", spec.levels, "only used by a morris design", "leave levels out")
        return
    if spec.samples is not None and spec.samples < 2:
        refuse(source, "samples", spec.samples, "a Morris design needs 2 or more trajectories to estimate sigma",
               "samples = 2 or more trajectories; 10 to 50 is usual")  # fmt: skip
    if spec.levels is not None and spec.levels % 2:
        refuse(source, "levels", spec.levels,
               "Morris levels must be even (with an odd p the step p / (2 (p - 1)) falls between grid levels)",
               _ALLOWED["levels"])  # fmt: skip


def _check_declared_size(spec: ExperimentFile, source: str) -> None:
    """Refuse a design too large as written, before any value is checked against the scenario.

    Lists of values count their values, a grid's ranges one value each (their steps are counted once read):
    at most the design's size, so nothing that fits is refused.
    """
    levels = [len(v) if isinstance(v, list) else 1 for v in spec.parameters.values()]
    least = spec.design == "grid" and not all(isinstance(v, list) for v in spec.parameters.values())
    _check_size(count_points(spec.design, spec.samples or 0, levels), spec.replicates, source, least)


def _check_size(points: int, replicates: int, source: str, least: bool = False) -> None:
    """Refuse a design of more than ``MAX_POINTS`` points or ``MAX_RUNS`` runs, naming both counts and limits."""
    if points > MAX_POINTS or points * replicates > MAX_RUNS:
        more = " or more" if least else ""
        refuse(
                source, "parameters", MISSING,
                f"the design has {points:,} points{more} x {replicates:,} replicates = {points * replicates:,} runs{more}",
                f"at most {MAX_POINTS:,} points and {MAX_RUNS:,} runs: fewer values, samples or replicates",
            )  # fmt: skip


def check_points(exp: Experiment, source: str) -> None:
    """Validate every design point as a whole scenario; remember the one with the most people.

    Parameters that must agree (the ages of the second line and of retirement, say) are only
    checked together; the point with the most people bounds the sweep's memory.

    Raises:
        ExperimentError: naming the first point that is not a valid scenario.
    """
    largest, most = exp.base, -1
    for p in range(exp.n_points):
        point = exp.point(p)
        try:
            scenario = exp.base.with_overrides(exp.overrides(point), source=source)
        except ScenarioError as err:
            values = ", ".join(f"{k} = {excerpt(v)}" for k, v in exp.params(point).items())
            detail = "; ".join(line.split(": ", 1)[-1] for line in str(err).splitlines())
            raise ExperimentError(f"{source}: design point {p} ({values}) is not a valid scenario: {detail}") from None
        rows = scenario.population.initial_cadres + scenario.flows.intake_per_year * (scenario.run.years + 1)
        if rows > most:
            largest, most = scenario, rows
    exp.largest = largest


def apply_command(exp: Experiment, replicates: int | None = None, sets: dict[str, Any] | None = None) -> Experiment:
    """The experiment with the command line's ``--replicates`` and ``--set`` values.

    ``--set`` changes the base scenario (after the file's ``[fixed]``), checked like a scenario;
    a parameter the design varies cannot be set. The values are kept in ``command`` (with
    parameters as ``section.key``), which the sweep folder records, so that a resumed sweep with
    other values is refused.

    Raises:
        ExperimentError: a bad replicate count, an unknown or varied parameter, a value the
            scenario rejects, a design point that is no longer valid, or a design too large.
    """
    source = "command line"
    if replicates is None and not sets:
        return exp
    if replicates is not None and not (isinstance(replicates, int) and 1 <= replicates <= 10_000):
        refuse(source, "--replicates", replicates, "out of range", _ALLOWED["replicates"])
    changed = dotted(sets or {}, source, "--set {name}")
    varied = {t for f in exp.factors for t in f.targets}
    for key in changed:
        if key in varied:
            refuse(source, f"--set {key}", changed[key], "the experiment varies this parameter",
                   "parameters the design does not vary (" + ", ".join(sorted(varied)) + " are varied)")  # fmt: skip
    base = exp.base
    if changed:
        if len(changed) == 1:
            key, value = next(iter(changed.items()))
            check_override(base, changed, source, f"--set {key}", value)
        else:
            check_override(base, changed, source, "--set", ", ".join(f"{k}={v}" for k, v in changed.items()))
        base = base.with_overrides(changed, source="--set")
    spec = exp.spec if replicates is None else exp.spec.model_copy(update={"replicates": replicates})
    command: dict[str, Any] = {}
    if replicates is not None:
        command["replicates"] = replicates
    if changed:
        command["set"] = dict(sorted(changed.items()))
    new = Experiment(path=exp.path, spec=spec, name=exp.name, base=base, factors=exp.factors,
                     outcomes=exp.outcomes, text=exp.text, command=command)  # fmt: skip
    _check_size(new.n_points, new.replicates, source)
    check_points(new, source)
    return new


def load_experiment(path: str | Path) -> Experiment:
    """Read and validate an experiment file; nothing is run or written.

    A bare name like ``sobol_growth`` means
    ``experiments/sobol_growth.toml``). Raises ExperimentError; nothing is run or written.
    """
    p = Path(path)
    if not exists(p) and not p.suffix and "/" not in str(p) and exists(EXPERIMENT_DIR / f"{p}.toml"):
        p = EXPERIMENT_DIR / f"{p}.toml"
    if not exists(p) and len(str(p)) <= 255:
        bundled = ", ".join(sorted(q.stem for q in EXPERIMENT_DIR.glob("*.toml")))
        raise ExperimentError(f"{path}: no such experiment file (bundled ones: {bundled or 'none'})")
    data, text = read_toml(p, "experiment", ExperimentError)
    return parse_experiment(data, str(p), p, text)

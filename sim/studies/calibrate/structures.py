"""Model structures fitted side by side: the structural ensemble of a calibration.

A **structure** is a choice of the model's mechanism variants (``[growth] law``, ``[pool] mentor_load``
...) and, where needed, their own parameters: a line of settings applied to the scenario. A structures
file (``calibration/structures/anji.toml``) lists them, the default structure first::

    [[structure]]
    name = "tacit"
    description = "heterogeneous ceilings with a tacit part only a mentor passes on"
    set = { "growth.law" = "tacit_ceiling" }
    free = { "growth.tacit_ceiling_share" = { min = 0.1, max = 0.6 } }   # its own unknowns, fitted too

``calibrate ... --structures FILE`` fits each structure to the same targets with the same free
parameters (and its own, ``free``: a variant's parameters no report gives), seeds and settings (``fit``), each in ``FIT/structures/<name>/``, a fit folder of its own
(resumable, as any fit). A structure is **ruled out** when history matching leaves none of its sets
plausible (every set's largest implausibility above ``history.CUTOFF``), nor any of its point fit's
trials, and its best fit misses a target (within 10%) on fresh seeds; the others are what the reports
cannot tell apart.
The plausible sets of every structure not ruled out make the ensemble (``FIT/ensemble.csv``): one row
a (structure, parameter set) pair, a column ``structure`` and a column per setting any structure makes
(``growth.law`` ...), so ``compare --ensemble`` and ``optimise --ensemble`` run every policy under
every structure the reports leave standing. ``FIT/scenario.toml`` is the first such structure's fit.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from sim.params.errors import ScenarioError
from sim.params.reading import read_text
from sim.params.schema import Scenario, resolve_key
from sim.studies.calibrate.effects import StructureEffect, mentoring_effect
from sim.studies.calibrate.fit import Fit, fit
from sim.studies.calibrate.free import FreeParameter, read_free
from sim.studies.calibrate.history import CUTOFF, implausibility
from sim.studies.calibrate.targets import TargetError, TargetSet
from sim.words import Book

__all__ = ["Structure", "StructuralFit", "StructureFit", "fit_structures", "load_structures"]

W = Book("calibrate")
EN = "en"  # the study's errors, in English as the command shows them for now
MAX_STRUCTURES = 20  # structures in one file (each is a whole fit)
MAX_BYTES = 1_000_000
NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass(frozen=True)
class Structure:
    """A choice of mechanism variants (and their parameters), fitted as one model structure."""

    name: str
    description: str
    settings: dict[str, Any]  # section.key -> value
    free: tuple[FreeParameter, ...] = ()  # its own free parameters, fitted with the file's


def load_structures(path: str | Path, base: Scenario) -> list[Structure]:
    """The structures of a file, each checked against ``base`` (its settings must make a valid scenario).

    Raises:
        TargetError: an unreadable file, no structure, a bad or repeated name, a setting the scenario refuses
            (one line naming the file and the structure).
    """
    path = Path(path)
    text = read_text(path, "structures", TargetError, limit=MAX_BYTES)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise TargetError(W("structures_unreadable", EN, file=path, error=e)) from None
    entries = data.get("structure")
    unknown = sorted(set(data) - {"structure"})
    if unknown:
        raise TargetError(W("structures_unknown_key", EN, file=path, keys=", ".join(unknown)))
    if not isinstance(entries, list) or not entries or not all(isinstance(e, dict) for e in entries):
        raise TargetError(W("structures_none", EN, file=path))
    if len(entries) > MAX_STRUCTURES:
        raise TargetError(W("structures_too_many", EN, file=path, n=len(entries), most=MAX_STRUCTURES))
    structures: list[Structure] = []
    for entry in entries:
        name = entry.get("name")
        if not isinstance(name, str) or not NAME.match(name):
            raise TargetError(W("structure_bad_name", EN, file=path, name=repr(name)[:60]))
        if name in {s.name for s in structures}:
            raise TargetError(W("structure_twice", EN, file=path, name=name))
        extra = sorted(set(entry) - {"name", "description", "set", "free"})
        settings = entry.get("set", {})
        if extra or not isinstance(settings, dict) or not isinstance(entry.get("description", ""), str):
            raise TargetError(W("structure_bad_entry", EN, file=path, name=name))
        try:
            keyed = {"{}.{}".format(*resolve_key(str(k))): v for k, v in settings.items()}
            scenario = base.with_overrides(keyed, source=f"{path} ({name})")
        except ScenarioError as e:
            raise TargetError(W("structure_refused", EN, file=path, name=name, error=e)) from None
        own = entry.get("free", {})
        if not isinstance(own, dict):
            raise TargetError(W("structure_bad_entry", EN, file=path, name=name))
        free = read_free(own, scenario, f"{path} ({name})") if own else []
        structures.append(Structure(name, str(entry.get("description", "")), keyed, tuple(free)))
    return structures


@dataclass(frozen=True)
class StructureFit:
    """One structure's fit, whether the reports rule it out, and what mentoring does under it."""

    structure: Structure
    fit: Fit
    ruled_out: bool
    effect: StructureEffect


@dataclass(frozen=True)
class StructuralFit:
    """Every structure's fit and the ensemble of (structure, parameter set) pairs not ruled out."""

    folder: Path
    fits: list[StructureFit]
    ensemble: pd.DataFrame  # structure, its settings' columns, the free parameters, implausibility / score
    keys: list[str]  # the settings' keys, in first-seen order

    @property
    def standing(self) -> list[StructureFit]:
        """The structures the reports cannot rule out, in file order."""
        return [f for f in self.fits if not f.ruled_out]


def plausible_trials(result: Fit, targets: TargetSet) -> pd.DataFrame:
    """The point fit's trials no figure rules out (largest implausibility at most ``CUTOFF``), best first.

    A trial keeps only its means, not its runs' spread, so its implausibility is taken with no run-to-run
    variance: stricter than history matching's.
    """
    table = result.trials
    worst = pd.Series(0.0, index=table.index)
    for t in targets.targets:
        if t.name in table.columns:
            worst = worst.combine(table[t.name].map(lambda m, t=t: implausibility(t, float(m), math.nan)), max)
    return table[worst <= CUTOFF].reset_index(drop=True)


def ruled_out(result: Fit, targets: TargetSet) -> bool:
    """Whether the reports rule a structure out: no set found plausible, and its best fit misses a figure.

    A set is found plausible by history matching or among the point fit's trials (``plausible_trials``):
    history matching's few points in many dimensions may miss a region the point fit has found. A best
    fit that meets every figure within 10% on fresh seeds also keeps the structure standing.
    """
    if result.history is not None and len(result.history.plausible):
        return False
    if len(plausible_trials(result, targets)):
        return False
    return not bool(result.check.after_within_10pct.all())


def _resolved(scenario: Scenario, key: str) -> Any:
    section, name = key.split(".", 1)
    return getattr(getattr(scenario, section), name)


def structural_ensemble(
    fits: list[StructureFit], keys: list[str], base: Scenario, free: list[FreeParameter]
) -> pd.DataFrame:
    """The plausible sets of every structure not ruled out, each row with its structure and settings.

    A structure's own free parameter is a column for every row: another structure's value is its own scenario's.
    """
    frames = []
    for f in fits:
        if f.ruled_out:
            continue
        scenario = base.with_overrides(f.structure.settings)
        sets = f.fit.plausible.copy()
        head = {"structure": f.structure.name, **{k: _resolved(scenario, k) for k in keys}}
        for i, (k, v) in enumerate(head.items()):
            sets.insert(i, k, [v] * len(sets))
        own = [p.key for s in fits for p in s.structure.free]  # another structure's own: its value here
        for key in dict.fromkeys(own):
            if key not in sets.columns:
                sets[key] = _resolved(scenario, key)
        kept = ["structure", *keys, *[p.key for p in free], *[k for k in dict.fromkeys(own) if k not in keys]]
        kept += [c for c in ("implausibility", "score") if c in sets.columns]
        frames.append(sets[kept])
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def fit_structures(
    base: Scenario,
    targets: TargetSet,
    free: list[FreeParameter],
    folder: Path,
    structures: list[Structure],
    *,
    settings: dict[str, Any],
    effect_replicates: int = 10,
    on_structure: Callable[[int, str], None] | None = None,
) -> StructuralFit:
    """Fit every structure in ``folder/structures/<name>`` (``fit``'s ``settings``: trials, replicates, seed ...).

    The caller holds ``folder`` open (``folder.open_fit_folder``); each structure's own folder is opened
    by ``fit``. Then the mentoring effect of each structure's fit (``effects``) on fresh seeds.

    Raises:
        TargetError: a structure frees a parameter the file's free parameters hold already (before any run), or
            a structure's folder is not its fit's.
        ExecutionError: a run failed.
    """
    shared = {p.key for p in free}
    for s in structures:
        twice = sorted(shared & {p.key for p in s.free})
        if twice:
            raise TargetError(W("structure_free_twice", EN, name=s.name, keys=", ".join(twice)))
    keys: list[str] = []
    for s in structures:
        keys += [k for k in s.settings if k not in keys]
    done: list[StructureFit] = []
    for i, s in enumerate(structures):
        if on_structure is not None:
            on_structure(i, s.name)
        scenario = base.with_overrides(s.settings, source=s.name)
        result = fit(scenario, targets, [*free, *s.free], folder / "structures" / s.name, **settings)
        kept = plausible_trials(result, targets)
        if (result.history is None or len(result.history.plausible) < 2) and len(kept) >= 2:
            result = replace(result, plausible=kept)  # the trials no figure rules out, not the chi-square cut
        effect = mentoring_effect(
            Scenario.model_validate(result.scenario), replicates=effect_replicates, seed=settings["seed"],
            workers=settings.get("workers"), scheduler=settings.get("scheduler"),
        )  # fmt: skip
        done.append(StructureFit(s, result, ruled_out(result, targets), effect))
    return StructuralFit(folder, done, structural_ensemble(done, keys, base, free), keys)

"""What a run starts from: the scenario with the command line's changes, a roster, what a variant changes.

``read_inputs`` reads them as ``cadre-sim run`` is given them (a scenario file or bundled name,
``--seed``, ``--years``, ``--set``, ``--roster``) and returns :class:`RunInputs`: the scenario to
run, the county from the roster (or None) and the :class:`RunNotes` the report states beyond the
results. Bad input raises ``ScenarioError`` (the command ends with its one line).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.params.errors import ScenarioError
from sim.params.schema import Scenario
from sim.words import text

if TYPE_CHECKING:
    from sim.params.checks import Finding
    from sim.params.origins import Origin
    from sim.params.roster import Roster

__all__ = ["Change", "RosterNote", "RunInputs", "RunNotes", "read_inputs", "scenario_changes", "variant_of"]

Change = tuple[str, Any, Any]  # (dotted parameter, value before, value in this run)


@dataclass(frozen=True)
class RosterNote:
    """What the report says of a roster the run started from (never a name or an ID)."""

    file: str
    rows: int
    units: int
    mentors: int
    pairs: int
    ignored: tuple[str, ...] = ()
    row_numbers: tuple[int, ...] = field(default=(), repr=False)  # the file's row of cadre 0, 1, ...


@dataclass(frozen=True)
class RunNotes:
    """What a run's report states beyond its results.

    Attributes:
        overrides: parameters changed on the command line, with their values before and after.
        based_on: the county scenario a variant is based on (None: not a variant).
        variant_changes: what the variant changes in its base.
        roster: the roster of the starting cadres, if any.
        origins: where each value of the run comes from (``sim.params.origins``); findings: the checks' warnings.
    """

    overrides: tuple[Change, ...] = ()
    based_on: str | None = None
    variant_changes: tuple[Change, ...] = ()
    roster: RosterNote | None = None
    origins: Mapping[str, Origin] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class RunInputs:
    """A run ready to go: the scenario (fitted to the roster), the roster's county, the report's notes."""

    scenario: Scenario
    county: Roster | None
    notes: RunNotes


_NOT_CHANGES = {"run.name", "run.description"}


def scenario_changes(before: Scenario, after: Scenario) -> tuple[Change, ...]:
    """The parameters ``after`` sets differently from ``before`` (name and description apart), in section order."""
    old, new = before.model_dump(), after.model_dump()
    return tuple(
        (f"{section}.{key}", old[section][key], value)
        for section, values in new.items()
        for key, value in values.items()
        if old[section][key] != value and f"{section}.{key}" not in _NOT_CHANGES
    )


def variant_of(scenario: Path) -> tuple[str | None, tuple[Change, ...]]:
    """A variant's base county (``based_on``) and what the variant changes in it; (None, ()) otherwise."""
    from sim.params.reading import read_toml
    from sim.params.scenario import SCENARIO_DIR, load_scenario

    path = scenario if scenario.is_file() else SCENARIO_DIR / f"{scenario}.toml"
    base = read_toml(path, "scenario", ScenarioError)[0].get("based_on")  # as load_scenario read it
    if not isinstance(base, str):
        return None, ()
    beside = path.parent / base
    return Path(base).stem, scenario_changes(load_scenario(beside if beside.exists() else base), load_scenario(path))


def read_inputs(
    scenario: Path, seed: int | None, years: int | None, sets: list[str] | None, roster: Path | None,
    *, sheet: str | None = None, titles: Path | None = None, lang: str = "zh",
) -> RunInputs:  # fmt: skip
    """The run ``cadre-sim run`` was asked for.

    Args:
        scenario: a scenario file or a bundled name.
        seed: in place of the scenario's ``run.seed`` (None: the scenario's).
        years: a length from the start month, in place of the scenario's end date (None: its end).
        sets: ``KEY=VALUE`` overrides.
        roster: a roster file the county starts from (None: the scenario's generated county).
        sheet: the roster's sheet (None: the first holding a roster).
        titles: the planner's own title table, adding to or overriding the shipped one (None: the shipped one).
        lang: the language of a roster's errors.

    Raises:
        ScenarioError: a file, an override or a roster that is not valid (the message names it).
    """
    from sim.params.checks import county_held, dates_refused, findings, refused
    from sim.params.origins import FITTED, roster_keys, run_origins
    from sim.params.roster import read_roster
    from sim.params.scenario import load_scenario, parse_assignments

    overrides = parse_assignments(sets)
    if years is not None:  # a length from the start month, in place of the scenario's end date
        overrides.update({"run.years": years, "run.end_year": 0})
    if seed is not None:
        overrides["run.seed"] = seed
    try:
        loaded = load_scenario(scenario)
        sc = loaded.with_overrides(overrides, source=text("cli.run_overrides_source", lang, file=scenario))
    except ScenarioError as e:  # an end before the start: said as a check, in the planner's language
        raise dates_refused(scenario, overrides) or e from None
    county = read_roster(roster, sc, sheet=sheet, titles=titles, lang=lang) if roster is not None else None
    based_on, variant = variant_of(scenario)
    changes = scenario_changes(loaded, sc)
    if years is not None:  # --years: the length, not the end date it replaces
        was = round(loaded.run.months / 12, 1)
        changes = tuple((k, was, v) if k == "run.years" else (k, a, v) for k, a, v in changes if k != "run.end_year")
    note = None
    if county is not None:
        sc = county.fit(sc)
        note = RosterNote(
            file=county.source, rows=len(county), units=county.units, mentors=len(county.mentors()),
            pairs=int((county.mentor >= 0).sum()), ignored=county.ignored,
            row_numbers=tuple(int(r) for r in county.row_numbers),
        )  # fmt: skip
    found = findings(scenario, overrides, sc, county_held(county))
    if (error := refused(found)) is not None:
        raise error
    origins = run_origins(scenario, sc, overrides, roster_keys(county))
    variant = tuple(c for c in variant if county is None or c[0] not in FITTED)  # the roster's value is the run's
    return RunInputs(sc, county, RunNotes(changes, based_on, variant, note, origins, tuple(found)))

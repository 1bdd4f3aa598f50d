"""Scenario files: TOML in, a validated, frozen ``Scenario`` out, or a clear error.

Errors name the file, the key, the value given and what is allowed; nothing runs and nothing is
written when a scenario is invalid. A bare name such as ``anji`` means ``scenarios/anji.toml``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sim.params.errors import ScenarioError
from sim.params.reading import read_toml
from sim.params.schema import Scenario, from_dict

SCENARIO_DIR = Path(__file__).resolve().parent.parent.parent / "scenarios"


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file; a bare name like ``anji`` means ``scenarios/anji.toml``.

    Raises:
        ScenarioError: a missing, unreadable, non-UTF-8, empty or non-TOML file, or invalid values
            (every problem, one line each).
    """
    p = Path(path)
    if not p.exists() and not p.suffix and (SCENARIO_DIR / f"{p}.toml").exists():
        p = SCENARIO_DIR / f"{p}.toml"
    if not p.exists():
        raise ScenarioError(f"{path}: no such scenario file (bundled ones: {', '.join(bundled_names())})")
    data, _ = read_toml(p, "scenario", ScenarioError)
    data.setdefault("run", {})
    if isinstance(data["run"], dict):
        data["run"].setdefault("name", p.stem)
    return from_dict(data, str(p))


def resolve_scenario(scenario: Scenario | str | Path | Mapping[str, Any] | None) -> Scenario:
    """A ``Scenario`` from a scenario, a file path or bundled name, a nested dict, or None (defaults)."""
    if scenario is None:
        return Scenario()
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, (str, Path)):
        return load_scenario(scenario)
    if isinstance(scenario, Mapping):
        return from_dict(scenario)
    raise TypeError(f"scenario must be a Scenario, a path or a dict, not {type(scenario).__name__}")


def parse_assignments(items: list[str] | None) -> dict[str, Any]:
    """Parse command-line ``KEY=VALUE`` overrides.

    Values are read as TOML (numbers, true/false, "text"),
    a bare word as text: ``["run.years=10", "form=team"]`` -> ``{"run.years": 10, "form": "team"}``.

    Raises:
        ScenarioError: an item that is not ``KEY=VALUE``.
    """
    out: dict[str, Any] = {}
    for item in items or []:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise ScenarioError(f"--set {item!r}: expected KEY=VALUE, e.g. --set pairing.mentees_per_mentor=3")
        try:
            value = tomllib.loads(f"v = {raw.strip()}")["v"]
        except tomllib.TOMLDecodeError:
            value = raw.strip()
        except RecursionError:
            raise ScenarioError(f"--set {key.strip()}=...: the value is nested too deeply") from None
        out[key.strip()] = value
    return out


def bundled_names() -> list[str]:
    """Names of the bundled scenarios (``scenarios/*.toml``)."""
    return sorted(p.stem for p in SCENARIO_DIR.glob("*.toml"))


def bundled() -> list[tuple[Path, Scenario]]:
    """Every bundled scenario with its path, validated."""
    return [(p, load_scenario(p)) for p in sorted(SCENARIO_DIR.glob("*.toml"))]

"""Scenario files: TOML in, a validated, frozen ``Scenario`` out, or a clear error.

Errors name the file, the key, the value given and what is allowed; nothing runs and nothing is
written when a scenario is invalid.
"""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path
from typing import Any, Mapping

from pydantic import ValidationError

from sim.parameters import SECTIONS, Scenario, parameter_names

__all__ = ["Scenario", "ScenarioError", "load_scenario", "parameter_names", "format_validation_error", "parse_assignments"]

SCENARIO_DIR = Path(__file__).resolve().parent.parent / "scenarios"


class ScenarioError(ValueError):
    """A scenario (file, dict or override) that cannot be used; the message says why."""


def _allowed(section: str | None, key: str | None) -> str:
    if section is None:
        return "sections: " + ", ".join(f"[{s}]" for s in SECTIONS)
    cls = SECTIONS.get(section)
    if cls is None:
        return "sections: " + ", ".join(f"[{s}]" for s in SECTIONS)
    if key is None or key not in cls.model_fields:
        return f"keys of [{section}]: " + ", ".join(cls.model_fields)
    field = cls.model_fields[key]
    bounds = [f"{m.__class__.__name__.lower()} {getattr(m, m.__class__.__name__.lower())}" for m in field.metadata]
    ann = getattr(field.annotation, "__name__", str(field.annotation))
    text = ", ".join(bounds) if bounds else ann
    unit = (field.json_schema_extra or {}).get("unit")
    return f"{text} ({unit})" if unit else text


def format_validation_error(err: ValidationError, source: str) -> str:
    """Turn pydantic's error into lines `SOURCE: [section] key = value: problem (allowed: ...)`."""
    lines = []
    for e in err.errors():
        loc = [str(p) for p in e["loc"]]
        section = loc[0] if loc else None
        key = loc[1] if len(loc) > 1 else None
        where = f"[{section}] {key}" if key else (f"[{section}]" if section else "(top level)")
        problem = e["msg"]
        if e["type"] == "extra_forbidden":
            name = key if key else section
            pool = list(SECTIONS[section].model_fields) if key and section in SECTIONS else list(SECTIONS)
            close = difflib.get_close_matches(str(name), pool, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problem = f"unknown {'key' if key else 'section'}{hint}"
            allowed = _allowed(section if key else None, None)
        else:
            allowed = _allowed(section, key)
        value = e.get("input")
        shown = "" if e["type"] in ("missing",) or isinstance(value, dict) else f" = {value!r}"
        lines.append(f"{source}: {where}{shown}: {problem} (allowed: {allowed})")
    return "\n".join(lines)


def from_dict(data: Mapping[str, Any], source: str = "<scenario>") -> Scenario:
    try:
        return Scenario.model_validate(dict(data))
    except ValidationError as err:
        raise ScenarioError(format_validation_error(err, source)) from None


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file; a bare name like ``anji`` means ``scenarios/anji.toml``."""
    p = Path(path)
    if not p.exists() and not p.suffix and (SCENARIO_DIR / f"{p}.toml").exists():
        p = SCENARIO_DIR / f"{p}.toml"
    if not p.is_file():
        raise ScenarioError(f"{path}: no such scenario file (bundled ones: {', '.join(bundled_names())})")
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise ScenarioError(f"{p}: not valid TOML: {err}") from None
    data.setdefault("run", {})
    if isinstance(data["run"], dict):
        data["run"].setdefault("name", p.stem)
    return from_dict(data, str(p))


def _resolve_key(key: str) -> tuple[str, str]:
    if "." in key:
        section, name = key.split(".", 1)
        if section in SECTIONS and name in SECTIONS[section].model_fields:
            return section, name
    else:
        owners = [s for s, cls in SECTIONS.items() if key in cls.model_fields]
        if len(owners) == 1:
            return owners[0], key
    close = difflib.get_close_matches(key.split(".")[-1], [n.split(".")[1] for n in parameter_names()], n=3)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    raise ScenarioError(f"unknown parameter {key!r}.{hint} Valid names: `cadre-sim params` lists them all.")


def with_overrides(scenario: Scenario, overrides: Mapping[str, Any], source: str = "override") -> Scenario:
    """A new scenario with some parameters changed; keys are ``section.key`` or a bare key."""
    if not overrides:
        return scenario
    data = scenario.model_dump()
    for key, value in overrides.items():
        section, name = _resolve_key(key)
        if hasattr(value, "item"):  # numpy scalar from a design matrix
            value = value.item()
        data[section][name] = value
    return from_dict(data, source)


def parse_assignments(items: list[str] | None) -> dict[str, Any]:
    """Command-line ``KEY=VALUE`` overrides; values read as TOML (numbers, true/false, "text"),
    a bare word as text: ``["run.years=10", "form=team"]`` -> ``{"run.years": 10, "form": "team"}``."""
    out: dict[str, Any] = {}
    for item in items or []:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise ScenarioError(f"--set {item!r}: expected KEY=VALUE, e.g. --set pairing.mentees_per_mentor=3")
        try:
            value = tomllib.loads(f"v = {raw.strip()}")["v"]
        except tomllib.TOMLDecodeError:
            value = raw.strip()
        out[key.strip()] = value
    return out


def bundled_names() -> list[str]:
    return sorted(p.stem for p in SCENARIO_DIR.glob("*.toml"))


def bundled() -> list[tuple[Path, Scenario]]:
    return [(p, load_scenario(p)) for p in sorted(SCENARIO_DIR.glob("*.toml"))]


"""Scenario files: TOML in, a validated, frozen ``Scenario`` out, or a clear error.

Errors name the file, the key, the value given and what is allowed; nothing runs and nothing is
written when a scenario is invalid. A bare name such as ``anji`` means ``scenarios/anji.toml``.

A policy variant of a county names the county's scenario on its first line, ``based_on = "anji"``
(a bundled name, or a path relative to the variant's file), and sets only what it changes: it
takes every other value from that scenario (itself checked first, so its errors name its own
file), and a recalibrated county carries its variants along.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from sim.params.errors import ScenarioError, in_both, raised, said
from sim.params.origins import split_origins
from sim.params.reading import exists, read_toml
from sim.params.schema import Scenario, from_dict
from sim.words import Book, pick

SCENARIO_DIR = Path(__file__).resolve().parent.parent.parent / "scenarios"
MAX_BASES = 8  # a chain of variants deeper than this is a mistake
_words = Book("scenario")


def load_scenario(path: str | Path, _chain: tuple[Path, ...] = ()) -> Scenario:
    """Read and validate a scenario file; a bare name like ``anji`` means ``scenarios/anji.toml``.

    Raises:
        ScenarioError: a missing, unreadable, non-UTF-8, empty or non-TOML file, invalid values
            (every problem, one line each), or a ``based_on`` that is missing, circular or too deep.
    """
    p = _find(path, Path.cwd())
    data, _ = read_toml(p, "scenario", ScenarioError)
    split_origins(data, str(p))  # where the values come from: sim.params.origins reads it
    data.setdefault("run", {})
    if isinstance(data["run"], dict):
        data["run"].setdefault("name", p.stem)
    if "based_on" in data:
        data = _on_base(p, data, _chain)
    return from_dict(data, str(p))


def _find(path: str | Path, folder: Path) -> Path:
    """The file of a scenario given by path (relative to ``folder``) or bundled name."""
    p = Path(path)
    if not p.is_absolute() and exists(folder / p):
        return folder / p
    if not exists(p) and not p.suffix and "/" not in str(p) and exists(SCENARIO_DIR / f"{p}.toml"):
        return SCENARIO_DIR / f"{p}.toml"
    if not exists(p) and len(str(p)) <= 255:
        raise raised(ScenarioError, _words, "no_file", path=path, names=", ".join(bundled_names()))
    return p


def _on_base(p: Path, data: dict[str, Any], chain: tuple[Path, ...]) -> dict[str, Any]:
    """The variant's ``data`` laid over the validated scenario it is ``based_on``."""
    name = data.pop("based_on")
    if not isinstance(name, str) or not name:
        raise raised(ScenarioError, _words, "based_on_bad", path=p, given=repr(name))
    try:
        base_path = _find(name, p.parent).resolve()
    except ScenarioError as e:
        zh, en = (
            _words("based_on_failed", lang, path=p, given=repr(name), reason=said(e, lang)) for lang in ("zh", "en")
        )
        raise in_both(ScenarioError(en), zh, en) from None
    chain = (*chain, p.resolve())
    if base_path in chain:
        raise raised(ScenarioError, _words, "based_on_circle", path=p, given=repr(name), base=base_path.name)
    if len(chain) > MAX_BASES:
        raise raised(ScenarioError, _words, "based_on_deep", path=p, most=MAX_BASES)
    merged = load_scenario(base_path, chain).model_dump()
    based = merged["run"]["name"]
    merged["run"]["description"] = _words("based_on", "en", name=based)
    merged["run"]["description_zh"] = _words("based_on", "zh", name=based)
    if isinstance(data.get("run"), dict) and "description" in data["run"] and "description_zh" not in data["run"]:
        merged["run"]["description_zh"] = ""  # the base's Chinese line would describe the base, not this variant
    for section, values in data.items():
        if isinstance(values, dict) and isinstance(merged.get(section), dict):
            merged[section].update(values)
        else:
            merged[section] = values  # an unknown section or a bad value: validation names it
    return merged


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
            raise raised(ScenarioError, _words, "set_not_assignment", item=repr(item))
        try:
            value = tomllib.loads(f"v = {raw.strip()}")["v"]
        except tomllib.TOMLDecodeError:
            value = raw.strip()
        except RecursionError:
            raise raised(ScenarioError, _words, "set_too_deep", name=key.strip()) from None
        out[key.strip()] = value
    return out


def bundled_names() -> list[str]:
    """Names of the bundled scenarios (``scenarios/*.toml``)."""
    return sorted(p.stem for p in SCENARIO_DIR.glob("*.toml"))


def bundled() -> list[tuple[Path, Scenario]]:
    """Every bundled scenario with its path, validated."""
    return [(p, load_scenario(p)) for p in sorted(SCENARIO_DIR.glob("*.toml"))]


def scenario_description(scenario: Scenario, lang: str) -> str:
    """The scenario's one-line description in ``lang`` (``description_zh`` in Chinese, when it has one)."""
    run = scenario.run
    return pick(lang, run.description_zh or run.description, run.description)


def scenario_label(scenario: Scenario, lang: str) -> str:
    """The scenario's name with what it is, in ``lang``: ``baseline（安吉县（已校准），不实施导师帮带：只靠干中学）``."""
    description = scenario_description(scenario, lang)
    return _words("labelled", lang, name=scenario.name, description=description) if description else scenario.name


@cache
def _bundled_scenario(name: str) -> Scenario | None:
    path = SCENARIO_DIR / f"{name}.toml"
    return load_scenario(path) if name in bundled_names() else None


def variant_label(name: str, lang: str) -> str:
    """A variant's name explained in ``lang``, for a report's reader who never saw the scenario file.

    A bundled scenario's name (``baseline``, ``anji``, ``team`` ...) comes with its description in
    ``lang`` (``scenario_label``); any other name (a planner's own file, a sweep's point) is returned
    as given: the planner typed it.
    """
    scenario = _bundled_scenario(name)
    return name if scenario is None else scenario_label(scenario, lang)

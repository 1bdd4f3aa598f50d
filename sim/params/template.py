"""A starting scenario for a planner's own county: every section and key, each with its comments.

``scenario_text(name, scenario, based, lang, origins)`` writes the whole scenario as TOML: above every
key its plain meaning, what it accepts, its unit, the default and (from ``--from``) the value it is
given, and where the default comes from; beside it where the value comes from (this county's roster,
the planner, Anji's calibration, an assumption), and the same in an ``[origins]`` table at the end
(``sim.params.origins``); in Chinese by default. The text is a valid scenario
(``new_scenario`` checks it before writing), so it runs as written and the planner changes only
what differs in the county.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import tomli_w

from sim.params.describe import allowed_text, section_title, value_text
from sim.params.errors import ScenarioError
from sim.params.origins import NOT_VALUES, TABLE, Origin, declared_text, split_origins, values_of
from sim.params.schema import SECTIONS, Scenario, from_dict, parameter_table
from sim.params.sections import check_name
from sim.words import Book, pick, text

__all__ = ["new_scenario", "scenario_text"]

_words = Book("planner")  # the comments: new_head, new_allowed, new_unit ...


def _w(key: str, lang: str, **fields: str) -> str:
    return _words(f"new_{key}", lang, **fields)


def scenario_text(
    name: str,
    scenario: Scenario,
    based: str = "",
    lang: str = "zh",
    origins: Mapping[str, Origin] | None = None,
    shown: Mapping[str, Any] | None = None,
) -> str:
    """The scenario as commented TOML, with ``run.name`` set to ``name``.

    Args:
        name: the new scenario's name (``run.name`` and the file's name).
        scenario: the values to write (the defaults, or the ``--from`` scenario).
        based: the name of the scenario the values come from ("" for the defaults).
        lang: "zh" or "en", the language of the comments.
        origins: where each value comes from (None: the base's values, else assumptions): a comment
            beside each value and the ``[origins]`` table at the end.
        shown: what the roster showed (its file, units, recruits a year, mentors, pairs, ages), said in the head.
    """
    data = scenario.model_dump()
    data["run"]["name"] = name
    if based:
        data["run"]["description"] = _w("description", lang, base=based)
    rows = {row["parameter"]: row for row in parameter_table()}
    if origins is None:
        origins = county_setup_origins(scenario, based)
    parts = [_w("head", lang, name=name, file=f"{name}.toml", based=_w("based", lang, base=based) if based else "")]
    parts += [_w("origins_head", lang)]
    parts += roster_head(shown, lang) if shown else []
    for section in SECTIONS:
        parts.append(f"\n# ==== [{section}] {section_title(section, lang)} ====\n[{section}]\n")
        for key, value in data[section].items():
            row = rows[f"{section}.{key}"]
            facts = [_w("allowed", lang, allowed=allowed_text(row, lang)), _w("unit", lang, unit=row["unit"])]
            default = _w("default", lang, default=value_text(row["default"]))
            if based and value != row["default"] and key != "name":
                from_base = _w("from", lang, base=based, value=value_text(value))
                default += _w("shown", lang, shown=from_base)
            facts.append(default)
            meaning = pick(lang, row["meaning_zh"], row["meaning_en"])
            line = tomli_w.dumps({key: value})
            if (origin := origins.get(f"{section}.{key}")) is not None:
                line = f"{line.rstrip()}  # {_w('origin', lang, origin=origin.label(lang))}\n"
            parts.append(
                f"\n# {meaning}\n# {_w('sep', lang).join(facts)}\n# {_w('source', lang, source=row['source'])}\n{line}"
            )
    values = values_of(scenario)
    table = {k: declared_text(o, values[k]) for k, o in origins.items()}
    parts.append(f"\n# ==== [origins] {_w('origins_section', lang)} ====\n{tomli_w.dumps({TABLE: table})}")
    return "".join(parts)


def county_setup_origins(scenario: Scenario, based: str) -> dict[str, Origin]:
    """The origins of a scenario copied whole: the base's values (Anji's or another's), else assumptions."""
    defaults = values_of(Scenario())
    base = Origin("anji") if based == "anji" else Origin("scenario", based)
    return {
        k: base if based and v != defaults[k] else Origin("assumption")
        for k, v in values_of(scenario).items()
        if k not in NOT_VALUES
    }


def roster_head(shown: Mapping[str, Any], lang: str) -> list[str]:
    """The head's lines on what the roster showed: units, recruits by year of joining, mentors and pairs, ages."""
    sep = text("numbers.list_sep", lang)
    hired = sep.join(f"{y}: {n}" for y, n in shown["hired"].items())
    units = sep.join(shown["units"]) or "-"
    low, median, high = shown["ages"]
    return [
        _w("roster_head", lang, file=shown["file"], units=units, hired=hired, mentors=shown["mentors"],
           pairs=shown["pairs"], low=low, median=median, high=high)
    ]  # fmt: skip


def new_scenario(
    name: str,
    folder: Path,
    scenario: Scenario,
    based: str = "",
    lang: str = "zh",
    origins: Mapping[str, Origin] | None = None,
    shown: Mapping[str, Any] | None = None,
) -> Path:
    """Write ``FOLDER/NAME.toml``, a commented scenario that validates as it is; never over a file.

    Raises:
        ScenarioError: a name that is not a safe file name.
        FileExistsError: the file exists.
        OSError: the folder cannot be written.
    """
    name = name.removesuffix(".toml")
    try:
        check_name(name)
    except ValueError as e:
        raise ScenarioError(_w("bad_name", "en", name=name, problem=str(e))) from None
    path = Path(folder) / f"{name}.toml"
    written = scenario_text(name, scenario, based, lang, origins, shown)
    data = tomllib.loads(written)
    split_origins(data, str(path))
    from_dict(data, str(path))  # the text must be a valid scenario as written
    if path.exists():
        raise FileExistsError(_w("exists", "en", path=str(path)))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as fh:  # "x": never over a file made meanwhile
        fh.write(written)
    return path

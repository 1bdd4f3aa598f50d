"""A starting scenario for a planner's own county: every section and key, each with its comments.

``scenario_text(name, scenario, based, lang)`` writes the whole scenario as TOML: above every key
its plain meaning, what it accepts, its unit, the default and (from ``--from``) the value it is
given, and where the default comes from; in Chinese by default. The text is a valid scenario
(``new_scenario`` checks it before writing), so it runs as written and the planner changes only
what differs in the county.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import tomli_w

from sim.params.describe import allowed_text, section_title, value_text
from sim.params.errors import ScenarioError
from sim.params.schema import SECTIONS, Scenario, from_dict, parameter_table
from sim.params.sections import check_name
from sim.words import Book, pick

__all__ = ["new_scenario", "scenario_text"]

_words = Book("planner")  # the comments: new_head, new_allowed, new_unit ...


def _w(key: str, lang: str, **fields: str) -> str:
    return _words(f"new_{key}", lang, **fields)


def scenario_text(name: str, scenario: Scenario, based: str = "", lang: str = "zh") -> str:
    """The scenario as commented TOML, with ``run.name`` set to ``name``.

    Args:
        name: the new scenario's name (``run.name`` and the file's name).
        scenario: the values to write (the defaults, or the ``--from`` scenario).
        based: the name of the scenario the values come from ("" for the defaults).
        lang: "zh" or "en", the language of the comments.
    """
    data = scenario.model_dump()
    data["run"]["name"] = name
    if based:
        data["run"]["description"] = _w("description", lang, base=based)
    rows = {row["parameter"]: row for row in parameter_table()}
    parts = [_w("head", lang, name=name, file=f"{name}.toml", based=_w("based", lang, base=based) if based else "")]
    for section in SECTIONS:
        parts.append(f"\n# ==== [{section}] {section_title(section, lang)} ====\n[{section}]\n")
        for key, value in data[section].items():
            row = rows[f"{section}.{key}"]
            facts = [_w("allowed", lang, allowed=allowed_text(row, lang)), _w("unit", lang, unit=row["unit"])]
            default = _w("default", lang, default=value_text(row["default"]))
            if based and value != row["default"] and key != "name":
                shown = _w("from", lang, base=based, value=value_text(value))
                default += _w("shown", lang, shown=shown)
            facts.append(default)
            meaning = pick(lang, row["meaning_zh"], row["meaning_en"])
            parts.append(
                f"\n# {meaning}\n# {_w('sep', lang).join(facts)}\n"
                f"# {_w('source', lang, source=row['source'])}\n{tomli_w.dumps({key: value})}"
            )
    return "".join(parts)


def new_scenario(name: str, folder: Path, scenario: Scenario, based: str = "", lang: str = "zh") -> Path:
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
    text = scenario_text(name, scenario, based, lang)
    from_dict(tomllib.loads(text), str(path))  # the text must be a valid scenario as written
    if path.exists():
        raise FileExistsError(_w("exists", "en", path=str(path)))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as fh:  # "x": never over a file made meanwhile
        fh.write(text)
    return path

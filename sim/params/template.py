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

from sim.params.describe import SECTION_TITLES, allowed_text, value_text
from sim.params.errors import ScenarioError
from sim.params.schema import SECTIONS, Scenario, from_dict, parameter_table
from sim.params.sections import check_name

__all__ = ["new_scenario", "scenario_text"]

assert list(SECTION_TITLES) == list(SECTIONS), "SECTION_TITLES must name every section of a scenario, in order"

_WORDS = {
    "head": (
        "# 情景 {name}：由 `cadre-sim new` 生成{based}。\n"
        "# 每个参数上方：含义；允许取值；单位；默认值；依据。改成你县的实际情况后：\n"
        "#   cadre-sim validate {file}     检查（写错的参数名、超出范围的值会指出位置）\n"
        "#   cadre-sim run {file}          运行\n"
        "# 删掉的参数取默认值；各参数的说明也可用 `cadre-sim params` 查看。\n",
        "# Scenario {name}: made by `cadre-sim new`{based}.\n"
        "# Above every parameter: meaning; allowed values; unit; default; source. Change it to your county, then:\n"
        "#   cadre-sim validate {file}     check it (a misspelt key or a value out of range is named)\n"
        "#   cadre-sim run {file}          run it\n"
        "# A parameter left out keeps its default; `cadre-sim params` describes them all.\n",
    ),
    "based": ("，数值取自情景 {base}", ", values from the scenario {base}"),
    "allowed": ("取值：{allowed}", "allowed: {allowed}"),
    "unit": ("单位：{unit}", "unit: {unit}"),
    "default": ("默认：{default}", "default: {default}"),
    "from": ("{base} 取 {value}", "{base}: {value}"),
    "source": ("依据：{source}", "source: {source}"),
    "sep": ("；", "; "),
}


def _w(key: str, lang: str, **fields: str) -> str:
    zh, en = _WORDS[key]
    return (zh if lang == "zh" else en).format(**fields)


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
        data["run"]["description"] = f"基于情景 {based}" if lang == "zh" else f"based on {based}"
    rows = {row["parameter"]: row for row in parameter_table()}
    parts = [_w("head", lang, name=name, file=f"{name}.toml", based=_w("based", lang, base=based) if based else "")]
    for section, titles in SECTION_TITLES.items():
        parts.append(f"\n# ==== [{section}] {titles[0 if lang == 'zh' else 1]} ====\n[{section}]\n")
        for key, value in data[section].items():
            row = rows[f"{section}.{key}"]
            facts = [_w("allowed", lang, allowed=allowed_text(row, lang)), _w("unit", lang, unit=row["unit"])]
            default = _w("default", lang, default=value_text(row["default"]))
            if based and value != row["default"] and key != "name":
                shown = _w("from", lang, base=based, value=value_text(value))
                default += f"（{shown}）" if lang == "zh" else f" ({shown})"
            facts.append(default)
            meaning = row["meaning_zh"] if lang == "zh" else row["meaning_en"]
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
        raise ScenarioError(f"name {name!r}: {e}") from None
    path = Path(folder) / f"{name}.toml"
    text = scenario_text(name, scenario, based, lang)
    from_dict(tomllib.loads(text), str(path))  # the text must be a valid scenario as written
    if path.exists():
        raise FileExistsError(f"{path} already exists; a scenario is never overwritten (choose another name or --out)")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as fh:  # "x": never over a file made meanwhile
        fh.write(text)
    return path

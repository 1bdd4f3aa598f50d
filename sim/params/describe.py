"""Every parameter described for people: allowed values, meaning and source, in Chinese or English.

Read by `cadre-sim params` (the terminal, Markdown and CSV) and `cadre-sim new` (the comments of
a new scenario file). Everything comes from ``parameter_table`` (the one place parameters are
declared, ``sim.params.sections`` and ``sim.params.programme``); the allowed codes of forms,
rules and mixes come with their labels from the registries of ``sim.model``.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from sim.params.schema import parameter_table

__all__ = ["SECTION_TITLES", "HEADERS", "allowed_text", "described", "markdown", "csv_text", "value_text"]

# the sections of a scenario file, in Chinese and English
SECTION_TITLES: dict[str, tuple[str, str]] = {
    "run": ("运行：名称、起止时间、随机种子", "run: name, start and end, seed"),
    "population": ("开始时的干部队伍", "the cadres at the start"),
    "flows": ("进出：录用、流失、退二线、退休、帮带期", "flows: intake, attrition, second line, retirement, mentee window"),
    "pairing": ("结对：形式、比例、匹配原则、时长、时数", "pairing: form, ratio, matching rule, length, hours"),
    "methods": ("帮带方法", "teaching methods"),
    "growth": ("能力成长", "how skill grows"),
    "pool": ("导师库：入库、考核、负面清单、金牌导师", "the mentor pool: entry, review, negative list, gold mentors"),
    "programme": ("实施进程：试点、全县推开、停止", "the programme's dates: pilot, county-wide, stop"),
    "mentees": ("其他帮带对象：选调生、入乡青年、村干部、致富带头人", "other mentees: selected graduates, village youths, village members, wealth leaders"),
    "establishment": ("编制与录用", "posts and intake"),
    "careers": ("职级晋升与年度考核", "ranks, promotion and the annual appraisal"),
    "secondment": ("挂职选派", "secondment"),
    "party": ("入党与入党介绍人", "joining the Party, and who introduces"),
    "collectives": ("软弱涣散村党组织", "weak village Party organisations"),
}  # fmt: skip

HEADERS: dict[str, tuple[str, str]] = {
    "parameter": ("参数", "parameter"),
    "default": ("默认值", "default"),
    "allowed": ("允许取值", "allowed"),
    "unit": ("单位", "unit"),
    "meaning": ("含义", "meaning"),
    "source": ("依据", "source"),
}


def value_text(value: Any) -> str:
    """A value as it is written in a scenario file (``true``, ``0.06``, ``one_to_one``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}" if abs(value) >= 1e-4 or value == 0 else repr(value)
    if value == "":
        return '""'
    return str(value)


def _number(x: float) -> str:
    if float(x).is_integer():
        return f"{int(x):,}" if abs(x) >= 10_000 else str(int(x))  # years stay 2004, not 2,004
    return f"{x:g}"


def allowed_text(row: dict[str, Any], lang: str = "zh") -> str:
    """What a parameter accepts, in words: a range, the choices with their labels, true/false, text."""
    zh = lang == "zh"
    if row["choice_labels"]:
        sep = "、" if zh else ", "
        return sep.join(
            f"{code}（{labels[0]}）" if zh else f"{code} ({labels[1]})" for code, labels in row["choice_labels"].items()
        )
    if row["type"] == "bool":
        return "true 或 false" if zh else "true or false"
    if row["low"] is not None and row["high"] is not None:
        kind = "整数" if row["type"] == "int" else "数"
        if zh:
            return f"{_number(row['low'])} 至 {_number(row['high'])} 的{kind}"
        return f"{'whole number' if row['type'] == 'int' else 'number'} {_number(row['low'])} to {_number(row['high'])}"
    return "文字" if zh else "text"


def described(lang: str = "zh") -> list[dict[str, str]]:
    """Every parameter as text: parameter, default, allowed, unit, meaning (in ``lang``), source."""
    return [
        {
            "parameter": row["parameter"],
            "default": value_text(row["default"]),
            "allowed": allowed_text(row, lang),
            "unit": row["unit"],
            "meaning": row["meaning_zh"] if lang == "zh" else row["meaning_en"],
            "source": row["source"],
        }
        for row in parameter_table()
    ]


def _header(lang: str) -> list[str]:
    return [HEADERS[k][0 if lang == "zh" else 1] for k in HEADERS]


def markdown(lang: str = "zh") -> str:
    """Every parameter as a Markdown table per section."""
    rows = described(lang)
    lines: list[str] = []
    for section, titles in SECTION_TITLES.items():
        lines += [f"## [{section}] {titles[0 if lang == 'zh' else 1]}", ""]
        lines += ["| " + " | ".join(_header(lang)) + " |", "|" + "---|" * len(HEADERS)]
        for r in rows:
            if r["parameter"].split(".", 1)[0] == section:
                cells = [str(r[k]).replace("|", "\\|") for k in HEADERS]
                cells[0] = f"`{cells[0]}`"
                lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


def csv_text(lang: str = "zh") -> str:
    """Every parameter as CSV (one row each, a header row in ``lang``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(_header(lang))
    for r in described(lang):
        writer.writerow([r[k] for k in HEADERS])
    return buffer.getvalue()

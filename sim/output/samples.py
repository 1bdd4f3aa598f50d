"""A median or a share with the number of people it rests on, marked when they are few; a report's assumptions.

Every median and share a planner reads is followed by its n: "30 个月（n=2，少于20人，仅供参考）" /
"30 months (n=2, fewer than 20 people)". A figure from fewer than ``SMALL_SAMPLE`` people is
marked, so that "0%" of 14 cadres is not read like "0%" of 1,400. The words are entries of the
catalogue (``sim/words/samples.toml``); the value itself is formatted by ``sim.output.numbers``.

``assumption_lines`` gives a report's section of assumptions its verdicts rest on: the growth without
a mentor (the law and its parameters; the figures it gives are a comparison's, against the baseline)
and the model's structure (the variant chosen for each mechanism, ``sim.model.mechanism``).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from sim.output.names import parameter_name
from sim.output.numbers import number, percent, quantity
from sim.output.table import Column, Table
from sim.words import Book

if TYPE_CHECKING:
    from sim.params.schema import Scenario

w = Book("samples")

SMALL_SAMPLE = 20  # fewer people than this: the figure is marked "for reference only"


def is_small(n: float | int | None) -> bool:
    """Whether a figure from ``n`` people is too small to read as a county's figure (n < 20)."""
    return n is None or (isinstance(n, float) and not math.isfinite(n)) or n < SMALL_SAMPLE


def n_note(n: float | int | None, lang: str = "zh") -> str:
    """The note after a figure: "（n=312）", "（n=2，少于20人，仅供参考）" or for nobody "（n=0，无人可计）"."""
    if n is None or (isinstance(n, float) and not math.isfinite(n)) or n <= 0:
        return w("n_none", lang)
    count = number(int(n), lang=lang)
    if is_small(n):
        return w("n_small", lang, n=count, limit=SMALL_SAMPLE)
    return w("n_only", lang, n=count)


def with_n(value: str, n: float | int | None, lang: str = "zh") -> str:
    """``value`` (already formatted) followed by its n: "30 个月（n=2，少于20人，仅供参考）"."""
    return w("figure", lang, value=value, n=n_note(n, lang))


def sampled(x: float | None, n: float | int | None, unit: str, lang: str = "zh", unit_label: str | None = None) -> str:
    """A median or share of ``n`` people, formatted for its unit, with its n.

    Args:
        x: the figure (nan or None: missing).
        n: how many people it rests on (the denominator of a share, the people a median is of).
        unit: the unit's code ("fraction" for a share, "months" ...; ``sim.output.numbers.quantity``).
        lang: "zh" or "en".
        unit_label: the unit's word in ``lang`` (default: none).

    Returns:
        "30 个月（n=2，少于20人，仅供参考）", "74% (n=1,112)" ...
    """
    return with_n(quantity(x, unit, lang, unit_label), n, lang)


def share_of(part: float | int, whole: float | int, lang: str = "zh") -> str:
    """``part`` of ``whole`` as a percentage with n = ``whole``: "10% (n=1,112)"; missing for nobody."""
    share = part / whole if whole else float("nan")
    return with_n(percent(share, lang=lang), whole, lang)


# the parameters the growth without a mentor rests on: the recruits' start, learning by doing, forgetting, the bar
GROWTH_ALONE = (
    "population.skill_young",
    "growth.learning_by_doing",
    "growth.forgetting",
    "growth.ability_sd",
    "growth.competence_threshold",
)


def structure_items(scenario: Scenario, lang: str = "zh") -> list[str]:
    """The variant chosen for each mechanism that has variants: "能力增长规律：向导师水平靠拢（`growth.law = ...`）"."""
    from sim.model.mechanism import MECHANISMS, variants

    items = []
    for mechanism in MECHANISMS.values():
        if not mechanism.variant_key or not mechanism.sections:
            continue
        key = f"{mechanism.sections[0]}.{mechanism.variant_key}"
        code = getattr(getattr(scenario, mechanism.sections[0]), mechanism.variant_key)
        chosen = variants(mechanism.code)
        label = chosen.label(code, lang) if code in chosen else code
        items.append(
            w("structure_item", lang, what=parameter_name(key, lang, code=False), variant=label, param=key, code=code)
        )
    return items


def assumption_lines(scenario: Scenario, lang: str = "zh") -> list[str]:
    """The assumptions section of a report (Markdown lines): the growth without a mentor, the structure, the n rule."""
    law = scenario.growth.law
    from sim.model.mechanism import variants

    laws = variants("growth")
    rows = [(parameter_name(key, lang), number(_value_of(scenario, key), lang=lang)) for key in GROWTH_ALONE]
    table = Table("", [Column(w("c_parameter", lang)), Column(w("c_value", lang), align="right")], rows)
    lines = [w("h_assumptions", lang), "", w("growth_alone", lang, law=laws.label(law, lang) if law in laws else law)]
    lines += ["", *table.markdown(), "", w("growth_figures", lang, name=scenario.name), ""]
    lines += [w("structure", lang), "", *[f"- {item}" for item in structure_items(scenario, lang)], ""]
    return [*lines, w("samples_rule", lang, limit=SMALL_SAMPLE), ""]


def _value_of(scenario: Scenario, key: str) -> float:
    section, _, name = key.partition(".")
    return float(getattr(getattr(scenario, section), name))

"""Two policies side by side: what each runs with, their big numbers, and the difference in words.

The session runs a second model (``Session.twin``) beside the first: the same county and seed
under the settings the controls held when the comparison started, stepped together month by
month. This module words the comparison; ``views.TwinView`` shows it.
"""

from __future__ import annotations

from typing import Any

from sim.demo.model import DEMO_MIXES, DemoModel
from sim.demo.story import big_numbers
from sim.model.matching import RULES
from sim.model.pairing import FORMS
from sim.words import Book

W = Book("demo")
#: the settings a comparison names when they differ: control -> (its name's word key, how its value is said)
SAID = {
    "form": ("p_form", lambda v, lang: FORMS.label(v, lang)),
    "mentees": ("p_mentees", lambda v, lang: str(v)),
    "mentors": ("p_mentors", lambda v, lang: str(v)),
    "matching": ("p_matching", lambda v, lang: RULES.label(v, lang)),
    "method_mix": ("p_method", lambda v, lang: DEMO_MIXES.label(v, lang)),
    "strictness": ("p_strictness", lambda v, lang: f"{float(v):.0%}"),
    "intake": ("p_intake", lambda v, lang: f"{int(v):,}"),
    "cadres": ("p_cadres", lambda v, lang: f"{int(v):,}"),
}


def settings_said(params: dict[str, Any], other: dict[str, Any], lang: str) -> str:
    """The settings of ``params`` that differ from ``other``, in words ("" when none differ)."""
    said = []
    for name, (key, value) in SAID.items():
        if params.get(name) != other.get(name):
            label = W(key, lang).rstrip("：: ")
            said.append(W("twin_setting", lang, name=label, value=value(params[name], lang)))
    return W("twin_sep", lang).join(said)


def difference(a: DemoModel, b: DemoModel, lang: str) -> str:
    """One sentence: policy B's big numbers against A's now."""
    na, nb = big_numbers(a), big_numbers(b)

    def delta(name: str) -> str:
        x, y = float(na[name].replace(",", "")), float(nb[name].replace(",", ""))
        d = y - x
        return (f"{d:+,.2f}" if abs(d) >= 0.1 or d == 0 else f"{d:+.2g}") if name == "made" else f"{d:+,.0f}"

    return W("twin_difference", lang, p=delta("pairs"), b=delta("backbones"), d=delta("depth"), m=delta("made"))

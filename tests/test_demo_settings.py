"""Every setting the demo page offers builds a model (no browser): each pairing form, matching rule and
method mix survives Reset, the ratio sliders come from the form's own rule, and a scenario opens exactly
as its file says (no slider snaps a value, so no "settings changed" note before anything is touched)."""

from __future__ import annotations

import pytest

pytest.importorskip("solara")

from sim.demo.controls import on_grid  # noqa: E402
from sim.demo.model import DEMO_MIXES, base_scenario, ratio_range  # noqa: E402
from sim.demo.session import new_session, worded  # noqa: E402
from sim.model.matching import RULES  # noqa: E402
from sim.model.pairing import FORMS  # noqa: E402


def _small_session():
    s = new_session(None, "zh")
    s.set("cadres", 100)
    return s


def _reset_and_step(s, name, code):
    s.set(name, code)
    s.reset()
    assert s.message.value is None, s.message.value
    m = s.model.value
    assert m.params[name] == code
    assert not s.pending()
    m.run_to(3)
    assert m.month == 3


@pytest.mark.parametrize("form", list(FORMS))
def test_every_pairing_form_survives_reset(form):
    s = _small_session()
    _reset_and_step(s, "form", form)
    p = s.model.value.scenario_core.pairing
    assert FORMS[form].fits(p.mentees_per_mentor, p.mentors_per_mentee)


def test_every_matching_rule_and_method_mix_survives_reset():
    s = _small_session()
    for rule in RULES:
        _reset_and_step(s, "matching", rule)
    for mix in DEMO_MIXES:
        _reset_and_step(s, "method_mix", mix)


def test_ratio_sliders_follow_the_form():
    assert ratio_range("one_to_one", "mentees") == (1, 1) == ratio_range("one_to_one", "mentors")
    lo, hi = ratio_range("group_help", "mentors")
    assert lo == 2 and hi > lo
    s = new_session(None, "zh")
    s.set("mentees", 5)
    s.set("form", "one_to_one")  # a form that fixes the ratios takes them back to its own
    assert (s.settings.value["mentees"], s.settings.value["mentors"]) == (1, 1)
    s.set("form", "group_help")
    assert s.settings.value["mentors"] >= 2


def test_a_bad_reset_says_why_and_keeps_the_run():
    s = _small_session()
    s.reset()
    old = s.model.value
    s.settings.value = {**s.settings.value, "form": "no_such_form"}
    s.reset()
    assert s.model.value is old
    assert s.message.value is not None and s.message.value[0] == "bad_build"
    s.settings.value = {**s.settings.value, "form": "one_to_one", "intake": -5}
    s.reset()  # a value the scenario refuses: the page says why in its language
    key, values = s.message.value
    assert key == "bad_build" and s.model.value is old
    assert "intake_per_year" in worded(values, "zh")["e"] and "应不小于" in worded(values, "zh")["e"]


def test_a_scenario_opens_exactly_as_its_file_says():
    s = new_session("scenarios/anji.toml", "zh")
    assert not s.pending()
    core = s.model.value.scenario_core.model_dump()
    base = base_scenario("scenarios/anji.toml").model_dump()
    for section in ("pairing", "population", "flows", "methods", "run"):
        assert core[section] == base[section], section
    st = s.settings.value
    # every slider's value lies on its grid: nothing snaps when the page draws it
    for value, lo, step in ((st["cadres"], 50, 50), (st["strictness"], 0.0, 0.01), (3874, 50, 50), (0.075, 0.0, 0.01)):
        g = on_grid(value, lo, step)
        assert abs((value - lo) / g - round((value - lo) / g)) < 1e-9


def test_two_policies_step_together_and_the_difference_is_stated():
    from sim.demo.twin import difference, settings_said

    s = _small_session()
    s.reset()
    s.set("form", "one_to_many")
    s.start_twin()
    a, b = s.model.value, s.twin.value
    assert b is not None and a.params["seed"] == b.params["seed"] and a.month == b.month == 0
    assert b.params["form"] == "one_to_many" and a.params["form"] == "one_to_one"
    s.step()
    s.plus_year()
    assert a.month == b.month == 13
    assert "一对多" in settings_said(b.params, a.params, "zh") and settings_said(a.params, a.params, "zh") == ""
    assert difference(a, b, "zh").startswith("乙比甲")
    s.reset()  # a reset ends the comparison
    assert s.twin.value is None


def test_the_story_lights_each_chapter_and_the_tree_counts_the_line():
    from sim.demo.story import CHAPTERS
    from sim.demo.tree import tree_svg

    s = new_session(None, "zh")
    for k in range(len(CHAPTERS)):
        s.next_chapter()
        assert s.chapter.value == k and s.message.value is not None and s.message.value[0] != "bad_step"
        if k < len(CHAPTERS) - 1:
            assert s.selected.value in s.marks.value and len(s.marks.value) == (2, 2, 3, 4)[k]
            svg, caption = tree_svg(s.model.value, s.selected.value, "zh", s.marks.value)
            assert svg.count("<circle") >= len(s.marks.value) and f"#{s.selected.value}" in caption
    s.next_chapter()  # after the last chapter the story starts again from the beginning
    assert s.chapter.value == 0 and s.model.value.month <= 12

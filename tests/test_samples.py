"""A median or share shows its n, and a figure from fewer than 20 people is marked."""

from sim.output.samples import SMALL_SAMPLE, is_small, sampled, share_of, with_n


def test_small_sample_is_marked_in_both_languages():
    assert sampled(30, 2, "months", "zh", "个月") == "30 个月（n=2，少于20人，仅供参考）"
    assert sampled(30, 2, "months", "en", "months") == "30 months (n=2, fewer than 20 people)"


def test_enough_people_show_n_only():
    assert share_of(116, 1112, "en") == "10% (n=1,112)"
    assert with_n("57%", SMALL_SAMPLE, "zh") == "57%（n=20）"
    assert is_small(SMALL_SAMPLE - 1) and not is_small(SMALL_SAMPLE)


def test_nobody_is_missing_not_zero():
    assert share_of(0, 0, "en") == "n/a (n=0, nobody to count)"
    assert sampled(float("nan"), 0, "fraction", "zh") == "—（n=0，无人可计）"


def test_the_run_report_shows_n_and_its_assumptions(tiny):
    from sim.model.run import simulate
    from sim.studies.run.report import run_report

    short, longer = simulate(tiny, 3), simulate(tiny.with_overrides({"run.years": 4}), 3)
    assert short.breakdown["samples"]["competent_within_3y"] == 0  # two years: no recruit has had three
    assert "(n=0, nobody to count)" in run_report(short, [], "en")
    n = longer.breakdown["samples"]
    zh, en = run_report(longer, [], "zh"), run_report(longer, [], "en")
    assert "## 假设" in zh and "## Assumptions" in en
    assert '`growth.law = "gap_closing"`' in en and "growth.learning_by_doing" in en
    for code in ("median_months_to_competence", "competent_within_3y"):
        people = int(n[code])
        assert people > 0 and (f"(n={people})" if people >= 20 else f"(n={people}, fewer than 20 people)") in en
    assert "（n=" in zh and "young cadres in their mentoring window wanted a mentor" in en

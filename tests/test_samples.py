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

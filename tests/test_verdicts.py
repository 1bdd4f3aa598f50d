"""Paired verdicts, the weighed recommendation and what to measure next, on planted tables (no model runs
except one tiny end-to-end comparison)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from test_ensemble import TINY, fit_folder
from typer.testing import CliRunner

from sim.cli import app
from sim.runs.decision import decide
from sim.runs.stats import mean_ci
from sim.runs.verdicts import DEPENDS, EVERY, STRUCTURE, TIE, paired_verdicts
from sim.studies.compare.analysis import CompareResult
from sim.studies.compare.ensemble import EnsembleCompare, robustness

SHARE = "competent_within_3y"


def planted(gaps, reps=5, level=None, noise=0.004, outcome=SHARE, seed=3, extra=None):
    """Runs of variants a (reference) and b: b - a = gaps[set] in each set, on common seeds; sets far apart.

    ``level``: each set's level (default: sets spread much wider than the gap, as between plausible sets).
    ``extra``: more variants, name -> gaps against a.
    """
    rng = np.random.default_rng(seed)
    n = len(gaps)
    level = np.linspace(0.3, 0.9, n) if level is None else level
    variants = {
        "a": np.zeros(n),
        "b": np.asarray(gaps, dtype=float),
        **{k: np.asarray(g) for k, g in (extra or {}).items()},
    }
    rows = []
    for m in range(n):
        seed_effect = rng.normal(0, 0.05, reps)  # what a seed does to every variant alike
        for r in range(reps):
            for lab, g in variants.items():
                value = level[m] + seed_effect[r] + g[m] + rng.normal(0, noise)
                rows.append({"variant": lab, "member": m, "replicate": m * reps + r, outcome: value, "status": "ok"})
    return pd.DataFrame(rows), list(variants)


def test_a_paired_gap_that_pooling_hides_holds_in_every_set():
    runs, labels = planted([-0.08] * 6)
    a, b = (mean_ci(runs.loc[runs["variant"] == lab, SHARE]) for lab in ("a", "b"))
    assert a.low < b.high and b.low < a.high  # pooled over the sets, the sets' spread swamps the gap
    v = paired_verdicts(runs, labels, [SHARE]).get(SHARE, "a", "b")
    assert v.verdict == EVERY and v.lower_in == 6 and v.sign == -1
    assert -0.09 < v.gap < -0.07 and v.high < 0


def test_a_flip_at_a_known_parameter_value_is_found_with_its_threshold():
    p = np.linspace(0.0, 1.0, 10)
    runs, labels = planted(np.where(p > 0.55, 0.05, -0.05))
    members = pd.DataFrame(
        {"growth.mentoring_rate": p, "pool.entry_willingness": np.random.default_rng(1).permutation(p)}
    )
    v = paired_verdicts(runs, labels, [SHARE], members).get(SHARE, "a", "b")
    assert v.verdict == DEPENDS and v.on == "growth.mentoring_rate"
    assert 0.44 < v.at < 0.56 and v.accuracy == 1.0 and v.higher_above is True


def test_a_structure_dependent_sign_is_named():
    runs, labels = planted([0.05] * 4 + [-0.05] * 4)
    members = pd.DataFrame({"growth.mentoring_rate": np.random.default_rng(2).permutation(np.linspace(0, 1, 8))})
    structures = ["single"] * 4 + ["higher_bar"] * 4
    v = paired_verdicts(runs, labels, [SHARE], members, structures).get(SHARE, "a", "b")
    assert v.verdict == DEPENDS and v.on == STRUCTURE
    assert dict((s, (code, sign)) for s, code, sign in v.by_structure) == {
        "single": (EVERY, 1),
        "higher_bar": (EVERY, -1),
    }


def test_a_gap_within_noise_in_every_set_cannot_be_told_apart():
    runs, labels = planted([0.0] * 5)
    assert paired_verdicts(runs, labels, [SHARE]).get(SHARE, "a", "b").verdict == TIE


def test_without_an_ensemble_the_same_rule_runs_on_one_set():
    runs, labels = planted([0.1])
    v = paired_verdicts(runs.drop(columns="member"), labels, [SHARE]).get(SHARE, "b", "a")
    assert v.verdict == EVERY and v.sets == 1 and v.sign == -1


def test_robustness_best_agrees_with_the_ranking_within_sets():
    """One set where b is far ahead; a is ahead in the three others: a is best, as the sets rank."""
    runs, labels = planted([-0.02, -0.02, -0.02, 0.2], outcome="backbones_mentored")
    runs = runs.rename(columns={})
    pooled = CompareResult(labels, [], runs, {}, [], ["backbones_mentored"])
    by_member = runs.groupby(["member", "variant"])[["backbones_mentored"]].mean().reset_index()
    ens = EnsembleCompare(pooled, pd.DataFrame({"x.y": range(4)}), by_member, {}, {"a": [], "b": []}, 5, None)
    row = robustness(ens).iloc[0]
    assert row["best"] == "a" and row["ranking"] == "a > b"


def test_the_recommendation_names_the_cheapest_of_indistinguishable_variants():
    ccy = "competent_cadre_years"
    runs, labels = planted([1.0] * 4, outcome=ccy, level=np.full(4, 5000.0), noise=30.0, extra={"c": [500.0] * 4})
    # b and a cannot be told apart; c is clearly ahead of both but costs more; then c alone leads
    hours = {"a": 100.0, "b": 80.0, "c": 900.0}
    runs["mentor_hours"] = runs["variant"].map(hours) + np.random.default_rng(4).normal(0, 1, len(runs))
    d = decide(paired_verdicts(runs, labels, [ccy, "mentor_hours"]))
    assert d.recommendation.chosen == "c" and d.recommendation.clearly_better
    d = decide(paired_verdicts(runs, labels, [ccy, "mentor_hours"]), among=["a", "b"])
    rec = d.recommendation
    assert rec.chosen == "b" and not rec.clearly_better and set(rec.top) == {"a", "b"}


def test_cost_per_extra_competent_cadre_year_against_no_programme():
    ccy = "competent_cadre_years"
    runs, labels = planted([100.0] * 3, outcome=ccy, level=np.full(3, 5000.0), noise=5.0)
    runs["variant"] = runs["variant"].map({"a": "baseline", "b": "anji"})
    runs["mentor_hours"] = runs["variant"].map({"baseline": 0.0, "anji": 30_000.0})
    rec = decide(paired_verdicts(runs, ["baseline", "anji"], [ccy, "mentor_hours"])).recommendation
    assert rec.reference == "baseline" and rec.chosen == "anji"
    assert abs(rec.per_extra["anji"] - 300.0) < 10


def test_what_to_measure_next_for_a_verdict_that_depends():
    ccy = "competent_cadre_years"
    p = np.linspace(0.0, 1.0, 8)
    runs, labels = planted(np.where(p > 0.5, 200.0, -200.0), outcome=ccy, level=np.full(8, 5000.0), noise=5.0)
    share = 0.3 + 0.3 * (p > 0.5)  # what a county could count differs on the two sides
    runs[SHARE] = runs["member"].map(dict(enumerate(share))) + np.random.default_rng(0).normal(0, 0.001, len(runs))
    members = pd.DataFrame({"growth.mentoring_rate": p})
    d = decide(paired_verdicts(runs, labels, [ccy, SHARE], members))
    (m,) = [m for m in d.measures if m.verdict.outcome == ccy]
    assert m.verdict.on == "growth.mentoring_rate" and 80 < m.evpi < 120 and 80 < m.evppi < 120
    assert m.figure == SHARE and 0.55 < m.value_a < 0.65 and 0.25 < m.value_b < 0.35 and 20 < m.people < 200


def test_compare_reports_verdicts_and_a_recommendation_end_to_end(tmp_path):
    folder = fit_folder(tmp_path, [
        {"growth.learning_by_doing": 0.004, "score": 1.0}, {"growth.learning_by_doing": 0.02, "score": 0.5},
    ])  # fmt: skip
    for name, extra in (("baseline", "[pairing]\nenabled = false\n"), ("wide", "[pairing]\nmentees_per_mentor = 3\n")):
        (tmp_path / f"{name}.toml").write_text(
            f'based_on = "{folder / "scenario.toml"}"\n[run]\nname = "{name}"\n' + extra, encoding="utf-8"
        )
    out = tmp_path / "cmp"
    args = ["compare", str(tmp_path / "baseline.toml"), str(tmp_path / "wide.toml"), "--ensemble", str(folder)]
    res = CliRunner().invoke(app, [*args, "-r", "2", "-w", "1", "-o", str(out), "-q", "--no-plots", "--lang", "en"])
    assert res.exit_code == 0, res.output
    report = (out / "report.md").read_text(encoding="utf-8")
    assert (
        "## Paired verdicts" in report
        and "## The recommendation" in report
        and "## What the verdicts rest on" in report
    )
    verdicts = pd.read_csv(out / "verdicts.csv")
    assert {"outcome", "a", "b", "verdict", "gap", "sets"} <= set(verdicts.columns)
    assert set(pd.read_csv(out / "verdicts_by_set.csv")["member"]) == {0, 1}
    assert TINY  # the fit's calibrated scenario is the ensemble tests' tiny one


def test_a_clear_lead_too_small_to_matter_leaves_the_cheaper_variant_chosen():
    """team leads anji in every set by 2% of what mentoring adds, at far more hours: anji, the cheaper, is named."""
    ccy = "competent_cadre_years"
    runs, labels = planted(
        [7000.0] * 4, outcome=ccy, level=np.full(4, 50_000.0), noise=5.0, extra={"team": [7150.0] * 4}
    )
    runs["variant"] = runs["variant"].map({"a": "baseline", "b": "anji", "team": "team"})
    runs["mentor_hours"] = runs["variant"].map({"baseline": 0.0, "anji": 300_000.0, "team": 530_000.0})
    v = paired_verdicts(runs, ["baseline", "anji", "team"], [ccy, "mentor_hours"])
    assert v.get(ccy, "anji", "team").verdict == EVERY
    rec = decide(v).recommendation
    assert rec.chosen == "anji" and not rec.clearly_better and rec.leader == "team" and rec.immaterial == ("anji",)
    assert abs(rec.incremental - 230_000 / 150) < 50

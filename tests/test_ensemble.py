"""Comparing policies across the plausible parameter sets of a fit: sets applied where a variant
inherits, kept where it sets its own policy; reversals and the parameter that flips them found."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import tomli_w
from test_compare import TINY as COMPARE_TINY
from typer.testing import CliRunner

from sim.cli import app
from sim.params.schema import Scenario
from sim.runs.verdicts import split
from sim.studies.compare.analysis import CompareResult
from sim.studies.compare.ensemble import (
    EnsembleCompare,
    EnsembleError,
    load_ensemble,
    robustness,
    run_ensemble_compare,
    same_value,
)

TINY = {**COMPARE_TINY, "pairing.form": "one_to_many", "pairing.mentees_per_mentor": 2}


def fit_folder(tmp_path, rows, calibrated=None):
    """A fit folder as `cadre-sim calibrate` leaves it: the calibrated scenario and the plausible sets."""
    folder = tmp_path / "fit"
    folder.mkdir()
    calibrated = calibrated or Scenario().with_overrides(TINY)
    (folder / "scenario.toml").write_text(tomli_w.dumps(calibrated.model_dump()), encoding="utf-8")
    pd.DataFrame(rows).to_csv(folder / "ensemble.csv", index=False)
    return folder


SETS = [
    {"trial": 3, "growth.learning_by_doing": 0.004, "pairing.mentees_per_mentor": 2, "score": 1.0},
    {"trial": 7, "growth.learning_by_doing": 0.02, "pairing.mentees_per_mentor": 3, "score": 0.5},
]


def test_load_ensemble_orders_by_score_and_limits(tmp_path):
    ens = load_ensemble(fit_folder(tmp_path, SETS), limit=1)
    assert ens.parameters == ["growth.learning_by_doing", "pairing.mentees_per_mentor"]
    assert ens.members.to_dict("records") == [{"growth.learning_by_doing": 0.02, "pairing.mentees_per_mentor": 3}]


@pytest.mark.parametrize(
    "rows,message",
    [
        ([{"trial": 1, "score": 0.1}], "no parameter columns"),
        ([{"pairing.mentees_per_mentr": 2}], "not a scenario parameter"),
        ([{"growth.learning_by_doing": -1.0}], r"\[growth\] learning_by_doing"),
    ],
)
def test_bad_fit_folders_are_refused_with_the_reason(tmp_path, rows, message):
    with pytest.raises(EnsembleError, match=message):
        load_ensemble(fit_folder(tmp_path, rows))


def test_a_folder_without_a_fit_is_refused(tmp_path):
    with pytest.raises(EnsembleError, match="not a fit folder"):
        load_ensemble(tmp_path)


def test_same_value_reads_a_rounded_fitted_value_as_the_same():
    assert same_value(0.0679, 0.0678597) and same_value(3889, 3889) and same_value("team", "team")
    assert not same_value(0.068, 0.0679) and not same_value(4, 2) and not same_value(True, 1)


def test_sets_go_to_what_a_variant_inherits_not_to_its_policy(tmp_path):
    ens = load_ensemble(fit_folder(tmp_path, SETS))
    base = ens.calibrated
    wide = base.with_overrides({"pairing.mentees_per_mentor": 4})
    seen = []

    def record(scenarios, overrides, seed):
        s = scenarios[0][overrides["variant"]]
        seen.append((overrides["variant"], s.growth.learning_by_doing, s.pairing.mentees_per_mentor))
        return {"summary": {"backbones": float(s.pairing.mentees_per_mentor)}, "series": None}

    res = run_ensemble_compare(
        [base, wide], ["calibrated", "wide"], ens, replicates=2, seed=1, workers=1, run_fn=record
    )
    assert res.applied == {"calibrated": ens.parameters, "wide": ["growth.learning_by_doing"]}
    assert res.kept == {"calibrated": [], "wide": ["pairing.mentees_per_mentor"]}
    # 2 sets x 2 variants x 2 replicates, the sets' learning rates, wide keeps its 4
    assert sorted(set(seen)) == [(0, 0.02, 3), (1, 0.02, 4), (2, 0.004, 2), (3, 0.004, 4)]  # best score first
    assert len(seen) == 8 and len(res.pooled.runs) == 8
    assert list(res.pooled.runs.groupby("variant")["replicate"].apply(sorted).iloc[0]) == [0, 1, 2, 3]


def test_best_split_finds_a_planted_threshold():
    x = np.array([0.1, 0.5, 0.2, 0.9, 0.7, 0.3])
    at, acc, up = split(x, x > 0.4)
    assert 0.3 < at < 0.5 and acc == 1.0 and up is True
    at, acc, up = split(x, x < 0.25)
    assert 0.2 < at < 0.3 and acc == 1.0 and up is False


def synthetic(flip_above: float | None, n_sets: int = 8, reps: int = 6, gap: float = 50.0) -> EnsembleCompare:
    """Two variants; b beats a by ``gap`` except in sets whose parameter p is above ``flip_above``."""
    rng = np.random.default_rng(5)
    p = np.linspace(0.0, 1.0, n_sets)
    rows = []
    for m in range(n_sets):
        noise = rng.normal(0, 1, reps)
        ahead = gap if flip_above is None or p[m] <= flip_above else -gap
        for r in range(reps):
            rows.append(
                {"variant": "a", "member": m, "replicate": m * reps + r, "backbones": 1000 + noise[r], "status": "ok"}
            )
            rows.append({"variant": "b", "member": m, "replicate": m * reps + r, "backbones": 1000 + ahead + noise[r] + rng.normal(0, 1), "status": "ok"})  # fmt: skip
    runs = pd.DataFrame(rows)
    pooled = CompareResult(["a", "b"], list(range(n_sets * reps)), runs, {}, [], ["backbones"])
    by_member = runs.groupby(["member", "variant"])[["backbones"]].mean().reset_index()
    members = pd.DataFrame({"growth.learning_by_doing": p, "pool.entry_willingness": rng.permutation(p)})
    return EnsembleCompare(pooled, members, by_member, {}, {"a": [], "b": []}, reps, None)


def test_robustness_names_the_parameter_and_value_that_flip_the_winner():
    row = robustness(synthetic(flip_above=0.6)).iloc[0]
    assert row["rival"] != "" and row["reversed_in_sets"] == 3
    assert row["flip_parameter"] == "growth.learning_by_doing"
    assert 0.57 < row["flip_at"] < 0.72 and row["split_accuracy"] == 1.0
    assert row["rival_wins_above"] == (row["best"] == "b") and row["verdict"] == "depends"


def test_a_ranking_no_set_reverses_is_robust():
    row = robustness(synthetic(flip_above=None)).iloc[0]
    assert (row["best"], row["reversed_in_sets"], row["clearly_best_in_sets"], row["rival"]) == ("b", 0, 8, "")
    assert row["verdict"] == "robust"


def test_one_reversing_set_in_twenty_holds_in_most_sets():
    row = robustness(synthetic(flip_above=0.96, n_sets=20)).iloc[0]
    assert (row["reversed_in_sets"], row["verdict"]) == (1, "mostly")


def test_compare_with_an_ensemble_end_to_end(tmp_path):
    folder = fit_folder(tmp_path, SETS)
    for name, extra in (("ref", {}), ("wide", {"pairing": {"mentees_per_mentor": 3}})):
        (tmp_path / f"{name}.toml").write_text(
            f'based_on = "{folder / "scenario.toml"}"\n[run]\nname = "{name}"\n' + tomli_w.dumps(extra),
            encoding="utf-8",
        )
    out = tmp_path / "cmp"
    args = ["compare", str(tmp_path / "ref.toml"), str(tmp_path / "wide.toml"), "--ensemble", str(folder)]
    res = CliRunner().invoke(app, [*args, "-r", "2", "-w", "1", "-o", str(out), "-q", "--no-plots", "--lang", "en"])
    assert res.exit_code == 0, res.output
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "Across the plausible parameter sets" in report and "2 replicates each" in report
    assert "wide sets `pairing.mentees_per_mentor` itself" in report
    assert len(pd.read_csv(out / "runs.csv")) == 2 * 2 * 2
    assert {"p10", "p90"} <= set(pd.read_csv(out / "table.csv").columns)
    assert set(pd.read_csv(out / "by_set.csv")["member"]) == {0, 1}
    bad = CliRunner().invoke(app, ["compare", str(tmp_path / "ref.toml"), "--ensemble", str(tmp_path)])
    assert bad.exit_code == 2 and "not a fit folder" in bad.output


def test_a_structural_ensemble_runs_each_set_under_its_structure(tmp_path):
    """Sets of two structures (a column of words, `growth.recognition`): each runs under its own, and the report says so."""
    rows = [
        {"structure": "today", "growth.recognition": "at_competence", "growth.learning_by_doing": 0.01, "score": 1.0},
        {"structure": "bar", "growth.recognition": "higher_bar", "growth.learning_by_doing": 0.01, "score": 2.0},
    ]
    folder = fit_folder(tmp_path, rows)
    ensemble = load_ensemble(folder)
    assert ensemble.members["growth.recognition"].tolist() == ["at_competence", "higher_bar"]
    for name, extra in (("ref", {}), ("wide", {"pairing": {"mentees_per_mentor": 3}})):
        (tmp_path / f"{name}.toml").write_text(
            f'based_on = "{folder / "scenario.toml"}"\n[run]\nname = "{name}"\n' + tomli_w.dumps(extra),
            encoding="utf-8",
        )
    out = tmp_path / "cmp"
    args = ["compare", str(tmp_path / "ref.toml"), str(tmp_path / "wide.toml"), "--ensemble", str(folder), "-r", "2"]
    res = CliRunner().invoke(app, [*args, "-w", "1", "-o", str(out), "-q", "--no-plots", "--lang", "en"])
    assert res.exit_code == 0, res.output
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "`growth.recognition`: `at_competence`, `higher_bar`" in report, report
    by_set = pd.read_csv(out / "by_set.csv")
    ref = by_set[by_set["variant"] == "ref"].set_index("member")
    assert ref.loc[1, "backbones"] < ref.loc[0, "backbones"]  # the higher bar recognises fewer

"""A structural fit: structures read and checked, a structure the figures rule out found, the ensemble they leave."""

import numpy as np
import pandas as pd
import pytest
from test_calibration import TARGETS

from sim.studies.calibrate.fit import evaluate, load_free
from sim.studies.calibrate.folder import fit_identity, open_fit_folder
from sim.studies.calibrate.structures import fit_structures, load_structures
from sim.studies.calibrate.structures_report import write_structural_fit
from sim.studies.calibrate.targets import TargetError, load_targets
from sim.studies.compare.ensemble import load_ensemble, set_values

GOOD = """
[[structure]]
name = "today"
description = "the default growth law"
set = { "growth.law" = "gap_closing" }

[[structure]]
name = "capped"
description = "a pool capped at one mentor"
set = { "pool.pool_cap" = 1 }
free = { "pool.negative_list_rate" = { min = 0.001, max = 0.01 } }
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "has no \\[\\[structure\\]\\] entry"),
        ('[[structure]]\nname = "A b"\n', "must be lower-case letters"),
        ('[[structure]]\nname = "a"\n[[structure]]\nname = "a"\n', "structure a is listed twice"),
        ('[[structure]]\nname = "a"\nset = { "growth.law" = "nope" }\n', "structure a's settings are refused: .*nope"),
        ('[[structure]]\nname = "a"\ncolour = 1\n', "may have only name, description"),
        (
            '[[structure]]\nname = "a"\nfree = { "pool.gold_share" = { min = 2, max = 1 } }\n',
            "\\(a\\): pool.gold_share: min",
        ),
        ('other = 1\n[[structure]]\nname = "a"\n', "unknown key other"),
        ("[[structure]\n", "cannot be read"),
    ],
)
def test_a_bad_structures_file_is_one_line_naming_it(tiny, tmp_path, text, message):
    path = tmp_path / "structures.toml"
    path.write_text(text)
    with pytest.raises(TargetError, match=message) as caught:
        load_structures(path, tiny)
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)


def test_the_figures_rule_out_a_planted_structure_and_the_ensemble_holds_the_others(tiny, tmp_path):
    (tmp_path / "t.toml").write_text(TARGETS.format(value=1, at="2005-12"))
    probe = load_targets(tmp_path / "t.toml")
    made = np.mean([r["pool_end"] for r in evaluate(tiny, probe, {"pool.entry_willingness": 0.3}, [1, 2], workers=1)])
    assert made > 5  # a pool capped at one mentor cannot reach it
    (tmp_path / "t.toml").write_text(TARGETS.format(value=made, at="2005-12"))
    targets = load_targets(tmp_path / "t.toml")
    (tmp_path / "free.toml").write_text('[parameters]\n"pool.entry_willingness" = { min = 0.05, max = 0.9 }\n')
    free = load_free(tmp_path / "free.toml", tiny)
    (tmp_path / "s.toml").write_text(GOOD)
    structures = load_structures(tmp_path / "s.toml", tiny)
    folder = tmp_path / "fit"
    settings = {"trials": 4, "replicates": 2, "seed": 3, "workers": 1, "waves": 1, "points": 8}
    described = [{"name": s.name, "set": s.settings} for s in structures]
    with open_fit_folder(folder, fit_identity(tiny, targets, free, 2, 3, described)):
        result = fit_structures(tiny, targets, free, folder, structures, settings=settings, effect_replicates=2)
        write_structural_fit(result)
    assert [f.ruled_out for f in result.fits] == [False, True]
    assert set(result.ensemble["structure"]) == {"today"}
    assert (result.ensemble["pool.pool_cap"] == 0).all() and (result.ensemble["growth.law"] == "gap_closing").all()
    assert (
        result.ensemble["pool.negative_list_rate"] == tiny.pool.negative_list_rate
    ).all()  # capped's own, as today's
    capped = result.fits[1].fit.trials
    assert (
        capped["pool.negative_list_rate"].between(0.001, 0.01).all() and capped["pool.negative_list_rate"].nunique() > 1
    )
    for name in ("today", "capped"):
        assert (folder / "structures" / name / "report.md").is_file()
    report = (folder / "report.md").read_text()
    assert "`capped`" in report and "ruled out" in report
    effects = result.fits[0].effect.table.set_index("outcome")
    assert effects.loc["backbones", "comparison"] == "with - without"
    ensemble = load_ensemble(folder)  # compare --ensemble takes the structures' columns, words included
    assert "growth.law" in ensemble.parameters
    assert set_values(ensemble.calibrated, ensemble.members.iloc[0])["growth.law"] == "gap_closing"
    with pytest.raises(TargetError, match="structures"):  # another set of structures: not this fit's folder
        with open_fit_folder(folder, fit_identity(tiny, targets, free, 2, 3, described[:1])):
            pass


def test_leave_one_out_predicts_a_figure_the_others_imply_and_misses_one_they_contradict():
    from sim.studies.calibrate.holdout import leave_one_out
    from sim.studies.calibrate.targets import Target, TargetSet

    spec = {"place": "p", "what": "w", "quantity": "cum_pairs", "source": "s", "at": "2005-01"}
    a = Target.model_validate({**spec, "name": "a", "value": 100.0, "kind": "between", "low": 100, "high": 110})
    b = Target.model_validate({**spec, "name": "b", "value": 50.0})
    c = Target.model_validate({**spec, "name": "c", "value": 10.0})
    points = pd.DataFrame({
        "wave": [1, 1, 1, 1, 2], "a": [90.0, 104.0, 120.0, 300.0, 105.0], "b": [50.0, 51.0, 49.0, 80.0, 50.0],
        "c": [30.0, 30.0, 30.0, 30.0, 10.0], "I_a": [1.0, 0.0, 1.5, 9.0, 0.0], "I_b": [0.1, 0.2, 0.1, 4.0, 0.0],
        "I_c": [5.0, 5.0, 5.0, 5.0, 0.0],
    })  # fmt: skip
    table = leave_one_out(points, TargetSet("any", (a, b, c), "t.toml")).set_index("target")
    # c is far off everywhere in wave 1 (wave 2 does not count): a and b cannot be held out against it
    assert table.loc["a", "sets"] == 0 and table.loc["a", "verdict"] == "not_judged"
    assert table.loc["c", "sets"] == 3 and table.loc["c", "verdict"] == "missed"  # a and b keep 3 sets, c at 30
    points["I_c"] = 0.0
    table = leave_one_out(points, TargetSet("any", (a, b, c), "t.toml")).set_index("target")
    assert table.loc["a", "verdict"] == "predicted" and table.loc["a", "sets"] == 3  # 90 to 120 meets 100-110
    assert (table.loc["a", "predicted_low"], table.loc["a", "predicted_high"]) == (90.0, 120.0)


def test_a_structure_may_not_free_what_the_file_frees_already(tiny, tmp_path):
    (tmp_path / "free.toml").write_text('[parameters]\n"pool.entry_willingness" = { min = 0.05, max = 0.9 }\n')
    free = load_free(tmp_path / "free.toml", tiny)
    (tmp_path / "s.toml").write_text(
        '[[structure]]\nname = "a"\nfree = { "pool.entry_willingness" = { min = 0.1, max = 0.2 } }\n'
    )
    structures = load_structures(tmp_path / "s.toml", tiny)
    (tmp_path / "t.toml").write_text(TARGETS.format(value=5, at="2005-12"))
    with pytest.raises(TargetError, match="structure a frees parameters the free-parameter file frees already"):
        fit_structures(tiny, load_targets(tmp_path / "t.toml"), free, tmp_path / "fit", structures, settings={})
    assert not (tmp_path / "fit").exists()  # refused before any run

"""Out-of-sample predictions (scripts/predict.py): written once, never over an existing prediction."""

import importlib.util
import sys

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
spec = importlib.util.spec_from_file_location("predict", ROOT / "scripts" / "predict.py")
predict = importlib.util.module_from_spec(spec)
spec.loader.exec_module(predict)


def test_an_existing_prediction_is_never_overwritten(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(predict, "OUT", tmp_path)
    made = tmp_path / "xianan.toml"
    made.write_text("made before the comparison\n", encoding="utf-8")
    assert predict.main(["xianan", "--commit", "abc"]) == 2
    assert made.read_text(encoding="utf-8") == "made before the comparison\n"
    assert "never overwritten" in capsys.readouterr().err


def test_a_scenario_without_reported_figures_is_refused_before_any_run(tmp_path, monkeypatch):
    monkeypatch.setattr(predict, "OUT", tmp_path)
    with pytest.raises(SystemExit, match="no reported figure"):
        predict.main(["guyuan", "--commit", "abc"])
    assert not list(tmp_path.iterdir())


def test_the_committed_xianan_prediction_names_its_commit_and_inputs():
    import tomllib

    made = tomllib.loads((ROOT / "calibration" / "predictions" / "xianan.toml").read_text(encoding="utf-8"))
    assert made["scenario"] == "xianan" and len(made["commit"]) >= 40 and made["seeds"] == 10
    assert made["inputs"]["population.initial_pool_size"] != 233 - 27  # not worked back from the 233 pairs
    assert made["inputs"]["careers.county_leaders_at_start"] == 19
    assert {p["what"] for p in made["prediction"]} >= {"pairs, Dec 2020"}
    assert all(p["low"] <= p["mean"] <= p["high"] for p in made["prediction"])

"""CSV files with floats formatted a column at a time: the same bytes as pandas calling ``_plain`` per value."""

import numpy as np
import pandas as pd

from sim.model.run import simulate
from sim.output.tables import _plain, write_csv
from sim.params.scenario import load_scenario
from sim.studies.run.inputs import RunNotes
from sim.studies.run.results import _tables


def _old(frame, path):
    frame.to_csv(path, index=False, float_format=_plain, encoding="utf-8-sig")  # the files start with a BOM


def test_awkward_floats_byte_for_byte(tmp_path):
    rng = np.random.default_rng(7)
    n = 20_000
    edges = [0.0, -0.0, 0.5, 2.5, 123456.5, 999999.5, 99999.95, 9.999995e-5, 1e-4, 1e-5, 1e6, np.inf, -np.inf, np.nan]
    frame = pd.DataFrame(
        {
            "wide": 10 ** rng.uniform(-12, 12, n) * rng.choice([-1, 1], n),
            "unit": rng.random(n),
            "rounded": np.round(rng.random(n) * 1000, 4),
            "halves": rng.integers(0, 10**7, n) / 2.0,
            "edges": np.resize(np.array(edges), n),
            "small": np.resize(np.array([np.nan, 1.5, 3.25], dtype="float32"), n),
            "count": np.arange(n),
            "text": np.resize(np.array(["a,b", 'say "x"', "", "plain"], dtype=object), n),
            "never": pd.array(np.resize([1, None, 3], n), dtype="Int64"),
        }
    )
    write_csv(frame, tmp_path / "new.csv")
    _old(frame, tmp_path / "old.csv")
    assert (tmp_path / "new.csv").read_bytes() == (tmp_path / "old.csv").read_bytes()


def test_a_run_byte_for_byte(tmp_path):
    result = simulate(load_scenario("anji").with_overrides({"run.years": 2, "run.end_year": 0}), 6)
    for name, frame in _tables(result, RunNotes()).items():
        write_csv(frame, tmp_path / f"{name}.new.csv")
        _old(frame, tmp_path / f"{name}.old.csv")
        assert (tmp_path / f"{name}.new.csv").read_bytes() == (tmp_path / f"{name}.old.csv").read_bytes(), name

"""Lineage drawing and GIF export from a results folder (slide details: tests/test_slides.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.output.animation import animate
from sim.output.lineage import draw_lineage, lineage_edges, tidy_layout


def _tiny_run(folder):
    """Founders 0 and 1; 0 taught 2 and 3; 2 became a mentor and taught 4; 1 taught 5 (leaf)."""
    folder.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(
        {
            "pair_id": [0, 1, 2, 3, 4],
            "mentor": [0, 0, 1, 2, 2],
            "mentee": [2, 3, 5, 4, 4],
            "start_month": [1, 1, 2, 40, 40],
            "end_month": [37, 30, 38, 76, None],
            "end_reason": ["completed", "competent", "completed", "completed", ""],
        }
    ).to_csv(folder / "pairs.csv", index=False)
    pd.DataFrame(
        {
            "id": [0, 1, 2, 3, 4, 5, 6],
            "stage": ["second_line", "exited", "mentor", "backbone", "young", "backbone", "independent"],
            "in_pool": [True, False, True, False, False, False, False],
            "generation": [0, 0, 1, 1, 2, 1, -1],
            "first_mentor": [-1, -1, 0, 0, 2, 1, -1],
            "hire_month": [-300, -280, 0, 0, 38, 0, -100],
            "backbone_month": [-1, -1, 25, 28, -1, 30, -1],
            "pool_month": [0, 0, 39, -1, -1, -1, -1],
            "exit_month": [-1, 50, -1, -1, -1, -1, -1],
            "unit": [0, 1, 0, 0, 1, 1, 1],
            "mentees_total": [2, 1, 1, 0, 0, 0, 0],
            "age": [58, 60, 30, 29, 25, 30, 45],
        }
    ).to_csv(folder / "cadres.csv", index=False)
    pd.DataFrame(
        {
            "month": [0, 0, 1, 1, 2, 25, 28, 30, 38, 39, 40, 50],
            "event": [
                "pool_entry",
                "pool_entry",
                "paired",
                "paired",
                "paired",
                "backbone",
                "backbone",
                "backbone",
                "hired",
                "pool_entry",
                "paired",
                "exit",
            ],
            "cadre": [0, 1, 2, 3, 5, 2, 3, 5, 4, 2, 4, 1],
            "other": [-1, -1, 0, 0, 1, -1, -1, -1, -1, -1, 2, -1],
            "detail": ["founder", "founder", "", "", "", "", "", "", "", "", "", ""],
        }
    ).to_csv(folder / "events.csv", index=False)
    return folder


def test_tiny_lineage_edges(tmp_path):
    run = _tiny_run(tmp_path / "run")
    # teaching tree: only mentees who took mentees of their own (2 did; 3 and 5 did not)
    assert lineage_edges(run) == [(0, 2)]
    # everything, duplicates of the same mentor-mentee pair counted once
    assert lineage_edges(run, show_all=True) == [(0, 2), (0, 3), (1, 5), (2, 4)]


def test_tidy_layout_layers_and_centres():
    nodes = [0, 1, 2, 3, 4, 5]
    parent = {2: 0, 3: 0, 4: 2, 5: 1}
    gen = {0: 0, 1: 0, 2: 1, 3: 1, 4: 2, 5: 1}
    pos = tidy_layout(nodes, parent, gen)
    assert {n: y for n, (_, y) in pos.items()} == {0: 0, 1: 0, 2: -1, 3: -1, 4: -2, 5: -1}
    assert pos[0][0] == pytest.approx((pos[2][0] + pos[3][0]) / 2)  # parent centred over children
    xs = sorted(x for n, (x, y) in pos.items() if y == -1)
    assert len(set(xs)) == 3  # no two siblings on the same spot


def test_draw_lineage_files(tmp_path):
    run = _tiny_run(tmp_path / "run")
    png, svg = draw_lineage(run, show_all=True, lang="en")
    assert png.exists() and svg.exists()
    assert png.stat().st_size > 5_000 and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = svg.read_text()
    assert text.lstrip().startswith("<?xml") and "<svg" in text and svg.stat().st_size < 2_000_000


def test_animate_tiny(tmp_path):
    from PIL import Image

    run = _tiny_run(tmp_path / "run")
    gif = animate(run, tmp_path / "net.gif", lang="en")
    with Image.open(gif) as im:
        assert im.format == "GIF"
        assert im.n_frames == 8  # months 0, 12, ..., 72 and the last month 76 (no scenario.toml)
        assert im.size == (1920, 1080)


def test_real_run_exports(tmp_path):
    """A short real run: the lineage has edges and the GIF has one frame per year plus the start."""
    from PIL import Image

    from sim.model.run import simulate
    from sim.params.schema import Scenario
    from sim.studies.run.results import write_run

    sc = Scenario().with_overrides(
        {"initial_cadres": 300, "units": 20, "initial_pool_size": 12, "years": 8, "intake_per_year": 30}
    )
    folder = write_run(simulate(sc, 5), tmp_path)
    edges = lineage_edges(folder, show_all=True)
    pairs = pd.read_csv(folder / "pairs.csv")
    assert len(edges) == len(pairs[["mentor", "mentee"]].drop_duplicates()) > 0
    paths = draw_lineage(folder, show_all=True)
    pngs, svgs = paths[::2], paths[1::2]
    assert pngs and all(p.suffix == ".png" and 10_000 < p.stat().st_size < 20_000_000 for p in pngs)
    assert all(Image.open(p).size == (1920, 1080) for p in pngs)
    assert all(p.suffix == ".svg" and p.stat().st_size > 10_000 for p in svgs)
    gif = animate(folder)
    with Image.open(gif) as im:
        assert im.n_frames == 9 and im.size == (1920, 1080)
    assert 20_000 < gif.stat().st_size < 30_000_000


def _fake_model(n_mentors: int, steps: int = 300):
    from types import SimpleNamespace

    from sim.model.population import Population
    from sim.params.schema import Scenario

    pop = Population(2 * n_mentors)
    pop.add(2 * n_mentors, alive=False)
    return SimpleNamespace(pop=pop, steps=steps, params=Scenario())


def test_fecundity_finds_a_planted_rank_correlation_and_ignores_open_careers():
    from sim.model.reproduction import fecundity

    model = _fake_model(20)
    pop = model.pop
    teachers, proteges = np.arange(20), np.arange(20, 40)
    pop.first_pool_month[:40] = 10
    pop.exit_month[:40] = 200
    pop.mentees_total[teachers] = np.arange(20)
    pop.first_mentor[proteges] = teachers
    pop.mentees_total[proteges] = 2 * np.arange(20) + 1  # same order as their teachers
    f = fecundity(model)
    assert f["rho"] == pytest.approx(1.0) and f["pairs_for_rho"] == 20
    assert f["mentors_with_complete_careers"] == 40 and f["max"] == 39
    pop.exit_month[proteges] = -1  # protégés still in post: their careers are open, no correlation yet
    f = fecundity(model)
    assert f["pairs_for_rho"] == 0 and np.isnan(f["rho"]) and f["mentors_with_complete_careers"] == 20


def test_cohort_reproduction_counts_complete_careers_only():
    from sim.model.reproduction import cohort_table

    model = _fake_model(10, steps=300)
    pop = model.pop
    pop.first_pool_month[:10] = 1  # the first cohort: the start year
    pop.first_pool_month[10:20] = 13  # the next year's
    pop.mentees_became_mentors[:10] = [2] * 5 + [0] * 5
    pop.exit_month[:5] = 100  # ended 200 months before the end: complete
    pop.exit_month[5:10] = -1  # still in post: censored
    pop.exit_month[10:20] = 250  # ended only 50 months before the end: censored
    table = cohort_table(model).set_index("cohort")
    start = model.params.run.start_year
    assert table.loc[start, "mentors"] == 10 and table.loc[start + 1, "mentors"] == 10
    assert table.loc[start, "r_naive"] == 1.0 and table.loc[start, "r_complete"] == 2.0
    assert table.loc[start, "complete"] == 5 and np.isnan(table.loc[start + 1, "r_complete"])


def test_rank_correlation_is_spearmans_with_ties_and_constant_sides():
    from scipy.stats import spearmanr

    from sim.model.reproduction import rank_correlation

    rng = np.random.default_rng(3)
    for n in (2, 3, 10, 57):
        a, b = rng.integers(0, 6, n), rng.integers(0, 6, n)  # few values: many ties
        if np.ptp(a) and np.ptp(b):
            assert rank_correlation(a, b) == pytest.approx(spearmanr(a, b).statistic, abs=1e-12)
    assert rank_correlation(np.arange(5), np.arange(5)[::-1]) == pytest.approx(-1.0)
    assert np.isnan(rank_correlation(np.ones(4), np.arange(4)))

"""Slide-ready pictures: lineage pages at 1920x1080 with real SVG text, the GIF's open pairs, fonts."""

from __future__ import annotations

import re
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest
from matplotlib import rcParams
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.text import Text
from PIL import Image
from test_lineage import _tiny_run

from sim.output import plotting
from sim.output.animation import animate, frame_figure, frames
from sim.output.lineage import draw_lineage
from sim.output.lineage_layout import split_families
from sim.output.slides import DPI, read_run, run_calendar

SCENARIO = '[run]\nname = "tiny"\nyears = 7\nstart_year = 2004\nstart_month = 4\n'


def _blank_never(folder):
    """The same run written the newer way: blank cells, not -1, for "never" and "still open"."""
    for name in ("pairs.csv", "cadres.csv"):
        table = pd.read_csv(folder / name)
        for col in table.columns:
            if col.endswith("_month") and col != "hire_month" or col in ("generation", "first_mentor"):
                table[col] = table[col].where(table[col] != -1)
        table.to_csv(folder / name, index=False)
    assert pd.read_csv(folder / "pairs.csv")["end_month"].isna().sum() == 1  # the open pair's end is blank
    return folder


@pytest.fixture(params=["minus_one", "blank"])
def run(request, tmp_path):
    folder = _tiny_run(tmp_path / "tiny-20260101-120000-seed5")
    pairs = pd.read_csv(folder / "pairs.csv")
    pairs["end_month"] = pairs["end_month"].fillna(-1).astype(int)  # the older way: -1 for open
    pairs.to_csv(folder / "pairs.csv", index=False)
    (folder / "scenario.toml").write_text(SCENARIO)
    return _blank_never(folder) if request.param == "blank" else folder


def _segments(fig):
    return sum(len(c.get_segments()) for ax in fig.axes for c in ax.collections if isinstance(c, LineCollection))


def test_minus_one_and_blank_read_alike(tmp_path):
    old = _tiny_run(tmp_path / "old")
    pairs = pd.read_csv(old / "pairs.csv")
    pairs["end_month"] = pairs["end_month"].fillna(-1).astype(int)
    pairs.to_csv(old / "pairs.csv", index=False)
    new = _blank_never(_tiny_run(tmp_path / "new"))
    (c_old, p_old), (c_new, p_new) = read_run(old), read_run(new)
    pd.testing.assert_frame_equal(p_old, p_new)
    pd.testing.assert_frame_equal(c_old, c_new)
    assert p_old["end_month"].tolist()[-1] == -1 and c_old.loc[0, "exit_month"] == -1


def test_last_frame_draws_the_open_pairs(run):
    months, snapshot = frames(run)
    # the start, each December (the run starts in April: December is month 9), the run's own end (7 years)
    assert months == [0, 9, 21, 33, 45, 57, 69, 81, 84]
    last = snapshot(months[-1])
    assert list(zip(last["mentor_idx"], last["mentee_idx"], strict=True)) == [(2, 4)]  # open: end -1 or blank
    fig = frame_figure(last, "en", "title")
    assert _segments(fig) == 1
    assert _segments(frame_figure({**last, "mentor_idx": [], "mentee_idx": []}, "en", "title")) == 0


def test_gif_frames_are_1080p_with_calendar_titles(run, tmp_path):
    gif = animate(run, tmp_path / "net.gif", lang="en")
    with Image.open(gif) as im:
        assert im.size == (1920, 1080) and im.n_frames == 9
        im.seek(im.n_frames - 1)
        last = np.asarray(im.convert("RGB")).astype(int)
    cal = run_calendar(run)
    assert cal.name == "tiny" and cal.date(84, "en") == "Mar 2011" and cal.date(84, "zh") == "2011年3月"
    assert cal.date(0, "en") == "start, Apr 2004" and cal.span("en") == "Apr 2004 – Mar 2011"
    # the open pair's line is in the last frame, held longest: pixels near the pair colour
    months, snapshot = frames(run)
    canvas = FigureCanvasAgg(frame_figure({**snapshot(84), "mentor_idx": [], "mentee_idx": []}, "en", "t"))
    canvas.draw()
    without = np.asarray(canvas.buffer_rgba())[..., :3].astype(int)
    assert (np.abs(last - without).sum(axis=2) > 60).sum() > 50


def test_frame_text_is_legible(run):
    months, snapshot = frames(run)
    fig = frame_figure(snapshot(months[-1]), "zh", "帮带网络")
    sizes = [t.get_fontsize() * DPI / 72 for t in fig.findobj(Text) if t.get_text().strip() and t.get_visible()]
    assert sizes and min(sizes) >= 16


@pytest.mark.cjk  # the page's calendar span in Chinese
def test_lineage_page_is_1920x1080_with_real_text_and_no_timestamp(run):
    png, svg = draw_lineage(run, show_all=True)
    assert png.name == "lineage.png" and svg.name == "lineage.svg"
    assert Image.open(png).size == (1920, 1080)
    text = svg.read_text()
    assert text.count("<text") >= 10  # text, not glyph outlines: the words themselves are in the file
    assert "20260101" not in text and "tiny" in text and "2004年4月—2011年3月" in text
    pts = [float(x) for x in re.findall(r"font-size: ([\d.]+)px", text)]
    assert pts and min(pts) * DPI / 72 >= 16 - 1e-6  # SVG user units are points at 72 dpi


def _many_families(folder, founders=260, per_founder=3):
    """Founders each with ``per_founder`` mentees, one of whom took a mentee: too many for one page."""
    folder.mkdir(parents=True)
    rows, cadres, nid = [], [], founders
    for f in range(founders):
        cadres.append((f, "mentor", 0, -1))
        for k in range(per_founder):
            rows.append((f, nid, 1, 40 if k else -1))
            cadres.append((nid, "backbone", 1, f))
            if k == 0:
                rows.append((nid, nid + 1, 50, -1))
                cadres.append((nid + 1, "young", 2, nid))
                nid += 1
            nid += 1
    pairs = pd.DataFrame(rows, columns=["mentor", "mentee", "start_month", "end_month"])
    pairs.to_csv(folder / "pairs.csv", index=False)
    table = pd.DataFrame(cadres, columns=["id", "stage", "generation", "first_mentor"])
    table.assign(mentees_total=0).to_csv(folder / "cadres.csv", index=False)
    return folder


def test_lineage_pages_wrap_families_and_replace_old_pages(tmp_path):
    folder = _many_families(tmp_path / "many")
    (folder / "lineage-9.png").write_bytes(b"old")
    paths = draw_lineage(folder, show_all=True, lang="en")
    pngs = [p for p in paths if p.suffix == ".png"]
    assert len(pngs) >= 2 and [p.name for p in pngs] == [f"lineage-{i}.png" for i in range(1, len(pngs) + 1)]
    assert all(Image.open(p).size == (1920, 1080) for p in pngs)
    assert len([p for p in paths if p.suffix == ".svg"]) == len(pngs)
    assert not (folder / "lineage-9.png").exists()


def test_a_family_wider_than_a_page_is_split_with_its_head_repeated():
    nodes = [0, *range(1, 151)]
    parent = {n: 0 for n in range(1, 151)} | {0: -1}
    generation = {0: 0} | {n: 1 for n in range(1, 151)}
    pieces = split_families(nodes, parent, generation, capacity=60)
    assert [p.width for p in pieces] == [60, 60, 30]
    assert [p.nodes[0] for p in pieces] == [0, 0, 0] and [p.cont for p in pieces] == [False, True, True]
    assert sorted(n for p in pieces for n in p.nodes[1:]) == list(range(1, 151))


def test_no_findfont_warnings_from_the_commands(tmp_path):
    folder = _tiny_run(tmp_path / "run")
    code = "import sys; from sim.cli import app; sys.argv = ['cadre-sim', *sys.argv[1:]]; app()"  # the entry point
    for command in (["lineage", str(folder), "--all"], ["animate", str(folder)]):
        done = subprocess.run([sys.executable, "-c", code, *command], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        assert "findfont" not in done.stderr and "Warning" not in done.stderr, done.stderr
    assert (folder / "lineage.png").exists() and (folder / "network.gif").exists()


def test_without_a_chinese_font_english_labels_and_one_notice(monkeypatch):
    monkeypatch.setattr(plotting, "_INSTALLED", [])
    monkeypatch.setattr(plotting, "_CHOSEN", [])
    monkeypatch.setattr(plotting, "_NOTICED", [])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert plotting.figure_language("zh") == "en"
        assert plotting.figure_language("zh") == "en"
        assert plotting.figure_language("en") == "en"
    notices = [w for w in caught if issubclass(w.category, plotting.FontNotice)]
    assert len(notices) == 1 and "fonts-wqy-zenhei" in str(notices[0].message)


def test_the_command_says_once_that_labels_are_english(monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from sim.cli import app

    monkeypatch.setattr(plotting, "_INSTALLED", [])
    monkeypatch.setattr(plotting, "_CHOSEN", [])
    folder = _tiny_run(tmp_path / "run")
    result = CliRunner().invoke(app, ["lineage", str(folder)])
    assert result.exit_code == 0, result.output
    assert result.output.count("no Chinese font") == 1
    assert "Lineage: who taught whom" in (folder / "lineage.svg").read_text()


@pytest.fixture
def no_chinese_font(monkeypatch):
    """This process as on a machine without a CJK font: none chosen, none left for matplotlib to fall back on."""
    monkeypatch.setattr(plotting, "_INSTALLED", [])
    monkeypatch.setattr(plotting, "_CHOSEN", [])
    monkeypatch.setattr(plotting, "_NOTICED", [])
    plain = [n for n in rcParams["font.sans-serif"] if n not in plotting.CJK_FONTS]
    monkeypatch.setitem(rcParams, "font.sans-serif", plain)
    monkeypatch.setitem(rcParams, "font.family", ["sans-serif"])


def test_a_runs_pictures_without_a_chinese_font_are_english_without_glyph_warnings(no_chinese_font, tmp_path):
    from sim.model.run import simulate
    from sim.params.scenario import load_scenario
    from sim.studies.run.results import write_run

    result = simulate(load_scenario("anji").with_overrides({"run.years": 2, "run.end_year": 0}), 5)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        folder = write_run(result, tmp_path, lang="zh")  # no drawer given: the plots are drawn in this process
        draw_lineage(folder)
        animate(folder, folder / "network.gif")
    glyphs = sorted({str(w.message) for w in caught if "Glyph" in str(w.message)})
    assert not glyphs, glyphs
    assert len([w for w in caught if issubclass(w.category, plotting.FontNotice)]) == 1
    assert len(list((folder / "plots").glob("*.png"))) >= 5 and (folder / "lineage.png").exists()


def test_the_fit_picture_without_a_chinese_font_is_english_without_glyph_warnings(no_chinese_font, tmp_path):
    from sim.studies.calibrate.report import plot_check

    check = pd.DataFrame(
        {
            "target": ["pool_size", "backbones"],
            "before_mean": [80.0, 30.0],
            "after_mean": [99.0, 41.0],
            "reported": [100.0, 40.0],
        }
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        plot_check(check, tmp_path / "fit.png", "zh")
    assert not [str(w.message) for w in caught if "Glyph" in str(w.message)]
    assert (tmp_path / "fit.png").stat().st_size > 1000


def test_default_lineage_shows_the_deep_families_and_counts_the_rest(tmp_path):
    """Three families two generations deep and 1,500 one deep: the deep ones first, one page, the rest counted."""
    from sim.output.lineage import _tree, _worth_showing
    from sim.output.lineage_layout import geometry

    folder = tmp_path / "mixed"
    folder.mkdir()
    pairs, cadres = [], []
    for f in range(3):  # f teaches a, a teaches b, b teaches c: a and b took mentees, so two generations drawn
        a, b, c = 100 + 3 * f, 101 + 3 * f, 102 + 3 * f
        cadres += [(f, "mentor", 0, -1), (a, "mentor", 1, f), (b, "mentor", 2, a), (c, "young", 3, b)]
        pairs += [(f, a, 1, 30), (a, b, 40, 70), (b, c, 80, -1)]
    for k in range(1500):  # f teaches m, m teaches y: one generation drawn
        f, m, y = 10_000 + k, 20_000 + k, 30_000 + k
        cadres += [(f, "mentor", 0, -1), (m, "mentor", 1, f), (y, "young", 2, m)]
        pairs += [(f, m, 1, 30), (m, y, 40, -1)]
    pd.DataFrame(pairs, columns=["mentor", "mentee", "start_month", "end_month"]).to_csv(
        folder / "pairs.csv", index=False
    )
    table = pd.DataFrame(cadres, columns=["id", "stage", "generation", "first_mentor"])
    table.assign(mentees_total=1).to_csv(folder / "cadres.csv", index=False)
    c, p = read_run(folder)
    nodes, parent, generation, _ = _tree(c, p, False)
    pieces = split_families(nodes, parent, generation, geometry(False, 2, 4).capacity)
    kept, _ = _worth_showing(pieces)
    assert [q.nodes[0] for q in kept[:3]] == [0, 1, 2]  # the deepest first
    paths = draw_lineage(folder, lang="en")
    assert len([q for q in paths if q.suffix == ".png"]) == 1  # one page, the others counted
    left = re.search(r"([\d,]+) shallower or smaller families \(([\d,]+) people\)", paths[1].read_text())
    families, people = (int(left.group(i).replace(",", "")) for i in (1, 2)) if left else (0, 0)
    assert 0 < families < 1500 and people == 2 * families


def test_titles_name_the_place(run):
    (run / "scenario.toml").write_text(
        SCENARIO + 'description = "Anji county, 2004-2011"\ndescription_zh = "安吉县，2004年至2011年"\n'
    )
    cal = run_calendar(run)
    assert cal.place("zh") == "安吉县" and cal.place("en") == "Anji county" and cal.name == "tiny"

"""Write one run's results folder: complete or not at all, never over an existing one.

    results/<scenario>-<YYYYmmdd-HHMMSS>-seed<seed>/
        scenario.toml   the resolved scenario (re-runnable), with seed and package versions on top
        run.json        seed, versions, command, wall time
        series.csv      one row per month (counts by stage, pool, pairs, skills, generations ...)
        events.csv      hired, paired, pair_ended, backbone, pool_entry, pool_removal, ... exit
        pairs.csv       every pair: pair_id, mentor, mentee, start_month, end_month (blank: open), end_reason
        cadres.csv      everyone ever in post, at the end of the run (roster_row: the roster's row)
        results.xlsx    every table in one workbook, a sheet each (Chinese by default)
        lineage_cohorts.csv  mentors per mentor by cohort of pool entry, censored careers apart
        units.csv       each unit by name (a roster's 所在单位): cadres at the start and the end, mentors,
                        mentees, competent and backbones at the end
        snapshots.parquet  cadres in post every k months (only with --snapshot-every k)
        summary.json    headline figures (sim.model.outcomes.OUTCOMES), by rank, by kind, fecundity
        plots/*.png     the main series
        report.md       a page a planner can read (Chinese by default, English with lang="en")
        report.html     the same page, pictures inside: opens in any browser, prints
        report.docx     the same page as a Word document a department can edit and forward

"Never" is a blank cell in every CSV (``sim.output.tables``), never -1. The folder is written under a hidden temporary name in the same parent and renamed when
complete, so an interrupted run leaves no half-written results folder.
"""

from __future__ import annotations

import json
import math
import platform
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import tomli_w

from sim.files import build_folder
from sim.model.run import RunResult
from sim.output.documents import write_documents
from sim.output.drawer import Drawer
from sim.output.origins import origin_labels
from sim.output.tables import blank_never, write_csv
from sim.output.workbook import write_workbook
from sim.params.scenario import scenario_description
from sim.studies.run.inputs import RunNotes
from sim.studies.run.report import calendar_span, run_report
from sim.words import Book

w = Book("run")  # the words of a run's report, plots, workbook and terminal lines

PACKAGES = ("cadre-sim", "mesa", "numpy", "pandas", "scipy", "pydantic", "matplotlib", "xlsxwriter")
CSV_FILES = {
    "series": "series.csv",
    "pairs": "pairs.csv",
    "cadres": "cadres.csv",
    "events": "events.csv",
    "cohorts": "lineage_cohorts.csv",
    "units": "units.csv",
}


def versions() -> dict[str, str]:
    """Python and the versions of the packages that make the results."""
    found = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def _seed_text(seed: Any) -> str:
    if isinstance(seed, np.random.SeedSequence):
        return f"{seed.entropy}" + (f"-{'-'.join(map(str, seed.spawn_key))}" if seed.spawn_key else "")
    return str(seed)


def run_dir_name(name: str, seed: Any) -> str:
    """The results folder name of a run now: ``NAME-YYYYmmdd-HHMMSS-seedSEED``."""
    return f"{name}-{time.strftime('%Y%m%d-%H%M%S')}-seed{_seed_text(seed)}"


def write_run(
    result: RunResult,
    out_root: str | Path = "results",
    wall_seconds: float | None = None,
    command: str | None = None,
    lang: str = "zh",
    notes: RunNotes | None = None,
    drawer: Drawer | None = None,
) -> Path:
    """Write ``result`` to a new folder under ``out_root``; returns the folder.

    Args:
        result: the finished run.
        out_root: the folder the results folder goes in.
        wall_seconds: how long the run took (for ``run.json``).
        command: the command line (for ``run.json``; default: this process's).
        lang: the language of the report, the plots and the workbook: "zh" or "en".
        notes: what the report states beyond the results (overrides, the variant's base, the roster).
        drawer: the process that draws the plots while this one writes the tables
            (``sim.output.drawer``, forked early by ``cadre-sim run``); None: drawn here, after them.

    Raises:
        OSError: a file could not be written (nothing is kept).
        DrawingError: the plots could not be drawn (nothing is kept).
    """
    out_root = Path(out_root)
    final = out_root / run_dir_name(result.scenario.name, result.seed)
    notes = notes or RunNotes()
    with drawer or Drawer(fork=False) as painter:

        def fill(folder: Path) -> None:
            try:
                _write_contents(folder, result, wall_seconds, command, lang, notes, painter)
            except BaseException:
                painter.stop()  # before the folder is removed: nothing draws into it any more
                raise

        return build_folder(final, fill, unique=True)


def _tables(result: RunResult, notes: RunNotes) -> dict[str, pd.DataFrame | None]:
    """The tables as the files hold them: blanks for never; the roster's row of each starting cadre."""
    cadres = blank_never(result.cadres, "cadres")
    if notes.roster is not None:
        known = min(len(notes.roster.row_numbers), len(cadres))
        rows = [*notes.roster.row_numbers[:known], *[None] * (len(cadres) - known)]
        cadres.insert(1, "roster_row", pd.Series(rows, index=cadres.index, dtype="Int64"))
    if result.units is not None and result.units["unit_name"].astype(bool).any() and "unit" in cadres:
        names = result.units["unit_name"].to_numpy()  # the roster's unit names beside the unit codes
        at = list(cadres.columns).index("unit") + 1
        cadres.insert(at, "unit_name", names[cadres["unit"].clip(0, len(names) - 1)])
    return {
        "series": result.series,
        "pairs": blank_never(result.pairs, "pairs"),
        "cadres": cadres,
        "events": blank_never(result.events, "events"),
        "cohorts": result.cohorts,
        "units": result.units,
    }


def _about(result: RunResult, notes: RunNotes, lang: str) -> list[tuple[str, str]]:
    sc = result.scenario
    rows = [
        (w("a_scenario", lang), sc.name),
        (w("a_span", lang), calendar_span(sc, lang)),
        (w("a_seed", lang), _seed_text(result.seed)),
    ]
    if sc.run.description:
        rows.append((w("a_description", lang), scenario_description(sc, lang)))
    if notes.based_on:
        rows.append((w("a_based_on", lang), notes.based_on))
    rows += [(w("a_variant", lang), f"{key}: {a} → {b}") for key, a, b in notes.variant_changes]
    rows += [(w("a_override", lang), f"{key}: {a} → {b}") for key, a, b in notes.overrides]
    if notes.roster is not None:
        rows.append((w("a_roster", lang), f"{notes.roster.file} ({notes.roster.rows})"))
    return [*rows, (w("a_blank", lang), w("about_blank", lang))]


def _write_contents(
    folder: Path,
    result: RunResult,
    wall_seconds: float | None,
    command: str | None,
    lang: str,
    notes: RunNotes,
    drawer: Drawer,
) -> None:
    # in each language: without a CJK font the plots are drawn in English (decided where they are drawn)
    title = {code: f"{result.scenario.name} · {calendar_span(result.scenario, code)}" for code in {lang, "en"}}
    mentoring = result.scenario.pairing.enabled
    drawer.draw(result.series, folder / "plots", title=title, lang=lang, mentoring=mentoring)  # meanwhile: the tables
    vers = versions()
    scenario = result.scenario.model_dump()
    if isinstance(result.seed, (int, np.integer)):
        scenario["run"]["seed"] = int(result.seed)
    lines = [w("f_resolved", "en"), w("f_seed", "en", seed=_seed_text(result.seed))]
    lines += [w("f_roster", "en", file=notes.roster.file)] if notes.roster else []
    lines += [w("f_versions", "en", versions=", ".join(f"{k} {v}" for k, v in vers.items())), "\n"]
    header = "\n".join(lines)
    (folder / "scenario.toml").write_text(header + tomli_w.dumps(scenario), encoding="utf-8")
    info = {
        "scenario": result.scenario.name,
        "seed": _seed_text(result.seed),
        "versions": vers,
        "command": command or " ".join(sys.argv),
        "wall_seconds": wall_seconds,
        "written": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "lang": lang,
    }
    (folder / "run.json").write_text(json.dumps(info, indent=2), encoding="utf-8")
    tables = _tables(result, notes)
    for name, frame in tables.items():
        if frame is not None:
            write_csv(frame, folder / CSV_FILES[name])
    if result.snapshots is not None:
        blank_never(result.snapshots, "snapshots").to_parquet(folder / "snapshots.parquet", index=False)
    summary: dict[str, Any] = {
        k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in result.summary.items()
    }
    summary.update(result.breakdown)
    (folder / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    write_workbook(
        folder / "results.xlsx", tables, result.summary, result.breakdown, _about(result, notes, lang),
        result.scenario.model_dump(), lang, origin_labels(notes.origins, lang),
    )  # fmt: skip
    plots = drawer.paths()
    report = run_report(result, [p.relative_to(folder) for p in plots], lang=lang, notes=notes)
    (folder / "report.md").write_text(report, encoding="utf-8")
    write_documents(folder / "report.md", lang)  # report.html and report.docx: the report opened by double-click

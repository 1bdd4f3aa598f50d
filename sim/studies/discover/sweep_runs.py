"""A sweep folder read back for analysis: what was swept, over which ranges, and every run's figures.

Reads only (never locks nor tidies the folder), so it works on a finished sweep and on one still
running or interrupted: ``sweep.json`` says the factors and outcomes, ``runs/`` holds the finished
runs (``sim.runs.store``). Used by scenario discovery (``sim.studies.discover.analysis``).
"""

from __future__ import annotations

import json
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from sim.params.reading import read_text, status
from sim.params.schema import parameter_table
from sim.words import pick

__all__ = ["SweepFolderError", "SweepRuns", "SweptParameter", "read_sweep"]

MANIFEST_BYTES = 10_000_000  # sweep.json: the experiment and the plan
CHUNK_BYTES = 256_000_000  # one chunk of run records (a few dozen runs as written)


class SweepFolderError(ValueError):
    """A folder that is not a readable sweep folder; the message names it and what to give instead."""


@dataclass(frozen=True)
class SweptParameter:
    """One factor of the sweep as analysis sees it: a number with its swept range, or categories."""

    name: str  # the column in the results (as written in the experiment file)
    target: str | None  # the dotted scenario parameter (None: a factor of several parameters)
    categorical: bool
    low: float = float("nan")  # numbers: the swept range
    high: float = float("nan")
    integer: bool = False
    levels: tuple[str, ...] = ()  # categories, in the file's order

    def label(self, lang: str = "zh") -> str:
        """Its words from the scenario schema (``pool.entry_willingness`` -> 符合条件的干部每年自愿申报导师的概率)."""
        row = _schema_rows().get(self.target or "")
        if row is None:
            return self.name
        return str(pick(lang, row["meaning_zh"], row["meaning_en"])) or self.name

    def level_label(self, level: str, lang: str = "zh") -> str:
        """A category in words: the code's label from its vocabulary (``willing`` -> 自愿申报), else as written."""
        row = _schema_rows().get(self.target or "")
        labels = row["choice_labels"] if row else {}
        if level in labels:
            return str(pick(lang, *labels[level]))
        return level


_ROWS: dict[str, dict[str, Any]] = {}


def _schema_rows() -> dict[str, dict[str, Any]]:
    if not _ROWS:
        _ROWS.update({str(r["parameter"]): r for r in parameter_table()})
    return _ROWS


def _level_text(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _parameter(name: str, spec: dict[str, Any]) -> SweptParameter:
    """A factor's description in ``sweep.json`` (``sim.studies.sweep.factors.Factor.describe``) as a SweptParameter."""
    if "levels" in spec:  # several parameters per level: the labels are categories
        return SweptParameter(name, None, True, levels=tuple(_level_text(lv[0]) for lv in spec["levels"]))
    target = spec.get("target")
    if "values" in spec:
        values = list(spec["values"])
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            integer = all(isinstance(v, int) for v in values)
            return SweptParameter(name, target, False, float(min(values)), float(max(values)), integer)
        return SweptParameter(name, target, True, levels=tuple(_level_text(v) for v in values))
    return SweptParameter(name, target, False, float(spec["min"]), float(spec["max"]), bool(spec.get("integer")))


@dataclass(frozen=True)
class SweepRuns:
    """A sweep's runs: the parameters, the outcomes it recorded, and one row per stored run."""

    folder: Path
    name: str
    design: str
    replicates: int
    planned: int  # runs the experiment asks for
    parameters: list[SweptParameter]
    outcomes: list[str]
    table: pd.DataFrame  # run, point, replicate, seed, parameters, outcomes, status (ok / failed)

    @property
    def ok(self) -> pd.DataFrame:
        """The runs that finished."""
        return self.table[self.table["status"] == "ok"]

    @property
    def failed(self) -> int:
        """Runs that raised (left out of any analysis)."""
        return int((self.table["status"] != "ok").sum())

    @property
    def missing(self) -> int:
        """Runs not run yet (an interrupted or running sweep)."""
        return max(0, self.planned - len(self.table))

    def parameter(self, name: str) -> SweptParameter:
        """The swept parameter of column ``name``."""
        return next(p for p in self.parameters if p.name == name)


def read_sweep(folder: Path) -> SweepRuns:
    """Read the sweep folder ``folder`` (finished, interrupted or still running).

    Raises:
        SweepFolderError: no such folder, not a sweep folder, or its sweep.json is unreadable.
    """
    folder = Path(folder)
    hint = "give a folder written by `cadre-sim sweep` (results/sweep-NAME)"
    found = status(folder)
    if found is None or not stat.S_ISDIR(found.st_mode):
        raise SweepFolderError(f"{folder}: no such folder; {hint}")
    manifest = folder / "sweep.json"
    if status(manifest) is None:
        raise SweepFolderError(f"{folder}: not a sweep folder (no sweep.json); {hint}")
    try:
        data = json.loads(read_text(manifest, "manifest", SweepFolderError, limit=MANIFEST_BYTES))
        exp = data["experiment"]
        parameters = [_parameter(str(k), v) for k, v in exp["factors"].items()]
        outcomes = [str(o) for o in exp["outcomes"]]
        planned, replicates, design = int(data["n_runs"]), int(exp["replicates"]), str(exp["design"])
    except SweepFolderError:
        raise
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as e:
        raise SweepFolderError(f"{manifest}: unreadable ({type(e).__name__}: {e}); {hint}") from None
    latest = _latest_records(folder / "runs")
    rows = []
    for run in sorted(latest):
        r = latest[run]
        row: dict[str, Any] = {"run": run, "point": r["point"], "replicate": r["replicate"], "seed": r["seed"]}
        row.update(r.get("params") or {})
        values = r.get("outcomes") or {}
        row.update({o: values.get(o, float("nan")) for o in outcomes})
        row["status"] = r["status"]
        rows.append(row)
    names = [p.name for p in parameters]
    table = pd.DataFrame(rows, columns=["run", "point", "replicate", "seed", *names, *outcomes, "status"])
    for o in outcomes:
        table[o] = pd.to_numeric(table[o], errors="coerce").astype("float64")
    try:
        for p in parameters:
            if p.categorical:
                table[p.name] = table[p.name].map(_level_text).astype(object)
            else:
                table[p.name] = table[p.name].astype("int64" if p.integer and len(table) else "float64")
    except (ValueError, TypeError, OverflowError) as e:
        raise SweepFolderError(f"{folder / 'runs'}: a run record holds a value not of its parameter ({e})") from None
    name = str(data.get("name") or folder.name)
    return SweepRuns(folder, name, design, replicates, planned, parameters, outcomes, table)


def _latest_records(runs: Path) -> dict[int, dict]:
    """The latest stored record of each run in ``runs`` (``SWEEP/runs``): every chunk read through the one reader.

    Raises:
        SweepFolderError: a chunk that is not a regular file, too large, not UTF-8, or holds a line that is not
            a run record (a JSON object with the run's number, point, replicate, seed and status).
    """
    latest: dict[int, dict] = {}
    found = status(runs)
    if found is None or not stat.S_ISDIR(found.st_mode):
        return latest
    try:
        chunks = sorted(runs.glob("chunk-*.jsonl"))
    except OSError as e:
        raise SweepFolderError(f"{runs}: unreadable run records ({type(e).__name__}: {e})") from None
    for chunk in chunks:
        text = read_text(chunk, "chunk", SweepFolderError, limit=CHUNK_BYTES)
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                if not isinstance(record, dict):
                    raise TypeError(f"a {type(record).__name__}, not a record")
                for key in ("point", "replicate", "seed", "status"):
                    record[key]  # noqa: B018  (a record without one of them is damaged)
                if not isinstance(record.get("params") or {}, dict) or not isinstance(
                    record.get("outcomes") or {}, dict
                ):
                    raise TypeError("params or outcomes not a table")
                latest[int(record["run"])] = record
            except (ValueError, KeyError, TypeError, RecursionError) as e:
                why = f"{type(e).__name__}: {e}"[:200]
                raise SweepFolderError(f"{chunk}: line {number} is not a run record ({why})") from None
    return latest

"""The fit folder's identity and lock: a calibrate writes only into a folder that is its own, one at a time.

``FIT/fit.json`` is written first, before anything else, and says what is fitted: the scenario (its
name and a digest of its values), the targets (names and a digest), the free parameters with their
ranges, the replicates and the seed. A calibrate goes on in a folder only when its ``fit.json`` says
the same; it starts in a folder only when that folder is new or empty (or holds a fit made before
``fit.json`` existed: a ``study.db`` with the study "fit"). Any other folder (a run's, a sweep's, a
search's, a fit of something else) is refused before anything is written in it.

While a calibrate works, it holds the folder's lock (``FIT/.lock``, as a sweep does): a second
calibrate on the same folder is refused with one line instead of sharing the study.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.files import atomic_write_bytes
from sim.params.schema import Scenario
from sim.runs.store import FolderLock, SweepError
from sim.studies.calibrate.targets import TargetError, TargetSet
from sim.words import Book

if TYPE_CHECKING:
    from sim.studies.calibrate.free import FreeParameter

__all__ = ["IDENTITY_FILE", "fit_identity", "open_fit_folder"]

W = Book("calibrate")
EN = "en"  # the study's errors, in English as the command shows them for now
IDENTITY_FILE = "fit.json"
MOST_BYTES = 1_000_000  # an identity file is a few lines


def _digest(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:16]


def fit_identity(
    scenario: Scenario, targets: TargetSet, free: list[FreeParameter], replicates: int, seed: int,
    structures: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:  # fmt: skip
    """What a fit folder holds a fit of: a resumed fit must share all of it (as ``fit.json`` holds it).

    A structural fit (``structures``: each structure's name and settings) holds them too.
    """
    identity = {
        "kind": "cadre-sim fit",
        "scenario": scenario.name,
        "scenario_values": _digest(scenario.model_dump()),
        "targets": [t.name for t in targets.targets],
        "target_values": _digest([t.model_dump() for t in targets.targets]),
        "free": [{"key": p.key, "min": p.low, "max": p.high, "log": p.log, "integer": p.integer} for p in free],
        "replicates": replicates,
        "seed": seed,
    }
    if structures is not None:
        identity["structures"] = _digest(structures)
    return json.loads(json.dumps(identity))


def _read_identity(path: Path, folder: Path) -> dict[str, Any]:
    """The identity a folder's ``fit.json`` holds (refused when it is not a small regular file of JSON)."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MOST_BYTES:
            raise ValueError(path)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            data = json.loads(fh.read(MOST_BYTES + 1))
        if not isinstance(data, dict) or data.get("kind") != "cadre-sim fit":
            raise ValueError(path)
    except (OSError, ValueError, RecursionError):
        raise TargetError(W("fit_damaged", EN, folder=folder, file=IDENTITY_FILE)) from None
    return data


def _older_fit(folder: Path) -> bool:
    """Whether ``folder`` holds a fit made before ``fit.json`` existed (a study.db with the study "fit")."""
    db = folder / "study.db"
    try:
        if not stat.S_ISREG(os.stat(db).st_mode):
            return False
        with sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True) as connection:
            names = {row[0] for row in connection.execute("SELECT study_name FROM studies")}
    except (OSError, ValueError, sqlite3.Error):
        return False
    return "fit" in names


def _check(folder: Path, identity: dict[str, Any]) -> bool:
    """Refuse a folder that is not this fit's; whether its ``fit.json`` is still to be written. Writes nothing."""
    if folder.exists() and not folder.is_dir():
        raise TargetError(W("fit_not_a_folder", EN, folder=folder))
    marker = folder / IDENTITY_FILE
    if os.path.lexists(marker):
        held = _read_identity(marker, folder)
        differ = [k for k in identity if held.get(k) != identity[k]]
        if differ:
            raise TargetError(W("fit_other", EN, folder=folder, differ=", ".join(differ)))
        return False
    if folder.is_dir() and any(not p.name.startswith(".") for p in folder.iterdir()) and not _older_fit(folder):
        raise TargetError(W("fit_foreign", EN, folder=folder, file=IDENTITY_FILE))
    return True


@contextmanager
def open_fit_folder(folder: Path, identity: dict[str, Any]) -> Iterator[Path]:
    """Check that ``folder`` is this fit's (or new), lock it, write its ``fit.json`` first; yields the folder.

    Raises:
        TargetError: a file, a folder that is not a fit folder, a fit of something else (naming what
            differs), a damaged ``fit.json``, or another calibrate working in the folder.
    """
    _check(folder, identity)  # before anything is made: a foreign folder is left as it is
    folder.mkdir(parents=True, exist_ok=True)
    try:
        lock = FolderLock(folder).__enter__()
    except SweepError:
        raise TargetError(W("fit_locked", EN, folder=folder)) from None
    try:
        if _check(folder, identity):  # again under the lock: another calibrate may have started it meanwhile
            text = json.dumps(identity, indent=1, ensure_ascii=False) + "\n"
            atomic_write_bytes(folder / IDENTITY_FILE, text.encode("utf-8"))
        yield folder
    finally:
        lock.__exit__()

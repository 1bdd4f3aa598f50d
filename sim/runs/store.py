"""The run store of a sweep folder: finished runs on disk as they finish, never half written.

    sweep.json          what was asked (fingerprint of the experiment and base scenario, and the
                        command line's --replicates and --set values)
    experiment.toml     a copy of the experiment file
    runs/chunk-*.jsonl  finished runs, one JSON line each, written in small chunks to a
                        temporary name and renamed (a kill never leaves a half-written chunk)
    results.parquet     the tidy table (run, point, replicate, seed, parameters, outcomes,
    results.csv         status), rebuilt from runs/ by ``consolidate``
    failures.csv        runs that raised: parameters, seed, error and traceback

If the experiment changed, ``prepare_folder`` refuses to mix results and asks for a new folder.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Protocol

import pandas as pd
from filelock import FileLock, Timeout

from sim.files import CSV_ENCODING, atomic_write, atomic_write_bytes
from sim.runs.records import RunRecord
from sim.words import Book

_words = Book("runs")  # the store's errors, in English for now (sim/words/runs.toml)


class Experiment(Protocol):
    """What the store needs of a sweep's experiment (``sim.studies.sweep.experiment.Experiment``)."""

    name: str
    path: Path | None
    text: str
    command: dict[str, Any]
    outcomes: list[str]

    @property
    def parameter_names(self) -> list[str]: ...  # noqa: D102
    @property
    def n_runs(self) -> int: ...  # noqa: D102
    def fingerprint(self) -> str: ...  # noqa: D102
    def fingerprint_data(self) -> dict[str, Any]: ...  # noqa: D102


class SweepError(RuntimeError):
    """A sweep that cannot start (e.g. its folder holds another experiment's results)."""


class FolderLock:
    """An exclusive lock on a sweep folder (``.lock``, released when the process ends, even killed).

    The lock is the operating system's (``filelock``: ``flock`` on Linux and macOS, ``LockFileEx`` on
    Windows), so a killed holder leaves nothing that blocks the next. Who holds it is written beside
    it (``.lock-holder``, removed on release) for the message of the one refused.

    Raises:
        SweepError: another process holds the lock.
    """

    def __init__(self, folder: Path):
        self.path = Path(folder) / ".lock"
        self.holder = Path(folder) / ".lock-holder"
        self.lock: FileLock | None = None

    def __enter__(self) -> FolderLock:
        lock = FileLock(self.path, blocking=False)
        try:
            lock.acquire()
        except Timeout:
            raise SweepError(_words("locked", "en", folder=self.path.parent, holder=self._holder())) from None
        self.lock = lock
        try:
            self.holder.write_text(f"process {os.getpid()}", encoding="ascii")
        except OSError:  # the message of the one refused names no process then
            pass
        return self

    def _holder(self) -> str:
        try:
            return self.holder.read_text(encoding="ascii").strip() or _words("another_process", "en")
        except (OSError, ValueError):
            return _words("another_process", "en")

    def __exit__(self, *exc: object) -> None:
        if self.lock is not None:
            self.holder.unlink(missing_ok=True)
            self.lock.release()
            self.lock = None


def read_records(runs: Path) -> Iterator[dict]:
    """Every record stored in the folder ``runs`` (``SWEEP/runs``), in the order written.

    Only reads: safe on the folder of a sweep still running (its chunks appear whole or not at all).
    """
    for chunk in sorted(Path(runs).glob("chunk-*.jsonl")):
        with open(chunk, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)


class RunStore:
    """Append-only store of finished runs: small JSON-lines chunks, each written atomically."""

    def __init__(self, folder: Path, flush_every: int = 64, flush_seconds: float = 2.0):
        self.dir = Path(folder)
        self.dir.mkdir(parents=True, exist_ok=True)
        for stale in self.dir.glob(".*.tmp"):
            stale.unlink(missing_ok=True)
        self.flush_every = flush_every
        self.flush_seconds = flush_seconds
        self.buffer: list[str] = []
        chunks = self.chunks()
        self.seq = (int(chunks[-1].stem.split("-")[1]) + 1) if chunks else 0
        self.last_flush = time.monotonic()

    def chunks(self) -> list[Path]:
        """The chunk files, in order."""
        return sorted(self.dir.glob("chunk-*.jsonl"))

    def records(self) -> Iterator[dict]:
        """Every stored record, in the order written."""
        return read_records(self.dir)

    def status(self) -> dict[int, str]:
        """Run index -> "ok" or "failed" (the latest record of each run)."""
        return {r["run"]: r["status"] for r in self.records()}

    def add(self, record: dict) -> None:
        """Buffer ``record``; flushed every ``flush_every`` records or ``flush_seconds``."""
        self.buffer.append(json.dumps(record, separators=(",", ":")))
        if len(self.buffer) >= self.flush_every or time.monotonic() - self.last_flush >= self.flush_seconds:
            self.flush()

    def flush(self) -> None:
        """Write the buffered records as a new chunk (atomically)."""
        self.last_flush = time.monotonic()
        if not self.buffer:
            return
        data = ("\n".join(self.buffer) + "\n").encode("utf-8")
        atomic_write_bytes(self.dir / f"chunk-{self.seq:08d}.jsonl", data)
        self.seq += 1
        self.buffer = []


def _diff_keys(old: Any, new: Any, prefix: str = "") -> list[str]:
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for k in sorted(set(old) | set(new)):
            out += _diff_keys(old.get(k), new.get(k), f"{prefix}{k}.")
        return out
    return [] if old == new else [prefix.rstrip(".") or "(all)"]


def command_text(command: dict[str, Any]) -> str:
    """The command line's ``--replicates`` and ``--set`` values as typed (``--replicates 3 --set run.years=5``)."""
    parts = [f"--replicates {command['replicates']}"] if command.get("replicates") is not None else []
    for key, value in (command.get("set") or {}).items():
        shown = str(value).lower() if isinstance(value, bool) else value
        parts.append(f"--set {key}={shown}")
    return " ".join(parts) if parts else _words("no_command", "en")


def prepare_folder(exp: Experiment, out: Path) -> None:
    """Create the sweep folder, or check that an existing one holds this same experiment.

    The folder's ``sweep.json`` records the command line's ``--replicates`` and ``--set``
    (``command``): a resumed sweep with other values is refused with both named.

    Raises:
        SweepError: the folder holds another experiment, or the same with other command-line
            values, or is not a sweep folder.
    """
    manifest = out / "sweep.json"
    data = exp.fingerprint_data()
    if manifest.exists():
        old = json.loads(manifest.read_text(encoding="utf-8"))
        before, now = old.get("command") or {}, json.loads(json.dumps(exp.command, default=str))
        if before != now:
            raise SweepError(
                _words("other_command", "en", folder=out, before=command_text(before), now=command_text(now))
            )
        if old.get("fingerprint") != exp.fingerprint():
            changed = _diff_keys(old.get("experiment", {}), json.loads(json.dumps(data, default=str)))
            shown = ", ".join(changed[:8]) or _words("unknown_change", "en")
            raise SweepError(_words("other_experiment", "en", folder=out, changed=shown))
        return
    if out.exists() and any(out.iterdir()):
        raise SweepError(_words("not_a_sweep", "en", folder=out))
    out.mkdir(parents=True, exist_ok=True)
    if exp.text:
        atomic_write_bytes(out / "experiment.toml", exp.text.encode("utf-8"))
    try:
        ver = version("cadre-sim")
    except PackageNotFoundError:  # pragma: no cover
        ver = "unknown"
    body = {
        "name": exp.name,
        "source": str(exp.path) if exp.path else None,
        "fingerprint": exp.fingerprint(),
        "n_runs": exp.n_runs,
        "cadre_sim_version": ver,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "command": exp.command,
        "experiment": data,
    }
    atomic_write_bytes(manifest, json.dumps(body, indent=2, default=str).encode("utf-8"))


def _results_frame(exp: Experiment, store: RunStore) -> tuple[pd.DataFrame, pd.DataFrame]:
    latest: dict[int, RunRecord] = {}
    for line in store.records():
        record = RunRecord.from_stored(line)
        latest[record.key] = record
    rows, fails = [], []
    for run in sorted(latest):
        r = latest[run]
        place = {"run": r.key, "point": r.point, "replicate": r.replicate, "seed": r.seed}
        params = dict(r.params or {})
        rows.append({**place, **params, **{o: r.result.get(o, float("nan")) for o in exp.outcomes}, "status": r.status})
        if not r.ok:
            fails.append({**place, **{f"param:{k}": v for k, v in params.items()}, "error": r.error,
                          "traceback": r.traceback})  # fmt: skip
    columns = ["run", "point", "replicate", "seed", *exp.parameter_names, *exp.outcomes, "status"]
    return _typed(pd.DataFrame(rows, columns=columns), exp), pd.DataFrame(fails)


def _typed(df: pd.DataFrame, exp: Experiment) -> pd.DataFrame:
    """The results table with its columns typed: outcomes float, indices int, each parameter as its values are."""
    for o in exp.outcomes:
        df[o] = df[o].astype("float64")
    for c in ("run", "point", "replicate", "seed"):
        df[c] = df[c].astype("int64")
    for name in exp.parameter_names:
        col = df[name]
        kinds = {type(v) for v in col}
        if kinds <= {int}:
            df[name] = col.astype("int64")
        elif kinds <= {int, float}:
            df[name] = col.astype("float64")
        elif kinds <= {bool}:
            df[name] = col.astype("bool")
        else:
            df[name] = col.astype(str)
    return df


def consolidate(exp: Experiment, out: Path, store: RunStore | None = None) -> pd.DataFrame:
    """Rebuild results.parquet / results.csv / failures.csv from the run records (atomic)."""
    store = store or RunStore(out / "runs")
    df, fails = _results_frame(exp, store)
    atomic_write(out / "results.parquet", lambda p: df.to_parquet(p, index=False))
    atomic_write(out / "results.csv", lambda p: df.to_csv(p, index=False, encoding=CSV_ENCODING))
    fpath = out / "failures.csv"
    if len(fails):
        atomic_write(fpath, lambda p: fails.to_csv(p, index=False, encoding=CSV_ENCODING))
    else:
        fpath.unlink(missing_ok=True)
    return df

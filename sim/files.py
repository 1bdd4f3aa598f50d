"""Files and folders that are complete or absent.

A file or a results folder is written under a hidden temporary name beside its target, then
renamed, so a reader never sees half of it; nothing is ever written over an existing results
folder. Temporary names carry the writer's process id: a later writer removes the ones whose
process is gone (a killed run leaves nothing behind for long). ``destination_problem`` says,
before any work, why a folder could not receive results.
"""

from __future__ import annotations

import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

MAX_NAME_BYTES = 255  # a file name on Linux, macOS and Windows file systems
MAX_PATH_BYTES = 4000
# every CSV the tool writes starts with a byte-order mark: Excel on a Chinese PC then reads it as UTF-8, not GBK
# (pandas, the tool's own reader, skips the mark)
CSV_ENCODING = "utf-8-sig"


def atomic_write(path: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)`` on a temporary name beside ``path`` (``.NAME.PID.tmp``), then rename it."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    """``data`` to ``path``, flushed to disk before the rename (survives a power loss)."""

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())

    return atomic_write(path, write)


def _alive(pid: int) -> bool:
    if sys.platform == "win32":  # there os.kill(pid, 0) sends Ctrl+C (or ends the process): it does not ask
        import psutil

        return bool(psutil.pid_exists(pid))
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove hidden ``.NAME.PID.*tmp`` files and folders in ``folder`` whose writer process is gone."""
    removed: list[Path] = []
    try:
        entries = list(folder.glob(".*.tmp"))
    except OSError:
        return removed
    for entry in entries:
        parts = entry.name.split(".")
        pids = [int(p) for p in parts if p.isdigit()]
        if not pids or _alive(pids[0]) or pids[0] == os.getpid():
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed.append(entry)
    return removed


def build_folder(final: Path, fill: Callable[[Path], None], *, unique: bool = False) -> Path:
    """Fill a temporary folder beside ``final`` and rename it to ``final`` when complete.

    With ``unique``, a name already taken (by another writer, even one finishing in the same
    second) gives ``final-2``, ``final-3`` ...; without it, a taken name is an error. Returns the
    folder written.

    Raises:
        FileExistsError: ``final`` exists and ``unique`` is false.
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(final.parent)
    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.{os.getpid()}.", suffix=".tmp", dir=final.parent))
    try:
        fill(tmp)
        for k in range(1, 10_000):
            candidate = final if k == 1 else final.with_name(f"{final.name}-{k}")
            if candidate.exists():  # rename would replace an empty folder: never take a name in use
                if not unique:
                    raise FileExistsError(f"{final} exists; results are never overwritten")
                continue
            try:
                os.rename(tmp, candidate)  # atomic; fails if a folder with files appeared meanwhile
                return candidate
            except OSError as exc:
                if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY) or not unique:
                    raise
        raise FileExistsError(f"{final}: no free name left")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _nearest_existing(path: Path) -> Path:
    p = path
    while not p.exists() and p != p.parent:
        p = p.parent
    return p


def destination_problem(root: Path, name: str = "", need_bytes: int = 0) -> str | None:
    """Why a results folder named ``name`` could not be written under ``root``; None if it can.

    Checks, before any work is done: ``root`` is (or can become) a folder; it is not under a
    file; it is writable; names fit the file system; ``need_bytes`` of space are free.
    """
    root = Path(root)
    target = root / name if name else root
    for part in target.parts:
        if len(part.encode("utf-8")) > MAX_NAME_BYTES:
            return f"{target}: the name {part[:40]!r}... is longer than {MAX_NAME_BYTES} bytes"
    if len(str(target.absolute()).encode("utf-8")) > MAX_PATH_BYTES:
        return f"{target}: the path is longer than {MAX_PATH_BYTES} bytes"
    try:
        return _place_problem(root, target, name, need_bytes)
    except OSError as exc:
        return f"{target}: {exc.strerror or exc}"


def _place_problem(root: Path, target: Path, name: str, need_bytes: int) -> str | None:
    if root.exists() and not root.is_dir():
        return f"{root} is a file, not a folder"
    if name and target.exists() and not target.is_dir():
        return f"{target} is a file, not a folder"
    base = _nearest_existing(root.absolute())
    if not base.is_dir():
        return f"{root} is under {base}, which is a file"
    if not os.access(base, os.W_OK | os.X_OK):
        return f"cannot write in {base} (permission denied or read-only)"
    if need_bytes:
        try:
            free = shutil.disk_usage(base).free
        except OSError:
            free = None
        if free is not None and free < need_bytes:
            return (
                f"not enough free space in {base}: the results need about {need_bytes / 1e6:,.0f} MB, "
                f"{free / 1e6:,.0f} MB are free"
            )
    return None

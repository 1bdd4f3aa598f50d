"""Reading an input file (a scenario or an experiment) so that a bad file gives one clear line.

A file must be a readable TOML file of at most ``MAX_BYTES``, in UTF-8 (a UTF-8 byte-order mark
is allowed), nested no deeper than Python can parse, and not empty: a planner who runs an empty
file made a mistake. Anything else raises the caller's error class with the file's name and what
is wrong, never a traceback.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

MAX_BYTES = 1_000_000  # a scenario or experiment file is a page of TOML


def read_toml(path: Path, what: str, error: type[Exception]) -> tuple[dict[str, Any], str]:
    """The data and text of the TOML file ``path``.

    Args:
        path: the file.
        what: what the file is, in words ("scenario", "experiment").
        error: the exception class to raise (its message names the file).

    Raises:
        error: the file is missing, a folder, unreadable, too large, not UTF-8, not TOML, or empty.
    """
    if path.is_dir():
        raise error(f"{path}: is a folder, not a {what} file")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise error(f"{path}: {size:,} bytes is too large for a {what} file (at most {MAX_BYTES:,})")
        raw = path.read_bytes()
    except OSError as exc:
        raise error(f"{path}: cannot read the {what} file: {exc.strerror or exc}") from None
    try:
        text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = raw[exc.start : exc.start + 1].hex()
        raise error(
            f"{path}: not UTF-8 text (byte 0x{bad} at offset {exc.start}); save the {what} file as UTF-8"
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: not valid TOML: {exc}") from None
    except RecursionError:
        raise error(f"{path}: not valid TOML: values nested too deeply") from None
    if not data:
        raise error(f"{path}: the {what} file is empty (it needs at least one setting)")
    return data, text

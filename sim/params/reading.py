"""The one reader of input files: a bad file gives one clear line naming it, never a hang or a traceback.

Every file a command reads (scenarios and their ``based_on`` chains, experiment, levers, target and
free-parameter files, rosters, ensembles, a fit folder's or a sweep folder's files) comes through here.
A file must be a regular file (a device such as ``/dev/zero``, a FIFO or a socket is refused after a
``stat``, before anything opens it: a FIFO is never opened), readable, and at most its limit: the reader
takes at most ``limit + 1`` bytes and never trusts the size the system reports (a device reports 0).
An over-long path or name, and every other error of the system, is one line naming the file.

A TOML file (``read_toml``) must moreover be UTF-8 (a byte-order mark is allowed), nested no deeper than
Python can parse, and not empty: a planner who runs an empty file made a mistake.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tomllib
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from sim.params.errors import in_both
from sim.params.slips import slip_line
from sim.words import Book, pick

MAX_BYTES = 1_000_000  # a scenario or experiment file is a page of TOML
_words = Book("reading")


def _what(what: str, lang: str) -> str:
    key = f"what_{what.replace(' ', '_')}"
    return _words(key, lang) if key in _words else what


def _refused(error: type[Exception], lang: str, words: Callable[[str], str]) -> Exception:
    """An ``error`` whose message is ``words(lang)``, carrying both languages (``sim.params.errors.said``)."""
    zh, en = words("zh"), words("en")
    return in_both(error(pick(lang, zh, en)), zh, en)


def _not_toml(path: str | Path, reason: str, lang: str) -> str:
    return _words("not_toml", lang, path=_shown(path), reason=reason)


def _system_error(path: str | Path, exc: OSError, what: str, lang: str) -> str:
    """One line for an error of the system on ``path``."""
    shown = _shown(path)
    if exc.errno == errno.ENAMETOOLONG:
        return _words("name_too_long", lang, path=shown, what=_what(what, lang))
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return _words("missing", lang, path=shown, what=_what(what, lang))
    reason = exc.strerror or type(exc).__name__
    return _words("unreadable", lang, path=shown, what=_what(what, lang), reason=reason)


def _shown(path: str | Path) -> str:
    """The path as a line shows it: an over-long one cut in the middle."""
    text = str(path)
    return text if len(text) <= 200 else f"{text[:90]}…{text[-90:]}"


def status(path: str | Path) -> os.stat_result | None:
    """``os.stat`` of ``path``, or None where the system cannot say (missing, a name too long, ...)."""
    try:
        return os.stat(path)
    except (OSError, ValueError):  # ValueError: a NUL byte in the path
        return None


def exists(path: str | Path) -> bool:
    """Whether ``path`` names something, without raising on a name the system refuses."""
    return status(path) is not None


def is_file(path: str | Path) -> bool:
    """Whether ``path`` is a regular file, without raising on a name the system refuses."""
    st = status(path)
    return st is not None and stat.S_ISREG(st.st_mode)


def check_file(
    path: str | Path, what: str, error: type[Exception], *, limit: int | None = None, lang: str = "en"
) -> int:
    """Check that ``path`` is a regular file of at most ``limit`` bytes (as it reports); its size.

    Nothing is opened: use it before handing a path to a library that opens it (a workbook, a zip).

    Raises:
        error: a missing path, a name too long, a folder, a device, a FIFO or a socket, or a file over ``limit``.
    """
    try:
        st = os.stat(path)
    except OSError as exc:
        raise _refused(error, lang, partial(_system_error, path, exc, what)) from None
    except ValueError:
        raise _refused(
            error, lang, lambda lang: _words("bad_name", lang, path=_shown(path), what=_what(what, lang))
        ) from None
    if stat.S_ISDIR(st.st_mode):
        raise _refused(error, lang, lambda lang: _words("folder", lang, path=_shown(path), what=_what(what, lang)))
    if not stat.S_ISREG(st.st_mode):
        raise _refused(error, lang, lambda lang: _words("not_regular", lang, path=_shown(path), what=_what(what, lang)))
    if limit is not None and st.st_size > limit:
        raise _refused(error, lang, lambda lang: _too_large(path, st.st_size, limit, what, lang))
    return st.st_size


def _too_large(path: str | Path, size: int, limit: int, what: str, lang: str) -> str:
    return _words("too_large", lang, path=_shown(path), size=f"{size:,}", what=_what(what, lang), limit=f"{limit:,}")


def read_bytes(
    path: str | Path, what: str, error: type[Exception], *, limit: int = MAX_BYTES, lang: str = "en"
) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Args:
        path: the file.
        what: what the file is, in words ("scenario", "experiment", "roster").
        error: the exception class to raise (its message names the file).
        limit: the most bytes the file may hold.
        lang: the language of the message.

    Raises:
        error: the file is missing, not a regular file, unreadable, or over ``limit`` bytes.
    """
    check_file(path, what, error, limit=limit, lang=lang)
    try:
        # O_NONBLOCK: should a FIFO have taken the file's place since the stat, opening it does not wait
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise _refused(error, lang, partial(_system_error, path, exc, what)) from None
    with os.fdopen(fd, "rb") as fh:
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise _refused(
                    error, lang, lambda lang: _words("not_regular", lang, path=_shown(path), what=_what(what, lang))
                )
            raw = _read_at_most(fh, limit + 1)  # never trust the size reported: one byte past the limit
        except OSError as exc:
            raise _refused(error, lang, partial(_system_error, path, exc, what)) from None
    if len(raw) > limit:
        raise _refused(
            error,
            lang,
            lambda lang: _words("over_limit", lang, path=_shown(path), what=_what(what, lang), limit=f"{limit:,}"),
        )
    return raw


def _read_at_most(fh: Any, most: int) -> bytes:
    """At most ``most`` bytes of ``fh``, read in chunks.

    ``fh.read(most)`` would reserve ``most`` bytes at once (2 GB for a run's tables), whatever the file holds.
    """
    chunks, got = [], 0
    while got < most and (chunk := fh.read(min(1 << 24, most - got))):
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def read_text(path: str | Path, what: str, error: type[Exception], *, limit: int = MAX_BYTES, lang: str = "en") -> str:
    """The UTF-8 text of ``path`` (a byte-order mark dropped), read as ``read_bytes`` reads.

    Raises:
        error: as ``read_bytes``, or the file is not UTF-8.
    """
    raw = read_bytes(path, what, error, limit=limit, lang=lang)
    try:
        return raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        bad, offset = raw[exc.start : exc.start + 1].hex(), exc.start
        raise _refused(
            error,
            lang,
            lambda lang: _words("not_utf8", lang, path=_shown(path), byte=bad, offset=offset, what=_what(what, lang)),
        ) from None


def read_toml(
    path: Path, what: str, error: type[Exception], *, limit: int = MAX_BYTES, lang: str = "en"
) -> tuple[dict[str, Any], str]:
    """The data and text of the TOML file ``path``.

    Args:
        path: the file.
        what: what the file is, in words ("scenario", "experiment").
        error: the exception class to raise (its message names the file).
        limit: the most bytes the file may hold.
        lang: the language of the message.

    Raises:
        error: the file is missing, a folder, not a regular file, unreadable, too large, not UTF-8,
            not TOML, or empty.
    """
    text = read_text(path, what, error, limit=limit, lang=lang)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        near = re.search(r"at line (\d+)", str(exc))  # a full-width sign or digit: the line and its fix
        zh, en = (slip_line(text, _shown(path), k, int(near.group(1)) if near else 0) for k in ("zh", "en"))
        if zh and en:
            raise in_both(error(pick(lang, zh, en)), zh, en) from None
        raise _refused(error, lang, partial(_not_toml, path, str(exc))) from None
    except RecursionError:
        raise _refused(error, lang, lambda lang: _words("too_deep", lang, path=_shown(path))) from None
    if not data:
        raise _refused(error, lang, lambda lang: _words("empty", lang, path=_shown(path), what=_what(what, lang)))
    return data, text

"""Errors of bad input, and the one formatter that turns pydantic's errors into plain lines.

Every line names the source (a file, or "override"), the key, the value given, the problem and
what is allowed: ``scenarios/x.toml: [pairing] form = 'pair': unknown pairing form (allowed: ...)``.
Scenario files and experiment files share it; each says how its keys are shown and what is
allowed at a key.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import ValidationError


class ScenarioError(ValueError):
    """A scenario (file, dict or override) that cannot be used; the message says why."""


Loc = tuple[str, ...]


def format_validation_error(
    err: ValidationError,
    source: str,
    *,
    where: Callable[[Loc], str],
    allowed: Callable[[Loc], str],
    unknown: Callable[[Loc], tuple[str, Sequence[str], str]],
) -> str:
    """Lines ``SOURCE: WHERE = VALUE: PROBLEM (allowed: ...)``, one per error.

    Args:
        err: the pydantic error.
        source: the file (or other origin) the values came from.
        where: how a location is written (``[pairing] form`` or ``parameters.x``).
        allowed: what is allowed at a location.
        unknown: for an unknown name, what it is ("key", "section"), the names valid in its
            place (for "did you mean") and the text of what is allowed.
    """
    lines = []
    for e in err.errors():
        loc: Loc = tuple(str(p) for p in e["loc"])
        problem = e["msg"].removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            kind, known, valid = unknown(loc)
            close = difflib.get_close_matches(loc[-1], list(known), n=1) if loc else []
            hint = f"; did you mean {close[0]!r}?" if close else ""
            lines.append(f"{source}: {where(loc)}: unknown {kind}{hint} (allowed: {valid})")
            continue
        value: Any = e.get("input")
        shown = "" if e["type"] == "missing" or isinstance(value, dict) else f" = {value!r}"
        lines.append(f"{source}: {where(loc)}{shown}: {problem} (allowed: {allowed(loc)})")
    return "\n".join(lines)

"""A finished run, typed: what a backend yields and what a sweep folder keeps of it.

A backend yields one :class:`RunRecord` per task as runs finish (``ok`` with the run function's
``result`` (empty when failed), or failed with the ``error`` and its ``traceback``: a run that raises is data, not a
crash). A sweep places it in its design (``point``, ``replicate``, ``seed``, ``params``) and keeps it
as one JSON line (:meth:`RunRecord.stored`; read back with :meth:`RunRecord.from_stored`), in the
format sweep folders have always had: ``run``, ``point``, ``replicate``, ``seed``, ``params``,
``elapsed``, ``status`` ("ok" or "failed"), then ``outcomes``, or ``error`` and ``traceback``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class RunRecord:
    """One finished run: its task key, whether it ran, what it returned or why it failed, its time.

    ``point``, ``replicate``, ``seed`` and ``params`` say where it sits in a sweep's design (None
    outside a sweep).
    """

    key: int
    ok: bool
    result: Mapping[str, Any] = field(default_factory=dict)
    error: str = ""
    traceback: str = ""
    elapsed: float = math.nan
    point: int | None = None
    replicate: int | None = None
    seed: int | None = None
    params: Mapping[str, Any] | None = None

    @property
    def status(self) -> str:
        """The status the tables and the stored line give: "ok" or "failed"."""
        return "ok" if self.ok else "failed"

    def failed(self, error: str, traceback: str = "") -> RunRecord:
        """The same run, failed with ``error`` (e.g. its result lacked an outcome)."""
        return replace(self, ok=False, result={}, error=error, traceback=traceback)

    def placed(self, *, point: int, replicate: int, seed: int, params: Mapping[str, Any]) -> RunRecord:
        """The same run, placed in a sweep's design."""
        return replace(self, point=point, replicate=replicate, seed=seed, params=params)

    def stored(self) -> dict[str, Any]:
        """The JSON line a sweep folder keeps (its ``result`` kept as ``outcomes``)."""
        line: dict[str, Any] = {"run": self.key, "point": self.point, "replicate": self.replicate, "seed": self.seed}
        line.update(params=dict(self.params or {}), elapsed=self.elapsed, status=self.status)
        if self.ok:
            line["outcomes"] = dict(self.result)
        else:
            line.update(error=self.error, traceback=self.traceback)
        return line

    @classmethod
    def from_stored(cls, line: Mapping[str, Any]) -> RunRecord:
        """A record read back from a sweep folder's JSON line."""
        ok = line["status"] == "ok"
        elapsed = line.get("elapsed")
        return cls(
            key=int(line["run"]), ok=ok, result=(line.get("outcomes") or {}) if ok else {},
            error=line.get("error", ""), traceback=line.get("traceback", ""),
            elapsed=math.nan if elapsed is None else float(elapsed), point=line.get("point"),
            replicate=line.get("replicate"), seed=line.get("seed"), params=line.get("params") or {},
        )  # fmt: skip

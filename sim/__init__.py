"""cadre-sim: an agent-based simulation of the mentor system for young cadres (导师帮带制).

The folders: ``params`` (scenario schema and files), ``model`` (the Mesa model, one module a
mechanism), ``runs`` (how many runs are carried out and kept), ``studies`` (one folder a study: run,
compare, sweep, calibrate, check, optimise, discover), ``output`` (writers and pictures they share),
``demo`` (the workshop), ``words`` (every word a user reads), ``adapters`` (other libraries' internals);
``cli`` holds the application and the options every command shares. See ``docs/ARCHITECTURE.md``.
"""

from __future__ import annotations

import importlib
from typing import Any

# The public names, imported when first used (PEP 562), so that `cadre-sim --help`, `list` and
# `validate` do not load Mesa, pandas or matplotlib.
_EXPORTS = {
    "OUTCOMES": "sim.model.outcomes",
    "Cadre": "sim.model.agent",
    "CadreModel": "sim.model.model",
    "RunResult": "sim.model.run",
    "Scenario": "sim.params.schema",
    "ScenarioError": "sim.params.errors",
    "Stage": "sim.model.stages",
    "load_scenario": "sim.params.scenario",
    "simulate": "sim.model.run",
}


def __getattr__(name: str) -> Any:
    """A public name, imported from its module on first use."""
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'sim' has no attribute {name!r}")


__all__ = [
    "OUTCOMES",
    "Cadre",
    "CadreModel",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "Stage",
    "load_scenario",
    "simulate",
]
__version__ = "0.1.0"

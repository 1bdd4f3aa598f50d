"""Parameters of a scenario.

The closed schema of a scenario (``schema``), scenario files (``scenario``) and
the errors of bad input (``errors``), shared by experiment files.

The names below are imported from their modules on first use, so that importing ``sim.params.fields``
(as a variant of a mechanism does, in ``sim.model.variants``) does not load the schema, which reads
the registered variants: the model can be imported before the parameters.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sim.params.errors import ScenarioError
    from sim.params.scenario import bundled, load_scenario, parse_assignments
    from sim.params.schema import Scenario, parameter_names, parameter_table

_EXPORTS = {
    "Scenario": "sim.params.schema",
    "ScenarioError": "sim.params.errors",
    "bundled": "sim.params.scenario",
    "load_scenario": "sim.params.scenario",
    "parameter_names": "sim.params.schema",
    "parameter_table": "sim.params.schema",
    "parse_assignments": "sim.params.scenario",
}


def __getattr__(name: str) -> Any:
    """A public name, imported from its module on first use."""
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'sim.params' has no attribute {name!r}")


__all__ = [
    "Scenario",
    "ScenarioError",
    "bundled",
    "load_scenario",
    "parameter_names",
    "parameter_table",
    "parse_assignments",
]

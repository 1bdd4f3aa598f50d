"""Parameters of a scenario.

The closed schema of a scenario (``schema``), scenario files (``scenario``) and
the errors of bad input (``errors``), shared by experiment files.
"""

from sim.params.errors import ScenarioError
from sim.params.scenario import bundled, load_scenario, parse_assignments
from sim.params.schema import Scenario, parameter_names, parameter_table

__all__ = [
    "Scenario",
    "ScenarioError",
    "bundled",
    "load_scenario",
    "parameter_names",
    "parameter_table",
    "parse_assignments",
]

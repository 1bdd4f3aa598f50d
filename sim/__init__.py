"""cadre-sim: an agent-based simulation of the mentor system for young cadres (导师帮带制).

The folders: ``params`` (scenario schema and files), ``model`` (the Mesa model and its parts),
``explore`` (experiments, sweeps, comparisons, statistics), ``output`` (results folders, reports,
plots, pictures), ``demo`` (the browser demo); ``cli`` holds every command. See
``docs/ARCHITECTURE.md``.
"""

from sim.model.agent import Cadre
from sim.model.model import CadreModel
from sim.model.outcomes import OUTCOMES
from sim.model.run import RunResult, simulate
from sim.model.stages import Stage
from sim.params.errors import ScenarioError
from sim.params.scenario import load_scenario
from sim.params.schema import Scenario

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

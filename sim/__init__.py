"""cadre-sim: an agent-based simulation of the mentor system for young cadres (导师帮带制)."""

from sim.model import Cadre, CadreModel
from sim.population import Stage
from sim.run import OUTCOMES, RunResult, simulate
from sim.scenario import Scenario, ScenarioError, load_scenario

__all__ = ["Cadre", "CadreModel", "OUTCOMES", "RunResult", "Scenario", "ScenarioError", "Stage", "load_scenario", "simulate"]
__version__ = "0.1.0"

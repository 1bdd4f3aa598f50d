"""Mesa's internals used by the model (``sim.adapters.mesa``) are there in the installed Mesa, the pinned one."""

import re

import mesa
import pytest
from conftest import ROOT
from mesa.experimental.mesa_signals import ModelSignals

from sim.adapters import mesa as mesa_adapter
from sim.model.agent import Cadre
from sim.model.model import CadreModel


def _pinned_in_constraints() -> str:
    found = re.search(r"^mesa==(\S+)", (ROOT / "constraints.txt").read_text(encoding="utf-8"), re.I | re.M)
    assert found, "constraints.txt pins no Mesa version (a line mesa==X.Y.Z)"
    return found.group(1)


def test_the_installed_mesa_is_the_pinned_one():
    pinned = _pinned_in_constraints()
    assert mesa_adapter.PINNED == pinned, (
        f"sim/adapters/mesa.py was read against Mesa {mesa_adapter.PINNED} but constraints.txt pins {pinned}: "
        "re-read Mesa's Model, AgentSet and DataCollector for the names in PRIVATE, then update PINNED"
    )
    assert mesa.__version__ == pinned, (
        f"Mesa {mesa.__version__} is installed but constraints.txt pins {pinned} (sim/adapters/mesa.py uses "
        f"Mesa's private names {', '.join(mesa_adapter.PRIVATE)}): install the pinned version, or re-read them"
    )


def test_every_private_name_is_there():
    missing = mesa_adapter.missing_names()
    assert not missing, f"Mesa {mesa.__version__} lacks {', '.join(missing)}, which sim/adapters/mesa.py uses"


def _mesa_private_names() -> set[str]:
    model = mesa.Model()
    holders = (model, model.agents, mesa.Agent, mesa.DataCollector())
    return {name for holder in holders for name in dir(holder) if name.startswith("_") and not name.startswith("__")}


def test_no_other_module_uses_mesa_private_names():
    """Mesa's private names are used in sim/adapters/mesa.py only.

    Those of ``PRIVATE`` anywhere; any other private name of Mesa's Model, AgentSet, Agent or
    DataCollector on another object than ``self`` (a class of sim may have its own ``self._rng``).
    """
    used = sorted({name.split(".")[1] for name in mesa_adapter.PRIVATE})
    others = sorted(_mesa_private_names() - set(used))
    pattern = re.compile(
        r"\.(" + "|".join(map(re.escape, used)) + r")\b|(?<!self)\.(" + "|".join(map(re.escape, others)) + r")\b"
    )
    users = {
        str(path.relative_to(ROOT)): sorted({a or b for a, b in pattern.findall(text)})
        for path in sorted((ROOT / "sim").rglob("*.py"))
        if path != ROOT / "sim" / "adapters" / "mesa.py" and pattern.search(text := path.read_text(encoding="utf-8"))
    }
    assert not users, f"Mesa's private names outside sim/adapters/mesa.py: {users}"


@pytest.mark.parametrize("listening", [False, True])
def test_agents_made_in_bulk_are_those_mesa_makes_one_by_one(listening):
    """The bulk path and Mesa's own path give the same ids, sets and types."""
    model = CadreModel({"run": {"years": 1}, "population": {"initial_cadres": 40, "initial_pool_size": 5}})
    if listening:
        model.observe("agents", ModelSignals.AGENT_ADDED, lambda signal: None)
    for _ in range(12):
        model.step()
    agents = model.agents
    assert len(agents) == len(model.pop.in_post) == len(model.agents_by_type[Cadre])
    assert sorted(a.unique_id for a in agents) == list(range(1, len(agents) + 1))
    assert {a.index for a in agents} == set(model.pop.cadre_id[model.pop.in_post].tolist())
    assert model.agent_types == [Cadre]


def test_series_collected_directly_match_mesa_collect():
    model = CadreModel({"run": {"years": 1}, "population": {"initial_cadres": 40, "initial_pool_size": 5}})
    model.run_for(6)
    plain = mesa.DataCollector(model_reporters=dict(model.datacollector.model_reporters))
    frame = model.datacollector.get_model_vars_dataframe()
    assert len(frame) == 7 and model.datacollector._collection_steps == [0, 1, 2, 3, 4, 5, 6]  # noqa: SLF001
    plain.collect(model)
    assert plain.get_model_vars_dataframe().iloc[-1].equals(frame.iloc[-1])

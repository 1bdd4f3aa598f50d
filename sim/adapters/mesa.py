"""Mesa's internals that the model uses, written against Mesa 3.5.1.

Two things Mesa's public API does not offer, both worth it for a county of thousands of cadres:

- **Agents registered in bulk.** ``Agent.__init__`` registers one agent at a time with the model
  (``Model.register_agent``: an id, the set of all agents, the set of its type, a signal). Making the
  agents of a year's intake that way costs more than the month's numerics; ``AgentRoll``
  (``sim.model.agent``) makes them in one pass instead, with the same ids and the same sets, when
  nobody listens to Mesa's signals (``observed``): otherwise it takes Mesa's own path, agent by agent.
- **The series appended as they are.** ``DataCollector.collect`` calls each reporter and deep-copies
  what it returns; the series' reporters return numbers already measured, so ``SeriesCollector``
  (``sim.model.model``) appends them itself once Mesa has checked the reporters, recording the step as
  Mesa does.

Every private name is in :data:`PRIVATE` with the reason beside it, and the version read in
:data:`PINNED` (the one ``constraints.txt`` pins); ``tests/test_adapters_mesa.py`` fails, saying which,
when the installed Mesa differs or a name is gone. Nothing else in ``sim`` touches Mesa's internals.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import mesa

PINNED = "3.5.1"  # the Mesa these names were read in (constraints.txt)
PRIVATE = {
    # name: why it is used
    "Model._all_agents": "the set of every agent, added to and removed from in bulk (register_agent does one)",
    "Model._agents_by_type": "the agents of each type, added to and removed from in bulk",
    "Model._batch_context": "whether Mesa batches signals: then agents must be registered one by one",
    "AgentSet._agents": "the dictionary behind an agent set, updated in one call for a whole intake",
    "Agent._datasets": "whether datasets track the agents of a type: then agents must be made one by one",
    "DataCollector._validated": "whether Mesa has checked the reporters (its first collect), before appending directly",
    "DataCollector._collection_steps": "the steps collected, appended as DataCollector.collect appends them",
}


def observed(model: mesa.Model, agent_type: type[mesa.Agent]) -> bool:
    """Whether agents must take Mesa's own path: signals listened to or batched, or datasets tracking the type."""
    return bool(model.subscribers) or model._batch_context is not None or bool(agent_type._datasets)


def register_in_bulk[A: mesa.Agent](
    model: mesa.Model, agent_type: type[A], attributes: Iterable[Mapping[str, Any]]
) -> list[A]:
    """Agents of ``agent_type``, one per mapping of attributes, registered with ``model`` as ``Agent.__init__`` would.

    Each gets the next id (``model.agent_id_counter``, in order), ``pos`` None and its attributes,
    without calling ``__init__``; all join the set of every agent and the set of their type at once.
    No signal is sent: call only when nobody listens (``not observed(model, agent_type)``).
    """
    new, first = agent_type.__new__, model.agent_id_counter
    agents = []
    for uid, fields in enumerate(attributes, start=first):
        agent = new(agent_type)  # type: ignore[call-overload]  # object.__new__: no __init__
        agent.__dict__.update(model=model, unique_id=uid, pos=None, **fields)
        agents.append(agent)
    model.agent_id_counter = first + len(agents)
    model._all_agents._agents.update(dict.fromkeys(agents))
    typed = model._agents_by_type.get(agent_type)
    if typed is None:  # Mesa's set of strong references, as register_agent makes it
        model._agents_by_type[agent_type] = type(model._all_agents)(agents, random=model.random)
    else:
        typed._agents.update(dict.fromkeys(agents))
    return agents


def deregister_in_bulk(model: mesa.Model, agent_type: type[mesa.Agent], agents: Iterable[mesa.Agent]) -> None:
    """Remove ``agents`` (of ``agent_type``) from the model's sets, as ``Agent.remove`` would, without signals."""
    everyone, typed = model._all_agents._agents, model._agents_by_type[agent_type]._agents
    for agent in agents:
        everyone.pop(agent, None)
        typed.pop(agent, None)


def reporters_checked(collector: mesa.DataCollector) -> bool:
    """Whether Mesa's ``collect`` has checked the collector's reporters (it does on its first call)."""
    return bool(collector._validated)


def record_collection_step(collector: mesa.DataCollector, time: float) -> None:
    """Record that ``collect`` ran at ``time``, as ``DataCollector.collect`` records it."""
    collector._collection_steps.append(time)


def missing_names() -> list[str]:
    """The names of :data:`PRIVATE` the installed Mesa lacks (instance attributes looked up on fresh instances)."""
    model = mesa.Model()
    holders = {
        "Model": model,
        "AgentSet": model.agents,
        "Agent": mesa.Agent,
        "DataCollector": mesa.DataCollector(),
    }
    missing = []
    for name in PRIVATE:
        owner, attribute = name.split(".")
        if not hasattr(holders[owner], attribute):
            missing.append(name)
    return missing

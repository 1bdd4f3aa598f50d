"""CadreModel: the mentor system month by month (one Mesa step = one month).

Data flow of one month (``step``); months are calendar months (``calendar``), step 1 is the
scenario's start month. The month is the declared list ``sim.model.month.MONTH`` of the mechanisms'
steps (each mechanism module declares its steps, ``sim.model.mechanism``), run in this order:
1. intake in the intake month: cadres to the establishment's rule, and the village kinds
   (``flows``, ``establishment``, ``kinds``); weak collectives identified (``collectives``);
2. ageing, exits (attrition, retirement, village mentees at the end of their window) and moves
   to the second line (``flows``);
3. while the programme runs (``programme``: pilot, county-wide, stop): pairs that are due end;
   county leaders take selected graduates, the pool takes the other mentees and then weak
   collectives (``pairing``, ``matching``);
4. skills grow by the scenario's growth law (``growth``, ``[growth] law``), then collectives;
5. transitions: competence, backbones (徒成), end of the mentee window (``flows``);
6. at year end: appraisal and promotion (``careers``), secondment (``secondment``), Party
   membership (``party``); then the pool's evaluation, review, awards and admissions (``pool``,
   while the programme runs);
7. the month's figures are collected (``outcomes``).

The numbers live in numpy arrays (``model.pop``, ``model.pairs``); the Mesa agents (``Cadre``)
are the identities users and Mesa's tools see, and read their attributes from those arrays. At the
start of the intake month's step the rows of those who left move to the archive
(``compaction``), so that the month's passes cost what the people in post cost.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import mesa
import numpy as np
from mesa.experimental.scenarios import Scenario as MesaScenario

from sim.adapters import mesa as mesa_adapter
from sim.model import flows
from sim.model.agent import AgentRoll, Cadre
from sim.model.aspects import ASPECT_SETS
from sim.model.calendar import date_of
from sim.model.careers import RANK_CODES, PromotionExposure
from sim.model.collectives import Collectives
from sim.model.continuity import Capability
from sim.model.establishment import newcomers_per_year
from sim.model.events import EventLog
from sim.model.month import MONTH, Month
from sim.model.outcomes import measure, series_columns
from sim.model.pairing.book import PairBook
from sim.model.population import Population
from sim.model.roster import roster_population
from sim.params.roster import Roster
from sim.params.scenario import resolve_scenario
from sim.params.schema import Scenario


class CadreModel(mesa.Model):
    """The mentor system of one county (or province) over ``run.years`` years.

    ``CadreModel(params=..., rng=..., **overrides)``.

    Args:
        params: the cadre-sim scenario: a ``Scenario``, a path to a TOML file or a bundled name,
            a nested dict, or None (the defaults).
        rng: a seed, ``SeedSequence`` or ``Generator``; default: the scenario's ``run.seed``.
        scenario: Mesa's own ``Scenario`` (what SolaraViz's Reset and Mesa's tools pass): its
            ``rng`` seeds the run when ``rng`` is not given, its other fields are overrides.
        roster: the county's own cadres to start from (``sim.params.roster.read_roster``), in
            place of the drawn starting county; the scenario is sized to it (``Roster.fit``).
        **overrides: parameters by bare or dotted name (``mentees_per_mentor=3``), validated
            like a scenario file.

    Raises:
        ScenarioError: invalid parameters.
        TypeError: ``scenario`` is not a Mesa Scenario (the cadre-sim scenario goes in ``params``).
    """

    def __init__(
        self,
        params: Scenario | str | Path | Mapping[str, Any] | None = None,
        rng: int | np.random.SeedSequence | np.random.Generator | None = None,
        scenario: MesaScenario | None = None,
        roster: Roster | None = None,
        **overrides: Any,
    ):
        fields: dict[str, Any] = {}
        if scenario is not None:
            if not isinstance(scenario, MesaScenario):
                raise TypeError(
                    "scenario= is Mesa's Scenario; give the cadre-sim scenario (a Scenario, a file, a bundled "
                    f"name or a dict) as params=, not scenario= (got {type(scenario).__name__})"
                )
            fields = {k: v for k, v in vars(scenario).items() if k != "rng"}
            if rng is None:
                rng = scenario.rng
        resolved = resolve_scenario(params).with_overrides({**fields, **overrides})
        if roster is not None:
            resolved = roster.fit(resolved)
        if rng is None:
            rng = resolved.run.seed
        if isinstance(rng, np.random.SeedSequence):
            rng = np.random.default_rng(rng)
        super().__init__(rng=rng)
        if scenario is not None:
            self.scenario = scenario  # Mesa's record of it (SolaraViz reads its fields on Reset)
        self.params = resolved
        self.months = resolved.run.months
        start, yearly = resolved.population.initial_cadres, newcomers_per_year(resolved)
        self.aspect_set = ASPECT_SETS[resolved.methods.aspects]
        self.aspect_effects = self.aspect_set.effect_table()
        limit = start + yearly * (self.months // 12 + 2)
        self.pop = Population(start + 2 * yearly, limit=limit, aspects=len(self.aspect_set.aspects))
        self.pairs = PairBook()
        self.collectives = Collectives(resolved.collectives.mentors_each)
        self.events = EventLog(self.pop)
        self.promotions = dict.fromkeys(range(len(RANK_CODES)), 0)  # promotions to each rank so far
        self.promotion_exposure = PromotionExposure()  # cadre-years and promotions, mentored or not
        self.party_joined = 0
        self.party_by_mentor = 0
        self.newcomers = np.zeros(0, dtype=np.int64)  # rows of the last intake (the pool's demand)
        self.compact_every = "year"  # when the rows of those who left go to the archive (sim.model.compaction)
        self.programme_stopped = False
        self.capability = Capability()  # what a stopped programme built, and how much of it lasts
        self.cum_backbones = 0
        self.cum_backbones_mentored = 0  # of them, cadres who had had a mentor
        self.cum_backbones_mentored_all = 0  # of them, everyone who had had a mentor (village level too)
        self.mentor_hours = 0.0
        self.cum_mentor_hours = 0.0
        self.cum_meetings_missed = 0  # the five ones' meetings missed so far ([methods] five_ones = "meetings")
        self.month_intake = 0
        self.month_exits = 0
        self.roll = AgentRoll()  # the Mesa agents of the cadres in post, made when first looked for
        self.exit_hazard = flows.exit_hazards(resolved)
        self.kind_hazard = flows.kind_hazards(resolved)
        if roster is None:
            flows.initial_population(self)
        else:
            roster_population(self, roster)
        self.collectives.add(self, resolved.collectives.initial)
        self.datacollector = SeriesCollector(model_reporters={name: _reporter(name) for name in series_columns()})
        self.latest: dict[str, float] = measure(self)
        self.datacollector.collect(self)

    def step(self) -> None:
        """One month: the steps of ``sim.model.month.MONTH``, in the order of the module docstring."""
        month = self.steps
        _, month_of_year = date_of(self.params.run, month)
        self.month_intake = 0
        this = Month(month, month_of_year, intake=month_of_year == self.params.flows.intake_month)
        for step in MONTH:
            if step.runs(self, this):
                step.run(self, this)
        if month >= self.months:
            self.running = False

    @property
    def agents(self) -> Any:
        """Mesa's set of every agent: a ``Cadre`` for each cadre in post (made now if not yet)."""
        self.roll.bring_up_to_date(self)
        return super().agents

    @agents.setter
    def agents(self, agents: Any) -> None:
        mesa.Model.agents.fset(self, agents)  # Mesa refuses, with its message

    @property
    def agents_by_type(self) -> Any:
        """Mesa's agents by type (the cadres in post), made now if not yet."""
        self.roll.bring_up_to_date(self)
        return super().agents_by_type

    @property
    def agent_types(self) -> list[type]:
        """The agent types of the model (``Cadre``), once its agents are made."""
        self.roll.bring_up_to_date(self)
        return super().agent_types

    def cadre(self, index: int) -> Cadre | None:
        """The agent of cadre ``index`` (its id; None once the cadre has exited)."""
        self.roll.bring_up_to_date(self)
        return self.roll.by_index.get(index)

    def active_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Current pairs as (mentor indices, mentee indices): the cadres' ids."""
        return self.pop.cadre_id[self.pairs.mentor], self.pop.cadre_id[self.pairs.mentee]


def _reporter(name: str) -> Callable[[CadreModel], float]:
    def report(model: CadreModel) -> float:
        return model.latest[name]

    report.__name__ = name
    report.reads_latest = name  # type: ignore[attr-defined]  # SeriesCollector's short cut
    return report


class SeriesCollector(mesa.DataCollector):
    """Mesa's ``DataCollector`` of the monthly series, appending each column from the month's row.

    Mesa's ``collect`` calls each reporter and deep-copies what it returns; the series' reporters
    only read ``model.latest``, whose values are numbers, so each is appended as it is. The first
    collection, and any with reporters of other kinds (a user's own), take Mesa's own path.
    """

    _checked: dict[str, Any] | None = None  # the reporters last checked, and whether all were the series'
    _ours = False

    def collect(self, model: Any) -> None:
        """Collect this month's row (Mesa's ``collect`` where the short cut does not apply)."""
        reporters = self.model_reporters
        if reporters != self._checked:  # first seen, or changed since: are they all the series'?
            ours = all(getattr(r, "reads_latest", None) == name for name, r in reporters.items())
            self._checked, self._ours = dict(reporters), ours
        if (
            not (self._ours and mesa_adapter.reporters_checked(self))
            or self.agent_reporters
            or self.agenttype_reporters
        ):
            super().collect(model)
            return
        mesa_adapter.record_collection_step(self, model.time)
        latest, columns = model.latest, self.model_vars
        for name in reporters:
            columns[name].append(latest[name])

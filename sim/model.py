"""CadreModel: the mentor system month by month (one Mesa step = one month).

Data flow of one month (``step``):
1. intake of young cadres (in the intake month);
2. ageing, exits (attrition by stage, retirement) and moves to the second line;
3. pairs that are due end; unpaired young cadres are paired (``sim.pairing``);
4. skills grow (``sim.growth``);
5. transitions: backbones (徒成), end of the mentee window;
6. at year end: two-way evaluation, review, gold awards, new mentors enter the pool (``sim.pool``);
7. the month's figures are collected.

The numbers live in numpy arrays (``model.pop``, ``model.pairs``); the Mesa agents (``Cadre``)
are the identities users and Mesa's tools see, and read their attributes from those arrays.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

import mesa
import numpy as np

from sim import growth, pool
from sim.events import EventLog
from sim.methods import ASPECTS
from sim.pairing import PairBook, form_pairs
from sim.population import N_ASPECTS, Population, Stage
from sim.scenario import Scenario, from_dict, load_scenario

# offsets of a newcomer's skill by aspect: theory and ideals ahead of practice (眼高手低, 纸上谈兵)
NEWCOMER_ASPECT_OFFSET = np.array([0.10, 0.02, -0.03, 0.0, -0.04, -0.05])
MAX_GENERATION_COLUMN = 9  # pool_gen_9 counts generation 9 and deeper


def monthly(p_year: float) -> float:
    """Monthly probability equivalent to an annual one."""
    return 1.0 - (1.0 - p_year) ** (1.0 / 12.0)


class Cadre(mesa.Agent):
    """One cadre: an identity whose attributes live in the model's arrays."""

    def __init__(self, model: CadreModel, index: int):
        super().__init__(model)
        self.index = int(index)

    @property
    def stage(self) -> Stage:
        return Stage(int(self.model.pop.stage[self.index]))

    @property
    def skill(self) -> dict[str, float]:
        return dict(zip(ASPECTS, self.model.pop.skill[self.index].tolist()))

    @property
    def age(self) -> float:
        return self.model.pop.age_months[self.index] / 12.0

    @property
    def generation(self) -> int:
        return int(self.model.pop.generation[self.index])

    @property
    def in_pool(self) -> bool:
        return bool(self.model.pop.in_pool[self.index])

    @property
    def mentors(self) -> list[Cadre]:
        return [self.model.cadre(i) for i in self.model.pairs.mentors_of(self.index)]

    @property
    def mentees(self) -> list[Cadre]:
        return [self.model.cadre(i) for i in self.model.pairs.mentees_of(self.index)]

    def __repr__(self) -> str:
        return f"Cadre({self.index}, {self.stage.name.lower()}, generation {self.generation})"


def resolve_scenario(scenario: Scenario | str | Path | Mapping[str, Any] | None, overrides: Mapping[str, Any]) -> Scenario:
    if scenario is None:
        base = Scenario()
    elif isinstance(scenario, Scenario):
        base = scenario
    elif isinstance(scenario, (str, Path)):
        base = load_scenario(scenario)
    elif isinstance(scenario, Mapping):
        base = from_dict(scenario)
    else:
        raise TypeError(f"scenario must be a Scenario, a path or a dict, not {type(scenario).__name__}")
    return base.with_overrides(dict(overrides)) if overrides else base


class CadreModel(mesa.Model):
    """The mentor system of one county (or province) over ``run.years`` years.

    ``CadreModel(scenario=..., rng=..., **overrides)``: ``scenario`` is a ``Scenario``, a path to a
    TOML file, a dict, or None (defaults); ``overrides`` are parameters by bare or dotted name
    (``mentees_per_mentor=3``), validated like a scenario file. ``rng`` defaults to the scenario's
    ``run.seed``.
    """

    def __init__(self, scenario=None, rng=None, **overrides: Any):
        params = resolve_scenario(scenario, overrides)
        if rng is None:
            rng = params.run.seed
        if isinstance(rng, np.random.SeedSequence):
            rng = np.random.default_rng(rng)
        super().__init__(rng=rng)
        self.params = params
        self.months = params.run.years * 12
        self.pop = Population(params.population.initial_cadres + params.flows.intake_per_year * (params.run.years + 1))
        self.pairs = PairBook()
        self.events = EventLog()
        self.cum_backbones = 0
        self.mentor_hours = 0.0
        self.cum_mentor_hours = 0.0
        self.month_intake = 0
        self.month_exits = 0
        self._agents_by_index: list[Cadre | None] = []
        self._hazard = np.array(
            [monthly(r) for r in (
                params.flows.attrition_young,
                params.flows.attrition_independent,
                params.flows.attrition_backbone,
                params.flows.attrition_mentor,
                params.flows.attrition_mentor,
                0.0,
            )]
        )
        self._initial_population()
        self.datacollector = mesa.DataCollector(
            model_reporters={name: _reporter(name) for name in self.series_columns()}
        )
        self.latest: dict[str, float] = {}
        self._measure()
        self.datacollector.collect(self)

    # ----------------------------------------------------------------- set-up
    def _initial_population(self) -> None:
        pp, rng = self.params.population, self.rng
        n = pp.initial_cadres
        shares = np.array([pp.share_young, pp.share_independent, pp.share_backbone, pp.share_second_line])
        counts = np.floor(shares * n).astype(int)
        counts[np.argmax(shares)] += n - counts.sum()
        stage = np.repeat([Stage.YOUNG, Stage.INDEPENDENT, Stage.BACKBONE, Stage.SECOND_LINE], counts)
        fl = self.params.flows
        window = fl.mentee_window_years * 12
        # age band of each starting stage (years), indexed by stage value
        low = np.array([fl.intake_age, fl.intake_age + fl.mentee_window_years,
                        fl.intake_age + fl.mentee_window_years + 2, 0.0, fl.second_line_age])
        high = np.array([fl.intake_age + fl.mentee_window_years, fl.second_line_age,
                         fl.second_line_age, 0.0, fl.retirement_age])
        lo = low[stage]
        hi = np.maximum(high[stage], lo + 0.1)
        age_years = lo + rng.random(n) * (hi - lo)
        tenure_months = np.where(
            stage == Stage.YOUNG,
            np.floor((age_years - fl.intake_age) * 12).clip(0, window - 1),
            np.floor((age_years - fl.intake_age) * 12).clip(window, None),
        )
        level = np.select(
            [stage == Stage.YOUNG, stage == Stage.INDEPENDENT, stage == Stage.BACKBONE],
            [pp.skill_young, pp.skill_independent, pp.skill_backbone],
            pp.skill_second_line,
        )
        skill = self._draw_skill(level, newcomer=stage == Stage.YOUNG)
        # whoever starts at backbone level is a backbone already (not one the run produced)
        learning = (stage == Stage.YOUNG) | (stage == Stage.INDEPENDENT)
        stage[learning & (skill.mean(axis=1) >= self.params.growth.competence_threshold)] = Stage.BACKBONE
        idx = self._hire(n, age_months=np.floor(age_years * 12), hire_month=-tenure_months, stage=stage, skill=skill)
        # founding mentors: the most respected veterans and backbones, by skill as others see it
        candidates = idx[(stage == Stage.SECOND_LINE) | (stage == Stage.BACKBONE)]
        k = min(pp.initial_pool_size, len(candidates))
        if k:
            seen = self.pop.skill[candidates].mean(axis=1) + rng.normal(0, 0.05, len(candidates))
            founders = candidates[np.argsort(-seen, kind="stable")[:k]]
            pool.enter(self, founders, founding=True)

    def _draw_skill(self, level: np.ndarray, newcomer: np.ndarray | bool) -> np.ndarray:
        n = len(level)
        person = self.rng.normal(0, self.params.population.skill_sd, n)
        aspect = self.rng.normal(0, self.params.population.skill_sd / 2, (n, N_ASPECTS))
        offset = np.where(np.asarray(newcomer)[..., None], NEWCOMER_ASPECT_OFFSET, 0.0)
        return np.clip(level[:, None] + person[:, None] + aspect + offset, 0.0, 1.0)

    def _hire(self, n: int, **columns: np.ndarray) -> np.ndarray:
        pp, gp, rng = self.params.population, self.params.growth, self.rng
        idx = self.pop.add(
            n,
            alive=True,
            unit=rng.integers(0, pp.units, n),
            field=rng.integers(0, pp.fields, n),
            # learning speed, mean 1; capped at 3 so that a month's learning never overshoots full skill
            ability=np.minimum(rng.lognormal(-gp.ability_sd**2 / 2, gp.ability_sd, n), 3.0),
            teaching=rng.lognormal(-gp.teaching_sd**2 / 2, gp.teaching_sd, n),
            motivation=np.clip(rng.normal(gp.motivation_mean, gp.motivation_sd, n), 0.05, 1.0),
            **columns,
        )
        self._agents_by_index.extend(Cadre(self, i) for i in idx)
        return idx

    # ------------------------------------------------------------- the month
    def step(self) -> None:
        month = self.steps
        month_of_year = (month - 1) % 12 + 1
        self.month_intake = self._intake() if month_of_year == self.params.flows.intake_month else 0
        self._age_and_exit()
        if self.params.pairing.enabled:
            self.pairs.end_due(self)
            form_pairs(self)
        self.mentor_hours = growth.grow(self, quarter_end=month_of_year % 3 == 0)
        self.cum_mentor_hours += self.mentor_hours
        self._transitions()
        if month_of_year == 12:
            pool.year_end(self)
        self._measure()
        self.datacollector.collect(self)
        if month >= self.months:
            self.running = False

    def _intake(self) -> int:
        fl = self.params.flows
        n = fl.intake_per_year
        if n == 0:
            return 0
        age = np.floor((fl.intake_age + self.rng.normal(0, 1.5, n)).clip(18, 34.9) * 12)
        skill = self._draw_skill(np.full(n, self.params.population.skill_young), newcomer=True)
        idx = self._hire(n, age_months=age, hire_month=self.steps, stage=Stage.YOUNG, skill=skill)
        self.events.add(self.steps, "hired", idx)
        return n

    def _age_and_exit(self) -> None:
        pop, fl, n = self.pop, self.params.flows, self.pop.n
        alive = pop.alive[:n]
        pop.age_months[:n] += alive
        hazard = self._hazard[pop.stage[:n]]  # 0 for the exited
        retiring = alive & (pop.age_months[:n] >= fl.retirement_age * 12)
        leaving = np.flatnonzero((self.rng.random(n) < hazard) | retiring)
        self.month_exits = len(leaving)
        if len(leaving):
            self.pairs.end_for(self, leaving, "exit")
            pop.in_pool[leaving] = False
            pop.alive[leaving] = False
            pop.stage[leaving] = Stage.EXITED
            pop.exit_month[leaving] = self.steps
            for i in leaving:
                self._agents_by_index[i].remove()
                self._agents_by_index[i] = None
            self.events.add(self.steps, "exit", leaving)
        stepping_back = np.flatnonzero(
            (pop.age_months[:n] >= fl.second_line_age * 12)
            & (pop.stage[:n] != Stage.SECOND_LINE)
            & (pop.stage[:n] != Stage.EXITED)
        )
        if len(stepping_back):
            pop.stage[stepping_back] = Stage.SECOND_LINE
            self.events.add(self.steps, "second_line", stepping_back)

    def _transitions(self) -> None:
        pop, month = self.pop, self.steps
        stage = pop.stage[: pop.n]
        learning = np.flatnonzero((stage == Stage.YOUNG) | (stage == Stage.INDEPENDENT))
        competent = learning[pop.skill[learning].mean(axis=1) >= self.params.growth.competence_threshold]
        if len(competent):
            pop.stage[competent] = Stage.BACKBONE
            pop.backbone_month[competent] = month
            self.cum_backbones += len(competent)
            self.events.add(month, "backbone", competent)
            if self.params.pairing.end_at_competence:
                self.pairs.end_for(self, competent, "competent", as_mentor=False)
        window = self.params.flows.mentee_window_years * 12
        young = np.flatnonzero(pop.stage[: pop.n] == Stage.YOUNG)
        grown_out = young[month - pop.hire_month[young] >= window]
        pop.stage[grown_out] = Stage.INDEPENDENT

    # ---------------------------------------------------------------- figures
    @staticmethod
    def series_columns() -> list[str]:
        stages = [s.name.lower() for s in Stage if s != Stage.EXITED]
        return (
            ["headcount"]
            + [f"n_{s}" for s in stages]
            + ["pool_size", "active_pairs", "paired_mentees", "mentees_per_pool_mentor", "mean_skill"]
            + [f"skill_{s}" for s in stages]
            + ["cum_pairs", "cum_backbones", "mentor_hours", "cum_mentor_hours", "intake", "exits"]
            + [f"pool_gen_{g}" for g in range(MAX_GENERATION_COLUMN + 1)]
        )

    def _measure(self) -> None:
        pop, n = self.pop, self.pop.n
        alive = pop.alive[:n]
        stage = pop.stage[:n]  # the exited fall in the last bin, which is not reported
        mean_skill = pop.skill[:n].sum(axis=1) / N_ASPECTS
        counts = np.bincount(stage, minlength=len(Stage))
        sums = np.bincount(stage, weights=mean_skill, minlength=len(Stage))
        in_pool = pop.in_pool[:n]
        pool_size = int(np.count_nonzero(in_pool))
        paired = int(np.count_nonzero(pop.n_mentors[:n]))
        gens = np.bincount(
            np.minimum(pop.generation[:n][in_pool], MAX_GENERATION_COLUMN).astype(np.int64),
            minlength=MAX_GENERATION_COLUMN + 1,
        )
        headcount = int(np.count_nonzero(alive))
        row: dict[str, float] = {"headcount": headcount}
        for s in Stage:
            if s != Stage.EXITED:
                row[f"n_{s.name.lower()}"] = int(counts[s])
        row.update(
            pool_size=pool_size,
            active_pairs=len(self.pairs),
            paired_mentees=paired,
            mentees_per_pool_mentor=paired / pool_size if pool_size else 0.0,
            mean_skill=float(sums[: Stage.EXITED].sum() / headcount) if headcount else float("nan"),
        )
        for s in Stage:
            if s != Stage.EXITED:
                row[f"skill_{s.name.lower()}"] = float(sums[s] / counts[s]) if counts[s] else float("nan")
        row.update(
            cum_pairs=self.pairs.formed,
            cum_backbones=self.cum_backbones,
            mentor_hours=self.mentor_hours,
            cum_mentor_hours=self.cum_mentor_hours,
            intake=self.month_intake,
            exits=self.month_exits,
        )
        for g in range(MAX_GENERATION_COLUMN + 1):
            row[f"pool_gen_{g}"] = int(gens[g])
        self.latest = row

    # ------------------------------------------------------------ for users
    def cadre(self, index: int) -> Cadre | None:
        """The agent of cadre ``index`` (None once the cadre has exited)."""
        return self._agents_by_index[index]

    def active_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Current pairs as (mentor indices, mentee indices)."""
        return self.pairs.mentor.copy(), self.pairs.mentee.copy()


def _reporter(name: str):
    def report(model: CadreModel) -> float:
        return model.latest[name]

    report.__name__ = name
    return report

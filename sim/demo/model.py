"""The model the demo page drives: a thin mesa.Model around the core ``CadreModel``.

Why a wrapper: SolaraViz's Reset rebuilds the model as ``type(model)(**params)`` from the page's
controls; the wrapper turns the presenter's controls (pairing form and ratios, matching rule,
method mix, pool review strictness, intake, cadres, seed) into a validated core ``Scenario``
and keeps a short per-month history for the live plots, without depending on the core's
datacollector column names. It takes only explicit keyword arguments (no ``scenario`` and no
``**kwargs``), so Mesa's Reset passes the control values straight through.
"""

from __future__ import annotations

from typing import Any

import mesa
import numpy as np

from sim.model.calendar import date_of
from sim.model.matching import RULES
from sim.model.model import CadreModel
from sim.model.pairing import FORMS
from sim.params.scenario import load_scenario
from sim.params.schema import Scenario
from sim.vocab import Term, Vocabulary
from sim.words import Book

# the method mixes a presenter can pick: the scaffolded mix, or three fixed weightings
# (their labels: mix_<code> in the demo's words)
DEMO_MIXES: Vocabulary[Term] = Vocabulary(
    "demo method mix",
    [Term(code, *Book("demo").pair(f"mix_{code}")) for code in ("scaffolded", "six", "talk", "practice", "as_file")],
)
AS_FILE = "as_file"  # the methods exactly as the scenario file sets them (a fixed mix none of the others matches)

_FIXED_WEIGHTS = {
    "six": dict.fromkeys(
        (
            "case_analysis",
            "assigned_homework",
            "hands_off_practice",
            "on_site_teaching",
            "scenario_simulation",
            "after_action_review",
        ),
        1.0,
    ),
    "talk": {
        "case_analysis": 1.0,
        "assigned_homework": 1.0,
        "hands_off_practice": 0.0,
        "on_site_teaching": 0.0,
        "scenario_simulation": 0.0,
        "after_action_review": 0.0,
    },
    "practice": {
        "case_analysis": 0.0,
        "assigned_homework": 0.0,
        "hands_off_practice": 1.0,
        "on_site_teaching": 0.0,
        "scenario_simulation": 0.0,
        "after_action_review": 1.0,
    },
}

#: default population size of the demo when no scenario file is given (the 500-cadre target)
DEMO_CADRES = 500
#: the largest ratios the page offers: mentees per mentor, mentors per mentee
RATIO_MAX = {"mentees": 8, "mentors": 5}


def ratio_range(form: str, which: str) -> tuple[int, int]:
    """The values of one ratio (``"mentees"`` per mentor or ``"mentors"`` per mentee) the form admits.

    Read from the form's own rule in the registry (``PairingForm.fits``), so a new form brings its
    ratios with it; a form that admits one value only (one-to-one: 1 and 1) gives (v, v) and the
    page offers no slider for it.

    Args:
        form: a pairing form's code.
        which: "mentees" or "mentors".

    Returns:
        (least, most) value offered.
    """
    fits = FORMS[form].fits
    hi = RATIO_MAX[which]
    other = range(1, RATIO_MAX["mentors" if which == "mentees" else "mentees"] + 1)
    ok = [v for v in range(1, hi + 1) if any(fits(v, o) if which == "mentees" else fits(o, v) for o in other)]
    if not ok:
        raise ValueError(f"pairing form {form!r} admits no ratio up to {hi}")
    return ok[0], ok[-1]


def fit_ratio(form: str, which: str, value: int) -> int:
    """``value`` moved into the range the form admits for that ratio."""
    lo, hi = ratio_range(form, which)
    return min(max(int(value), lo), hi)


def base_scenario(scenario_path: str | None) -> Scenario:
    """The scenario the controls start from: a file, or the defaults scaled to the demo size."""
    if scenario_path:
        return load_scenario(scenario_path)
    return Scenario().with_overrides({"run.name": "demo"})


def scaled_intake(sc: Scenario, cadres: int) -> int:
    """Young cadres a year for ``cadres`` initial cadres: the scenario's intake per cadre, times ``cadres``."""
    return max(0, int(round(sc.flows.intake_per_year * int(cadres) / sc.population.initial_cadres)))


def control_defaults(scenario_path: str | None) -> dict[str, Any]:
    """Control values that reproduce the scenario (demo defaults when no file is given)."""
    sc = base_scenario(scenario_path)
    p = sc.pairing
    if sc.methods.mix == "scaffolded":
        mix = "scaffolded"
    else:
        w = {k: getattr(sc.methods, k) for k in _FIXED_WEIGHTS["six"]}
        mix = next(
            (name for name, ws in _FIXED_WEIGHTS.items() if all(abs(w[k] - v) < 1e-9 for k, v in ws.items())),
            AS_FILE,
        )
    cadres = sc.population.initial_cadres if scenario_path else DEMO_CADRES
    return {
        "form": p.form,
        "mentees": int(p.mentees_per_mentor),
        "mentors": int(p.mentors_per_mentee),
        "matching": p.matching,
        "method_mix": mix,
        "strictness": float(sc.pool.review_removal_share if sc.pool.review_enabled else 0.0),
        "intake": scaled_intake(sc, cadres),
        "cadres": int(cadres),
        "seed": int(sc.run.seed),
    }


def scenario_for(
    scenario_path: str | None,
    *,
    form: str,
    mentees: int,
    mentors: int,
    matching: str,
    method_mix: str,
    strictness: float,
    intake: int,
    cadres: int,
    seed: int,
) -> Scenario:
    """A validated core Scenario for the given control values (codes or labels in either language)."""
    sc = base_scenario(scenario_path)
    form = FORMS.code_for(form)
    matching = RULES.code_for(matching)
    mix = DEMO_MIXES.code_for(method_mix)
    k_mentees, k_mentors = fit_ratio(form, "mentees", mentees), fit_ratio(form, "mentors", mentors)
    pop = sc.population
    scale = int(cadres) / pop.initial_cadres
    o = {
        "pairing.form": form,
        "pairing.mentees_per_mentor": k_mentees,
        "pairing.mentors_per_mentee": k_mentors,
        "pairing.matching": matching,
        "pool.review_removal_share": float(strictness),
        "pool.review_enabled": float(strictness) > 0,
        "flows.intake_per_year": int(intake),
        "population.initial_cadres": int(cadres),
        "population.units": max(1, round(pop.units * scale)),
        "population.initial_pool_size": min(int(cadres), max(1, round(pop.initial_pool_size * scale))),
        "run.seed": int(seed),
    }
    if mix == "scaffolded":
        o["methods.mix"] = "scaffolded"
    elif mix != AS_FILE:
        o["methods.mix"] = "fixed"
        o.update({f"methods.{k_}": v for k_, v in _FIXED_WEIGHTS[mix].items()})
    return sc.with_overrides(o, SOURCE)


SOURCE = "demo"  # where a refusal of the controls' values says they came from (the page leaves it out)
SEED_MAX = 2**63 - 1  # the scenario schema's bound on run.seed


def parse_seed(text: Any) -> int:
    """The seed typed in the page, as a number the scenario accepts.

    Args:
        text: what the presenter typed (or an int).

    Returns:
        The seed.

    Raises:
        ValueError: not a whole number from 0 to ``SEED_MAX``.
    """
    value = int(str(text).strip().replace(",", "").replace("_", ""))
    if not 0 <= value <= SEED_MAX:
        raise ValueError(f"seed {value} out of range")
    return value


class DemoModel(mesa.Model):
    """One browser session's simulation: the core model plus a live history for the plots.

    Args:
        form: pairing form (code or label).
        mentees: mentees per mentor, at most (moved into the form's range).
        mentors: mentors per mentee (moved into the form's range).
        matching: matching rule (code or label).
        method_mix: one of ``DEMO_MIXES`` (code or label).
        strictness: share of the pool removed by the yearly review (0: no review).
        intake: young cadres hired a year.
        cadres: initial cadres.
        seed: the run's seed.
        scenario_path: the scenario file the controls start from (None: built-in demo settings).
    """

    def __init__(
        self,
        form: str = "one_to_one",
        mentees: int = 1,
        mentors: int = 1,
        matching: str = "nearby",
        method_mix: str = "scaffolded",
        strictness: float = 0.05,
        intake: int = 33,
        cadres: int = DEMO_CADRES,
        seed: int | str = 1,
        scenario_path: str | None = None,
    ):
        seed = parse_seed(seed)
        super().__init__(rng=seed)
        controls: dict[str, Any] = dict(
            form=FORMS.code_for(form), mentees=mentees, mentors=mentors, matching=RULES.code_for(matching),
            method_mix=DEMO_MIXES.code_for(method_mix), strictness=strictness,
            intake=intake, cadres=cadres, seed=seed,
        )  # fmt: skip
        self.params: dict[str, Any] = {**controls, "scenario_path": scenario_path}
        self.scenario_core = scenario_for(scenario_path, **controls)
        self.core = CadreModel(params=self.scenario_core, rng=seed)
        # the page's lineage and network read every cadre ever hired by row (rows are ids while the
        # rows of those who left stay): a county's rows are few, so nothing is moved to the archive
        self.core.compact_every = "never"
        self.run_params = self.scenario_core.run
        self.n_units = int(self.scenario_core.population.units)
        self.start_year = int(self.run_params.start_year)
        self.end_month = int(self.core.months)
        self.month = 0
        self.history: dict[str, list[Any]] = {
            "month": [],
            "by_stage": [],
            "pool": [],
            "mentees": [],
            "mean_skill": [],
            "cum_backbones": [],
        }
        self._record()

    # --- stepping -------------------------------------------------------------------------
    @property
    def finished(self) -> bool:
        """True once the run's last month has been simulated."""
        return self.month >= self.end_month

    def step(self) -> None:
        """One month of the core model, and its row of the live history (nothing after the end)."""
        if self.finished:
            self.running = False
            return
        self.core.step()
        self.month += 1
        self.running = not self.finished
        self._record()

    def run_to(self, month: int) -> None:
        """Step until ``month`` (capped at the end of the run)."""
        while self.month < min(int(month), self.end_month):
            self.step()

    def run_to_teacher(self) -> tuple[int, int, int] | None:
        """Step until an apprentice who became a teacher takes an apprentice of his or her own.

        The moment "徒成师" is complete: a mentor who was once a mentee (first mentor known) takes
        a first mentee. The teacher of old may have left since (the picture draws him or her faded).

        Returns:
            (the old teacher, the new teacher, the new teacher's apprentice), or None if the run ends first.
        """
        pop = self.core.pop
        while not self.finished:
            before = pop.mentees_total[: pop.n].copy()
            self.step()
            n = pop.n
            taken = pop.mentees_total[:n].copy()
            taken[: len(before)] -= before
            first = pop.first_mentor[:n]
            new = np.flatnonzero((taken > 0) & (taken == pop.mentees_total[:n]) & (first >= 0))
            if not len(new):
                continue
            new = new[np.argsort(~pop.alive[first[new]], kind="stable")]  # a teacher still in post first
            teacher = int(new[0])
            mi, me = self.core.active_pairs()
            mine = np.asarray(me)[np.asarray(mi) == teacher]
            own = mine[first[mine] == teacher]  # an apprentice whose first mentor is the new teacher
            apprentice = int(own[0] if len(own) else mine[0]) if len(mine) else -1
            return int(first[teacher]), teacher, apprentice
        return None

    def stop_programme(self) -> None:
        """Stop the programme from the next month on (``programme.stop_year``/``stop_month``), as a stop date would."""
        if self.finished:
            return
        year, month = date_of(self.run_params, self.month + 1)
        self.core.params = self.core.params.with_overrides(
            {"programme.stop_year": year, "programme.stop_month": month}, "demo: the programme stops"
        )
        self.params = {**self.params, "stopped": (year, month)}

    # --- views for the page -------------------------------------------------------------
    def _record(self) -> None:
        pop, n = self.core.pop, self.core.pop.n
        alive = pop.alive[:n]
        stage = pop.stage[:n]
        _, me = self.core.active_pairs()
        h = self.history
        h["month"].append(self.month)
        h["by_stage"].append(np.bincount(stage[alive].astype(np.int64), minlength=5)[:5])
        h["pool"].append(int((pop.in_pool[:n] & alive).sum()))
        h["mentees"].append(int(len(np.unique(me))))
        h["mean_skill"].append(float(pop.skill[:n][alive].mean()) if alive.any() else 0.0)
        h["cum_backbones"].append(int((pop.backbone_month[:n] >= 0).sum()))

    def lineage(self, cadre: int) -> tuple[np.ndarray, np.ndarray]:
        """``cadre``'s teachers (first mentor, the mentor's first mentor, ...) and all its mentees' lines.

        Args:
            cadre: the cadre's index.

        Returns:
            (ancestors, descendants): cadre indices, living or not, by first mentor.
        """
        pop, n = self.core.pop, self.core.pop.n
        first = pop.first_mentor[:n]
        up: list[int] = []
        c = int(first[cadre]) if 0 <= cadre < n else -1
        while c >= 0 and c not in up and len(up) < 50:
            up.append(c)
            c = int(first[c])
        down: list[np.ndarray] = []
        frontier = np.array([cadre], dtype=np.int64)
        seen = np.zeros(n, dtype=bool)
        while len(frontier):
            nxt = np.flatnonzero(np.isin(first, frontier) & ~seen)
            seen[nxt] = True
            down.append(nxt)
            frontier = nxt
        return np.array(up, dtype=np.int64), (np.concatenate(down) if down else np.zeros(0, dtype=np.int64))

    def status(self) -> dict[str, int]:
        """Month, calendar year and month, cadres in post, pairs and pool size now (the status line)."""
        h = self.history
        mi, _ = self.core.active_pairs()
        year, month_of_year = date_of(self.run_params, max(self.month, 1))
        return {
            "month": self.month,
            "year": year,
            "month_of_year": month_of_year,
            "cadres": int(sum(h["by_stage"][-1])),
            "pairs": int(len(mi)),
            "pool": h["pool"][-1],
        }

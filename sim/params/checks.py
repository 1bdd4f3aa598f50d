"""Checks before a run: what cannot be meant is refused, what is implausible is said, each with its fix.

``validate`` and ``run`` call them (``findings``): the dates as the files write them (``date_findings``, before
the values are validated, so that an end before the start is said in the planner's language), then the
scenario as it will run (``scenario_findings``): a headcount growing past the establishment, a founding pool
too small or too large for the county, more county-division cadres than posts or posts out of scale, a run
shorter than a year. One ``Finding`` a problem; its line names the section and key and says the fix.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.params.errors import ScenarioError, in_both
from sim.params.schema import Scenario
from sim.words import Book

if TYPE_CHECKING:
    from sim.params.roster import Roster

__all__ = [
    "Finding",
    "county_held",
    "date_findings",
    "dates_refused",
    "findings",
    "load_checked",
    "refused",
    "scenario_findings",
]

_words = Book("checks")

HEADCOUNT_TIMES = 2.0  # headcount past this many times the establishment: said
POOL_TIMES = 4  # new cadres at the start more than this many times what the pool can take: said
POOL_SHARE = 0.5  # a founding pool above this share of the cadres: said
COUNTY_SHARE = 0.05  # county-division posts above this share of the cadres: said (Anji: 30 of 3,581)
RUN_KEYS = ("start_year", "start_month", "end_year", "end_month", "years")


@dataclass(frozen=True)
class Finding:
    """One problem: ``refused`` (the run cannot be meant) or a warning, and its words.

    ``key`` of the checks book and its ``fields`` (a field that is words: a function of the language) say what is
    wrong and the fix.
    """

    refused: bool
    key: str
    fields: Mapping[str, Any] = field(default_factory=dict)

    def line(self, lang: str = "zh") -> str:
        """What is wrong and the fix, in ``lang``."""
        filled = {k: v(lang) if callable(v) else v for k, v in self.fields.items()}
        return _words(self.key, lang, **filled)

    def text(self, lang: str = "zh") -> str:
        """The line with its kind in front: 拒绝：... / 提醒：..."""
        return _words("refused" if self.refused else "warning", lang, line=self.line(lang))


def _month(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


def _n(x: float) -> str:
    return f"{round(x):,}"


def _share(x: float) -> str:
    return f"{100 * x:.0f}%"


def date_findings(run: Mapping[str, Any], years_written: bool) -> list[Finding]:
    """The run's dates as written (``start_year`` ... ``years``): an end before the start, ``years`` against the end.

    Args:
        run: the ``[run]`` values as the files and the command line give them (missing: the defaults).
        years_written: whether ``years`` is written beside the end date (else it is only the default).
    """
    values = {k: run.get(k, Scenario().run.model_dump()[k]) for k in RUN_KEYS}
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in values.values()):
        return []  # a value of the wrong kind: validation names it
    start = (values["start_year"], values["start_month"])
    end = (values["end_year"], values["end_month"])
    if not values["end_year"]:
        return []
    shown = {"start": _month(*start), "end": _month(*end)}
    if end < start:
        return [Finding(True, "end_before_start", shown)]
    months = (end[0] - start[0]) * 12 + end[1] - start[1] + 1
    if years_written and abs(values["years"] * 12 - months) >= 12:
        return [Finding(True, "years_against_end", {"months": months, "years": values["years"], **shown})]
    if months < 12:
        return [Finding(False, "short_run", {"months": months, **shown})]
    return []


def _headcount(sc: Scenario) -> list[Finding]:
    """The headcount at the end, estimated from the flows, against the establishment.

    The establishment's cadres: held at the posts when vacancies are filled, else the start plus the fixed intake
    less those leaving (attrition by stage, retirement); the village-level mentees: a window's arrivals.
    """
    pop, fl, me, est = sc.population, sc.flows, sc.mentees, sc.establishment
    years = sc.run.months / 12
    cadres = pop.initial_cadres
    posts = (est.posts or cadres) * (1 + est.growth_per_year) ** years
    shares = (pop.share_young, pop.share_independent, pop.share_backbone, pop.share_second_line)
    rates = (fl.attrition_young, fl.attrition_independent, fl.attrition_backbone, fl.attrition_mentor)
    leaving = sum(s * r for s, r in zip(shares, rates, strict=True)) + 1 / max(5.0, fl.retirement_age - fl.intake_age)
    intake = fl.intake_per_year if est.intake == "fixed" else 0
    staff = max(0.0, cadres + (intake - cadres * leaving) * years) if intake else posts
    first = me.village_youth_from_year or sc.run.start_year
    youth_years = max(0.0, min(years, sc.run.start_year + years - first))
    others = me.wealth_leader_per_year + me.village_member_per_election / me.election_every_years
    staying = (  # the village-level mentees leave when their window ends: at most a window's worth stay
        me.village_youth_per_year * min(youth_years, me.village_youth_window_years)
        + me.wealth_leader_per_year * min(years, me.wealth_leader_window_years)
        + me.village_member_per_election / me.election_every_years * min(years, me.village_member_window_years)
    )
    end = staff + staying
    if end <= HEADCOUNT_TIMES * posts:
        return []
    parts = [
        (key, n)
        for key, n in (
            ("inflow_intake", intake),
            ("inflow_youths", me.village_youth_per_year),
            ("inflow_others", others),
        )
        if n
    ]

    def what(lang: str) -> str:
        return _words("slip_sep", lang).join(_words(key, lang, n=_n(n)) for key, n in parts)

    fields = {
        "start": _n(cadres), "end": _n(end), "posts": _n(posts), "times": f"{end / posts:.1f}",
        "inflow": _n(intake + me.village_youth_per_year + others), "what": what,
    }  # fmt: skip
    return [Finding(False, "headcount", fields)]


def _pool(sc: Scenario) -> list[Finding]:
    """The founding pool against the new cadres it has to take (in the pilot, when there is one)."""
    pop, pairing, prog = sc.population, sc.pairing, sc.programme
    cadres, pool = pop.initial_cadres, pop.initial_pool_size
    if pool > POOL_SHARE * cadres and cadres >= 20:
        return [Finding(False, "pool_large", {"pool": _n(pool), "cadres": _n(cadres), "share": _share(pool / cadres)})]
    if not pairing.enabled:
        return []
    reach = min(1.0, prog.pilot_townships / sc.establishment.townships) if prog.pilot_townships else 1.0
    young = pop.share_young * cadres * reach
    piloting = prog.pilot_townships and prog.pilot_mentees_per_mentor
    per = prog.pilot_mentees_per_mentor if piloting else pairing.mentees_per_mentor
    if pool * per * POOL_TIMES >= young:
        return []
    fields = {
        "pool": _n(pool), "per": per, "capacity": _n(pool * per), "young": _n(young), "cadres": _n(cadres),
        "share": _share(pop.share_young * reach), "need": _n(math.ceil(young / per)),
    }  # fmt: skip
    return [Finding(False, "pool_small", fields)]


def _county(sc: Scenario, county_held: int | None) -> list[Finding]:
    """County-division cadres at the start against the posts; the posts against the county's size."""
    cp, cadres = sc.careers, sc.population.initial_cadres
    if not cp.enabled:
        return []
    held = cp.county_leaders_at_start if county_held is None else county_held
    if held > cp.county_posts:
        return [Finding(False, "county_held", {"held": _n(held), "posts": cp.county_posts})]
    if cp.county_posts > COUNTY_SHARE * cadres:
        fields = {"posts": cp.county_posts, "cadres": _n(cadres), "share": _share(cp.county_posts / cadres)}
        return [Finding(False, "county_share", fields)]
    return []


def scenario_findings(sc: Scenario, county_held: int | None = None) -> list[Finding]:
    """What is implausible in the scenario as it will run (warnings; a validated scenario has nothing refused).

    Args:
        sc: the scenario, fitted to the roster when there is one.
        county_held: county-division cadres on the roster (None: ``careers.county_leaders_at_start``).
    """
    return [*_headcount(sc), *_pool(sc), *_county(sc, county_held)]


def _key(key: str) -> tuple[str, str]:
    """``(section, key)`` of an override (``run.years`` or a bare ``years``); unknown: as given, checked elsewhere."""
    from sim.params.schema import resolve_key

    try:
        return resolve_key(key)
    except ScenarioError:
        return ("", key)


def findings(
    path: str | Path | None,
    overrides: Mapping[str, Any] | None = None,
    scenario: Scenario | None = None,
    county_held: int | None = None,
) -> list[Finding]:
    """Every finding of a scenario file with the command line's ``overrides`` (``section.key`` -> value).

    The dates first (as written: a refusal there means the scenario is not read further), then, given the
    validated ``scenario``, what is implausible in it.

    Raises:
        ScenarioError: the file or one it is based on cannot be read.
    """
    from sim.params.origins import written_values
    from sim.params.reading import is_file
    from sim.params.scenario import SCENARIO_DIR

    found: list[Finding] = []
    if path is not None:
        p = Path(path)
        written = written_values(p if is_file(p) else SCENARIO_DIR / f"{p}.toml")
        written.update({".".join(_key(k)): v for k, v in (overrides or {}).items()})
        run = {k.split(".", 1)[1]: v for k, v in written.items() if k.startswith("run.")}
        found += date_findings(run, "run.years" in written)
    if scenario is not None and not any(f.refused for f in found):
        found += scenario_findings(scenario, county_held)
    return found


def refused(found: list[Finding]) -> ScenarioError | None:
    """The refusals of ``found`` as one error (a line each, in both languages for ``said``), or None."""
    lines = [[f.text(lang) for f in found if f.refused] for lang in ("zh", "en")]
    if not lines[0]:
        return None
    zh, en = ("\n".join(one) for one in lines)
    return in_both(ScenarioError(en), zh, en)


def dates_refused(path: str | Path, overrides: Mapping[str, Any] | None = None) -> ScenarioError | None:
    """The refusal of the dates as written, when they explain why a scenario did not validate (else None)."""
    try:
        return refused(findings(path, overrides))
    except ScenarioError:
        return None


def county_held(roster: Roster | None) -> int | None:
    """County-division cadres on a roster with ranks (None: no roster, or no rank column)."""
    from sim.model.careers import Rank

    if roster is None or not roster.has_rank:
        return None
    return int((roster.rank == Rank.COUNTY).sum())


def load_checked(path: str | Path) -> tuple[Scenario, list[Finding]]:
    """The scenario file ``path`` read and checked: its warnings; refusals are raised.

    Raises:
        ScenarioError: the file is not valid, or its dates cannot be meant (said in both languages).
    """
    from sim.params.scenario import load_scenario

    try:
        scenario = load_scenario(path)
    except ScenarioError as e:  # an end before the start: said as a check, in the planner's language
        raise dates_refused(path) or e from None
    found = findings(path, scenario=scenario)
    if (error := refused(found)) is not None:
        raise error
    return scenario, found

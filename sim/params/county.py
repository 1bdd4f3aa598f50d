"""A county's own set-up for ``cadre-sim new``: what its roster shows, what the planner says, the rest assumed.

``county_setup(base, based, answers, roster)`` returns the scenario to write and the origin of every value:

- the roster (``本县花名册``): headcount, units (and the townships among their names), fields, the stage shares,
  the founding pool when it names mentors, recruits a year and their age from the years of joining, the
  county-division cadres and the township leaders it holds;
- the planner (``规划人员填写``): the start, the length, the village-bound youths, the pilot, the establishment,
  given as options (or answered at the terminal);
- the base: ``--from anji`` (``安吉县校准值``) or another scenario; without ``--from`` the defaults, and for
  what neither shows nor the planner says a plain default marked ``假设``: no village-bound youths,
  county-wide from the start, an establishment as large as the roster whose empty posts are filled (the
  recruits a year the roster shows are written, used when ``establishment.intake = "fixed"``), next January
  as the start.

Anji's intake, village youths, pilot, founders and county-division posts are never taken unless ``--from anji``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from sim.params.origins import NOT_VALUES, Origin, values_of
from sim.params.schema import Scenario

if TYPE_CHECKING:
    from sim.params.roster import Roster

__all__ = ["Answers", "RosterPlace", "Setup", "county_setup", "roster_values"]

RECENT_YEARS = 5  # recruits a year: the mean over the years of joining before the start
TOWNSHIP_ENDINGS = ("镇", "乡", "街道", "办事处")
COUNTY_SHARE = 0.01  # county-division posts assumed without a rank column: 1% of the cadres


@dataclass(frozen=True)
class Answers:
    """What the planner gives (None: not given: the base's value, or an assumption)."""

    start: tuple[int, int] | None = None
    years: int | None = None
    village_youths: int | None = None
    pilot_townships: int | None = None
    posts: int | None = None


@dataclass(frozen=True)
class RosterPlace:
    """Where a county's roster is: its file, the sheet (None: found), a title table of the planner's, the errors' language."""

    path: str
    sheet: str | None = None
    titles: str | None = None
    lang: str = "zh"


@dataclass(frozen=True)
class Setup:
    """The scenario ``new`` writes, the origin of each value, and what the roster showed (comment lines)."""

    scenario: Scenario
    origins: dict[str, Origin]
    shown: dict[str, Any] = field(default_factory=dict)


def _next_january(today: dt.date) -> tuple[int, int]:
    return (today.year + 1, 1)


def roster_values(roster: Roster, sc: Scenario) -> tuple[dict[str, Any], dict[str, Any]]:
    """The values a roster shows for a run of ``sc`` (``section.key`` -> value) and facts for the comments."""
    from sim.model.careers import Rank
    from sim.model.stages import Stage

    n, start = len(roster), sc.run.start_year
    values: dict[str, Any] = {"population.initial_cadres": n, "population.units": max(roster.units, 1)}
    if roster.fields:
        values["population.fields"] = min(roster.fields, 20)
    age = start - roster.birth_year
    service = start - roster.hire_year
    worked_out = np.where(
        age >= sc.flows.second_line_age,
        Stage.SECOND_LINE,
        np.where(service < sc.flows.mentee_window_years, Stage.YOUNG, Stage.INDEPENDENT),
    )
    stage = np.where(roster.stage >= 0, roster.stage, worked_out)
    stage = np.where(stage == Stage.MENTOR, Stage.BACKBONE, stage)
    counts = {s: int(np.count_nonzero(stage == s)) for s in (Stage.YOUNG, Stage.INDEPENDENT, Stage.BACKBONE)}
    young, independent, backbone = (round(counts[s] / n, 4) for s in counts)
    values |= {
        "population.share_young": young,
        "population.share_independent": independent,
        "population.share_backbone": backbone,
        "population.share_second_line": round(1 - young - independent - backbone, 4),
    }
    mentors = len(roster.mentors())
    if mentors:
        values["population.initial_pool_size"] = mentors
    years = range(start - RECENT_YEARS, start)
    hired = {y: int(np.count_nonzero(roster.hire_year == y)) for y in years}
    values["flows.intake_per_year"] = round(sum(hired.values()) / RECENT_YEARS)
    recent = roster.hire_year >= start - RECENT_YEARS
    if recent.any():
        values["flows.intake_age"] = round(
            float(np.clip(np.mean((roster.hire_year - roster.birth_year)[recent]), 18, 34)), 1
        )
    names = tuple(getattr(roster, "unit_names", ()) or ())
    townships = [u for u in names if u.endswith(TOWNSHIP_ENDINGS)]
    if townships:
        values["establishment.townships"] = len(townships)
    if roster.has_rank:
        county = int(np.count_nonzero(roster.rank == Rank.COUNTY))
        leaders = int(np.count_nonzero(roster.rank == Rank.TOWNSHIP_LEADER))
        values["careers.county_leaders_at_start"] = county
        values["careers.county_posts"] = county
        if townships:
            values["careers.leaders_per_township"] = min(50, round(leaders / len(townships)))
    shown = {
        "units": names,
        "hired": hired,
        "mentors": mentors,
        "pairs": int(np.count_nonzero(roster.mentor >= 0)),
        "ages": (int(age.min()), int(np.median(age)), int(age.max())),
    }
    return values, shown


def county_setup(
    base: Scenario,
    based: str,
    answers: Answers,
    roster_path: str | RosterPlace | None = None,
    today: dt.date | None = None,
    base_origins: Mapping[str, Origin] | None = None,
) -> Setup:
    """The scenario for ``new``: the base's values, the planner's answers, the roster's values, each with its origin.

    Args:
        base: the defaults, or the ``--from`` scenario.
        based: the ``--from`` scenario's name ("" for the defaults).
        answers: what the planner gave.
        roster_path: the county's roster, a file or a ``RosterPlace`` (None: none).
        today: the date ``new`` runs (the assumed start is the next January).
        base_origins: the origins of the base's values as its file says them (None: the base's values
            differing from the defaults are ``based``'s, the others assumptions).

    Raises:
        ScenarioError: a value the schema refuses; RosterError: a roster that cannot be read.
    """
    from sim.params.roster import read_roster

    defaults, given = values_of(Scenario()), values_of(base)
    if base_origins is not None:
        origins = dict(base_origins)
    elif not based:
        origins = {k: Origin("assumption") for k in given}
    else:
        code = Origin("anji") if based == "anji" else Origin("scenario", based)
        origins = {k: code if v != defaults[k] else Origin("assumption") for k, v in given.items()}
    values: dict[str, Any] = {}

    def put(key: str, value: Any, origin: str) -> None:
        values[key] = value
        origins[key] = Origin(origin)

    def anjis(key: str) -> bool:  # a county's own value borrowed from Anji without --from anji: not taken
        return based != "anji" and origins[key].code in ("anji", "assumption")

    if answers.start is not None:
        put("run.start_year", answers.start[0], "planner")
        put("run.start_month", answers.start[1], "planner")
    elif not based or roster_path is not None:
        year, month = _next_january(today or dt.date.today())
        put("run.start_year", year, "assumption")
        put("run.start_month", month, "assumption")
    if answers.years is not None:
        put("run.years", answers.years, "planner")
    if "run.start_year" in values:  # a new start: the length in years, never an end date copied from the base
        put("run.end_year", 0, "planner" if answers.years is not None or answers.start is not None else "assumption")
    elif base.run.end_year:  # years written beside the end date agree with it
        values["run.years"] = max(1, round(base.run.months / 12))
    youths = answers.village_youths
    if youths is not None:
        put("mentees.village_youth_per_year", youths, "planner")
        put("mentees.village_youth_from_year", 0, "planner")
    elif anjis("mentees.village_youth_per_year"):
        put("mentees.village_youth_per_year", 0, "assumption")
    if answers.pilot_townships is not None:
        put("programme.pilot_townships", answers.pilot_townships, "planner")
        start = values.get("run.start_year", base.run.start_year)
        put("programme.county_wide_year", start + 1 if answers.pilot_townships else 0, "planner")
    elif anjis("programme.pilot_townships"):
        put("programme.pilot_townships", 0, "assumption")
        put("programme.county_wide_year", 0, "assumption")
    if answers.posts is not None:
        put("establishment.posts", answers.posts, "planner")
    shown: dict[str, Any] = {}
    if roster_path is not None:
        sized = base.with_overrides(values, source="new")
        place = roster_path if isinstance(roster_path, RosterPlace) else RosterPlace(roster_path)
        roster = read_roster(place.path, sized, sheet=place.sheet, titles=place.titles, lang=place.lang)
        found, shown = roster_values(roster, sized)
        for key, value in found.items():
            put(key, value, "roster")
        if not roster.mentors().size and anjis("population.initial_pool_size"):  # no founders: as the young need
            young = values["population.share_young"] * len(roster)
            pool = min(len(roster), max(1, math.ceil(young / base.pairing.mentees_per_mentor)))
            put("population.initial_pool_size", pool, "assumption")
        if not roster.has_rank and anjis("careers.county_posts"):
            put("careers.county_posts", max(1, round(COUNTY_SHARE * len(roster))), "assumption")
        if base.establishment.intake != "vacancies":  # empty posts filled: the headcount held at the establishment
            put("establishment.intake", "vacancies", "assumption")
        if "establishment.townships" not in found:
            put("establishment.townships", min(base.establishment.townships, values["population.units"]), "assumption")
        shown["file"] = roster.source
    scenario = base.with_overrides(values, source="new")
    return Setup(
        scenario, {k: o for k, o in origins.items() if k in values_of(scenario) and k not in NOT_VALUES}, shown
    )

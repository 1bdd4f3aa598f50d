"""Where every value of a run comes from: this county's roster, the planner, Anji's calibration, an assumption.

A scenario written by ``cadre-sim new`` says it twice: a comment beside each value and a table at the end,

    [origins]
    "population.initial_cadres" = "roster"
    "mentees.village_youth_per_year" = "assumption"

one line a parameter, ``section.key`` -> one of ``ORIGINS``, for ``roster`` and ``assumption`` optionally with
the value as written (``"roster:150"``), for ``scenario`` with the scenario's name (``"scenario:guyuan"``).
``load_scenario`` takes the table out before the values are validated (``split_origins``). A value edited after
``new`` wrote it is the planner's: one no longer as written, an ``assumption`` without a written value no longer
at its default, an ``anji`` value no longer Anji's.

A scenario without the table (the bundled ones, one written by hand) has its origins worked out along its
``based_on`` chain: a value the file ``anji.toml`` sets is Anji's, one a bundled scenario sets is that
scenario's, one the planner's own file sets is the planner's, one no file sets is the default (an
assumption). ``run_origins`` adds the command line (the planner's) and the roster (this county's).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.params.errors import ScenarioError
from sim.params.schema import Scenario, parameter_names
from sim.words import Book

if TYPE_CHECKING:
    from sim.params.roster import Roster

__all__ = [
    "FITTED",
    "ORIGINS",
    "Origin",
    "borrowed",
    "declared_origins",
    "declared_text",
    "drives",
    "file_origins",
    "origin_label",
    "roster_keys",
    "run_origins",
    "split_origins",
]

ORIGINS = ("roster", "planner", "anji", "assumption", "scenario")  # "scenario": a bundled scenario's own value
TABLE = "origins"
NOT_VALUES = ("run.name", "run.description", "run.description_zh")  # labels, not values a run uses
MAX_CHAIN = 8
_words = Book("planner")


@dataclass(frozen=True)
class Origin:
    """Where one value comes from: ``code`` (one of ``ORIGINS``) and, for another scenario, its name."""

    code: str
    scenario: str = ""

    def label(self, lang: str = "zh") -> str:
        """The origin in words: 本县花名册, 规划人员填写, 安吉县校准值, 假设, 情景文件 guyuan."""
        return origin_label(self.code, lang, self.scenario)


def origin_label(code: str, lang: str = "zh", scenario: str = "") -> str:
    """An origin code in words (``anji`` -> 安吉县校准值)."""
    return _words(f"origin_{code}", lang, name=scenario)


def drives(parameter: str, lang: str = "zh") -> str:
    """What a parameter drives, in words: its own entry when it has one, else its section's."""
    key = f"drives_{parameter.replace('.', '_')}"
    return _words(key if key in _words else f"drives_{parameter.split('.', 1)[0]}", lang)


def values_of(scenario: Scenario) -> dict[str, Any]:
    """Every value of ``scenario`` by ``section.key``."""
    return {f"{s}.{k}": v for s, values in scenario.model_dump().items() for k, v in values.items()}


def declared_origins(table: Any, source: str) -> dict[str, str]:
    """The ``[origins]`` table of a scenario file, checked: known parameters, known origins.

    Raises:
        ScenarioError: a table that is not one, an unknown parameter or an unknown origin (one line each).
    """
    if not isinstance(table, dict):
        raise ScenarioError(_words("origins_not_table", "en", source=source))
    known = set(parameter_names())
    problems = [
        _words("origins_bad_key", "en", source=source, parameter=key)
        for key in table
        if key not in known
    ] + [
        _words("origins_bad_code", "en", source=source, parameter=key, code=repr(code), codes=", ".join(ORIGINS))
        for key, code in table.items()
        if not isinstance(code, str) or code.split(":", 1)[0] not in ORIGINS
    ]  # fmt: skip
    if problems:
        raise ScenarioError("\n".join(problems))
    return {str(k): str(v) for k, v in table.items()}


def split_origins(data: dict[str, Any], source: str) -> dict[str, str]:
    """Take the ``[origins]`` table out of a scenario file's ``data`` (checked); {} when it has none."""
    return declared_origins(data.pop(TABLE), source) if TABLE in data else {}


@dataclass(frozen=True)
class _Level:
    """One file of a ``based_on`` chain: where it is, the keys it writes (and their values), the origins it declares."""

    path: Path
    written: Mapping[str, Any]
    declared: Mapping[str, str]


def written_values(path: Path) -> dict[str, Any]:
    """The values written in the file ``path`` and the files it is ``based_on`` (the file's own first), as written."""
    found: dict[str, Any] = {}
    for level in reversed(_chain(path)):
        found.update(level.written)
    return found


def _chain(path: Path) -> list[_Level]:
    """The scenario file and the files it is ``based_on``, the file first (each read as written)."""
    from sim.params.reading import exists, read_toml
    from sim.params.scenario import SCENARIO_DIR

    levels: list[_Level] = []
    current: Path | None = path
    while current is not None and len(levels) < MAX_CHAIN:
        data, _ = read_toml(current, "scenario", ScenarioError)
        declared = split_origins(data, str(current))
        written = {f"{s}.{k}": v for s, values in data.items() if isinstance(values, dict) for k, v in values.items()}
        levels.append(_Level(current.resolve(), written, declared))
        base = data.get("based_on")
        if not isinstance(base, str):
            break
        beside = current.parent / base
        current = beside if exists(beside) else SCENARIO_DIR / f"{Path(base).stem}.toml"
    return levels


@cache
def anji_values() -> dict[str, Any]:
    """The bundled Anji's values by ``section.key`` (what ``anji`` as an origin means)."""
    from sim.params.scenario import SCENARIO_DIR, load_scenario

    return values_of(load_scenario(SCENARIO_DIR / "anji.toml"))


def _is_anji(path: Path) -> bool:
    from sim.params.scenario import SCENARIO_DIR

    return path == (SCENARIO_DIR / "anji.toml").resolve()


def _bundled(path: Path) -> bool:
    from sim.params.scenario import SCENARIO_DIR

    return path.parent == SCENARIO_DIR.resolve()


def _declared(declared: str, value: Any, parameter: str, default: Any) -> Origin:
    """A declared origin (``code`` or ``code:detail``), unless the value was edited since: then the planner's."""
    from sim.params.describe import value_text

    code, _, detail = declared.partition(":")
    if code == "scenario":
        return Origin(code, detail)
    if detail and code in ("roster", "assumption"):
        edited = value_text(value) != detail
    else:
        edited = (code == "assumption" and value != default) or (code == "anji" and value != anji_values()[parameter])
    return Origin("planner") if edited else Origin(code)


def file_origins(path: str | Path, scenario: Scenario) -> dict[str, Origin]:
    """The origin of every value of ``scenario``, read from the file ``path`` and its ``based_on`` chain."""
    from sim.params.reading import is_file
    from sim.params.scenario import SCENARIO_DIR

    p = Path(path)
    if not is_file(p):
        p = SCENARIO_DIR / f"{p}.toml"
    levels = _chain(p)
    values, defaults = values_of(scenario), values_of(Scenario())
    found: dict[str, Origin] = {}
    for parameter in parameter_names():
        if parameter in NOT_VALUES:
            continue
        found[parameter] = Origin("assumption")
        for level in levels:
            if parameter in level.declared:
                found[parameter] = _declared(
                    level.declared[parameter], values[parameter], parameter, defaults[parameter]
                )
                break
            if parameter in level.written:
                if _is_anji(level.path):
                    found[parameter] = Origin("anji")
                elif _bundled(level.path):
                    found[parameter] = Origin("scenario", level.path.stem)
                else:
                    found[parameter] = Origin("planner")
                break
    return found


FITTED = (  # the values a roster sets in a run (``Roster.fit``): its own, or the pool in proportion to it
    "population.initial_cadres",
    "population.units",
    "population.fields",
    "population.initial_pool_size",
)


def roster_keys(roster: Roster | None) -> list[str]:
    """The values a roster gives a run (``Roster.fit``): its headcount and units, its fields, its founders."""
    if roster is None:
        return []
    keys = ["population.initial_cadres", "population.units"]
    keys += ["population.fields"] if roster.fields else []
    return keys + (["population.initial_pool_size"] if len(roster.mentors()) else [])


def run_origins(
    path: str | Path, scenario: Scenario, planner: Iterable[str] = (), roster: Iterable[str] = ()
) -> dict[str, Origin]:
    """The origins of a run's values: the file's, then the command line's (``planner``), then the roster's."""
    from sim.params.schema import resolve_key

    found = file_origins(path, scenario)
    found.update({".".join(resolve_key(k)): Origin("planner") for k in planner})  # `--set form=team` too
    found.update({k: Origin("roster") for k in roster if k in found})
    return found


def declared_text(origin: Origin, value: Any) -> str:
    """An origin as ``new`` writes it in the ``[origins]`` table (``roster:150``, ``anji``, ``scenario:guyuan``)."""
    from sim.params.describe import value_text

    if origin.code == "scenario":
        return f"scenario:{origin.scenario}"
    return f"{origin.code}:{value_text(value)}" if origin.code in ("roster", "assumption") else origin.code


def borrowed(origins: Mapping[str, Origin], scenario: Scenario) -> list[str]:
    """The values not this county's: Anji's, other scenarios', and assumptions not at the default (in order)."""
    values, defaults = values_of(scenario), values_of(Scenario())
    return [
        k
        for k, o in origins.items()
        if o.code in ("anji", "scenario") or (o.code == "assumption" and values[k] != defaults[k])
    ]

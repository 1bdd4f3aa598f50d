"""The shape of the package: no import circles, layers that point one way, small modules, registries
that pick up a new part from its module alone, vocabularies that cover their concept."""

from __future__ import annotations

import ast
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT

from sim.model.matching import RULES
from sim.model.methods import METHOD_NAMES, METHODS, MIXES
from sim.model.outcomes import OUTCOMES
from sim.model.pairing import FORMS
from sim.model.stages import STAGES, Stage
from sim.params import Scenario, ScenarioError
from sim.vocab import Registry, Term, discover

PACKAGE = ROOT / "sim"
MAX_LINES = 410  # "about 400" lines a module


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def module_imports(name: str, path: Path, include_type_checking: bool = False) -> set[str]:
    """Modules of the package that ``name`` imports when it is imported (module level, explicit)."""
    found: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue  # imports inside functions run later, not at import
            if isinstance(node, ast.If) and _is_type_checking(node.test) and not include_type_checking:
                visit(node.orelse)
                continue
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.split(".")[0] == "sim")
            elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "sim":
                for a in node.names:
                    sub = f"{node.module}.{a.name}"
                    found.add(sub if sub in MODULES else node.module)
            for field in ("body", "orelse", "finalbody"):  # if / try / with / for at module level
                visit(getattr(node, field, []))
            for handler in getattr(node, "handlers", []):
                visit(handler.body)

    visit(ast.parse(path.read_text(encoding="utf-8")).body)
    found.discard(name)
    return found


def test_no_import_circles():
    graph = {name: module_imports(name, path) for name, path in MODULES.items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt) :] + [nxt]
                pytest.fail("import circle: " + " -> ".join(cycle))
            if nxt not in state:
                walk(nxt)
        stack.pop()
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            walk(name)


@pytest.mark.parametrize(
    "layer,forbidden",
    [
        ("sim.model", ("sim.runs", "sim.studies", "sim.output", "sim.demo", "sim.cli")),
        ("sim.params", ("sim.runs", "sim.studies", "sim.output", "sim.demo", "sim.cli")),
        ("sim.meanfield", ("sim.runs", "sim.studies", "sim.output", "sim.demo", "sim.cli")),
        ("sim.runs", ("sim.studies", "sim.output", "sim.demo", "sim.cli")),
        ("sim.output", ("sim.studies", "sim.demo", "sim.cli")),
        ("sim.studies", ("sim.demo",)),
        ("sim.words", ("sim.",)),
    ],
)
def test_layers_point_one_way(layer, forbidden):
    bad = [
        f"{name} imports {dep}"
        for name, path in MODULES.items()
        if name == layer or name.startswith(layer + ".")
        for dep in module_imports(name, path, include_type_checking=True)
        if dep.startswith(forbidden) and not (layer == "sim.words" and dep.startswith("sim.words"))
    ]
    assert not bad, bad


def _study_part(name: str) -> tuple[str, str] | None:
    """(study, role) of a module of ``sim/studies/<study>/``: role writer, command or analysis."""
    parts = name.split(".")
    if len(parts) != 4 or parts[:2] != ["sim", "studies"]:
        return None
    last = parts[3]
    if last == "command":
        return parts[2], "command"
    writer = last in ("report", "results") or last.endswith("_report")
    return parts[2], "writer" if writer else "analysis"


def test_no_study_analysis_imports_a_writer():
    """A study's reading and analysis return results; only its command calls the writers."""
    bad = []
    for name, path in MODULES.items():
        role = _study_part(name)
        if role is None:
            continue
        for dep in module_imports(name, path, include_type_checking=True):
            dep_role = _study_part(dep)
            if dep_role is None:
                continue
            if role[1] == "analysis" and dep_role[1] in ("writer", "command"):
                bad.append(f"{name} (analysis) imports {dep} ({dep_role[1]})")
            elif dep_role[0] != role[0] and dep_role[1] != "analysis":
                bad.append(f"{name} imports another study's {dep_role[1]} {dep}")
    assert not bad, bad


def test_study_roles_are_read_from_names():
    assert _study_part("sim.studies.sweep.report") == ("sweep", "writer")
    assert _study_part("sim.studies.compare.ensemble_report") == ("compare", "writer")
    assert _study_part("sim.studies.run.results") == ("run", "writer")
    assert _study_part("sim.studies.optimise.search") == ("optimise", "analysis")
    assert _study_part("sim.studies.optimise.command") == ("optimise", "command")
    assert _study_part("sim.output.names") is None


def test_modules_stay_small():
    big = {name: n for name, p in MODULES.items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not big, f"modules over {MAX_LINES} lines: {big}"


def test_checker_sees_a_circle(tmp_path):
    """The circle check itself: two modules importing each other are found."""
    a = tmp_path / "a.py"
    a.write_text("from sim.model import pool\n")
    assert module_imports("x", a) == {"sim.model.pool"}
    b = tmp_path / "b.py"
    b.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from sim.model.model import CadreModel\n")
    assert module_imports("y", b) == set()
    assert module_imports("y", b, include_type_checking=True) == {"sim.model.model"}


def test_a_new_module_registers_itself(tmp_path, monkeypatch):
    """discover() imports every module of a package: a new part needs no edit elsewhere."""
    package = tmp_path / "toyparts"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "registry.py").write_text("from sim.vocab import Registry\nREGISTRY = Registry('toy part')\n")
    (package / "first.py").write_text(
        textwrap.dedent("""
        from sim.vocab import Term
        from toyparts.registry import REGISTRY
        REGISTRY.register(Term("first", "一", "one"))
        """)
    )
    (package / "_private.py").write_text("raise RuntimeError('modules starting with _ are not discovered')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    discover("toyparts", [str(package)])
    registry = sys.modules["toyparts.registry"].REGISTRY
    assert registry.vocabulary().codes() == ("first",)
    with pytest.raises(ValueError, match="registered twice"):
        registry.register(Term("first", "一", "one"))


def test_registry_orders_by_order_then_code():
    from dataclasses import dataclass

    @dataclass(frozen=True, kw_only=True)
    class Part(Term):
        order: int

    registry: Registry[Part] = Registry("part")
    for code, order in (("b", 1), ("a", 1), ("c", 0)):
        registry.register(Part(code, code, code, order=order))
    assert registry.vocabulary().codes() == ("c", "a", "b")


def test_vocabularies_cover_their_concepts():
    assert STAGES.codes() == tuple(s.code for s in Stage)
    assert METHODS.codes() == METHOD_NAMES and len(METHODS) == 6
    # the principles and forms of DOMAIN.md are there (more may be added, each in its own module)
    assert set(RULES) >= {"random", "nearby", "similar_field", "strong_helps_weak", "willing", "organisation"}
    assert set(FORMS) >= {"one_to_one", "one_to_many", "many_to_one", "team"}
    for vocabulary in (STAGES, METHODS, MIXES, RULES, FORMS, OUTCOMES):
        for code, term in vocabulary.items():
            assert term.zh and term.en, f"{vocabulary.concept} {code} needs both labels"
            assert vocabulary.code_for(term.zh) == code and vocabulary.code_for(term.en) == code
    assert all(OUTCOMES[o].direction in (-1, 0, 1) and OUTCOMES[o].unit for o in OUTCOMES)


@pytest.mark.parametrize("rule", list(RULES))
def test_every_registered_rule_is_a_valid_scenario_value(rule):
    assert Scenario().with_overrides({"pairing.matching": rule}).pairing.matching == rule


def test_schema_lists_the_registry_when_a_value_is_unknown():
    with pytest.raises(ScenarioError) as e:
        Scenario().with_overrides({"pairing.matching": "closest"})
    assert "unknown matching rule" in str(e.value)
    assert all(repr(code) in str(e.value) for code in RULES)
    with pytest.raises(ScenarioError, match="unknown pairing form.*'team'"):
        Scenario().with_overrides({"pairing.form": "pairs"})


def test_light_commands_load_no_heavy_library():
    """`cadre-sim --help`, `list` and `validate` import neither Mesa, pandas, matplotlib nor SciPy."""
    import subprocess

    code = (
        "import sys, sim.cli; from sim.params.scenario import bundled; bundled(); "
        "print(' '.join(m for m in ('mesa', 'pandas', 'matplotlib', 'scipy') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"loaded by the light commands: {done.stdout.strip()}"
    # `--help` does not even load the scenario schema (pydantic) or numpy: only the command line
    code = "import sys, sim.cli; print(' '.join(m for m in ('pydantic', 'numpy', 'sim.params') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0 and done.stdout.strip() == "", f"loaded for --help: {done.stdout.strip()} {done.stderr}"
    from sim import CadreModel  # the public names still import, on first use

    assert CadreModel.__name__ == "CadreModel"

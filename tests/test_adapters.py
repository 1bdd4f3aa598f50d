"""Other libraries' internals are used only in sim/adapters, against the versions constraints.txt pins.

When one of these fails after an upgrade: read each name in the adapter's PRIVATE in the new version,
adapt the adapter (or fall back to the public API), then set its PINNED to the version in constraints.txt.
"""

import ast
import importlib
import importlib.metadata
import pkgutil
import re
from pathlib import Path

import pytest

import sim.adapters
from sim.adapters import xlsxwriter as xlsx_adapter

ROOT = Path(__file__).resolve().parents[1]
ADAPTERS = sorted(m.name for m in pkgutil.iter_modules(sim.adapters.__path__))


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        name, sep, version = line.split("#")[0].strip().partition("==")
        if sep:
            pins[_canonical(name)] = version.strip()
    return pins


def _adapter(name: str):
    module = importlib.import_module(f"sim.adapters.{name}")
    assert hasattr(module, "PINNED") and hasattr(module, "PRIVATE"), (
        f"sim/adapters/{name}.py must say the version it was read in (PINNED) and each private name it uses "
        "with the reason (PRIVATE)"
    )
    return module


@pytest.mark.parametrize("name", ADAPTERS)
def test_the_installed_version_is_the_one_the_adapter_was_written_for(name):
    module = _adapter(name)
    distribution = getattr(module, "DISTRIBUTION", name)
    pinned = _pins().get(_canonical(distribution))
    assert pinned, f"constraints.txt pins no version of {distribution}, which sim/adapters/{name}.py reaches into"
    uses = ", ".join(module.PRIVATE)
    assert module.PINNED == pinned, (
        f"sim/adapters/{name}.py was written against {distribution} {module.PINNED}, but constraints.txt pins "
        f"{pinned}: check its private names ({uses}) in {pinned}, then set PINNED = {pinned!r}"
    )
    installed = importlib.metadata.version(distribution)
    assert installed == pinned, (
        f"{distribution} {installed} is installed, but constraints.txt pins {pinned} and sim/adapters/{name}.py "
        f"uses its private names ({uses}): install with `pip install -c constraints.txt -e .[dev]`, or check "
        f"each name in {installed} and update both the pin and PINNED"
    )


def test_xlsxwriter_still_has_every_private_name_the_workbook_uses():
    missing = xlsx_adapter.missing_names()
    assert not missing, (
        f"XlsxWriter {importlib.metadata.version('xlsxwriter')} has no {', '.join(missing)} (read in "
        f"{xlsx_adapter.PINNED}): results.xlsx falls back to writing cell by cell, or fails; see "
        "sim/adapters/xlsxwriter.py"
    )
    assert xlsx_adapter.BULK_ROWS, "XlsxWriter's row file is out of reach: tables are written cell by cell (slow)"


def test_the_workbook_package_is_deflated_at_the_chosen_level_and_put_back(tmp_path):
    import zipfile

    import xlsxwriter.workbook

    for level, packed in ((1, []), (None, [])):
        book = xlsx_adapter.DeflatedWorkbook(str(tmp_path / f"{level}.xlsx"), {"constant_memory": True}, level)
        book.add_worksheet().write_column(0, 0, [f"row {i}" for i in range(5000)])
        book.close()
        packed.append((tmp_path / f"{level}.xlsx").stat().st_size)
        assert xlsxwriter.workbook.ZipFile is zipfile.ZipFile
    assert (tmp_path / "1.xlsx").stat().st_size > (tmp_path / "None.xlsx").stat().st_size  # level 1 packs less


# Private attributes once read and now replaced by the public API or our own code: EMA Workbench's PRIM
# (a box's current step, Prim's list of boxes) and scipy's SobolResult (its estimator, its centred outcomes).
REPLACED = ("_cur_box", "_boxes", "_indices_method", "_f_A", "_f_B", "_f_AB")


def _private_names() -> dict[str, str]:
    """Every private attribute an adapter declares, or one replaced -> where it may be used."""
    names = dict.fromkeys(REPLACED, "nowhere: replaced by the public API")
    for name in ADAPTERS:
        for used in _adapter(name).PRIVATE:
            attribute = used.rsplit(".", 1)[-1]
            if attribute.startswith("_") and not attribute.startswith("__"):
                names[attribute] = f"only in sim/adapters/{name}.py"
    return names


def _modules_outside_adapters():
    for path in sorted((ROOT / "sim").rglob("*.py")):
        if "adapters" not in path.relative_to(ROOT / "sim").parts:
            yield path


def test_no_module_outside_the_adapters_uses_a_private_name_an_adapter_holds():
    names = _private_names()
    found = []
    for path in _modules_outside_adapters():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Attribute) and node.attr in names:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} .{node.attr} ({names[node.attr]})")
    assert not found, "other libraries' internals used outside sim/adapters:\n" + "\n".join(found)


def test_no_module_outside_the_adapters_imports_another_librarys_private_name():
    found = []
    for path in _modules_outside_adapters():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.level == 0
                and node.module.split(".")[0] != "sim"
            ):
                private = [a.name for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
                if private or any(p.startswith("_") and not p.startswith("__") for p in node.module.split(".")):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} from {node.module} import {private or '...'}")
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    parts = alias.name.split(".")
                    if parts[0] != "sim" and any(p.startswith("_") and not p.startswith("__") for p in parts):
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno} import {alias.name}")
    assert not found, "private modules or names of other libraries imported outside sim/adapters:\n" + "\n".join(found)

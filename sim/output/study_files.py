"""Text and CSV files of a study's folder (a fit, a policy search), each written whole or not at all."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sim.files import CSV_ENCODING, atomic_write

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["write_csv", "write_text"]


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 ``text`` to ``path`` under a temporary name and rename it."""

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    atomic_write(path, write)


def write_csv(path: Path, table: pd.DataFrame) -> None:
    """Write ``table`` as CSV (no index, 6 significant digits, a BOM) to ``path`` under a temporary name and rename it."""
    atomic_write(path, lambda tmp: table.to_csv(tmp, index=False, float_format="%.6g", encoding=CSV_ENCODING))

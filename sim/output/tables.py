"""A run's tables as files: blanks for "never", plain decimals, and the one reader that knows both.

In the model, -1 marks "never" in month and index columns (never a backbone, no first mentor,
still in post, a pair still open). In the files a spreadsheet opens, a -1 would enter averages, so
those cells are written blank (``blank_never``). Floats are written as plain decimals with six
significant digits, never in scientific notation (``write_csv``).

Code that reads a results folder reads it with ``read_run_table``: blanks come back as missing
values, or, with ``never=-1``, as the model's -1 (for code written against the model's arrays).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sim.files import CSV_ENCODING
from sim.words import Book

NEVER = -1

# columns where the model writes -1 for "never" / "none", by table (a file of a results folder)
NEVER_COLUMNS: dict[str, tuple[str, ...]] = {
    "cadres": (
        "generation",  # never mentored nor a mentor
        "first_mentor",  # no mentor
        "competent_month",  # not competent in the run
        "backbone_month",  # not a backbone made in the run
        "pool_month",  # never in the pool
        "exit_month",  # still in post
        "mentee_until",  # never a mentee
        "party_month",  # did not join the Party in the run
        "introducer",  # no mentor introduced the cadre
        "seconded_month",  # never seconded
    ),
    "pairs": ("end_month",),  # the pair is still open
    "events": ("other",),  # no other side to the event
}
NEVER_COLUMNS["snapshots"] = NEVER_COLUMNS["cadres"]


def blank_never(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """A copy of ``frame`` with the "never" marks of ``table``'s columns as missing (whole numbers stay whole).

    Args:
        frame: a table of a run (``RunResult.cadres``, ``.pairs``, ``.events``, snapshots).
        table: its name: "cadres", "pairs", "events" or "snapshots".
    """
    out = frame.copy()
    for column in NEVER_COLUMNS.get(table, ()):
        if column in out:
            values = pd.to_numeric(out[column]).astype("Int64")
            out[column] = values.mask(values == NEVER)
    return out


def _plain(x: object) -> str:
    """A float as a plain decimal of six significant digits (pandas calls it on floats only)."""
    return np.format_float_positional(
        float(x),  # type: ignore[arg-type]
        precision=6,
        unique=False,
        fractional=False,
        trim="-",
    )


def _plain_column(values: pd.Series) -> pd.Series:
    """A float column as ``_plain`` writes each value, NaN left missing (blank in the file).

    ``%.6g`` gives the same text as ``_plain`` wherever it writes no exponent (six significant
    digits, correctly rounded, trailing zeros and point dropped) at a tenth of the cost; the rest
    (below 0.0001, from a million up) goes through ``_plain``.
    """
    texts = [f"{x:.6g}" for x in values.tolist()]
    for i, text in enumerate(texts):
        if "e" in text:
            texts[i] = _plain(values.iat[i])
    column = pd.Series(texts, index=values.index, dtype=object)
    return column.mask(values.isna())


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """``frame`` as UTF-8 CSV with a BOM: missing values blank, floats as plain decimals (six significant digits)."""
    floats = [c for c, dtype in frame.dtypes.items() if isinstance(dtype, np.dtype) and dtype.kind == "f"]
    if floats:
        frame = frame.assign(**{str(c): _plain_column(frame[c]) for c in floats})
    frame.to_csv(path, index=False, encoding=CSV_ENCODING)


def read_run_table(path: str | Path, never: int | None = None) -> pd.DataFrame:
    """A table of a results folder, with its "never" columns as whole numbers.

    Args:
        path: ``cadres.csv``, ``pairs.csv``, ``events.csv`` (or a ``snapshots.parquet``) of a
            results folder; the table is known by the file's stem.
        never: None: blanks are missing (``pd.NA``); a number (-1): blanks become it, as in
            results folders written before blanks (which this reads as well).

    Returns:
        The table; the "never" columns as pandas' nullable ``Int64`` (``never`` None) or ``int64``.

    Raises:
        ValueError: a "never" column holds something other than whole numbers and blanks.
    """
    path = Path(path)
    frame = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path)
    for column in NEVER_COLUMNS.get(path.stem, ()):
        if column in frame:
            try:  # a word, inf or a fraction in a whole-number column: one line, not a traceback
                values = pd.to_numeric(frame[column]).astype("Int64")
            except (ValueError, TypeError, OverflowError):
                raise ValueError(Book("pictures")("not_whole_numbers", "en", file=path, column=column)) from None
            if never is None:
                frame[column] = values.mask(values == NEVER)
            else:
                frame[column] = values.fillna(never).astype("int64")
    return frame

"""Calendar dates of model months: step 1 is the scenario's start month, step 0 the state before it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.params.schema import RunParams


def months_between(year_a: int, month_a: int, year_b: int, month_b: int) -> int:
    """Months from (year_a, month_a) to (year_b, month_b)."""
    return (year_b - year_a) * 12 + (month_b - month_a)


def date_of(run: RunParams, step: int) -> tuple[int, int]:
    """(year, month of year) of model month ``step`` (step 1 = the start month)."""
    total = run.start_year * 12 + (run.start_month - 1) + max(step - 1, 0)
    return total // 12, total % 12 + 1


def step_of(run: RunParams, year: int, month: int) -> int:
    """The model month that is (year, month); may be <= 0 (before the start) or past the end."""
    return months_between(run.start_year, run.start_month, year, month) + 1


def label(run: RunParams, step: int) -> str:
    """``YYYY-MM`` of model month ``step``."""
    year, month = date_of(run, step)
    return f"{year}-{month:02d}"

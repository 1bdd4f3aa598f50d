"""What `cadre-sim check` prints: the lined-up tables by group and the verdict, from a ``Check`` only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table

from sim.meanfield.check import FLOOR, SETTLING_MONTHS, at_months, verdict
from sim.words import Book

if TYPE_CHECKING:
    from sim.meanfield.check import Check

__all__ = ["tables", "verdict_lines"]

W = Book("cli_check")
COLUMNS = ("month", "date", "quantity", "simulation", "se", "mean_field", "difference")
LEFT = ("date", "quantity")


def tables(check: Check, every: int, lang: str = "en") -> list[Table]:
    """One table a group (stages, pool, kinds, ranks): every ``every`` months, the mean beside the mean-field."""
    shown = at_months(check, every)
    found = []
    for group in shown.group.unique():
        table = Table(title=W("table_title", lang, group=group), show_lines=False)
        for column in COLUMNS:
            table.add_column(W(f"col_{column}", lang), justify="left" if column in LEFT else "right")
        for row in shown[shown.group == group].sort_values(["month"], kind="stable").itertuples():
            diff = f"{row.difference:+.1%}" if row.difference == row.difference else W("no_value", lang)
            table.add_row(str(row.month), str(row.date), str(row.quantity), f"{row.simulation:,.1f}",
                          f"{row.se:,.1f}", f"{row.mean_field:,.1f}", diff)  # fmt: skip
        found.append(table)
    return found


def verdict_lines(check: Check, lang: str = "en") -> list[str]:
    """Whether every stage count agrees with the mean-field, its largest misses, and a warning when noise could explain them."""
    ok, worst = verdict(check)
    misses = (worst.simulation - worst.mean_field).to_numpy(dtype=float)  # in people
    worst_text = ", ".join(
        W("worst", lang, quantity=r.quantity, difference=f"{r.difference:+.1%}", people=f"{miss:+,.0f}", month=r.month)
        for r, miss in zip(worst.itertuples(), misses, strict=True)
    )
    judged = W("judged", lang, floor=f"{FLOOR:.0f}", after=SETTLING_MONTHS)
    relative, share = check.tolerance()
    tolerance = (
        W("tolerance_share", lang, relative=f"{relative:.0%}", share=f"{share:.1%}") if share else f"{relative:.0%}"
    )
    lines = [W("agrees" if ok else "disagrees", lang, tolerance=tolerance, judged=judged, worst=worst_text)]
    if check.mentoring:
        lines.append(W("why_mentoring", lang))
    if not ok:
        noise = 3 * worst.se / worst.simulation  # three standard errors of the simulation mean, relative
        noisy = worst[(worst.difference.abs() > relative) & (worst.difference.abs() <= relative + noise)]
        if len(noisy):  # a failing point that noise alone could explain: too few replicates to judge
            lines.append(
                W("noisy", lang, replicates=check.replicates, quantities=", ".join(str(q) for q in noisy.quantity),
                  noise=f"{float((3 * noisy.se / noisy.simulation).max()):.1%}")
            )  # fmt: skip
    return lines

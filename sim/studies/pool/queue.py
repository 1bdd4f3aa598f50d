"""The places a year needs so that no one waits more than K months: a first-come-first-served queue.

People arrive each month wanting a mentor (``arrivals``); each keeps a place ``months_kept`` months
from the month they are served; they are served in the order they came as places free (someone
served in the month they come waits 0 months). Year by year, from the programme's first: the places
a year needs for a longest wait K are the fewest that, held until everyone who has come by the end of
the year is served, keep every wait within K months (found by bisection: more places never make
anyone wait longer), and never fewer than the places in use in the year (a mentor already mentoring
is in the pool). The year then goes as those places make it, and what it leaves (places in use,
people still waiting) is the next year's start: so a longer wait allowed can move part of a year's
need into the next, and a year's figure for a longer wait is not always the smaller. A pool held at
one size through every year (``one_size_places``) is never larger for a longer wait. Pure: integers
in, integers out.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class _Queue:
    """The state carried from month to month: who waits (month they came, how many), places freeing by month."""

    waiting: deque[list[int]] = field(default_factory=deque)
    freeing: dict[int, int] = field(default_factory=dict)
    in_use: int = 0

    def copy(self) -> _Queue:
        return _Queue(deque([list(c) for c in self.waiting]), dict(self.freeing), self.in_use)


def _month(state: _Queue, t: int, arrivals: int, places: int, months_kept: int, wait: int) -> bool:
    """Month ``t`` with ``places`` places: free, queue the newcomers, serve in order; False if someone waits too long."""
    state.in_use -= state.freeing.pop(t, 0)
    if arrivals:
        state.waiting.append([t, arrivals])
    free = max(places - state.in_use, 0)
    while free and state.waiting:
        cohort = state.waiting[0]
        served = min(free, cohort[1])
        cohort[1] -= served
        free -= served
        state.in_use += served
        state.freeing[t + months_kept] = state.freeing.get(t + months_kept, 0) + served
        if cohort[1] == 0:
            state.waiting.popleft()
    return not state.waiting or t - state.waiting[0][0] < wait


def _serves(
    state: _Queue, arrivals: Sequence[int], first: int, last: int, places: int, months_kept: int, wait: int
) -> tuple[bool, int]:
    """Serve months ``first`` to ``last`` (the year) with ``places``, then on until the year's arrivals are served.

    Returns whether nobody waited more than ``wait`` months, and the most places in use in the year.
    """
    busiest, t = 0, first
    while t <= last or state.waiting:
        on_time = _month(state, t, arrivals[t] if t <= last else 0, places, months_kept, wait)
        if t <= last:
            busiest = max(busiest, state.in_use)
        if not on_time:
            return False, busiest
        t += 1
    return True, busiest


def places_by_year(arrivals: Sequence[int], years: Sequence[int], months_kept: int, wait: int) -> dict[int, int]:
    """The places each year needs so that no one who comes in it waits more than ``wait`` months.

    Args:
        arrivals: people who begin to want a mentor, month by month (from the first month of the programme).
        years: the calendar year of each month (ascending).
        months_kept: months each keeps a place once served (at least 1).
        wait: the longest wait allowed, in months (0: served in the month they come).

    Returns:
        Calendar year -> places.
    """
    months_kept = max(int(months_kept), 1)
    state, out = _Queue(), {}
    for year in sorted(set(years)):
        first = list(years).index(year)
        last = len(years) - 1 - list(reversed(years)).index(year)
        low, high = 0, state.in_use + sum(c[1] for c in state.waiting) + sum(arrivals[first : last + 1])
        while low < high:  # the fewest places that keep every wait within ``wait``
            middle = (low + high) // 2
            if _serves(state.copy(), arrivals, first, last, middle, months_kept, wait)[0]:
                high = middle
            else:
                low = middle + 1
        busiest = _serves(state.copy(), arrivals, first, last, low, months_kept, wait)[1]
        for t in range(first, last + 1):  # the year as it went, carried into the next
            _month(state, t, arrivals[t], low, months_kept, wait)
        out[year] = max(low, busiest)
    return out


def one_size_places(arrivals: Sequence[int], months_kept: int, wait: int) -> int:
    """The fewest places held the same through every year so that no one waits more than ``wait`` months.

    Never more places for a longer wait (a pool that serves everyone within K months serves them within K + 1).
    """
    months_kept, last = max(int(months_kept), 1), len(arrivals) - 1
    low, high = 0, sum(arrivals)
    while low < high:
        middle = (low + high) // 2
        if _serves(_Queue(), arrivals, 0, last, middle, months_kept, wait)[0]:
            high = middle
        else:
            low = middle + 1
    return low

"""Ranks in the mean-field model: expected cadres by rank, age and months in rank.

The establishment's cadres are held by rank (staff, level-4, township leadership, county-division),
age in months and months in the rank (capped a little past the longest minimum). Approximations:

- a cadre's rank and stage are independent given age: the exit hazard of a rank at an age is the
  hazard of the stage mix at that age (``hazard_by_age``);
- the appraisal's excellent years shorten every cadre's years in rank by their expected share
  (``excellent_share`` x half a year per year in rank), not the best appraised's more;
- places are filled in proportion across eligible cadres (the agent model takes the best
  appraised, who are on average more skilled, not older or younger), and the townships' teams
  are filled as one pool of places (``townships x leaders_per_township``);
- at the start, county leaders and township teams are drawn in proportion over the eligible
  ages, and the level-4 quota from the longest-serving staff, as the agent model does.
"""

from __future__ import annotations

import numpy as np

from sim.model.careers import Rank
from sim.params.schema import Scenario

RANK_COUNT = len(Rank)


class Ranks:
    """Expected cadres of the establishment by rank x age (months) x months in rank."""

    def __init__(self, params: Scenario, staff_by_age_tenure: np.ndarray, front_by_age: np.ndarray):
        """The ranks at month 0.

        Args:
            params: the scenario.
            staff_by_age_tenure: cadres at the start by age and months of service (ages x months).
            front_by_age: share of each age's cadres in front-line stages (not the second line).
        """
        cp = params.careers
        self.params = params
        self.cap = staff_by_age_tenure.shape[1] - 1
        size = staff_by_age_tenure.shape[0]
        self.count = np.zeros((RANK_COUNT, size, self.cap + 1))
        self.count[Rank.STAFF] = staff_by_age_tenure
        self.promotions = 0.0
        self.new_leaders: list[tuple[int, float]] = []  # (month, cadres promoted to a township team)
        age = np.arange(size)[:, None]
        spread = np.zeros(self.cap + 1)
        spread[:36] = 1 / 36  # months in a rank above staff at the start: up to three years
        staff = self.count[Rank.STAFF]
        # county leaders: front-line cadres aged 40+, in proportion
        pool = staff * front_by_age[:, None] * (age >= 480)
        self._seat(pool, cp.county_leaders_at_start, Rank.COUNTY, spread)
        pool = self.count[Rank.STAFF] * front_by_age[:, None] * (age >= 360) * (age <= (cp.leader_max_age + 5) * 12)
        self._seat(pool, params.establishment.townships * cp.leaders_per_township, Rank.TOWNSHIP_LEADER, spread)
        room = np.floor(cp.l4_share * staff_by_age_tenure.sum()) - self.count[Rank.LEVEL4 :].sum()
        service = np.arange(self.cap + 1)
        for months in service[::-1]:  # the longest-serving first
            if room <= 0 or months < cp.l4_min_years * 12:
                break
            column = self.count[Rank.STAFF, :, months]
            take = min(room / column.sum(), 1.0) if column.sum() > 0 else 0.0
            self.count[Rank.LEVEL4] += np.outer(take * column, spread)
            room -= take * column.sum()
            self.count[Rank.STAFF, :, months] *= 1 - take

    def _seat(self, pool: np.ndarray, places: float, rank: Rank, spread: np.ndarray) -> None:
        total = pool.sum()
        if places <= 0 or total <= 0:
            return
        take = min(places / total, 1.0) * pool
        self.count[Rank.STAFF] -= take
        self.count[rank] += np.outer(take.sum(axis=1), spread)

    def month(self, hazard_by_age: np.ndarray, retire_from: int) -> None:
        """A month older and longer in rank; exits by the hazard of each age; retirement."""
        c = self.count
        c[:, 1:, :] = c[:, :-1, :]
        c[:, 0, :] = 0.0
        c[:, :, -1] += c[:, :, -2]  # the last months-in-rank bin holds everyone past the cap
        c[:, :, 1:-1] = c[:, :, :-2].copy()
        c[:, :, 0] = 0.0
        c *= (1.0 - hazard_by_age)[None, :, None]
        c[:, retire_from:, :] = 0.0

    def hire(self, by_age: np.ndarray) -> None:
        """Newcomers of the establishment: staff, with no months in rank."""
        self.count[Rank.STAFF, :, 0] += by_age

    def year_end(self, step: int) -> None:
        """Promotion, top level first, each filling its places from the level below."""
        cp, c = self.params.careers, self.count
        credit = 1.0 + 0.5 * cp.excellent_share
        in_rank = np.arange(self.cap + 1) / 12.0 * credit  # years in rank with the expected credit
        service = np.arange(self.cap + 1) / 12.0  # a staff cadre's months in rank are its service
        age = np.arange(c.shape[1])[:, None] / 12.0
        ok = (in_rank[None, :] >= cp.county_min_years) & (age <= cp.county_max_age)
        self._promote(c[Rank.TOWNSHIP_LEADER] * ok, cp.county_posts - c[Rank.COUNTY].sum(), Rank.COUNTY)
        young_enough = age <= cp.leader_max_age
        candidates = c[Rank.LEVEL4] * (young_enough & (in_rank[None, :] >= cp.leader_min_years))
        staff = c[Rank.STAFF] * (young_enough & (service[None, :] >= cp.l4_min_years + cp.leader_min_years))
        places = self.params.establishment.townships * cp.leaders_per_township - c[Rank.TOWNSHIP_LEADER].sum()
        total = candidates.sum() + staff.sum()
        share = min(max(places, 0.0) / total, 1.0) if total > 0 else 0.0
        moved = share * (candidates.sum() + staff.sum())
        c[Rank.LEVEL4] -= share * candidates
        c[Rank.STAFF] -= share * staff
        c[Rank.TOWNSHIP_LEADER, :, 0] += share * (candidates.sum(axis=1) + staff.sum(axis=1))
        self.promotions += moved
        self.new_leaders.append((step, moved))
        quota = np.floor(cp.l4_share * c.sum()) - c[Rank.LEVEL4 :].sum()
        self._promote(c[Rank.STAFF] * (in_rank[None, :] >= cp.l4_min_years), quota, Rank.LEVEL4)

    def _promote(self, candidates: np.ndarray, places: float, to: Rank) -> None:
        total = candidates.sum()
        if places <= 0 or total <= 0:
            return
        moved = min(places / total, 1.0) * candidates
        self.count[to - 1] -= moved
        self.count[to, :, 0] += moved.sum(axis=1)
        self.promotions += float(moved.sum())

    def by_rank(self) -> np.ndarray:
        """Expected cadres of each rank."""
        return self.count.sum(axis=(1, 2))

    def new_leader_mentees(self, step: int, window: int, survival: float) -> float:
        """New township-team members still in their reopened mentee window (surviving at ``survival`` a month)."""
        return sum(m * survival ** (step - s) for s, m in self.new_leaders if step - s < window)

"""Careers: the rank ladder, the annual appraisal and promotion (and the words of secondment effects).

Rank ladder (DOMAIN): staff (科员) -> level-4 principal staff (四级主任科员, a rank, held by at most
``l4_share`` of the establishment) -> member of a township leadership team (乡镇领导班子成员,
``leaders_per_township`` posts in each township) -> county-division level (县处级,
``county_posts`` posts). Only cadres of the establishment climb it.

At each year end (with ``careers.enabled``):
1. Annual appraisal (年度考核): score = skill (in units of its spread) + ``mentoring_weight`` x the
   mentoring given this year (in units of its spread; mentoring counts in the appraisal, city
   report) + a secondment bonus + noise (``appraisal_noise``). The top ``excellent_share`` are
   rated excellent (优秀): each excellent year shortens the years-in-rank condition by half a year.
2. Promotion, top level first so that each promotion opens a place below: county-division
   posts from township leaders with ``county_min_years`` in the team, at most ``county_max_age``;
   each township's team from its staff and level-4 cadres (level-4 for ``leader_min_years``,
   or staff with ``l4_min_years + leader_min_years`` of service), at most ``leader_max_age``;
   level-4 rank from staff with ``l4_min_years`` of service. Within each, the best appraised
   first; reaching the minimum does not mean promotion (DOMAIN). A new leadership member's mentee
   window reopens for ``mentees.new_leader_window_years`` (新任班子成员 as mentees).
3. Then secondment (``sim.model.secondment``) and Party membership (``sim.model.party``), their
   own mechanisms; a secondment's ``appraisal_bonus`` counts here for ``BONUS_YEARS`` after.

Sponsorship is this mechanism's variant (``[careers] sponsorship``): ``none`` here, today's; others
(``sim.model.variants``) add a gain to the appraisal of whom they sponsor (``appraise``'s ``sponsor``).
Under every variant the year end counts the cadre-years and promotions of the mentored (paired as a
mentee at least once) and of the never mentored (``PromotionExposure``: ``promotion_ratio_mentored``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum
from typing import TYPE_CHECKING

import numpy as np

from sim.model.decisions import aspect_mean, exact_mean_sd, order, snap
from sim.model.establishment import establishment_rows, township_of
from sim.model.kinds import Kind
from sim.model.mechanism import Mechanism, Variant, declare, register_variant
from sim.vocab import Term, Vocabulary

if TYPE_CHECKING:
    from sim.model.model import CadreModel

BONUS_YEARS = 5  # years a secondment counts in the appraisal


class Rank(IntEnum):
    """Rank of a cadre; ``int`` values index ``RANKS``."""

    STAFF = 0
    LEVEL4 = 1
    TOWNSHIP_LEADER = 2
    COUNTY = 3

    @property
    def code(self) -> str:
        """The rank's code (``township_leader``)."""
        return self.name.lower()


RANKS: Vocabulary[Term] = Vocabulary(
    "rank",
    [
        Term("staff", "科员", "staff", "#adb5bd"),
        Term("level4", "四级主任科员", "level-4 principal staff", "#74c0fc"),
        Term("township_leader", "乡镇领导班子成员", "township leadership member", "#f76707"),
        Term("county", "县处级", "county-division level", "#c92a2a"),
    ],
)
RANK_CODES: tuple[str, ...] = tuple(r.code for r in Rank)
assert RANKS.codes() == RANK_CODES, "the RANKS table must list every Rank, in order"

SECONDMENT_EFFECTS: Vocabulary[Term] = Vocabulary(
    "secondment",
    [
        Term("grassroots", "下派基层", "to the grassroots", meaning="more practice: faster learning by doing"),
        Term("upward", "上挂", "to a higher body", meaning="closer to the appraisers: an appraisal bonus only"),
    ],
)


def _z(x: np.ndarray) -> np.ndarray:
    mean, sd = exact_mean_sd(x) if len(x) else (0.0, 0.0)
    return (x - mean) / sd if sd > 0 else np.zeros_like(x)


def years_in_rank(model: CadreModel, idx: np.ndarray) -> np.ndarray:
    """Years in the current rank, with half a year of credit per excellent year."""
    pop = model.pop
    return (model.steps - pop.rank_month[idx]) / 12.0 + 0.5 * pop.excellent_in_rank[idx]


Sponsor = Callable[["CadreModel", np.ndarray], np.ndarray]  # (model, rated rows) -> gain, in sds of the score


def appraise(model: CadreModel, mean_skill: np.ndarray | None = None, sponsor: Sponsor | None = None) -> np.ndarray:
    """The annual appraisal of every establishment cadre in post; returns them (scores in ``pop.appraisal``).

    ``mean_skill``: every row's mean skill now (``pop.mean_skill()``), if already computed. ``sponsor``:
    each rated cadre's sponsorship gain in units of the score's spread (None: no sponsorship).
    """
    pop, cp, rng = model.pop, model.params.careers, model.rng
    rated = establishment_rows(model)
    skill = _z(aspect_mean(pop.skill[rated]) if mean_skill is None else mean_skill[rated])
    mentoring = _z(pop.year_gain[rated])
    recent = (pop.seconded_month[rated] >= 0) & (model.steps - pop.seconded_month[rated] < BONUS_YEARS * 12)
    bonus = np.where(recent, model.params.secondment.appraisal_bonus, 0.0)
    score = skill + cp.mentoring_weight * mentoring + bonus + rng.normal(0, cp.appraisal_noise, len(rated))
    if sponsor is not None and len(rated):
        score = score + sponsor(model, rated) * exact_mean_sd(score)[1]
    pop.appraisal[rated] = snap(score)
    k = int(np.floor(cp.excellent_share * len(rated)))
    excellent = rated[order(pop.appraisal[rated], descending=True)[:k]]
    pop.excellent_in_rank[excellent] += 1
    return rated


def place_within(group: np.ndarray, groups: int) -> np.ndarray:
    """Each element's place within its group (0 for the first), in the order given: best first in, best first placed."""
    place = np.zeros(len(group), dtype=np.int64)
    grouped = np.argsort(group, kind="stable")
    starts = np.searchsorted(group[grouped], np.arange(groups))
    place[grouped] = np.arange(len(grouped)) - starts[group[grouped]]
    return place


def _promote(model: CadreModel, who: np.ndarray, rank: Rank) -> None:
    pop = model.pop
    if len(who) == 0:
        return
    pop.rank[who] = rank
    pop.rank_month[who] = model.steps
    pop.excellent_in_rank[who] = 0
    model.promotions[rank] += len(who)
    model.events.add(model.steps, "promoted", who, detail=rank.code)
    window = model.params.mentees.new_leader_window_years
    if rank == Rank.TOWNSHIP_LEADER and window > 0:
        pop.kind[who] = Kind.NEW_LEADER
        pop.mentee_until[who] = model.steps + int(round(window * 12))
        pop.mentored_months[who] = 0


def _best(model: CadreModel, candidates: np.ndarray, places: int) -> np.ndarray:
    if places <= 0 or len(candidates) == 0:
        return candidates[:0]
    return candidates[order(model.pop.appraisal[candidates], descending=True)[:places]]


def promote(model: CadreModel, rated: np.ndarray) -> None:
    """Fill the posts of each level from the level below, top level first."""
    pop, cp = model.pop, model.params.careers
    age = pop.age_months[rated] / 12.0
    rank = pop.rank[rated]
    county_now = int(np.count_nonzero(rank == Rank.COUNTY))
    ok = (
        (rank == Rank.TOWNSHIP_LEADER)
        & (years_in_rank(model, rated) >= cp.county_min_years)
        & (age <= cp.county_max_age)
    )
    _promote(model, _best(model, rated[ok], cp.county_posts - county_now), Rank.COUNTY)

    rank = pop.rank[rated]
    service = (model.steps - pop.hire_month[rated]) / 12.0
    in_rank = years_in_rank(model, rated)
    ok = (age <= cp.leader_max_age) & (
        ((rank == Rank.LEVEL4) & (in_rank >= cp.leader_min_years))
        | ((rank == Rank.STAFF) & (service >= cp.l4_min_years + cp.leader_min_years))
    )
    townships = model.params.establishment.townships
    town = township_of(model, rated)
    seated = np.bincount(town[rank == Rank.TOWNSHIP_LEADER], minlength=townships)
    candidates = rated[ok]
    by_score = candidates[order(pop.appraisal[candidates], descending=True)]
    town_c = township_of(model, by_score)
    room = np.maximum(cp.leaders_per_township - seated, 0)
    _promote(model, np.sort(by_score[place_within(town_c, townships) < room[town_c]]), Rank.TOWNSHIP_LEADER)

    rank = pop.rank[rated]
    quota = int(np.floor(cp.l4_share * len(rated)))
    held = int(np.count_nonzero(rank >= Rank.LEVEL4))
    ok = (rank == Rank.STAFF) & (years_in_rank(model, rated) >= cp.l4_min_years)
    _promote(model, np.sort(_best(model, rated[ok], quota - held)), Rank.LEVEL4)


@dataclass
class PromotionExposure:
    """Cadre-years appraised and promotions at the year ends, of the never mentored [0] and the mentored [1]."""

    years: list[int] = field(default_factory=lambda: [0, 0])
    promoted: list[int] = field(default_factory=lambda: [0, 0])

    def add(self, mentored: np.ndarray, promoted: np.ndarray) -> None:
        """Count one year end: each rated cadre (``mentored``: ever paired as a mentee) and who was promoted."""
        for group, among in enumerate((~mentored, mentored)):
            self.years[group] += int(np.count_nonzero(among))
            self.promoted[group] += int(np.count_nonzero(among & promoted))

    def ratio(self) -> float:
        """Promotions per mentored cadre-year over promotions per never-mentored cadre-year (nan: undefined)."""
        if not all(self.years) or self.promoted[0] == 0:
            return float("nan")
        return (self.promoted[1] / self.years[1]) / (self.promoted[0] / self.years[0])


def promote_year_end(model: CadreModel, mean_skill: np.ndarray | None = None, sponsor: Sponsor | None = None) -> None:
    """Appraisal and promotion at the year end (with ``careers.enabled``); counts the promotions of the mentored.

    ``mean_skill``: every row's mean skill now (``pop.mean_skill()``), if already computed. ``sponsor``:
    the chosen sponsorship's gains (``appraise``).
    """
    if model.params.careers.enabled:
        rated = appraise(model, mean_skill, sponsor)
        pop = model.pop
        before = pop.rank[rated].copy()
        promote(model, rated)
        model.promotion_exposure.add(pop.first_paired_month[rated] >= 0, pop.rank[rated] != before)


DEFAULT_SPONSORSHIP = "none"
register_variant(
    Variant(
        DEFAULT_SPONSORSHIP,
        "帮带不计入晋升",
        "no sponsorship",
        meaning="the appraisal reads skill, mentoring given and secondment only; having had a mentor counts for nothing",
        mechanism="careers",
        step=promote_year_end,
    )
)


MECHANISM = declare(Mechanism(
    "careers", __name__, sections=("careers",), columns=("rank", "rank_month", "excellent_in_rank", "appraisal"),
    steps=("promotion",), series=(*(f"n_{code}" for code in RANK_CODES), "cum_promotions"),
    outcomes=("promotions", "promotion_ratio_mentored"), events=("promoted",), words=("rank", "careers variant"),
    variant_key="sponsorship",
))  # fmt: skip

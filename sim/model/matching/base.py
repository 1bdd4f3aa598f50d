"""What every matching rule works on and gives back, and the registry the rules join.

A round is one-to-one: each mentee and each mentor slot (a mentor, or a team of mentors) is used
at most once. The model calls rounds repeatedly to fill capacities, so every pairing form
(1:1, 1:k, k:1, teams) is built from this one primitive, and the load spreads evenly: no mentor
gets a second mentee in a round before every free mentor has been offered one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.model.decisions import aspect_mean
from sim.vocab import Registry, Term

if TYPE_CHECKING:
    from sim.params.schema import PairingParams

# A round larger than CHUNK on either side, up to LARGE: the rules that solve (``willing`` too)
# take a random shortlist of the longer side (twice the shorter side) split at random into blocks
# solved apart (``blocks``). Above LARGE (a city, a province): the assignment rules cut blocks by
# unit, field and township instead (``sim.model.matching.large``: within 0.03% of the optimum at
# 10,000 a side, where random blocks lose 1-7%), and ``willing`` runs deferred acceptance on the
# whole round (``sim.model.matching.deferred``: stable, no blocking pair). A county's rounds (up to
# ~600 in the bundled scenarios) stay at or below LARGE: their results are unchanged.
CHUNK = 400
LARGE = 1000


@dataclass
class Side:
    """Features of the mentees, or of the mentor slots, offered in a round."""

    skill: np.ndarray  # (k, 6)
    unit: np.ndarray
    field: np.ndarray
    township: np.ndarray | None = None  # None: one township
    village: np.ndarray | None = None  # True for mentees of the village kinds; None: none are

    def __len__(self) -> int:
        return len(self.unit)

    def take(self, idx: np.ndarray) -> Side:
        """The rows ``idx`` of this side."""
        township = None if self.township is None else self.township[idx]
        village = None if self.village is None else self.village[idx]
        return Side(self.skill[idx], self.unit[idx], self.field[idx], township, village)

    def township_or_zero(self) -> np.ndarray:
        """Township of each row (0 when the side does not say)."""
        return np.zeros(len(self), dtype=np.int64) if self.township is None else self.township

    def village_or_false(self) -> np.ndarray:
        """Whether each row is a mentee of a village kind (False when the side does not say)."""
        return np.zeros(len(self), dtype=bool) if self.village is None else self.village


# pair(mentees, slots, pairing parameters, rng) -> (positions in mentees, positions in slots,
# quality of each new pair, or None to draw it from the scenario's quality distribution)
PairFn = Callable[[Side, Side, "PairingParams", np.random.Generator], tuple[np.ndarray, np.ndarray, np.ndarray | None]]
# team_order(idle mentors, rng) -> the order in which idle mentors are grouped into teams
TeamOrderFn = Callable[[Side, np.random.Generator], np.ndarray]


def shuffled(mentors: Side, rng: np.random.Generator) -> np.ndarray:
    """Teams of mentors drawn at random (the default grouping)."""
    return rng.permutation(len(mentors))


@dataclass(frozen=True, kw_only=True)
class MatchingRule(Term):
    """A matching rule: its words (code, labels, principle), display order and how it pairs."""

    order: int
    pair: PairFn
    team_order: TeamOrderFn = shuffled


REGISTRY: Registry[MatchingRule] = Registry("matching rule")


def draw_quality(rng: np.random.Generator, p: PairingParams, size: int | tuple[int, ...]) -> np.ndarray:
    """Latent relationship quality of pairs (0.05-1)."""
    return np.clip(rng.normal(p.quality_mean, p.quality_sd, size), 0.05, 1.0)


def contact_factor(p: PairingParams, mentee_unit: np.ndarray, mentor_unit: np.ndarray) -> np.ndarray:
    """Share of contact a pair keeps: 1 within a unit, ``remote_contact_factor`` across units."""
    same_unit = np.asarray(mentee_unit == mentor_unit)
    return np.where(same_unit, 1.0, p.remote_contact_factor)


def field_factor(p: PairingParams, mentee_field: np.ndarray, mentor_field: np.ndarray) -> np.ndarray:
    """Effect multiplier of a pair: 1 in the same field, ``cross_field_factor`` across fields."""
    return np.where(np.asarray(mentee_field == mentor_field), 1.0, p.cross_field_factor)


def expected_growth(p: PairingParams, a: Side, b: Side) -> np.ndarray:
    """What the organisation expects of each possible pair (mentees x slots)."""
    gap = np.clip(aspect_mean(b.skill)[None, :] - aspect_mean(a.skill)[:, None], 0, None)
    return (
        gap * contact_factor(p, a.unit[:, None], b.unit[None, :]) * field_factor(p, a.field[:, None], b.field[None, :])
    )


def at_random(n_a: int, n_b: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """As many pairs as possible, at random."""
    k = min(n_a, n_b)
    return rng.permutation(n_a)[:k], rng.permutation(n_b)[:k]


def is_large(n_a: int, n_b: int) -> bool:
    """Whether a round is larger than ``LARGE`` on either side (solved by ``sim.model.matching.large``)."""
    return max(n_a, n_b) > LARGE


def blocks(n_a: int, n_b: int, rng: np.random.Generator) -> list[tuple[np.ndarray, np.ndarray]]:
    """Blocks of at most CHUNK on each side.

    In a large problem the longer side is first cut at
    random to twice the shorter one (a shortlist): the round cannot use more than that anyway.
    """
    if max(n_a, n_b) <= CHUNK:
        return [(np.arange(n_a), np.arange(n_b))]
    side_a = rng.permutation(n_a)[: 2 * n_b] if n_a > 2 * n_b else rng.permutation(n_a)
    side_b = rng.permutation(n_b)[: 2 * n_a] if n_b > 2 * n_a else rng.permutation(n_b)
    c = max(1, int(np.ceil(max(len(side_a), len(side_b)) / CHUNK)))
    return list(zip(np.array_split(side_a, c), np.array_split(side_b, c), strict=True))

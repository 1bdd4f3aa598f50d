"""Paired verdicts: each pair of variants compared within each (structure, parameter set), then across them.

One rule for every comparison (``compare``, ``compare --ensemble``, ``optimise --ensemble``): within a
set, replicate i of every variant ran on the same seed, so the gap ``b - a`` is paired replicate by
replicate; its mean and 95% t interval over the set's replicates say whether the gap is clear there
(the interval excludes zero). Pooling runs over sets would add the spread *between* sets (thousands of
backbones) to a policy gap of a few hundred and hide it; here the sets are strata, never pooled.

The verdict on a figure and a pair, over the sets that have at least two pairs:

- ``every``: the gap is clear, and of one sign, in every set (and structure); with one set: "clear";
- ``most``: clear one way in at least half of the sets and clearly the other way in at most ``MOSTLY``
  of them (about what chance gives over many sets); the share is kept;
- ``depends``: clear one way in some sets and the other way in more than ``MOSTLY`` of them; what it
  depends on is named: the structure when the structures alone sort the sets, else the parameter
  whose one threshold best sorts them (``split``), with the value where the sign flips;
- ``some``: clear in fewer than half the sets, never (or rarely) reversed, within noise elsewhere;
- ``small``: clear in no single set, but the mean of the sets' gaps is (its interval excludes zero);
- ``tie``: cannot be told apart within sets (no set clear, nor the mean over the sets).

A gap clear within every set is never a tie, however much the sets differ from one another. Without
an ensemble (one scenario, replicates) the same code runs with one set. ``Verdicts`` is the typed
result; the writers (``sim.output.decisions``) read only it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from scipy import stats

__all__ = [
    "EVERY", "MOST", "MOSTLY", "DEPENDS", "SOME", "SMALL", "TIE", "Verdict", "Verdicts", "paired_verdicts", "split",
]  # fmt: skip

EVERY, MOST, DEPENDS, SOME, SMALL, TIE = "every", "most", "depends", "some", "small", "tie"
MOSTLY = 0.10  # a gap clearly reversed in at most this share of the sets still "holds in most"
STRUCTURE = "structure"  # what a verdict depends on, when the structures sort the sets


@dataclass(frozen=True)
class Verdict:
    """The verdict on ``b - a`` for one figure, over the sets (see the module docstring for the codes).

    ``gap`` is the mean over sets of the within-set mean gap, ``low``/``high`` its 95% interval (the sets
    as strata); ``least``/``most`` the smallest and largest set's gap; ``higher_in``/``lower_in`` the sets
    where ``b`` is clearly higher / lower. ``on``: what a ``depends`` verdict depends on (``"structure"``
    or a parameter), ``at`` the threshold, ``higher_above`` whether ``b`` is the higher one above it,
    ``accuracy`` the share of the sets the rule sorts right. ``by_structure``: (structure, verdict, sign).
    """

    outcome: str
    a: str
    b: str
    verdict: str
    sets: int
    gap: float
    low: float
    high: float
    least: float
    most: float
    higher_in: int
    lower_in: int
    on: str = ""
    at: float = math.nan
    higher_above: bool | None = None
    accuracy: float = math.nan
    by_structure: tuple[tuple[str, str, int], ...] = ()

    @property
    def sign(self) -> int:
        """+1 when ``b`` is (mostly) the higher, -1 when ``a`` is, 0 for a tie."""
        if self.verdict == TIE:
            return 0
        if self.higher_in != self.lower_in:
            return 1 if self.higher_in > self.lower_in else -1
        return int(np.sign(self.gap))

    @property
    def share(self) -> float:
        """The share of the sets where the gap is clear in its main direction."""
        if not self.sets:
            return math.nan
        return (self.higher_in if self.sign >= 0 else self.lower_in) / self.sets

    @property
    def clear(self) -> bool:
        """Whether the verdict names a direction at all (every, most, some, small)."""
        return self.verdict in (EVERY, MOST, SOME, SMALL)

    def flipped(self) -> Verdict:
        """The same verdict read as ``a - b``."""
        above = None if self.higher_above is None else not self.higher_above
        return replace(
            self, a=self.b, b=self.a, gap=-self.gap, low=-self.high, high=-self.low, least=-self.most,
            most=-self.least, higher_in=self.lower_in, lower_in=self.higher_in, higher_above=above,
            by_structure=tuple((s, v, -g) for s, v, g in self.by_structure),
        )  # fmt: skip


@dataclass(frozen=True)
class Verdicts:
    """Every figure's verdict for every pair of variants, the sets' gaps and the sets' means."""

    labels: list[str]
    outcomes: list[str]
    sets: int
    structures: list[str]  # the structures found, in order (empty: none named)
    table: list[Verdict]
    by_set: pd.DataFrame  # member, structure, outcome, a, b, n, gap, low, high, clear (-1, 0, +1)
    set_means: pd.DataFrame  # member, variant, outcome, mean, n (the set's mean over its replicates)
    members: pd.DataFrame = field(default_factory=pd.DataFrame)  # the sets' parameters (one row a set)
    set_structures: tuple[str, ...] = ()  # each set's structure (empty: none named)

    def get(self, outcome: str, a: str, b: str) -> Verdict | None:
        """The verdict on ``b - a`` for ``outcome`` (read the other way round when stored as ``a - b``)."""
        for v in self.table:
            if v.outcome == outcome and (v.a, v.b) == (a, b):
                return v
            if v.outcome == outcome and (v.a, v.b) == (b, a):
                return v.flipped()
        return None

    def mean(self, variant: str, outcome: str) -> float:
        """The mean over the sets of ``variant``'s set means on ``outcome`` (each set weighs the same)."""
        m = self.set_means
        x = m.loc[(m["variant"] == variant) & (m["outcome"] == outcome), "mean"].to_numpy(dtype=float)
        x = x[np.isfinite(x)]
        return float(x.mean()) if len(x) else math.nan

    def per_set(self, variant: str, outcome: str) -> pd.Series:
        """``variant``'s mean on ``outcome`` in each set (indexed by set)."""
        m = self.set_means
        g = m[(m["variant"] == variant) & (m["outcome"] == outcome)]
        return pd.Series(g["mean"].to_numpy(dtype=float), index=g["member"].to_numpy())


def _cube(runs: pd.DataFrame, labels: Sequence[str], outcome: str) -> tuple[list, np.ndarray]:
    """(sets, values[set, replicate-in-set, variant]) of ``outcome``; NaN where a run is missing or failed."""
    ok = runs[runs["status"] == "ok"] if "status" in runs.columns else runs
    members = sorted(runs["member"].unique())
    per = runs.groupby("member")["replicate"].nunique()
    width = int(per.max()) if len(per) else 0
    cube = np.full((len(members), width, len(labels)), np.nan)
    index = {m: k for k, m in enumerate(members)}
    col = {lab: j for j, lab in enumerate(labels)}
    for m, g in ok.groupby("member"):
        reps = {r: i for i, r in enumerate(sorted(runs.loc[runs["member"] == m, "replicate"].unique()))}
        rows = g["replicate"].map(reps).to_numpy()
        cols = g["variant"].map(col).to_numpy()
        keep = ~pd.isna(cols)
        cube[index[m], rows[keep].astype(int), cols[keep].astype(int)] = g[outcome].to_numpy(dtype=float)[keep]
    return members, cube


def _gaps(d: np.ndarray) -> tuple[np.ndarray, ...]:
    """Per row of paired differences ``d`` (NaN: no pair): n, mean, standard error, low, high of the 95% t interval."""
    n = np.sum(np.isfinite(d), axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(n > 0, np.nansum(d, axis=1) / np.maximum(n, 1), np.nan)
        dev = np.where(np.isfinite(d), d - mean[:, None], 0.0)
        sd = np.sqrt(np.where(n > 1, np.sum(dev**2, axis=1) / np.maximum(n - 1, 1), np.nan))
        se = sd / np.sqrt(n)
        half = stats.t.ppf(0.975, np.maximum(n - 1, 1)) * se
    half = np.where(n > 1, half, np.nan)
    return n, mean, se, mean - half, mean + half


def split(x: np.ndarray, y: np.ndarray) -> tuple[float, float, bool]:
    """The threshold on ``x`` that best sorts ``y`` (True/False): (threshold, accuracy, y-is-above); NaN if none helps."""
    order = np.argsort(x, kind="stable")
    xs, ys = x[order], y[order]
    best = (math.nan, max(ys.mean(), 1 - ys.mean()), True)
    for k in range(1, len(xs)):
        if xs[k] == xs[k - 1]:
            continue
        above, below = ys[k:], ys[:k]
        for up in (True, False):
            acc = ((above == up).sum() + (below != up).sum()) / len(ys)
            if acc > best[1] + 1e-12:
                best = ((xs[k] + xs[k - 1]) / 2, acc, up)
    return best


def _classify(clear: np.ndarray, gap: float, low: float, high: float) -> tuple[str, int]:
    """The verdict code and main sign from the sets' clear signs (-1, 0, +1) and the interval of the mean gap."""
    k = len(clear)
    up, down = int((clear > 0).sum()), int((clear < 0).sum())
    if k and (up == k or down == k):
        return EVERY, 1 if up == k else -1
    main = 1 if up > down or (up == down and gap > 0) else -1
    n_for, n_against = (up, down) if main > 0 else (down, up)
    if n_for and n_against / k > MOSTLY:
        return DEPENDS, main
    if n_for and n_for / k >= 0.5:
        return MOST, main
    if n_for:
        return SOME, main
    if low > 0 or high < 0:
        return SMALL, 1 if gap > 0 else -1
    return TIE, 0


def _depends_on(
    clear: np.ndarray, main: int, members: pd.DataFrame, structures: np.ndarray | None
) -> dict[str, object]:
    """What sorts the sets clear in the main direction from those clear against it: the structure, or a threshold."""
    seen = clear != 0
    y = clear[seen] == main
    if structures is not None and len(set(structures[seen])) > 1:
        pure = all(len(set(y[structures[seen] == s])) == 1 for s in set(structures[seen]))
        if pure:
            return {"on": STRUCTURE, "accuracy": 1.0}
    found = []
    for p in members.columns:
        column = members[p]
        if not pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
            continue  # a structure's choice (growth.law): no threshold to name
        x = column.to_numpy(dtype=float)[seen]
        if len(x) > 1 and np.ptp(x) > 0:
            at, acc, up = split(x, y)
            if at == at:
                found.append((acc, str(p), at, up))
    if not found:
        return {}
    acc, p, at, up = max(found, key=lambda f: f[0])
    return {"on": p, "at": float(at), "higher_above": bool(up) == (main > 0), "accuracy": float(acc)}


def _combined(n: np.ndarray, mean: np.ndarray, se: np.ndarray) -> tuple[float, float, float]:
    """The mean of the sets' gaps and its 95% interval, each set a stratum of equal weight."""
    ok = n > 1
    if not ok.any():
        return (float(np.nanmean(mean)) if np.isfinite(mean).any() else math.nan), math.nan, math.nan
    k = int(ok.sum())
    gap = float(mean[ok].mean())
    half = float(stats.t.ppf(0.975, max(int((n[ok] - 1).sum()), 1)) * math.sqrt(float((se[ok] ** 2).sum())) / k)
    return gap, gap - half, gap + half


def _verdict(
    outcome: str, a: str, b: str, n: np.ndarray, mean: np.ndarray, se: np.ndarray, clear: np.ndarray,
    members: pd.DataFrame, structures: np.ndarray | None,
) -> Verdict:  # fmt: skip
    ok = n > 1
    gap, low, high = _combined(n, mean, se)
    code, main = _classify(clear[ok], gap, low, high)
    finite = mean[np.isfinite(mean)]
    v = Verdict(
        outcome, a, b, code, int(ok.sum()), gap, low, high,
        float(finite.min()) if len(finite) else math.nan, float(finite.max()) if len(finite) else math.nan,
        int((clear[ok] > 0).sum()), int((clear[ok] < 0).sum()),
    )  # fmt: skip
    if structures is not None and len(set(structures[ok])) > 1:
        parts = []
        for s in dict.fromkeys(structures[ok]):
            inside = ok & (structures == s)
            g, lo, hi = _combined(n[inside], mean[inside], se[inside])
            parts.append((str(s), *_classify(clear[inside], g, lo, hi)))
        v = replace(v, by_structure=tuple(parts))
    if code == DEPENDS:
        keep = ok
        v = replace(v, **_depends_on(clear[keep], main, members.loc[keep].reset_index(drop=True),
                                     None if structures is None else structures[keep]))  # type: ignore[arg-type]  # fmt: skip
    return v


def paired_verdicts(
    runs: pd.DataFrame,
    labels: Sequence[str],
    outcomes: Sequence[str],
    members: pd.DataFrame | None = None,
    structures: Sequence[str] | None = None,
) -> Verdicts:
    """Every pair of ``labels`` (in order: ``b`` after ``a``) on every outcome, within each set, then over the sets.

    ``runs``: variant, replicate, the outcomes (and status; and member, the set, over an ensemble: without
    it, one set). Replicate r of every variant in a set ran on the same seed. ``members``: one row a set
    (in set order) of parameter values; ``structures``: each set's structure name.
    """
    runs = runs if "member" in runs.columns else runs.assign(member=0)
    labels = list(labels)
    sets = sorted(runs["member"].unique())
    members = (members if members is not None else pd.DataFrame(index=range(len(sets)))).reset_index(drop=True)
    if len(members) != len(sets):
        members = pd.DataFrame(index=range(len(sets)))
    named = (
        np.asarray([str(s) for s in structures]) if structures is not None and len(structures) == len(sets) else None
    )
    table, frames, means = [], [], []
    for o in outcomes:
        _, cube = _cube(runs, labels, o)
        with np.errstate(invalid="ignore"):
            n_var = np.sum(np.isfinite(cube), axis=1)
            set_mean = np.where(n_var > 0, np.nansum(cube, axis=1) / np.maximum(n_var, 1), np.nan)
        for j, lab in enumerate(labels):
            means.append(pd.DataFrame({"member": sets, "variant": lab, "outcome": o, "mean": set_mean[:, j],
                                       "n": n_var[:, j]}))  # fmt: skip
        for i, a in enumerate(labels):
            for b in labels[i + 1 :]:
                d = cube[:, :, labels.index(b)] - cube[:, :, i]
                n, mean, se, low, high = _gaps(d)
                clear = np.where(n > 1, np.where(low > 0, 1, np.where(high < 0, -1, 0)), 0)
                table.append(_verdict(o, a, b, n, mean, se, clear, members, named))
                frames.append(pd.DataFrame({
                    "member": sets, "structure": named if named is not None else "", "outcome": o, "a": a, "b": b,
                    "n": n, "gap": mean, "low": low, "high": high, "clear": clear,
                }))  # fmt: skip
    by_set = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    set_means = pd.concat(means, ignore_index=True) if means else pd.DataFrame()
    found = list(dict.fromkeys(named.tolist())) if named is not None else []
    return Verdicts(
        labels, list(outcomes), len(sets), found, table, by_set, set_means, members,
        tuple(named.tolist()) if named is not None else (),
    )  # fmt: skip

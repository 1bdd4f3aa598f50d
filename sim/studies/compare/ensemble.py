"""Policies compared under parameter uncertainty: every variant on every plausible parameter set of a fit.

``cadre-sim compare baseline anji one_to_many team --ensemble calibration/fits/anji``

A fit folder's ``ensemble.csv`` holds the plausible parameter sets (``sim.studies.calibrate``);
its columns named ``section.key`` are parameters. Those are the county's assumptions (how fast
cadres learn, how willing veterans are ...), not policy: each set is applied to every variant,
except where a variant sets a parameter itself, to a value other than the calibrated one (to three
significant figures, since a scenario file carries the fitted values rounded): ``one_to_many``'s
four mentees a mentor are its policy and stay four. Within each set, replicate i of every variant
uses the same seed (common random numbers), so the paired differences pool over sets and seeds.

What it answers, per outcome with a direction: which variant is best over the sets (first in most
sets, as the sets rank the variants, not the best pooled mean: ``_by_sets``), in how many
sets a rival clearly beats it (the paired 95% interval over that set's replicates excludes zero:
a near tie within noise does not count as a flip), the verdict (robust: none; holds in most sets:
at most ``MOSTLY`` of them, about what chance alone gives over many sets and rivals; depends on
the parameters: more), and, where some do, which parameter separates those sets from the others
(the best one-threshold split of the sets by one parameter) and at which value. The report adds the spread of the runs (10% to 90%), not only the interval of the mean.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.output.names import direction
from sim.params.errors import ScenarioError
from sim.params.reading import exists, read_bytes
from sim.params.scenario import load_scenario
from sim.params.schema import Scenario, resolve_key
from sim.runs.verdicts import split
from sim.studies.compare.analysis import CompareResult, in_label_order, paired_in, run_compare
from sim.words import Book

__all__ = ["Ensemble", "EnsembleCompare", "EnsembleError", "load_ensemble", "robustness", "run_ensemble_compare"]

W = Book("compare")
EN = "en"  # errors in English for now
MOSTLY = 0.10  # a ranking some sets reverse, but at most this share of them, "holds in most sets"
SIGNIFICANT = 3  # a variant's value "is" the calibrated one when both agree to this many significant figures
MAX_BYTES = 50_000_000  # an ensemble.csv: at most this many bytes
MAX_COLUMNS = 1_000  # cells in a line of ensemble.csv: more than a fit's columns (parameters, wave, point, scores)
MAX_CELLS = 5_000_000  # cells in ensemble.csv (500,000 sets of 10 columns): counted before pandas reads it
MAX_SETS = 10_000  # sets used at a time (as --sets allows): a larger ensemble needs --sets
MAX_RUNS = 2_000_000  # runs a comparison over an ensemble may start (the sweep's limit)


class EnsembleError(ValueError):
    """A fit folder that cannot serve as an ensemble (one line, naming the folder)."""


@dataclass(frozen=True)
class Ensemble:
    """The plausible parameter sets of a fit, and the calibrated scenario they belong to."""

    folder: Path
    members: pd.DataFrame  # one row per plausible set: one column per parameter
    parameters: list[str]  # section.key of each parameter column
    calibrated: Scenario
    structures: tuple[str, ...] = ()  # each set's structure (the table's `structure` column; empty without one)


def load_ensemble(folder: str | Path, limit: int | None = None) -> Ensemble:
    """Read ``FOLDER/ensemble.csv`` and ``FOLDER/scenario.toml``; at most ``limit`` sets (the best first).

    Raises:
        EnsembleError: a missing or unreadable file, no parameter columns, no sets, bad values.
    """
    folder = Path(folder)
    table_path, scenario_path = folder / "ensemble.csv", folder / "scenario.toml"
    for p in (table_path, scenario_path):
        if not exists(p):
            raise EnsembleError(W("not_a_fit", EN, folder=folder, file=p.name))
    raw = read_bytes(table_path, "ensemble", EnsembleError, limit=MAX_BYTES)
    _check_shape(raw, table_path)
    try:
        table = pd.read_csv(io.BytesIO(raw))
    except (OSError, ValueError, UnicodeDecodeError) as e:
        raise EnsembleError(
            W("unreadable_sets", EN, file=table_path, error=str(e).splitlines()[0] if str(e) else e)
        ) from None
    parameters = []
    for column in table.columns:
        if "." not in str(column):
            continue
        try:
            parameters.append("{}.{}".format(*resolve_key(str(column))))
        except ScenarioError:
            raise EnsembleError(W("not_a_parameter", EN, file=table_path, column=repr(column))) from None
    if not parameters:
        raise EnsembleError(W("no_parameters", EN, file=table_path))
    table = table.rename(
        columns={c: p for c, p in zip([c for c in table.columns if "." in str(c)], parameters, strict=True)}
    )
    if len(set(parameters)) < len(parameters):
        twice = sorted({p for p in parameters if parameters.count(p) > 1})
        raise EnsembleError(W("column_twice", EN, file=table_path, column=", ".join(twice)))
    try:
        calibrated = load_scenario(scenario_path)
    except ScenarioError as e:
        raise EnsembleError(str(e)) from None
    numeric = [p for p in parameters if not isinstance(_get(calibrated, p), (str, bool))]  # not a structure's choice
    for order in ("implausibility", "score", *numeric):  # each a number; a set's values finite
        if order in table.columns:
            table[order] = _numbers(table[order], table_path, order, finite=order in parameters)
    for order in ("implausibility", "score"):  # history matching's sets, or a point fit's trials
        if order in table.columns:
            table = table.sort_values(order, kind="stable")
            break
    members = table[parameters].dropna()
    if limit is None and len(members) > MAX_SETS:
        raise EnsembleError(W("too_many_sets", EN, file=table_path, n=f"{len(members):,}", most=f"{MAX_SETS:,}"))
    members = members if limit is None else members.head(limit)
    structures = tuple(str(s) for s in table.loc[members.index, "structure"]) if "structure" in table.columns else ()
    members = members.reset_index(drop=True)
    if members.empty:
        raise EnsembleError(W("no_complete_set", EN, file=table_path))
    try:
        for _, row in members.iterrows():  # every set must make a valid scenario
            calibrated.with_overrides(set_values(calibrated, row), source=str(table_path))
    except ScenarioError as e:
        raise EnsembleError(str(e)) from None
    return Ensemble(folder, members, parameters, calibrated, structures)


def _check_shape(raw: bytes, path: Path) -> None:
    """Refuse a table with a line of more than ``MAX_COLUMNS`` cells or more than ``MAX_CELLS`` cells in all.

    Counted on the bytes (a quoted comma too: never fewer cells than pandas would make), before pandas
    reads the table: a line of 80,000 cells took pandas minutes and all the memory.
    """
    cells = 0
    for number, line in enumerate(raw.splitlines(), start=1):
        width = line.count(b",") + 1
        if width > MAX_COLUMNS:
            raise EnsembleError(
                W("too_many_columns", EN, file=path, line=number, n=f"{width:,}", most=f"{MAX_COLUMNS:,}")
            )
        cells += width
    if cells > MAX_CELLS:
        raise EnsembleError(W("too_many_cells", EN, file=path, n=f"{cells:,}", most=f"{MAX_CELLS:,}"))


def _numbers(column: pd.Series, path: Path, name: str, finite: bool) -> pd.Series:
    """``column`` as numbers; a word (or, ``finite``, an infinite value: ``inf``, ``1e400``) is one line naming it."""
    values = pd.to_numeric(column, errors="coerce")
    bad = values.isna() & column.notna()
    if finite:
        bad |= ~np.isfinite(values.fillna(0.0).astype("float64"))
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise EnsembleError(
            W("not_a_number", EN, file=path, column=name, row=row + 2, value=repr(str(column.iloc[row]))[:60])
        )
    return values.astype("float64")


def check_runs(sets: int, variants: int, replicates: int) -> int:
    """The runs an ensemble comparison would start (sets x variants x replicates); refuse more than ``MAX_RUNS``.

    Raises:
        EnsembleError: too many runs (the count and the limit), before any run.
    """
    runs = sets * variants * replicates
    if runs > MAX_RUNS:
        raise EnsembleError(
            W("too_many_ensemble_runs", EN, sets=f"{sets:,}", variants=variants, r=replicates, runs=f"{runs:,}",
              most=f"{MAX_RUNS:,}")
        )  # fmt: skip
    return runs


def _get(scenario: Scenario, key: str) -> Any:
    section, name = key.split(".", 1)
    return getattr(getattr(scenario, section), name)


def set_values(calibrated: Scenario, row: pd.Series) -> dict[str, Any]:
    """A set's values, typed like the scenario's own (integers stay integers; a structure's choice stays a word)."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        current = _get(calibrated, str(key))
        if isinstance(current, bool):
            out[str(key)] = value if isinstance(value, bool) else str(value).strip().lower() in ("true", "1")
            continue
        if isinstance(current, str):
            out[str(key)] = str(value)
            continue
        out[str(key)] = (
            int(round(float(value))) if isinstance(current, int) and not isinstance(current, bool) else float(value)
        )
    return out


def same_value(a: Any, b: Any) -> bool:
    """Equal, or equal to ``SIGNIFICANT`` significant figures (a fitted value rounded in a file)."""
    if isinstance(a, bool) or isinstance(b, bool) or not isinstance(a, (int, float)) or not isinstance(b, (int, float)):
        return type(a) is type(b) and a == b
    return f"{float(a):.{SIGNIFICANT}g}" == f"{float(b):.{SIGNIFICANT}g}"


@dataclass(frozen=True)
class EnsembleCompare:
    """A comparison pooled over the plausible sets, with what each set gave."""

    pooled: CompareResult  # runs of every set; replicate = set x replicates + replicate
    members: pd.DataFrame  # the sets that ran (parameter columns)
    by_member: pd.DataFrame  # set, variant, outcome: the mean over the set's replicates
    applied: dict[str, list[str]]  # variant -> the parameters it takes from each set
    kept: dict[str, list[str]]  # variant -> the parameters it sets itself (its policy)
    replicates: int
    folder: Path
    structures: tuple[str, ...] = ()  # each set's structure (empty: none named)


def run_ensemble_compare(
    variants: list[Scenario],
    labels: list[str],
    ensemble: Ensemble,
    *,
    replicates: int,
    seed: int,
    **execution: Any,
) -> EnsembleCompare:
    """Every variant on every set, ``replicates`` seeds each (the same seeds in every set and variant).

    ``execution``: ``workers``, ``scheduler``, ``progress``, ``console`` as for ``run_compare``.
    """
    applied = {
        lab: [k for k in ensemble.parameters if same_value(_get(v, k), _get(ensemble.calibrated, k))]
        for v, lab in zip(variants, labels, strict=True)
    }
    kept = {lab: [k for k in ensemble.parameters if k not in applied[lab]] for lab in labels}
    flat, flat_labels = [], []
    for m, row in ensemble.members.iterrows():
        values = set_values(ensemble.calibrated, row)
        for v, lab in zip(variants, labels, strict=True):
            flat.append(v.with_overrides({k: values[k] for k in applied[lab]}, source=f"{ensemble.folder} set {m}"))
            flat_labels.append(f"{lab}@{m}")
    res = run_compare(flat, flat_labels, replicates=replicates, seed=seed, **execution)
    pooled = _pooled(res, labels, len(ensemble.members), replicates)
    ok = pooled.runs[pooled.runs["status"] == "ok"]
    by_member = ok.groupby(["member", "variant"], sort=False)[res.outcomes].mean().reset_index()
    return EnsembleCompare(
        pooled, ensemble.members, by_member, applied, kept, replicates, ensemble.folder, ensemble.structures
    )


def _pooled(res: CompareResult, labels: list[str], n_sets: int, replicates: int) -> CompareResult:
    """The runs of ``label@set`` variants as one comparison of ``labels``: replicate = set x replicates + replicate."""
    runs = res.runs.copy()
    split = runs["variant"].str.rsplit("@", n=1, expand=True)
    runs["variant"], runs["member"] = split[0], split[1].astype(int)
    runs["replicate"] = runs["member"] * replicates + runs["replicate"]
    series = {lab: [s for m in range(n_sets) for s in res.series[f"{lab}@{m}"]] for lab in labels}
    seeds = [s for _ in range(n_sets) for s in res.seeds]
    return CompareResult(
        labels, seeds, in_label_order(runs, labels), series, res.failures, res.outcomes, res.root_seed, res.seconds
    )


def _clearly_ahead(runs: pd.DataFrame, a: str, b: str, o: str, way: int) -> pd.Series:
    """Per set: +1 where ``a`` is clearly better than ``b`` on ``o``, -1 where clearly worse, 0 where unclear.

    Clearly: the 95% interval of the paired difference over the set's replicates excludes zero.
    """
    out = {}
    for m, g in runs.groupby("member", sort=True):
        d = paired_in(g, b, a, o)  # a minus b
        out[m] = 0 if not d.significant else int(np.sign(way * d.mean))
    return pd.Series(out)


def robustness(ens: EnsembleCompare) -> pd.DataFrame:
    """Per outcome with a direction: the best variant, in how many sets a rival clearly beats it, what flips it.

    The best variant is the one the sets rank first most often (``_by_sets``). A set reverses it when some rival is clearly
    better in that set (paired 95% interval over the set's replicates); a set where the two are
    within noise does not count against it. Where sets reverse it, the parameter whose one best
    threshold separates the reversing sets from the others is named, with the value.
    """
    runs = ens.pooled.runs[ens.pooled.runs["status"] == "ok"]
    rows = []
    for o in ens.pooled.outcomes:
        values = runs[o].dropna()
        if direction(o) == 0 or len(ens.pooled.labels) < 2 or values.empty or values.nunique() == 1:
            continue
        row = _ranking(ens, runs, o)
        if row is not None:
            reversed_share = row["reversed_in_sets"] / row["sets"]
            row["verdict"] = "robust" if reversed_share == 0 else "mostly" if reversed_share <= MOSTLY else "depends"
            rows.append(row)
    return pd.DataFrame(rows)


def _ranking(ens: EnsembleCompare, runs: pd.DataFrame, o: str) -> dict[str, Any] | None:
    """The row of ``robustness`` for outcome ``o`` (without the verdict); None when fewer than two variants rank."""
    way = direction(o)
    table = ens.by_member.pivot(index="member", columns="variant", values=o).reindex(columns=ens.pooled.labels)
    score = way * table  # higher is better
    overall = _by_sets(score)
    if len(overall) < 2:
        return None
    best = str(overall.index[0])
    ahead = {w: _clearly_ahead(runs, best, w, o, way) for w in overall.index[1:]}
    reversed_by = pd.Series("", index=table.index)
    for w, flags in ahead.items():  # the rival that beats it by most where several do
        reversed_by[(flags < 0) & (reversed_by == "")] = w
    rank_key = score.apply(lambda r: tuple(r.dropna().sort_values(ascending=False).index), axis=1)
    usual = rank_key.mode().iloc[0]
    row: dict[str, Any] = {
        "outcome": o,
        "best": best,
        "runner_up": str(overall.index[1]),
        "sets": len(ens.members),
        "reversed_in_sets": int((reversed_by != "").sum()),
        "clearly_best_in_sets": int((pd.concat(ahead.values(), axis=1).min(axis=1) > 0).sum()),
        "ranking": " > ".join(usual),
        "ranking_in_sets": int((rank_key == usual).sum()),
        "rival": "",
        "flip_parameter": "",
        "flip_at": math.nan,
        "rival_wins_above": None,
        "split_accuracy": math.nan,
    }
    if (reversed_by != "").any():
        row["rival"] = str(reversed_by[reversed_by != ""].mode().iloc[0])
        row.update(_flip(ens.members.loc[table.index], (reversed_by != "").to_numpy()))
    return row


def _by_sets(score: pd.DataFrame) -> pd.Series:
    """The variants as the sets rank them (higher ``score`` better): first in most sets, then by mean rank, then mean.

    The pooled mean alone can crown a variant far ahead in one set and behind in every other.
    """
    score = score.dropna(axis=1, how="all")
    if score.empty:
        return pd.Series(dtype=float)
    ranks = score.rank(axis=1, ascending=False, method="min")
    first = (ranks == 1).sum()
    key = pd.DataFrame({"first": first, "rank": -ranks.mean(), "mean": score.mean()})
    order = key.sort_values(["first", "rank", "mean"], ascending=False).index
    return score.mean()[order]


def _flip(members: pd.DataFrame, reversed_in: np.ndarray) -> dict[str, Any]:
    """The parameter whose one threshold best separates the sets that reverse the ranking, if one does better than none."""
    found = []
    for p in members.columns:
        if not pd.api.types.is_numeric_dtype(members[p]) or pd.api.types.is_bool_dtype(members[p]):
            continue  # a structure's choice (growth.law): no threshold to name
        x = members[p].to_numpy(dtype=float)
        if np.ptp(x) > 0:
            at, acc, up = split(x, reversed_in)
            found.append((acc, p, at, up))
    if not found:
        return {}
    acc, p, at, up = max(found, key=lambda f: f[0])
    if at != at:  # nan: no threshold on any parameter does better than no split
        return {}
    return {"flip_parameter": p, "flip_at": at, "rival_wins_above": up, "split_accuracy": acc}

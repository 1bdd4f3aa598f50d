"""Join the plausible sets of several fits into one ensemble: `python scripts/join_ensembles.py OUT FIT[:S1,S2][@N] ...`.

Structures fitted apart (a structural fit, and a structure fitted on its own with other priors, as
calibration/fits/anji and calibration/fits/anji_pool_bar) are compared under one ensemble by
`compare --ensemble OUT` and `optimise --ensemble OUT`. Each fit's rows are kept (only the named
structures when ``:S1,S2`` follows the folder, only its N best sets with ``@N``, so that a fit with many
point-fit trials does not outweigh the others); a column one fit lacks is filled, row by row, with the
value of that fit's own calibrated scenario, so every set runs exactly as in its own fit. The fits must
agree on every value outside their columns (the same county, the same fixed settings), else nothing is
written. OUT gets ensemble.csv (a `fit` column names each row's source; no score: scores of different
fits do not rank together, so the rows keep the fits' order) and the first fit's scenario.toml.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim.files import CSV_ENCODING, atomic_write, atomic_write_bytes  # noqa: E402
from sim.params.scenario import load_scenario  # noqa: E402
from sim.studies.compare.ensemble import load_ensemble  # noqa: E402


def flat(values: dict, prefix: str = "") -> dict[str, object]:
    """A scenario's values as ``section.key`` -> value."""
    out: dict[str, object] = {}
    for key, value in values.items():
        name = f"{prefix}{key}"
        out.update(flat(value, f"{name}.") if isinstance(value, dict) else {name: value})
    return out


def main(argv: list[str]) -> int:
    """Write OUT/ensemble.csv and OUT/scenario.toml from the fits named."""
    if len(argv) < 3:
        print(__doc__.splitlines()[0])
        return 2
    out, specs = Path(argv[0]), argv[1:]
    parts, bases, columns = [], [], []
    for spec in specs:
        spec, _, most = spec.partition("@")
        folder, _, chosen = spec.partition(":")
        ensemble = load_ensemble(folder)
        table = ensemble.members.copy()
        table.insert(0, "structure", list(ensemble.structures) if ensemble.structures else "")
        if chosen:
            table = table[table["structure"].isin(chosen.split(","))]
        if most:
            table = table.head(int(most))
        table.insert(0, "fit", folder)
        parts.append(table)
        bases.append(flat(load_scenario(Path(folder) / "scenario.toml").model_dump(mode="json")))
        columns += [c for c in ensemble.parameters if c not in columns]
    skip = {"run.description", "run.description_zh", "run.name"}
    for base, spec in zip(bases[1:], specs[1:], strict=True):
        differ = sorted(k for k in base if k not in columns and k not in skip and base[k] != bases[0].get(k))
        if differ:
            print(
                f"{spec}: differs from {specs[0]} outside the ensemble's columns: {', '.join(differ)}; nothing written"
            )
            return 1
    rows = []
    for table, base in zip(parts, bases, strict=True):
        for column in columns:
            if column not in table.columns:
                table[column] = base[column]
        rows.append(table[["fit", "structure", *columns]])
    joined = pd.concat(rows, ignore_index=True)
    out.mkdir(parents=True, exist_ok=True)
    atomic_write(out / "ensemble.csv", lambda tmp: joined.to_csv(tmp, index=False, encoding=CSV_ENCODING))
    atomic_write_bytes(
        out / "scenario.toml", (Path(specs[0].partition("@")[0].partition(":")[0]) / "scenario.toml").read_bytes()
    )
    counts = joined.groupby("structure").size()
    print(f"{out / 'ensemble.csv'}: {len(joined)} sets: " + ", ".join(f"{s} {n}" for s, n in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

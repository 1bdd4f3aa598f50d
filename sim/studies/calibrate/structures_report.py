"""The folder of a structural fit: every structure's fit, which the reports rule out, the ensemble, the effects.

    FIT/
        fit.json, .lock       as any fit folder (``folder``)
        structures/<name>/    each structure's own fit folder (``report.write_fit``)
        structures.csv        per structure: its settings, ruled out or not, plausible sets, targets met, each
                              target's model mean after the fit (fresh seeds)
        effects.csv           per structure: the effect of mentoring and what a stop leaves (``effects``)
        ensemble.csv          the (structure, parameter set) pairs not ruled out, for ``compare --ensemble``
        scenario.toml         the first structure not ruled out, as fitted
        report.md             all of it in words

Each file is written under a temporary name and renamed, so a file is whole or absent.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import tomli_w

from sim.output.numbers import number
from sim.output.study_files import write_csv, write_text
from sim.studies.calibrate.report import write_fit
from sim.studies.calibrate.structures import StructuralFit, StructureFit
from sim.words import Book

__all__ = ["structures_table", "write_structural_fit"]

W = Book("calibrate")


def _settings(f: StructureFit) -> str:
    return ", ".join(f"{k} = {v}" for k, v in f.structure.settings.items()) or "-"


def structures_table(result: StructuralFit) -> pd.DataFrame:
    """One row per structure: settings, ruled out, plausible sets, targets met, each target's mean after the fit."""
    rows = []
    for f in result.fits:
        check = f.fit.check
        row = {
            "structure": f.structure.name, "settings": _settings(f), "ruled_out": f.ruled_out,
            "plausible_sets": 0 if f.ruled_out else len(f.fit.plausible), "best_score": float(f.fit.trials.score.min()),
            "targets_met": int(check.after_within_10pct.sum()), "targets": len(check),
        }  # fmt: skip
        row.update({str(t): float(m) for t, m in zip(check.target, check.after_mean, strict=True)})
        rows.append(row)
    return pd.DataFrame(rows)


def effects_table(result: StructuralFit) -> pd.DataFrame:
    """Every structure's effect rows, with the structure's name first."""
    frames = [f.effect.table.assign(structure=f.structure.name) for f in result.fits]
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return table[["structure", *[c for c in table.columns if c != "structure"]]] if len(table) else table


def _signed(x: float, digits: int) -> str:
    return ("+" if x > 0 else "") + number(x, digits)


def _diff(row: pd.Series, lang: str) -> str:
    digits = 3 if abs(float(row["without"])) < 10 else 0
    if not math.isfinite(float(row["difference"])):
        return number(math.nan, lang=lang)
    return W("effect_interval", lang, d=_signed(row["difference"], digits), low=_signed(row["low"], digits),
             high=_signed(row["high"], digits))  # fmt: skip


def _structure_lines(result: StructuralFit, lang: str) -> list[str]:
    lines = [W("h_structures", lang), "", W("structures_head", lang), "|---|---|---|---|---|"]
    for f in result.fits:
        searched = len(f.fit.history.points) if f.fit.history is not None else 0
        verdict = W("ruled_out" if f.ruled_out else "standing", lang, trials=len(f.fit.trials), points=searched)
        sets = 0 if f.ruled_out else len(f.fit.plausible)
        met = f"{int(f.fit.check.after_within_10pct.sum())} / {len(f.fit.check)}"
        lines.append(f"| `{f.structure.name}` | {f.structure.description} | {verdict} | {sets} | {met} |")
    return lines


def _effect_lines(result: StructuralFit, lang: str) -> list[str]:
    effects = effects_table(result)
    if effects.empty:
        return []
    names = list(dict.fromkeys(effects.outcome))
    lines = [W("h_effects", lang), "", W("effects_intro", lang, n=result.fits[0].effect.replicates,
                                        stop=result.fits[0].effect.stop or "-"), ""]  # fmt: skip
    lines += ["| " + " | ".join([W("structure_col", lang), *[f"`{n}`" for n in names]]) + " |"]
    lines += ["|" + "---|" * (len(names) + 1)]
    for f in result.fits:
        t = f.effect.table.set_index("outcome")
        cells = [_diff(t.loc[n], lang) if n in t.index else "-" for n in names]
        lines.append("| " + " | ".join([f"`{f.structure.name}`", *cells]) + " |")
    return lines


def write_structural_fit(result: StructuralFit, lang: str = "en") -> Path:
    """Write each structure's fit folder and the structural fit's products; returns the report's path."""
    folder = result.folder
    for f in result.fits:
        write_fit(f.fit, lang)
    write_csv(folder / "structures.csv", structures_table(result))
    write_csv(folder / "effects.csv", effects_table(result))
    standing = result.standing
    if standing:
        write_csv(folder / "ensemble.csv", result.ensemble)
        write_text(
            folder / "scenario.toml", W("scenario_head", lang) + "\n\n" + tomli_w.dumps(standing[0].fit.scenario)
        )
    names = ", ".join(f"`{f.structure.name}`" for f in standing)
    lines = [
        W("structures_title", lang, n=len(result.fits)),
        "",
        W("structures_standing", lang, n=len(standing), names=names or "-", sets=len(result.ensemble))
        if standing else W("structures_none_standing", lang),
        "",
        *_structure_lines(result, lang),
        "",
        *_effect_lines(result, lang),
        "",
        W("structures_closing", lang),
        "",
    ]  # fmt: skip
    report = folder / "report.md"
    write_text(report, "\n".join(lines))
    return report

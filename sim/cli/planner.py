"""The planner's scenario tools: `cadre-sim params` (every parameter described) and `cadre-sim new`.

`params` prints one block per parameter (its meaning, default, allowed values, unit and source),
wrapped to the terminal and never cut, or exports them as Markdown or CSV; `new` writes a
commented starting scenario for one's own county. Both in Chinese by default, `--lang en` for
English.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from sim.cli.app import app
from sim.terminal import check_lang, fail, out, say

FORMATS = ("text", "md", "csv")
INDENT = 4  # a parameter's lines under its name


@app.command()
def params(
    which: Annotated[
        str | None, typer.Argument(help="a section (pairing) or a parameter (pairing.form, form); default: all")
    ] = None,
    format_: Annotated[str, typer.Option("--format", "-f", help="text (the terminal), md or csv")] = "text",
    out_file: Annotated[
        Path | None, typer.Option("--out", "-o", help="write the md or csv to this file (never over a file)")
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="language: zh (中文) or en")] = "zh",
) -> None:
    """Describe every scenario parameter: meaning, default, allowed values (or choices), unit, source."""
    from sim.params.describe import HEADERS, SECTION_TITLES, csv_text, described, markdown
    from sim.params.schema import parameter_table

    check_lang(lang)
    if format_ not in FORMATS:
        fail(f"--format {format_!r}: one of {', '.join(FORMATS)}")
    if format_ != "text":
        if which is not None:
            fail("--format md and csv export every parameter; leave out the section or parameter")
        text = markdown(lang) if format_ == "md" else csv_text(lang)
        if out_file is None:
            out.file.write(text)
            return
        if out_file.exists():
            fail(f"{out_file} already exists; choose another --out")
        try:  # a BOM so that Excel opens the Chinese of a CSV as UTF-8
            out_file.write_text(text, encoding="utf-8-sig" if format_ == "csv" else "utf-8")
        except OSError as e:
            fail(f"cannot write {out_file}: {e.strerror or e}")
        say(out, f"written: {out_file}")
        return
    rows = described(lang)
    if which is not None:
        rows = [
            r
            for r in rows
            if which in (r["parameter"], r["parameter"].split(".", 1)[0], r["parameter"].split(".", 1)[1])
        ]
        if not rows:
            fail(f"{which!r}: no such section or parameter (sections: {', '.join(SECTION_TITLES)})")
    k = 0 if lang == "zh" else 1
    names = {key: label[k] for key, label in HEADERS.items()}
    choices = {row["parameter"]: row["choice_labels"] for row in parameter_table()}
    section = ""
    for r in rows:
        if r["parameter"].split(".", 1)[0] != section:
            section = r["parameter"].split(".", 1)[0]
            out.print(Text(f"\n[{section}] {SECTION_TITLES[section][k]}", style="bold"))
        body = Text(r["meaning"] + "\n")
        for key in ("default", "allowed", "unit", "source"):
            body.append(f"{names[key]}: ", style="dim")
            if key == "allowed" and choices[r["parameter"]]:  # one choice a line: codes are never split
                body.append("".join(f"\n  {code}  {labels[k]}" for code, labels in choices[r["parameter"]].items()))
            else:
                body.append(r[key])
            body.append("\n" if key != "source" else "")
        out.print(Text(r["parameter"], style="bold cyan"))
        for line in body.wrap(out, max(20, out.width - INDENT)):  # wrapped at words, never cut
            line.rstrip()
            out.print(Text(" " * INDENT) + line, soft_wrap=True)


@app.command()
def new(
    name: Annotated[str, typer.Argument(help="the scenario's name: its file is NAME.toml")],
    from_: Annotated[
        str | None,
        typer.Option("--from", help="start from this scenario's values (a bundled name such as anji, or a file)"),
    ] = None,
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="folder to write NAME.toml in")] = Path("."),
    lang: Annotated[str, typer.Option("--lang", help="language of the comments: zh (中文) or en")] = "zh",
) -> None:
    """Write a commented starting scenario NAME.toml (every parameter, with its meaning, range and default)."""
    from sim.params.errors import ScenarioError
    from sim.params.scenario import load_scenario
    from sim.params.schema import Scenario
    from sim.params.template import new_scenario

    check_lang(lang)
    try:
        scenario = load_scenario(from_) if from_ else Scenario()
        based = Path(from_).stem if from_ else ""
        path = new_scenario(name, out_dir, scenario, based, lang)
    except (ScenarioError, FileExistsError) as e:
        fail(str(e))
    except OSError as e:
        fail(f"cannot write in {out_dir}: {e.strerror or e}")
    if lang == "zh":
        say(out, f"已写出 {path}：修改后用 `cadre-sim validate {path}` 检查，用 `cadre-sim run {path}` 运行。")
    else:
        say(
            out,
            f"written {path}: edit it, check it with `cadre-sim validate {path}`, run it with `cadre-sim run {path}`.",
        )

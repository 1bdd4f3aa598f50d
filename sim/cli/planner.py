"""The planner's scenario tools: `cadre-sim params` (every parameter described) and `cadre-sim new`.

`params` prints one block per parameter (its meaning, default, allowed values, unit and source),
wrapped to the terminal and never cut, or exports them as Markdown or CSV; `new` writes a
commented starting scenario for one's own county: from its roster what the roster shows, from the
options (or, at a terminal, the answers) what it cannot, every value marked with its origin
(``sim.params.county``, ``sim.params.origins``). Both in Chinese by default, `--lang en` for
English.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from sim.cli.app import app
from sim.cli.language import HELP_LANG
from sim.cli.options import Lang
from sim.terminal import check_lang, err, fail, out, say
from sim.words import Book, pick, text

_help = Book("cli")  # --help (in English for now), errors and the lines these commands print
_planner = Book("planner")  # new's own options, questions and lines

FORMATS = ("text", "md", "csv")
INDENT = 4  # a parameter's lines under its name


@app.command(help=_help("params_help", HELP_LANG))
def params(
    which: Annotated[str | None, typer.Argument(help=_help("params_which", HELP_LANG))] = None,
    format_: Annotated[str, typer.Option("--format", "-f", help=_help("params_format", HELP_LANG))] = "text",
    out_file: Annotated[Path | None, typer.Option("--out", "-o", help=_help("params_out", HELP_LANG))] = None,
    lang: Lang = "zh",
) -> None:
    """Describe every scenario parameter: meaning, default, allowed values (or choices), unit, source."""
    from sim.params.describe import csv_text, described, header, section_title
    from sim.params.schema import SECTIONS, parameter_table

    check_lang(lang)
    if format_ not in FORMATS:
        fail(_help("params_bad_format", lang, format=repr(format_), formats=", ".join(FORMATS)))
    if out_file is not None and format_ == "text":  # a file is md or csv: its name says which, else refused
        format_ = {".md": "md", ".csv": "csv"}.get(out_file.suffix.lower(), "")
        if not format_:
            fail(_help("params_out_format", lang, file=out_file))
    if format_ != "text":
        if which is not None:
            fail(_help("params_export_all", lang))
        text = _markdown(lang) if format_ == "md" else csv_text(lang)
        if out_file is None:
            out.file.write(text)
            return
        try:  # a BOM so that Excel opens the Chinese of a CSV as UTF-8; "x": never over a file
            with open(out_file, "x", encoding="utf-8-sig" if format_ == "csv" else "utf-8") as fh:
                fh.write(text)
        except FileExistsError:
            fail(_help("params_exists", lang, file=out_file))
        except OSError as e:
            fail(_help("params_cannot_write", lang, file=out_file, reason=e.strerror or e))
        say(out, _help("params_written", lang, file=out_file))
        return
    rows = described(lang)
    if which is not None:
        rows = [
            r
            for r in rows
            if which in (r["parameter"], r["parameter"].split(".", 1)[0], r["parameter"].split(".", 1)[1])
        ]
        if not rows:
            fail(_help("params_unknown", lang, which=which, sections=", ".join(SECTIONS)))
    choices = {row["parameter"]: row["choice_labels"] for row in parameter_table()}
    section = ""
    for r in rows:
        if r["parameter"].split(".", 1)[0] != section:
            section = r["parameter"].split(".", 1)[0]
            out.print(Text(f"\n[{section}] {section_title(section, lang)}", style="bold"))
        body = Text(r["meaning"] + "\n")
        for key in ("default", "allowed", "unit", "source"):
            body.append(f"{header(key, lang)}: ", style="dim")
            if key == "allowed" and choices[r["parameter"]]:  # one choice a line: codes are never split
                body.append(
                    "".join(f"\n  {code}  {pick(lang, *labels)}" for code, labels in choices[r["parameter"]].items())
                )
            else:
                body.append(r[key])
            body.append("\n" if key != "source" else "")
        out.print(Text(r["parameter"], style="bold cyan"))
        for line in body.wrap(out, max(20, out.width - INDENT)):  # wrapped at words, never cut
            line.rstrip()
            out.print(Text(" " * INDENT) + line, soft_wrap=True)


def _markdown(lang: str) -> str:
    """Every parameter as a Markdown table per section (``sim.output.table``)."""
    from sim.output.table import Column, Table
    from sim.params.describe import HEADERS, described, header, section_title
    from sim.params.schema import SECTIONS

    rows = described(lang)
    lines: list[str] = []
    for section in SECTIONS:
        title = f"[{section}] {section_title(section, lang)}"
        mine = [
            [f"`{r['parameter']}`", *(r[k] for k in HEADERS[1:])]
            for r in rows
            if r["parameter"].startswith(f"{section}.")
        ]
        lines += [f"## {title}", "", *Table(title, [Column(header(k, lang)) for k in HEADERS], mine).markdown(), ""]
    return "\n".join(lines)


@app.command(help=_help("new_help", HELP_LANG))
def new(
    name: Annotated[str, typer.Argument(help=_help("new_name", HELP_LANG))],
    from_: Annotated[str | None, typer.Option("--from", help=_help("new_from", HELP_LANG))] = None,
    roster: Annotated[Path | None, typer.Option(help=_planner("opt_roster", HELP_LANG))] = None,
    sheet: Annotated[str | None, typer.Option(help=text("roster.help_sheet", HELP_LANG))] = None,
    titles: Annotated[Path | None, typer.Option(help=text("roster.help_titles", HELP_LANG))] = None,
    start: Annotated[str | None, typer.Option(help=_planner("opt_start", HELP_LANG))] = None,
    years: Annotated[int | None, typer.Option(min=1, max=60, help=_planner("opt_years", HELP_LANG))] = None,
    village_youths: Annotated[int | None, typer.Option(min=0, help=_planner("opt_village_youths", HELP_LANG))] = None,
    pilot: Annotated[int | None, typer.Option(min=0, help=_planner("opt_pilot", HELP_LANG))] = None,
    posts: Annotated[int | None, typer.Option(min=0, help=_planner("opt_posts", HELP_LANG))] = None,
    out_dir: Annotated[Path, typer.Option("--out", "-o", help=_help("new_out", HELP_LANG))] = Path("."),
    lang: Lang = "zh",
) -> None:
    """Write a commented starting scenario NAME.toml: every value with its origin, the roster's values taken from it."""
    from sim.params.county import Answers, RosterPlace, county_setup
    from sim.params.describe import value_text
    from sim.params.errors import ScenarioError, said
    from sim.params.origins import file_origins, values_of
    from sim.params.scenario import load_scenario
    from sim.params.schema import Scenario
    from sim.params.template import new_scenario

    check_lang(lang)
    if sys.stdin.isatty() and sys.stdout.isatty():  # asked at a terminal; a script is never kept waiting
        start = start or _ask("ask_start", lang)
        village_youths = village_youths if village_youths is not None else _ask_number("ask_village_youths", lang)
        pilot = pilot if pilot is not None else _ask_number("ask_pilot", lang)
        posts = posts if posts is not None else _ask_number("ask_posts", lang)
    try:
        answers = Answers(_start(start, lang), years, village_youths, pilot, posts)
        base = load_scenario(from_) if from_ else Scenario()
        based = Path(from_).stem if from_ else ""
        origins = file_origins(from_, base) if from_ else None
        where = RosterPlace(str(roster), sheet, str(titles) if titles is not None else None, lang) if roster else None
        setup = county_setup(base, based, answers, where, base_origins=origins)
        path = new_scenario(name, out_dir, setup.scenario, based, lang, setup.origins, setup.shown)
    except (ScenarioError, FileExistsError) as e:
        fail(said(e, lang))
    except OSError as e:
        fail(_help("new_cannot_write", lang, folder=out_dir, reason=e.strerror or e))
    say(out, _help("new_written", lang, path=path))
    values = values_of(setup.scenario)
    assumed = [k for k in _TOLD if setup.origins[k].code in ("assumption", "anji", "scenario")]
    if assumed:  # what the planner should look at first: the values that make a county, not theirs
        say(out, _planner("told_head", lang))
    for key in assumed:
        origin = setup.origins[key].label(lang)
        say(out, _planner("told", lang, parameter=key, value=value_text(values[key]), origin=origin))


_TOLD = (  # the values that make a county: said after `new` when they are assumed or Anji's
    "run.start_year",
    "population.initial_cadres",
    "population.initial_pool_size",
    "flows.intake_per_year",
    "mentees.village_youth_per_year",
    "programme.pilot_townships",
    "establishment.posts",
    "careers.county_posts",
)


def _start(given: str | None, lang: str) -> tuple[int, int] | None:
    """``--start 2026-01`` (or ``2026``) as (year, month)."""
    from sim.params.errors import ScenarioError, in_both

    if not given:
        return None
    match = re.fullmatch(r"\s*(\d{4})(?:\s*[-/.]\s*(\d{1,2}))?\s*", given)
    if match is None or not 1 <= int(match.group(2) or 1) <= 12:
        zh, en = (_planner("bad_start", k, given=given) for k in ("zh", "en"))
        raise in_both(ScenarioError(en), zh, en)
    return int(match.group(1)), int(match.group(2) or 1)


def _ask(key: str, lang: str) -> str | None:
    """A question at the terminal; Enter: none (the default, marked as an assumption)."""
    answer = typer.prompt(_planner(key, lang), default="", show_default=False)
    return answer.strip() or None


def _ask_number(key: str, lang: str) -> int | None:
    """A whole number asked at the terminal, asked again until it is one; Enter: none."""
    while True:
        answer = _ask(key, lang)
        if answer is None or answer.isdigit():
            return int(answer) if answer else None
        say(err, _planner("ask_again", lang))

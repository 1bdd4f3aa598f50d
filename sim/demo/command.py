"""The workshop's commands: `cadre-sim demo` (the browser page), `lineage` and `animate` (pictures of a run).

Plain functions, registered on the application in ``sim/cli/app.py`` with their ``--help`` from the
catalogue (``sim/words/cli_workshop.toml``, shown in English for now, as are the terminal lines).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sim.cli.language import HELP_LANG
from sim.cli.options import Lang
from sim.terminal import check_lang, fail
from sim.words import Book

W = Book("cli_workshop")
ResultsDir = Annotated[Path, typer.Argument(help=W("results_help", HELP_LANG))]


def demo(
    scenario: Annotated[str | None, typer.Argument(help=W("scenario_help", HELP_LANG))] = None,
    lang: Annotated[str, typer.Option("--lang", help=W("demo_lang_help", HELP_LANG))] = "zh",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help=W("port_help", HELP_LANG))] = 8765,
    host: Annotated[str, typer.Option("--host", help=W("host_help", HELP_LANG))] = "127.0.0.1",
    open_browser: Annotated[bool, typer.Option("--open/--no-open", help=W("open_help", HELP_LANG))] = True,
) -> None:
    """Start the browser demo offline and print its address."""
    from sim.demo.assets import OfflineAssetsError
    from sim.demo.server import serve, server_env
    from sim.params.errors import ScenarioError
    from sim.params.scenario import load_scenario

    check_lang(lang)
    if scenario:
        try:
            load_scenario(scenario)  # fail fast on a bad file
        except ScenarioError as e:
            fail(str(e))
    try:
        env = server_env(scenario, lang)
    except OfflineAssetsError as e:
        fail(str(e))
    code = serve(env, port, host, open_browser, on_ready=lambda url: typer.echo(W("running", lang, url=url)))
    if code not in (0, None, -15):
        raise typer.Exit(code)


def lineage(
    results_dir: ResultsDir,
    out_path: Annotated[Path | None, typer.Option("--out", help=W("lineage_out_help", HELP_LANG))] = None,
    show_all: Annotated[bool, typer.Option("--all", help=W("all_help", HELP_LANG))] = False,
    lang: Lang = "zh",
) -> None:
    """Draw who taught whom on 1920x1080 pages, PNG and SVG."""
    from sim.output.lineage import draw_lineage

    check_lang(lang)
    try:
        paths = draw_lineage(results_dir, out_path, show_all=show_all, lang=_picture_lang(lang))
    except (OSError, ValueError, KeyError) as e:  # missing or damaged files of the results folder
        fail(W("no_lineage", lang, folder=results_dir, error=e))
    for p in paths:
        typer.echo(str(p))


def animate(
    results_dir: ResultsDir,
    out_path: Annotated[Path | None, typer.Option("--out", help=W("gif_out_help", HELP_LANG))] = None,
    lang: Lang = "zh",
    seconds_per_year: Annotated[
        float, typer.Option("--seconds-per-year", min=0.05, max=60, help=W("seconds_help", HELP_LANG))
    ] = 0.8,
) -> None:
    """Write a 1920x1080 GIF of the mentoring network at the end of each simulated year."""
    from sim.output.animation import animate as write_gif

    check_lang(lang)
    try:
        path = write_gif(results_dir, out_path, lang=_picture_lang(lang), seconds_per_year=seconds_per_year)
    except (OSError, ValueError, KeyError) as e:  # missing or damaged files of the results folder
        fail(W("no_animation", lang, folder=results_dir, error=e))
    typer.echo(str(path))


def _picture_lang(lang: str) -> str:
    """The language of the pictures: Chinese needs a CJK font, else one plain note and English."""
    from sim.output.plotting import NO_FONT_NOTICE, chinese_font

    if lang == "zh" and chinese_font() is None:
        typer.echo(W("note", "en", notice=NO_FONT_NOTICE), err=True)
        return "en"
    return lang


#: each command's --help (the catalogue's), for its registration on the application
HELP = {
    "demo": W("demo_help", HELP_LANG),
    "lineage": W("lineage_help", HELP_LANG),
    "animate": W("animate_help", HELP_LANG),
}

"""The workshop: `cadre-sim demo` (the browser page), `lineage` and `animate` (pictures of a run)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sim.cli.app import app
from sim.terminal import check_lang, fail


@app.command()
def demo(
    scenario: Annotated[
        str | None, typer.Argument(help="Scenario file or bundled name (default: built-in demo settings, 500 cadres)")
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="Label language: zh (中文) or en; switchable in the page")] = "zh",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port on localhost (0 = any free port)")] = 8765,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (0.0.0.0 to show it to the room's network)")
    ] = "127.0.0.1",
    open_browser: Annotated[bool, typer.Option("--open/--no-open", help="Open the page in the default browser")] = True,
) -> None:
    """Start the browser demo (a Solara page on the Mesa model) offline and print its address."""
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
    code = serve(env, port, host, open_browser, on_ready=typer.echo)
    if code not in (0, None, -15):
        raise typer.Exit(code)


@app.command()
def lineage(
    results_dir: Annotated[Path, typer.Argument(help="A results folder written by `cadre-sim run`")],
    out_path: Annotated[
        Path | None, typer.Option("--out", help="Output path without extension (default RESULTS_DIR/lineage)")
    ] = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="Show every mentee, not only those who became mentors")
    ] = False,
    lang: Annotated[str, typer.Option("--lang", help="Label language: zh or en")] = "zh",
) -> None:
    """Draw who taught whom (founders on top, one layer per generation) on 1920x1080 pages, PNG and SVG."""
    from sim.output.lineage import draw_lineage

    check_lang(lang)
    try:
        paths = draw_lineage(results_dir, out_path, show_all=show_all, lang=_picture_lang(lang))
    except (OSError, ValueError, KeyError) as e:  # missing or damaged files of the results folder
        fail(f"{results_dir}: cannot draw the lineage: {e}")
    for p in paths:
        typer.echo(str(p))


@app.command()
def animate(
    results_dir: Annotated[Path, typer.Argument(help="A results folder written by `cadre-sim run`")],
    out_path: Annotated[Path | None, typer.Option("--out", help="GIF path (default RESULTS_DIR/network.gif)")] = None,
    lang: Annotated[str, typer.Option("--lang", help="Label language: zh or en")] = "zh",
    seconds_per_year: Annotated[
        float, typer.Option("--seconds-per-year", min=0.05, max=60, help="Frame duration")
    ] = 0.8,
) -> None:
    """Write a 1920x1080 GIF of the mentoring network at the end of each simulated year (for slides)."""
    from sim.output.animation import animate as write_gif

    check_lang(lang)
    try:
        path = write_gif(results_dir, out_path, lang=_picture_lang(lang), seconds_per_year=seconds_per_year)
    except (OSError, ValueError, KeyError) as e:  # missing or damaged files of the results folder
        fail(f"{results_dir}: cannot draw the animation: {e}")
    typer.echo(str(path))


def _picture_lang(lang: str) -> str:
    """The language of the pictures: Chinese needs a CJK font, else one plain note and English."""
    from sim.output.plotting import NO_FONT_NOTICE, chinese_font

    if lang == "zh" and chinese_font() is None:
        typer.echo(f"note: {NO_FONT_NOTICE}", err=True)
        return "en"
    return lang

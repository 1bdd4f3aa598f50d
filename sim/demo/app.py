"""The workshop demo page (Mesa SolaraViz) and the ``cadre-sim demo`` command.

Run: ``cadre-sim demo [SCENARIO] [--lang zh|en] [--port 8765] [--host 127.0.0.1] [--no-open]``
(or ``solara run sim/demo/page.py`` with ``CADRE_DEMO_SCENARIO`` / ``CADRE_DEMO_LANG`` set).

Each browser tab is its own Solara session; ``Page`` builds that session's model with
``solara.use_memo`` (never at module level, which would share one model between all tabs), and
SolaraViz's Reset rebuilds it from that tab's controls.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import webbrowser
from pathlib import Path

import typer

from sim.terminal import fail

APP_FILE = Path(__file__).resolve().with_name("page.py")  # the file the solara server runs
ENV_SCENARIO = "CADRE_DEMO_SCENARIO"
ENV_LANG = "CADRE_DEMO_LANG"


# ---------------------------------------------------------------------------------------------
# the page (only imported by the solara server; the CLI part below does not import solara)
# ---------------------------------------------------------------------------------------------
def _page_module():  # pragma: no cover - exercised by the browser test
    import solara
    from mesa.visualization import SolaraViz
    from mesa.visualization.utils import update_counter

    from sim.demo.labels import LANGS, cjk_font_setup, option_labels, t
    from sim.demo.model import FORMS, MATCHINGS, MIXES, DemoModel, control_defaults
    from sim.demo.network import network_figure, stats_vegalite

    cjk_font_setup()
    _use_wide_layout()
    scenario_path = os.environ.get(ENV_SCENARIO) or None
    default_lang = os.environ.get(ENV_LANG, "zh") if os.environ.get(ENV_LANG, "zh") in LANGS else "zh"
    defaults = control_defaults(scenario_path)
    # module-level reactive variables are per browser session (per Solara kernel), not global
    lang_var = solara.reactive(default_lang)

    def model_params(lang: str) -> dict:
        def select(prefix, codes, key, value):
            labels = option_labels(prefix, codes, lang)
            return {"type": "Select", "value": labels[value], "values": list(labels.values()), "label": t(key, lang)}

        d = defaults
        return {
            "form": select("form", FORMS, "p_form", d["form"]),
            "ratio": {"type": "SliderInt", "value": d["ratio"], "min": 1, "max": 8, "step": 1, "label": t("p_ratio", lang)},
            "matching": select("match", MATCHINGS, "p_matching", d["matching"]),
            "method_mix": select("mix", MIXES, "p_method", d["method_mix"]),
            "strictness": {"type": "SliderFloat", "value": d["strictness"], "min": 0.0, "max": 0.5, "step": 0.01,
                           "label": t("p_strictness", lang)},
            "intake": {"type": "SliderInt", "value": d["intake"], "min": 0, "max": max(400, d["intake"]), "step": 5,
                       "label": t("p_intake", lang)},
            "cadres": {"type": "SliderInt", "value": d["cadres"], "min": 50, "max": max(2000, d["cadres"]), "step": 50,
                       "label": t("p_cadres", lang)},
            "seed": {"type": "InputText", "value": str(d["seed"]), "label": t("p_seed", lang)},
            "scenario_path": scenario_path,  # fixed (not a control)
        }

    @solara.component
    def NetworkView(model):
        update_counter.get()
        lang = lang_var.value
        s = model.status()
        pr = model.params
        settings = " · ".join([
            _label("form", pr["form"], lang), f"{t('p_ratio', lang).split('（')[0].split(' (')[0]} {pr['ratio']}",
            _label("match", pr["matching"], lang), _label("mix", pr["method_mix"], lang).split("：")[0].split(":")[0],
            f"{t('p_strictness', lang).split(' (')[0]} {float(pr['strictness']):.2f}", f"{t('p_intake', lang).split(' (')[0]} {pr['intake']}",
            f"{t('p_seed', lang)} {pr['seed']}",
        ])
        # plain HTML, not Markdown: solara's Markdown pulls KaTeX, which solara-assets does not ship
        solara.HTML(
            tag="div",
            unsafe_innerHTML=(
                f"<b>{t('month', lang, m=s['month'], y=s['year'])}</b> · "
                f"{t('status', lang, n=s['cadres'], p=s['pairs'], pool=s['pool'])}"
                f"<br><small style='color:#666'>{settings}</small>"
                # machine-readable numbers for the browser test
                f"<span class='cadre-status' style='display:none'>{s['month']} {s['cadres']} {s['pairs']} {s['pool']}</span>"
            ),
            style="padding: 0 8px; font-size: 14px",
        )
        fig = network_figure(model.snapshot(), lang, title=t("network_hint", lang))
        solara.FigureMatplotlib(fig, format="png", dependencies=[id(model), update_counter.value, lang])

    @solara.component
    def PlotsView(model):
        update_counter.get()
        lang = lang_var.value
        # drawn in the browser by vega (offline copy), so the server does not rasterise 4 plots a step
        spec = solara.use_memo(lambda: stats_vegalite(model.history, lang), [id(model), update_counter.value, lang])
        solara.widgets.VegaLite.element(spec=spec, listen_to_click=False, listen_to_hover=False)

    @solara.component
    def Page():
        # one model per browser session, built once per session (not at import time)
        model = solara.use_memo(
            lambda: DemoModel(**{k: v["value"] if isinstance(v, dict) else v for k, v in model_params(lang_var.value).items()}),
            [],
        )
        lang = lang_var.value
        with solara.AppBar():
            names = {"zh": "中文", "en": "EN"}
            solara.ToggleButtonsSingle(
                value=names[lang], values=list(names.values()),
                on_value=lambda v: lang_var.set({b: a for a, b in names.items()}[v]),
            )
        SolaraViz(
            model,
            components=[(NetworkView, 0), (PlotsView, 0)],
            model_params=model_params(lang),
            name=t("title", lang),
            play_interval=150,
        )

    return Page


def _label(prefix: str, value: str, lang: str) -> str:
    from sim.demo.labels import code_for, t  # noqa: PLC0415
    from sim.demo.model import FORMS, MATCHINGS, MIXES  # noqa: PLC0415

    codes = {"form": FORMS, "match": MATCHINGS, "mix": MIXES}[prefix]
    return t(f"{prefix}_{code_for(prefix, codes, value)}", lang)


def _use_wide_layout() -> None:
    """Give the network more room than Mesa's default two equal half-width tiles.

    Mesa 3.5 has no parameter for the initial grid layout; this replaces its
    ``make_initial_grid_layout`` in the demo server process only (tiles stay draggable).
    """
    import mesa.visualization.solara_viz as sv  # noqa: PLC0415

    original = getattr(sv, "_cadre_original_layout", sv.make_initial_grid_layout)

    def layout(num_components):
        if num_components == 2:
            return [
                {"i": 0, "w": 7, "h": 17, "moved": False, "x": 0, "y": 0},
                {"i": 1, "w": 5, "h": 17, "moved": False, "x": 7, "y": 0},
            ]
        return original(num_components)

    sv._cadre_original_layout = original
    sv.make_initial_grid_layout = layout


def make_page():
    """The Solara ``Page`` component (imports solara and mesa.visualization)."""
    return _page_module()


# ---------------------------------------------------------------------------------------------
# the command
# ---------------------------------------------------------------------------------------------
def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def server_command(port: int, host: str = "127.0.0.1", app_file: str | Path | None = None) -> list[str]:
    """The solara server command line (production mode: no file watcher, no auto-reload)."""
    solara_exe = Path(sys.executable).with_name("solara")
    base = [str(solara_exe)] if solara_exe.exists() else [sys.executable, "-m", "solara"]
    return [*base, "run", str(app_file or APP_FILE), "--host", host, "--port", str(port), "--production", "--no-open",
            "--log-level", "warning"]


def server_env(scenario: str | None, lang: str) -> dict[str, str]:
    """Environment for the server: offline assets, scenario and language."""
    from sim.demo.assets import ensure_offline_assets, offline_env  # noqa: PLC0415

    env = offline_env(ensure_offline_assets())
    if scenario:
        env[ENV_SCENARIO] = str(Path(scenario).resolve()) if Path(scenario).exists() else scenario
    else:
        env.pop(ENV_SCENARIO, None)
    env[ENV_LANG] = lang
    env.setdefault("MPLBACKEND", "Agg")
    return env


def wait_for_server(url: str, timeout: float = 60.0, proc: subprocess.Popen | None = None) -> None:
    import urllib.request  # noqa: PLC0415

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"demo server exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:  # noqa: S310 - localhost only
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"demo server did not answer at {url} within {timeout:.0f} s")


def demo_command(
    scenario: str = typer.Argument(None, help="Scenario file or bundled name (default: built-in demo settings, 500 cadres)"),
    lang: str = typer.Option("zh", "--lang", help="Label language: zh (中文) or en; switchable in the page"),
    port: int = typer.Option(8765, "--port", help="Port on localhost (0 = any free port)"),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0 to show it to the room's network)"),
    open_browser: bool = typer.Option(True, "--open/--no-open", help="Open the page in the default browser"),
) -> None:
    """Start the browser demo (Mesa SolaraViz) offline and print its address."""
    from sim.demo.labels import LANGS  # noqa: PLC0415

    if lang not in LANGS:
        raise typer.BadParameter(f"--lang must be one of {', '.join(LANGS)}")
    if scenario:
        from sim.scenario import load_scenario  # noqa: PLC0415 - fail fast on a bad file

        load_scenario(scenario)
    try:
        env = server_env(scenario, lang)
    except Exception as exc:  # OfflineAssetsError
        fail(str(exc))
    if port == 0:
        port = _free_port(host)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{shown}:{port}/"
    proc = subprocess.Popen(server_command(port, host), env=env)  # noqa: S603

    def _stop(signum, frame):  # SIGTERM: stop the server too, as Ctrl+C does
        raise KeyboardInterrupt

    import signal  # noqa: PLC0415

    signal.signal(signal.SIGTERM, _stop)
    try:
        wait_for_server(url, proc=proc)
        typer.echo(f"cadre-sim demo running at {url}  (Ctrl+C to stop)")
        if open_browser:
            webbrowser.open(url)
        proc.wait()
    except KeyboardInterrupt:
        pass
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    if proc.returncode not in (0, None, -15):
        raise typer.Exit(proc.returncode)

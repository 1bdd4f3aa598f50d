"""Offline front-end assets for the SolaraViz demo.

Solara's page loads its JavaScript/CSS through ``/_solara/cdn/<package>@<version>/...``.
With ``SOLARA_ASSETS_PROXY=true`` (Solara's default when run as a server) the server answers
those URLs from a local folder, ``<prefix>/share/solara/cdn`` (``solara.server.settings.assets.
proxy_cache_dir``), and only goes to ``cdn.jsdelivr.net`` for a file that is missing there.

The ``solara-assets`` package (a dependency of the ``demo`` extra) fills that folder, but under
*exact* version names (``vega@5.21.0``), while Solara's Altair widget asks for *major* versions
(``vega@5``, ``vega-lite@5``, ``vega-embed@6``). :func:`ensure_offline_assets` adds the
missing major-version aliases (idempotent symlinks, copies where symlinks are impossible) and
:func:`offline_env` returns the environment the server must run with:

- ``SOLARA_ASSETS_PROXY=true``  -- serve assets from the local folder;
- ``SOLARA_ASSETS_CDN=http://127.0.0.1:9/`` -- if anything were still missing, the server's
  fallback fetch fails at once (connection refused on the discard port) instead of hanging
  on a venue laptop for 4 x 10 s, and nothing ever leaves the machine;
- ``SOLARA_TELEMETRY_MIXPANEL_ENABLE=false`` -- no usage ping.

If the install's folder is read-only (system-wide install), the aliases go into a user cache
folder that mirrors the original with symlinks, and ``SOLARA_ASSETS_PROXY_CACHE_DIR`` points
there.

Run ``scripts/setup_demo_assets.py`` to do it by hand and to
print a check; ``cadre-sim demo`` calls it on every start.
"""

from __future__ import annotations

import os
import re
import shutil
import site
import sys
from pathlib import Path

from sim.words import Book

W = Book("demo")  # its lines are English for now, as the command's

#: aliases Solara/Mesa front-end code requests by major version (see solara/widgets/vue/vegalite.vue)
REQUIRED_ALIASES = ("vega@5", "vega-lite@5", "vega-embed@6")

#: files that must be present for the demo page to render (relative to the cdn folder)
REQUIRED_FILES = (
    "requirejs@2.3.6/require.js",
    "font-awesome@4.5.0/css/font-awesome.min.css",
    "vega@5/build/vega.min.js",
    "vega-lite@5/build/vega-lite.min.js",
    "vega-embed@6/build/vega-embed.min.js",
)

#: where the server's fallback CDN fetch goes: the discard port on loopback (refused at once)
DEAD_CDN = "http://127.0.0.1:9/"

_VERSIONED = re.compile(r"^(?P<name>.+)@(?P<major>\d+)\.(?P<minor>\d+)\.(?P<patch>\d+)$")


class OfflineAssetsError(RuntimeError):
    """The local asset folder is missing or incomplete (``solara-assets`` not installed)."""


def default_cdn_dir() -> Path:
    """The folder Solara serves ``/_solara/cdn`` from by default (mirrors solara.server.settings)."""
    env = os.environ.get("SOLARA_ASSETS_PROXY_CACHE_DIR")
    if env:
        return Path(env)
    try:  # the authoritative value, if solara is importable
        from solara.server import settings as solara_settings  # optional: only where solara is installed

        return Path(solara_settings.assets.proxy_cache_dir)
    except Exception:  # pragma: no cover - solara missing
        userbase = site.getuserbase()
        prefix = userbase if userbase and __file__.startswith(userbase) else sys.prefix
        return Path(prefix) / "share" / "solara" / "cdn"


def _entries(cdn: Path):
    """Yield (folder_path, name) for top-level and scoped (@scope/pkg@x.y.z) packages."""
    for child in sorted(cdn.iterdir()):
        if child.name.startswith("@") and "@" not in child.name[1:] and child.is_dir():
            for sub in sorted(child.iterdir()):
                yield sub, f"{child.name}/{sub.name}"
        else:
            yield child, child.name


def _major_aliases(cdn: Path) -> dict[str, str]:
    """Map alias ("vega@5") -> highest exact-version folder name ("vega@5.21.0")."""
    best: dict[str, tuple[tuple[int, int, int], str]] = {}
    for path, name in _entries(cdn):
        m = _VERSIONED.match(name)
        if not m or not path.is_dir() or path.is_symlink():
            continue
        version = (int(m["major"]), int(m["minor"]), int(m["patch"]))
        alias = f"{m['name']}@{m['major']}"
        if alias not in best or version > best[alias][0]:
            best[alias] = (version, name)
    return {alias: name for alias, (_, name) in best.items()}


def _link(target_name: str, link_path: Path) -> None:
    """Create link_path -> sibling target_name (relative symlink), or copy if symlinks fail."""
    target = link_path.parent / Path(target_name).name
    try:
        link_path.symlink_to(Path(target_name).name, target_is_directory=True)
    except OSError:
        shutil.copytree(target, link_path)


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


def _mirror(src: Path, dst: Path) -> None:
    """Make dst a folder of symlinks to every top-level entry of src (idempotent)."""
    dst.mkdir(parents=True, exist_ok=True)
    for child in src.iterdir():
        link = dst / child.name
        if not link.exists() and not link.is_symlink():
            link.symlink_to(child, target_is_directory=child.is_dir())


def ensure_offline_assets(cdn_dir: Path | None = None, *, check: bool = True) -> Path:
    """Make the local CDN folder complete for offline use; return the folder to serve from.

    Idempotent: existing aliases are left alone. Raises :class:`OfflineAssetsError` with an
    instruction if ``solara-assets`` is not installed or a required file is still missing.
    """
    cdn = Path(cdn_dir) if cdn_dir is not None else default_cdn_dir()
    if not cdn.is_dir() or not any(cdn.iterdir()):
        raise OfflineAssetsError(W("no_assets", "en", folder=cdn))
    serve_dir = cdn
    aliases = _major_aliases(cdn)
    missing = [a for a in aliases if not (cdn / a).exists()]
    if missing and not _writable(cdn):
        # read-only install: serve from a user folder that mirrors the original
        serve_dir = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "cadre-sim" / "solara-cdn"
        _mirror(cdn, serve_dir)
        missing = [a for a in aliases if not (serve_dir / a).exists()]
    for alias in missing:
        link = serve_dir / alias
        if link.is_symlink():  # dangling link left by an older solara-assets
            link.unlink()
        link.parent.mkdir(parents=True, exist_ok=True)
        _link(aliases[alias], link)
    if check:
        absent = [f for f in REQUIRED_FILES if not (serve_dir / f).is_file()]
        if absent:
            raise OfflineAssetsError(W("assets_incomplete", "en", folder=serve_dir, files=", ".join(absent)))
    return serve_dir


def offline_env(serve_dir: Path | None = None, base: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for a Solara server process that never reaches the internet."""
    env = dict(os.environ if base is None else base)
    env["SOLARA_ASSETS_PROXY"] = "true"
    env["SOLARA_ASSETS_CDN"] = DEAD_CDN
    env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "false"
    if serve_dir is not None:
        env["SOLARA_ASSETS_PROXY_CACHE_DIR"] = str(serve_dir)
    return env


def main() -> int:
    """``scripts/setup_demo_assets.py``: set up and check the offline assets."""
    try:
        serve_dir = ensure_offline_assets()
    except OfflineAssetsError as exc:
        print(W("assets_error", "en", error=exc), file=sys.stderr)
        return 1
    print(W("assets_ok", "en", folder=serve_dir))
    for alias in REQUIRED_ALIASES:
        p = serve_dir / alias
        print(f"  {alias} -> {os.readlink(p) if p.is_symlink() else p}")
    return 0

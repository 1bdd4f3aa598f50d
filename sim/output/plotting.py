"""Matplotlib set up once for files (no display): every module that draws imports ``plt`` from here.

Also the one choice of a font that can draw Chinese (:func:`chinese_font`, :func:`figure_language`):
made once per process and quietly (no ``findfont`` warnings), with one clear notice and English
labels when no CJK font is installed. :func:`slide_rc` is the set-up of slide pictures: SVG text
kept as text, with common CJK fonts of presenters' laptops named after the chosen one.
"""

from __future__ import annotations

import dataclasses
import warnings
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (the backend is chosen before pyplot loads)
from matplotlib import font_manager, rcParams  # noqa: E402

__all__ = ["FontNotice", "chinese_font", "figure_language", "plt", "px_to_pt", "slide_rc"]

#: CJK fonts in order of preference: Linux packages first, then those of Windows and macOS.
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "AR PL UMing CN",
    "Droid Sans Fallback",
)
_FILE_HINTS = ("wqy", "notosanscjk", "notoserifcjk", "sourcehansans", "droidsansfallback", "simhei", "msyh")
NO_FONT_NOTICE = (
    "no Chinese font is installed (apt-get install fonts-wqy-zenhei or fonts-noto-cjk): pictures use English labels"
)


class FontNotice(UserWarning):
    """Pictures fall back to English labels: no font that can draw Chinese is installed."""


_CHOSEN: list[str | None] = []  # the one choice of this process, made on first use
_NOTICED: list[bool] = []  # the notice of no CJK font, given once


def _register_normal_weight(name: str) -> None:
    """Give ``name`` a 'normal' (400) weight entry so that matplotlib finds it without a warning.

    WenQuanYi Zen Hei and some others declare weight 500 (medium); matplotlib then logs
    "findfont: Failed to find font weight normal" for every text. A copy of its entry at weight
    400 points at the same file, so nothing is drawn differently.
    """
    entries = [f for f in font_manager.fontManager.ttflist if f.name == name]
    if entries and not any(f.weight in (400, "normal", "regular", "book") for f in entries):
        font_manager.fontManager.ttflist.append(dataclasses.replace(entries[0], weight=400))


def _register_cjk_fonts() -> list[str]:
    """The installed CJK fonts, registered with matplotlib so that they draw without warnings.

    A font installed after matplotlib built its cache is found by its file name; fonts that declare
    only a medium weight get a 'normal' entry (:func:`_register_normal_weight`).
    """
    have = {f.name for f in font_manager.fontManager.ttflist}
    if not have.intersection(CJK_FONTS):
        for path in font_manager.findSystemFonts():
            if any(h in path.lower().replace("-", "") for h in _FILE_HINTS):
                try:
                    font_manager.fontManager.addfont(path)
                except Exception:  # noqa: BLE001, S112  (an unreadable font file is skipped)
                    continue
        have = {f.name for f in font_manager.fontManager.ttflist}
    names = [n for n in CJK_FONTS if n in have]
    for name in names:
        _register_normal_weight(name)
    return names


# at import, before any module draws
_INSTALLED = _register_cjk_fonts()


def chinese_font() -> str | None:
    """The installed CJK font pictures use (set first in ``font.sans-serif``), or None; chosen once."""
    if _CHOSEN:
        return _CHOSEN[0]
    name = _INSTALLED[0] if _INSTALLED else None
    if name is not None:
        others = [n for n in CJK_FONTS if n != name]
        rest = [n for n in rcParams["font.sans-serif"] if n != name and n not in others]
        # after the chosen font: the CJK fonts a viewer of the SVG may have (Windows, macOS)
        rcParams["font.sans-serif"] = [name, *others, *rest]
        rcParams["axes.unicode_minus"] = False
    _CHOSEN.append(name)
    return name


def figure_language(lang: str) -> str:
    """The language pictures can be drawn in: "zh" needs a CJK font, else "en" with one notice.

    The notice is a :class:`FontNotice` warning, given once per process.
    """
    if lang != "zh":
        return lang
    if chinese_font() is not None:
        return "zh"
    if not _NOTICED:
        _NOTICED.append(True)
        warnings.warn(NO_FONT_NOTICE, FontNotice, stacklevel=2)
    return "en"


def px_to_pt(px: float, dpi: float) -> float:
    """Font size in points that is ``px`` pixels tall at ``dpi``."""
    return px * 72.0 / dpi


def slide_rc() -> dict[Any, Any]:
    """Matplotlib settings of slide pictures (for ``matplotlib.rc_context``): SVG text stays text."""
    return {"svg.fonttype": "none", "svg.hashsalt": "cadre-sim"}

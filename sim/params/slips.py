"""Slips of typing in a scenario file, explained: full-width signs, digits and quotes where TOML wants half-width.

A planner typing with a Chinese input method writes ``initial_cadres ＝ ２００``, ``form = “team”`` or
``0。5``; the TOML parser then says something like "Expected '=' after a key". ``slip_line(text, lang)``
finds the first such sign outside a quoted text (where Chinese is welcome), names it, gives the line number
and the line as it should be written. ``sim.params.reading`` calls it when a TOML file does not parse.
"""

from __future__ import annotations

from sim.words import Book

__all__ = ["HALF", "fixed_line", "slip_line"]

_words = Book("checks")

# full-width sign -> (its half-width form, what it is called: a key of the checks book)
HALF: dict[str, tuple[str, str]] = {
    "＝": ("=", "slip_equals"),
    "，": (",", "slip_comma"),
    "、": (",", "slip_comma"),
    "：": (":", "slip_colon"),
    "“": ('"', "slip_quote"),
    "”": ('"', "slip_quote"),
    "‘": ("'", "slip_quote"),
    "’": ("'", "slip_quote"),
    "＂": ('"', "slip_quote"),
    "［": ("[", "slip_bracket"),
    "］": ("]", "slip_bracket"),
    "【": ("[", "slip_bracket"),
    "】": ("]", "slip_bracket"),
    "。": (".", "slip_point"),
    "．": (".", "slip_point"),
    "－": ("-", "slip_sign"),
    "＋": ("+", "slip_sign"),
    "\u3000": (" ", "slip_space"),
    "＃": ("#", "slip_hash"),
    **{chr(0xFF10 + d): (str(d), "slip_digit") for d in range(10)},
}


def _outside_strings(line: str) -> list[int]:
    """Positions of full-width signs in ``line`` outside quoted text and before a comment."""
    found, quote = [], ""
    for k, char in enumerate(line):
        if quote:
            if char == quote and (quote == "'" or line[k - 1] != "\\"):
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            break
        elif char in HALF:
            found.append(k)
    return found


def fixed_line(line: str) -> str:
    """``line`` with every full-width sign outside quoted text made half-width."""
    chars = list(line)
    for k in _outside_strings(line):
        chars[k] = HALF[line[k]][0]
    return "".join(chars).strip()


def slip_line(text: str, path: str, lang: str = "zh", near: int = 0) -> str | None:
    """The line explaining the first full-width slip of ``text`` (at line ``near`` if it has one), or None.

    Args:
        text: the file's text.
        path: the file as the line names it.
        lang: "zh" or "en".
        near: the line the parser stopped at (1-based; 0: unknown): looked at first.
    """
    lines = text.splitlines()
    order = ([near - 1] if 0 < near <= len(lines) else []) + list(range(len(lines)))
    for n in order:
        spots = _outside_strings(lines[n])
        if spots:
            seen: dict[str, None] = dict.fromkeys(lines[n][k] for k in spots)
            what = _words("slip_sep", lang).join(
                _words("slip_char", lang, char=c, name=_words(HALF[c][1], lang), half=HALF[c][0]) for c in seen
            )
            return _words("slip", lang, path=path, line=n + 1, what=what, fixed=fixed_line(lines[n]))
    return None

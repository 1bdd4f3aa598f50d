"""``report.html`` and ``report.docx`` beside a study's ``report.md``: the report a Windows PC opens by double-click.

A study writes its report as Markdown (headings, paragraphs, lists, tables, pictures under ``plots/``);
:func:`write_documents` reads it with markdown-it-py (CommonMark and tables) and writes:

- ``report.html``: one self-contained page: pictures embedded as ``data:`` URIs, no other file or
  address referred to (links to the folder's own files keep their words, not the link), a CSS font
  stack that finds a Chinese font on Windows, macOS and Linux, tables with rules, a printable layout.
- ``report.docx`` (python-docx): headings as Word headings, tables as Word tables (the header row
  repeated on every page), pictures inserted at the width of the page, A4; the styles carry an East
  Asian font (宋体 for text, 微软雅黑 for headings in a Chinese report), so Word on a Chinese PC shows
  them, and a department can edit and forward the document.

No font needs to be installed where the documents are written. Each file is written whole under a
temporary name and renamed (``sim.files``). Raw HTML in the report is kept only as ``<br>`` (a line break
in a table cell); any other tag is shown as text.
"""

from __future__ import annotations

import base64
import html
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.files import atomic_write, atomic_write_bytes
from sim.words import Book

if TYPE_CHECKING:
    from markdown_it.token import Token

__all__ = ["report_docx", "report_html", "write_documents"]

w = Book("documents")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_KEPT_LINKS = ("http://", "https://", "mailto:")
_PICTURE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
}
PAGE_WIDTH_CM = 16.0  # A4 less 2.5 cm margins: the widest a picture is put in the Word document

CSS = """
body { font-family: "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Source Han Sans SC",
       "WenQuanYi Micro Hei", SimSun, "Helvetica Neue", Arial, sans-serif;
       line-height: 1.65; color: #222; max-width: 60em; margin: 2em auto; padding: 0 1.5em; }
h1 { font-size: 1.6em; border-bottom: 2px solid #444; padding-bottom: .2em; }
h2 { font-size: 1.3em; border-bottom: 1px solid #bbb; padding-bottom: .15em; margin-top: 1.6em; }
h3 { font-size: 1.1em; }
table { border-collapse: collapse; margin: .8em 0; font-size: .95em; }
th, td { border: 1px solid #bbb; padding: .3em .6em; vertical-align: top; overflow-wrap: anywhere; }
th { background: #eef1f5; }
td[style*="right"], th[style*="right"] { white-space: nowrap; }
tbody tr:nth-child(even) td { background: #f8f9fb; }
img { max-width: 100%; height: auto; display: block; margin: .6em 0; }
code { font-family: Consolas, "Courier New", monospace; background: #f3f3f3; padding: 0 .2em; }
pre code { display: block; padding: .6em; overflow-x: auto; }
blockquote { border-left: 4px solid #ccc; margin: .8em 0; padding: .1em 1em; color: #555; }
@page { size: A4; margin: 2cm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  table, img, blockquote, pre { page-break-inside: avoid; }
  h1, h2, h3 { page-break-after: avoid; }
  thead { display: table-header-group; }
}
"""


def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table")


def _picture(folder: Path, src: str) -> Path | None:
    """The picture file ``src`` names, relative to the report's folder (None: an address, or no such file)."""
    if not src or ":" in src.split("/")[0]:
        return None
    path = folder / src
    return path if path.suffix.lower() in _PICTURE_TYPES and path.is_file() else None


def _tidy(tokens: list[Token]) -> list[Token]:
    """Raw HTML other than ``<br>`` made text; links to anything but an address dropped (their words kept)."""
    from markdown_it.token import Token

    for token in tokens:
        if token.children is None:
            continue
        kept: list[Token] = []
        dropping = False  # inside a dropped link (links do not nest)
        for child in token.children:
            if child.type == "html_inline" and not _BREAK.fullmatch(child.content.strip()):
                kept.append(Token("text", "", 0, content=child.content))
            elif child.type == "link_open" and not str(child.attrGet("href") or "").startswith(_KEPT_LINKS):
                dropping = True
            elif child.type == "link_close" and dropping:
                dropping = False
            else:
                kept.append(child)
        token.children = kept
    return tokens


def _tokens(markdown: str) -> list[Token]:
    """The report's tokens (raw HTML blocks turned into escaped text paragraphs)."""
    from markdown_it.token import Token

    tokens = []
    for token in _parser().parse(markdown):
        if token.type == "html_block":
            tokens += [
                Token("paragraph_open", "p", 1),
                Token("inline", "", 0, content=token.content, children=[Token("text", "", 0, content=token.content)]),
                Token("paragraph_close", "p", -1),
            ]
        else:
            tokens.append(token)
    return _tidy(tokens)


def _title(tokens: list[Token]) -> str:
    """The words of the first heading ("" without one)."""
    for i, token in enumerate(tokens[:-1]):
        if token.type == "heading_open":
            return tokens[i + 1].content
    return ""


def report_html(markdown: str, folder: Path, lang: str = "zh") -> str:
    """The report as one HTML page: pictures of ``folder`` embedded, no reference to another file or address.

    Args:
        markdown: the report's Markdown.
        folder: the folder the report's picture paths are relative to.
        lang: "zh" or "en" (the page's language, which chooses the browser's fonts).
    """
    tokens = _tokens(markdown)
    for token in tokens:
        for child in token.children or []:
            if child.type != "image":
                continue
            path = _picture(folder, str(child.attrGet("src") or ""))
            if path is None:
                name = str(child.attrGet("src") or "")
                child.type, child.tag, child.attrs = "text", "", {}
                child.content, child.children = w("picture_missing", lang, name=name), None
                continue
            data = base64.b64encode(path.read_bytes()).decode("ascii")
            child.attrSet("src", f"data:{_PICTURE_TYPES[path.suffix.lower()]};base64,{data}")
    parser = _parser()
    body = parser.renderer.render(tokens, parser.options, {})
    title = html.escape(_title(tokens))
    return (
        f'<!DOCTYPE html>\n<html lang="{w("html_lang", lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{title}</title>\n'
        f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )


def report_docx(markdown: str, folder: Path, lang: str = "zh") -> Any:
    """The report as a python-docx ``Document``: headings, paragraphs, lists, tables, pictures of ``folder``."""
    tokens = _tokens(markdown)
    report = WordReport(folder, lang, _title(tokens))
    report.add(tokens)
    return report.document


class WordReport:
    """A Word document filled from the report's tokens (python-docx), A4, with East Asian fonts on its styles."""

    def __init__(self, folder: Path, lang: str, title: str) -> None:
        """An empty A4 document whose styles show ``lang``'s fonts; pictures are read from ``folder``."""
        from docx import Document
        from docx.shared import Cm

        self.folder, self.lang = folder, lang
        self.document = Document()
        section = self.document.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Cm((21 - PAGE_WIDTH_CM) / 2))
        properties = self.document.core_properties  # the template's own say python-docx and 2013
        properties.title, properties.language = title, w("html_lang", lang)
        properties.author, properties.comments = "cadre-sim", ""
        properties.created = properties.modified = datetime.now(UTC).replace(microsecond=0)
        self._fonts()
        self.lists: list[str] = []  # the styles of the open lists, innermost last
        self.quoted = 0

    def _fonts(self) -> None:
        """Latin and East Asian fonts on the text and heading styles (an explicit East Asian font, not the theme's)."""
        from docx.enum.style import WD_STYLE_TYPE
        from docx.oxml.ns import qn

        body, heading, latin = w("font_body", self.lang), w("font_heading", self.lang), w("font_latin", self.lang)
        for style in self.document.styles:
            if style.type not in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
                continue
            fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
            east = heading if style.name.startswith(("Heading", "Title")) else body
            for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                fonts.attrib.pop(qn(theme), None)
            fonts.set(qn("w:ascii"), latin)
            fonts.set(qn("w:hAnsi"), latin)
            fonts.set(qn("w:eastAsia"), east)
        language = self.document.styles["Normal"].element.get_or_add_rPr()
        tag = language.find(qn("w:lang"))
        if tag is None:
            from docx.oxml import OxmlElement

            tag = OxmlElement("w:lang")
            language.append(tag)
        tag.set(qn("w:eastAsia"), "zh-CN")

    def add(self, tokens: list[Token]) -> None:
        """Add the report's block tokens in order."""
        i = 0
        while i < len(tokens):
            i = self._block(tokens, i)

    def _block(self, tokens: list[Token], i: int) -> int:
        """Add the block starting at ``tokens[i]``; the index after it."""
        token = tokens[i]
        kind = token.type
        if kind == "heading_open":
            paragraph = self.document.add_heading(level=min(int(token.tag[1:]), 9))
            self._runs(paragraph, tokens[i + 1])
            return i + 3
        if kind == "paragraph_open":
            self._paragraph(tokens[i + 1])
            return i + 3
        if kind in ("bullet_list_open", "ordered_list_open"):
            self.lists.append("List Bullet" if kind == "bullet_list_open" else "List Number")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
        elif kind == "blockquote_open":
            self.quoted += 1
        elif kind == "blockquote_close":
            self.quoted -= 1
        elif kind == "table_open":
            return self._table(tokens, i)
        elif kind in ("fence", "code_block"):
            paragraph = self.document.add_paragraph()
            run = paragraph.add_run(token.content.rstrip("\n"))
            run.font.name = "Consolas"
        elif kind == "hr":
            self.document.add_paragraph()
        return i + 1

    def _paragraph(self, inline: Token) -> None:
        """A paragraph in the style of where it stands (a list item, a quotation); a picture alone on its line."""
        children = [
            c
            for c in inline.children or []
            if not (c.type == "softbreak" or (c.type == "text" and not c.content.strip()))
        ]
        if children and all(c.type == "image" for c in children):
            for child in children:
                self._picture(self.document.add_paragraph(), child)
            return
        style = self.lists[-1] if self.lists else "Quote" if self.quoted else None
        self._runs(self.document.add_paragraph(style=style), inline)

    def _runs(self, paragraph: Any, inline: Token, bold: bool = False) -> None:
        """The inline tokens as runs: bold, italic, code, line breaks, pictures."""
        strong = emphasis = 0
        for child in inline.children or []:
            kind = child.type
            if kind in ("strong_open", "strong_close"):
                strong += 1 if kind == "strong_open" else -1
            elif kind in ("em_open", "em_close"):
                emphasis += 1 if kind == "em_open" else -1
            elif kind in ("text", "code_inline"):
                run = paragraph.add_run(child.content)
                run.bold = bool(strong) or bold or None
                run.italic = bool(emphasis) or None
                if kind == "code_inline":
                    run.font.name = "Consolas"
            elif kind == "softbreak":
                paragraph.add_run(" ")
            elif kind == "hardbreak" or kind == "html_inline":  # html_inline is a <br> here (_tidy)
                paragraph.add_run().add_break()
            elif kind == "image":
                self._picture(paragraph, child)

    def _picture(self, paragraph: Any, image: Token) -> None:
        """The picture ``image`` names, at most the page's width; its name in words when the file is missing."""
        from docx.shared import Cm

        src = str(image.attrGet("src") or "")
        path = _picture(self.folder, src)
        if path is None or path.suffix.lower() == ".svg":
            paragraph.add_run(w("picture_missing", self.lang, name=src))
            return
        try:
            shape = paragraph.add_run().add_picture(str(path))
        except Exception:  # a file python-docx cannot read as a picture: named, the document still written
            paragraph.add_run(w("picture_missing", self.lang, name=src))
            return
        if shape.width > Cm(PAGE_WIDTH_CM):
            shape.height = int(shape.height * Cm(PAGE_WIDTH_CM) / shape.width)
            shape.width = Cm(PAGE_WIDTH_CM)

    def _table(self, tokens: list[Token], i: int) -> int:
        """A Markdown table as a Word table: a grid, the header bold, right-aligned columns kept right."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        rows: list[list[tuple[Token, bool, bool]]] = []  # (cell's inline token, right-aligned, a header cell)
        while tokens[i].type != "table_close":
            token = tokens[i]
            if token.type == "tr_open":
                rows.append([])
            elif token.type in ("th_open", "td_open"):
                rows[-1].append((tokens[i + 1], "right" in str(token.attrGet("style") or ""), token.type == "th_open"))
            i += 1
        table = self.document.add_table(rows=len(rows), cols=max((len(r) for r in rows), default=0))
        table.style = self.document.styles["Table Grid"]
        for line, row in zip(table.rows, rows, strict=True):  # a row's own cells: table.cell(r, c) walks the table
            for cell, (inline, right, head) in zip(line.cells, row, strict=False):
                paragraph = cell.paragraphs[0]
                self._runs(paragraph, inline, bold=head)
                if right:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self.document.add_paragraph()
        return i + 1


def write_documents(report: Path, lang: str = "zh") -> tuple[Path, Path]:
    """Write ``report.html`` and ``report.docx`` beside ``report`` (a ``report.md``), each whole or not at all.

    Args:
        report: the Markdown report; its pictures' paths are relative to its folder.
        lang: "zh" or "en": the language the report is in (fonts, the page's language).

    Returns:
        The HTML page and the Word document written.
    """
    markdown = report.read_text(encoding="utf-8")
    page = atomic_write_bytes(report.with_suffix(".html"), report_html(markdown, report.parent, lang).encode("utf-8"))
    document = report_docx(markdown, report.parent, lang)
    word = atomic_write(report.with_suffix(".docx"), lambda tmp: document.save(str(tmp)))
    return page, word

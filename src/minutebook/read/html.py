"""Generic HTML minutes (a whole page or a fragment, e.g. a parish council's site) -> plain text lines.

Free-layout minutes have no markup a reader can trust to mean "item" or "decision", so this
reader only turns markup into well-broken text lines and leaves the meaning to the parser:
one line per block (paragraph, heading, list entry, <br>), table cells kept on one line with a
gap between them, and a run of tabs or spaces inside a line kept as a gap, because clerks use
it to push an action's owner to the right margin ("... would liaise     Cllr. Alun Davies").

`html_blocks` is shared with the readers of HTML carried inside other formats (ModernGov XML
bodies, ModernGov pages): it keeps the source line of every block, so facts can be cited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from minutebook.errors import ReadError
from minutebook.read.detect import Reader
from minutebook.read.document import Document, Line

# Tags that end one text block and start another.
BLOCK_TAGS = frozenset(
    {"address", "article", "aside", "blockquote", "br", "caption", "div", "dl", "fieldset", "figcaption"}
    | {"figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav"}
    | {"ol", "p", "pre", "section", "table", "tbody", "thead", "tfoot", "title", "tr", "ul"}
)
# Cells of a row (and a definition list's terms and descriptions) stay on one line, a gap apart.
CELL_TAGS = frozenset({"td", "th", "dt", "dd"})
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg"})
GAP = "    "  # what a column gap becomes: wide enough for the parser to see a right-aligned owner
CELL = "\ue000"  # marks a cell boundary until `tidy` turns it into a gap (source wrapping must not eat it)

_NEWLINE_RUN = re.compile(r"[ \t\r\f\v]*\n\s*")
_GAP_RUN = re.compile(r"[ \t]*\t[ \t]*| {3,}")
_SPACE_RUN = re.compile(r" {2,}")


def tidy(text: str) -> str:
    """Collapse source wrapping to single spaces but keep in-line gaps (tabs, 3+ spaces) as a GAP."""
    text = text.replace("\xa0", " ").replace("\u200b", "")
    text = _NEWLINE_RUN.sub(" ", text).replace(CELL, "\t")
    parts = [_SPACE_RUN.sub(" ", part) for part in _GAP_RUN.split(text)]
    return GAP.join(part.strip() for part in parts if part.strip())


VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
Element = tuple[str, dict[str, str]]  # tag and attributes


@dataclass(frozen=True)
class Block:
    """One block of text, the source line it starts on, and the markup around it."""

    line: int
    text: str
    context: tuple[Element, ...] = ()  # the elements open where the text began, outermost first
    links: tuple[str, ...] = ()  # hrefs of the links in or just before the block

    def inside(self, tag: str | None = None, cls: str | None = None, id: str | None = None) -> bool:
        """Whether the block sits within an element with this tag, class and/or id."""
        return any(
            (tag is None or name == tag)
            and (cls is None or cls in attrs.get("class", "").split())
            and (id is None or attrs.get("id") == id)
            for name, attrs in self.context
        )


class _BlockCollector(HTMLParser):
    """Collects the blocks of text of a page, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.times: list[str] = []  # datetime attributes of <time>, a free hint at the meeting date
        self._buffer: list[str] = []
        self._started = False  # whether the buffer holds text yet (not only white space)
        self._line = 0
        self._context: tuple[Element, ...] = ()
        self._links: list[str] = []
        self._open: list[Element] = []
        self._skip_depth = 0

    def _flush(self) -> None:
        text = tidy("".join(self._buffer))
        if text:
            self.blocks.append(Block(self._line, text, self._context, tuple(self._links)))
        self._buffer, self._started, self._links = [], False, []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID_TAGS:
            self._open.append((tag, {name: value or "" for name, value in attrs}))
        if tag in SKIP_TAGS:
            self._skip_depth += 1
        elif tag in BLOCK_TAGS:
            self._flush()
        elif tag in CELL_TAGS and self._started:
            self._buffer.append(CELL)
        if tag == "time":
            self.times.extend(value for name, value in attrs if name == "datetime" and value)
        if tag == "a":
            self._links.extend(value for name, value in attrs if name == "href" and value)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        # Tag soup: close back to the nearest open element of that name, if there is one.
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                break
        if tag in SKIP_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        if not self._started and data.strip():
            leading = data[: len(data) - len(data.lstrip())]
            self._line = self.getpos()[0] + leading.count("\n")
            self._context = tuple(self._open)
            self._started = True
        self._buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def collect(markup: str) -> _BlockCollector:
    collector = _BlockCollector()
    collector.feed(markup)
    collector.close()
    return collector


def html_blocks(markup: str, first_line: int = 1) -> list[tuple[int, str]]:
    """The text blocks of some HTML as (line, text); `first_line` is the line the markup starts on."""
    return [(first_line + block.line - 1, block.text) for block in collect(markup).blocks]


_HTML_MARKERS = re.compile(rb"<!doctype html|<html[\s>]|<body[\s>]|<head[\s>]", re.IGNORECASE)
_BLOCK_MARKERS = re.compile(rb"<(?:p|div|li|h[1-6]|table|br)[\s/>]", re.IGNORECASE)


def sniff(head: bytes, name: str) -> int:
    if _HTML_MARKERS.search(head):
        score = 70
    elif head.startswith(b"---") or name.lower().endswith((".md", ".markdown")):
        return 0  # Markdown with some HTML inside is still Markdown: the text readers keep its lines
    elif len(_BLOCK_MARKERS.findall(head)) >= 3:
        score = 62  # a fragment: several block tags and no <html>
    else:
        return 0
    if name.lower().endswith((".html", ".htm", ".php", ".aspx", ".xhtml")):
        score += 5
    return score


def decode(data: bytes, name: str) -> str:
    """HTML bytes as text: UTF-8 (with or without BOM), else the charset the page declares, else cp1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = re.search(rb"""charset=["']?([A-Za-z0-9_-]+)""", data[:4096])
    for encoding in ([declared.group(1).decode("ascii")] if declared else []) + ["cp1252"]:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise ReadError(name, "HTML is neither UTF-8 nor the encoding it declares")


def read(data: bytes, name: str, sha256: str) -> Document:
    collector = collect(decode(data, name))
    if not collector.blocks:
        raise ReadError(name, "HTML page has no text")
    hints: dict[str, str] = {}
    dates = {value[:10] for value in collector.times if re.fullmatch(r"\d{4}-\d\d-\d\d.*", value)}
    if len(dates) == 1:
        hints["date"] = dates.pop()
    lines = [Line(text=block.text, number=block.line) for block in collector.blocks]
    return Document(name=name, sha256=sha256, format="html", lines=lines, hints=hints)


READER = Reader(format="html", sniff=sniff, read=read)

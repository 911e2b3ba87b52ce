"""ModernGov web pages -> a meeting Document with roles.

Two kinds of page: `ieListDocuments.aspx` ("Agenda and draft minutes": the whole meeting) and
`mgAi.aspx` (one item of one meeting). ModernGov's markup says what each piece is, and
public scrapers agree on it:

- the page header: "Agenda and draft minutes" (status), "Cabinet - Wednesday 21 November 2012
  10.30 a.m." (body, date, time), "Venue: ..."; on an item page, "Meeting: 16/03/2016 -
  Cabinet (Item 4)";
- the items: rows of `table.mgItemTable` (or `#mgItemTable`); `td.mgItemNumberCell` holds the
  number, `p.mgAiTitleTxt` the title, where an attached report is a link ending in its size
  ("... PDF 69 KB"); `ul.mgBulletList` the presenters; `div.mgWordPara` the agenda text, or
  the decision or minutes after a `p.mgSubItemTitleTxt` label ("Decision:", "Minutes:",
  "Additional documents:"); `ul.mgActionList` holds links ("View the decision for item 4.").

The markup is read with the standard library's HTML parser (as `read.html` does), not a
faster tree library, because only it reports source lines, and every line cites its place.
"""

from __future__ import annotations

import re
from datetime import datetime

from minutebook.errors import ReadError
from minutebook.read.detect import Reader
from minutebook.read.document import Document, Line
from minutebook.read.html import Block, collect, decode
from minutebook.read.html import sniff as html_sniff
from minutebook.read.moderngov_xml import clock_time

FORMAT = "moderngov-html"

_STATUS = re.compile(
    r"(?i)^(agenda|agenda and (draft )?minutes|agenda,? decisions and (draft )?minutes|decisions|minutes)$"
)
_HEADER = re.compile(
    r"^(?P<body>.+?) - (?:\w+day,? )?(?P<date>\d{1,2}(?:st|nd|rd|th)? \w+,? \d{4})"
    r"(?:,? (?P<time>\d{1,2}[.:]\d\d ?[ap]\.?m\.?|\d{1,2}[.:]\d\d))?\s*$"
)
_ITEM_PAGE_MEETING = re.compile(
    r"^Meeting:\s*(?P<date>\d\d/\d\d/\d{4}) - (?P<body>.+?)(?: \(Item (?P<number>[\w.]+)\))?$"
)
_ATTACHED = re.compile(
    r"^(?P<title>.*?)\s*(?:\w+ icon\s*)?"
    r"(?P<format>PDF|DOCX?|XLSX?|PPTX?|RTF|HTML?)\s+(?P<size>[\d.,]+\s*[KMG]B)$"
)
# "Minutes:" and the like: the label sets what the following paragraphs are.
PHASES = {
    "minutes:": "minutes",
    "decision:": "decision",
    "additional documents:": "documents",
    "purpose:": "agenda",
}


def _date(text: str) -> str | None:
    text = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", text).replace(",", "")
    for pattern in ("%d %B %Y", "%d %b %Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    return None


def _in_items(block: Block) -> bool:
    return block.inside("table", cls="mgItemTable") or block.inside(id="mgItemTable")


def _header_lines(blocks: list[Block], hints: dict[str, object]) -> list[Line]:
    """Status, heading and venue from the blocks above the items; the rest is site furniture."""
    lines = []
    for block in blocks:
        text = block.text
        if block.inside("title"):
            # "Agenda for Cabinet on ... - X Council": the heading below names the meeting better,
            # but only the title names the site's council.
            hints.setdefault("page_title", text)
            continue
        if _STATUS.match(text) and "status" not in hints:
            hints["status"] = text
            lines.append(Line(text=text, number=block.line, role="status"))
        elif (match := _HEADER.match(text)) and _date(match["date"]) and "date" not in hints:
            hints.update(body=match["body"], date=_date(match["date"]), time=clock_time(match["time"] or ""))
            lines.append(Line(text=text, number=block.line, role="header"))
        elif (match := _ITEM_PAGE_MEETING.match(text)) and "date" not in hints:
            hints.update(body=match["body"], date=_date(match["date"]), item_number=match["number"])
            lines.append(Line(text=text, number=block.line, role="header"))
        elif text.startswith("Venue:") and "venue" not in hints:
            hints["venue"] = venue = text.removeprefix("Venue:").strip()
            lines.append(Line(text=venue, number=block.line, role="venue"))
    return lines


def _document_line(block: Block, title: str, match: re.Match[str] | None) -> Line:
    hints = {"url": block.links[0] if block.links else None, "format": None, "size": None}
    if match:
        hints.update(format=match["format"].lower(), size=re.sub(r"\s+", " ", match["size"]))
    return Line(text=title, number=block.line, role="document", hints=hints)


def _item_lines(blocks: list[Block]) -> list[Line]:
    lines: list[Line] = []
    phase = "agenda"
    for block in blocks:
        text = block.text
        if block.inside("td", cls="mgItemNumberCell"):
            lines.append(Line(text=text.rstrip("."), number=block.line, role="item-number"))
            phase = "agenda"
        elif block.inside("p", cls="mgAiTitleTxt"):
            attached = _ATTACHED.match(text) if block.inside("a") or block.links else None
            title = attached["title"] if attached else text
            lines.append(Line(text=title, number=block.line, role="item-title"))
            if block.links:
                lines.append(_document_line(block, title, attached))
            phase = "agenda"
        elif block.inside("p", cls="mgSubItemTitleTxt") and text.lower() in PHASES:
            phase = PHASES[text.lower()]
            if phase == "minutes":
                lines.append(Line(text=text, number=block.line, role="minutes-start"))
        elif block.inside("ul", cls="mgBulletList"):
            lines.append(Line(text=text, number=block.line, role="presenter"))
        elif block.inside("ul", cls="mgActionList"):
            continue  # links to other pages ("View the decision for item 4."), not content
        elif phase == "documents" and block.links:
            attached = _ATTACHED.match(text)
            lines.append(_document_line(block, attached["title"] if attached else text, attached))
        elif phase == "decision" and lines and lines[-1].role == "decision":
            # The paragraphs under one "Decision:" are one decision ("RESOLVED:", "(1) ...", "(2) ...").
            lines[-1].text += " " + text
        elif phase != "documents":
            lines.append(Line(text=text, number=block.line, role=phase))  # type: ignore[arg-type]
    return lines


def read(data: bytes, name: str, sha256: str) -> Document:
    blocks = collect(decode(data, name)).blocks
    items = [block for block in blocks if _in_items(block)]
    first = blocks.index(items[0]) if items else len(blocks)
    hints: dict[str, object] = {}
    lines = _header_lines(blocks[:first], hints)
    meeting_line = next((i for i, b in enumerate(blocks) if _ITEM_PAGE_MEETING.match(b.text)), None)
    if items:
        lines += _item_lines(items)
    elif meeting_line is not None:
        # An mgAi.aspx item page: one item, its number from the "Meeting:" line, its title the page's.
        title = next((b for b in blocks if b.inside("h1") or b.inside(cls="mgMainTitleTxt")), None)
        if hints.get("item_number"):
            lines.append(
                Line(text=str(hints["item_number"]), number=blocks[meeting_line].line, role="item-number")
            )
        if title is not None:
            text = re.sub(r"^Issue - (?:items at )?meetings - ", "", title.text)
            lines.append(Line(text=text, number=title.line, role="item-title"))
        lines += _item_lines([b for b in blocks[meeting_line + 1 :] if b is not title])
    else:
        raise ReadError(name, "ModernGov page without agenda items (no mgItemTable)")
    if "date" not in hints:
        raise ReadError(name, "ModernGov page without a meeting heading (body - date - time)")
    hints.pop("status", None)
    hints.pop("item_number", None)
    return Document(name=name, sha256=sha256, format=FORMAT, lines=lines, hints=hints)


_MARKERS = (
    b"mgItemTable",
    b"mgAiTitleTxt",
    b"mgSubItemTitleTxt",
    b"mgWordPara",
    b"ieListDocuments",
    b"mgAi.aspx",
)


def sniff(head: bytes, name: str) -> int:
    if not html_sniff(head, name):  # the class names alone, as in a README, make no page
        return 0
    found = sum(marker in head for marker in _MARKERS)
    return 92 + found if found >= 2 else 0  # markup outranks the text reader's phrases (at most 90)


READER = Reader(format=FORMAT, sniff=sniff, read=read)

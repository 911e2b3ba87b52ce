"""The Document: what every reader produces, whatever the format.

A Document is the text of a source as numbered lines, each remembering where it came from
(line, or page and line), plus what the reader could tell from the format itself (`hints`).
Structured formats (web-service XML, Legistar pages) also give each line a `role` so the
parser need not guess what the markup already said.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

# What a line is, where the format says so. None: plain text, the parser decides.
Role = Literal[
    "header",  # meeting heading: body, date, time
    "venue",
    "status",  # "Agenda and draft minutes" and the like
    "item-number",
    "item-title",
    "presenter",
    "document",  # an attached report: text is its title, hints give format/size/url
    "agenda",  # agenda text of the current item
    "minutes-start",  # "Minutes:" marker
    "minutes",  # a minutes paragraph of the current item
    "decision",
    "action",
    "attendee",  # hints: name, status, role
]


@dataclass
class Line:
    text: str
    number: int  # 1-based line in the source; in a PDF, of its text as read, counted through the pages
    page: int | None = None
    role: Role | None = None
    hints: dict[str, Any] = field(default_factory=dict)


@dataclass
class Document:
    name: str  # file name or URL
    sha256: str
    format: str  # reader that produced it: moderngov-text, plain-text, pdf, moderngov-xml, ...
    lines: list[Line]
    hints: dict[str, Any] = field(default_factory=dict)  # body, date, council, url, cancelled, page_title...
    warnings: list[str] = field(default_factory=list)
    url: str | None = None

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

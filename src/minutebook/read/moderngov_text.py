"""Reader for ModernGov committee pages copied as text ("Agenda and draft minutes" pages).

The text is plain lines; what marks it as ModernGov is its furniture: "Minutes:" headings,
"pdf icon PDF 69 KB" where a document link was, "view the full minutes text for item 15"
where the page cut the minutes short, the "Items / No. Item" table heading. The parser reads
the lines; this reader only decodes them and keeps their numbers.
"""

from __future__ import annotations

import re

from minutebook.read.detect import Reader
from minutebook.read.document import Document
from minutebook.read.text import decode, looks_like_text, to_lines

FORMAT = "moderngov-text"

_MARKERS = [
    re.compile(r"^\s*Minutes:\s*$", re.M),
    re.compile(r"pdf icon PDF \d"),
    re.compile(r"view the full minutes text for item"),
    re.compile(r"^Agenda and (?:draft )?minutes\s*$", re.M | re.I),
    re.compile(r"^Items\s*\n+No\. Item", re.M),
    re.compile(r"^Additional documents:\s*$", re.M),
]


def sniff(head: bytes, name: str) -> int:
    if not looks_like_text(head):
        return 0
    text = head.decode("utf-8", errors="replace")
    found = sum(1 for marker in _MARKERS if marker.search(text))
    return min(90, 40 + 20 * found) if found else 0


def read(data: bytes, name: str, sha256: str) -> Document:
    return Document(name=name, sha256=sha256, format=FORMAT, lines=to_lines(decode(data, name)))


READER = Reader(format=FORMAT, sniff=sniff, read=read)

"""Evidence that a document is a meeting's record, and where to find its date when no heading
gives it: what lets the parser keep real minutes that lack a heading instead of refusing them.

A meeting's papers show its proceedings: a roster ("Present:", "Apologies", "Roll call"), motions
and their outcome ("moved", "seconded", "carried", "resolved"), the meeting's own course ("called
to order", "adjourned"), numbered business. A README, a list of documents or a data file shows
at most one of these kinds: two kinds or more make a meeting.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import PurePath

from minutebook.parse.blocks import Block
from minutebook.parse.dates import find_date
from minutebook.parse.header import HEADER_SEARCH, heading_like

SIGN_BLOCKS = 400  # blocks read for signs of a meeting
_SIGNS = {
    # A roster label followed by names: "Present: Esme Clark", "**Apologies:** Maria", "Present 7 - Wilson".
    # An agenda's "ROLL CALL" or "Apologies for absence" heading names no one.
    "roster": re.compile(
        r"^\W*(?:members\s+|councillors\s+|commissioners\s+|staff\s+|also\s+)?(?:present|apologies|absent"
        r"|attendees|attendance|in\s+attendance|roll\s+call)\b[*_\s]*(?:[:\-–]|\d+\s*[-–])\W*(?-i:[A-Z])",
        re.I,
    ),
    "motion": re.compile(
        r"\b(?:moved|seconded|resolved|carried|motion|unanimous(?:ly)?|all\s+in\s+favou?r|vote\s+taken)\b",
        re.I,
    ),
    "course": re.compile(
        r"\b(?:called\s+to\s+order|adjourned\s+at|meeting\s+(?:was\s+)?(?:adjourned|closed|opened|ended|began)"
        r"|declared\s+the\s+meeting|respectfully\s+submitted)\b",
        re.I,
    ),
}
_NUMBERED = re.compile(r"^\W*(?:\d{1,3}[.)]|[IVX]{1,4}\.|[A-Z]\.)\s+[A-Z]")


# "Meeting Minutes", "MINUTES", "Agenda - Final": a short heading at the top naming the papers.
_PAPERS_HEADING = re.compile(r"^\W*(?:[\w-]+\s+){0,3}(?:minutes|agenda)\b", re.I)
TITLE_BLOCKS = 10


def meeting_signs(blocks: list[Block]) -> bool:
    """Whether the blocks show two kinds of a meeting's proceedings or more (see the module); a
    heading naming minutes or an agenda at the top, and a date standing alone there, count too."""
    kinds = set()
    if any(len(b.text) < 80 and _PAPERS_HEADING.match(b.text) for b in blocks[:TITLE_BLOCKS]):
        kinds.add("papers")
    if head_date(blocks[:TITLE_BLOCKS]):
        kinds.add("dated")
    numbered = 0
    for block in blocks[:SIGN_BLOCKS]:
        text = block.text
        kinds.update(kind for kind, pattern in _SIGNS.items() if kind not in kinds and pattern.search(text))
        numbered += bool(_NUMBERED.match(text))
        if len(kinds) + (numbered >= 3) >= 2:
            return True
    return False


def head_date(blocks: list[Block]) -> str | None:
    """The first date standing in a heading-like block at the top of the document (below a site's
    navigation, say), where no block there names a body beside it."""
    for block in blocks[:HEADER_SEARCH]:
        found = find_date(block.text)
        if found and len(block.text) < 200 and heading_like(block.text, found[1]):
            return found[0]
    return None


# "2024-06-24", "20240624", "minutes_2014-06-04_final": a date joined into a file name.
_NAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_.]?([01]\d)[-_.]?([0-3]\d)(?!\d)")


def file_name_date(name: str) -> str | None:
    """The date a file's name holds, year first, as YYYY-MM-DD; None if it holds none."""
    for match in _NAME_DATE.finditer(PurePath(name).name):
        try:
            return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        except ValueError:
            continue
    return None


# Minutes marked as approved, in the marks clerks use: "MINUTES APPROVED ON: December 11, 2024",
# "Approved: 08/12/2025", "These minutes were confirmed at the meeting held on ...". Not "the minutes
# of the last meeting were approved": that speaks of other minutes.
APPROVAL = re.compile(
    r"^\W*(?:these\s+)?minutes\s+(?:were\s+)?(?:approved|confirmed|adopted)\s+(?:on|at)\b"
    r"|^\W*(?:date\s+)?approved(?:\s+on)?\s*:\s*\S*\d"
    r"|^\W*confirmed\s+at\s+the\s+meeting\s+held\s+on\b",
    re.I,
)
# What the papers say they are, at the top: an agenda or a notice of a meeting to come, or minutes.
_AGENDA_HEADING = re.compile(
    r"^\W*(?:(?:[\w-]+\s+){0,3}agenda\b(?!\s+item)|public\s+notice\b|notice\s+of\s+(?:the\s+)?meeting\b"
    r"|fogra\s+cruinnithe\b)"
    r"|\bwill\s+be\s+held\b|\byou\s+are\s+(?:hereby\s+)?(?:summoned|requested\s+to\s+attend)\b",
    re.I,
)
_MINUTES_HEADING = re.compile(
    r"^\W*(?:[\w-]+\s+){0,4}minutes\b(?!\s+of\s+(?:the\s+)?(?:last|previous))", re.I
)
# "Minutes of the Meeting of X held on ... at ... in ...": a heading that says so in a sentence,
# however long (an agenda's "Minutes of the last meeting" is an item, numbered, below).
_MINUTES_OF = re.compile(
    r"^\W*(?:(?:draft|confirmed|approved|unconfirmed)\s+)?minutes\s+of\s+(?:(?:the|a|an)\s+)?"
    r"(?!(?:last|previous)\b)(?:[\w-]+\s+){0,4}?meeting\b",
    re.I,
)
HEAD_BLOCKS = 12  # blocks at the top where papers say what they are


def papers_kind(blocks: list[Block]) -> str | None:
    """'minutes' or 'agenda' as the papers show: a heading at the top naming minutes; an agenda or
    a notice of a meeting to come, unless the proceedings are recorded (two kinds of signs beyond
    the heading: a roster with motions or a call to order); None where nothing tells."""
    head = [b.text for b in blocks[:HEAD_BLOCKS] if len(b.text) < 200]
    if any(_MINUTES_HEADING.match(text) for text in head if len(text) < 80 and not text.endswith(".")) or any(
        _MINUTES_OF.match(text) for text in head
    ):
        return "minutes"
    recorded = _proceedings(blocks)
    if any(_AGENDA_HEADING.search(text) for text in head):
        return "minutes" if recorded else "agenda"
    return "minutes" if recorded else None


# A motion's outcome as only minutes record it: "seconded by Cllr. R. Ireton", "The motion carried".
_OUTCOME = re.compile(
    r"\b(?:was\s+)?seconded\s+by\b|\bmotion\s+(?:was\s+)?carried\b|\bcarried\s+unanimously\b", re.I
)


# What was said and done, told in the past tense by who did it: "Attendees unanimously agreed to
# this proposal", "Irina Bastrakova presented on the background", "The Chair thanked ...". An
# agenda says what is to come ("Chair to report"); only minutes tell what happened, and a record
# that narrates it twice is minutes.
_NARRATED = re.compile(
    r"(?:\b(?-i:[A-Z])\w+|\b(?:attendees|members|councillors|chair(?:man|person)?|clerk|committee|board))"
    r"\s+(?:\w+ly\s+)?(?:agreed|explained|presented|reported|noted|discussed|thanked|welcomed|advised"
    r"|stated|suggested|confirmed|informed|outlined|updated|proposed|requested)\s+(?:that|on|to|the|with)\b",
    re.I,
)
NARRATIONS = 2


def _proceedings(blocks: list[Block]) -> bool:
    """Whether the document records what happened: a motion's outcome, two kinds of signs (a
    roster, a motion, the meeting's course), or what was done told in the past tense."""
    kinds: set[str] = set()
    narrated = 0
    for block in blocks[:SIGN_BLOCKS]:
        text = block.text
        if _OUTCOME.search(text):
            return True
        narrated += len(_NARRATED.findall(text))
        if narrated >= NARRATIONS:
            return True
        kinds.update(kind for kind, pattern in _SIGNS.items() if kind not in kinds and pattern.search(text))
        if len(kinds) >= 2:
            return True
    return False

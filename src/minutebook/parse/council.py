"""The council: the organisation whose body met, where the document itself names it.

A council is named by a line at the top of the document, a letterhead or the heading:

- "<Place> <type> Council", the type one or more of City, District, County, Borough, Parish, ...
  ("Hastings District Council", "MINUTES OF WAIROA DISTRICT COUNCIL", "Limerick City and County
  Council's Travel and Transportation Strategic Policy Committee");
- "<kind> of <Place>": "CITY OF PORTLAND, OREGON", "London Borough of Merton", "Town of X", and the
  council's meeting "Council of the City of X";
- Welsh "Cyngor <type> <Place>": "Cyngor Cymuned Manordeilo a Salem";
- "<Place> Council" with no type word only as a line of its own ("Merton Council"), where it
  cannot be a meeting's name run into a sentence.

The line must begin with the name (after "Minutes of the meeting of" and the like), and only lines
of the document's head count (the parser gives them: at most HEAD_LINES): minutes name other
councils all the time ("a letter from the County Council"), and a line that merely mentions one
("Panel: Roger Hampson (London Borough of Redbridge)") is not a letterhead. Where no line names
it, a body that is itself a council's name ("Stoke Ferry Parish Council": the council's full
meeting) names the council. Otherwise the council is not known: it is never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import islice

from minutebook.parse.blocks import clean
from minutebook.parse.header import MEETING_KIND, uncapitalise
from minutebook.record import council_type, in_english

HEAD_LINES = 20  # non-blank lines at most: letterheads and headings stand at the top

_TYPE = (
    r"(?:city\s+and\s+county|city|district|county|borough|metropolitan|parish|town|community|regional"
    r"|village|unitary|shire)"
)
# Capitalised words that never begin or continue a place's name in a heading: what leads a heading
# ("MINUTES OF ..."), what kind of meeting it was, and the council types themselves.
_STOP = (
    rf"(?:{MEETING_KIND}|{_TYPE}|minutes|meeting|agenda|notice|proceedings|summons|draft|confirmed|approved"
    r"|unconfirmed|official|the|a|an|of|and|at|on|in|to|for|held|was|is|will|budget|youth|executive|municipal"
    r"|joint|general"
    r"|common|pre|council|councils|committee|cabinet|board)"
)
# A word of a place's name: capitalised (an accented or macronned capital too: "Ōtorohanga").
_WORD = rf"(?!(?i:{_STOP})\b)[A-ZÀ-ÖØ-ÞĀĒĪŌŪ][\w'’.-]*"
# "Newcastle upon Tyne", "Isle of Wight", "Manordeilo & Salem", "Manordeilo a Salem" (Welsh "and").
_PLACE = rf"{_WORD}(?:\s+(?:(?i:and|&|of|upon|on|under|with|a|ac)\s+)?{_WORD})*"
_COUNCIL = r"(?i:council)\b"
_NAMED = re.compile(
    rf"{_PLACE}(?:\s+(?i:{_TYPE}))+\s+{_COUNCIL}"
    rf"|(?i:(?:(?:royal|london|metropolitan)\s+)?borough|city(?:\s+and\s+county)?|town|village|township|county"
    rf"|(?:regional\s+)?municipality)\s+(?i:of)\s+{_PLACE}(?:,\s+{_WORD})?"  # ", Oregon": a state
    rf"|(?i:cyngor\s+(?:cymuned|tref|sir|dinas|bwrdeistref\s+sirol|dinas\s+a\s+sir))\s+{_PLACE}"
)
_BARE = re.compile(rf"{_PLACE}\s+{_COUNCIL}")
# What comes before the council's name in a heading: "Draft minutes of proceedings at the special
# meeting of", "A regular meeting of the Council of the City of ...".
_LEAD = re.compile(
    r"^(?:(?:draft|confirmed|approved|unconfirmed)\s+)?(?:(?:minutes|agenda|notice|summons)\s+of\s+"
    r"(?:proceedings\s+at\s+)?)?(?:(?:a|an|the)\s+)?"
    rf"(?:(?:\d+(?:st|nd|rd|th)|{MEETING_KIND})\s+)*(?:meeting\s+of\s+(?:the\s+)?)?(?:council\s+of\s+(?:the\s+)?)?",
    re.I,
)


def find_council(lines: Iterable[str], body: str) -> str | None:
    """The council the document's first lines name, else the body where it is one, else None."""
    for text in lines:
        if name := council_name(text):
            return name
    return council_name(body, whole=True)


def head_lines(texts: Iterable[str]) -> list[str]:
    """The first HEAD_LINES non-blank lines as plain words (no Markdown marks)."""
    lines = (clean(text).lstrip("# ") for text in texts)
    return list(islice((line for line in lines if line), HEAD_LINES))


def council_name(text: str, whole: bool = False) -> str | None:
    """The council `text` begins with (after a heading's lead words), or None. With `whole`, or for
    a name without a type word, the name must be all there is (bar a full stop or colon)."""
    start = _LEAD.match(text).end()  # type: ignore[union-attr]  # every part of the lead is optional
    for pattern, alone in ((_NAMED, whole), (_BARE, True)):
        match = pattern.match(text, start)
        if match and (not alone or not text[match.end() :].strip(" .:")):
            return _in_english_beside(text, match.end()) or uncapitalise(match.group())
    return None


# Bilingual letterheads give the council in both languages on one line, the two names parted by
# a slash, bar or dash: "Cyngor Tref Aberteifi / Cardigan Town Council". Councils are keyed by
# their English names (`record.name_key`), so the English one is the council's name. It is taken
# only when the first name is Welsh or Irish and the second is English, of a council of the same
# type: a line naming two different councils ("X Town Council / Y District Council") keeps the first.
_SEPARATOR = re.compile(r"\s*[/|–—-]\s*")


def _in_english_beside(text: str, end: int) -> str | None:
    first = text[:end]
    if in_english(first) == first:
        return None
    separator = _SEPARATOR.match(text, end)
    second = separator and _NAMED.match(text, separator.end())
    if not second or in_english(second.group()) != second.group():
        return None
    if council_type(second.group()) != council_type(first):
        return None
    return uncapitalise(second.group())

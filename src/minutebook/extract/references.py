"""References to other minutes and items: "Minute No. C97 of the Cabinet meeting held on 21st
November, 2012" (minute, body, date), "the minutes of the meeting held on 10 July" (date, the
year taken from the meeting's), "(Agenda item 4)" (item)."""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Iterable

from minutebook.parse.dates import DAY_MONTH, day_month, find_date
from minutebook.record import Reference

_MINUTE = re.compile(
    r"\bMinute\s+(?:No\.?\s*|Number\s+)?(?P<minute>[A-Z]{0,3}\d{1,4}(?:[./]\d{1,4})?(?:\([a-z0-9]+\))?)"
    r"(?:\s+of\s+(?:the\s+)?(?P<body>[A-Z][\w&'’ -]{1,80}?)(?:\s+meeting)?"
    r"\s+held\s+on\s+(?P<date>[^()]{6,40}))?",
)
_MINUTES_OF = re.compile(
    r"\bminutes\s+of\s+the\s+(?:previous\s+|last\s+|special\s+|annual\s+)*"
    r"(?:(?P<body>[A-Z][\w&'’ -]{1,60}?)\s+)?"
    r"meeting(?:\s+of\s+(?:the\s+)?(?P<body2>[A-Z][\w&'’ -]{1,60}?))?\s+held\s+on\s+(?P<date>[^()]{4,40})",
    re.I,
)
_ITEM = re.compile(r"\((?:see\s+)?(?:agenda\s+)?item\s+(?:no\.?\s*)?(?P<item>\d{1,3}[a-z]?)\)", re.I)


def references(text: str, meeting_date: str | None) -> list[Reference]:
    """References in `text`; a date without its year is taken as the last such date before the
    meeting, and left out when the meeting has no date."""
    lower = text.lower()
    if "minute" not in lower and "item" not in lower:  # each pattern needs one of these words
        return []
    found: list[Reference] = []
    for match in _MINUTE.finditer(text):
        date = _date(match["date"], meeting_date) if match["date"] else None
        found.append(
            Reference(text=match.group(0).strip(" ,"), minute=match["minute"], body=match["body"], date=date)
        )
    seen = None  # made at the first "minutes of": most paragraphs have none
    for match in _MINUTES_OF.finditer(text):
        seen = seen or _Texts(r.text for r in found)
        if seen.overlaps(match.group(0)):  # "Minute 12 of the meeting held on ...", or said before
            continue
        body = match["body"] or match["body2"]
        found.append(
            Reference(text=match.group(0).strip(" ,."), body=body, date=_date(match["date"], meeting_date))
        )
        seen.add(found[-1].text)
    for match in _ITEM.finditer(text):
        found.append(Reference(text=match.group(0), item=match["item"]))
    return found


# Where a reference's text can start: every text found starts with "Minute" or "minutes".
_START = re.compile("minute", re.I)


class _Texts:
    """The texts of the references found so far, asked whether a new one holds one of them or lies
    within one (`any(t in new or new in t for t in texts)`) without comparing it with each: a long
    paragraph of references made that quadratic. Every text, old and new, starts with "minute" (in
    any case, as `_START` finds it), so a text lies within another only where that word starts."""

    def __init__(self, texts: Iterable[str]) -> None:
        self._texts: set[str] = set()
        self._lengths: set[int] = set()
        self._tails: list[str] = []  # in order: each text from each "minute" in it to its end
        for text in texts:
            self.add(text)

    def add(self, text: str) -> None:
        self._texts.add(text)
        self._lengths.add(len(text))
        for start in _START.finditer(text):
            insort(self._tails, text[start.start() :])

    def overlaps(self, new: str) -> bool:
        # `new` within a text: a tail starts with it, and the first tail not less than it would.
        at = bisect_left(self._tails, new)
        if at < len(self._tails) and self._tails[at].startswith(new):
            return True
        # A text within `new`: from one of `new`'s "minute"s, a text's length of it is that text.
        return any(
            new[start.start() : start.start() + length] in self._texts
            for start in _START.finditer(new)
            for length in self._lengths
            if start.start() + length <= len(new)
        )


def _date(text: str, meeting_date: str | None) -> str | None:
    full = find_date(text)
    if full and full[1].start() < 5:
        return full[0]
    match = DAY_MONTH.match(text.strip())
    if not match or meeting_date is None:  # "held on 10 July" in undated minutes: no year to give it
        return None
    year = int(meeting_date[:4])
    date = day_month(match.group(0), year)
    return day_month(match.group(0), year - 1) if date and date > meeting_date else date

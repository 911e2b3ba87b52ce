"""References to other minutes and items: "Minute No. C97 of the Cabinet meeting held on 21st
November, 2012" (minute, body, date), "the minutes of the meeting held on 10 July" (date, the
year taken from the meeting's), "(Agenda item 4)" (item)."""

from __future__ import annotations

import re

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
    for match in _MINUTES_OF.finditer(text):
        if any(r.text in match.group(0) or match.group(0) in r.text for r in found):
            continue
        body = match["body"] or match["body2"]
        found.append(
            Reference(text=match.group(0).strip(" ,."), body=body, date=_date(match["date"], meeting_date))
        )
    for match in _ITEM.finditer(text):
        found.append(Reference(text=match.group(0), item=match["item"]))
    return found


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

"""Dates and times as councils print them, to ISO form: pure functions, no state."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        [  # English, then Welsh ("10fed Mehefin 2020")
            ("january", "jan", "ionawr"),
            ("february", "feb", "chwefror"),
            ("march", "mar", "mawrth"),
            ("april", "apr", "ebrill"),
            ("may", "mai"),
            ("june", "jun", "mehefin"),
            ("july", "jul", "gorffennaf"),
            ("august", "aug", "awst"),
            ("september", "sept", "sep", "medi"),
            ("october", "oct", "hydref"),
            ("november", "nov", "tachwedd"),
            ("december", "dec", "rhagfyr"),
        ],
        1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
# English ordinals, and Welsh ones: 1af, 2il, 3ydd, 5ed, 10fed, 11eg, 31ain.
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|af|il|ydd|ed|fed|eg|ain)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = (
    r"(?:(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day"
    r"|d?dydd\s+(?:llun|mawrth|mercher|iau|gwener|sadwrn|sul)),?\s+)?"
)

# "16 March 2016", "21st November, 2012", "this 12TH DAY OF JANUARY, 2011", "Tuesday, 10TH DECEMBER, 2024";
# "March 19, 2025", "MAY 4TH 2020";
# "2025-03-19"; "10/07/2013" (day first, as in the UK, Ireland and New Zealand).
DATE_PATTERNS = [
    re.compile(_WEEKDAY + _DAY + r"(?:\s+day)?(?:\s+of)?\s+" + _MONTH + r",?\s+" + _YEAR + r"\b", re.I),
    re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"\b", re.I),
    re.compile(r"\b" + _YEAR + r"-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
    re.compile(r"\b(?P<day>[0-3]?\d)[/.](?P<month>[01]?\d)[/.]" + _YEAR + r"\b"),
    re.compile(r"\b" + _YEAR + r"/(?P<month>[01]\d)/(?P<day>[0-3]\d)\b"),  # "2019/01/07"
]
_NUMERIC = DATE_PATTERNS[3]  # "10/07/2013": day first, or month first where the document writes so
# A date without its year: "the meeting held on 10 July", "10th June".
DAY_MONTH = re.compile(_DAY + r"(?:\s+of)?\s+" + _MONTH + r"(?!\w)", re.I)

TIME = re.compile(
    r"(?<![\d.:/])(?P<hour>[0-2]?\d)(?:[.:](?P<minute>[0-5]\d))?\s*(?P<half>[ap])\.?\s?m\b\.?"
    r"|(?<![\d.:/])(?P<hour24>[0-2]?\d)[:.](?P<minute24>[0-5]\d)\s*(?:hrs|hours|h)\b"
    r"|\bat\s+(?P<hourat>[0-2]?\d):(?P<minuteat>[0-5]\d)\b(?!\s*[ap]\.?\s?m\b)"
    # "(19:15 TO 19:25 AND 20:25 TO 20:27)": the meeting's times, from and to, on a 24-hour clock
    r"|(?<![\d.:/])(?P<hourfrom>[0-2]?\d):(?P<minutefrom>[0-5]\d)(?=\s*(?:to|until|-|–)\s*[0-2]?\d:[0-5]\d\b)",
    re.I,
)


def find_date(text: str, month_first: bool = False) -> tuple[str, re.Match[str]] | None:
    """The first full date in `text` as YYYY-MM-DD, with its match; None if there is none. With
    `month_first`, "1/7/2019" is 7 January (as in the US), else 1 July."""
    found = []
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            iso = _iso(match, month_first and pattern is _NUMERIC)
            if iso:
                found.append((match.start(), iso, match))
                break
    if not found:
        return None
    _, iso, match = min(found, key=lambda f: f[0])
    return iso, match


def _iso(match: re.Match[str], swap: bool = False) -> str | None:
    month, day = (match["day"], match["month"]) if swap else (match["month"], match["day"])
    number = int(month) if month.isdigit() else MONTHS[month.lower().rstrip(".")]
    try:
        return date(int(match["year"]), number, int(day)).isoformat()
    except ValueError:
        return None


def month_first(texts: Iterable[str]) -> bool:
    """Whether a document writes numeric dates month first ("1/7/2019" for 7 January), as in the
    US. A numeric date whose first number is over 12 says day first, whose second is over 12 says
    month first; otherwise the document's dates in words tell: "December 17, 2018" is written by
    those who put the month first, "17 December 2018" by those who put the day first."""
    texts = list(texts)
    ambiguous = False
    for text in texts:
        for match in _NUMERIC.finditer(text):
            if int(match["day"]) > 12:
                return False
            if int(match["month"]) > 12:
                return True
            ambiguous = True
    if not ambiguous:  # no numeric date to read either way: the costly patterns need not run
        return False
    words_first = numbers_first = 0
    for text in texts:
        words_first += sum(1 for _ in DATE_PATTERNS[1].finditer(text))
        numbers_first += sum(1 for _ in DATE_PATTERNS[0].finditer(text))
    return words_first > numbers_first


# "2/8/13": a date in a table's cell, day first, its year in two digits.
_SHORT_YEAR = re.compile(r"\b(?P<day>[0-3]?\d)[/.](?P<month>[01]?\d)[/.](?P<year>\d\d)\b")


def due_date(text: str) -> str | None:
    """A date as a due-date cell gives it, a full date or "2/8/13" (2 August 2013), as YYYY-MM-DD."""
    found = find_date(text)
    if found:
        return found[0]
    match = _SHORT_YEAR.search(text)
    if not match:
        return None
    try:
        return date(2000 + int(match["year"]), int(match["month"]), int(match["day"])).isoformat()
    except ValueError:
        return None


def day_month(text: str, year: int) -> str | None:
    """A date printed without its year ("10 July"), placed in `year`."""
    match = DAY_MONTH.search(text)
    if not match:
        return None
    try:
        return date(year, MONTHS[match["month"].lower().rstrip(".")], int(match["day"])).isoformat()
    except ValueError:
        return None


def find_time(text: str) -> str | None:
    """The first clock time in `text` as HH:MM: "11.00 a.m." -> 11:00, "1.30 p.m." -> 13:30, "7.30pm"."""
    match = TIME.search(text)
    if not match:
        return None
    if match["hour"] is not None:
        hour, minute = int(match["hour"]), int(match["minute"] or 0)
        if hour > 12:
            return None
        hour = hour % 12 + (12 if match["half"].lower() == "p" else 0)
    elif match["hour24"] is not None:
        hour, minute = int(match["hour24"]), int(match["minute24"])
    elif match["hourat"] is not None:
        hour, minute = int(match["hourat"]), int(match["minuteat"])
    else:
        hour, minute = int(match["hourfrom"]), int(match["minutefrom"])
    return f"{hour:02d}:{minute:02d}" if hour < 24 else None

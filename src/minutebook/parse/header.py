"""The meeting's header: body, title, date, time, venue and whether minutes are draft.

The header is the first block with a full date in it (ModernGov: "Improving Lives Select
Commission - Wednesday 10 July 2013 1.30 p.m."). The body is what comes before the date, less
the words that join them ("held on", a weekday, a dash); where nothing comes before it, the
heading or front-matter title above it. Readers that know the header put it in the hints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from minutebook.parse.blocks import Block
from minutebook.parse.dates import TIME, find_date, find_time, month_first
from minutebook.record import MinutesStatus

HEADER_SEARCH = 40  # blocks; a header further down is not the meeting's
HEADING_DATE_REACH = 200  # characters: how far into a heading its date may stand
DATE_ORDER_BLOCKS = 300  # blocks read to tell whether the document puts the month first
_VENUE = re.compile(r"^(?:venue|location|place|meeting venue)\s*:\s*(?P<venue>.+)$", re.I)
_HELD_AT = re.compile(
    r"\bheld (?:at|in)\s+(?P<venue>.+?)"
    r"(?=\s+on\b|\s+at\s+\d|,?\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|[.;]?$)",
    re.I,
)
# "Minutes of", "Minutes from", "Minutes for", "Notice of": words that lead a heading to its body.
_LEAD = re.compile(
    r"^(?:(?:draft\s+|confirmed\s+|approved\s+|unconfirmed\s+)?minutes(?:\s+(?:of|from|for))?(?:\s+|$)"
    r"(?:proceedings\s+at\s+)?(?:the\s+)?|(?:notice|agenda)\s+(?:of|for)\s+(?:the\s+)?)",
    re.I,
)
# "Special Meeting of Limerick City and County Council": the body is the council.
MEETING_KIND = (
    r"(?:special|ordinary|annual|monthly|extraordinary|statutory|full|virtual|regular|general|formal|informal"
    r"|adjourned|emergency|organi[sz]ational|inaugural)"
)
_PLACE_MEETING = re.compile(rf"(?:{MEETING_KIND}\s+)*(?:parish|town|village|community|ward)", re.I)
# "a meeting of the Cabinet", "the 12th Annual Meeting of": an article or ordinal may lead the kinds.
_KINDS = rf"(?:(?:a|an|the)\s+)?(?:\d+(?:st|nd|rd|th)\s+|{MEETING_KIND}\s+)*"
_MEETING_OF = re.compile(
    rf"^{_KINDS}(?:meeting|proceedings)\s+of\s+(?:the\s+)?|^{_KINDS}(?=\w+\s+meeting$)", re.I
)
# "The meeting was called to order at River Grove Elementary School at 7:01 p.m."
_CALLED_AT = re.compile(
    r"\bcalled to order (?:at|in) (?P<venue>(?:the\s+)?[A-Z][^.;]{2,80}?)(?=\s+at\s+\d|\s+on\b|[.;])"
)
# "meeting-2016-03-16.txt", "minutes_2016-03-16": a date joined into a file name or identifier.
_NAME_BEFORE = re.compile(r"\w[-_/.]$")
_NAME_AFTER = re.compile(r"[-_]|\.(?:txt|md|pdf|html?|json|xml|docx?|csv)\b", re.I)


# "The meeting commenced at 1835", "Chair Fullmer opened the meeting at 6:00 PM", "called to order at
# 7:01 p.m.", "MET ON FRIDAY, ..., AT THE HOUR OF 6:00 P.M.": the minutes' own record of the start.
_STARTED = re.compile(
    r"\b(?:commenced|began|opened\s+the\s+meeting|call(?:ed)?\s+(?:the\s+meeting\s+)?to\s+order|convened"
    r"|at\s+the\s+hour\s+of)\b[^.;]{0,60}?(?:\bat\b\s*:?\s*|(?<=hour of)\s+)"
    r"(?P<time>[0-2]?\d[:.]?[0-5]\d\s*(?:[ap]\.?\s?m\b\.?)?|[0-2]?\d\s*[ap]\.?\s?m\b\.?)",
    re.I,
)


# "Wednesday, May 1, 2024 Town Hall, Meeting Room 6:30 - Hybrid": a clock time with no am or pm.
# "at 19.30" and "1930 hrs" too: a 24-hour clock's hour says itself.
_CLOCK = re.compile(
    r"(?<![\d.:/$£€])(?:(?P<hour>2[0-3]|1\d|0?[1-9]):|(?P<evening>2[0-3]|1[3-9])\.|(?P<plain>[01]\d|2[0-3])(?=[0-5]\d\s*(?:hrs|hours|h)\b))"
    r"(?P<minute>[0-5]\d)(?![\d:.])(?!\s*[ap]\.?\s?m\b)",
    re.I,
)
CLOCK_REACH = 80  # characters after a heading's date where its time may stand
EVENING_FROM, EVENING_TO = 1, 7  # hours: a meeting "at 6:30" with no am or pm is in the evening


def clock_time(text: str) -> str | None:
    """A heading's clock time without am or pm, as HH:MM: councils meet in the day or the evening,
    never between one and seven in the morning, so "6:30" is 18:30 and "10:00" is 10:00."""
    if not (match := _CLOCK.search(text)):
        return None
    hour = int(match["hour"] or match["evening"] or match["plain"])
    hour += 12 if EVENING_FROM <= hour <= EVENING_TO else 0
    return f"{hour:02d}:{match['minute']}"


def evening_guess(text: str) -> bool:
    """Whether `text`'s clock time has an hour that could be morning or evening ("6:30", not "18:00")."""
    match = _CLOCK.search(text)
    return bool(match and match["hour"]) and int(match["hour"]) <= 12  # type: ignore[index]


def start_time(blocks: list[Block]) -> str | None:
    """The time the minutes say the meeting started, as HH:MM ("1835" -> 18:35)."""
    for block in blocks:
        if match := _STARTED.search(block.text):
            text = match["time"].strip()
            if re.fullmatch(r"[0-2]\d[0-5]\d", text):  # "1835": a 24-hour clock without a colon
                hour, minute = int(text[:2]), int(text[2:])
                return f"{hour:02d}:{minute:02d}" if hour < 24 else None
            if found := find_time(text) or clock_time(text) or find_time(f"{text} hrs"):
                return found
    return None


def _before_date(text: str) -> str:
    """`text` up to its first date: "General Meeting 3rd March 2025" -> "General Meeting"."""
    found = find_date(text)
    return text[: found[1].start()] if found else text


_STAMP = re.compile(
    r"\b(?:printed|generated|published|publication|posted|updated|downloaded|created|modified|issued|despatched"
    r"|dispatched|circulated|as\s+of)\b[^.]{0,20}$",
    re.I,
)


def heading_like(text: str, date: re.Match[str]) -> bool:
    """A meeting's date stands in a heading, not in a table row ("| file | date |"), inside a file
    name ("meeting-2016-03-16.txt") or in quotation marks: READMEs and lists of documents name dates
    that way; nor in a stamp of when the papers were printed or published ("Printed on 3 March 2025
    at 10:15")."""
    quoted = text.count('"', 0, date.start()) % 2 and '"' in text[date.end() :]
    if text.startswith("|") or quoted or _STAMP.search(text, max(0, date.start() - 40), date.start()):
        return False
    return not (_NAME_BEFORE.search(text, 0, date.start()) or _NAME_AFTER.match(text, date.end()))


# A form's field labels, printed in capitals beside (or above) their values: "COMMITTEE: DATE:
# Business Management Committee 24 January 2022", "COMMITTEE Full Governing Body DATE 07/12/2020".
# A label is a capitalised field name before a value in mixed case or at the end, or any capitals
# word with a colon.
_FIELD_LABEL = re.compile(
    r"\b(?:COMMITTEE|MEETING|BODY|BOARD|GROUP|DATE|TIME|VENUE|LOCATION|PLACE)\b:?(?=\s+[A-Z][a-z])"
    r"|(?<=[a-z])\s+(?:DATE|TIME|VENUE|LOCATION|PLACE)\b:?\s*$"
    r"|\b[A-Z]{3,}:(?=\s|$)"
)
# What joins a body's name to the date after it; a weekday too, where the date wrapped onto the next line
# ("Commissioners' Public Meeting - Wednesday" / "16 March 2016").
_TAIL = re.compile(
    r"(?:[\s,;:\-–—]|\b(?:held|on|at|in|dated?|meeting date|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b)+$",
    re.I,
)


@dataclass
class Header:
    body: str
    title: str
    date: str
    time: str | None
    venue: str | None
    minutes_status: MinutesStatus | None  # None: not stated, the parser decides
    end: int  # index of the first block after the header
    warnings: list[str] = field(default_factory=list)  # what was read by a guess


def minutes_status(text: str) -> MinutesStatus | None:
    lowered = text.lower()
    if re.search(r"\bdraft\b|\bunconfirmed\b|subject to (?:correction|approval|confirmation)", lowered):
        return "draft"
    if re.search(
        r"\b(?:approved|confirmed|signed)\s+minutes\b|minutes\s*\((?:approved|confirmed)\)", lowered
    ):
        return "approved"
    # A heading "Agenda" alone says nothing here: minutes list their agenda under it too. Whether the
    # papers are an agenda is told by whether they record proceedings (evidence.papers_kind).
    return None


# "A meeting of the Audit Committee will be held:", "Notice of meeting", "You are summoned to attend".
_NOTICE = re.compile(r"\bwill be held\b|\bnotice of (?:the\s+)?meeting\b|\bsummon(?:s|ed)\b", re.I)
_ATTENDANCE = re.compile(r"^(?:members\s+)?present\b", re.I)


# "All minutes are draft until agreed at the next meeting": a notice printed on every page, often
# in the footer, well below the header.
DRAFT_NOTICE = re.compile(
    r"\bminutes\s+(?:are|remain)\s+(?:in\s+)?(?:draft|unconfirmed)\b|\bminutes\s+are\s+subject\s+to\s+"
    r"(?:approval|confirmation)\b"
    # a page's mark on a line of its own: "DRAFT", "Draft minutes", "UNCONFIRMED - subject to approval"
    r"|^\W*(?:draft|unconfirmed)(?:\s+(?:minutes|copy|version|only))?(?:\W+subject\s+to\s+\w+)?\W*$",
    re.I,
)


def find_header(blocks: list[Block], fallback_title: str | None = None) -> Header | None:
    """The meeting's header. Where the first one gives notice of a meeting to come (an agenda
    pack) and the pack carries the minutes of an earlier meeting, those minutes are the record:
    their header is a dated block followed by an attendance list ("PRESENT: ...")."""
    order = month_first(b.text for b in blocks[:DATE_ORDER_BLOCKS])
    header = _first_header(blocks, fallback_title, month_first=order)
    if header is None or not _NOTICE.search(" ".join(b.text for b in blocks[: header.end])):
        return header
    for index in range(header.end, len(blocks)):
        if find_date(blocks[index].text, order) and any(
            _ATTENDANCE.match(b.text) for b in blocks[index + 1 : index + 4]
        ):
            minutes = _first_header(blocks, fallback_title, start=index, stop=index + 1, month_first=order)
            # Only minutes of an earlier meeting: a summons followed by its own minutes is one meeting.
            if minutes is not None and minutes.date < header.date:
                return minutes
    return header


def _first_header(
    blocks: list[Block],
    fallback_title: str | None = None,
    start: int = 0,
    stop: int = HEADER_SEARCH,
    month_first: bool = False,
) -> Header | None:
    untitled: tuple[int, str, re.Match[str]] | None = None
    for index in range(start, min(stop, len(blocks))):
        block = blocks[index]
        found = find_date(block.text, month_first)
        if not found:
            continue
        iso, match = found
        # A heading dates the meeting in its first words; a date deep in a paragraph ("Resolution
        # authorizing ... published on February 5, 2025") is some other business's.
        if not heading_like(block.text, match) or match.start() > HEADING_DATE_REACH:
            continue
        above = _heading_above(blocks, index)
        title = (
            _body(block.text[: match.start()])
            or _body(above or "")
            or _body(_before_date(fallback_title or ""))
            or _named_after(block.text[match.end() :])
            or _named_nearby(blocks, index)
            or _summoned_body(blocks[:HEADER_SEARCH])
        )
        if title:
            # A title that leads with the date and names the body after it ("2019/01/07 06:30 PM
            # Planning Commission ... - Web Outline") is a page's title; its cover may follow.
            if (
                not above
                and not block.text[: match.start()].strip()
                and title == _named_after(block.text[match.end() :])
            ):
                index, match = _restated(blocks, index, iso, match, month_first)
            return _header_at(blocks, index, iso, match, title, _heading_above(blocks, index))
        untitled = untitled or (index, iso, match)
        # A date with its clock time ("Wednesday, April 30, 2025 10:00 AM") is the meeting's: the
        # dated papers further down are other business's, whatever body they name.
        if _TIMED.match(block.text, match.end()):
            break
    # A dated heading that names no body ("Meeting Minutes / Wednesday, May 14, 2025 2:00 PM /
    # Council Chambers"): its date, time and place are still the meeting's; the body stays unknown.
    # A dated line alone (a front-matter title) is no meeting's heading without the papers below it.
    if untitled and untitled[0] + 1 < len(blocks):
        index, iso, match = untitled
        return _header_at(blocks, index, iso, match, "", _heading_above(blocks, index))
    return None


def _restated(
    blocks: list[Block], index: int, iso: str, match: re.Match[str], month_first: bool
) -> tuple[int, re.Match[str]]:
    """Where a page's title leads with the meeting's date ("2019/01/07 06:30 PM Planning Commission
    Regular Meeting - Web Outline") and the page's own cover restates the date on a line of its own ("1/7/2019
    6:30 PM" over "City Council Chamber"), the cover is the heading: the meeting's papers follow it."""
    for later in range(index + 1, min(len(blocks), HEADER_SEARCH)):
        text = blocks[later].text
        found = find_date(text, month_first) if len(text) < 60 else None
        if found and found[0] == iso and _date_alone(text, found[1]):
            return later, found[1]
    return index, match


def _date_alone(text: str, date: re.Match[str]) -> bool:
    """Whether `text` is a date with at most its weekday and time: "Monday 1/7/2019 6:30 PM"."""
    words = _WEEKDAY_WORDS.sub("", text[: date.start()]) + TIME.sub("", text[date.end() :])
    return not re.search(r"[A-Za-z]{3}", words)


_WEEKDAY_WORDS = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.I)


def _letterhead_run_on(body: str) -> str:
    """A letterhead run into the meeting's own title on one line: "Ferndale Borough Council Council
    Meeting" (the name said twice), "Ferndale School Board Regular Board Meeting", "Ferndale Town
    Council Full Council" (a kind of meeting begins the title): the letterhead names the body."""
    body = re.sub(r"\b(\w+)\s+\1$", r"\1", body, flags=re.I)
    parts = re.split(rf"\s+(?={MEETING_KIND}\s+\w)", body, maxsplit=1, flags=re.I)
    if len(parts) == 2 and _BODY_NAME.match(parts[0]) and re.search(rf"{_BODY_NOUN}$", parts[1], re.I):
        return parts[0]
    return body


# A council named by its type alone: "the Parish Council", "the Town Council".
_TYPE_ONLY = re.compile(r"(?:parish|town|community|village|city|district|county|borough)\s+council", re.I)


_MEETING_WORDS = re.compile(r"\b(?:meeting|minutes|agenda|of)\b", re.I)  # "FORMAL MEETING OF CITY COUNCIL"


def _letterhead_name(head: list[Block], body: str) -> str | None:
    """The letterhead's full name for a council the heading names by its type alone: "BURTON-CUM-
    WALDEN PARISH COUNCIL" over "MINUTES OF THE PARISH COUNCIL MEETING". Where the papers print the
    short name as a line of its own ("KENT COUNTY COUNCIL" / "COUNTY COUNCIL"), that is the meeting's
    name as they give it, and it stays."""
    if not _TYPE_ONLY.fullmatch(body):
        return None
    lines = [clean_heading(b.text) for b in head if len(b.text) <= 80]
    if any(line.casefold() == body.casefold() for line in lines):
        return None
    for line in lines:
        words = line.split()
        if len(words) > len(body.split()) and " ".join(words[-2:]).casefold() == body.casefold():
            name = uncapitalise(line)
            if _BODY_NAME.match(name) and not find_date(name) and not _MEETING_WORDS.search(name):
                return name
    return None


# "THE COPPERTON METRO TOWNSHIP COUNCIL, STATE OF UTAH, MET ON FRIDAY": the body that met, in the
# sentence that opens the minutes.
_MET = re.compile(
    r"^(?:the\s+)?(?P<body>(?-i:[A-Z])[\w&'’. -]{2,80}?)(?:,\s+[^,]{2,40})?,?\s+"
    r"(?:met|convened)\s+(?:on|at|in)\b",
    re.I,
)


def _fuller_name(sentences: list[Block], body: str) -> str | None:
    """The fuller name the opening sentence gives the body the heading names: "Copperton Council"
    in the heading, "THE COPPERTON METRO TOWNSHIP COUNCIL ... MET ON" below. The same body: its
    first and last words agree and the heading's words all stand in the fuller name, in order."""
    short = body.casefold().split()
    for block in sentences:
        if not (match := _MET.match(block.text)):
            continue
        name = uncapitalise(match["body"].strip())
        words = name.casefold().split()
        if len(words) > len(short) >= 2 and words[0] == short[0] and words[-1] == short[-1]:
            rest = iter(words)
            if all(word in rest for word in short):  # in order: each found after the one before
                return name
    return None


# A board or commission named by the word alone ("Commission Meeting Minutes"); "Council" and
# "Cabinet" alone are how councils name their full meeting and their executive, and stay.
_BARE_BODY = re.compile(r"(?:commission|commissioners|board|committee|panel|authority|trust)", re.I)


def _organisation(above: list[Block], body: str, title: str) -> str | None:
    """The organisation whose board met, from the letterhead above a heading that names the board by
    its word alone: "Lincoln Square Special Service Area #21" over "Commission Meeting Minutes". The
    letterhead is the first short line of the papers, not a date, time, address or the title."""
    if not _BARE_BODY.fullmatch(body) or not above:
        return None
    text = re.sub(r"[*_`]+|^#+\s*", "", above[0].text).strip()  # "Area #21" keeps its number sign
    if text == title or len(text) > 80 or _ADDRESS.search(text) or find_date(text) or TIME.search(text):
        return None
    name = _body(text)
    return name if name and not _BARE_BODY.fullmatch(name) and not _MEETING_WORDS.search(name) else None


# "a meeting of the above council", "the above-named Committee": the body the letterhead names.
_ABOVE = re.compile(
    r"(?:the\s+)?above(?:[- ]?named|[- ]mentioned)?\s+(?:council|committee|board|commission|panel|authority)",
    re.I,
)


def _named_above(above: list[Block], body: str) -> str | None:
    """The letterhead's name where the heading calls the body "the above council"."""
    if not _ABOVE.fullmatch(body):
        return None
    for block in reversed(above):
        text = clean_heading(block.text)
        if len(text) <= 80 and _BODY_NAME.match(text) and (name := _body(text)):
            return name
    return None


_TIMED = re.compile(rf"[\s,;–—-]*(?:at\s+)?(?:{TIME.pattern})", re.I)


def _header_at(
    blocks: list[Block], index: int, iso: str, match: re.Match[str], title: str, above: str | None
) -> Header:
    """The header whose date is `match` in `blocks[index]`, naming the meeting `title`."""
    block = blocks[index]
    before = block.text[: match.start()]
    # "Local Public Data Panel – eighth meeting", "Stoke Ferry Parish Council Meeting",
    # "Wretton Parish Council Virtual Meeting"
    body = (
        re.sub(
            rf"(?:\s+[-–—]\s+\w+)?(?:\s+{MEETING_KIND})*\s+meeting$",
            "",
            _MEETING_OF.sub("", title),
            flags=re.I,
        )
        or title
    )
    # "Annual Parish Meeting", "Town Meeting": a meeting of a place's electors is a body itself.
    if _PLACE_MEETING.fullmatch(body):
        body = re.sub(r"\s+(?:minutes|agenda)$", "", title, flags=re.I)
    body = _letterhead_run_on(body)
    body = (
        _letterhead_name(blocks[: index + 1], body)
        or _fuller_name(blocks[index + 1 : index + 4], body)
        or _organisation(blocks[:index], body, title)
        or _named_above(blocks[:index], body)
        or body
    )
    warnings = []
    stated_time = find_time(block.text[match.start() :]) or find_time(before)
    clock = block.text[match.end() : match.end() + CLOCK_REACH]
    if not stated_time and (stated_time := clock_time(clock)) and evening_guess(clock):
        warnings.append(f"the meeting's time is printed without am or pm: read as {stated_time}")
    earlier = " ".join(b.text for b in blocks[: index + 1] if len(b.text) < 200)
    following = " ".join(b.text for b in blocks[index + 1 : index + 4])[:200]
    return Header(
        body=body,
        title=title,
        date=iso,
        time=stated_time or find_time(following) or start_time(blocks[index + 1 : index + HEADER_SEARCH]),
        venue=_venue(
            blocks[index : index + 6],
            f"{above or ''} {block.text}",
            blocks[index : index + 1 + NEARBY_BELOW],
            block.text[match.end() :],
            blocks[max(0, index - NEARBY_ABOVE) : index],
            blocks[index + 1 : index + HEADER_SEARCH],
        ),
        minutes_status=minutes_status(earlier),
        end=index + 1,
        warnings=warnings,
    )


# "A REGULAR MEETING OF THE COUNCIL OF THE CITY OF X WAS HELD", "attend Meeting of X to be held":
# wherever a sentence says which body's meeting it is, that names the body. Welsh puts "was held"
# first: "Cynhaliwyd cyfarfod Cyngor Cymuned X o bell ar Zoom am 7.30pm".
_MEETING_HELD = re.compile(
    r"\bmeeting\s+of\s+(?:the\s+)?(?P<body>[^.;:]{3,100}?)\s+(?:was|is|will\s+be|to\s+be)\s+held\b"
    r"|\bcynhaliwyd\s+cyfarfod\s+(?:o['’]?r?\s+)?(?P<cy>.{3,100}?)(?=\s+(?:o\s+bell|ar|am|yn|drwy)\b|$)",
    re.I,
)
# Words that name a meeting or its papers, never the body that meets, in the languages read here
# (English and Welsh): "MEETING 10th FEBRUARY 2016" and "Cyfarfod 10fed Mehefin 2020" name no body.
_GENERIC = re.compile(
    rf"(?:(?:{MEETING_KIND}|meeting|minutes|agenda|notice|proceedings|summons|cyfarfod|cofnodion|rhaglen|arbennig"
    r"|blynyddol|of|the|a|an|and|&|final|revised|amended|updated|supplementary|draft|[-–—])\s*)+",
    re.I,
)
# OCR noise: a stray symbol standing as a word, or a word that turns to capitals after lower case
# ("= & County Council ... aAmxN"). Names such as "McSweeney" start with a capital, so they pass.
_NOISE = re.compile(r"(?:^|\s)[=|~^_\\]+(?:\s|$)|\b[a-z]+[A-Z]")
# A sentence ends in a full stop after a word: "Boughton Parish Council. Councillors are summoned..."
# ("St. Mary's", "Co. Limerick" abbreviate one letter after a capital, so they do not end one).
_SENTENCE_END = re.compile(r"(?<=[a-z]{2})\.\s+(?=[A-Z])")
_PAGE_STAMP = re.compile(r"^[\d/.\-]+\s+")  # "1207/05/2020 MINUTES OF ...": a page stamp run into the text


def _summoned_body(blocks: list[Block]) -> str:
    """The body a notice or summons names ("You are requested to attend Meeting of X to be held")."""
    return next((body for block in blocks if (body := _named_in_sentence(block.text))), "")


def _named_in_sentence(text: str) -> str:
    match = _MEETING_HELD.search(text)
    return _body(match["body"] or match["cy"]) if match else ""


def _body(text: str) -> str:
    if named := _named_in_sentence(text):
        return named
    text = _SENTENCE_END.split(_PAGE_STAMP.sub("", text.strip()), maxsplit=1)[0]
    text = _FIELD_LABEL.sub("", text).strip()
    text = _LEAD.sub("", text)
    text = _HELD_AT.sub("", text)
    # "X held their meeting", "Parish Council meeting held remotely via Zoom": no name goes on past "held"
    text = re.sub(r"\s+(?:was\s+)?(?:held|met)\b.*$", "", text, flags=re.I)
    text = TIME.sub("", text)
    text = _TAIL.sub("", text).strip(" -–—,.|")
    text = re.sub(r"^(?:at|on)\b\s*|\s+minutes$", "", text, flags=re.I).strip(" -–—,.")
    if len(text) < 3 or len(text) > 150 or not re.search(r"[A-Za-z]{3}", text):
        return ""
    if _GENERIC.fullmatch(text) or _NOISE.search(text) or _NOT_A_BODY.search(text):
        return ""
    return uncapitalise(text)


# What a body's name never holds: the word for the papers inside it ("Workshop Minutes Master
# Planning" is the papers' title: the body is named elsewhere), or an address ("414 Grant Street
# City of Pittsburgh, PA 15219": a letterhead's).
_NOT_A_BODY = re.compile(
    r"\S\s+(?:minutes|agenda)\s+\S"
    r"|\b[A-Z]{2}\s+\d{5}\b|\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b"
    r"|\b(?:street|avenue|road|boulevard|blvd)\b",
    re.I,
)


def uncapitalise(text: str) -> str:
    """'LIMERICK CITY AND COUNTY COUNCIL' -> 'Limerick City and County Council'; mixed case stays."""
    if not text.isupper():
        return text
    small = {"and", "of", "the", "in", "on", "at", "for", "to", "by", "cum", "upon", "under", "le", "en"}
    words = text.lower().split(" ")
    return " ".join(w if i and w in small else _capitalise_parts(w, small) for i, w in enumerate(words))


def _capitalise_parts(word: str, small: set[str]) -> str:
    """ "burton-cum-walden" -> "Burton-cum-Walden": each part of a joined name, bar the small words."""
    parts = word.split("-")
    return "-".join(p if i and p in small else p[:1].upper() + p[1:] for i, p in enumerate(parts))


def _heading_above(blocks: list[Block], index: int) -> str | None:
    """The nearest heading in the three blocks above the dated one. A jurisdiction's name ("TOWN OF
    LUNENBURG" under "LUNENBURG PLANNING BOARD") is the council's letterhead, not the body that met:
    it is taken only where no other heading stands there."""
    jurisdiction = None
    for block in reversed(blocks[max(0, index - 3) : index]):
        # A heading neither ends a sentence ("Commissioner Leonard arrived at 9:36 a.m.") nor is a
        # labelled field ("Minutes status: Final") nor an address.
        if re.search(r"(?:[a-z]{2}|\b[ap]\.m)\.$|^[\w ]{2,30}:\s", block.text) or _ADDRESS.search(block.text):
            continue
        if len(block.text) < 120 and not find_date(block.text):
            if not _JURISDICTION.match(block.text):
                return block.text
            jurisdiction = jurisdiction or block.text
    return jurisdiction


_JURISDICTION = re.compile(
    r"^(?:the\s+)?(?:city|town|county|village|township|borough|municipality)\s+of\s+[\w .,'’-]+$", re.I
)


# A street address or a postcode: "414 Grant Street", "Los Angeles, CA 90012", "Maidstone ME14 1XQ".
_ADDRESS = re.compile(
    r"\b[A-Z]{2}\s+\d{5}\b|\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b"
    r"|\b\d+\s+(?:[NSEW]\.?\s+)?(?:[A-Z][\w.-]*\s+){1,3}(?i:street|st|avenue|ave|road|rd|boulevard|blvd|drive|dr|lane"
    r"|way|highway|plaza|square|building)\b"
)
# What a body is called: a few capitalised words ending in a word for a body that meets ("Executive
# Management Committee", "City Council", "Standing Committees", "Board of Governors"), or such a
# word followed by "of" and a name ("Board of Water and Power").
# A word for a room or a building that houses a meeting.
_PLACE_WORD = r"(?:chambers?|hall|room|centre|center|institute|library|offices|pavilion|suite|auditorium)"
_BODY_NOUN = (
    r"(?:council|committee|sub-?committee|board|commission|commissioners|cabinet|panel|authority|assembly"
    r"|forum|group|trust|trustees|directors|selectmen|aldermen|supervisors|regents|governors|governing\s+body"
    r"|partnership|agency|executive|caucus|corporation)s?"
)
_BODY_NAME = re.compile(
    rf"^(?:the\s+)?(?:(?-i:[A-Z#])[\w&'’.-]*\s+(?:(?:of|and|for|&|on|the)\s+)*){{1,8}}{_BODY_NOUN}$"
    rf"|^{_BODY_NOUN}\s+(?:of|for)\s+(?:the\s+)?(?-i:[A-Z])[\w'’.-]*"
    rf"(?:\s+(?:of|and|for|&|the|(?-i:[A-Z])[\w'’.-]*)){{0,7}}$",
    re.I,
)
_DOCUMENT_WORDS = re.compile(r"(?:\s+[-–—]?\s*(?:meeting\s+)?(?:agenda|minutes)(?:\s+[-–—]\s+\w+)*)+$", re.I)
NEARBY_ABOVE, NEARBY_BELOW = 6, 6  # blocks: a cover page stacks letterhead, date, time, place, body


# A body's name at the start of the words after a date: capitalised words ending in a word for a
# body that meets, not a room named after one ("Council Chambers").
_BODY_PREFIX = re.compile(
    r"(?!(?:members|present|also|apologies|attendees|staff|officers|report|minutes)\b)"
    rf"(?:(?-i:[A-Z])[\w&'’.-]*\s+(?:(?:of|and|for|&|on|the)\s+)*){{0,8}}{_BODY_NOUN}\b"
    rf"(?![\w-]|\s+{_PLACE_WORD}\b|\s*(?::|present\b|absent\b|in\s+attendance\b))",  # "Directors Present:"
    re.I,
)


def _named_after(text: str) -> str:
    """The body a cover line names after its date, time and place: "2019/01/07 06:30 PM Planning and
    Zoning Commission Regular Meeting - Web Outline", "Wednesday, April 30, 2025 10:00 AM Council
    Chambers STANDING COMMITTEES AGENDA"."""
    rest = text[_JOINERS.match(text).end() :]  # type: ignore[union-attr]  # every part is optional
    if (
        (venue := _place_run(rest))
        and _PLACE_WORD_IN.search(venue)
        and rest.lower().startswith(venue.lower())
    ):
        rest = rest[len(venue) :].lstrip(" ,-–—")
    match = _BODY_PREFIX.match(rest)
    return _body(match.group()) if match else ""


def _named_nearby(blocks: list[Block], index: int) -> str:
    """The body a cover page names on a line of its own near the date (above it first, nearest
    first, then below): US and Legistar covers print "Meeting Minutes / Tuesday, April 29, 2025 /
    10:00 AM / Council Chambers / City Council", a Scottish minute "GOVAN COMMUNITY COUNCIL /
    MINUTES OF / GENERAL MEETING MONDAY 3 MARCH 2025". A line is a body's name by its shape (see
    _BODY_NAME), not an address, a time or a date."""
    above = reversed(blocks[max(0, index - NEARBY_ABOVE) : index])
    below = blocks[index + 1 : index + 1 + NEARBY_BELOW]
    for block in (*above, *below):
        text = _DOCUMENT_WORDS.sub("", clean_heading(block.text))
        if len(text) > 100 or _ADDRESS.search(text) or find_date(text) or TIME.search(text):
            continue
        if _BODY_NAME.match(text) and (body := _body(text)):
            return body
    return ""


def clean_heading(text: str) -> str:
    """A heading's words without Markdown emphasis or heading marks."""
    return re.sub(r"[*_#`]+", "", text).strip()


# "MINUTES OF A MEETING OF THE COUNCIL HELD IN THE Council Chamber ... ON Thursday": a heading
# that restates the meeting below a cover or a table of contents.
_OF_A_MEETING = re.compile(r"^(?:minutes\s+)?of\s+(?:a|the)\s+meeting\s+of\b", re.I)


def _restated_venue(blocks: list[Block]) -> str | None:
    for block in blocks:
        if _OF_A_MEETING.match(block.text) and (match := _HELD_AT.search(block.text)):
            return _clean_venue(match["venue"])
    return None


def _clean_venue(text: str) -> str | None:
    """ "at 7.30pm in the Village Hall" -> "Village Hall": the time and the words joining it are no
    part of the venue."""
    venue = re.sub(r"^(?:(?:at|in|on)\s+)*(?:the\s+(?=[A-Z]))?", "", TIME.sub("", text).strip(" ,."))
    return uncapitalise(venue.strip(" ,.")) or None


def _venue(
    blocks: list[Block],
    header_text: str,
    cover: list[Block] | None = None,
    after_date: str = "",
    above: list[Block] | None = None,
    further: list[Block] | None = None,
) -> str | None:
    """Where the meeting was held: a "Venue:" field or "called to order at X"; "held in X" in the
    heading or in the sentences just below it ("The meeting was held in West Burton Village Hall
    on Tuesday"); the place the dated line names after its date and time ("Monday 3rd September,
    2018 - 11.00 a.m. in the Riverside Park Hotel"); else a cover page's line naming a room, a
    building or an address near the date, below it first, then above it."""
    for block in blocks:
        match = _VENUE.match(block.text) or _CALLED_AT.search(block.text)
        if match:
            return _label_value(match["venue"])
    for block in blocks[:4]:
        if match := _VENUE_LABEL.search(block.text):
            return _label_value(match["venue"])
    for i, text in enumerate((header_text, *(b.text for b in blocks[1:4]))):
        # "HELD AT 7.30PM ON ...": a time where the place would be leaves the place to what follows
        if (match := _HELD_AT.search(text)) and (
            found := _clean_venue(match["venue"] + _continued(text, match, blocks[i + 1 : i + 2]))
        ):
            return found
    if found := _restated_venue(further or []):
        return found
    if found := place_after_date(after_date):
        return found
    if match := _ONLINE.search(header_text):
        return match["venue"]
    # "THE X COUNCIL MET ON FRIDAY, DECEMBER 20, 2019, ..., AT THE Y": a sentence just below the
    # heading that dates the meeting names its place after the date too.
    for block in blocks[1:4]:
        dated = find_date(block.text) if _MET.search(block.text) else None
        if dated and (found := place_after_date(block.text[dated[1].end() :])):
            return found
    if found := _place_in_opening(blocks[:4]):
        return found
    lines = [*(cover or []), *reversed(above or [])]
    return next((venue for b in lines if (venue := _venue_line(b.text))), None)


# "Meeting Posted: Yes Place: Ritter Memorial Building, 960 Massachusetts Avenue Time: 6:30 PM": a
# form's place field among others on one line; its value runs to the next field's label.
_VENUE_LABEL = re.compile(r"(?:^|\s)(?:venue|location|place)\s*:\s*(?P<venue>\S.*)$", re.I)
_NEXT_LABEL = re.compile(r"\s+(?-i:[A-Z])[A-Za-z/]+(?:\s[A-Za-z/]+)?\s*:(?:\s|$).*$")


# "The regular meeting ... was called to order at 5:02 p.m. by President Smith at the District Office,
# 100 Main Street.": the sentence that opens the meeting names its place.
_OPENING = re.compile(r"\b(?:called\s+to\s+order|convened|was\s+held|met)\b", re.I)
_AT_THE = re.compile(r"\b(?:at|in)\s+the\s+(?=(?-i:[A-Z]))", re.I)


def _place_in_opening(blocks: list[Block]) -> str | None:
    """A room, building or address introduced by "at the" or "in the" in the sentence that opens the
    meeting (a bare capitalised phrase there may be a person or a body, so it must name a place)."""
    for block in blocks:
        if not (opening := _OPENING.search(block.text)):
            continue
        sentence = _SENTENCE_END.split(block.text[opening.end() : opening.end() + PLACE_REACH], maxsplit=1)[0]
        for intro in _AT_THE.finditer(sentence):
            found = _place_run(sentence[intro.end() :])
            if found and (_PLACE_WORD_IN.search(found) or _ADDRESS.search(found)):
                return found
    return None


# "held remotely via Zoom", "on Microsoft Teams": a meeting held online names the service it used.
_ONLINE = re.compile(
    r"\b(?:via|on|using|over)\s+(?P<venue>zoom|(?:microsoft\s+|ms\s+)?teams|google\s+meet|skype|webex)\b",
    re.I,
)


def _continued(text: str, match: re.Match[str], following: list[Block]) -> str:
    """The rest of a place's name that a line break carried into the next block: "held in the Darent
    Room, Sessions House, County" / "Hall, Maidstone." A sentence that ends its line without a full
    stop goes on below, where a short line ends it."""
    if match.end() < len(text.rstrip()) or text.rstrip().endswith((".", ";", ":")) or not following:
        return ""
    nxt = following[0].text
    if len(nxt) <= 60 and nxt.endswith(".") and ":" not in nxt and nxt[:1].isupper():
        return " " + nxt
    return ""


def _label_value(text: str) -> str:
    return _NEXT_LABEL.sub("", text).strip(" ,;.") or text.strip()


# The words of a place's name, capitalised, with the small words names keep ("Hall of the Board",
# "Carbon Arc Bar & Board", "8565 W State Highway", "Room 1555-H", "206 S. Main Street").
_NAME_WORD = r"(?:(?-i:[A-Z0-9#])[\w'’&.#/-]*+(?!:\d)|&|(?-i:of|and|the|de|la|upon|on)\b)"  # not "6:30"
_PLACE_RUN = re.compile(rf"{_NAME_WORD}(?:,?\s+{_NAME_WORD})*")
# What may stand between a date and the place: its time, a dash, "at", "in", "the".
_JOINERS = re.compile(
    rf"^(?:[\s,;|–—-]+|(?:at|from|commencing|starting)\s+(?=[0-2]?\d)|{TIME.pattern}|\b[0-2]?\d[:.][0-5]\d\b|\b[0-2]\d[0-5]\d\s*(?:hrs|hours|h)\b)*",
    re.I,
)
_INTRO = re.compile(r"^(?:in|at|via|on)\s+(?:the\s+)?", re.I)
# Words that begin what follows a place on its line, never a place: a weekday, a month, "hour".
_NOT_PLACE = re.compile(
    r"^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|hour|noon|pursuant|which|who|when|where|least)\b", re.I
)


PLACE_REACH = 250  # characters after the date: the sentence that dates the meeting, not the minutes below


def place_after_date(text: str) -> str | None:
    """The place the dated line names after the date and time: "– 9:00am at Carbon Arc Bar &
    Board", " 2:00 PM Council Chambers", "in the Council Chamber at 12.30pm (with some remote
    attendance)", "..., AT THE HOUR OF 6:00 P.M., AT THE COPPERTON IMPROVEMENT DISTRICT, 8565 W
    STATE HIGHWAY, COPPERTON, UTAH." A place introduced by "in" or "at" is one by its position; a
    bare run of capitalised words only where it names a room, a building or an address."""
    rest = text[_JOINERS.match(text).end() :]  # type: ignore[union-attr]  # every part is optional
    if (intro := _INTRO.match(rest)) and (found := _place_run(rest[intro.end() :])):
        return found
    found = _place_run(rest)
    if found and (_PLACE_WORD_IN.search(found) or _ADDRESS.search(found)):
        return found
    # "PURSUANT TO ADJOURNMENT ON ..., AT THE HOUR OF 6:00 P.M., AT THE X": further on in the sentence
    sentence = _SENTENCE_END.split(rest[:PLACE_REACH], maxsplit=1)[0]
    for intro in re.finditer(r"[,;]\s*(?:in|at)\s+(?:the\s+)?(?=\S)", sentence, re.I):
        found = _place_run(sentence[intro.end() :])
        if found and (_PLACE_WORD_IN.search(found) or _ADDRESS.search(found)):
            return found
    return None


def _ends_place(word: str, nxt: str, mixed: bool) -> bool:
    """Whether `word` (then `nxt`) is past the end of a place's name on its line."""
    bare = word.strip(",.")
    if TIME.match(word) or re.fullmatch(r"[0-2]?\d[:.][0-5]\d", bare):
        return True
    # two words in capitals after mixed case: a heading run on into the line
    capitals = len(bare) > 2 and bare.isupper() and not re.search(r"\d", bare)
    if mixed and capitals and nxt.strip(",.").isupper() and nxt[:1].isalpha():
        return True
    # "In accordance with": a sentence begins
    return word[:1].isupper() and nxt[:1].islower() and not _JOINING.match(nxt)


# Lower-case words that may follow a place's name on its line: "Council Chamber at 12.30pm".
_JOINING = re.compile(r"(?:of|and|the|de|la|upon|on|at|in|from|with|to|by|via|for|commencing)\b")


def _place_run(text: str) -> str | None:
    """The capitalised words `text` begins with, as a place's name, up to what ends it on the line:
    a time, a bracket, a bullet, a sentence ("In accordance with ..."), or a switch from mixed case
    to capitals ("Council Chambers STANDING COMMITTEES AGENDA")."""
    if _NOT_PLACE.match(text) or ((dated := find_date(text[:40])) and dated[1].start() == 0):
        return None
    match = _PLACE_RUN.match(text)
    if not match:
        return None
    words = match.group().split()
    if text[match.end() :].startswith(":"):
        words = words[:-1]  # "Council Chamber, Town Hall PRESENT: ...": a label begins what follows
    mixed = not match.group().isupper()
    kept: list[str] = []
    for i, word in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else text[match.end() :].lstrip()
        if _ends_place(word, nxt, mixed):
            break
        kept.append(word)
        if word.endswith(".") and len(word) > 4 and not word.isupper():
            break  # a sentence ends after a word ("Maidstone.")
    venue = " ".join(kept).strip(" ,;.-–—")
    venue = re.sub(r"(?:\s+(?:of|and|the|de|la|upon|on|&))+$", "", venue, flags=re.I)
    if len(venue) < 3 or len(venue) > 120 or not re.search(r"[A-Za-z]{2}", venue) or find_date(venue):
        return None
    return uncapitalise(venue)


_PLACE_WORD_IN = re.compile(
    r"\b(?:chambers?|hall|room|centre|center|institute|library|offices|pavilion|suite|auditorium|building"
    r"|school|church|hotel|house|club|court|district|park|office)\b",
    re.I,
)
# A line naming a room or a building: "Council Chambers", "City Council Chamber", "Town Hall,
# Meeting Room". A cover page prints it under the date and time.
_VENUE_LINE = re.compile(
    rf"^(?:(?-i:[A-Z])[\w'’&.-]*[\s,]+){{0,5}}{_PLACE_WORD}(?:[\s,-]+(?-i:[A-Z0-9])[\w'’&.-]*){{0,12}}$", re.I
)


_HAS_PLACE_WORD = re.compile(_PLACE_WORD, re.I)


def _venue_line(text: str) -> str | None:
    """`text` (or what follows its date and time) where it is a venue's name alone."""
    if not _HAS_PLACE_WORD.search(text):  # cheap: most lines name no room or building
        return None
    if found := find_date(text):
        text = text[found[1].end() :]
    text = TIME.sub("", text).strip(" ,-–—")
    if 3 <= len(text) <= 100 and _VENUE_LINE.match(text) and not _BODY_NAME.match(text):
        return text
    return None

"""The meeting's header: body, title, date, time, venue and whether minutes are draft.

The header is the first block with a full date in it (ModernGov: "Improving Lives Select
Commission - Wednesday 10 July 2013 1.30 p.m."). The body is what comes before the date, less
the words that join them ("held on", a weekday, a dash); where nothing comes before it, the
heading or front-matter title above it. Readers that know the header put it in the hints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from minutebook.parse.blocks import Block
from minutebook.parse.dates import TIME, find_date, find_time, month_first
from minutebook.record import MinutesStatus

HEADER_SEARCH = 40  # blocks; a header further down is not the meeting's
DATE_ORDER_BLOCKS = 300  # blocks read to tell whether the document puts the month first
_VENUE = re.compile(r"^(?:venue|location|place|meeting venue)\s*:\s*(?P<venue>.+)$", re.I)
_HELD_AT = re.compile(
    r"\bheld (?:at|in)\s+(?P<venue>.+?)"
    r"(?=\s+on\b|\s+at\s+\d|,?\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|[.;]?$)",
    re.I,
)
# "Minutes of", "Minutes from", "Minutes for", "Notice of": words that lead a heading to its body.
_LEAD = re.compile(
    r"^(?:(?:draft\s+|confirmed\s+|approved\s+|unconfirmed\s+)?minutes\s+(?:of|from|for)\s+"
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
    r"\b(?:commenced|began|opened\s+the\s+meeting|called\s+(?:the\s+meeting\s+)?to\s+order|convened"
    r"|at\s+the\s+hour\s+of)\b[^.;]{0,60}?(?:\bat\b\s*:?\s*|(?<=hour of)\s+)"
    r"(?P<time>[0-2]?\d[:.]?[0-5]\d\s*(?:[ap]\.?\s?m\b\.?)?|[0-2]?\d\s*[ap]\.?\s?m\b\.?)",
    re.I,
)


def start_time(blocks: list[Block]) -> str | None:
    """The time the minutes say the meeting started, as HH:MM ("1835" -> 18:35)."""
    for block in blocks:
        if match := _STARTED.search(block.text):
            text = match["time"]
            if re.fullmatch(r"[0-2]\d[0-5]\d", text):  # "1835": a 24-hour clock without a colon
                hour, minute = int(text[:2]), int(text[2:])
                return f"{hour:02d}:{minute:02d}" if hour < 24 else None
            if found := find_time(text if re.search(r"[ap]\.?\s?m", text, re.I) else f"{text} hrs"):
                return found
    return None


def _before_date(text: str) -> str:
    """`text` up to its first date: "General Meeting 3rd March 2025" -> "General Meeting"."""
    found = find_date(text)
    return text[: found[1].start()] if found else text


def heading_like(text: str, date: re.Match[str]) -> bool:
    """A meeting's date stands in a heading, not in a table row ("| file | date |"), inside a file
    name ("meeting-2016-03-16.txt") or in quotation marks: READMEs and lists of documents name dates
    that way."""
    quoted = text.count('"', 0, date.start()) % 2 and '"' in text[date.end() :]
    if text.startswith("|") or quoted:
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
_TAIL = re.compile(r"(?:[\s,;:\-–—]|\b(?:held|on|at|in|dated?|meeting date)\b)+$", re.I)


@dataclass
class Header:
    body: str
    title: str
    date: str
    time: str | None
    venue: str | None
    minutes_status: MinutesStatus | None  # None: not stated, the parser decides
    end: int  # index of the first block after the header


def minutes_status(text: str) -> MinutesStatus | None:
    lowered = text.lower()
    if re.search(r"\bdraft\b|\bunconfirmed\b|subject to (?:correction|approval|confirmation)", lowered):
        return "draft"
    if re.search(
        r"\b(?:approved|confirmed|signed)\s+minutes\b|minutes\s*\((?:approved|confirmed)\)", lowered
    ):
        return "approved"
    if re.fullmatch(r"agenda(?: and reports?| pack| frontsheet)?", lowered.strip(" .")):
        return "none"
    return None


# "A meeting of the Audit Committee will be held:", "Notice of meeting", "You are summoned to attend".
_NOTICE = re.compile(r"\bwill be held\b|\bnotice of (?:the\s+)?meeting\b|\bsummon(?:s|ed)\b", re.I)
_ATTENDANCE = re.compile(r"^(?:members\s+)?present\b", re.I)


# "All minutes are draft until agreed at the next meeting": a notice printed on every page, often
# in the footer, well below the header.
DRAFT_NOTICE = re.compile(
    r"\bminutes\s+(?:are|remain)\s+(?:in\s+)?(?:draft|unconfirmed)\b|\bminutes\s+are\s+subject\s+to\s+"
    r"(?:approval|confirmation)\b",
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
    for index in range(start, min(stop, len(blocks))):
        block = blocks[index]
        found = find_date(block.text, month_first)
        if not found:
            continue
        iso, match = found
        if not heading_like(block.text, match):
            continue
        before = block.text[: match.start()]
        above = _heading_above(blocks, index)
        title = (
            _body(before)
            or _body(above or "")
            or _body(_before_date(fallback_title or ""))
            or _named_nearby(blocks, index)
            or _summoned_body(blocks[:HEADER_SEARCH])
        )
        if not title:
            continue
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
        earlier = " ".join(b.text for b in blocks[: index + 1] if len(b.text) < 200)
        following = " ".join(b.text for b in blocks[index + 1 : index + 4])[:200]
        return Header(
            body=body,
            title=title,
            date=iso,
            time=find_time(block.text[match.start() :])
            or find_time(before)
            or find_time(following)
            or start_time(blocks[index + 1 : index + HEADER_SEARCH]),
            venue=_venue(
                blocks[index : index + 6],
                f"{above or ''} {block.text}",
                blocks[index : index + 1 + NEARBY_BELOW],
            )
            or _restated_venue(blocks[index + 1 : index + HEADER_SEARCH]),
            minutes_status=minutes_status(earlier),
            end=index + 1,
        )
    return None


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
    r"|blynyddol|of|the|and|&|final|revised|amended|updated|supplementary|draft|[-–—])\s*)+",
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
    text = re.sub(
        r"\s+(?:held|met)\s+(?:their|its|a|the)\b.*$", "", text, flags=re.I
    )  # "X held their meeting"
    text = TIME.sub("", text)
    text = _TAIL.sub("", text).strip(" -–—,.")
    text = re.sub(r"^(?:at|on)\b\s*|\s+minutes$", "", text, flags=re.I).strip(" -–—,.")
    if len(text) < 3 or len(text) > 150 or not re.search(r"[A-Za-z]{3}", text):
        return ""
    if _GENERIC.fullmatch(text) or _NOISE.search(text):
        return ""
    return uncapitalise(text)


def uncapitalise(text: str) -> str:
    """'LIMERICK CITY AND COUNTY COUNCIL' -> 'Limerick City and County Council'; mixed case stays."""
    if not text.isupper():
        return text
    small = {"and", "of", "the", "in", "on", "at", "for", "to", "by"}
    words = text.lower().split(" ")
    return " ".join(w if i and w in small else w[:1].upper() + w[1:] for i, w in enumerate(words))


def _heading_above(blocks: list[Block], index: int) -> str | None:
    for block in reversed(blocks[max(0, index - 3) : index]):
        # A heading neither ends a sentence ("Commissioner Leonard arrived at 9:36 a.m.") nor is a
        # labelled field ("Minutes status: Final") nor an address.
        if re.search(r"(?:[a-z]{2}|\b[ap]\.m)\.$|^[\w ]{2,30}:\s", block.text) or _ADDRESS.search(block.text):
            continue
        if len(block.text) < 120 and not find_date(block.text):
            return block.text
    return None


# A street address or a postcode: "414 Grant Street", "Los Angeles, CA 90012", "Maidstone ME14 1XQ".
_ADDRESS = re.compile(
    r"\b[A-Z]{2}\s+\d{5}\b|\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b"
    r"|\b\d+\s+(?:[NSEW]\.?\s+)?(?:[A-Z][\w.]*\s+){1,3}(?i:street|st|avenue|ave|road|rd|boulevard|blvd|drive|dr|lane"
    r"|way|highway|plaza|square|building)\b"
)
# What a body is called: a few capitalised words ending in a word for a body that meets ("Executive
# Management Committee", "City Council", "Standing Committees", "Board of Governors"), or such a
# word followed by "of" and a name ("Board of Water and Power").
_BODY_NOUN = (
    r"(?:council|committee|sub-?committee|board|commission|commissioners|cabinet|panel|authority|assembly"
    r"|forum|group|trust|governors|governing\s+body|partnership|agency|executive|caucus|corporation)s?"
)
_BODY_NAME = re.compile(
    rf"^(?:the\s+)?(?:(?-i:[A-Z#])[\w&'’.-]*\s+(?:(?:of|and|for|&|on|the)\s+)*){{1,8}}{_BODY_NOUN}$"
    rf"|^{_BODY_NOUN}\s+(?:of|for)\s+(?:the\s+)?(?-i:[A-Z])[\w'’.-]*"
    rf"(?:\s+(?:of|and|for|&|the|(?-i:[A-Z])[\w'’.-]*)){{0,7}}$",
    re.I,
)
_DOCUMENT_WORDS = re.compile(r"(?:\s+[-–—]?\s*(?:meeting\s+)?(?:agenda|minutes)(?:\s+[-–—]\s+\w+)*)+$", re.I)
NEARBY_ABOVE, NEARBY_BELOW = 6, 6  # blocks: a cover page stacks letterhead, date, time, place, body


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


def _venue(blocks: list[Block], header_text: str, cover: list[Block] | None = None) -> str | None:
    """Where the meeting was held: a "Venue:" field or "called to order at X"; "held in X" in the
    heading or in the sentences just below it ("The meeting was held in West Burton Village Hall
    on Tuesday"); else a cover page's line naming a room or a building near the date."""
    for block in blocks:
        match = _VENUE.match(block.text) or _CALLED_AT.search(block.text)
        if match:
            return match["venue"].strip()
    for text in (header_text, *(b.text for b in blocks[1:4])):
        if match := _HELD_AT.search(text):
            return _clean_venue(match["venue"])
    return next((text for b in cover or [] if (text := _venue_line(b.text))), None)


# A line naming a room or a building: "Council Chambers", "City Council Chamber", "Town Hall,
# Meeting Room". A cover page prints it under the date and time.
_PLACE_WORD = r"(?:chambers?|hall|room|centre|center|institute|library|offices|pavilion|suite|auditorium)"
_VENUE_LINE = re.compile(
    rf"^(?:[A-Z][\w'’&.-]*[\s,]+){{0,5}}{_PLACE_WORD}(?:[\s,-]+[A-Z0-9][\w'’&.-]*){{0,6}}$", re.I
)


def _venue_line(text: str) -> str | None:
    """`text` (or what follows its date and time) where it is a venue's name alone."""
    if found := find_date(text):
        text = text[found[1].end() :]
    text = TIME.sub("", text).strip(" ,-–—")
    if 3 <= len(text) <= 80 and _VENUE_LINE.match(text) and not _BODY_NAME.match(text):
        return text
    return None

"""Attendance where the minutes state it: "Present:", "Apologies:", "In attendance:", "Absent:".

A heading line opens a list that runs on its own line or in the blocks after it, up to the next
heading. Names are split at commas, semicolons and "and"; a title printed once before a list
("Councillors A, B and C", "Cllrs. Novak (Chair), Butler") belongs to every name in it; a role
in brackets or after a dash ("(Chair)", "– Chairman") is kept as the role.
"""

from __future__ import annotations

import re

from minutebook.extract.names import NOT_NAMES, POST_WORDS, SURNAMES, mentions
from minutebook.record import AttendanceStatus, Attendee

HEADING = re.compile(
    r"^(?P<label>(?:members\s+|councillors\s+|those\s+)?(?:present|attending)(?:\s+in\s+the\s+chair)?|"
    r"also\s+present|attendees|attendance|"
    r"(?:(?:officers|officials)\s+)?in\s+attendance|also\s+in\s+attendance|(?:officers|officials)\s+present|"
    r"apologies(?:\s+for\s+absence)?(?:\s+(?:were\s+)?received\s+from)?|absent|absentees?)\b\s*[:\-–]?\s*(?P<rest>.*)$"
    # Nouns that head a list only with a colon: "Panel: Professor Nigel Shadbolt (Chair), ..."
    r"|^(?P<noun>(?:panel|board|committee)(?:\s+members)?|members|other\s+attendees|secretariat|officers|staff)"
    r"\s*:\s*(?P<after>.*)$",
    re.I,
)
# Text extracted from a page may run the next heading into a list with no full stop: "... Wise
# and Wright In Attendance Director ...", or, in minutes flattened to one paragraph, "... Martin
# Storey 1. Apologies for Absence ...". In capitals, after an item number, or as the sentence
# "Apologies were received from", it is a heading all the same. ("Apologies:" alone mid-line is
# left: in a two-column table it heads the other column.)
_INLINE_HEADING = re.compile(
    r"\s+(?=(?:In Attendance|Also Present|Also In Attendance)\b"
    r"|Apologies (?:for absence )?(?:were )?received\b)"
    r"|\s+\d{1,2}\.\s+(?=(?:Apologies|Absent)\b)"
)
# "… and Bill Tuttle were present.", "City Attorney Bill Kabeiseman was also present.": a sentence
# that names people and then says how they attended is a list with that status.
_STATED = re.compile(r"\s+(?:was|were)\s+(?P<label>also\s+present|present|in\s+attendance|absent)\W*$", re.I)
_PRESIDES = re.compile(
    r"\s+(?:declared\s+(?:a|the)\s+(?:meeting\s+)?quorum|presided|chaired\s+the\s+meeting|took\s+the\s+chair)\b",
    re.I,
)
_PLURAL_TITLE = re.compile(
    r"^(?:Councillors|Councilors|Councilmembers|Cllrs|Crs)\.?\s+|^(?:Councillor|Councilor|Cllr|Cr)\.?\s+",
    re.I,
)
_ROLE = re.compile(r"\s*(?:\((?P<paren>[^)]+)\)|\s[–—-]\s*(?P<dash>.+))$")
# "J. Morgan", "S.Franke", "P. Van Meerbergen": names printed with initials and no title.
_INITIALLED = re.compile(r"^(?:[A-Z]\.\s?){1,3}(?:(?:Van|Von|De|Da|Di|Le|La|Du)\s)?[A-Z][\w'’-]+$")


def _is_prose(text: str) -> bool:
    """A sentence ends a list: lists of names have few lowercase words."""
    outside = re.sub(r"\([^)]*\)", "", text)
    return len(re.findall(r"\b(?!and\b|of\b|the\b|for\b)[a-z]{3,}\b", outside)) > 2


def status_of(label: str) -> AttendanceStatus:
    label = label.lower()
    if label.startswith("apolog"):
        return "apologies"
    if label.startswith("absent"):
        return "absent"
    if "in attendance" in label or label.startswith(
        ("also", "officers", "officials", "other", "secretariat", "staff")
    ):
        return "in-attendance"
    return "present"


def attendance(blocks: list[tuple[str, int]], status: AttendanceStatus | None = None) -> list[Attendee]:
    """Attendees from (text, line) blocks: a heading and the list under it; `status` for a list
    whose heading came before the blocks (an item titled "Apologies for Absence")."""
    found: list[Attendee] = []
    for block, line in blocks:
        # Sentences: a full stop after a word or a bracket, not after "Ms." or an initial.
        sentences = re.split(r"(?:(?<=[a-z]{3}\.)|(?<=\)\.))\s+(?=[A-Z0-9])", block)
        for text in (part for sentence in sentences for part in _INLINE_HEADING.split(sentence)):
            heading = HEADING.match(text)
            if heading:
                status = status_of(heading["label"] or heading["noun"])
                text = heading["rest"] if heading["label"] else heading["after"]
                if not text:
                    continue
            if not heading and (chair := _presiding(text)):
                found += [chair] if not any(_same(chair.name, b.name) for b in found) else []
            stated = _STATED.search(text)
            if stated and not _is_prose(text[: stated.start()]):
                text, status = text[: stated.start()], status_of(stated["label"])
            elif not heading and (status is None or _is_prose(text) or text.endswith(":")):
                status = None
                continue
            found += [
                a for a in attendees(text, status, line) if not any(_same(a.name, b.name) for b in found)
            ]
            if stated:  # the sentence named its people and ended: no list runs on after it
                status = None
    return found


def _presiding(text: str) -> Attendee | None:
    """Whoever presides, chairs or declares a quorum is at the meeting: "City Recorder Leanne Moll
    declared a quorum.", "Councillor Smith took the chair."."""
    match = _PRESIDES.search(text)
    if not match:
        return None
    before = text[: match.start()]
    named = [m.name for m in mentions(before) if m.end == match.start()] or [_listed_name(before)]
    return Attendee(name=named[0], status="present") if named[0] else None


def _same(a: str, b: str) -> bool:
    *given_a, surname_a = a.split()
    *given_b, surname_b = b.split()
    if a == b:
        return True
    # "M Storey" and "Martin Storey" are one; "Daly" and "P. Daly" may be two (a councillor, an officer).
    given = bool(given_a and given_b) and all(x[0] == y[0] for x, y in zip(given_a, given_b, strict=False))
    return surname_a == surname_b and given


def attendees(text: str, status: AttendanceStatus, line: int | None = None) -> list[Attendee]:
    """Names in one list: 'Councillors A. Smith (Chair), B. Jones and C. Brown.'"""
    # "Mayor Hazlehurst (Chair) Councillors Barber, Dixon": a title may open a list part-way.
    segments = re.split(
        r"(?<=\S)\s+(?=(?:Councillors|Councilors|Councilmembers|Cllrs|Crs)\.?\s)", text.strip()
    )
    if len(segments) > 1:
        return [a for segment in segments for a in attendees(segment, status, line)]
    shared = _PLURAL_TITLE.match(text)
    title = (
        shared.group(0).strip().rstrip("s.")
        if shared
        and shared.group(0)
        .lower()
        .startswith(("councillors", "councilors", "councilmembers", "cllrs", "crs"))
        else ""
    )
    found: list[Attendee] = []
    # "Chief Executive (Mr N Taylor) Group Manager (Mr C Thew)": a bracket closes an entry too.
    for part in re.split(
        r"\s*[,;]\s*(?![^()]*\))|\s+and\s+|\s*&\s*|(?<=\))\s+(?=[A-Z])", text.strip().rstrip(".")
    ):
        part = re.sub(r"^and\s+", "", part.strip(" ."))  # "…, and Bill Tuttle"
        role_match = _ROLE.search(part)
        role = (role_match["paren"] or role_match["dash"]).strip() if role_match else None
        if role_match:
            part = part[: role_match.start()].strip()
        name = _name(part, title)
        # A titled person in brackets ("(Mr C Thew)") is the name, whatever stands outside.
        titled = bool(role and re.match(r"(?:Mr|Mrs|Ms|Miss|Dr)\.?\s", role))
        inside = mentions(role) if role and (titled or not name) else []
        if inside:  # "Director General (Mr. P. Daly)": the name is in brackets, the post outside
            name, role = inside[0].name, part or None
        if not name:
            continue
        if role and re.fullmatch(r"[A-Z]", role):  # "Collins (B)": an initial that tells namesakes apart
            name, role = f"{role}. {name}", None
        found.append(Attendee(name=name, status=status, role=role, line=line))
    return found


def _name(part: str, title: str) -> str | None:
    people = mentions(part) or (mentions(f"{title} {_PLURAL_TITLE.sub('', part)}") if title else [])
    if people:
        return people[0].name
    if _INITIALLED.match(part) and part.split()[-1].lower() not in NOT_NAMES:
        return part
    return _listed_name(part)


# The last two words of an entry: "Mark Pogmore", "City Attorney Bill Kabeiseman".
_LAST_TWO = re.compile(r"(?:^|(?<=\s))(?P<name>[A-Z][a-z]+\s+(?:Mc|Mac|O'|D')?[A-Z][a-z][\w'’-]*)$")


def _listed_name(part: str) -> str | None:
    """In a list of attendees, a given name and a surname are a person even where the given name
    is also a word ("Bill", "Mark"); words of posts and bodies before them ("City Attorney") are
    dropped, and an entry of such words alone ("Parish Clerk") is no person."""
    match = _LAST_TWO.search(part)
    if not match:
        return None
    words = match["name"].split()
    if any(_post_word(w) and w.lower() not in SURNAMES for w in words):
        return None
    return match["name"] if all(_post_word(w) for w in part[: match.start()].split()) else None


def _post_word(word: str) -> bool:
    return word.lower() in NOT_NAMES or bool(POST_WORDS.fullmatch(word))

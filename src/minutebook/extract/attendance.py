"""Attendance where the minutes state it: "Present:", "Apologies:", "In attendance:", "Absent:".

A heading line opens a list that runs on its own line or in the blocks after it, up to the next
heading. Names are split at commas, semicolons and "and"; a title printed once before a list
("Councillors A, B and C", "Cllrs. Novak (Chair), Butler") belongs to every name in it; a role
in brackets or after a dash ("(Chair)", "– Chairman") is kept as the role.

Where the document's lines are given, a block is read with its line breaks: a list printed one
name to a line ("Attendees" / "Nicholas Car (Chair)" / "Ansuriya Deveraj") is split at them, a
comma list wrapped over lines is not (see `_entries`). A heading may name who is listed before
the status ("Commissioners Present:", "Other Staff Present:", "Members of the Council present
were:", Legistar's "Present 7 -"), or be a plural of members with a colon ("WEBER COUNTY
COMMISSIONERS:"); an entry may carry its own status ("Carol Archambault, Chair - Present").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping
from itertools import pairwise, takewhile

from minutebook.extract.names import NOT_NAMES, POST_WORDS, SURNAMES, is_given_name, mentions
from minutebook.parse.blocks import clean
from minutebook.record import AttendanceStatus, Attendee

HEADING = re.compile(
    r"^(?P<label>(?:members\s+|councillors\s+|those\s+)?(?:present|attending)(?:\s+in\s+the\s+chair)?|"
    r"in\s+the\s+chair(?=\s*:)|"
    r"also\s+present|attendees|attendance|roll\s+call|"
    r"(?:(?:officers|officials|others)\s+)?in\s+attendance|also\s+in\s+attendance|(?:officers|officials)\s+present|"
    r"apologies(?:\s+for\s+absence)?(?:\s+(?:were\s+)?received\s+from)?|absent|absentees?|excused)\b"
    # Legistar counts the list: "Present 7 - Council Member Charland, ..."
    r"(?:\s+\d{1,2}(?=\s*[:\-–]))?\s*[:\-–]?\s*(?P<rest>.*)$"
    # Who is listed, then how they attended, and a colon: "Commissioners Present:", "Other Staff
    # Present:", "Members of the Council present were:", "Council Members Excused:".
    r"|^(?P<who>(?:[A-Za-z'’]+\s+){1,8}?(?:present|absent|excused|attendance)(?:\s+were)?)\s*:\s*(?P<listed>.*)$"
    # Nouns that head a list only with a colon: "Panel: Professor Nigel Shadbolt (Chair), ...", and the
    # members of a body by their plural ("WEBER COUNTY COMMISSIONERS:", "Board Members:").
    r"|^(?P<noun>(?:panel|board|committee)(?:\s+members)?|members|other\s+attendees|secretariat|officers|officials|staff|"
    r"guests|visitors|(?:[A-Za-z'’]+\s+){0,3}(?:commissioners|councillors|councilors|councilmembers|"
    r"council\s+members|board\s+members|trustees|governors|directors|selectmen|aldermen|supervisors))"
    r"\s*:\s*(?P<after>.*)$",
    re.I | re.S,
)
# A bullet or an outline's mark before a heading: "o Commissioners Present:", "• Apologies:".
_BULLET = re.compile(r"^(?:[·•▪●◦\uf0a7\uf0b7\uf0d8*>-]|o(?=\s))\s*")
# Text extracted from a page may run the next heading into a list with no full stop: "... Wise
# and Wright In Attendance Director ...", or, in minutes flattened to one paragraph, "... Martin
# Storey 1. Apologies for Absence ...". In capitals, after an item number, or as the sentence
# "Apologies were received from", it is a heading all the same. ("Apologies:" alone mid-line is
# left: in a two-column table it heads the other column.)
_INLINE_WORDS = ("Attendance", "Also Present", "Apologies", "Absent")  # in every match, as above
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
_PRESIDES_WORDS = ("quorum", "presided", "chair")  # one is in every match: a cheap look first
_PLURAL_TITLE = re.compile(
    r"^(?:Councillors|Councilors|Councilmembers|Cllrs|Crs)\.?\s+|^(?:Councillor|Councilor|Cllr|Cr)\.?\s+",
    re.I,
)
_ROLE = re.compile(r"\s*(?:\((?P<paren>[^)]+)\)|\s[–—-]\s*(?P<dash>.+))$")
# "J. Morgan", "S.Franke", "P. Van Meerbergen": names printed with initials and no title.
_INITIALLED = re.compile(
    r"^(?:[A-Z]\.\s?){1,3}(?:(?:Van|Von|De|Da|Di|Le|La|Du)\s)?[A-Z](?:[a-z]|['’][A-Z])[\w'’-]*$"
)


def _is_prose(text: str) -> bool:
    """A sentence ends a list: lists of names have few lowercase words."""
    outside = re.sub(r"\([^)]*\)", "", text)
    return len(re.findall(r"\b(?!and\b|of\b|the\b|for\b)[a-z]{3,}\b", outside)) > 2


def status_of(label: str) -> AttendanceStatus:
    label = " ".join(label.lower().split())
    if label.startswith(("apolog", "excused")) or label.endswith("excused"):
        return "apologies"
    if label.startswith("absent") or label.endswith("absent"):
        return "absent"
    # Members of the body in attendance are present: "The following members of City Council were in
    # attendance:"; those not of the body are in attendance: officers, staff, guests, "others present".
    members = re.search(r"\b(?:members|councillors|councilors|commissioners|trustees|governors)\b", label)
    if members and not re.search(r"\b(?:also|other|others|staff|public)\b", label):
        return "present"
    if "in attendance" in label or re.search(
        r"^(?:also|officers|officials|other|secretariat|staff|guests|visitors)|\b(?:staff|others?)\b", label
    ):
        return "in-attendance"
    return "present"


def attendance(
    blocks: list[tuple[str, int]],
    status: AttendanceStatus | None = None,
    lines: Mapping[int, str] | None = None,
) -> list[Attendee]:
    """Attendees from (text, line) blocks: a heading and the list under it; `status` for a list
    whose heading came before the blocks (an item titled "Apologies for Absence"). `lines`, the
    document's lines by number, give the blocks back their line breaks."""
    found: list[Attendee] = []
    by_surname: dict[str, list[Attendee]] = {}  # `found` by surname, for `add`
    membership = False  # under a heading of the body's membership, which is no attendance
    runs: list[list[Attendee]] = []  # the people listed under each heading, in order
    for block, line in _word_runs(blocks, lines):
        may_head = _may_head(block)
        if status is None and not may_head:
            # Outside a list, a block without a word of a heading, a status or a chair states no
            # attendance and changes no state: most paragraphs of minutes are passed here.
            continue
        # Line breaks matter only to a list: under a heading, or where one may open.
        if lines:
            block = with_breaks(block, line, lines)
        for text in (part for sentence in _sentences(block) for part in _parts(sentence)):
            text = _BULLET.sub("", text)
            heading = _heading(text)
            if heading and heading["noun"] and membership:
                heading = None  # "Committee Membership:" / "Councillors:": members, not attendance
            if _MEMBERSHIP.search(text):
                membership, status = True, None
                continue
            if heading and not heading["noun"]:
                membership = False
            if not heading and _ENUMERATED.match(text):
                status = None
            if heading:
                status = status_of(heading["label"] or heading["who"] or heading["noun"])
                runs.append([])
                text = heading["rest"] if heading["label"] else heading["listed"] or heading["after"] or ""
                if not text.strip():
                    continue
            if not heading and (chair := _presiding(text)):
                add(found, [chair], by_surname)
            if not heading and "d by" in text:
                add(found, _officiating(text, line), by_surname)
            stated = _stated(text)
            if stated and not _is_prose(text[: stated.start()]):
                text, status = text[: stated.start()], status_of(stated["label"])
            elif not heading and (
                status is None or _is_prose(text) or text.endswith(":") or _field_label(text)
            ):
                status = None
                add(found, self_stated(text, line) + apologies_in_prose(text, line), by_surname)
                continue
            assert status is not None  # a heading sets it; a line with none and no status was prose
            listed = attendees(text, status, line)
            add(found, listed, by_surname)
            if runs:
                runs[-1] += listed
            if stated:  # the sentence named its people and ended: no list runs on after it
                status = None
    _unflatten(runs)
    return found


def _unflatten(runs: list[list[Attendee]]) -> None:
    """Members read as officials where a roster in two columns was flattened: the officials' label
    lands after the first cells of the members' column ("Councillors:" / "P. Breen;" / ... /
    "Officials:" / "G. Carthy;" / ... / "Mr. T. Enright, Chief Executive;"). Officials are listed
    with their posts and members without: a run of three or more entries with no post opening an
    officials' list, which then goes on with posts, right under a list of members present without
    posts, continues that list."""
    for members, officials in pairwise(runs):
        if not members or any(m.status != "present" or m.role for m in members):
            continue
        bare = list(takewhile(lambda a: a.status == "in-attendance" and a.role is None, officials))
        rest = officials[len(bare) :]
        if len(bare) >= 3 and len(rest) >= 2 and all(a.role for a in rest):
            for attendee in bare:
                attendee.status = "present"


# A cheap first look for the words of a heading, a status ("were present") or a chair ("presided",
# "declared a quorum"), before a block is cut and matched.
_HEAD_WORDS = (
    "present", "attend", "apolog", "absent", "excused", "roll", "chair", "official", "officer", "guest",
    "visitor", "staff", "members", "councillors", "councilors", "commissioners", "trustees", "governors",
    "directors", "selectmen", "aldermen", "supervisors", "secretariat", "panel", "board", "committee",
    "presid", "quorum", "clerked", "minuted",
)  # fmt: skip


def _may_head(block: str) -> bool:
    return any(map(block.lower().__contains__, _HEAD_WORDS))


# The end of a sentence: a full stop after a word of three lower-case letters or a bracket (not after
# "Ms." or an initial), then a space and a capital or a digit. Found from the full stop, which most
# characters are not, and the words before it checked after.
_FULL_STOP = re.compile(r"\.\s+(?=[A-Z0-9])")


def _sentences(block: str) -> list[str]:
    sentences, start = [], 0
    for stop in _FULL_STOP.finditer(block):
        before = block[max(0, stop.start() - 3) : stop.start()]
        if before.endswith(")") or (
            len(before) == 3 and before.isascii() and before.isalpha() and before.islower()
        ):
            sentences.append(block[start : stop.start() + 1])
            start = stop.end()
    sentences.append(block[start:])
    return sentences


def _stated(text: str) -> re.Match[str] | None:
    """_STATED at the end of `text`, looked for in its last words only: a search over a whole long
    paragraph would try every space in it."""
    start = max(0, len(text) - 60)
    return _STATED.search(text, start)


# "Audit Committee Membership:": the list below names the members, who may or may not attend.
_MEMBERSHIP = re.compile(r"\bmembership\s*:?\s*$", re.I)


def heads_list(text: str) -> bool:
    """Whether `text` opens with an attendance heading and a list after it: "Present: Cllr Ames"."""
    heading = _heading(_BULLET.sub("", text))
    return bool(heading and (heading["rest"] or heading["listed"] or heading["after"] or "").strip())


def _heading(text: str) -> re.Match[str] | None:
    """The attendance heading `text` opens with. 'Attendance' or 'Attendees' heads a list only with a
    colon or a dash, or alone: 'Attendance Policy' is a topic."""
    heading = HEADING.match(text)
    if (
        heading
        and heading["label"]
        and heading["label"].lower() in ("attendance", "attendees", "attending")
        and heading["rest"]
        and not re.match(r"\s*[:\-–]|\s*\n", text[heading.end("label") :])
    ):
        return None
    return heading


def _parts(sentence: str) -> list[str]:
    """A sentence cut before each heading run into it, and before each line that opens with one."""
    inline = any(map(sentence.__contains__, _INLINE_WORDS))
    parts = _INLINE_HEADING.split(sentence) if inline else [sentence]
    if "\n" not in sentence:
        return parts
    cut: list[str] = []
    for part in parts:
        current: list[str] = []
        for text in part.split("\n"):
            if current and _heading(_BULLET.sub("", text.strip())):
                cut.append("\n".join(current))
                current = []
            current.append(text)
        cut.append("\n".join(current))
    return cut


def with_breaks(block: str, line: int, lines: Mapping[int, str]) -> str:
    """The block's text with its line breaks, from the document's lines from `line` on: the block
    where its lines, cleaned as a block's are, do not make up its words. A paragraph under a
    heading may be numbered with the heading's line: where that line does not open the block, its
    text is looked for a line or two on."""
    taken = _lines_of(block, line, lines)
    if taken is None:  # the block's words may start a line or two on (a cheap look at the raw lines first)
        start = next((n for n in (line + 1, line + 2) if block[:20] in lines.get(n, "")), None)
        taken = _lines_of(block, start, lines) if start else None
    return "\n".join(taken) if taken is not None and " ".join(taken) == block else block


def _lines_of(block: str, line: int, lines: Mapping[int, str]) -> list[str] | None:
    """The cleaned lines from `line` on that cover the block's length; None where the first of
    them does not open the block."""
    taken: list[str] = []
    length = -1
    number = line
    while length < len(block) and number in lines:
        text = clean(lines[number].strip().lstrip("#").strip())
        number += 1
        if text:
            if not taken and not block.startswith(text):
                return None
            taken.append(text)
            length += len(text) + 1
    return taken


def add(
    found: list[Attendee], more: list[Attendee], by_surname: dict[str, list[Attendee]] | None = None
) -> None:
    """Add `more` to `found`, each person once. A later absence or apology is kept over an earlier
    presence: a roster of the body's members printed at the top ("Council Members: ...") names
    everyone, the roll call below it says who was absent. `by_surname`, `found` by surname kept by
    a caller that adds many times (see `by_surnames`), is brought up to date here."""
    # Only namesakes can be one person: each is compared with those of its surname, not with everyone.
    if by_surname is None:
        by_surname = by_surnames(found)
    for attendee in more:
        namesakes = by_surname.setdefault(attendee.name.split()[-1], [])
        known = next((b for b in namesakes if _same(attendee.name, b.name)), None)
        if (
            known is None
            and len(namesakes) == 1
            and (" " not in attendee.name) != (" " not in namesakes[0].name)
            and _may_override(namesakes[0].status, attendee.status)
        ):
            # A roll call by surname ("Absent 2 - Council Member Coghill") after a roster of full names
            # ("Council Members: ... Anthony Coghill ..."): where one person has that surname, the
            # surname alone is that person, and the full name is kept.
            known = namesakes[0]
            known.name = max(known.name, attendee.name, key=len)
        if known is None:
            found.append(attendee)
            namesakes.append(attendee)
        elif known.status == "present" and attendee.status in ("absent", "apologies"):
            known.status = attendee.status


def by_surnames(found: list[Attendee]) -> dict[str, list[Attendee]]:
    """`found` by surname (a name's last word), for `add`. A caller adding to one list sentence by
    sentence keeps one: built again for each sentence, it made a long paragraph's attendance
    quadratic. (A name `add` lengthens keeps its last word, so the keys stay right.)"""
    by_surname: dict[str, list[Attendee]] = {}
    for attendee in found:
        by_surname.setdefault(attendee.name.split()[-1], []).append(attendee)
    return by_surname


def _may_override(status: AttendanceStatus, later: AttendanceStatus) -> bool:
    """Whether a later entry of that status may be the same person as an earlier one: listed
    the same way, or a roll call's absence after a roster. A member present and an officer in
    attendance of one surname ("Daly", "Mr. P. Daly") are two people."""
    return status == later or (status == "present" and later in ("absent", "apologies"))


# Who chaired and who clerked, in a form's fields: "Chaired by   Paul Evemy   Clerked by   Pete Osborne".
_OFFICIATED = re.compile(r"\b(?P<role>Chaired|Clerked|Minuted)\s+by:?\s+(?=[A-Z])", re.I)


def _officiating(text: str, line: int | None) -> list[Attendee]:
    """The chair (present) and the clerk (in attendance) a form names after "Chaired by" and
    "Clerked by": the name right after the words."""
    found = []
    matches = list(_OFFICIATED.finditer(text))
    for index, match in enumerate(matches):
        after = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        end = min(after, match.end() + 60)  # up to the next field
        named = [m for m in mentions(text[match.end() : end]) if m.start == 0]
        if named:
            status: AttendanceStatus = "present" if match["role"].lower() == "chaired" else "in-attendance"
            found.append(Attendee(name=named[0].name, status=status, line=line))
    return found


def _presiding(text: str) -> Attendee | None:
    """Whoever presides, chairs or declares a quorum is at the meeting: "City Recorder Leanne Moll
    declared a quorum.", "Councillor Smith took the chair."."""
    lowered = text.lower()
    match = _PRESIDES.search(text) if any(map(lowered.__contains__, _PRESIDES_WORDS)) else None
    if not match:
        return None
    before = text[: match.start()]
    named: list[str | None] = [m.name for m in mentions(before) if m.end == match.start()]
    named = named or [_listed_name(before)]
    return Attendee(name=named[0], status="present") if named[0] else None


def _same(a: str, b: str) -> bool:
    *given_a, surname_a = a.split()
    *given_b, surname_b = b.split()
    if a == b:
        return True
    # "M Storey" and "Martin Storey" are one; "Daly" and "P. Daly" may be two (a councillor, an officer).
    given = bool(given_a and given_b) and all(
        x == y or (x[0] == y[0] and min(len(x.rstrip(".")), len(y.rstrip("."))) == 1)
        for x, y in zip(given_a, given_b, strict=False)
    )
    return surname_a == surname_b and given


# A list printed one to a line goes on over a line break where the entry is cut: in a bracket, after
# a hyphen or a dash, or before a line in lower case or a bracket ("Vicky" / "(Online)").
_CUT = ("-", "–", "(", "/", "&")
# ... or after a word that cannot end an entry: "Council Member Charland, and Council" / "Member Gross".
_OPEN_END = re.compile(r"\b(?:and|of|the|for|Council|Councillor|Cllr|Mr|Mrs|Ms|Miss|Dr)\.?$")
# An entry's own status after a dash: "Carol Archambault, Chair - Present", "Councilmember Ray – absent".
_OWN_STATUS = re.compile(r"\s*[-–—:]\s*(?P<status>present|absent|excused|apologies)\s*$", re.I)
_SELF_STATED = re.compile(r"^(?P<entry>[^.:;]{3,80}?)\s*[-–—]\s*(?P<status>present|absent|excused)\b", re.I)
_MAY_SELF = re.compile(r"[-–—]\s*(?:present|absent|excused)\b", re.I)
_NICKNAME = re.compile(r"\s*[\"“][A-Z][a-z]{1,12}[\"”](?=\s)")  # James "Jim" H. Harvey
_SUFFIX = re.compile(r",?\s+(?:Jr|Sr|Jnr|Snr)\.?(?=\s*(?:[,;(]|$))")  # Thomas W. Bodkin Jr.


# A line that opens a numbered or lettered item: a number, or a letter before a word in capitals.
_ENUMERATED = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*[.)]?\s+[A-Z]|[A-Z][.)]\s+[A-Z]{2,}\b)")


def _entries(text: str) -> list[str] | None:
    """The entries of a list printed one to a line, or None for a list that runs on over its line
    breaks (a line ends with a comma, or holds two commas: the commas separate the entries). The
    list stops at a line of prose."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if any(line.endswith((",", ";", " and")) or line.count(",") >= 2 for line in lines[:-1]):
        return None
    entries: list[str] = []
    for line in lines:
        if _ENUMERATED.match(line):  # "A. WELCOME - Chair Jenkins", "2. Minutes": the business begins
            break
        last = entries[-1] if entries else ""
        if last and (
            line[0].islower()
            or line[0] == "("
            or last.endswith(_CUT)
            or last.count("(") > last.count(")")
            or _OPEN_END.search(last)
        ):
            entries[-1] = f"{last.rstrip(' -')}-{line}" if last.endswith("-") else f"{last} {line}"
        elif _is_prose(line):
            break
        else:
            entries.append(line)
    return entries


# Apologies reported in a sentence rather than listed under a heading. The people follow "from"
# ("The Democratic Services Manager reported apologies from Mr Beaney, Mr Campkin and Mr Wright.",
# "Apologies for absence were received from Cllr Ames.") or come first as the subject of a verb of
# sending ("Ms Grehan had given her formal apologies", "Cllrs Bell and Cole sent their apologies").
_APOLOGIES_FROM = re.compile(
    r"\bapolog(?:y|ies)(?P<late>\s+for\s+lateness)?(?:\s+for\s+absence)?"
    r"(?:\s+(?:were|was|had\s+been|have\s+been|are))?"
    r"(?:\s+(?:received|reported|given|tendered|submitted|noted|recorded|accepted))?\s+from\s+",
    re.I,
)
# Where the people after "from" end: another apology ("... and an apology for lateness from ..."),
# or the verb the people were the object of ("... from Councillor O'Keefe be accepted").
_FROM_END = re.compile(
    r"(?:,?\s+and)?\s+(?:an?\s+)?apolog|\s+(?:be|were|was|is|are|being)\s+(?:accepted|noted|received)\b", re.I
)
_APOLOGIES_SENT = re.compile(
    r"^(?P<listed>.+?)\s+(?:(?:had|has|have)\s+)?(?:sent|send|given|gave|give|offered|tendered|submitted)\s+"
    r"(?:(?:his|her|their|its)\s+)?(?:formal\s+)?apolog",
    re.I | re.S,
)


def apologies_in_prose(text: str, line: int | None = None) -> list[Attendee]:
    """The people a sentence reports apologies from (see the patterns above). An apology for
    lateness is no absence: whoever sent it came."""
    if "polog" not in text:
        return []
    found: list[Attendee] = []
    for match in _APOLOGIES_FROM.finditer(text):
        end = _FROM_END.search(text, match.end())
        if not match["late"]:
            found += attendees(text[match.end() : end.start() if end else len(text)], "apologies", line)
    sent = None if found else _APOLOGIES_SENT.match(text)
    return attendees(sent["listed"], "apologies", line) if sent else found


def self_stated(text: str, line: int | None = None) -> list[Attendee]:
    """Lines that each give a person and how they attended: 'Carol Archambault, Chair - Present',
    'Councilmember Ray Diaz – absent' (a roll call), read where no heading opens a list."""
    found: list[Attendee] = []
    if not _MAY_SELF.search(text):
        return found
    for row in text.split("\n"):
        match = _SELF_STATED.match(_BULLET.sub("", row.strip()))
        if match:
            found += attendees(match["entry"], status_of(match["status"]), line)[:1]
    return found


# "Minute taker: John Foster", "Chaired by: ...": a label of another field ends a list above it;
# a post before a colon ("Group Manager: Asset Management (Mr C Thew)") is an entry of the list.
_FIELD_LABEL = re.compile(r"^[A-Z][\w'’/ ]{0,30}:")


def _field_label(text: str) -> bool:
    label = _FIELD_LABEL.match(_BULLET.sub("", text.strip()))
    return label is not None and not POST_WORDS.search(label.group(0)) and not _heading(label.group(0))


def _list_lines(text: str) -> str:
    """A list's lines up to the first line of prose that starts afresh, with a bullet or after a full
    stop: a list ends there. ("... Stephen Gray and Nancy" / "Sayer who was substituted by ..." is
    one sentence wrapped.)"""
    lines = text.split("\n")
    bulleted = bool(_BULLET.match(lines[0].strip() or (lines[1:] or [""])[0].strip()))
    for index, line in enumerate(lines[1:], 1):
        bullet = bool(_BULLET.match(line.strip()))
        if bullet and not bulleted:  # a list of names without bullets ends at the next bullet point
            return "\n".join(lines[:index])
        if (bullet or lines[index - 1].rstrip().endswith((".", ":"))) and _is_prose(line):
            return "\n".join(lines[:index])
    return text


def attendees(text: str, status: AttendanceStatus, line: int | None = None) -> list[Attendee]:
    """Names in one list: 'Councillors A. Smith (Chair), B. Jones and C. Brown.'"""
    text = _SUFFIX.sub("", _NICKNAME.sub("", text))
    if "\n" in text:
        text = _list_lines(text)
    if "\n" in text:
        entries = _entries(text)
        if entries is None:
            text = " ".join(text.split())
        else:
            return _one_per_line(entries, status, line)
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
    for part in _split_entries(text.strip().rstrip(".")):
        part = re.sub(r"^and\s+", "", part.strip(" ."))  # "…, and Bill Tuttle"
        own = _OWN_STATUS.search(part)
        entry_status = status_of(own["status"]) if own else status
        part = part[: own.start()] if own else part
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
            # A post after a name and a comma is that person's: "Jane Ritchie, Chairman, ...".
            if found and part and _is_post(part):
                found[-1].role = found[-1].role or part
                found[-1].status = entry_status if own else found[-1].status
            continue
        if role and re.fullmatch(r"[A-Z]", role):  # "Collins (B)": an initial that tells namesakes apart
            name, role = f"{role}. {name}", None
        found.append(Attendee(name=name, status=entry_status, role=role, line=line))
    return found


# Entries part at a comma or a semicolon (not inside brackets), at "and" or "&", and after a bracket
# before a capital ("Chief Executive (Mr N Taylor) Group Manager (Mr C Thew)").
_OTHER_SEPARATOR = re.compile(r"\s+and\s+|\s*&\s*|(?<=\))\s+(?=[A-Z])")
_SEPARATOR = re.compile(rf"(?P<comma>\s*[,;]\s*)|{_OTHER_SEPARATOR.pattern}")
_BRACKET = re.compile(r"[()]")


def _split_entries(text: str) -> list[str]:
    """`text` cut at its separators. A comma is inside brackets where the next bracket after it
    closes one, found by a search among the brackets' places: a long list is not looked over
    again from each of its commas."""
    brackets = [match.start() for match in _BRACKET.finditer(text)]
    parts: list[str] = []
    start = position = 0
    while separator := _SEPARATOR.search(text, position):
        if separator["comma"]:
            after = bisect_left(brackets, separator.end())
            if after < len(brackets) and text[brackets[after]] == ")":  # a comma inside brackets
                other = _OTHER_SEPARATOR.match(text, separator.start())
                if other is None:
                    position = separator.start() + 1
                    continue
                separator = other
        parts.append(text[start : separator.start()])
        start = position = separator.end()
    parts.append(text[start:])
    return parts


# A block of a word or two, each capitalised, with notes in brackets: "Barden", "Vicky (Online) Nicky".
_WORDS_BLOCK = re.compile(
    r"(?:[A-Z][\w'’]*(?:\s*-\s*[A-Z][\w'’]*)?|\([^)]{0,20}\))(?:\s+(?:[A-Z][\w'’]*(?:\s*-\s*[A-Z][\w'’]*)?|\([^)]{0,20}\)))*"
)
_NOTE = re.compile(r"\s*\([^)]*\)\s*")


def _word_runs(blocks: list[tuple[str, int]], lines: Mapping[int, str] | None) -> list[tuple[str, int]]:
    """`blocks` with each run of three or more blocks of single words after a heading ("Councillors:"
    / "Barden" / "Pat" / "Kehoe" / ...) made one block of a word to a line. A table of names
    flattened column by column prints each cell, a surname or a given name, on a line of its own
    (a note in brackets, "(Online)", on another)."""
    joined: list[tuple[str, int]] = []
    index = 0
    while index < len(blocks):
        end = index
        if joined and joined[-1][0].rstrip().endswith(":"):  # only after a heading
            while end < len(blocks) and _single_words(*blocks[end], lines):
                end += 1
        if end - index >= 3:
            words = [
                re.sub(r"\s*-\s*", "-", word)
                for text, _ in blocks[index:end]
                for word in _NOTE.sub(" ", re.sub(r"\s*-\s+", "-", text)).split()
            ]
            joined.append(("\n".join(words), blocks[index][1]))
            index = end
        else:
            joined.append(blocks[index])
            index += 1
    return joined


def _single_words(block: str, line: int, lines: Mapping[int, str] | None) -> bool:
    """Whether the block's lines each hold one word (or a word cut by a hyphen, or a note)."""
    if len(block) > 60 or not _WORDS_BLOCK.fullmatch(block):
        return False
    if " " not in block:
        return True
    broken = with_breaks(block, line, lines) if lines else block
    return all(
        _NOTE.fullmatch(row) or re.fullmatch(r"[A-Z][\w'’]*(?:\s*-)?", row.strip())
        for row in broken.split("\n")
    )


def _one_per_line(entries: list[str], status: AttendanceStatus, line: int | None) -> list[Attendee]:
    """Each entry a person; a given name alone ("Edmond") is one too where most entries are names
    of two words or more, as in a list of people who signed in. Where every entry is a single word,
    the list is of surnames, or of the cells of a table of surnames and given names flattened: the
    words that are no given name are the surnames, each a person."""
    if all(len(entry.split()) == 1 for entry in entries) and len(entries) >= 3:
        return [
            Attendee(name=word, status=status, line=line)
            for word in (entry.strip(" .;,") for entry in entries)
            if re.fullmatch(r"[A-Z][\w'’-]+", word) and not is_given_name(word) and not _post_word(word)
        ]
    found: list[Attendee] = []
    named = sum(len(entry.split()) > 1 for entry in entries)
    for entry in entries:
        people = attendees(entry, status, line)
        word = entry.strip(" .;,")
        if (
            not people
            and 2 * named > len(entries)
            and re.fullmatch(r"[A-Z][a-z]+", word)
            and is_given_name(word)
        ):
            people = [Attendee(name=word, status=status, line=line)]
        found += people
    return found


def _is_post(part: str) -> bool:
    """'Chairman', 'Planning Director', 'Vice Chair': words of a post, no name."""
    words = part.replace("-", " ").replace("/", " ").split()
    return (
        bool(words)
        and len(words) <= 5
        and any(POST_WORDS.fullmatch(w) for w in words)
        and all(w[0].isupper() or w in ("of", "and", "the", "for", "to") for w in words)
    )


def _name(part: str, title: str) -> str | None:
    if part.isupper() and len(part) > 3:
        # Names in capitals ("RON PATRICK", "SEAN CLAYTON"): a person where the words, in title
        # case, start with a known given name; "LEGAL COUNSEL" is no one.
        people = mentions(" ".join(word.capitalize() for word in part.split()))
        return people[0].name if people and not people[0].posts else None
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

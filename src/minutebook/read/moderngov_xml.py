"""ModernGov web-service XML (`mgWebService.asmx`): GetMeeting -> a meeting Document with roles.

ModernGov answers GetMeeting with the meeting's header, its agenda items (title, agenda text,
decision and minutes as escaped HTML, linked documents) and its attendees. The reader turns
that into lines with roles and hints, so the parser need not guess what the markup says.
Positions are XML line numbers; HTML bodies keep the line of each of their paragraphs.

The other answers (GetMeetings, GetCommittees, GetCouncillorsByWard(Id), GetAttachment) are
recognised but hold no meeting: `read` raises `NotAMeeting` for them, and `meetings`,
`committees`, `councillors` and `attachment` return their data for the harvester and registers.

The XML is parsed with defusedxml: a DTD or entity declaration is refused, so no entity
expansion ("billion laughs") and no external fetch can happen.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from minutebook.errors import NotAMeeting, ReadError
from minutebook.read.detect import Reader
from minutebook.read.document import Document, Line, Role
from minutebook.read.html import html_blocks

# Root element -> what the web-service call was, for answers that are not a meeting.
LIST_ROOTS = {
    "getmeetings": "GetMeetings list: lists meetings, it is not one",
    "committees": "GetCommittees list: feeds bodies, not a meeting",
    "councillorsbywardid": "GetCouncillorsByWardId list: feeds people, not a meeting",
    "councillorsbyward": "GetCouncillorsByWard list: feeds people, not a meeting",
    "attachment": "GetAttachment answer: describes a document, not a meeting",
}

# ModernGov's attendance wording -> the record's attendance status. "Expected" records
# neither presence nor absence, so it (and any wording not listed) gives no status.
ATTENDANCE = {
    "present": "present",
    "present, as expected": "present",
    "present, as substitute": "substitute",
    "present as substitute": "substitute",
    "substitute": "substitute",
    "in attendance": "in-attendance",
    "apologies": "apologies",
    "apologies, sent substitute": "apologies",
    "apologies received": "apologies",
    "absent": "absent",
    "not required": "absent",
}


@dataclass
class XmlTree:
    root: ET.Element
    lines: dict[ET.Element, int]  # the line each element starts on

    def line(self, element: ET.Element | None) -> int:
        return self.lines.get(element, 1) if element is not None else 1


class _LineTreeBuilder(ET.TreeBuilder):
    """A TreeBuilder that remembers the source line of every element it builds."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[ET.Element, int] = {}
        self.parser: DefusedXMLParser | None = None

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        element = super().start(tag, attrs)
        if self.parser is not None:
            self.lines[element] = self.parser.parser.CurrentLineNumber
        return element


def parse_xml(data: bytes, name: str) -> XmlTree:
    """Parse XML safely (no DTD, no entities), or raise ReadError saying where it is broken."""
    builder = _LineTreeBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    builder.parser = parser
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException:
        raise ReadError(
            name, "XML declares a DTD or entities, which minutebook refuses (entity expansion)"
        ) from None
    except LookupError as error:  # an encoding Python does not know, named in the XML declaration
        raise ReadError(name, f"XML declares an encoding Python cannot decode ({error})") from None
    except ET.ParseError as error:
        line, column = error.position
        raise ReadError(name, f"XML is not well-formed at line {line}, column {column + 1}") from None
    return XmlTree(root=root, lines=builder.lines)


def _text(element: ET.Element | None, path: str) -> str:
    """Text of a child, stripped; ModernGov double-escapes some text (`&amp;#39;`), so unescape once more."""
    child = element.find(path) if element is not None else None
    if child is None or child.text is None:
        return ""
    return html.unescape(child.text).strip()


def iso_date(text: str) -> str | None:
    """ModernGov's dd/mm/yyyy as ISO, or None."""
    try:
        return datetime.strptime(text.strip(), "%d/%m/%Y").date().isoformat()
    except ValueError:
        return None


def clock_time(text: str) -> str | None:
    """ModernGov's '12.30 pm' / '10.00 am' / '18:00' as HH:MM, or None."""
    match = re.fullmatch(r"(\d{1,2})[.:](\d\d)\s*([ap])?\.?m?\.?", text.strip().lower())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if match.group(3) == "p" and hour < 12:
        hour += 12
    elif match.group(3) == "a" and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else None


def _html_lines(tree: XmlTree, element: ET.Element | None, role: Role) -> list[Line]:
    source = element.text if element is not None else None
    if element is None or source is None or not source.strip():
        return []
    return [
        Line(text=text, number=number, role=role) for number, text in html_blocks(source, tree.line(element))
    ]


def _document_format(url: str) -> str | None:
    if "mgconvert2pdf" in url.lower() or url.lower().endswith(".pdf"):
        return "pdf"
    return None


def _item_lines(tree: XmlTree, item: ET.Element) -> tuple[list[Line], bool]:
    """The lines of one agenda item, and whether it carries minutes."""
    number = _text(item, "fulldisplaynumberformat") or _text(item, "minutesitemnumber")
    number = number.rstrip(".").strip()
    item_hints = {"item_id": _text(item, "agendaitemid")}
    lines: list[Line] = []
    if number:
        lines.append(
            Line(
                text=number,
                number=tree.line(item.find("fulldisplaynumberformat")),
                role="item-number",
                hints=item_hints,
            )
        )
    title = _text(item, "agendaitemtitle") or "(untitled item)"
    lines.append(
        Line(text=title, number=tree.line(item.find("agendaitemtitle")), role="item-title", hints=item_hints)
    )
    presenter = _text(item, "commenttext1")
    if presenter:
        lines.append(Line(text=presenter, number=tree.line(item.find("commenttext1")), role="presenter"))
    lines += _html_lines(tree, item.find("agendatext"), "agenda")
    for doc in item.iterfind("linkeddocuments/linkeddoc"):
        url = _text(doc, "url")
        hints = {
            "url": url or None,
            "format": _document_format(url),
            "size": None,
            "id": _text(doc, "attachmentid"),
        }
        lines.append(
            Line(
                text=_text(doc, "title") or "(untitled document)",
                number=tree.line(doc),
                role="document",
                hints=hints,
            )
        )
    # The decision field holds one resolution, however many paragraphs ("RESOLVED:", "(1) ...",
    # "(2) ..."): it becomes one decision line, so that it counts as one decision.
    decision = _html_lines(tree, item.find("decisionnonemptyhtmlbody"), "decision")
    decided = [line.text for line in decision]
    if decision:
        lines.append(Line(text=" ".join(decided), number=decision[0].number, role="decision"))
    minutes = _html_lines(tree, item.find("minutesnonemptyhtmlbody"), "minutes")
    # ModernGov prints the decision again at the end of the minutes: the same decision, so drop the copy.
    if decided and [line.text for line in minutes[-len(decided) :]] == decided:
        minutes = minutes[: -len(decided)]
    if minutes:
        first = tree.line(item.find("minutesnonemptyhtmlbody"))
        lines.append(Line(text="Minutes:", number=first, role="minutes-start"))
        lines += minutes
    action = _text(item, "commenttext2")
    if action:
        lines.append(Line(text=action, number=tree.line(item.find("commenttext2")), role="action"))
    return lines, bool(minutes or decided)


def _strip_title(name: str) -> str:
    return re.sub(
        r"^(?:councillor|cllr\.?|county councillor|alderman)\s+", "", name, flags=re.IGNORECASE
    ).strip()


def _attendee_line(tree: XmlTree, attendee: ET.Element) -> Line:
    name = html.unescape(attendee.get("name", "")).strip()
    hints = {
        "name": _strip_title(name),
        "role": attendee.get("roledescription") or None,
        "attendance": attendee.get("attendance") or None,
        "party": attendee.get("politicalparty") or None,
        "ward": html.unescape(attendee.get("ward", "")) or None,
        "posts": html.unescape(attendee.get("keyposts", "")) or None,
        "representing": attendee.get("representing") or None,
        "member_id": attendee.get("memberid") or None,
        "url": _text(attendee, "url") or None,
    }
    status = ATTENDANCE.get((attendee.get("attendance") or "").strip().lower())
    if status:
        hints["status"] = status
    return Line(text=name, number=tree.line(attendee), role="attendee", hints=hints)


def meeting_document(tree: XmlTree, name: str, sha256: str) -> Document:
    meeting = tree.root
    body = _text(meeting, "agendaitems/agendaitem/refertocommittee") or _text(
        meeting, "agendaitems/agendaitem/linkeddocuments/linkeddoc/committeetitle"
    )
    meeting_date = iso_date(_text(meeting, "meetingdate"))
    meeting_time = clock_time(_text(meeting, "meetingtime"))
    venue = _text(meeting, "meetinglocation") or _text(meeting, "meetingroom/addresssummary")
    status = _text(meeting, "meetingstatus")
    heading = " - ".join(
        part for part in (body, _text(meeting, "meetingdate"), _text(meeting, "meetingtime")) if part
    )
    header_hints = {"body": body or None, "date": meeting_date, "time": meeting_time}
    lines = [
        Line(
            text=heading or "Meeting",
            number=tree.line(meeting.find("meetingdate")),
            role="header",
            hints=header_hints,
        )
    ]
    if venue:
        lines.append(Line(text=venue, number=tree.line(meeting.find("meetinglocation")), role="venue"))
    if status:
        lines.append(Line(text=status, number=tree.line(meeting.find("meetingstatus")), role="status"))
    has_minutes = False
    for item in meeting.iterfind("agendaitems/agendaitem"):
        item_lines, item_minutes = _item_lines(tree, item)
        lines += item_lines
        has_minutes = has_minutes or item_minutes
    lines += [_attendee_line(tree, attendee) for attendee in meeting.iterfind("attendees/attendee")]

    if not body and not meeting.findall("agendaitems/agendaitem"):
        # Nothing names the body (a cancelled meeting, an agenda not yet published): no record can be made.
        raise NotAMeeting(
            name, f"ModernGov GetMeeting answer with no agenda items names no committee ({status})"
        )
    warnings = []
    if meeting_date is None:
        warnings.append(f"meeting date {_text(meeting, 'meetingdate')!r} is not a dd/mm/yyyy date")
    if not body:
        warnings.append("the XML names no committee (no <refertocommittee>), so the body is unknown")
    hints = {
        **header_hints,
        "venue": venue or None,
        "meeting_id": _text(meeting, "meetingid") or None,
        "cancelled": "cancelled" in status.lower(),
        "minutes_status": "unknown" if has_minutes else "none",
    }
    return Document(
        name=name, sha256=sha256, format="moderngov-xml", lines=lines, hints=hints, warnings=warnings
    )


def read(data: bytes, name: str, sha256: str) -> Document:
    tree = parse_xml(data, name)
    tag = tree.root.tag.lower()
    if tag in LIST_ROOTS:
        raise NotAMeeting(name, f"ModernGov {LIST_ROOTS[tag]}")
    if tag != "meeting":
        raise ReadError(name, f"XML, but not a ModernGov meeting (root element <{tree.root.tag}>)")
    return meeting_document(tree, name, sha256)


_XML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    rb"(?:<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>\s*)?"  # a DTD is sniffed past here, and refused by `parse_xml`
    rb"(?:<!--.*?-->\s*)*<([A-Za-z_][\w.-]*)",
    re.DOTALL,
)


def sniff(head: bytes, name: str) -> int:
    match = _XML_START.match(head)
    if not match:
        return 0
    root = match.group(1).decode("ascii").lower()
    if root == "meeting" or root in LIST_ROOTS:
        return 95
    if root in {"html", "svg"}:
        return 0
    # Other XML: claim it, so it gets a clear "not a ModernGov meeting" rather than being read as prose.
    return 30 if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<?xml") else 0


READER = Reader(format="moderngov-xml", sniff=sniff, read=read)


# --- The answers that are not meetings: their data, for the harvester and the registers. ---


@dataclass(frozen=True)
class Committee:
    id: str
    title: str
    deleted: bool = False
    expired: bool = False
    category: str | None = None


@dataclass(frozen=True)
class MeetingSummary:
    id: str
    committee_id: str
    committee_title: str
    date: str | None  # ISO
    time: str | None  # HH:MM
    status: str

    @property
    def cancelled(self) -> bool:
        return "cancelled" in self.status.lower()


@dataclass(frozen=True)
class Councillor:
    id: str
    name: str
    ward: str
    party: str | None
    posts: str | None
    terms: list[tuple[str | None, str | None]] = field(default_factory=list)  # (start, end), ISO


@dataclass(frozen=True)
class Attachment:
    id: str
    title: str
    url: str | None
    committee_title: str | None
    meeting_date: str | None
    owner_title: str | None  # the agenda item it belongs to


def _expect(tree: XmlTree, name: str, *roots: str) -> ET.Element:
    if tree.root.tag.lower() not in roots:
        raise ReadError(name, f"expected a ModernGov <{roots[0]}> answer, found <{tree.root.tag}>")
    return tree.root


def committees(data: bytes, name: str = "GetCommittees") -> list[Committee]:
    root = _expect(parse_xml(data, name), name, "committees")
    return [
        Committee(
            id=_text(c, "committeeid"),
            title=_text(c, "committeetitle"),
            deleted=_text(c, "committeedeleted").lower() == "true",
            expired=_text(c, "committeeexpired").lower() == "true",
            category=_text(c, "committeecategory") or None,
        )
        for c in root.iterfind("committee")
        if _text(c, "committeeid")
    ]


def meetings(data: bytes, name: str = "GetMeetings") -> list[MeetingSummary]:
    root = _expect(parse_xml(data, name), name, "getmeetings")
    return [
        MeetingSummary(
            id=_text(m, "meetingid"),
            committee_id=_text(c, "committeeid"),
            committee_title=_text(c, "committeetitle"),
            date=iso_date(_text(m, "meetingdate")),
            time=clock_time(_text(m, "meetingtime")),
            status=_text(m, "meetingstatus"),
        )
        for c in root.iterfind("committee")
        for m in c.iterfind("committeemeetings/meeting")
        if _text(m, "meetingid")
    ]


def councillors(data: bytes, name: str = "GetCouncillorsByWard") -> list[Councillor]:
    root = _expect(parse_xml(data, name), name, "councillorsbywardid", "councillorsbyward")
    return [
        Councillor(
            id=_text(c, "councillorid"),
            name=_text(c, "fullusername"),
            ward=_text(ward, "wardtitle"),
            party=_text(c, "politicalpartytitle") or None,
            posts=_text(c, "keyposts") or None,
            terms=[
                (iso_date(_text(t, "startdate")), iso_date(_text(t, "enddate")))
                for t in c.iterfind("termsofoffice/termofoffice")
            ],
        )
        for ward in root.iterfind("wards/ward")
        for c in ward.iterfind("councillors/councillor")
    ]


def attachment(data: bytes, name: str = "GetAttachment") -> Attachment:
    root = _expect(parse_xml(data, name), name, "attachment")
    details = root.find("attachmentdetails")
    return Attachment(
        id=_text(details, "attachmentid"),
        title=_text(details, "title"),
        url=_text(details, "url") or None,
        committee_title=_text(details, "committeetitle") or None,
        meeting_date=iso_date(_text(details, "meetingdate")),
        owner_title=_text(details, "ownertitle") or None,
    )

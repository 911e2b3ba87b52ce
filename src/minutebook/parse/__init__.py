"""parse: Document in, MeetingRecord out. Knows the shape of a meeting (header, items,
minute paragraphs), nothing about storage.

`parse(doc)` is the entry point. It reads, in this order:

1. the header: `doc.hints` (body, title, date, time, venue, council, minutes_status,
   cancelled) where a structured reader set them, else the first dated block of the text
   (see `header`), and the council from the document's first lines or its body (see `council`);
2. the items: by line roles where any line has a role (see `roles`), else by the text rules
   for ModernGov pages or for other text (see `items`), with the actions of action tables
   (see `tables`), whose owner and date cells are kept out of the minutes;

and returns the record's structure (`Parsed`): the facts inside items (decisions, attendance,
people...) are `minutebook.extract`'s work, which reads the text `Parsed` keeps for it. parse never
imports extract; `minutebook.pipeline` runs one after the other.

It raises NotAMeeting when the document holds no meeting: data (JSON, YAML), or text with no
meeting header (a dated heading naming a body), such as a README or a list of documents.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from itertools import chain, takewhile

from minutebook.errors import NotAMeeting
from minutebook.parse.blocks import Block, document_blocks
from minutebook.parse.council import find_council, head_lines
from minutebook.parse.decision_records import decision_record
from minutebook.parse.evidence import APPROVAL, file_name_date, head_date, meeting_signs, papers_kind
from minutebook.parse.header import DRAFT_NOTICE, Header, find_header, minutes_status
from minutebook.parse.items import find_text_items, moderngov_items
from minutebook.parse.roles import role_items
from minutebook.parse.tables import action_tables, place
from minutebook.read.document import Document
from minutebook.record import Attendee, Item, MeetingRecord, MinutesStatus, Source, meeting_id

__all__ = ["Parsed", "parse"]

HEADING_ROLES = (None, "header", "venue", "status")  # what a meeting's heading may be made of


@dataclass
class Parsed:
    """A meeting's structure, and the text extract reads its facts from."""

    record: MeetingRecord  # header, items and minute paragraphs; no facts yet
    preamble: list[tuple[str, int]]  # (text, line) of the blocks before the first item
    members: list[Attendee]  # people a structured source listed as attendees
    lines: list[tuple[str, int]]  # the document's lines as read, table cells still a gap apart


def parse(doc: Document, given: dict[str, str] | None = None) -> Parsed:
    """The structure of the meeting in `doc`; NotAMeeting where it holds none. `given` header
    fields (body, date, council, title, time, venue: from the command line) stand over what the
    document and its reader say."""
    data = _data_format(doc)
    if data:
        raise NotAMeeting(doc.name, f"not a meeting: {data} data")
    if (recorded := decision_record(doc, given)) is not None:  # a list of decisions, not a meeting's
        return Parsed(recorded, [], [], [(line.text, line.number) for line in doc.lines])
    # An action table's owner and date cells are facts of their own, not words of the minutes.
    lines, tabled = action_tables(doc.lines)
    blocks, meta = document_blocks(replace(doc, lines=lines))
    heading = [b for b in blocks if b.role in HEADING_ROLES]
    header = find_header(heading, meta.get("title"))
    # A front-matter title with a date in it ("Local Public Data Panel – eighth meeting 23rd March
    # 2011") is the header; the text's first dated block may be a later date.
    titled = find_header([Block(meta["title"], 0)]) if meta.get("title") else None
    if titled:
        header = replace(
            titled, end=0, time=header.time if header else None, venue=header.venue if header else None
        )
    hints = {**doc.hints, **(given or {})}
    warnings = list(doc.warnings) + (header.warnings if header and not hints.get("time") else [])
    date = hints.get("date") or (header.date if header else None)
    body = hints.get("body") or (header.body if header else None) or meta.get("title")
    if not date or not body:
        if doc.warnings and not doc.text.strip():  # nothing was read: the reader says why (a scan, no OCR)
            raise NotAMeeting(doc.name, f"no text was read: {doc.warnings[0]}")
        # Real minutes are never refused for a missing heading: what has the signs of a meeting is
        # one, with what stays unknown left null and said in its warnings.
        if not meeting_signs(blocks):
            raise NotAMeeting(doc.name, "not a meeting: no meeting header with a date found")
        if not date and (date := head_date(heading)):
            warnings.append("no meeting heading found: the date is the first date at the top of the document")
        if not date and (date := file_name_date(doc.name)):
            warnings.append("no meeting date printed: the date is taken from the file name")
        if not date:
            warnings.append("no meeting date found")
        if not body:
            warnings.append("no body named: the committee or council that met is not known")
    council = hints.get("council") or find_council(_head(doc, heading, header), body or "")
    if any(b.role for b in blocks):
        rest = blocks  # role_items passes over the header's own roles
        items = role_items(rest)
    elif (rest := _after_header(blocks, header)) and doc.format == "moderngov-text":
        items = moderngov_items(rest)
    else:
        items, found = find_text_items(rest, above=blocks[: len(blocks) - len(rest)])
        warnings += found
    place(items, tabled)
    record = MeetingRecord(
        id=meeting_id(body or "unknown-body", date or "undated", council),
        source=Source(name=doc.name, sha256=doc.sha256, format=doc.format, url=doc.url),
        body=body,
        title=hints.get("title") or (header.title if header else body),
        date=date,
        time=hints.get("time") or (header.time if header else None),
        venue=hints.get("venue") or (header.venue if header else None),
        minutes_status=hints.get("minutes_status") or _status(header, items, blocks),
        council=council,
        items=items,
        warnings=warnings,
        cancelled=bool(hints.get("cancelled", False)),
    )
    first_item = items[0].line if items and items[0].line is not None else None
    preamble = [b for b in blocks if first_item is None or b.line < first_item]
    if any(
        b.role for b in blocks
    ):  # structured sources order lines by markup, not position: keep all free text
        preamble = [b for b in blocks if b.role is None]
    free_lines = [(line.text, line.number) for line in doc.lines if line.role is None]
    return Parsed(record, [(b.text, b.line) for b in preamble], _members(blocks), free_lines)


def __getattr__(name: str) -> object:
    """`parse_document`, the whole record (parse, then extract), for callers written before the
    pipeline: it lives in `minutebook.pipeline` now, and is looked up only when asked for."""
    if name == "parse_document":
        from minutebook.pipeline import parse_document

        return parse_document
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# A line of YAML data: "key: value", "- entry", an indented continuation, a document marker.
_YAML_LINE = re.compile(r"^(?:\s*-\s|\s+\S|\s*-?\s*[\w.-]+:(?:\s|$)|---$|\.\.\.$)")


def _data_format(doc: Document) -> str | None:
    """'JSON' or 'YAML' when the text is data (an answer key, an API response), never minutes."""
    lines = [line.text for line in doc.lines if line.text.strip()]
    if lines and lines[0].lstrip().startswith(("{", "[")):
        try:
            json.loads(doc.text)
            return "JSON"
        except ValueError:
            return None
    if len(lines) >= 3 and all(_YAML_LINE.match(line) for line in lines):
        return "YAML"
    return None


def _head(doc: Document, heading: list[Block], header: Header | None) -> list[str]:
    """The lines where a letterhead or heading names the council: those above the meeting's heading,
    its own, and one block more ("Minutes of Council Meeting" / "Hastings District Council"), but no
    further: the minutes below name other councils. A ModernGov page's title ("Agenda for Cabinet
    ... - X Council") comes first, each part of it a line."""
    title = re.split(r"\s+[-|–]\s+", doc.hints.get("page_title") or "")
    after = heading[header.end + 1].line if header and header.end + 1 < len(heading) else None
    lines = takewhile(lambda line: line.number != after, doc.lines)
    return head_lines(chain(title, (line.text for line in lines if line.role in HEADING_ROLES)))


def _members(blocks: list[Block]) -> list[Attendee]:
    """People a structured reader listed as attendees, with the status it gave (any word)."""
    members = []
    for block in blocks:
        if block.role == "attendee":
            hints = block.hints
            status = str(hints.get("status") or hints.get("attendance") or "").lower().replace(" ", "-")
            status = {"attended": "present", "apology": "apologies", "sent-apologies": "apologies"}.get(
                status, status
            )
            name = hints.get("name") or block.text
            members.append(Attendee(name=name, status=status, role=hints.get("role"), line=block.line))  # type: ignore[arg-type]
    return members


def _after_header(blocks: list[Block], header: Header | None) -> list[Block]:
    if header is None:
        return blocks
    heading_blocks = [b for b in blocks if b.role in HEADING_ROLES]
    first = heading_blocks[header.end] if header.end < len(heading_blocks) else None
    return blocks[blocks.index(first) :] if first is not None else []


def _status(header: Header | None, items: list[Item], blocks: list[Block]) -> MinutesStatus:
    """Stated at the top (draft, approved, an agenda), or by a notice or an approval line anywhere;
    otherwise minutes (status unknown) where the document records proceedings, else an agenda."""
    stated = header.minutes_status if header else None
    if stated is None:
        stated = next((s for b in blocks[:5] if len(b.text) < 150 and (s := minutes_status(b.text))), None)
    if stated is None and any(DRAFT_NOTICE.search(b.text) for b in blocks):
        stated = "draft"
    if stated is None and any(APPROVAL.search(b.text) for b in blocks):
        stated = "approved"
    if stated:
        return stated
    kind = papers_kind(blocks)
    if kind:
        return "unknown" if kind == "minutes" else "none"
    return "unknown" if any(item.minutes for item in items) else "none"

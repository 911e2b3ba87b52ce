"""Records of decisions (issue 13, item 1): a document that is a list or table of decisions taken
by a person or a body outside a meeting — an executive or officer's "Record of decision", a
ModernGov "Decision details" or "Delegated decisions" page, a "Record of 'minded-to' decisions
made by Commissioners since ..." — read as one meeting record whose items are its decisions.

The pattern claimed, in such records of any council: the heading says the document records
decisions ("Record of (executive|officer|delegated|individual|minded-to) decision(s)", "Decision
notice", "Decision details", "Schedule/Register/List of decisions", "Delegated decisions"), and
each decision is given as labelled fields — either "Label: value" lines (a notice, a ModernGov
page, a definition list) or the columns of a table whose header row names them — among them who
made it ("Decision maker", "Decision taker", "Taken by", "Made by") and the decision itself
("Decision", "Decision taken"), with usually its date, subject, status and a reference. Minutes
of a meeting never label a maker per entry, so a heading without labelled makers is left to the
ordinary parse.

Each decision becomes an item: title the subject, number the printed reference, one minute
paragraph per field kept as "Label: value" (so "Made by: ..." and "Date made: ..."
are stored and searched with the meeting, and `minutebook.registers.makers` reads them), and one
decision whose kind is minded-to where its status or text says so. The meeting's date is that of
its latest decision, else the first date at its top (a warning says so).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from minutebook.parse.council import find_council, head_lines
from minutebook.parse.dates import find_date
from minutebook.parse.evidence import file_name_date
from minutebook.read.document import Document
from minutebook.record import Decision, DecisionKind, Item, MeetingRecord, Paragraph, Source, meeting_id

__all__ = ["DATE_LABEL", "MAKER_LABEL", "DecisionRecord", "decision_record", "read_decision_record"]

# The paragraph naming an item's maker ("Made by: ...") and its date ("Date made: ..."): not
# "Decision maker:", which the decisions extractor would read as a decision labelled "Decision".
MAKER_LABEL = "Made by"
DATE_LABEL = "Date made"
HEAD = 12  # non-blank lines at the top where the record's heading stands

_HEADING = re.compile(
    r"\b(?:record|register|schedule|list|notice|log|summary)s?\s+of\s+(?:[\w'‘’“”-]+\s+){0,3}decisions?\b"
    r"|\b(?:delegated|executive|officer|individual|portfolio|minded[- ]to)\S*\s+(?:[\w'‘’-]+\s+){0,2}"
    r"decisions?\b"
    r"|\bdecision\s+(?:notice|details|record|sheet)\b",
    re.I,
)

# Field labels and the field each names; order matters where one label begins another.
FIELD_LABELS: dict[str, str] = {
    "maker": r"decision[- ]?(?:maker|taker)s?|decision\s+(?:taken|made)\s+by|(?:taken|made|decided)\s+by|"
    r"name\s+and\s+post\s+of\s+decision[- ]?(?:maker|taker)",
    "date": r"date\s+of\s+(?:the\s+)?decision|decision\s+date|date\s+(?:decision\s+)?(?:taken|made)|date",
    "subject": r"subject|title|decision\s+title|matter|topic|report\s+title|item",
    "status": r"(?:decision\s+)?status|stage",
    "reference": r"(?:decision\s+)?(?:reference|ref\.?)(?:\s+(?:no\.?|number))?|decision\s+(?:no\.?|number)",
    "decision": r"(?:the\s+)?(?:final\s+|minded[- ]to\s+|proposed\s+)?decisions?"
    r"(?:\s+(?:taken|made|details))?",
}
_LABEL = {name: re.compile(rf"(?:{pattern})", re.I) for name, pattern in FIELD_LABELS.items()}
# Other labels a record prints; kept as paragraphs, never a field of the decision.
_OTHER = re.compile(
    r"(?:reasons?(?:\s+for\s+(?:the\s+)?decision)?|alternative\s+options?(?:\s+considered)?|purpose|"
    r"publication\s+date|effective\s+from|is\s+key\s+decision\??|key\s+decision|"
    r"(?:is\s+)?subject\s+to\s+call[- ]in\??|call[- ]in(?:\s+deadline)?|contact\s+officer|"
    r"(?:declarations?\s+of\s+)?interests?(?:\s+and\s+dispensations)?|consultation|wards?\s+affected|"
    r"portfolio|directorate|background\s+papers|implementation\s+date)",
    re.I,
)
# How a field's paragraph is labelled, whatever the record printed: one wording to read back.
_SAID = {"maker": MAKER_LABEL, "date": DATE_LABEL, "status": "Status", "reference": "Reference"}
_SAID |= {"subject": "Subject", "decision": "Decision"}
_LINE_FIELD = re.compile(
    r"^\s*(?P<label>[A-Za-z][\w ?'’./-]{1,60}?)\s*(?::|\t|\s{3,}|\s[–—-]\s)\s*(?P<value>.*)$"
)
_MARKUP = re.compile(r"^[#*_\s]+|[*_\s]+$")  # a Markdown heading's hashes, emphasis around a line
_CELLS = re.compile(r"\t+|\s{3,}|\s*\|\s*")
_MINDED = re.compile(r"\bminded\b", re.I)
_MINDED_TEXT = re.compile(r"\bminded[- ]to\s+(?!decisions?\b)\w", re.I)
_CONFIRMED = re.compile(r"\b(?:confirmed|implemented|superseded|final\s+decision\s+(?:taken|made))\b", re.I)
_FINAL = re.compile(r"\b(?:final|taken|made|approved|agreed|decided|implemented|confirmed)\b", re.I)


@dataclass
class _Entry:
    fields: dict[str, str] = field(default_factory=dict)
    paragraphs: list[tuple[str, int]] = field(default_factory=list)  # ("Label: value", line)
    line: int = 0
    decision_line: int | None = None


@dataclass
class DecisionRecord:
    """What a record of decisions gave: its items, title, date and the warnings to record."""

    items: list[Item]
    title: str
    date: str | None
    warnings: list[str]
    makers: list[str]  # each item's maker, as printed


def decision_record(doc: Document, given: dict[str, str] | None = None) -> MeetingRecord | None:
    """A record of decisions (see `decision_records`) as a meeting record: one item a decision,
    the body the record's heading without its dates, or the one maker of them all where the
    heading is as short as "Decision details"."""
    found = read_decision_record(doc)
    if found is None:
        return None
    hints = {**doc.hints, **(given or {})}
    named = _UNDATED.sub("", found.title).strip(" -–—,:")
    named = _DATED.sub("", named).strip(" -–—,:") or named
    # A heading that names no series ("Decision details") gives way to the one maker of them all.
    one = found.makers[0] if len(set(found.makers)) == 1 and len(named.split()) < 4 else None
    body = hints.get("body") or (f"Decisions of {one}" if one else named)
    date = hints.get("date") or found.date
    warnings = list(doc.warnings) + found.warnings
    if not date and (date := file_name_date(doc.name)):
        warnings.append("no date of decision found: the date is taken from the file name")
    elif not date:
        warnings.append("no date found in the record or its file name")
    # A page title ("Decision - X - Y Council") names the council in one of its parts.
    top = [doc.hints.get("page_title") or "", *(line.text for line in doc.lines[:HEAD])]
    heads = head_lines(part for text in top for part in re.split(r"\s+[-|–]\s+", text))
    council = hints.get("council") or find_council(heads, body)
    return MeetingRecord(
        id=meeting_id(body, date or "undated", council),
        source=Source(name=doc.name, sha256=doc.sha256, format=doc.format, url=doc.url),
        body=body,
        title=hints.get("title") or found.title,
        date=date,
        minutes_status="unknown",  # decisions as taken: neither a meeting's draft nor approved minutes
        council=council,
        items=found.items,
        warnings=warnings,
    )


# Dates and "since ..." in a record's heading: the same record published again is the same series.
_DATED = re.compile(
    r",?\s*(?:\b(?:in|for|of)\s+)?(?:\b\d{1,2}(?:st|nd|rd|th)?\s+)?"
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{4}\b.*$"
)
_UNDATED = re.compile(r"\s+(?:since|from|to|until|between|as\s+at|dated?)\b.*$|\s*\(.*?\)\s*$", re.I)


def read_decision_record(doc: Document) -> DecisionRecord | None:
    """The decisions of `doc` when it is a record of decisions (see the module), else None."""
    top = (line.text.strip() for line in doc.lines if line.text.strip())
    if not any(len(text) < 200 and _HEADING.search(text) for _, text in zip(range(HEAD), top, strict=False)):
        return None  # the common case, minutes: only the top of the document is looked at
    lines = [(line.text.strip(), line.number) for line in doc.lines if line.text.strip()]
    at = next(
        (i for i, (text, _) in enumerate(lines[:HEAD]) if len(text) < 200 and _HEADING.search(text)), None
    )
    if at is None:
        return None
    heading = _MARKUP.sub("", lines[at][0])
    if at + 1 < len(lines) and lines[at + 1][0][:1].islower() and len(lines[at + 1][0]) < 100:
        heading = f"{heading} {lines[at + 1][0]}"  # a heading wrapped onto a second line (a PDF's)
    tabled = _table_entries(lines)
    if tabled == []:  # a header row of labels whose rows do not fall into its columns
        return _unread_table(heading, lines)
    entries = tabled or _field_entries(_pairs(lines))
    entries = [e for e in entries if "maker" in e.fields and "decision" in e.fields]
    if not entries:
        return None
    minded_record = bool(_MINDED.search(heading))
    items = [_item(entry, minded_record) for entry in entries]
    dates = [d for e in entries if (d := _date(e.fields.get("date", "")))]
    warnings = ["a record of decisions: each decision is an item, with its maker, date and status as printed"]
    # The record stands at the date of its latest decision; a date at its top may be where it starts
    # ("decisions made since 11th January"), so it is the record's date only when none is dated.
    date = max(dates) if dates else None
    if date is None:
        date = next((found[0] for text, _ in lines[:HEAD] if (found := find_date(text))), None)
        warnings.append("no decision in the record is dated: its date is the first date at its top")
    if len(dates) < len(entries):
        warnings.append("some decisions in the record print no date of their own")
    return DecisionRecord(items, heading, date, warnings, [e.fields["maker"] for e in entries])


def _unread_table(heading: str, lines: list[tuple[str, int]]) -> DecisionRecord:
    """A record whose table of decisions has rows that do not fall into its header's columns (a
    PDF's cells wrapped over several lines, their words interleaved): kept whole as one item of
    its lines, searchable, with no decision guessed from it, and a warning saying so."""
    below = [(text, number) for text, number in lines if text not in heading]
    item = Item(title=heading, minutes=[Paragraph(None, text, number) for text, number in below])
    dated = max((found[0] for text, _ in lines if (found := find_date(text))), default=None)
    warnings = [
        "a record of decisions in a table whose rows could not be read cell by cell: "
        "its decisions are kept as text, not itemised"
    ]
    return DecisionRecord([item] if below else [], heading, dated, warnings, [])


def _label_of(text: str) -> str | None:
    """The field a label names ("Decision Maker" -> maker), "other" for a known label of no field."""
    text = text.strip(" :*").rstrip("?")
    for name, pattern in _LABEL.items():
        if pattern.fullmatch(text):
            return name
    return "other" if _OTHER.fullmatch(text.strip()) else None


def _pairs(lines: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Lines with a row of label and value cells ("Decision Maker:    X    Decision status:    Y",
    a definition list or a two-column table read as one line) as one "label: value" line each."""
    out = []
    for text, number in lines:
        cells = [c.strip() for c in _CELLS.split(text) if c.strip()]
        labels = cells[::2]
        values = cells[1::2]
        if (
            len(cells) >= 4
            and len(cells) % 2 == 0
            and all(map(_label_of, labels))
            and not all(map(_label_of, values))
        ):
            out += [
                (f"{label.rstrip(' :')}: {value}", number)
                for label, value in zip(labels, cells[1::2], strict=True)
            ]
        else:
            out.append((text, number))
    return out


def _field_entries(lines: list[tuple[str, int]]) -> list[_Entry]:
    """Entries written as "Label: value" lines (or a label line, then its value below). A subject or
    reference label, or a maker label when the entry in hand has one, begins the next entry; an
    unlabelled line just before a maker label is the entry's heading (ModernGov prints the title
    bare above "Decision Maker:")."""
    entries: list[_Entry] = []
    entry: _Entry | None = None
    pending: str | None = None  # a label printed alone, whose value is on the next line
    bare: tuple[str, int] | None = None  # the last unlabelled line, a possible heading
    last_label: str | None = None
    for text, number in lines:
        name, label, value = _split(text)
        if name is None and pending is not None:
            name, label, value, pending = _label_of(pending), pending, text, None
        if name is None:
            if entry is not None and last_label is not None:  # a value running on below its label
                _append(entry, last_label, text, number)
            bare = (text, number)
            continue
        if not value:
            pending = label
            continue
        starts = name in ("subject", "reference") and (
            entry is None or name in entry.fields or "decision" in entry.fields
        )
        starts = starts or (name == "maker" and (entry is None or "maker" in entry.fields))
        if starts:
            entry = _Entry(line=number)
            entries.append(entry)
            if name == "maker" and bare is not None and "subject" not in entry.fields:
                entry.fields["subject"] = bare[0]
                entry.line = bare[1]
        if entry is None:
            bare = None
            continue
        if name != "other" and name not in entry.fields:
            entry.fields[name] = value
            if name == "decision":
                entry.decision_line = number
        entry.paragraphs.append((f"{_SAID.get(name, label.strip(' :'))}: {value}", number))
        last_label = label
        bare = None
    return entries


def _split(text: str) -> tuple[str | None, str, str]:
    """(field, label, value) of a "Label: value" line; (None, "", "") when it is no labelled line."""
    match = _LINE_FIELD.match(text)
    if match is None:
        name = _label_of(text) if len(text) < 60 and text.endswith(":") else None
        return (name, text, "") if name else (None, "", "")
    name = _label_of(match["label"])
    return (name, match["label"], match["value"].strip()) if name else (None, "", "")


def _append(entry: _Entry, label: str, text: str, number: int) -> None:
    """A line continuing the last field: it joins that field's paragraph and value."""
    if entry.paragraphs:
        kept, line = entry.paragraphs[-1]
        entry.paragraphs[-1] = (f"{kept} {text}", line)
    name = _label_of(label)
    if name and name != "other" and name in entry.fields:
        entry.fields[name] = f"{entry.fields[name]} {text}"


def _table_entries(lines: list[tuple[str, int]]) -> list[_Entry] | None:
    """Entries written as the rows of a table whose header row names a maker and a decision column
    (None: no such header); a row of fewer cells continues the one above (a cell wrapped onto a
    second line)."""
    for index, (text, _) in enumerate(lines):
        cells = [c for c in _CELLS.split(text.strip(" |")) if c.strip()]
        names = [_label_of(c) for c in cells]
        known = sum(1 for name in names if name) >= max(3, len(names) - 1)  # a header row, not a row
        if known and "maker" in names and ("decision" in names or "subject" in names):
            return _rows(lines[index + 1 :], names)
    return None


def _rows(lines: list[tuple[str, int]], names: list[str | None]) -> list[_Entry]:
    """The entries of the rows below a header row: a row has a cell for each column, its maker
    beginning with a capital and its date (where there is a date column) a date; a line of one
    cell continues the decision above (a long decision wrapped in a text table). Any other line
    means cells wrapped over several lines, their words interleaved (a PDF's): then no entries."""
    entries: list[_Entry] = []
    for text, number in lines:
        cells = [c.strip() for c in _CELLS.split(text.strip(" |")) if c.strip()]
        if not cells or all(set(c) <= set("-:|") for c in cells):  # a Markdown rule under the header
            continue
        row = dict(zip(names, cells, strict=False)) if len(cells) == len(names) else {}
        if row and row["maker"][:1].isupper() and ("date" not in row or find_date(row["date"])):
            entry = _Entry(line=number, decision_line=number)
            for name, cell in zip(names, cells, strict=True):
                if name and name != "other":
                    entry.fields.setdefault(name, cell)
            entries.append(entry)
        elif len(cells) == 1 and entries:
            last = entries[-1]
            key = "decision" if "decision" in last.fields else "subject"
            last.fields[key] = f"{last.fields.get(key, '')} {cells[0]}".strip()
        else:
            return []
    for entry in entries:
        if "decision" not in entry.fields and "subject" in entry.fields:
            entry.fields["decision"] = entry.fields["subject"]
        entry.paragraphs = [(f"{_SAID[k]}: {v}", entry.line) for k, v in entry.fields.items()]
    return entries


def _item(entry: _Entry, minded_record: bool) -> Item:
    fields = entry.fields
    status = fields.get("status", "")
    text = fields["decision"]
    # The status says which stage the decision is at; without one, the text ("Minded to approve"),
    # but not a final decision citing a minded-to one ("... (minded-to decision CD/01)"); in a
    # record of minded-to decisions, an entry is minded-to unless its status says it is final.
    if _MINDED.search(status):  # "Minded-to; final decision to be made after consultation"
        minded = not _CONFIRMED.search(status)
    elif _FINAL.search(status):
        minded = False
    else:
        minded = bool(_MINDED_TEXT.search(text)) or minded_record
    kind: DecisionKind = "minded-to" if minded else "resolved"
    line = entry.decision_line or entry.line
    paragraphs = [Paragraph(None, value, number) for value, number in entry.paragraphs]
    subject = fields.get("subject") or _first_words(text)
    return Item(
        title=subject,
        number=fields.get("reference"),
        minutes=paragraphs,
        decisions=[Decision(kind=kind, text=text, paragraph=None, line=line)],
        line=entry.line,
    )


def _first_words(text: str, count: int = 12) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" ..." if len(words) > count else "")


def _date(text: str) -> str | None:
    found = find_date(text)
    return found[0] if found else None

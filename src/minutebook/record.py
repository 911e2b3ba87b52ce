"""The record contract: one meeting of one body as minutebook understands it.

`MeetingRecord` mirrors `record-schema.json` (version 1, shipped beside this module). Every
stage after `parse` speaks in these types. Fields may be added; none of the schema's are
renamed or dropped. `to_dict` gives the JSON shape that `minutebook parse` prints.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field, fields
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Literal

SCHEMA_ID = "minutebook.meeting/1"

MinutesStatus = Literal["draft", "approved", "unknown", "none"]
AttendanceStatus = Literal["present", "apologies", "absent", "in-attendance", "substitute"]
DecisionKind = Literal["resolved", "agreed", "recommended", "noted", "minded-to", "other"]


@dataclass
class Source:
    name: str
    sha256: str
    format: str
    url: str | None = None


@dataclass
class Attendee:
    name: str
    status: AttendanceStatus
    role: str | None = None
    remote: bool = False
    line: int | None = None


@dataclass
class Paragraph:
    ref: str | None
    text: str
    line: int


@dataclass
class Document:
    """A report or other file attached to an item (not the source document itself)."""

    title: str
    format: str | None = None
    size: str | None = None
    url: str | None = None


@dataclass
class Vote:
    for_: int | None = None
    against: int | None = None
    abstain: int | None = None
    result: str | None = None
    names_for: list[str] = field(default_factory=list)
    names_against: list[str] = field(default_factory=list)
    names_abstain: list[str] = field(default_factory=list)


@dataclass
class Decision:
    kind: DecisionKind
    text: str
    paragraph: str | None = None
    line: int | None = None
    movers: list[str] = field(default_factory=list)
    seconders: list[str] = field(default_factory=list)
    vote: Vote | None = None


@dataclass
class Action:
    text: str
    owner: str | None = None
    due: str | None = None
    paragraph: str | None = None
    line: int | None = None


@dataclass
class Appointment:
    person: str
    position: str
    substitute: str | None = None
    term: str | None = None
    line: int | None = None


@dataclass
class Reference:
    text: str
    minute: str | None = None
    body: str | None = None
    date: str | None = None
    item: str | None = None
    line: int | None = None


@dataclass
class Declaration:
    person: str
    interest: str
    item: str | None = None
    line: int | None = None


@dataclass
class Item:
    title: str
    number: str | None = None
    number_inferred: bool = False
    presenters: list[str] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    agenda_text: str = ""
    minutes: list[Paragraph] = field(default_factory=list)
    truncated: bool = False
    decisions: list[Decision] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    appointments: list[Appointment] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    declarations: list[Declaration] = field(default_factory=list)
    line: int | None = None


@dataclass
class Person:
    name: str
    forms: list[str] = field(default_factory=list)
    honorific: str | None = None
    posts: list[str] = field(default_factory=list)


@dataclass
class MeetingRecord:
    id: str
    source: Source
    body: str | None  # None: the document does not name it (its warnings say so)
    title: str | None
    date: str | None  # None: no date printed, in the file name or given
    time: str | None = None
    venue: str | None = None
    minutes_status: MinutesStatus = "unknown"
    council: str | None = None
    attendance: list[Attendee] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cancelled: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"schema": SCHEMA_ID, **_plain(self)}


def _plain(value: Any) -> Any:
    """`dataclasses.asdict`, without its deep copies (the record holds only lists, dataclasses and
    immutable values), and with `for_` as `for`: a Python keyword, so the Vote field cannot be `for`."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    names = _FIELD_NAMES.get(type(value))
    if names is None:
        return value
    return {("for" if name == "for_" else name): _plain(getattr(value, name)) for name in names}


_RECORD_TYPES = [Source, Attendee, Paragraph, Document, Vote, Decision, Action, Appointment, Reference]
_RECORD_TYPES += [Declaration, Item, Person, MeetingRecord]
_FIELD_NAMES = {cls: [f.name for f in fields(cls)] for cls in _RECORD_TYPES}


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of the record, as shipped with the package."""
    text = resources.files("minutebook").joinpath("record-schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def meeting_id(body: str, date: str, council: str | None = None) -> str:
    """Stable id from council, body and date: 'hastings-district-council/council/2019-01-31', or
    'improving-lives-select-commission/2013-07-10' where the council is not known (see `body_slug`).

    Councils of Wales and Ireland publish the minutes of one meeting in two languages, and both
    name the same council and body (`name_key`), so the version named in Welsh or Irish has the
    language after its date ('manordeilo-and-salem-community-council/2020-06-10-cy'): both are
    kept, one meeting's two documents, rather than one replacing the other."""
    language = language_of(council) or language_of(body)
    return f"{body_slug(body, council)}/{date}" + (f"-{language}" if language else "")


def meeting_day(meeting_id: str) -> str:
    """The date part of a meeting id, without a language after it ('2020-06-10' of '...-cy')."""
    return meeting_id.rsplit("/", 1)[-1][:10]


def body_slug(body: str, council: str | None = None) -> str:
    """A body's key: its slug, led by its council's slug where the council is known, since bodies
    of different councils share names ("Council", "Cabinet"). A body whose slug already begins with
    its council's ("Boughton Parish Council") keeps its own."""
    own = name_key(body)
    if not council:
        return own
    qualifier = name_key(council)
    if own == qualifier or own.startswith(f"{qualifier}-"):
        return own
    return f"{qualifier}/{own}"


def body_label(body: str, council: str | None) -> str:
    """The body as a reader tells it from others of its name: 'Council (Hastings District Council)';
    the name alone where it names its council already ('Boughton Parish Council') or none is known."""
    return f"{body} ({council})" if council and not body.startswith(council) else body


# A slug, plain or led by a council's slug: 'cabinet', 'hastings-district-council/council'.
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)?")


def slug(text: str) -> str:
    """'Improving Lives Select Commission' -> 'improving-lives-select-commission'. A slug is its own
    slug, council-qualified ones too, so wherever a body's name or slug is taken both work.

    A name is written many ways, and they are one slug: case, accents and punctuation go; "&" is
    "and"; an apostrophe joins ("King's Lynn" = "Kings Lynn"). See `name_key` for "The"."""
    if _SLUG.fullmatch(text):
        return text
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = _APOSTROPHE.sub("", text.replace("&", " and "))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "meeting"


_APOSTROPHE = re.compile(r"(?<=\w)['`](?=\w)")  # curly ones are gone with the accents (not ASCII)
_LEADING_THE = re.compile(r"^\W*the\s+(?=\w)", re.IGNORECASE)


@lru_cache(maxsize=4096)  # a store keys the same few council and body names over and over
def name_key(name: str) -> str:
    """The key of a council's or body's name as stored: its slug, less a leading "The" ("The
    Highland Council" = "Highland Council"), so every spelling of one council is one council.
    Only here, not in `slug`: in running text "the Cabinet" is a phrase, not a name (references).
    A Welsh or Irish council name is keyed as its English form (`in_english`), so "Cyngor Cymuned
    Manordeilo a Salem" is "Manordeilo and Salem Community Council"."""
    return slug(in_english(_LEADING_THE.sub("", name)))


# Council types as Welsh and Irish write them, with the English type they stand for. In both
# languages a council's name is "<Council> <type> <Place>" where English has "<Place> <type>
# Council", and "a"/"ac" (Welsh) or "agus" (Irish) is "and": a rule of the languages that holds
# for every council of Wales and Ireland, not a list of councils. Place names are never
# translated here: where a place has a name of its own in each language ("Aberteifi", "Cardigan")
# the two are learnt as aliases from documents or declared by a clerk (`store.aliases`).
# "Cyngor Bro" is left out: it is a type in some names but a place in others ("Bro Morgannwg").
_OTHER_TYPES = {
    "cyngor cymuned": "Community",
    "cyngor tref": "Town",
    "cyngor dinas a sir": "City and County",
    "cyngor dinas": "City",
    "cyngor bwrdeistref sirol": "County Borough",
    "cyngor bwrdeistref": "Borough",
    "cyngor sir": "County",
    "cyngor plwyf": "Parish",
    "comhairle cathrach agus contae": "City and County",
    "comhairle cathrach": "City",
    "comhairle contae": "County",
    "comhairle baile": "Town",
    "comhairle buirge": "Borough",
}
_OTHER_NAME = re.compile(
    r"^\W*(?P<type>{})\s+(?P<place>\w.*?)\W*$".format(
        "|".join(sorted((t.replace(" ", r"\s+") for t in _OTHER_TYPES), key=len, reverse=True))
    ),
    re.IGNORECASE,
)
_OTHER_AND = re.compile(r"\s+(?:a|ac|agus)\s+", re.IGNORECASE)
_LANGUAGE = {"cyngor": "cy", "comhairle": "ga"}  # the first word of every type above


def language_of(name: str | None) -> str | None:
    """'cy' or 'ga' where `name` is a council's name written in Welsh or Irish (see `in_english`),
    else None."""
    match = _OTHER_NAME.match(name or "")
    return _LANGUAGE[match["type"].split()[0].lower()] if match else None


_ENGLISH_TYPES = sorted({f"{kind} Council" for kind in _OTHER_TYPES.values()}, key=len, reverse=True)


def council_type(name: str) -> str | None:
    """The type of a council's name in English ("Town Council" for "Cyngor Tref Llandeilo" and for
    "Llandeilo Town Council"), of the types Welsh and Irish names translate; None for others."""
    english = in_english(name).casefold()
    return next((kind for kind in _ENGLISH_TYPES if english.endswith(f" {kind.casefold()}")), None)


def in_english(name: str) -> str:
    """A Welsh or Irish council's name in the English form of its type ("Cyngor Tref Llandeilo" ->
    "Llandeilo Town Council"); any other name as it is."""
    match = _OTHER_NAME.match(name)
    if match is None:
        return name
    kind = _OTHER_TYPES[" ".join(match["type"].lower().split())]
    return f"{_OTHER_AND.sub(' and ', match['place'])} {kind} Council"

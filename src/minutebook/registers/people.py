"""People across meetings: the name forms minutes use ("Cllr Read", "Councillor C. Read",
"the Leader, Councillor Read") resolved to one person each, with the posts they were stated to
hold and when, and the clerk's corrections.

How forms are resolved, within one surname:
- forms with given names or initials are one person when these agree ("Christine Read",
  "C. Read"; "G. Russell", "G. A. Russell"), the fullest first; a form agreeing with two people
  ("J. Smith" beside "John" and "Jane Smith") is ambiguous. Forms whose initials disagree are
  never merged, however often the surname recurs;
- a bare surname ("Cllr Read") is resolved meeting by meeting among the people of that surname
  (only those ever called Councillor, when it is): alone, that person; else those stated to hold
  a post it was given there, else those seen within two years of it. It attaches only when
  exactly one fits, and is otherwise ambiguous (with its candidates). With nobody else of that
  surname it is a person of its own.
Clerk's overrides (`person_overrides`, applied in order, kept across re-ingest): merge (a form is
the same person as another form), split (a form is a person of its own: it joins nobody and
nobody joins it) and rename (the name to show for the person a form belongs to).

`refresh_people` stores the result (`person_links`: each meeting's form -> person;
`person_identities`: each person, keyed by the key of its fullest form); the rest reads it.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, String, cast, delete, func, insert, select

from minutebook.errors import MinutebookError
from minutebook.extract.names import mentions
from minutebook.registers.common import Page, check_page, contains, page_of
from minutebook.store import schema as t
from minutebook.store.save import person_key

COUNCILLOR = {"councillor", "cllr", "cr"}
NEAR_DAYS = 730  # a bare surname fits someone seen within this many days of its meeting


# -- names -------------------------------------------------------------------------------------


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class Name:
    key: str  # people.key
    name: str
    given: tuple[str, ...]  # folded, without dots: ('g', 'a') or ('christine',)
    surname: str  # folded

    @classmethod
    def of(cls, key: str, name: str) -> Name:
        words = [_fold(w).strip(".") for w in name.replace(".", ". ").split()]
        words = [w for w in words if w]
        return cls(key, name, tuple(words[:-1]), words[-1] if words else key)

    @property
    def specificity(self) -> tuple[int, int]:
        return sum(len(g) > 1 for g in self.given), len(self.given)


def given_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Given names agree when each pair is equal or one is the other's initial."""
    return all(x == y or (x[0] == y[0] and (len(x) == 1 or len(y) == 1)) for x, y in zip(a, b, strict=False))


def form_key(text: str) -> str:
    """The people.key a typed name refers to: 'Councillor C. Read' -> 'c. read'."""
    found = mentions(text)
    name = found[0].name if found and found[0].end >= len(text.rstrip()) - 1 else text
    return person_key(name)


# -- resolving ---------------------------------------------------------------------------------


@dataclass
class Identity:
    key: str
    name: Name
    members: list[str] = field(default_factory=list)  # people keys
    posts: set[str] = field(default_factory=set)  # normalised
    councillor: bool = False
    dates: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Occurrence:
    meeting_id: str
    date: str
    posts: frozenset[str]  # normalised posts stated there
    councillor: bool  # called Councillor (Cllr, Cr) there


@dataclass(frozen=True)
class Override:
    action: str
    person_key: str
    other_key: str | None
    name: str | None


def _post(text: str) -> str:
    return " ".join(_fold(text).removeprefix("the ").split())


def resolve(
    names: list[Name], occurrences: dict[str, list[Occurrence]], overrides: list[Override]
) -> tuple[dict[str, Identity], dict[tuple[str, str], tuple[str | None, list[str]]]]:
    """Identities by key, and each (meeting, form key) -> (identity key or None, candidates)."""
    split = {o.person_key for o in overrides if o.action == "split"}
    merged = {o.person_key: o.other_key for o in overrides if o.action == "merge" and o.other_key}
    by_surname: dict[str, list[Name]] = defaultdict(list)
    for name in names:
        by_surname[name.surname].append(name)
    identities: dict[str, Identity] = {}
    of_key: dict[str, str] = {}  # people key -> identity key, for forms resolved as a whole
    ambiguous_keys: dict[str, list[str]] = {}
    bare: list[Name] = []
    for group in by_surname.values():
        found: list[Identity] = []
        for name in sorted(group, key=lambda n: (n.specificity, n.key), reverse=True):
            if not name.given and name.key not in split:
                bare.append(name)
                continue
            agreeing = (
                []
                if name.key in split
                else [i for i in found if i.key not in split and given_agree(i.name.given, name.given)]
            )
            if len(agreeing) == 1:
                agreeing[0].members.append(name.key)
                of_key[name.key] = agreeing[0].key
            elif agreeing:
                ambiguous_keys[name.key] = [i.key for i in agreeing]
            else:
                identity = Identity(name.key, name, [name.key])
                found.append(identity)
                identities[name.key] = identity
                of_key[name.key] = name.key
    for identity in identities.values():
        for key in identity.members:
            for occurrence in occurrences.get(key, []):
                identity.posts |= occurrence.posts
                identity.councillor |= occurrence.councillor
                identity.dates.append(occurrence.date)
    links: dict[tuple[str, str], tuple[str | None, list[str]]] = {}
    for key, identity_key in of_key.items():
        for occurrence in occurrences.get(key, []):
            links[(occurrence.meeting_id, key)] = (identity_key, [])
    for key, candidates in ambiguous_keys.items():
        for occurrence in occurrences.get(key, []):
            links[(occurrence.meeting_id, key)] = (None, candidates)
    for name in bare:
        namesakes = [i for i in identities.values() if i.name.surname == name.surname and i.key not in split]
        for occurrence in occurrences.get(name.key, []):
            links[(occurrence.meeting_id, name.key)] = _bare(name, occurrence, namesakes, identities)
    _apply_merges(merged, identities, links)
    return identities, links


def _bare(
    name: Name, occurrence: Occurrence, candidates: list[Identity], identities: dict[str, Identity]
) -> tuple[str | None, list[str]]:
    """A bare surname in one meeting: the one person who fits, or the candidates."""
    if not candidates:
        identity = identities.setdefault(name.key, Identity(name.key, name, [name.key]))
        identity.dates.append(occurrence.date)
        identity.posts |= occurrence.posts
        return name.key, []
    if occurrence.councillor:  # "Cllr Read" is none of the officers or others named Read
        candidates = [c for c in candidates if c.councillor]
        if not candidates:
            return _bare(name, occurrence, [], identities)
    fit = candidates
    if len(candidates) > 1:
        fit = [c for c in candidates if c.posts & occurrence.posts] or _near(candidates, occurrence.date)
    if len(fit) == 1:
        if name.key not in fit[0].members:
            fit[0].members.append(name.key)
        return fit[0].key, []
    return None, sorted(c.key for c in (fit or candidates))


def _near(candidates: list[Identity], date: str) -> list[Identity]:
    day = dt.date.fromisoformat(date)
    return [
        c
        for c in candidates
        if c.dates
        and (
            min(c.dates) <= date <= max(c.dates)
            or any(
                abs((dt.date.fromisoformat(d) - day).days) <= NEAR_DAYS for d in (min(c.dates), max(c.dates))
            )
        )
    ]


def _apply_merges(
    merged: dict[str, str],
    identities: dict[str, Identity],
    links: dict[tuple[str, str], tuple[str | None, list[str]]],
) -> None:
    """A clerk's merge: every meeting's `key` form is `other`'s person; when `key` is the form a
    person was founded on, so is everyone resolved to that person."""
    for key, other in merged.items():
        owner = {member: identity.key for identity in identities.values() for member in identity.members}
        target = owner.get(other or "", other)
        if target not in identities or key == target:
            continue
        if key in identities:
            identities[target].members += [m for m in identities.pop(key).members if m != key]
        for link_key, (identity_key, _) in links.items():
            if key in (link_key[1], identity_key):
                links[link_key] = (target, [])
        for identity in identities.values():
            if identity.key != target and key in identity.members:
                identity.members.remove(key)
        identities[target].members.append(key)


def refresh_people(connection: Connection) -> dict[str, int]:
    """Resolve every stored name form; store links and people; returns the report's counts."""
    p, f, pp, m = t.people, t.person_forms, t.person_posts, t.meetings
    keys = {row.id: row.key for row in connection.execute(select(p.c.id, p.c.key))}
    names = [Name.of(row.key, row.name) for row in connection.execute(select(p.c.key, p.c.name))]
    posts: dict[tuple[int, str], set[str]] = defaultdict(set)
    for row in connection.execute(select(pp.c.person_id, pp.c.meeting_id, pp.c.post)):
        posts[(row.person_id, row.meeting_id)].add(_post(row.post))
    printed: dict[str, set[str]] = defaultdict(set)
    dates: dict[tuple[int, str], str] = {}
    councillor: set[tuple[int, str]] = set()
    query = (
        select(f.c.person_id, f.c.meeting_id, f.c.form, m.c.date)
        .join(m, m.c.id == f.c.meeting_id)
        .order_by(m.c.date, f.c.meeting_id, f.c.id)
    )
    for form in connection.execute(query):
        printed[keys[form.person_id]].add(form.form)
        dates[(form.person_id, form.meeting_id)] = form.date
        if (form.form.split() or [""])[0].rstrip(".").casefold() in COUNCILLOR:
            councillor.add((form.person_id, form.meeting_id))
    occurrences: dict[str, list[Occurrence]] = defaultdict(list)
    for (person_id, meeting_id), date in dates.items():
        stated = frozenset(posts[(person_id, meeting_id)])
        occurrences[keys[person_id]].append(
            Occurrence(meeting_id, date, stated, (person_id, meeting_id) in councillor)
        )
    overrides = _overrides(connection)
    identities, links = resolve(names, occurrences, overrides)
    renamed = {o.person_key: o.name for o in overrides if o.action == "rename" and o.name}
    seen_on: dict[str, list[str]] = defaultdict(list)
    by_meeting = {(o.meeting_id, key): o.date for key, occ in occurrences.items() for o in occ}
    for (meeting_id, key), (identity_key, _) in links.items():
        if identity_key:
            seen_on[identity_key].append(by_meeting[(meeting_id, key)])
    rows = []
    for identity in identities.values():
        shown = next((renamed[k] for k in identity.members if k in renamed), identity.name.name)
        when = sorted(seen_on[identity.key])
        rows.append(
            {
                "key": identity.key,
                "name": shown,
                "surname": shown.split()[-1] if shown.split() else identity.name.surname,
                "forms": sorted({form for key in identity.members for form in printed[key]}),
                "meetings": len(set(when)) if when else 0,
                "first_date": when[0] if when else None,
                "last_date": when[-1] if when else None,
            }
        )
    connection.execute(delete(t.person_links))
    connection.execute(delete(t.person_identities))
    if rows:
        connection.execute(insert(t.person_identities), rows)
    link_rows = [
        {
            "meeting_id": meeting_id,
            "person_key": key,
            "identity": identity_key,
            "candidates": candidates or None,
        }
        for (meeting_id, key), (identity_key, candidates) in links.items()
    ]
    if link_rows:
        connection.execute(insert(t.person_links), link_rows)
    merged = sum(1 for i in identities.values() for k in i.members if k != i.key)
    return {
        "forms": len(names),
        "people": len(identities),
        "merged": merged,
        "ambiguous": sum(1 for r in link_rows if r["identity"] is None),
    }


def _overrides(connection: Connection) -> list[Override]:
    o = t.person_overrides
    query = select(o.c.action, o.c.person_key, o.c.other_key, o.c.name).order_by(o.c.id)
    return [Override(**row) for row in connection.execute(query).mappings()]


# -- the clerk's overrides ---------------------------------------------------------------------


def merge_people(connection: Connection, name: str, same_as: str, note: str | None = None) -> dict[str, int]:
    """Say that the form `name` is the same person as `same_as`; re-resolves everyone."""
    return _override(
        connection, "merge", _known(connection, name), other_key=_known(connection, same_as), note=note
    )


def split_person(connection: Connection, name: str, note: str | None = None) -> dict[str, int]:
    """Say that the form `name` is a person of its own, joined to nobody."""
    return _override(connection, "split", _known(connection, name), note=note)


def rename_person(connection: Connection, name: str, shown: str, note: str | None = None) -> dict[str, int]:
    """Show the person the form `name` belongs to as `shown`."""
    if not shown.strip():
        raise MinutebookError("rename: give the name to show")
    return _override(connection, "rename", _known(connection, name), name=shown.strip(), note=note)


def _override(connection: Connection, action: str, key: str, **values: Any) -> dict[str, int]:
    made_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    connection.execute(
        insert(t.person_overrides).values(action=action, person_key=key, made_at=made_at, **values)
    )
    return refresh_people(connection)


def _known(connection: Connection, name: str) -> str:
    """The people.key of a typed name, or a one-line error when no such form is stored."""
    p = t.people
    for key in dict.fromkeys([form_key(name), person_key(name), *_printed_as(connection, name)]):
        if connection.execute(select(p.c.key).where(p.c.key == key)).first():
            return key
    raise MinutebookError(f"person {name!r}: no such name form is stored (see `minutebook people`)")


# -- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonSummary:
    key: str
    name: str
    forms: list[str]
    meetings: int
    first_date: str | None
    last_date: str | None


@dataclass(frozen=True)
class PostHeld:
    post: str
    first_date: str
    last_date: str
    meetings: int


@dataclass(frozen=True)
class Appearance:
    meeting_id: str
    body: str
    date: str
    form: str  # the people key the meeting used


@dataclass(frozen=True)
class PersonDetail:
    key: str
    name: str
    forms: list[str]
    posts: list[PostHeld]  # first stated first
    meetings: list[Appearance]  # newest first, at most `limit` (see `meeting_count`)
    maybe: list[Appearance]  # meetings where a form might be them (ambiguous), at most `limit`
    meeting_count: int


@dataclass(frozen=True)
class ResolutionReport:
    forms: int  # name forms stored (people keys)
    people: int  # persons they resolve to
    merged: int  # forms resolved into a person founded by another form
    ambiguous: int  # meetings' mentions left ambiguous
    ambiguous_forms: dict[str, list[str]]  # form key -> candidate persons


def people(
    connection: Connection, *, q: str | None = None, offset: int = 0, limit: int = 50
) -> Page[PersonSummary]:
    """People by surname, then name; `q` matches words of the name."""
    check_page(offset, limit)
    i = t.person_identities
    query = select(i.c.key, i.c.name, i.c.forms, i.c.meetings, i.c.first_date, i.c.last_date)
    if q:
        query = query.where(contains([i.c.name], q.strip()))
    query = query.order_by(i.c.surname, i.c.name, i.c.key).offset(offset).limit(limit + 1)
    return page_of([PersonSummary(**row) for row in connection.execute(query).mappings()], offset, limit)


def person(connection: Connection, name: str, limit: int = 200) -> PersonDetail | None:
    """One person by a form of their name ("Councillor C. Read", as printed or not) or their key;
    None if unknown or if the form is ambiguous."""
    i, link = t.person_identities, t.person_links
    found = (
        connection.execute(select(i).where(i.c.key.in_([form_key(name), person_key(name)])))
        .mappings()
        .first()
    )
    if found is None:
        identity = connection.execute(
            select(link.c.identity)
            .where(link.c.person_key.in_(_printed_as(connection, name)), link.c.identity.is_not(None))
            .limit(1)
        ).scalar()
        found = (
            connection.execute(select(i).where(i.c.key == identity)).mappings().first() if identity else None
        )
    if found is None:
        return None
    m, b, pp, p = t.meetings, t.bodies, t.person_posts, t.people
    appearances = (
        select(m.c.id.label("meeting_id"), b.c.name.label("body"), m.c.date, link.c.person_key.label("form"))
        .join(m, m.c.id == link.c.meeting_id)
        .join(b, b.c.id == m.c.body_id)
        .order_by(m.c.date.desc(), m.c.id)
    )
    mine = link.c.identity == found["key"]
    meetings = [Appearance(**r) for r in connection.execute(appearances.where(mine).limit(limit)).mappings()]
    # Candidates are a JSON list of keys; its text holds the key in quotes on both backends.
    could_be = cast(link.c.candidates, String).contains(json.dumps(found["key"]), autoescape=True)
    maybe_rows = connection.execute(
        appearances.where(link.c.identity.is_(None), could_be).limit(limit)
    ).mappings()
    maybe = [Appearance(**r) for r in maybe_rows]
    held = (
        select(
            pp.c.post,
            func.min(m.c.date).label("first_date"),
            func.max(m.c.date).label("last_date"),
            func.count().label("meetings"),
        )
        .join(p, p.c.id == pp.c.person_id)
        .join(link, (link.c.person_key == p.c.key) & (link.c.meeting_id == pp.c.meeting_id))
        .join(m, m.c.id == pp.c.meeting_id)
        .where(link.c.identity == found["key"])
        .group_by(pp.c.post)
        .order_by(func.min(m.c.date), pp.c.post)
    )
    posts = [PostHeld(**r) for r in connection.execute(held).mappings()]
    return PersonDetail(
        found["key"], found["name"], found["forms"], posts, meetings, maybe, found["meetings"]
    )


def _printed_as(connection: Connection, name: str) -> list[str]:
    """The people keys of forms printed as `name` ("Commissioner Myers" -> 'derek myers'), or its own key."""
    f, p = t.person_forms, t.people
    query = (
        select(p.c.key)
        .join(f, f.c.person_id == p.c.id)
        .where(func.lower(f.c.form) == " ".join(name.split()).lower())
        .distinct()
    )
    return [*connection.execute(query).scalars(), form_key(name)]


def resolution_report(connection: Connection) -> ResolutionReport:
    """How many name forms were merged into people and how many mentions were left ambiguous."""
    i, link = t.person_identities, t.person_links

    def count(query: Any) -> int:
        return connection.execute(query).scalar_one()

    forms = count(select(func.count()).select_from(t.people))
    identities = count(select(func.count()).select_from(i))
    joined = (link.c.identity.is_not(None)) & (link.c.person_key != link.c.identity)
    merged = count(select(func.count(link.c.person_key.distinct())).where(joined))
    ambiguous = count(select(func.count()).select_from(link).where(link.c.identity.is_(None)))
    listed = cast(link.c.candidates, String)
    ambiguous_forms: dict[str, set[str]] = defaultdict(set)
    for row in connection.execute(
        select(link.c.person_key, listed.label("candidates"))
        .where(link.c.identity.is_(None))
        .group_by(link.c.person_key, listed)
    ):
        ambiguous_forms[row.person_key] |= set(json.loads(row.candidates or "[]"))
    return ResolutionReport(
        forms, identities, merged, ambiguous, {k: sorted(v) for k, v in sorted(ambiguous_forms.items())}
    )

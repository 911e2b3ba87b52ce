"""Council name aliases: one council whatever its spelling or language (issue 10, item 8).

A council is keyed by `record.name_key` of its name, which makes "&"/"and", "The", case, accents
and a Welsh or Irish name's type one key already. What that cannot do is told here, in table
`council_aliases` (migration 0011): every name a council was read under is kept, with the key of
the council it stands for, how that was learnt and the source it came from:

- spelling: a name read from a document whose key is its council's key ("Manordeilo & Salem
  Community Council" beside "Manordeilo and Salem Community Council");
- bilingual: the same, for a Welsh or Irish name keyed by its English form (`record.in_english`);
- pair: a Welsh or Irish name whose place has a name of its own in each language ("Cyngor Tref
  Aberteifi" / "Cardigan Town Council"), learnt from a document pair: the minutes of one meeting
  in each language (`learn_pairs`: same date, same type of council, the same people named).
  Both documents of a pair are kept: the one in Welsh or Irish has its language after the date in
  its meeting id (`record.meeting_id`), so a pair never makes one document replace the other;
- clerk: declared by a clerk (`minutebook councils alias`, or the clerks' desk), for what no rule
  can join: a pair published apart, a council that was renamed;
- apart: a name a clerk undid the alias of (`undeclare_in`): no document pair joins it again.

(A bilingual letterhead, "Cyngor Tref Aberteifi / Cardigan Town Council", is read as its English
name by `parse.council`, so it needs no alias.)

A name whose own key is not its council's key re-keys that council's meetings: a meeting read
under it is filed under the council's key (its id's and body's leading council slug replaced, and
its warnings say so), on ingest (`file_under_councils`, called by `store.save`) and for meetings
stored before the declaration (`declare_in`, run by `clerk.councils.declare`) or the pair.
Re-keying a stored meeting keeps everything: its rows are written again under the new id, its
clerk versions, action closures and alert subscriptions move with it, the search index is told,
the old meeting id and body slug are kept in `moved_ids` so their URLs redirect (`moved_to`), and
the registers are refreshed after (by the caller: the registers import the store). A meeting
that lands on an id already stored (the same meeting read under both names) is one meeting: the
stored one stays, unless only the moved one has a clerk's changes; the other's versions join its
history as unapplied versions, so nothing a clerk did is lost. `undeclare_in` moves them back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from minutebook.record import council_type, in_english, name_key
from minutebook.store import schema as t
from minutebook.store.versions import add_version

Row = dict[str, Any]
_A = t.council_aliases
FILED = "filed under council "  # how a re-keyed meeting's warning begins (replaced on each re-key)


@dataclass(frozen=True)
class Alias:
    name: str
    key: str
    council_key: str
    how: str  # spelling | bilingual | pair | clerk | apart (a clerk undid the alias)
    source_sha256: str | None
    made_at: str


@dataclass(frozen=True)
class Council:
    key: str
    names: list[Alias]  # every name it was read or declared under, the first-learnt first
    meetings: int


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def rekey(slug: str, old: str, new: str) -> str:
    """`slug` (a meeting id or body slug) led by council key `old`, led by `new` instead; as it is
    where it is not led by `old` (a body whose slug does not begin with its council's)."""
    if old == new:
        return slug
    if slug == old or slug.startswith((f"{old}/", f"{old}-")):
        return new + slug[len(old) :]
    return slug


def council_keys(connection: Connection, keys: Iterable[str]) -> dict[str, str]:
    """For each of `keys` that stands for another council's key, that key."""
    wanted = set(keys)
    if not wanted:
        return {}
    rows = connection.execute(
        select(_A.c.key, _A.c.council_key).where(_A.c.key.in_(wanted), _A.c.key != _A.c.council_key)
    )
    return {key: council for key, council in rows}


def filed(record: Row, read_key: str, old: str, new: str) -> Row:
    """`record` (a meeting as `MeetingRecord.to_dict()` gives it), read under council key
    `read_key` and filed under `old`, filed under `new`: its id re-keyed, and a warning saying so
    where `new` is not the key it was read under. The same record filed twice is the same."""
    warnings = [w for w in record["warnings"] if not w.startswith(FILED)]
    if new != read_key:
        warnings.append(f"{FILED}'{new}': '{record['council']}' is an alias of it (council_aliases)")
    return {**record, "id": rekey(record["id"], old, new), "warnings": warnings}


def file_under_councils(
    connection: Connection, meetings: Sequence[tuple[Row, bytes]]
) -> list[tuple[Row, bytes]]:
    """`meetings` as `store.save` takes them, each whose council is an alias of another council's
    filed under that council's key."""
    read = {record["council"]: name_key(record["council"]) for record, _ in meetings if record["council"]}
    mapping = council_keys(connection, read.values())
    if not mapping:
        return list(meetings)
    out = []
    for record, data in meetings:
        key = read.get(record["council"])
        if key in mapping:
            record = filed(record, key, key, mapping[key])
        out.append((record, data))
    return out


def body_keys(connection: Connection, records: Iterable[Row], slugs: Iterable[str]) -> dict[str, str]:
    """Each of `slugs` (the body slugs of `records`, in order, by `record.body_slug`) as filed."""
    records, slugs = list(records), list(slugs)
    read = [name_key(r["council"]) if r["council"] else None for r in records]
    mapping = council_keys(connection, (k for k in read if k))
    return {
        slug: rekey(slug, key, mapping[key]) if key in mapping else slug
        for slug, key in zip(slugs, read, strict=True)
        if key
    }


def learn(connection: Connection, meetings: Sequence[tuple[Row, bytes]]) -> None:
    """Keep every council name these meetings were read under that is not kept yet."""
    names: dict[str, Row] = {}
    for record, _ in meetings:
        name = record["council"]
        if name and name not in names:
            key = name_key(name)
            how = _how_read(name)
            names[name] = {"name": name, "key": key, "how": how, "source_sha256": record["source"]["sha256"]}
    if not names:
        return
    known = set(connection.execute(select(_A.c.name).where(_A.c.name.in_(names))).scalars())
    missing = [row for name, row in names.items() if name not in known]
    if not missing:
        return
    mapping = council_keys(connection, {row["key"] for row in missing})
    now = _now()
    connection.execute(
        insert(_A),
        [{**row, "council_key": mapping.get(row["key"], row["key"]), "made_at": now} for row in missing],
    )


# A document pair: the minutes of one meeting published in two languages name the council in each
# ("Cyngor Tref Aberteifi", "Cardigan Town Council"). Where the place has a name of its own in each
# language no rule of names can join them, but the two documents can: the same date, a council of
# the same type, one name Welsh or Irish and the other English, and the same people named in both
# (people's names are not translated). SAME_PEOPLE of the fewer names, and at least PAIR_PEOPLE
# full names (initials and one-word names left out: "R Lewis" is many people) must be shared.
SAME_PEOPLE = 0.6
PAIR_PEOPLE = 4


def learn_pairs(connection: Connection, meetings: Sequence[tuple[Row, bytes]]) -> Moved:
    """Make the council names of document pairs among `meetings` and the stored meetings one
    council: the Welsh or Irish name an alias ("pair") of the English one, with the source that
    showed it; stored meetings of the alias are filed under the English name's key."""
    incoming = [record for record, _ in meetings if record["council"] and record["date"]]
    if not any(council_type(record["council"]) for record in incoming):
        return Moved()
    settled = _settled(connection)
    other = [
        r
        for r in incoming
        if in_english(r["council"]) != r["council"] and name_key(r["council"]) not in settled
    ]
    english = [r for r in incoming if in_english(r["council"]) == r["council"] and council_type(r["council"])]
    if not (other and english) and not _could_pair(connection, other, english):
        return Moved()
    stored = _pair_candidates(connection, other, english)
    stored = [r for r in stored if name_key(r["council"]) not in settled]
    # other-language key -> (English key, the other-language name, the source that made the pair)
    found: dict[str, tuple[str, str, str]] = {}
    for one in other:
        for two in [*english, *stored]:
            if _a_pair(one, two):
                pair = (name_key(two["council"]), one["council"], one["source"]["sha256"])
                found.setdefault(name_key(one["council"]), pair)
    for two in english:
        for one in stored:
            if in_english(one["council"]) != one["council"] and _a_pair(one, two):
                pair = (name_key(two["council"]), one["council"], two["source"]["sha256"])
                found.setdefault(name_key(one["council"]), pair)
    if not found:
        return Moved()
    before = _mapping(connection)
    for key, (target, name, source) in found.items():
        target = before.get(target, target)
        if target != key:
            _point(connection, key, target, "pair", source, name)
    return _refile(connection, before, _mapping(connection))


def _settled(connection: Connection) -> set[str]:
    """Council keys a pair must not change: aliases already, or kept apart by a clerk."""
    rows = connection.execute(select(_A.c.key).where((_A.c.key != _A.c.council_key) | (_A.c.how == "apart")))
    return set(rows.scalars())


def _could_pair(connection: Connection, other: list[Row], english: list[Row]) -> bool:
    """Whether stored meetings could pair with these: any stored meeting of another language's
    name for English ones (one small query), and any other-language one at all."""
    if other:
        return True
    if not english:
        return False
    return connection.execute(select(_A.c.id).where(_A.c.how == "bilingual").limit(1)).first() is not None


def _pair_candidates(connection: Connection, other: list[Row], english: list[Row]) -> list[Row]:
    """Stored meetings on the dates of `other` (English-named) and of `english` (other-language
    named) that could be their pair: the records of those of the same council type."""
    m = t.meetings
    wanted = []
    dates = {r["date"] for r in other}
    if dates:
        rows = connection.execute(select(m.c.id, m.c.council, m.c.date).where(m.c.date.in_(dates))).all()
        types = {(r["date"], council_type(r["council"])) for r in other}
        wanted += [
            row.id
            for row in rows
            if row.council
            and in_english(row.council) == row.council
            and (row.date, council_type(row.council)) in types
        ]
    dates = {r["date"] for r in english}
    if dates:
        bilingual = select(_A.c.name).where(_A.c.how == "bilingual")
        rows = connection.execute(
            select(m.c.id, m.c.council, m.c.date).where(m.c.date.in_(dates), m.c.council.in_(bilingual))
        ).all()
        types = {(r["date"], council_type(r["council"])) for r in english}
        wanted += [row.id for row in rows if (row.date, council_type(row.council)) in types]
    if not wanted:
        return []
    return list(connection.execute(select(m.c.record).where(m.c.id.in_(wanted))).scalars())


def _a_pair(one: Row, two: Row) -> bool:
    """Whether `one` (other-language named) and `two` (English named) are one meeting's minutes."""
    if one["date"] != two["date"] or council_type(one["council"]) != council_type(two["council"]):
        return False
    if name_key(one["council"]) == name_key(two["council"]):
        return False  # one council already
    ours, theirs = _full_names(one), _full_names(two)
    shared = len(ours & theirs)
    return shared >= PAIR_PEOPLE and shared >= SAME_PEOPLE * min(len(ours), len(theirs))


def _full_names(record: Row) -> set[str]:
    names = (" ".join(p["name"].casefold().split()) for p in record["people"])
    return {
        name
        for name in names
        if len(parts := name.split()) >= 2 and all(len(w.strip(".")) > 1 for w in parts)
    }


def _point(
    connection: Connection, key: str, target: str, how: str, source: str | None, name: str | None
) -> None:
    """Make council key `key` (and the name `name`, read with it) stand for council key `target`."""
    if name is not None:
        if connection.execute(select(_A.c.id).where(_A.c.name == name)).first() is None:
            connection.execute(
                insert(_A).values(
                    name=name, key=key, council_key=target, how=how, source_sha256=source, made_at=_now()
                )
            )
        else:
            connection.execute(update(_A).where(_A.c.name == name).values(how=how, source_sha256=source))
    connection.execute(
        update(_A).where((_A.c.council_key == key) | (_A.c.key == key)).values(council_key=target)
    )


def _how_read(name: str) -> str:
    return "bilingual" if in_english(name) != name else "spelling"


def councils(connection: Connection) -> list[Council]:
    """Every council known by name, with its names and its meetings' count, by key."""
    rows = connection.execute(select(_A).order_by(_A.c.council_key, _A.c.id)).mappings()
    by_council: dict[str, list[Alias]] = {}
    for row in rows:
        by_council.setdefault(row["council_key"], []).append(_alias(row))
    counts = _meetings_by_read_key(connection)
    return [
        Council(key, names, sum(counts.get(alias.key, 0) for alias in {a.key: a for a in names}.values()))
        for key, names in sorted(by_council.items())
    ]


def names_of(connection: Connection, council: str | None) -> list[Alias]:
    """The names the council `council` (a name or key) was read or declared under."""
    if not council:
        return []
    key = name_key(council)
    target = council_keys(connection, [key]).get(key, key)
    rows = connection.execute(select(_A).where(_A.c.council_key == target).order_by(_A.c.id)).mappings()
    return [_alias(row) for row in rows]


def _alias(row: Any) -> Alias:
    return Alias(
        row["name"], row["key"], row["council_key"], row["how"], row["source_sha256"], row["made_at"]
    )


def _meetings_by_read_key(connection: Connection) -> dict[str, int]:
    counts: dict[str, int] = {}
    rows = connection.execute(
        select(t.meetings.c.council, func.count())
        .where(t.meetings.c.council.is_not(None))
        .group_by(t.meetings.c.council)
    )
    for council, count in rows:
        key = name_key(council)
        counts[key] = counts.get(key, 0) + count
    return counts


def moved_to(connection: Connection, kind: str, old: str) -> str | None:
    """Where a meeting id or body slug that re-keying moved went (`kind` meeting | body)."""
    m = t.moved_ids
    return connection.execute(select(m.c.new).where(m.c.kind == kind, m.c.old == old)).scalar()


@dataclass
class Moved:
    meetings: int = 0  # moved to a new id
    joined: int = 0  # found stored under the new id already: one meeting
    bodies: int = 0  # bodies left empty, removed and redirected


def declare_in(connection: Connection, alias: str, council: str) -> tuple[Moved, str]:
    """Make the name `alias` stand for the council `council` (a name or key), and file the
    meetings read under it under that council, in `connection`'s transaction; the moves and the
    council's key. A clerk's declaration is `clerk.councils.declare` (lock, audit, registers)."""
    key, target = name_key(alias), name_key(council)
    if key == target:
        raise ValueError(f"'{alias}' and '{council}' are one council already ({key})")
    target = council_keys(connection, [target]).get(target, target)  # an alias's council
    if not _known(connection, target):
        raise ValueError(f"no council is known as '{council}' (see `minutebook councils`)")
    if target == key:
        raise ValueError(f"'{council}' is an alias of '{alias}' already: remove that first")
    before = _mapping(connection)
    names = connection.execute(select(_A.c.id).where(_A.c.name == alias)).scalar()
    if names is None:
        connection.execute(
            insert(_A).values(
                name=alias, key=key, council_key=target, how="clerk", source_sha256=None, made_at=_now()
            )
        )
    else:
        connection.execute(update(_A).where(_A.c.id == names).values(council_key=target, how="clerk"))
    # Every name that stood for the alias's key, or spelt it, now stands for the council.
    connection.execute(
        update(_A).where((_A.c.council_key == key) | (_A.c.key == key)).values(council_key=target)
    )
    return _refile(connection, before, _mapping(connection)), target


def _known(connection: Connection, key: str) -> bool:
    """Whether council key `key` is a council's: a name read or declared, or a body's slug."""
    named = select(_A.c.id).where((_A.c.council_key == key) | (_A.c.key == key)).limit(1)
    b = t.bodies.c.slug
    body = select(b).where((b == key) | b.startswith(f"{key}/", autoescape=True)).limit(1)
    return bool(connection.execute(named).first() or connection.execute(body).first())


def undeclare_in(connection: Connection, alias: str) -> tuple[Moved, str]:
    """Undo a clerk's declaration of `alias` in `connection`'s transaction: the name stands for its
    own key again and the meetings read under it move back; the moves and the council it left."""
    key = name_key(alias)
    before = _mapping(connection)
    if key not in before:
        raise ValueError(f"'{alias}' is not declared an alias of another council")
    connection.execute(update(_A).where(_A.c.key == key).values(council_key=key))
    # A declared name goes; a name read from a document stays, marked "apart": a clerk said it
    # is not the other council, so a document pair never joins them again.
    connection.execute(delete(_A).where(_A.c.key == key, _A.c.source_sha256.is_(None)))
    connection.execute(update(_A).where(_A.c.key == key).values(how="apart"))
    return _refile(connection, before, _mapping(connection)), before[key]


def _mapping(connection: Connection) -> dict[str, str]:
    rows = connection.execute(
        select(_A.c.key, _A.c.council_key).where(_A.c.key != _A.c.council_key).distinct()
    )
    return {key: council for key, council in rows}


def _refile(connection: Connection, before: dict[str, str], after: dict[str, str]) -> Moved:
    """Move every stored meeting whose council is filed under another key now than before."""
    changed = {key for key in before.keys() | after.keys() if before.get(key, key) != after.get(key, key)}
    names = [
        name
        for name in connection.execute(select(t.meetings.c.council).distinct()).scalars()
        if name and name_key(name) in changed
    ]
    moved = Moved()
    if not names:
        return moved
    m = t.meetings
    rows = connection.execute(
        select(m.c.id, m.c.body_id, m.c.record).where(m.c.council.in_(names)).order_by(m.c.id)
    ).all()
    old_bodies = {row.body_id for row in rows}
    for row in rows:
        read = name_key(row.record["council"])
        old, new = before.get(read, read), after.get(read, read)
        record = filed(row.record, read, old, new)
        if record["id"] == row.id:
            continue
        if _move_meeting(connection, row.id, record, read, old, new):
            moved.meetings += 1
        else:
            moved.joined += 1
    moved.bodies = _drop_empty_bodies(connection, old_bodies)
    return moved


def _move_meeting(connection: Connection, old_id: str, record: Row, read: str, old: str, new: str) -> bool:
    """Store `record` under its new id in place of meeting `old_id`; False when a meeting was
    stored under that id already (the two are one meeting)."""
    from minutebook.store.save import MOVES, delete_meetings, replace_record  # save imports this module

    new_id = record["id"]
    v = t.meeting_versions
    kept = connection.execute(select(t.meetings.c.record).where(t.meetings.c.id == new_id)).scalar()
    ours = connection.execute(select(func.count()).where(v.c.meeting_id == old_id)).scalar() or 0
    theirs = connection.execute(select(func.count()).where(v.c.meeting_id == new_id)).scalar() or 0
    delete_meetings(connection, [old_id])
    demoted = False  # whether the versions moved are no longer the meeting's rows
    if kept is None:
        replace_record(connection, record)
    elif ours and not theirs:
        # Only the moved meeting has a clerk's changes: it is the one kept, and the reading stored
        # under the new id becomes a version before its own (not applied), so nothing is lost.
        note = f"as stored under {new_id} before {old_id} joined it (the same meeting under another name)"
        add_version(connection, new_id, "read", kept, "ingest", note=note, applied=False)
        theirs = 1
        replace_record(connection, record)
    else:
        demoted = True  # the stored meeting stays what it shows
    # Versions follow the meeting, their records filed as it is, numbered after the kept meeting's.
    for version in connection.execute(
        select(v).where(v.c.meeting_id == old_id).order_by(v.c.number)
    ).mappings():
        values: Row = {
            "meeting_id": new_id,
            "number": version["number"] + theirs,
            "record": filed(version["record"], read, old, new),
        }
        if demoted:
            values["applied"] = False
            values["note"] = (
                f"{version['note'] or ''} (from {old_id}: the same meeting under another name)".strip()
            )
        connection.execute(update(v).where(v.c.id == version["id"]).values(**values))
    for statement in MOVES:  # clerks' closures of its actions, and their states until the refresh
        connection.execute(statement, [{"old": old_id, "new": new_id}])
    _note_moved(connection, "meeting", old_id, new_id)
    return kept is None


def _note_moved(connection: Connection, kind: str, old: str, new: str) -> None:
    """Keep `old` resolving to `new`, and what resolved to `old` to `new` too (no chains)."""
    m = t.moved_ids
    connection.execute(delete(m).where(m.c.kind == kind, m.c.old == new))  # moved back: no loop
    connection.execute(update(m).where(m.c.kind == kind, m.c.new == old).values(new=new))
    connection.execute(delete(m).where(m.c.kind == kind, m.c.old == old))
    connection.execute(insert(m).values(kind=kind, old=old, new=new, moved_at=_now()))


def _drop_empty_bodies(connection: Connection, body_ids: set[int]) -> int:
    """Remove the bodies re-keying left without meetings, each redirected to where its meetings
    went; subscriptions to it follow."""
    b, m = t.bodies, t.meetings
    dropped = 0
    for body_id in sorted(body_ids):
        if connection.execute(select(m.c.id).where(m.c.body_id == body_id).limit(1)).first():
            continue
        slug = connection.execute(select(b.c.slug).where(b.c.id == body_id)).scalar()
        moved = connection.execute(
            select(t.moved_ids.c.new).where(
                t.moved_ids.c.kind == "meeting", t.moved_ids.c.old.like(f"{slug}/%")
            )
        ).scalar()
        if slug is None or moved is None:
            continue
        new_slug = connection.execute(
            select(b.c.slug).join(m, m.c.body_id == b.c.id).where(m.c.id == moved)
        ).scalar()
        connection.execute(delete(b).where(b.c.id == body_id))
        dropped += 1
        if new_slug:
            _note_moved(connection, "body", slug, new_slug)
            _move_subscriptions(connection, slug, new_slug)
    return dropped


def _move_subscriptions(connection: Connection, old: str, new: str) -> None:
    """Subscriptions to body `old` follow it to `new` (one per address: who followed both keeps one)."""
    s = t.alert_subscriptions
    both = select(s.c.email).where(s.c.kind == "body", s.c.target == new).scalar_subquery()
    connection.execute(delete(s).where(s.c.kind == "body", s.c.target == old, s.c.email.in_(both)))
    connection.execute(update(s).where(s.c.kind == "body", s.c.target == old).values(target=new))

"""Clerks' closures of actions follow their action when its meeting is stored again.

A closure is kept under the action's meeting, item position and a hash of its text
(`action_closures`), so re-reading the same minutes keeps it. Republished minutes may move an
action (an item inserted before it) or reword it a little ("by March" -> "by the end of March").
After a meeting's rows are written again, each closure that no longer names an action is moved
to the action it is: the same text in another item, else the action of the meeting whose words
it shares most (at least `SAME_ACTION` of them, Jaccard), each action taking at most one
closure. A closure that matches nothing stays as it was, so a later correction can bring its
action back; nothing a clerk said is ever deleted here.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict

from sqlalchemy import Connection, bindparam, select, update

from minutebook.store import schema as t

SAME_ACTION = 0.6
_WORD = re.compile(r"\w+")


def text_hash(text: str) -> str:
    """The key of an action's text: case and spacing do not change it."""
    return hashlib.sha1(" ".join(text.split()).casefold().encode()).hexdigest()[:12]


def rehome_closures(connection: Connection, meeting_ids: list[str]) -> int:
    """Move the closures of these meetings that lost their action to the action they now are;
    how many moved."""
    c, a = t.action_closures, t.actions
    closures = connection.execute(
        select(c.c.meeting_id, c.c.item_position, c.c.text_hash, c.c.text).where(
            c.c.meeting_id.in_(meeting_ids)
        )
    ).all()
    if not closures:
        return 0
    actions: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for row in connection.execute(
        select(a.c.meeting_id, a.c.item_position, a.c.text).where(
            a.c.meeting_id.in_({r.meeting_id for r in closures})
        )
    ):
        actions[row.meeting_id].append((row.item_position, row.text))
    moves = []
    for meeting_id in {r.meeting_id for r in closures}:
        here = [r for r in closures if r.meeting_id == meeting_id]
        present = {(position, text_hash(text)) for position, text in actions[meeting_id]}
        taken: set[tuple[int, str]] = {
            (r.item_position, r.text_hash) for r in here if (r.item_position, r.text_hash) in present
        }
        for closure in here:
            if (closure.item_position, closure.text_hash) in taken:
                continue
            target = _best(closure.text, closure.text_hash, actions[meeting_id], taken)
            if target is not None:
                taken.add(target[:2])  # (position, hash), as `taken` holds: no two closures move to it
                moves.append(
                    {
                        "m": meeting_id,
                        "p": closure.item_position,
                        "h": closure.text_hash,
                        "np": target[0],
                        "nh": target[1],
                        "nt": target[2],
                    }
                )
    if moves:
        connection.execute(
            update(c)
            .where(
                c.c.meeting_id == bindparam("m"),
                c.c.item_position == bindparam("p"),
                c.c.text_hash == bindparam("h"),
            )
            .values(item_position=bindparam("np"), text_hash=bindparam("nh"), text=bindparam("nt")),
            moves,
        )
    return len(moves)


def _best(
    text: str, key: str, actions: list[tuple[int, str]], taken: set[tuple[int, str]]
) -> tuple[int, str, str] | None:
    words = set(_WORD.findall(text.casefold()))
    best, score = None, SAME_ACTION
    for position, other in actions:
        other_key = text_hash(other)
        if (position, other_key) in taken:
            continue
        if other_key == key:
            return position, other_key, other
        theirs = set(_WORD.findall(other.casefold()))
        overlap = len(words & theirs) / len(words | theirs) if words | theirs else 0.0
        if overlap >= score:
            best, score = (position, other_key, other), overlap
    return best

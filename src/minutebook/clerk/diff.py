"""A readable diff between two versions of a meeting's record: each record as the lines a reader
sees (header, attendance, then each item with its minutes, decisions and actions), compared line
by line. Machine fields (citations, hashes, warnings) are left out: they are not what changed."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from typing import Any


def readable(record: Mapping[str, Any]) -> list[str]:
    return list(_lines(record))


def diff(old: Mapping[str, Any], new: Mapping[str, Any], context: int = 2) -> list[tuple[str, str]]:
    """(mark, line) pairs: " " unchanged (within `context` lines of a change), "-" removed, "+"
    added, and ("…", "") where unchanged lines are skipped."""
    a, b = readable(old), readable(new)
    out: list[tuple[str, str]] = []
    for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(context):
        if out:
            out.append(("…", ""))
        for op, i1, i2, j1, j2 in group:
            if op == "equal":
                out += [(" ", line) for line in a[i1:i2]]
                continue
            out += [("-", line) for line in a[i1:i2]]
            out += [("+", line) for line in b[j1:j2]]
    return out


def _lines(record: Mapping[str, Any]) -> Iterator[str]:
    for name in ("title", "body", "date", "time", "venue", "minutes_status"):
        yield f"{name.replace('_', ' ').capitalize()}: {record.get(name) or ''}"
    for a in record.get("attendance", []):
        yield f"Attendance: {a['name']} ({a['status']}{', ' + a['role'] if a.get('role') else ''})"
    for item in record.get("items", []):
        yield f"Item {item.get('number') or ''} {item['title']}".replace("  ", " ")
        for p in item.get("minutes", []):
            yield f"  {p.get('ref') or ''} {p['text']}".rstrip()
        for d in item.get("decisions", []):
            yield f"  Decision ({d['kind']}): {d['text']}"
        for action in item.get("actions", []):
            owner = f" [owner: {action['owner']}]" if action.get("owner") else ""
            yield f"  Action: {action['text']}{owner}"

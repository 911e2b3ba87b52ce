"""A clerk's correction as a pure function: the stored record and the edit form's fields give the
corrected record. The form names fields after the record: `title`, `date`, `time`, `venue`,
`minutes_status`, `attendance` (one person a line: "Name | status | role"), and for item i
`item-i-number`, `item-i-title`, `item-i-para-j`, `item-i-decision-k`, `item-i-action-k` and
`item-i-action-k-owner`. An emptied paragraph, decision or action is removed; a field the form
does not carry is left as it was. Citations (lines) stay with what they cite."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from typing import Any, get_args

from minutebook.errors import MinutebookError
from minutebook.record import AttendanceStatus, MinutesStatus

STATUSES = get_args(AttendanceStatus)
MINUTES_STATUSES = get_args(MinutesStatus)
HEADER = ("title", "date", "time", "venue", "minutes_status")


def corrected(record: Mapping[str, Any], form: Mapping[str, str]) -> dict[str, Any]:
    """The record with the form's edits; a MinutebookError names the first field that is wrong."""
    new = copy.deepcopy(dict(record))
    for name in HEADER:
        if name in form:
            new[name] = _header_value(name, form[name])
    if "attendance" in form:
        new["attendance"] = _attendance(form["attendance"], record.get("attendance", []))
    for i, item in enumerate(new["items"]):
        _correct_item(item, i, form)
    return new


def attendance_text(record: Mapping[str, Any]) -> str:
    """The attendance as the form shows it, one person a line."""
    return "\n".join(
        " | ".join(part for part in (a["name"], a["status"], a.get("role") or "") if part)
        for a in record.get("attendance", [])
    )


def _header_value(name: str, value: str) -> str | None:
    value = " ".join(value.split())
    if name == "date":
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            raise MinutebookError(f"date {value!r}: not a date (YYYY-MM-DD)") from None
    if name == "minutes_status" and value not in MINUTES_STATUSES:
        raise MinutebookError(f"minutes_status {value!r}: use one of {', '.join(MINUTES_STATUSES)}")
    if name == "title" and not value:
        raise MinutebookError("title: a meeting needs a title")
    return value or None


def _attendance(text: str, before: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """People from the form's lines; a person already listed keeps their line citation."""
    cited = {(a["name"], a["status"]): a for a in before}
    people = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = [part.strip() for part in line.split("|")]
        if not parts[0]:
            continue
        status = parts[1] if len(parts) > 1 and parts[1] else "present"
        if status not in STATUSES:
            raise MinutebookError(
                f"attendance line {number}: status {status!r}: use one of {', '.join(STATUSES)}"
            )
        old = cited.get((parts[0], status), {})
        people.append(
            {
                "name": parts[0],
                "status": status,
                "role": (parts[2] if len(parts) > 2 else "") or None,
                "remote": old.get("remote", False),
                "line": old.get("line"),
            }
        )
    return people


def _correct_item(item: dict[str, Any], i: int, form: Mapping[str, str]) -> None:
    prefix = f"item-{i}-"
    if prefix + "title" in form:
        title = " ".join(form[prefix + "title"].split())
        if not title:
            raise MinutebookError(f"item {i + 1}: title: an item needs a title")
        item["title"] = title
    if prefix + "number" in form:
        item["number"] = form[prefix + "number"].strip() or None
    item["minutes"] = _kept(item["minutes"], form, prefix + "para-", "text")
    item["decisions"] = _kept(item["decisions"], form, prefix + "decision-", "text")
    actions = []
    for k, action in enumerate(item["actions"]):
        text = form.get(f"{prefix}action-{k}", action["text"]).strip()
        if text:
            owner = form.get(f"{prefix}action-{k}-owner", action.get("owner") or "").strip()
            actions.append({**action, "text": text, "owner": owner or None})
    item["actions"] = actions


def _kept(
    parts: list[dict[str, Any]], form: Mapping[str, str], prefix: str, field: str
) -> list[dict[str, Any]]:
    kept = []
    for j, part in enumerate(parts):
        text = form.get(f"{prefix}{j}", part[field]).strip()
        if text:
            kept.append({**part, field: text})
    return kept

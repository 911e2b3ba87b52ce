"""parse_document honours the roles and hints a structured reader sets."""

from __future__ import annotations

from minutebook.parse import parse_document
from minutebook.read.document import Document, Line


def test_roles_and_hints_decide_over_text_rules() -> None:
    lines = [
        Line("3", 10, role="item-number"),
        Line("Budget monitoring", 11, role="item-title"),
        Line("Director of Finance", 12, role="presenter"),
        Line(
            "Budget report",
            13,
            role="document",
            hints={"format": "pdf", "size": "120 KB", "url": "http://x/1.pdf"},
        ),
        Line("To consider the report.", 14, role="agenda"),
        Line("RESOLVED: That the report be noted.", 15, role="decision"),
        Line("Minutes of the last meeting", 16, role="item-title", hints={"number": "4"}),
        Line("1.1 The minutes were approved.", 17, role="minutes"),
    ]
    hints = {"body": "Cabinet", "date": "2025-11-21", "time": "18:00", "council": "Gloucester City Council"}
    record = parse_document(Document("meeting.xml", "0", "moderngov-xml", lines, hints=hints))
    assert (record.body, record.date, record.time, record.council) == hints_values(hints)
    budget, minutes = record.items
    assert (budget.number, budget.title, budget.presenters) == (
        "3",
        "Budget monitoring",
        ["Director of Finance"],
    )
    assert budget.documents[0].url == "http://x/1.pdf" and budget.agenda_text == "To consider the report."
    assert [(d.kind, d.text, d.line) for d in budget.decisions] == [
        ("resolved", "That the report be noted.", 15)
    ]
    assert (minutes.number, minutes.minutes[0].ref) == ("4", "1.1")


def hints_values(hints: dict[str, str]) -> tuple[str, ...]:
    return hints["body"], hints["date"], hints["time"], hints["council"]

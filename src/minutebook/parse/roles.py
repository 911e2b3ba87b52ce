"""Items from blocks whose role a structured reader already gave (XML, HTML, Legistar).

The role says what a block is; blocks without a role fall back to the text rules of
`items`. "item-number" or "item-title" opens an item (a title right after a number is that
item's title); "presenter", "document", "agenda" fill its agenda part; "minutes-start",
"minutes", "decision", "action" its minutes.
"""

from __future__ import annotations

import re

from minutebook.parse import items as text_rules
from minutebook.parse.blocks import Block
from minutebook.record import Action, Decision, DecisionKind, Document, Item

_KIND_WORDS: list[tuple[str, DecisionKind]] = [
    ("minded", "minded-to"), ("recommend", "recommended"), ("agreed", "agreed"), ("noted", "noted"),
    ("received", "noted"), ("resolved", "resolved"), ("adopted", "resolved"), ("approved", "resolved"),
    ("passed", "resolved"), ("pass", "resolved"), ("carried", "resolved"),
]  # fmt: skip


_OPENER = re.compile(r"^(resolved|agreed|recommended|noted)\b[\s:.\-–—]*", re.I)
_KIND_OF_OPENER: dict[str, DecisionKind] = {w: w for w in ("resolved", "agreed", "recommended", "noted")}


def decision_kind(text: str) -> DecisionKind:
    """The kind of a decision a structured source states in words: 'Adopted (Pass)' -> resolved."""
    lowered = text.lower()
    return next((kind for word, kind in _KIND_WORDS if word in lowered), "other")


def role_items(blocks: list[Block]) -> list[Item]:
    state = text_rules._State()
    for block in blocks:
        role, text = block.role, block.text
        current = state.items[-1] if state.items else None
        if role == "item-number":
            text_rules._start(state, Item(title="", number=text.rstrip("."), line=block.line), "title")
        elif role == "item-title":
            if current is not None and state.phase == "title" and not current.title:
                text_rules._set_title(current, text)
                state.phase = "agenda"
            else:
                item = Item(title="", number=block.hints.get("number"), line=block.line)
                text_rules._set_title(item, text)
                text_rules._start(state, item, "agenda")
        elif current is None or role in ("header", "venue", "status", "attendee"):
            continue
        elif role == "presenter":
            current.presenters.append(text)
        elif role == "document":
            hints = block.hints
            current.documents.append(
                Document(title=text, format=hints.get("format"), size=hints.get("size"), url=hints.get("url"))
            )
        elif role == "agenda":
            current.agenda_text = f"{current.agenda_text}\n{text}".strip()
        elif role == "minutes-start":
            state.phase = "minutes"
        elif role in ("minutes", "decision", "action"):
            state.phase = "minutes"
            text_rules._add_paragraph(state, current, block)
            if role == "decision":
                opener = _OPENER.match(text)
                kind = _KIND_OF_OPENER[opener.group(1).lower()] if opener else decision_kind(text)
                wording = text[opener.end() :] if opener and opener.end() < len(text) else text
                current.decisions.append(Decision(kind=kind, text=wording, line=block.line))
            elif role == "action":
                current.actions.append(Action(text=text, owner=block.hints.get("owner"), line=block.line))
        else:
            text_rules._add(state, block, marked=True)
    return state.items

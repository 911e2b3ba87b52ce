"""Actions: who was asked to do what. "Action: Commissioner Myers will take a fresh look …"
gives the text and the owner (the person or post before "will"/"to"); a paragraph that ends
with "Action: Clerk" or "ACTION – JB" gives its owner to the whole paragraph."""

from __future__ import annotations

import re

from minutebook.extract.names import mentions
from minutebook.record import Action, Paragraph

_OPENS = re.compile(r"^actions?(?:\s+by)?\s*[:\-–—]\s*(?P<text>.+)$", re.I | re.S)
_ENDS = re.compile(r"[.\s]\s*(?i:actions?(?:\s+by)?)\s*[:\-–—]\s*(?P<owner>[A-Z][\w.&/' ,]{0,40}?)\.?$")
# "The Chairman asked the Clerk to investigate and report back": the one asked owns the action.
_ASKED = re.compile(
    r"\b(?:asked|requested|instructed|tasked|authorised|delegated to)\s+(?:the\s+)?"
    r"(?P<owner>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3})\s+to\s+(?P<task>[a-z][^.;]*)"
)
_OWNER_VERB = re.compile(
    r"^(?P<owner>.{2,80}?)\s+(?:will|to|would|agreed to|is to|was asked to|undertook to)\s", re.I
)


def actions(paragraphs: list[Paragraph]) -> list[Action]:
    found: list[Action] = []
    for paragraph in paragraphs:
        action = action_in(paragraph.text)
        if action:
            action.paragraph, action.line = paragraph.ref, paragraph.line
            found.append(action)
    return found


def action_in(text: str) -> Action | None:
    opens = _OPENS.match(text)
    if opens:
        body = opens["text"].strip()
        return Action(text=body, owner=owner(body))
    ends = _ENDS.search(text)
    if ends:
        return Action(text=text[: ends.start() + 1].strip(), owner=ends["owner"].strip(" ,"))
    asked = _ASKED.search(text)
    if asked:
        return Action(text=f"{asked['owner']} to {asked['task']}", owner=asked["owner"])
    return None


def owner(text: str) -> str | None:
    """The person or post an action names first: 'Commissioner Myers will …' -> 'Commissioner Myers'."""
    people = mentions(text)
    if people and people[0].start == 0:
        return people[0].form
    match = _OWNER_VERB.match(text)
    if match and match["owner"][0].isupper() and len(match["owner"].split()) <= 6:
        return match["owner"]
    if len(text.split()) <= 4 and text[:1].isupper():
        return text.rstrip(".")
    return None

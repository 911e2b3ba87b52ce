"""Declarations of interest: "Councillor X declared a personal interest in item 5 (…)".

A sentence with "declared" (or "declares", "declaration") and "interest" names its people, as does
one that reports a member's own interest ("stated that she had a non-pecuniary interest in ...") or
a member's recusal ("recused himself from item 7");
each gets the kind of interest and the item it was about where the sentence gives them.
"There were no declarations of interest" gives none.
"""

from __future__ import annotations

import re

from minutebook.extract.names import mentions
from minutebook.parse.gate import fold
from minutebook.record import Declaration

_ABOUT = r"(?:\s+(?:in|on|regarding|relating to|with)\s+(?P<about>[^.;]{1,120}))?"
_DECLARES = re.compile(
    r"\bdeclare[sd]?\b.{0,60}?\b(?P<interest>(?:an?\s+)?(?:[\w-]+\s+){0,3}interests?)\b" + _ABOUT,
    re.I,
)
# "Councillor Hodivala stated that she had a non-pecuniary interest in ...": the same declaration
# reported in other words; the interest must be the person's own ("that she had").
_REPORTED = re.compile(
    r"\b(?:stated|indicated|disclosed|registered|reported|advised|confirmed|noted|informed\s+\w+)\s+that\s+"
    r"(?:he|she|they|s?he|\w+)\s+(?:had|has|held|have)\s+"
    r"(?P<interest>(?:an?\s+)?(?:[\w-]+\s+){0,3}interests?)\b" + _ABOUT,
    re.I,
)
# "Commissioner Ruiz recused himself from item 7": withdrawing for an interest declared or not.
_RECUSED = re.compile(
    r"\brecus(?:ed|es)\s+(?:himself|herself|themselves|themself)?\s*(?:from\s+(?P<about>[^.;]{1,120}))?",
    re.I,
)
_NONE = re.compile(r"\bno\s+(?:declarations|interests)\b|\bnone\b|\bnil\b", re.I)
_ITEM = re.compile(r"\b(?:item|minute)\s+(?:no\.?\s*)?(?P<item>[A-Z]?\d{1,3}[a-z]?)", re.I)


def declarations(text: str) -> list[Declaration]:
    folded = fold(text)
    if "interest" not in folded and "recus" not in folded:  # each pattern needs one of these words
        return []
    if _NONE.search(text) and not re.search(r"\bdeclared\b|\brecused\b", text, re.I):
        return []
    found: list[Declaration] = []
    for sentence in re.split(r"(?<=[.;])\s+", text):
        match = _DECLARES.search(sentence) or _REPORTED.search(sentence) or _RECUSED.search(sentence)
        if not match:
            continue
        about = match["about"] or ""
        item = _ITEM.search(about)
        named = match.groupdict().get("interest") or "recused"
        interest = re.sub(r"^an?\s+", "", named, flags=re.I)
        if about and not item:
            interest = f"{interest} in {about.strip()}"
        for person in mentions(sentence[: match.start()] or sentence):
            found.append(
                Declaration(person=person.form, interest=interest, item=item["item"] if item else None)
            )
    return found

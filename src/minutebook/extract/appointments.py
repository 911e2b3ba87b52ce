"""Appointments: who was appointed to which position, their substitute, and for which term.

Two shapes are read. A list under a resolution about appointments, one point each:
"(a) Health, Welfare and Safety Panel – Councillor G. A. Russell (Councillor S. Ali as her
substitute)." with the term from the resolution ("for the 2013-2014 Municipal Year"). And a
sentence: "That Councillor X be appointed as Chair of Y", "Mr Cooke be elected to Chair the meeting",
"Councillor Y was co-opted to the Council".
"""

from __future__ import annotations

import re

from minutebook.extract.names import mentions
from minutebook.record import Appointment, Decision

_TERM = re.compile(r"\b(?P<term>(?:19|20)\d\d\s*[-/–]\s*(?:19|20)?\d\d\s+municipal\s+year)\b", re.I)
_LISTED = re.compile(
    r"^(?:\([a-z0-9]{1,4}\)\s*)?(?P<position>[^–—]+?)\s+[–—-]\s+(?P<person>[^()]+?)"
    r"(?:\s*\((?P<substitute>[^()]+?)\s+as\s+(?:his|her|their|the)?\s*substitute\))?\s*[.;]?$",
    re.I,
)
# What follows a post named in a sentence is how it was decided, not part of the post:
# "elected as Chairman, nominated by X, seconded by Y, all agreed".
_PROCEDURE = r"nominated|proposed|seconded|moved|all|unanimously|by|on\s+the\s+proposal"
_SENTENCE = re.compile(
    r"(?P<person>(?:[A-Z][\w.'’-]*\s+){1,5}?)(?:be|was|is|were)\s+(?:duly\s+|unanimously\s+)?(?:re-?)?"
    r"(?:appointed|elected|co-opted)\s+(?:as\s+(?:the\s+)?|to\s+(?:the\s+)?(?:post\s+of\s+|role\s+of\s+|office\s+of\s+)?)?(?:the\s+)?"
    rf"(?P<position>[A-Z][^.;(]*?|(?<=as\s)(?:an?\s+)?[a-z][^.;(]*?)(?=\s+for\s+the\b|\s+with\s+effect|,\s*(?:{_PROCEDURE})\b|[.;(]|$)",
)


def appointments(decision: Decision) -> list[Appointment]:
    text = decision.text
    if not re.search(r"appoint|elected|co-opt", text, re.I):
        return []
    term_match = _TERM.search(text)
    term = re.sub(r"\s+", " ", term_match["term"]) if term_match else None
    found: list[Appointment] = []
    for line in text.split("\n")[1:]:
        match = _LISTED.match(line.strip())
        if not match:
            continue
        person = _person(match["person"])
        if person:
            substitute = _person(match["substitute"]) if match["substitute"] else None
            found.append(Appointment(person, match["position"].strip(), substitute, term, decision.line))
    if not found:
        for match in _SENTENCE.finditer(text):
            person = _person(match["person"])
            if person:
                found.append(Appointment(person, match["position"].strip(), None, term, decision.line))
    return found


def elected(text: str) -> bool:
    """True where `text` says a named person was elected, appointed or co-opted to a post ("Cllr Smith was
    duly elected Chairman"): an election the meeting held, a decision though no one moved it."""
    # "was elected": the meeting's own act; "That X be appointed" is a motion's wording, read as one.
    if not re.search(
        r"\b(?:was|were)\s+(?:duly\s+|unanimously\s+)?(?:re-?)?(?:elected|appointed|co-opted)\b", text
    ):
        return False
    return any(_person(match["person"]) for match in _SENTENCE.finditer(text))


def _person(text: str) -> str | None:
    found = mentions(text)
    return found[0].form if found else None

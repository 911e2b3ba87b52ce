"""What one block is, judged from its own words: a bare item number, a bullet, a document
link, a numbered or lettered minute point, a truncation marker. Pure functions."""

from __future__ import annotations

import re

from minutebook.parse.gate import Gated
from minutebook.record import Document

# Words that make a block a sentence rather than a heading.
FINITE = re.compile(
    r"\b(?:is|are|was|were|had|has|have|be|been|will|would|could|should|may|can|did|does|"
    r"noted|agreed|resolved|reported|confirmed|approved|asked|explained|advised|said|thanked)\b",
    re.I,
)
BARE_NUMBER = re.compile(r"^(?:item\s+)?(?P<number>\d{1,3}[a-z]?)\.?$", re.I)
# Patterns searched in every block are Gated by a word they need (see `gate`): few blocks hold it.
# "Commissioners' Progress pdf icon PDF 69 KB": where the web page had a link to a document.
ICON = Gated(
    re.compile(
        r"\s*\b(?P<format>[a-z]{2,5}) icon(?: [a-z]{2,5})?\s+(?P<size>\d+(?:\.\d+)?\s*[KMG]B)\b\.?", re.I
    ),
    ("icon",),
)
TRUNCATED = Gated(
    re.compile(r"\s*(?:\.\.\.|…)?\s*view the full minutes text for item\s+(?P<number>[\w.]+?)\.?\s*$", re.I),
    ("view the full minutes text for item",),
)
BULLET = re.compile(r"^(?:[·•▪●◦]|[-*](?=\s))\s*")
MINUTES_MARK = re.compile(r"^minutes\s*:?\s*$", re.I)
ADDITIONAL_DOCUMENTS = re.compile(
    r"^(?:additional|supporting|background) (?:documents|papers)\s*:?\s*$", re.I
)
TABLE_FURNITURE = re.compile(r"^(?:items|no\.?\s*item|item|no\.)$", re.I)
# "AUDIT COMMISSION INTERIM REPORT (Agenda item 4)": minutes that point back to the agenda's number.
CROSS_REF = re.compile(r"\s*\((?:agenda\s+)?item\s+\d{1,3}[a-z]?\)\s*$", re.I)
TO_REPORT = Gated(
    re.compile(r",?\s*(?:to\s+(?:report|present|introduce|attend)|reporting)\W*$", re.I),
    ("report", "present", "introduce", "attend"),
)

_DOTTED = re.compile(r"^(?P<ref>\d{1,3}(?:\.\d{1,3})+)\.?(?:\s+|$)")
_NUMBERED = re.compile(r"^(?P<ref>\d{1,3})[.)](?:\s+|$)")
_PAREN_NUMBER = re.compile(r"^\((?P<ref>\d{1,3})\)\s*")
_LETTERED = re.compile(r"^\(?(?P<ref>[a-z]|[ivx]{1,4})\)\s*")


def document_link(text: str, title: str | None = None) -> tuple[str, Document] | None:
    """Text with a document icon split into the text before it and the Document it stands for."""
    match = ICON.search(text)
    if not match:
        return None
    before = text[: match.start()].strip()
    return before, Document(
        title=title or before.rstrip("."), format=match["format"].lower(), size=_size(match)
    )


def _size(match: re.Match[str]) -> str:
    return re.sub(r"(\d)\s*([KMG]B)", r"\1 \2", match["size"]).upper()


def truncation(text: str) -> tuple[str, str] | None:
    """("text before the marker", item number) for "... view the full minutes text for item 15."."""
    match = TRUNCATED.search(text)
    return (text[: match.start()].rstrip(" .…"), match["number"]) if match else None


def point(text: str, parent: str | None) -> tuple[str | None, str | None, str]:
    """(ref, new parent, text) of a minute point: "1.1 X" -> 1.1; "a) X" under 2.1 -> 2.1(a)."""
    for pattern in (_DOTTED, _NUMBERED):
        match = pattern.match(text)
        if match:
            return match["ref"], match["ref"], text[match.end() :].strip()
    match = _PAREN_NUMBER.match(text)
    if match:
        return f"({match['ref']})", parent, text[match.end() :].strip()
    match = _LETTERED.match(text)
    if match:
        ref = f"{parent}({match['ref']})" if parent else f"({match['ref']})"
        return ref, parent, text[match.end() :].strip()
    return None, parent, text


def is_enumerated(text: str) -> bool:
    return point(text, None)[0] is not None


def presenter(text: str) -> str:
    """'Strategic Director for X to report.' -> 'Strategic Director for X'."""
    return TO_REPORT.sub("", BULLET.sub("", text)).strip(" .;,")

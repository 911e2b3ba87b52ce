"""Shared helpers of the text readers: decode bytes, split them into numbered lines.

Text copied from web pages carries artefacts that mean nothing: non-breaking spaces used as
indentation or as blank lines, curly quotes. They are made plain here, once, so that every
later stage sees "Children's Services" however the page typed it. Line numbers are kept.
"""

from __future__ import annotations

import re

from minutebook.errors import ReadError
from minutebook.read.document import Line

# Bytes that never occur in text: NUL and the C0 controls other than tab, newline, form feed, CR.
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f]")
# str.replace per character: str.translate looks up every character of a long text in a dict.
_PLAIN = {"\u00a0": " ", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\ufeff": ""}


def looks_like_text(head: bytes) -> bool:
    """True when the bytes decode as text and hold no control characters."""
    if not head or _CONTROL.search(head, 0, 4096):
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut by the 64 KiB head is still UTF-8.
        if error.start < len(head) - 3:
            return _is_cp1252(head)
    return True


def decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM); cp1252 only when the bytes are clearly that; else ReadError."""
    if _CONTROL.search(data, 0, 65536):
        raise ReadError(name, "binary data, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if _is_cp1252(data):
            return data.decode("cp1252")
        raise ReadError(name, f"not UTF-8 text (undecodable byte at offset {error.start})") from None


def _is_cp1252(data: bytes) -> bool:
    # Windows-1252 text uses 0x80-0x9F for quotes and dashes; five of its code points are unassigned.
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return any(c in text for c in "\u2018\u2019\u201c\u201d\u2013\u2014\u00a3\u00e9")


def to_lines(text: str) -> list[Line]:
    """One Line per source line (1-based), with layout artefacts made plain and trailing space dropped."""
    for artefact, plain in _PLAIN.items():
        text = text.replace(artefact, plain)
    return [Line(raw.rstrip(), number) for number, raw in enumerate(text.splitlines(), 1)]

"""Fallback reader for any decodable text: plain text, Markdown, text pulled from a PDF.

It claims text with a low score, so that any reader that recognises the format wins.
"""

from __future__ import annotations

from minutebook.read.detect import Reader
from minutebook.read.document import Document
from minutebook.read.text import decode, looks_like_text, to_lines

FORMAT = "plain-text"


def sniff(head: bytes, name: str) -> int:
    if not looks_like_text(head):
        return 0
    return 15 if name.lower().endswith((".txt", ".md", ".markdown", ".text")) else 10


def read(data: bytes, name: str, sha256: str) -> Document:
    return Document(name=name, sha256=sha256, format=FORMAT, lines=to_lines(decode(data, name)))


READER = Reader(format=FORMAT, sniff=sniff, read=read)

"""Blocks: the units the parser reasons about, made from a Document's lines.

A block is a run of non-blank lines, joined with spaces, that remembers its first line. A
line that opens something (a numbered or lettered point, a bullet, a heading, a "Resolved")
starts a block of its own even without a blank line before it, as in text taken from PDFs.
Lines that carry a `role` from a structured reader are blocks on their own. Markdown
emphasis, heading marks and quote marks are dropped here: they are layout, not words.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from minutebook.read.document import Document, Line, Role

# What opens a new block inside a run of lines.
_OPENS = re.compile(
    r"^(?:\d{1,3}(?:\.\d{1,3})*[.)]?\s|\(?[a-z]{1,4}\)\s|[·•▪●◦\-*]\s|#|resolved\b|agreed\b|action\b"
    r"|minutes:|present\b|apologies\b|in attendance\b)",
    re.I,
)
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
_HTML_BLOCK = re.compile(r"^</?(?:p|li|ul|ol|h[1-6]|div|tr|td|br|table)\b", re.I)
_CAPITALS = re.compile(r"^(?=.*[A-Z]{4})[A-Z0-9 &'’/,()–-]{4,80}$")
_FRONT_MATTER = re.compile(r"^---\s*$")


@dataclass
class Block:
    text: str
    line: int
    heading: int = 0  # Markdown heading level, 0 where the line is not a heading
    role: Role | None = None
    hints: dict[str, Any] = field(default_factory=dict)


def clean(text: str) -> str:
    """Plain words of a line: Markdown emphasis, escapes and quote marks dropped, spaces collapsed."""
    text = re.sub(r"^\s*(?:>\s*)+(?:\[![^\]]*\][-+]?\s*)?", "", html.unescape(text).translate(_QUOTES))
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [words](link) -> words
    text = re.sub(r"\bhttps?://\S+", "", text)
    text = re.sub(r"\\([*_#\[\]().\-!>])", r"\1", text)
    text = re.sub(r"\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)|<[^>]{1,40}>", "", text)
    return re.sub(r"\s+", " ", text).strip()


def front_matter(lines: list[Line]) -> tuple[dict[str, str], int]:
    """Markdown front matter (`key: value` lines between `---` fences) and the lines it takes."""
    if not lines or not _FRONT_MATTER.match(lines[0].text):
        return {}, 0
    values: dict[str, str] = {}
    for index, line in enumerate(lines[1:], 1):
        if _FRONT_MATTER.match(line.text):
            return values, index + 1
        key, sep, value = line.text.partition(":")
        if sep and re.fullmatch(r"\w+", key.strip()):
            values[key.strip().lower()] = value.strip().strip("\"'")
    return {}, 0


# Readers of markup give one line per element (a paragraph, a list item): each is a block already.
PARAGRAPH_FORMATS = {"html", "moderngov-html", "legistar", "moderngov-xml"}


def make_blocks(lines: list[Line], one_per_line: bool = False) -> list[Block]:
    blocks: list[Block] = []
    current: list[tuple[str, int]] = []
    rule = False  # the last line was a rule ("---"), as at a page break

    def close() -> None:
        if current:
            blocks.append(Block(" ".join(text for text, _ in current), current[0][1]))
            current.clear()

    for line in lines:
        raw = line.text.strip()
        if line.role is not None:
            close()
            blocks.append(Block(clean(raw), line.number, role=line.role, hints=line.hints))
            continue
        heading = re.match(r"^(#{1,6})\s+", raw)
        text = clean(raw.lstrip("#").strip() if heading else raw)
        if not text or re.fullmatch(r"[-=_*]{3,}", text):
            close()
            rule = bool(text)
            continue
        if rule and re.fullmatch(r"\d{1,3}", text):  # a page number after a page break
            continue
        rule = False
        if heading:
            close()
            blocks.append(Block(text, line.number, heading=len(heading.group(1))))
            continue
        if current and (one_per_line or _OPENS.match(text) or _HTML_BLOCK.match(raw)):
            close()
        if _CAPITALS.match(text):  # "CALL TO ORDER AND ROLL CALL": a heading line stands alone
            close()
            blocks.append(Block(text, line.number))
            continue
        current.append((text, line.number))
    close()
    return _join_wrapped(blocks)


# A block ending like this was cut by a line break, not finished: "... CITY AND", "Doyle,", "(Mr. K."
_UNFINISHED = re.compile(r"(?:[,(&/–-]|\b(?i:and|of|the|in|at|on|for|to|by|with|a|an|or)|\b[A-Z]\.)$")


def _wrapped(text: str) -> bool:
    """A long line with no closing punctuation: wrapped at the page's width, in hard-wrapped text."""
    return len(text) >= 60 and not re.search(r"[.:;!?\")\]]$", text)


def _join_wrapped(blocks: list[Block]) -> list[Block]:
    """Join blocks that are one sentence wrapped over lines with blank lines between them,
    as in text converted from PDF: the first ends unfinished, or the next starts in lower case."""
    long = [b for b in blocks if len(b.text) >= 60]
    # Only where most long lines are cut mid-sentence is the text hard-wrapped.
    hard_wrapped = len(long) >= 10 and sum(_wrapped(b.text) for b in long) >= 0.7 * len(long)
    joined: list[Block] = []
    for block in blocks:
        last = joined[-1] if joined else None
        if (
            last is not None
            and not (last.role or block.role or last.heading or block.heading)
            and not _OPENS.match(block.text)
            and (
                _UNFINISHED.search(last.text)
                or block.text[:1].islower()
                or (hard_wrapped and _wrapped(last.text))
            )
        ):
            last.text = f"{last.text} {block.text}"
        else:
            joined.append(block)
    return joined


def document_blocks(document: Document) -> tuple[list[Block], dict[str, str]]:
    """The blocks of a document, and its Markdown front matter if it has one."""
    meta, skip = front_matter(document.lines)
    return make_blocks(document.lines[skip:], one_per_line=document.format in PARAGRAPH_FORMATS), meta

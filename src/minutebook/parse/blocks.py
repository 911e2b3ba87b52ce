"""Blocks: the units the parser reasons about, made from a Document's lines.

A block is a run of non-blank lines, joined with spaces, that remembers its first line. A
line that opens something (a numbered or lettered point, a bullet, a heading, a "Resolved", a
Markdown table's row with a number in its first cell)
starts a block of its own even without a blank line before it, as in text taken from PDFs.
Lines that carry a `role` from a structured reader are blocks on their own. Markdown
emphasis, heading marks and quote marks are dropped here: they are layout, not words.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from minutebook.parse.lines import CROSS_REF, FINITE
from minutebook.read.document import Document, Line, Role

# What opens a new block inside a run of lines.
# A label of a numbering scheme opens a block as well (see `numbering`): "2659. ", "14/037 ",
# "BM 35/2122 ", "C97 ", "II. ", "B. ".
_OPENS = re.compile(
    r"^(?:(?:[A-Z]-)?\d{1,3}(?:\.\d{1,3})*[.)]?\s|\d{4}\.\s|\d{2}/\d{2,4}\s"
    r"|(?-i:[A-Z]{1,4})\s?\d{1,4}/\d{2,4}\s|(?-i:[A-Z]{1,2})\d{1,4}\s"
    r"|(?-i:[A-Z]|[IVX]{1,4})[.)]\s|\(?[a-z]{1,4}\)\s|[·•▪●◦\-*]\s|#|resolved\b|agreed\b|action\b"
    r"|minutes:|motion:|present\b|apologies\b|in attendance\b|\|\s*\d{1,3}\.?\s*\|"
    # "Item 2. MINUTES ...", "(2) Minutes": an item's number in other shapes a label takes
    r"|(?-i:Item|ITEM)\s+\d{1,3}[.:)]\s|\(\d{1,3}\)\s)",
    re.I,
)
# "2025-1788      NOW, THEREFORE ...", "2025-1792" alone: a matter's file number (year and serial) at the
# head of a line, set apart by a gap, opens its entry (a wrapped "2019-2020 budget" has no gap).
_FILE_LINE = re.compile(r"^(?:19|20)\d{2}-\d{3,5}(?:\s{2,}\S|$)")
# A bullet as a word processor's PDF prints it: a symbol-font glyph (private use: \uf0b7, \uf0a7, \uf0d8)
# or the letter "o" of its second level, set apart by a gap; it opens an entry of its own.
_GLYPH_BULLET = re.compile(r"^(?:[\uf000-\uf0ff]|o(?=\s{2,}\S))")
# "a. Adoption of the FY2023-24 Budget" under "9. PUBLIC HEARING": a lettered sub-item opens a block,
# unless the line above leads on into it, as a motion's parts follow "That the Committee:" or "...;".
_LETTERED = re.compile(r"^[a-h]\.\s")
_LEADS_ON = re.compile(r"(?:[:;,]|\b(?:and|or))$")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
_HTML_BLOCK = re.compile(r"^</?(?:p|li|ul|ol|h[1-6]|div|tr|td|br|table)\b", re.I)
# Four letters in a row, and only letters, digits and a little punctuation: accented capitals count
# ("REMISSION OF RATES ON MĀORI FREEHOLD LAND"); the caller checks that no letter is lower case.
_CAPITALS = re.compile(r"^(?=.*[^\W\d_]{4})[\w &'’/,()–-]{4,80}$")
_FRONT_MATTER = re.compile(r"^---\s*$")
_HEADING = re.compile(r"^(#{1,6})\s+")
_RULE = re.compile(r"[-=_*]{3,}")
# "===PAGE 2===", "--- Page 3 ---", "===OCR macOS Vision===": a marker a text extractor put between
# pages or runs, no words of the minutes; it ends a block like a page break.
_MARKER = re.compile(r"^(?:={2,}|-{3,}|~{3,})\s*[\w .:#/()-]{1,40}?\s*(?:={2,}|-{3,}|~{3,})$")
_CELL_MARKS = re.compile(r"[|\s]*\|[|\s]*")
# An item's number alone on its line in any shape a label takes: "4", "4.", "4)", "(4)", "Item 4".
# "Page 3 of 12", "Page 3", "- 3 -", "3 | Page": a page's number printed alone on its line, where a PDF's
# text (or text copied from one) keeps its footers. It is no words of the minutes, and a page break falls
# mid-paragraph as often as not, so the line is passed over without ending the paragraph.
_PAGE_NUMBER = re.compile(
    r"(?i:page\s*\|?\s*\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?|\d{1,3}\s*\|\s*page|-\s*\d{1,3}\s*-)"
)
_BARE_NUMBER = re.compile(r"(?:item\s+)?\(?\d{1,3}(?:\.\d{1,3})*[.):]?", re.I)


@dataclass
class Block:
    text: str
    line: int
    heading: int = 0  # Markdown heading level, 0 where the line is not a heading
    title_line: bool = False  # a short title on the first line of a paragraph (see `_title_line`)
    role: Role | None = None
    hints: dict[str, Any] = field(default_factory=dict)
    page: int | None = None  # the PDF page its first line was printed on
    # The words of each line it was made of, and how far its first line stood from the left margin:
    # a heading is told by its line ("3. Minutes" over the text) and its margin, not its words alone.
    lines: list[str] = field(default_factory=list)
    indent: int = 0
    raw: str = ""  # its first line as printed, gaps between columns kept

    @property
    def first(self) -> str:
        """The block's first line (its text where it was made of one line)."""
        return self.lines[0] if self.lines else self.text


_QUOTED = re.compile(r"^\s*(?:>\s*)+(?:\[![^\]]*\][-+]?\s*)?")  # "> ", "> [!note]" before a quoted line
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"\bhttps?://\S+")
_ESCAPE = re.compile(r"\\([*_#\[\]().\-!>])")
_EMPHASIS = re.compile(r"\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)|<[^>]{1,40}>")


def clean(text: str) -> str:
    """Plain words of a line: Markdown emphasis, escapes and quote marks dropped, spaces collapsed."""
    text = html.unescape(text)
    if not text.isascii():
        text = text.translate(_QUOTES)
    # Most lines have no markup: a pattern runs only where the character it needs is present.
    if ">" in text:
        text = _QUOTED.sub("", text)
    if "[" in text:
        text = _LINK.sub(r"\1", text)  # [words](link) -> words
    if "://" in text:
        text = _URL.sub("", text)
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    if "*" in text or "_" in text or "<" in text:
        text = _EMPHASIS.sub("", text)
    # A few words pushed to the right margin after a sentence ("... still ongoing.      Clerk")
    # name an action's owner: that gap stays, as one tab, so the action extractor can see it.
    # A gap after an item number ("1.         Prayer", "ii.      Drainage") is only layout.
    if "    " in text:
        words, _, tail = text.rstrip().rpartition("    ")
        if re.search(r"[a-z]{3}[.!?]\s*$", words) and 0 < len(tail.split()) <= 6:
            return " ".join(words.split()) + "\t" + " ".join(tail.split())
    return " ".join(text.split())


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


# Where a line lost its line breaks: a gap of two or more spaces between words, or a space before a
# starred entry number ("(Y-5) CONFIRMED *42 Accept ...").
_LOST_BREAK = re.compile(r"(?<=\S) {2,}(?=\S)| (?=\*\d{1,3} [A-Z])")


def _unflattened(lines: list[Line]) -> list[Line]:
    """Text that lost its line breaks keeps them as wide gaps, so a whole page stands on one line
    ("COMMUNICATIONS  38 Request of ...  (Communication)  PLACED ON FILE  39 Request of ..."). Where
    a line far longer than a page is wide has such gaps all along (ten or more, one in every 100
    characters at least), the text lost its breaks: every line is split at its gaps into the lines
    it was. A few wide gaps in a long line are only spacing ("... seconded by Cllr X.    Agreed")."""
    if not any(_flattened(line.text) for line in lines):
        return lines
    return [
        Line(part, line.number, line.page) if line.role is None else line
        for line in lines
        for part in (_LOST_BREAK.split(line.text.strip()) if line.role is None else [line.text])
    ]


def _flattened(text: str) -> bool:
    return len(text) > 500 and len(_LOST_BREAK.findall(text)) >= max(10, len(text) // 100)


def _page_breaks(lines: list[Line]) -> set[int]:
    """Indexes of the lines a page break printed: a page's number alone on its line ("Page 3 of 12"),
    and the running header or footer beside it (the nearest line above or below), where the same
    short text, numbers aside, stands beside two page numbers or more ("Council - 10 July 2013")."""
    numbers = [
        i for i, line in enumerate(lines) if not line.role and _PAGE_NUMBER.fullmatch(line.text.strip())
    ]
    if not numbers:
        return set()
    beside: dict[str, list[int]] = {}
    for i in numbers:
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(lines) and not lines[j].text.strip():
                j += step
            text = lines[j].text.strip() if 0 <= j < len(lines) and abs(j - i) <= 2 else ""
            if text and len(text) <= 100 and not lines[j].role and not _PAGE_NUMBER.fullmatch(text):
                beside.setdefault(" ".join(re.sub(r"\d+", " ", text).split()).casefold(), []).append(j)
    return set(numbers) | {j for at in beside.values() if len(at) >= 2 for j in at}


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())


def _capitals(text: str) -> bool:
    text = CROSS_REF.sub("", text)
    return bool(_CAPITALS.match(text)) and text.isupper() and "_" not in text


def make_blocks(lines: list[Line], one_per_line: bool = False) -> list[Block]:
    if not one_per_line:  # a reader of markup gives one element a line: it lost no line breaks
        lines = _unflattened(lines)
    blocks: list[Block] = []
    current: list[tuple[str, int]] = []
    page: int | None = None  # of the first line in `current`
    indent, raw_first = 0, ""  # of the first line in `current`
    rule = False  # the last line was a rule ("---"), as at a page break
    number_indent = 0  # how far the last line that was only a number stood from the left
    furniture = _page_breaks(lines)

    def close() -> None:
        if current:
            texts = [text for text, _ in current]
            blocks.append(
                Block(" ".join(texts), current[0][1], page=page, lines=texts, indent=indent, raw=raw_first)
            )
            current.clear()

    for index, line in enumerate(lines):
        raw = line.text.strip()
        if line.role is not None:
            close()
            blocks.append(Block(clean(raw), line.number, role=line.role, hints=line.hints, page=line.page))
            continue
        if ("==" in raw or "---" in raw or "~~~" in raw) and _MARKER.match(raw):
            close()
            rule = True
            continue
        heading = _HEADING.match(raw)
        text = clean(raw.lstrip("#").strip() if heading else raw)
        if _CELL_MARKS.fullmatch(text):  # a Markdown table's empty cells, "|   |   |": layout, no words
            continue
        if not text or _RULE.fullmatch(text):
            close()
            rule = bool(text)
            continue
        if rule and re.fullmatch(r"\d{1,3}", text):  # a page number after a page break
            continue
        if index in furniture:  # a page's footer or header: the paragraph goes on past it
            continue
        rule = False
        if heading:
            close()
            level = len(heading.group(1))
            blocks.append(Block(text, line.number, heading=level, page=line.page, indent=_indent(line.text)))
            continue
        if current and (
            one_per_line
            or _OPENS.match(text)
            or _HTML_BLOCK.match(raw)
            or _FILE_LINE.match(raw)
            or _GLYPH_BULLET.match(raw)
            or (_LETTERED.match(text) and not _LEADS_ON.search(current[-1][0]))
        ):
            close()
        # "CALL TO ORDER AND ROLL CALL", "3 AUDIT REPORT (Agenda item 4)": a heading line stands alone;
        # a number alone on the line above it ("4" / "CHAIRPERSON'S ANNOUNCEMENTS") is its number,
        # unless it stands right of the heading's margin, as a page number does.
        if _capitals(text):
            close()
            above = blocks[-1] if blocks and not (blocks[-1].role or blocks[-1].heading) else None
            if above and _BARE_NUMBER.fullmatch(above.text) and number_indent <= _indent(line.text):
                above.text = f"{above.text} {text}"
                above.lines = [above.text]
            else:
                blocks.append(Block(text, line.number, page=line.page, indent=_indent(line.text)))
            continue
        if _BARE_NUMBER.fullmatch(text):
            number_indent = _indent(line.text)
        following = lines[index + 1] if index + 1 < len(lines) else None
        # "284. Declarations of ... Significant" / "Interests in items on the agenda" / "(Item 2)": a
        # line over an agenda reference ends the heading the line above began.
        after = lines[index + 2].text if index + 2 < len(lines) else ""
        if (
            not (current or one_per_line)
            and following
            and _title_line(text, following.text)
            and not CROSS_REF.fullmatch(" " + after.strip())
        ):
            margin = _indent(line.text)
            blocks.append(Block(text, line.number, title_line=True, page=line.page, indent=margin, raw=raw))
            continue
        if not current:
            page, indent, raw_first = line.page, _indent(line.text), raw
        current.append((text, line.number))
    close()
    return _join_wrapped(blocks)


_NUMBER = re.compile(r"^\d{1,3}[.)]?\s+")
_LOWER_WORD = re.compile(r"\b[a-z]{4,}\b")


def _title_case(text: str) -> bool:
    """Two in three of the longer words capitalised: 'Fire & Rescue State of the Fire District'."""
    long = [word for word in text.split() if len(word) > 3]
    return 3 * sum(word[0].isupper() for word in long) >= 2 * len(long)


def _title_line(text: str, following: str) -> bool:
    """'Tualatin Valley Fire & Rescue presentation', '1. Transportation' over a line that starts a
    sentence: in text from a PDF, a short title line with no blank line under it stands alone. A
    title wrapped onto the next line goes on in title case there ('... Tree' / 'Cutting, and
    Appeal'); a sentence has lower-case words or ends with a stop."""
    title = _NUMBER.sub("", text)
    words = title.split()
    following = following.strip()
    return (
        (title != text or not _OPENS.match(text))  # a lettered point or a bullet is no title
        and words[:1] != ["That"]  # the wording of a motion: "That the Council ..."
        and following[:1].isalnum()
        and not following[:1].islower()
        and (following.endswith((".", "!", "?")) or len(_LOWER_WORD.findall(following)) >= 2)
        and len(text) <= 90
        and (1 if title != text else 2) <= len(words) <= 12
        and title[:1].isupper()
        and _title_case(title)
        and not text.endswith((*_CLOSING, ",", ";"))
        and not _unfinished(text)
        and not FINITE.search(title)
    )


# A block ending like this was cut by a line break, not finished: "... CITY AND", "Doyle,", "(Mr. K."
_UNFINISHED = re.compile(r"(?:[,(&/–-]|\b(?i:and|of|the|in|at|on|for|to|by|with|a|an|or)|\b[A-Z]\.)$")


_CLOSING = tuple('.:;!?")]')


def _unfinished(text: str) -> bool:
    # A match ends the text and is at most four characters long: searching only the tail keeps this
    # from scanning every character of a long block (\b still sees the character before the tail).
    return bool(_UNFINISHED.search(text, max(0, len(text) - 8)))


def _wrapped(text: str) -> bool:
    """A long line with no closing punctuation: wrapped at the page's width, in hard-wrapped text."""
    return len(text) >= 60 and not text.endswith(_CLOSING)


# "MINUTES OF PROCEEDINGS AT SPECIAL MEETING OF LIMERICK CITY" / "AND COUNTY COUNCIL HELD ...": a line
# in capitals wrapped onto one that opens with "AND", "OF" or "&" goes on there (words that open no
# heading or sentence of their own, as "THE", "IN" or "FOR" can).
_CAPITALS_GO_ON = re.compile(r"^(?:AND|OF)\b|^&")


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
            and not (last.role or block.role or last.heading or block.heading or last.title_line)
            and not _OPENS.match(block.text)
            and not _GLYPH_BULLET.match(block.raw)
            and not (_LETTERED.match(block.text) and not _LEADS_ON.search(last.text))
            and (
                _unfinished(last.text)
                or block.text[:1].islower()
                or (hard_wrapped and _wrapped(last.text))
                or (last.text.isupper() and _CAPITALS_GO_ON.match(block.text) is not None)
            )
        ):
            last.lines = [*(last.lines or [last.text]), *(block.lines or [block.text])]
            last.text = f"{last.text} {block.text}"
        else:
            joined.append(block)
    return joined


def document_blocks(document: Document) -> tuple[list[Block], dict[str, str]]:
    """The blocks of a document, and its Markdown front matter if it has one."""
    meta, skip = front_matter(document.lines)
    return make_blocks(document.lines[skip:], one_per_line=document.format in PARAGRAPH_FORMATS), meta

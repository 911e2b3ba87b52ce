"""Headings without numbers: the items of minutes that do not number their business.

Many small bodies write their minutes without item numbers. The pattern claimed here: where no
consistent run of numbered headings exists, each piece of business still opens with a short heading
set apart from the prose that records it, in one of a few shapes —

- a run-in topic label: a few words in title case or capitals ending in a colon or a dash, then the
  minute text ("Center Planning:  Board discussed ...", "Adjournment - Mike made the motion ..."), or
  the label alone on the first line of its paragraph with the prose under it;
- a line in capitals alone ("MASTER PLANNING WORKSHOP"), or a capitals label over a short note
  ("MINUTES: 3-30-11 Workshop- Tabled");
- a line all in bold ("**Finance Report**"), or a "Topic:" / "Item:" label naming the title after it;
- the top level of a bullet outline (see `_outline_bullets`).

Labels that name who attended, the header's fields, a motion's parts or a signature ("Present:",
"Time:", "Motion:", "Seconded:", "Respectfully submitted") are the words every set of minutes uses
for those parts, never a piece of business, and are left out. Text printed at the same place on
three pages or more (a running header or footer) is page furniture, never a heading.
"""

from __future__ import annotations

import re
from collections import Counter

from minutebook.parse.blocks import Block
from minutebook.parse.lines import FINITE

# A run-in label: up to eight words, the first capitalised, none ending a sentence, then a colon or a
# spaced dash, then the text it heads.
_RUN_IN = re.compile(
    r"^(?P<title>[A-Z0-9][\w/&'’(),.-]*(?:\s+[\w/&'’(),.-]+){0,7}?)\s*(?::|\s[-–—])(?:\s+(?P<rest>\S.*))?$"
)
# What minutes call their fixed parts: attendance, the header's fields, a motion's parts, a signature.
_NOT_BUSINESS = re.compile(
    r"^(?:(?:members|commissioners|councillors|council members|staff|others|officials)\s+)?"
    r"(?:present|absent|excused|apologies|attendance|in attendance|also present|attendees|guests|invited|"
    r"place|time|date|location|venue|meeting posted|posted|held|chair(?:man|person)?|clerk|secretary|"
    r"recorder|minutes taken by|recording secretary|motion|moved|seconded|second|vote|votes|ayes?|nays?|"
    r"carried|resolved|further resolved|agreed|action|actions|decision|outcome|result|note|notes|nb|"
    r"respectfully submitted|signed|attest|documents(?: in meeting)?|attachments|handouts|cc|re|subject|"
    r"page \d+|tel|fax|e-?mail|phone|web(?:site)?)$",
    re.I,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’/-]*")
# "**Finance Report**": a line all in bold (Markdown), set as a heading.
_BOLD_LINE = re.compile(r"^\s*(?:\*\*|__)(?P<title>[^*_]{2,80}?)(?:\*\*|__)\s*:?\s*$")
# "Topic: Budget review", "Item: Playground repairs": the label names the title after it.
_NAMED = re.compile(r"^(?:agenda\s+)?(?:item|topic|subject|matter)\s*:\s*(?P<title>[A-Z0-9].{1,100})$", re.I)


def page_furniture(blocks: list[Block]) -> set[int]:
    """Blocks that are a running header or footer: the same short text, page numbers aside, printed
    three times or more (where pages are known, each time at the top or foot of its page)."""
    keys = {i: _furniture_key(b.text) for i, b in enumerate(blocks) if len(b.text) <= 100 and not b.role}
    counts = Counter(keys.values())
    edge = _page_edges(blocks)
    return {i for i, key in keys.items() if key and counts[key] >= 3 and (edge is None or i in edge)}


def _furniture_key(text: str) -> str:
    return " ".join(re.sub(r"\d+", " ", text).split()).casefold()


def _page_edges(blocks: list[Block]) -> set[int] | None:
    """Blocks among the first three or last three of their page; None where pages are not known."""
    if not any(b.page is not None for b in blocks):
        return None
    by_page: dict[int | None, list[int]] = {}
    for i, b in enumerate(blocks):
        by_page.setdefault(b.page, []).append(i)
    return {i for indexes in by_page.values() for i in (*indexes[:3], *indexes[-3:])}


def unnumbered_headings(blocks: list[Block]) -> tuple[list[Block], dict[int, tuple[None, str, str]]]:
    """The blocks, with paragraphs split where a topic label opens a line inside them, and the item
    headings of minutes without numbers, by block index: (None, title, text after it). Fewer than
    two such headings make no items."""
    blocks = [part for block in blocks for part in _split_at_labels(block)]
    furniture = page_furniture(blocks)
    starts: dict[int, tuple[None, str, str]] = {}
    for index, block in enumerate(blocks):
        if block.role or index in furniture:
            continue
        found = _heading(block)
        if found:
            starts[index] = (None, *found)
    if len(starts) < 2:
        starts = _outline_bullets(blocks, furniture)
    return blocks, (starts if len(starts) >= 2 else {})


# A bullet: a glyph of a symbol font (private use), a typographic bullet, or Word's "o" of its second
# level before a gap.
_GLYPH = re.compile(r"^(?P<glyph>[\uf000-\uf0ff•·▪●◦■□➢►]|o(?=\s{2,}\S))\s*(?P<text>.*)$")
_SPACED_DASH = re.compile(r"\s[-–—]\s")


def _outline_bullets(blocks: list[Block], furniture: set[int]) -> dict[int, tuple[None, str, str]]:
    """Minutes kept as a bullet outline: each level has its own bullet glyph, and the entries of the
    top level (the glyph whose entries stand furthest left) are the items, the deeper levels their
    minutes. A title ends at a spaced dash ("Minutes from 11/30/17 meeting approved – Z. Maiorca
    (motion) ..."); an entry without a word of three letters ("A:") is a caption, not an item."""
    entries: dict[str, list[int]] = {}
    for index, block in enumerate(blocks):
        bullet = _GLYPH.match(block.raw or block.text) if not block.role and index not in furniture else None
        if bullet:
            entries.setdefault(bullet["glyph"], []).append(index)
    if len(entries) < 2:
        return {}  # one level of bullets is a list, not an outline
    top = min(
        entries, key=lambda glyph: sorted(blocks[i].indent for i in entries[glyph])[len(entries[glyph]) // 2]
    )
    starts: dict[int, tuple[None, str, str]] = {}
    for index in entries[top]:
        text = _GLYPH.match(blocks[index].text)
        words = (text["text"] if text else blocks[index].text).strip()
        parts = _SPACED_DASH.split(words, maxsplit=1)
        title, rest = parts[0], (parts[1] if len(parts) > 1 else "")
        if re.search(r"[A-Za-z]{3}", title):
            starts[index] = (None, title.strip(), rest.strip())
    return starts


def _split_at_labels(block: Block) -> list[Block]:
    """A paragraph whose line ends short of the text's width, followed by a line that opens with a
    topic label over prose ("... adjourned at 6:15 PM" / "Adjournment - Mike made the motion ..."),
    is two paragraphs that lost the blank line between them."""
    lines = block.lines
    if block.role or len(lines) < 2:
        return [block]
    width = max(len(line) for line in lines)
    cuts = [
        k
        for k in range(1, len(lines))
        if len(lines[k - 1]) < 0.8 * width and _heading(Block(lines[k], block.line, lines=[lines[k]]))
    ]
    parts, start = [], 0
    for cut in [*cuts, len(lines)]:
        chunk = lines[start:cut]
        if chunk:
            parts.append(
                Block(" ".join(chunk), block.line + start, page=block.page, lines=chunk, indent=block.indent)
            )
        start = cut
    return parts if len(parts) > 1 else [block]


def _heading(block: Block) -> tuple[str, str] | None:
    """(title, text after it) of a block that opens with an unnumbered heading."""
    first = block.first
    rest_lines = " ".join(block.lines[1:]) if len(block.lines) > 1 else ""
    bold = _BOLD_LINE.match(block.raw)
    if bold and _label_words(bold["title"].strip(" :")):
        return bold["title"].strip(" :"), rest_lines
    named = _NAMED.match(first)
    if named:
        return named["title"].strip(), rest_lines
    if block.title_line and _label_words(first.rstrip(":")) and not _NOT_BUSINESS.match(first.rstrip(": ")):
        return first.rstrip(": "), rest_lines  # a short title line over the sentence it heads
    if _capitals(first) and not _NOT_BUSINESS.match(first.strip(" :")):
        return first.strip(" :"), rest_lines
    label = _RUN_IN.match(first)
    if not label or not _label_words(label["title"]):
        return None
    title = label["title"].strip()
    rest = " ".join(filter(None, [label["rest"] or "", rest_lines]))
    # A label in capitals heads whatever follows it ("MINUTES: 3-30-11 Workshop- Tabled"); one in
    # title case heads prose ("Center Planning: Board discussed ..."), not a field's value.
    if title.isupper() or _prose(rest):
        return title, rest
    return None


def _label_words(title: str) -> bool:
    """A topic's name: one to eight words, most capitalised, no verb, not a fixed part of minutes."""
    words = _WORD.findall(title)
    if not words or len(words) > 8 or FINITE.search(title) or _NOT_BUSINESS.match(title):
        return False
    if title.endswith((".", ",")) or re.search(r"\d{1,2}:\d{2}", title):
        return False
    long = [w for w in words if len(w) > 3]
    return 3 * sum(w[0].isupper() for w in long) >= 2 * len(long)


def _capitals(text: str) -> bool:
    """A heading line in capitals: letters mostly, no lower case, short, not a list of names."""
    letters = sum(c.isalpha() for c in text)
    return (
        text.isupper()
        and 4 <= len(text) <= 80
        and letters >= 0.7 * len(text.replace(" ", ""))
        and "," not in text
        and len(text.split()) <= 10
    )


def _prose(text: str) -> bool:
    """Minute text: a sentence with a verb, or several lower-case words."""
    return bool(FINITE.search(text)) or len(re.findall(r"\b[a-z]{3,}\b", text)) >= 4


# A matter filed under a file number of year and serial, as Legistar and like systems print it:
# "2025-1786   NOW THEREFORE BE IT RESOLVED ..." (the file number first), or an agenda number, the
# title, and the file number at the right margin ("35.  SUBJECT:  LEASE OF METRO PROPERTY  2017-0147").
_FILE = r"(?:19|20)\d{2}-\d{3,5}"
_FILE_FIRST = re.compile(rf"^(?P<file>{_FILE})\s+(?P<title>[A-Z\"'“].*)$")
_FILE_LAST = re.compile(
    rf"^(?P<number>\d{{1,3}})\.?\s+(?:SUBJECT:\s*)?(?P<title>\S.*?):?\s+(?P<file>{_FILE})$"
)


def filed_headings(blocks: list[Block]) -> tuple[dict[int, tuple[str, str, str]], set[int]]:
    """Matters that carry a file number: each is an item, numbered by the agenda number printed beside
    it or else by its file number, in whatever order they stand (the files of a meeting are not
    consecutive, and agendas print their numbers out of order). The pattern claimed: two or more
    blocks opening (or a heading line ending) with a file number of one shape. Returns the headings
    by block index and the blocks their wrapped titles took."""
    found: dict[int, tuple[str, str, str]] = {}
    taken: set[int] = set()
    for index, block in enumerate(blocks):
        if block.role:
            continue
        below = blocks[index + 1] if index + 1 < len(blocks) else None
        if re.fullmatch(_FILE, block.text) and below and not below.role:
            # The file number alone, its title the paragraph under it.
            found[index] = (block.text, below.text, "")
            taken.add(index + 1)
            continue
        first = _FILE_FIRST.match(block.text)
        if first:
            found[index] = (first["file"], first["title"].strip(), "")
            continue
        last = _FILE_LAST.match(block.first)
        if last:
            title, rest = last["title"].strip(), " ".join(block.lines[1:])
            # A title in capitals wrapped onto the next line, set in under it.
            if (
                not rest
                and title.isupper()
                and below
                and _capitals(below.text)
                and not below.text.endswith(":")
                and below.indent > block.indent
            ):
                title = f"{title} {below.text}"
                taken.add(index + 1)
            found[index] = (last["number"], title, rest)
    if len(found) < 2:
        return {}, set()
    return found, taken

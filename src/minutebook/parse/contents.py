"""A table of contents: the item titles listed with page numbers near the top, then repeated
where each item starts ("1. Prayer 1 / 2. Apologies 1 / ...", later "1. Prayer The opening ...").

Where text lost its line breaks (scraped from a web page or a PDF), an item's title runs on into
its minutes; the contents say where each title ends, so the items are cut there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from minutebook.parse.blocks import Block

# "7. Petition", "19 Recommendation to ...": an entry opens with the item's number, in any shape a
# label takes ("7)", "(7)", "Item 7:", "7.0"); the same shape is looked for where the item starts.
_ENTRY = re.compile(r"^(?:item\s+)?\(?(?P<number>\d{1,3})(?:\.0)?[.):]?\s+(?P<title>\S.*)$", re.I)
_LABEL = r"(?<!\S)(?:item\s+)?\(?{}(?:\.0)?[.):]?\s+"
_PAGE = re.compile(r"\s\d{1,3}$")  # "... Sold   2": the page the item starts on
MIN_ENTRIES = 3


@dataclass
class Entry:
    number: str
    words: list[str]  # the title's words, without the page number


def table_of_contents(blocks: list[Block]) -> tuple[int, int, list[Entry]] | None:
    """(first block, block after the last, entries) of the first run of numbered blocks that
    end with a page number, where at least three titles are printed again further on."""
    for start, block in enumerate(blocks):
        if not (_ENTRY.match(block.text) and _PAGE.search(block.text)):
            continue
        end, entries = start, []
        # An entry may wrap onto blocks of its own ("7. Petition" / "- Object to ... Sold 2").
        while end < len(blocks) and (_ENTRY.match(blocks[end].text) or _PAGE.search(blocks[end].text)):
            opening = _ENTRY.match(blocks[end].text)
            if opening:
                entries.append(Entry(opening["number"], opening["title"].split()))
            elif entries:
                entries[-1].words += blocks[end].text.split()
            end += 1
        for entry in entries:
            if len(entry.words) > 1 and entry.words[-1].isdigit():
                entry.words.pop()  # the page number
        later = " ".join(b.text for b in blocks[end:])
        repeated = [
            e for e in entries if re.search(_LABEL.format(e.number) + re.escape(e.words[0]), later, re.I)
        ]
        if len(repeated) >= MIN_ENTRIES:
            return start, end, entries
    return None


def cut_at_titles(blocks: list[Block], entries: list[Entry]) -> tuple[list[Block], set[int]]:
    """The blocks with each listed title cut out as a block of its own ("7. Petition - Object to
    Ebbett Park being Sold"), found in the order listed, and the indexes of those title blocks."""
    out: list[Block] = []
    titles: set[int] = set()
    pending = list(entries)
    for block in blocks:
        text = block.text
        while pending and (found := _find(text, pending[0])):
            start, end = found
            if text[:start].strip():
                out.append(Block(text[:start].strip(), block.line, page=block.page))
            titles.add(len(out))
            out.append(Block(text[start:end].strip(), block.line, page=block.page))
            text = text[end:].strip()
            pending.pop(0)
        if text:
            out.append(Block(text, block.line, page=block.page))
    return out, titles


def _find(text: str, entry: Entry) -> tuple[int, int] | None:
    """Where the entry's number and title stand in `text`: at least three of its words in a row
    (all of them if it has fewer), and half of them, so a page number or footer after them is
    left out."""
    for match in re.finditer(_LABEL.format(entry.number) + f"(?={re.escape(entry.words[0])})", text, re.I):
        words = re.finditer(r"\S+", text[match.end() :])
        end, count = match.end(), 0
        for expected, word in zip(entry.words, words, strict=False):
            if _word(expected) != _word(word.group()):
                break
            end, count = match.end() + word.end(), count + 1
        if count >= min(3, len(entry.words)) and 2 * count >= len(entry.words):
            return match.start(), end
    return None


def _word(word: str) -> str:
    return re.sub(r"\W", "", word).casefold()

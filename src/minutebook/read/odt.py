"""OpenDocument text (.odt, LibreOffice and others): the text in reading order, as for .docx.

Headings and paragraphs are lines; lists get the numbers their list style renders (the style's
num-format, prefix and suffix per level, counting as the list goes); tables become Markdown rows;
the master page's header and footer stand once before and after the body; tracked changes are
accepted (the deleted text, kept in the `tracked-changes` region, is left out). Each line's
`hints["where"]` names its paragraph or table row.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from minutebook.errors import ReadError
from minutebook.read.detect import Reader
from minutebook.read.document import Document
from minutebook.read.numbering import render_number
from minutebook.read.office import Package, package_lines

FORMAT = "odt"
MIMETYPE = b"application/vnd.oasis.opendocument.text"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def sniff(head: bytes, name: str) -> int:
    # The first member of an OpenDocument package is `mimetype`, stored uncompressed.
    if head.startswith(b"PK\x03\x04") and MIMETYPE in head[:200]:
        return 90
    return 0


def read(data: bytes, name: str, sha256: str) -> Document:
    package = Package.open(data, name)
    content = package.xml("content.xml")
    if content is None:
        raise ReadError(name, "an OpenDocument package with no content.xml")
    styles = package.xml("styles.xml")
    lists = ListStyles.of([root for root in (content, styles) if root is not None])
    body = content.find(f"{OFFICE}body/{OFFICE}text")
    texts = [
        *_furniture(styles, "header"),
        *(_blocks(body, lists) if body is not None else ()),
        *_furniture(styles, "footer"),
    ]
    lines = package_lines(texts)
    return Document(name=name, sha256=sha256, format=FORMAT, lines=lines)


READER = Reader(format=FORMAT, sniff=sniff, read=read)


@dataclass
class ListStyles:
    """Per list style and level: (num-format, prefix, suffix, start); None for a bullet level."""

    levels: dict[str, dict[int, tuple[str, str, str, int] | None]] = field(default_factory=dict)

    @classmethod
    def of(cls, roots: list[Element]) -> ListStyles:
        found = cls()
        for root in roots:
            for style in root.iter(f"{TEXT}list-style"):
                levels: dict[int, tuple[str, str, str, int] | None] = {}
                for level in style:
                    depth = int(level.get(f"{TEXT}level", "1"))
                    if level.tag == f"{TEXT}list-level-style-number":
                        levels[depth] = (
                            level.get(f"{STYLE}num-format", "1"),
                            level.get(f"{STYLE}num-prefix", ""),
                            level.get(f"{STYLE}num-suffix", ""),
                            int(level.get(f"{TEXT}start-value", "1")),
                        )
                    else:
                        levels[depth] = None
                found.levels[style.get(f"{STYLE}name", "")] = levels
        return found


def _blocks(parent: Element, lists: ListStyles) -> Iterator[tuple[str, str]]:
    paragraphs = tables = 0
    for block in parent:
        if block.tag in (f"{TEXT}p", f"{TEXT}h"):
            paragraphs += 1
            yield from ((text, f"paragraph {paragraphs}") for text in _lines(block))
        elif block.tag == f"{TEXT}list":
            for label, item in _list_items(block, lists, block.get(f"{TEXT}style-name", ""), 1, []):
                paragraphs += 1
                texts = _lines(item)
                texts[0] = f"{label} {texts[0]}".strip()
                yield from ((text, f"paragraph {paragraphs}") for text in texts)
        elif block.tag == f"{TABLE}table":
            tables += 1
            for row_number, row in enumerate(block.iter(f"{TABLE}table-row"), 1):
                cells = [
                    " ".join(" ".join(_lines(p)) for p in cell.iter(f"{TEXT}p")).strip()
                    for cell in row
                    if cell.tag == f"{TABLE}table-cell"
                ]
                if any(cells):
                    yield "| " + " | ".join(cells) + " |", f"table {tables}, row {row_number}"
        elif block.tag == f"{TEXT}section":
            yield from _blocks(block, lists)


def _list_items(
    listing: Element, lists: ListStyles, style: str, depth: int, counts: list[int]
) -> Iterator[tuple[str, Element]]:
    """Each paragraph of a (nested) list with the label its style gives it."""
    levels = lists.levels.get(style, {})
    spec = levels.get(depth)
    while len(counts) < depth:
        counts.append((spec[3] if spec else 1) - 1)
    for item in listing:
        if item.tag != f"{TEXT}list-item":
            continue
        counts[depth - 1] += 1
        del counts[depth:]
        for child in item:
            if child.tag in (f"{TEXT}p", f"{TEXT}h"):
                label = ""
                if spec is None and levels:
                    label = "•"
                elif spec is not None:
                    label = f"{spec[1]}{render_number(counts[depth - 1], spec[0])}{spec[2]}"
                yield label, child
            elif child.tag == f"{TEXT}list":
                yield from _list_items(child, lists, child.get(f"{TEXT}style-name", style), depth + 1, counts)


def _lines(paragraph: Element) -> list[str]:
    parts: list[str] = []
    _collect(paragraph, parts)
    return [line.strip() for line in "".join(parts).split("\n")] or [""]


def _collect(element: Element, parts: list[str]) -> None:
    if element.text:
        parts.append(element.text)
    for child in element:
        if child.tag == f"{TEXT}s":
            parts.append(" " * int(child.get(f"{TEXT}c", "1")))
        elif child.tag == f"{TEXT}tab":
            parts.append("\t")
        elif child.tag == f"{TEXT}line-break":
            parts.append("\n")
        elif child.tag in (f"{OFFICE}annotation", f"{TEXT}note", f"{TEXT}tracked-changes"):
            pass  # comments, footnotes, deleted text
        else:
            _collect(child, parts)
        if child.tail:
            parts.append(child.tail)


def _furniture(styles: Element | None, kind: str) -> Iterator[tuple[str, str]]:
    seen: set[str] = set()
    for part in styles.iter(f"{STYLE}{kind}") if styles is not None else ():
        for paragraph in part.iter(f"{TEXT}p"):
            text = " ".join(_lines(paragraph)).strip()
            if text and text not in seen:
                seen.add(text)
                yield text, f"page {kind}"

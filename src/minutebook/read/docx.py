"""Word documents (.docx, Office Open XML): the text as Word shows it, in reading order.

What the layout tells is kept as text the parser already reads in other formats:

- list numbering as Word renders it. Automatic numbering is not in the text: it is worked out
  from `word/numbering.xml` (each list's levels: start, format, the "%1.%2" pattern) and the
  paragraphs' `numPr`, directly or through their style, and written before the paragraph;
- tables as Markdown rows (`| cell | cell |`), one row a line, so attendance grids, action columns
  and decision tables read as the Markdown tables of other councils do;
- page headers and footers as lines before and after the body, once, as they would stand on the
  first page of the printed minutes (the council's name, a "DRAFT" mark);
- tracked changes accepted (inserted text kept, deleted text dropped); comments left out.

Each line's `hints["where"]` says where in the document it is ("paragraph 12", "table 2, row 3"),
since a Word file has no lines of its own. Macros and embedded objects are never run or read; the
document says they were ignored. Written with the standard library and defusedxml rather than
python-docx, which renders neither list numbers nor tracked insertions and reads the zip unbounded.
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

FORMAT = "docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def sniff(head: bytes, name: str) -> int:
    if not head.startswith(b"PK\x03\x04"):
        return 0
    if b"word/" in head or name.lower().endswith((".docx", ".docm", ".dotx")):
        return 90
    return 0


def read(data: bytes, name: str, sha256: str) -> Document:
    package = Package.open(data, name)
    body = package.xml("word/document.xml")
    if body is None:
        raise ReadError(name, "a zip package with no word/document.xml: not a Word document")
    numbering = Numbering.of(package.xml("word/numbering.xml"))
    styles = Styles.of(package.xml("word/styles.xml"))
    texts = [*_furniture(package, "header"), *_body(body, numbering, styles), *_furniture(package, "footer")]
    lines = package_lines(texts)
    warnings = list(_ignored(package))
    return Document(name=name, sha256=sha256, format=FORMAT, lines=lines, warnings=warnings)


READER = Reader(format=FORMAT, sniff=sniff, read=read)


# --- Numbering -------------------------------------------------------------------------------


@dataclass
class Level:
    start: int = 1
    format: str = "decimal"
    text: str = "%1."


@dataclass
class Numbering:
    """Word's list definitions, and the counters of the lists met so far."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # numId -> ilvl -> Level
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, root: Element | None) -> Numbering:
        if root is None:
            return cls()
        abstract = {a.get(f"{W}abstractNumId"): _levels(a) for a in root.iter(f"{W}abstractNum")}
        levels: dict[str, dict[int, Level]] = {}
        for num in root.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            found = dict(abstract.get(ref.get(f"{W}val") if ref is not None else None, {}))
            for override in num.iter(f"{W}lvlOverride"):
                start = override.find(f"{W}startOverride")
                level = int(override.get(f"{W}ilvl", "0"))
                if start is not None and level in found:
                    found[level] = Level(
                        int(start.get(f"{W}val", "1")), found[level].format, found[level].text
                    )
            levels[num.get(f"{W}numId", "")] = found
        return cls(levels)

    def label(self, num_id: str, level: int) -> str:
        """The number Word shows before the next paragraph of list `num_id` at `level`."""
        definition = self.levels.get(num_id, {})
        if level not in definition:
            return ""
        counts = self.counters.setdefault(num_id, [])
        while len(counts) <= level:
            counts.append(definition.get(len(counts), Level()).start - 1)
        counts[level] += 1
        for deeper in range(level + 1, len(counts)):  # a new entry restarts the levels below it
            counts[deeper] = definition.get(deeper, Level()).start - 1
        own = definition[level]
        if own.format == "bullet":
            return "•"
        text = own.text
        for at in range(level + 1):
            value = counts[at] if counts[at] > 0 else definition.get(at, Level()).start
            text = text.replace(f"%{at + 1}", render_number(value, definition.get(at, Level()).format))
        return text.strip()


def _levels(abstract: Element) -> dict[int, Level]:
    found = {}
    for lvl in abstract.iter(f"{W}lvl"):
        start, fmt, text = lvl.find(f"{W}start"), lvl.find(f"{W}numFmt"), lvl.find(f"{W}lvlText")
        found[int(lvl.get(f"{W}ilvl", "0"))] = Level(
            int(start.get(f"{W}val", "1")) if start is not None else 1,
            fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal",
            text.get(f"{W}val", "") if text is not None else "",
        )
    return found


@dataclass
class Styles:
    """The list numbering a paragraph style brings with it (a numbered "Minute" style)."""

    numbering: dict[str, tuple[str, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, root: Element | None) -> Styles:
        styles = cls()
        for style in root.iter(f"{W}style") if root is not None else ():
            style_id = style.get(f"{W}styleId", "")
            num = _num_pr(style.find(f"{W}pPr"))
            if num:
                styles.numbering[style_id] = num
        return styles


def _num_pr(properties: Element | None) -> tuple[str, int] | None:
    num_pr = properties.find(f"{W}numPr") if properties is not None else None
    if num_pr is None:
        return None
    num_id, level = num_pr.find(f"{W}numId"), num_pr.find(f"{W}ilvl")
    if num_id is None or num_id.get(f"{W}val") == "0":  # numId 0: numbering switched off
        return None
    return num_id.get(f"{W}val", ""), int(level.get(f"{W}val", "0")) if level is not None else 0


# --- Text ------------------------------------------------------------------------------------


def _body(body: Element, numbering: Numbering, styles: Styles) -> Iterator[tuple[str, str]]:
    root = body.find(f"{W}body")
    paragraphs = tables = 0
    for block in root if root is not None else ():
        if block.tag == f"{W}p":
            paragraphs += 1
            yield from ((text, f"paragraph {paragraphs}") for text in _paragraph(block, numbering, styles))
        elif block.tag == f"{W}tbl":
            tables += 1
            for row_number, row in enumerate(block.iter(f"{W}tr"), 1):
                cells = [" ".join(_run_text(p) for p in cell.iter(f"{W}p")).strip() for cell in _cells(row)]
                if any(cells):
                    yield "| " + " | ".join(cells) + " |", f"table {tables}, row {row_number}"
        elif block.tag == f"{W}sdt":  # a content control (a cover page, a field block): its paragraphs
            content = block.find(f"{W}sdtContent")
            for paragraph in content.iter(f"{W}p") if content is not None else ():
                paragraphs += 1
                yield from (
                    (text, f"paragraph {paragraphs}") for text in _paragraph(paragraph, numbering, styles)
                )


def _cells(row: Element) -> list[Element]:
    return [cell for cell in row if cell.tag == f"{W}tc"]


def _paragraph(paragraph: Element, numbering: Numbering, styles: Styles) -> list[str]:
    properties = paragraph.find(f"{W}pPr")
    style = properties.find(f"{W}pStyle") if properties is not None else None
    style_id = style.get(f"{W}val", "") if style is not None else ""
    num = _num_pr(properties) or styles.numbering.get(style_id)
    text = _run_text(paragraph)
    lines = [line.strip() for line in text.split("\n")]
    if not any(lines):
        return []
    label = numbering.label(*num) if num else ""
    if label:
        lines[0] = f"{label} {lines[0]}"
    return lines


def _run_text(paragraph: Element) -> str:
    """A paragraph's text with tracked insertions kept, deletions, field codes and comments left out."""
    parts: list[str] = []
    _collect(paragraph, parts)
    return "".join(parts)


SKIPPED = {
    f"{W}{tag}"
    for tag in ("del", "delText", "instrText", "commentReference", "footnoteReference", "pPr", "rPr")
}


def _collect(element: Element, parts: list[str]) -> None:
    for child in element:
        if child.tag in SKIPPED:
            continue
        if child.tag == f"{W}t":
            parts.append(child.text or "")
        elif child.tag == f"{W}tab":
            parts.append("\t")
        elif child.tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
        elif child.tag == f"{W}p":  # a text box's paragraphs inside a run
            parts.append("\n")
            _collect(child, parts)
        else:
            _collect(child, parts)


def _furniture(package: Package, kind: str) -> Iterator[tuple[str, str]]:
    """The text of the page headers (or footers), each distinct text once."""
    seen: set[str] = set()
    for member in sorted(n for n in package.names() if n.startswith(f"word/{kind}") and n.endswith(".xml")):
        root = package.xml(member)
        for paragraph in root.iter(f"{W}p") if root is not None else ():
            text = _run_text(paragraph).strip()
            if text and text not in seen:
                seen.add(text)
                yield text, f"page {kind}"


def _ignored(package: Package) -> Iterator[str]:
    names = package.names()
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        yield "the document carries macros: ignored"
    if any(n.startswith("word/embeddings/") for n in names):
        yield "the document embeds other files or objects: ignored"

"""Robustness to how minutes are written: the parser on meaning-preserving rewrites of the real
documents, scored against the same answer keys.

A council's minutes say the same thing however they are typeset: wrapped at 70 columns by a PDF's
text layer or one paragraph a line, items numbered "1." or "1)" or "Item 1", headings in capitals,
a page header and "Page 3 of 12" every fifty lines. A rewrite that keeps the meaning keeps the
answer key, so the drop in score between a document and its rewrite measures how brittle the
parser is to the way a council it has never seen writes.

Every document of `../shared` (seeds, corpus, corpus-wide) with a key is taken as text: .txt and
.md as they are, PDFs and HTML as their reader gives them (cached in `--cache`, since OCR is slow;
the XML web-service answers and pages whose reader reads their markup into roles, such as
Legistar's, are structure, not text, and are left out). Each transform rewrites that text, the
rewrite is read as a .txt file would be (reader detection included) under the document's own name
(so a date in the file name still counts), parsed in this process, and scored with
score_records.py's own functions.
The baseline is the unchanged text read the same way, so a drop is the transform's alone.

    .venv/bin/python benchmarks/metamorphic.py                    # every transform, every set
    .venv/bin/python benchmarks/metamorphic.py --sets corpus --transforms wrap72 page-furniture
    .venv/bin/python benchmarks/metamorphic.py --markdown benchmarks/out/metamorphic.md

Transforms that renumber items rewrite only the lines the key names as items (found by number and
title), and the key's numbers with them, so that a Roman "IV" is scored as the item's number.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

from minutebook.errors import MinutebookError
from minutebook.pipeline import parse_document, sidecar
from minutebook.read import plain
from minutebook.read.detect import read_bytes, read_path

SHARED = Path(__file__).resolve().parents[2] / "shared"
SETS = ("seeds", "corpus", "corpus-wide")
TEXT_SUFFIXES = (".txt", ".md")
READ_SUFFIXES = (".pdf", ".html", ".htm")
CACHE = Path("/tmp/minutebook-metamorphic")
# A text layer's stray control characters, which a .txt reader refuses as binary: made spaces.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f]")


def scorer(shared: Path) -> ModuleType:
    """../shared/tools/score_records.py as a module: its `score` is the one the sets are judged by."""
    spec = importlib.util.spec_from_file_location("score_records", shared / "tools" / "score_records.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Source:
    """One keyed document as text."""

    set: str
    path: Path
    text: str
    expected: dict[str, Any]
    hints: dict[str, str] = field(default_factory=dict)


def document_text(path: Path, cache: Path) -> str:
    """The text a reader gives for `path`: the file itself for text, else its reader's lines (cached)."""
    data = path.read_bytes()
    if path.suffix.lower() in TEXT_SUFFIXES:
        return plain.read(data, path.name, "").text
    cached = cache / f"{hashlib.sha256(data).hexdigest()[:20]}.txt"
    if cached.is_file():
        return _CONTROLS.sub(" ", cached.read_text(encoding="utf-8"))
    doc = read_path(path)
    # A page whose reader gives its lines roles (Legistar's) is markup, not written text: left out.
    text = "" if any(line.role for line in doc.lines) else doc.text
    cache.mkdir(parents=True, exist_ok=True)
    cached.write_text(text, encoding="utf-8")
    return _CONTROLS.sub(" ", text)


def sources(shared: Path, sets: Iterable[str], cache: Path) -> list[Source]:
    """Every keyed text-like document of `sets`, in the order of the sets and their file names."""
    found = []
    for folder in sets:
        for key in sorted((shared / folder).rglob("*.expected.json")):
            expected = json.loads(key.read_text(encoding="utf-8"))
            path = key.with_name(expected.get("file", ""))
            if path.suffix.lower() not in TEXT_SUFFIXES + READ_SUFFIXES or not path.is_file():
                continue
            text = document_text(path, cache)
            if text.strip():
                found.append(Source(folder, path, text, expected, sidecar(path)))
    return found


# ---- transforms: text in, text out; each keeps what the minutes say --------------------------------

Rewrite = Callable[[str, dict[str, Any]], tuple[str, dict[str, Any]]]

# A line that is a table row or laid out in columns, or holds a Markdown link or heading mark (markup,
# not printed words; a Markdown heading cannot wrap): a PDF does not reflow these.
_COLUMNS = re.compile(r"\||\t| {3,}\S|\]\(|^#")
_END = re.compile(r"[.:;?!)]$")
_LIST_START = re.compile(r"^\s*(?:[-*\u2022]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)]|[IVX]+\.)\s")


def _front_matter(lines: list[str]) -> int:
    """How many lines a Markdown page's front matter (between "---" fences) takes: data, not prose."""
    if not lines or lines[0].strip() != "---":
        return 0
    return next((i + 1 for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), 0)


def wrap(width: int) -> Rewrite:
    """Hard-wrap every prose line longer than `width` at a word boundary, as a PDF's text layer
    does: a paragraph becomes several lines with no blank between them. Indentation is kept."""

    def rewrite(text: str, expected: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        lines = text.split("\n")
        skip = _front_matter(lines)
        out = lines[:skip]
        for line in lines[skip:]:
            # The width is the text's, its margin aside: a centred heading is not wrapped.
            if len(line.strip()) <= width or _COLUMNS.search(line.strip()):
                out.append(line)
                continue
            # A list entry's lines after the first hang under its text, as a word processor sets them.
            marker = _LIST_START.match(line)
            hanging = " " * (marker.end() if marker else len(line) - len(line.lstrip()))
            current = line[: len(line) - len(line.lstrip())]
            for word in line.split():
                if len(current.strip()) + len(word) + 1 > width and current.strip():
                    out.append(current.rstrip())
                    current = hanging
                current += ("" if not current.strip() else " ") + word
            out.append(current.rstrip())
        return "\n".join(out), expected

    return rewrite


def unwrap(text: str, expected: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Join the lines of wrapped paragraphs into one line each, the reverse of a PDF's wrapping:
    a line joins the next when it is long (at least 60% of the document's usual full line), does
    not end a sentence or a label, and the next line is prose, not a list entry or a table row."""
    lines = text.split("\n")
    lengths = sorted(len(line) for line in lines if line.strip())
    if not lengths:
        return text, expected
    full = lengths[int(len(lengths) * 0.9)]  # a full line: the 90th percentile of line lengths
    skip = _front_matter(lines)
    out: list[str] = lines[:skip]
    joinable = False
    for line in lines[skip:]:
        prose = bool(line.strip()) and not _COLUMNS.search(line.strip()) and not _LIST_START.match(line)
        if joinable and prose and out:
            out[-1] = out[-1].rstrip() + " " + line.strip()
        else:
            out.append(line)
        last = out[-1]
        joinable = prose and len(line) >= 0.6 * full and not _END.search(line.rstrip())
        joinable = joinable and not _COLUMNS.search(last.strip())
    return "\n".join(out), expected


def blank_lines(double: bool) -> Rewrite:
    """Double every blank line, or remove them all (a PDF's text layer has none between paragraphs)."""

    def rewrite(text: str, expected: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        lines = text.split("\n")
        if double:
            return "\n".join(
                x for line in lines for x in ([line, ""] if not line.strip() else [line])
            ), expected
        return "\n".join(line for line in lines if line.strip()), expected

    return rewrite


def typography(text: str, expected: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Typesetting characters: tabs after a leading number or label, non-breaking spaces after a
    title word or a number, curly quotes, and en/em dashes for spaced hyphens (and back)."""
    text = re.sub(r"^(\s*\d{1,3}[.)]?) +", "\\1\t", text, flags=re.M)
    text = re.sub(r"\b(Cllr|Councillor|Mr|Mrs|Ms|Dr|Item|No\.?) ", "\\1\u00a0", text)
    text = re.sub(r"(\d) (?=[A-Za-z])", "\\1\u00a0", text)
    text = re.sub(r"(^|\s)'([^'\n]{1,60})'", "\\1\u2018\\2\u2019", text)
    text = re.sub(r'"([^"\n]{1,80})"', "\u201c\\1\u201d", text)
    text = re.sub(r"(\w)'(\w)", "\\1\u2019\\2", text)
    dashes = {" - ": " \u2013 ", " \u2013 ": " - ", " \u2014 ": " - ", "\u2014": " - "}
    return re.sub(" - | \u2013 | \u2014 |\u2014", lambda m: dashes[m.group()], text), expected


def titles(text: str, expected: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Councillors' titles swapped: "Cllr" written "Councillor" and the reverse (both in use)."""
    swap = {"Cllr": "Councillor", "Cllrs": "Councillors", "Councillor": "Cllr", "Councillors": "Cllrs"}
    swap |= {k.upper(): v.upper() for k, v in swap.items()}
    return re.sub(
        r"\b(?:Cllrs?|Councillors?|CLLRS?|COUNCILLORS?)\b\.?", lambda m: swap[m.group().rstrip(".")], text
    ), expected


def page_furniture(every: int = 50, header: bool = True) -> Rewrite:
    """A running header (the body's name and the meeting's date) and a footer "Page N of M" every
    `every` lines, where a PDF's page breaks fall: mid-paragraph as often as not."""

    def rewrite(text: str, expected: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        lines = text.split("\n")
        pages = max(1, -(-len(lines) // every))
        head = expected.get("header", {})
        body = head.get("body") or next((line.strip() for line in lines if line.strip()), "Minutes")
        running = f"{body} - {_printed_date(head.get('date'))}".strip(" -")
        out: list[str] = []
        for page, start in enumerate(range(0, len(lines), every), 1):
            if page > 1 and header:
                out.append(running)
            out += lines[start : start + every]
            out.append(f"Page {page} of {pages}")
        return "\n".join(out), expected

    return rewrite


def _printed_date(iso: str | None) -> str:
    """'2013-07-10' as a page header prints it: '10 July 2013'."""
    try:
        return date.fromisoformat(iso or "").strftime("%-d %B %Y")
    except ValueError:
        return ""


# -- item lines: found through the key, so only real item headings are renumbered or re-cased ---

_ITEM_LINE = re.compile(r"^(\s*)(?:item\s+)?(\d{1,3})([.):]?)(\s+|$)(\S.*)?$", re.I)


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.casefold()).strip()


def item_lines(lines: list[str], expected: dict[str, Any]) -> dict[int, tuple[str, str]]:
    """Index of each line that heads an item of the key -> (the item's number or '', its title). A line
    heads an item when its words after any leading number begin the key's title (or, a number
    alone on its line, the next line does); every such line counts, in an agenda's list and in
    the minutes."""
    wanted = []
    for item in expected.get("items") or []:
        title = _norm(item.get("title") or "")
        if title:
            wanted.append((title, str(item.get("number") or "")))
    found: dict[int, tuple[str, str]] = {}
    for i, line in enumerate(lines):
        m = _ITEM_LINE.match(line)
        rest = m.group(5) or "" if m else line
        if m and not rest.strip() and i + 1 < len(lines):
            rest = lines[i + 1]
        words = _norm(rest)
        for title, number in wanted:
            begins = words.startswith(title[:24]) or title.startswith(words)
            if len(words) >= 3 and begins and (not m or not number or m.group(2) == number):
                found[i] = (number if m else "", title)
                break
    return found


ROMAN = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(n: int) -> str:
    out = ""
    for value, letters in ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def numbering(style: str) -> Rewrite:
    """Items' numbers written another way, consistently: "1)", "(1)", "Item 1", "1" with spaces,
    "1.0", Roman "I.". Only lines heading a key's item with a plain number are rewritten; numbers
    shaped "25/123" or "1.1" are left as they are. The key's numbers follow where the written
    number changes (Roman); "1.0" is scored as "1"."""
    shapes = {
        "paren": "{n})",
        "both-parens": "({n})",
        "item": "Item {n}.",
        "bare": "{n} ",
        "decimal": "{n}.0",
        "roman": "{r}.",
    }

    def rewrite(text: str, expected: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        lines = text.split("\n")
        for i, (number, _) in item_lines(lines, expected).items():
            m = _ITEM_LINE.match(lines[i])
            if not m or not number.isdigit() or (style == "roman" and int(number) > 39):
                continue
            label = shapes[style].format(n=number, r=roman(int(number)))
            lines[i] = f"{m.group(1)}{label} {m.group(5) or ''}".rstrip()
        if style != "roman":
            return "\n".join(lines), expected
        key = json.loads(json.dumps(expected))
        for item in key.get("items") or []:
            if str(item.get("number") or "").isdigit() and int(item["number"]) <= 39:
                item["number"] = roman(int(item["number"]))
        return "\n".join(lines), key

    return rewrite


def heading_case(case: str) -> Rewrite:
    """The key's item heading lines upper-cased or title-cased, as councils' templates print them."""

    def rewrite(text: str, expected: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        lines = text.split("\n")
        for i, (_, title) in item_lines(lines, expected).items():
            # A title wrapped onto the lines under it is cased whole.
            words = _norm(_ITEM_LINE.sub(r"\5", lines[i]))
            end = i + 1
            while end < len(lines) and lines[end].strip() and len(words) < len(title):
                more = f"{words} {_norm(lines[end])}".strip()
                if not title.startswith(more[: len(title)]) and not more.startswith(title):
                    break
                words, end = more, end + 1
            for j in range(i, end):
                lines[j] = lines[j].upper() if case == "upper" else _title_case(lines[j])
        return "\n".join(lines), expected

    return rewrite


def _title_case(line: str) -> str:
    small = {"a", "an", "and", "of", "the", "to", "in", "on", "for", "or", "at", "by"}
    words = line.split(" ")
    return " ".join(
        w if not w[:1].isalpha() or (j and w in small) else w[:1].upper() + w[1:] for j, w in enumerate(words)
    )


def identity(text: str, expected: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    return text, expected


TRANSFORMS: dict[str, Rewrite] = {
    "unchanged": identity,
    "wrap72": wrap(72),
    "wrap60": wrap(60),
    "unwrap": unwrap,
    "number-paren": numbering("paren"),
    "number-both-parens": numbering("both-parens"),
    "number-item": numbering("item"),
    "number-bare": numbering("bare"),
    "number-decimal": numbering("decimal"),
    "number-roman": numbering("roman"),
    "headings-upper": heading_case("upper"),
    "headings-title": heading_case("title"),
    "blank-doubled": blank_lines(double=True),
    "blank-removed": blank_lines(double=False),
    "typography": typography,
    "cllr-councillor": titles,
    "page-furniture": page_furniture(),
    "page-numbers-only": page_furniture(header=False),
}


# ---- running ---------------------------------------------------------------------------------


CRASHES: list[str] = []  # "document: error" of every parse that raised


def score_text(source: Source, text: str, expected: dict[str, Any], score: Callable[..., dict]) -> float:
    """Parse `text` as plain text named like the source, and score it against `expected` (0 if refused)."""
    name = source.path.with_suffix(".txt").name
    try:
        doc = read_bytes(text.encode("utf-8"), name)
    except MinutebookError:
        return 0.0
    doc.hints.update(source.hints)
    try:
        record = parse_document(doc).to_dict()
    except MinutebookError:  # refused as not a meeting: scored 0, as score_records does
        return 0.0
    except Exception as error:  # a crash is a finding: named, scored 0, and the run goes on
        CRASHES.append(f"{name}: {type(error).__name__}: {error}")
        return 0.0
    aspects = score(expected, record)
    return sum(aspects.values()) / len(aspects) if aspects else 0.0


def run(docs: list[Source], names: list[str], score: Callable[..., dict]) -> dict[str, dict[str, float]]:
    """transform -> document path -> score."""
    results: dict[str, dict[str, float]] = {}
    for name in names:
        results[name] = {}
        for source in docs:
            text, expected = TRANSFORMS[name](source.text, source.expected)
            results[name][str(source.path)] = score_text(source, text, expected, score)
    return results


def table(docs: list[Source], results: dict[str, dict[str, float]], sets: list[str], worst: int) -> str:
    """Markdown: per transform, each set's mean (and its drop against the unchanged text), and the
    documents that lose most."""
    base = results["unchanged"]
    head = "| transform | " + " | ".join(sets) + " | worst documents (drop) |"
    lines = [head, "| --- | " + " | ".join("---:" for _ in sets) + " | --- |"]
    for name, scores in results.items():
        cells = []
        for folder in sets:
            paths = [str(d.path) for d in docs if d.set == folder]
            mean = sum(scores[p] for p in paths) / len(paths)
            drop = mean - sum(base[p] for p in paths) / len(paths)
            cells.append(f"{mean:.3f}" + ("" if name == "unchanged" else f" ({drop:+.3f})"))
        drops = sorted((scores[p] - base[p], Path(p).stem) for p in scores)
        bad = ", ".join(f"{stem[:40]} {d:+.2f}" for d, stem in drops[:worst] if d <= -0.005)
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {bad} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--sets", nargs="+", default=list(SETS), choices=SETS)
    parser.add_argument("--transforms", nargs="+", default=list(TRANSFORMS), choices=list(TRANSFORMS))
    parser.add_argument("--cache", type=Path, default=CACHE, help="where the PDFs' and pages' text is kept")
    parser.add_argument("--worst", type=int, default=3, help="documents named per transform")
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    parser.add_argument("--json", type=Path, help="write every score (transform -> document -> score)")
    args = parser.parse_args()
    started = time.perf_counter()
    docs = sources(args.shared, args.sets, args.cache)
    names = ["unchanged"] + [n for n in args.transforms if n != "unchanged"]
    results = run(docs, names, scorer(args.shared).score)
    out = table(docs, results, args.sets, args.worst)
    counts = ", ".join(f"{s} {sum(d.set == s for d in docs)}" for s in args.sets)
    out += f"\n\ndocuments: {counts}; {len(names)} transforms; {time.perf_counter() - started:.0f} s"
    print(out)
    for crash in CRASHES:
        print("crash:", crash)
    if args.markdown:
        args.markdown.write_text(out + "\n", encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()

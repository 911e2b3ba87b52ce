"""Numbering: which blocks open the items, found by the consistency of their numbers.

Minutes number their items in many schemes: "1.", "1)", "283.", "2659.", "Item 4", "14/037",
"BM 35/2122", "C97", "18.11.1", "I." / "II.", "A." / "B.", "(a)", a number alone on the line above
its title, a letter after the title ("Open Session/Call to Order (A)"). Whatever the scheme, the
items are a run of headings printed the same way whose numbers go up by one, each at the head of its
block with a title after it, not a sentence. Every block that could open an item is a candidate of
each scheme it could belong to ("C." is a letter or a Roman 100; "14/037" counts by its first or its
second number); the run with the most titles wins. Numbered paragraphs inside the items ("1) The
Leader said ...", "(a) ...") make runs too, but of sentences, or of another format, and lose; they
stay inside the item whose heading they follow.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from minutebook.parse.blocks import Block
from minutebook.parse.lines import CROSS_REF, FINITE

# A label at the head of a line: an optional word ("Item 4", "Minute 12"), then the number in one
# of the schemes, then what ends it (a stop, a bracket, a colon, a dash, or a space before the title).
_LABEL = re.compile(
    r"^(?P<word>(?:agenda\s+)?item\s+|minute\s+(?:no\.?\s*)?)?"
    r"(?P<open>\()?"
    r"(?:(?P<pre>[A-Z]{1,4}\s?)?(?P<num>\d{1,4})(?P<post>/\d{2,4})?(?![\d,/]|\.\d)"  # 283, BM 35/2122, 14/037
    r"|(?P<dots>(?:\d{1,3}\.){1,3})(?P<dnum>\d{1,3})(?![\d.]\d)"  # 18.11.1, 2.1
    r"|(?P<roman>(?-i:[IVXL]{1,5}|[ivxl]{1,5}))(?![\w])"  # II., iv)
    r"|(?P<letter>[A-Za-z])(?![\w]))"  # A., (b)
    r"(?P<sep>\.\)?|\)|:|\s+[-–—]\s+|(?=\s))"
    r"\s*(?P<title>.*)$",
    re.I,
)
# "Open Session/Call to Order (A)": a letter or number in brackets after the title.
_TAIL = re.compile(r"^(?P<title>\S.*?\S)\s*\((?P<label>[A-Z]|\d{1,3})\)$")
# A number alone on its line, above its title, in any shape a label takes: "7", "7.", "7)", "(7)", "Item 7".
_BARE = re.compile(r"^(?:item\s+)?\(?(?P<label>\d{1,4}(?:\.\d{1,3}){0,2})[.):]?$", re.I)
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50}
# Lines of a signature or the page, never an item, however they are numbered. ("Apologies" and
# "Present" are items where numbered: "1. Apologies".)
_NOT_TITLE = re.compile(r"^(?:signed|chair(?:man|person)?|date|page \d+(?: of \d+)?)\W*$", re.I)
# A cut function: (the text after the number) -> (title, text after it), or None where it is no title.
Cut = Callable[[str], "tuple[str, str] | None"]


@dataclass
class Heading:
    index: int  # of the block that opens the item
    number: str | None  # as printed, without its stop ("283", "BM 35/2122", "II", "b"); None in an outline
    title: str
    rest: str  # the block's text after the title: the item's first minutes
    consumed: int | None = None  # the title's own block, where the number stood alone above it


@dataclass
class _Candidate:
    heading: Heading
    key: tuple[str, ...]  # the scheme: kind and the parts printed the same in every label
    value: int  # the count the scheme goes up by
    title_like: bool
    indent: int
    has_body: bool = True  # text follows before the next heading of its scheme (not a list of titles)


def find_headings(blocks: list[Block], cut: Cut) -> tuple[dict[int, Heading], float]:
    """The item headings of the best run, by block index, and the share of the blocks it spans (0
    where its count starts again elsewhere, as lists under section headings do). An outline of
    lettered sections with numbered entries under them is all items (see `_outline`)."""
    width = _text_width(blocks)
    candidates = [c for i in range(len(blocks)) for c in _candidates(blocks, i, cut, width)]
    run, span = _run_headings(blocks, candidates)
    outline = _outline(blocks, candidates)
    if len(outline) > len(run):
        return outline, 1.0
    return run, span


def _outline(blocks: list[Block], candidates: list[_Candidate]) -> dict[int, Heading]:
    """Agendas of US boards and commissions are an outline: lettered sections ("F. CONSENT ITEMS",
    "I. Management Reports") with a list of entries numbered from 1 again under each ("1. Warrants
    ...", "2. Purchase orders ..."). Each entry is a matter of its own, so sections and entries
    are all items, in printed order; an entry's number repeats across sections and names no item
    on its own, so it is left out. The pattern claimed: a run of three or more capital letters, and
    under at least two of them a run of titles (not sentences) numbered from 1."""
    letters = [c for c in candidates if c.key[:2] == ("letter", "upper") and c.title_like]
    top = _best_run(letters)
    # The sections run through the minutes, not one item's list of points ("A." to "C." under "5.").
    if len(top) < 3 or top[-1].heading.index - top[0].heading.index < 0.5 * (
        len(blocks) - top[0].heading.index
    ):
        return {}
    bounds = [c.heading.index for c in top] + [len(blocks)]
    entries: list[_Candidate] = []
    sections = 0
    for start, end in pairwise(bounds):
        inside = [
            c for c in candidates if start < c.heading.index < end and c.key[0] == "number" and not c.key[1]
        ]
        run = _best_run(inside)
        if run and run[0].value == 1:
            entries += run
            sections += 1
    if sections < 2:
        return {}
    found = {c.heading.index: c.heading for c in top}
    for c in entries:
        heading = c.heading
        found[heading.index] = Heading(heading.index, None, heading.title, heading.rest, heading.consumed)
    return dict(sorted(found.items()))


def _run_headings(blocks: list[Block], candidates: list[_Candidate]) -> tuple[dict[int, Heading], float]:
    # An agenda printed above the minutes lists the same numbers with nothing under them: the
    # items are where the minutes are, so a heading with text under it weighs more.
    opening = {(_end(c), c.key) for c in candidates}
    for c in candidates:
        c.has_body = bool(c.heading.rest) or (_end(c) + 1, c.key) not in opening
    # A running header or footer ("COUNCIL OF THE CITY OF WINNIPEG 3") is printed on every page: a
    # title seen three times or more is page furniture, not an item.
    # (Counted once a block: "I." is a letter and a Roman one, two candidates of one heading.)
    seen = Counter(title for _, title in {(c.heading.index, c.heading.title.casefold()) for c in candidates})
    for c in candidates:
        if seen[c.heading.title.casefold()] >= 3:
            c.title_like = False
    run = _best_run(candidates)
    if not run:
        return {}, 0.0
    run = _fill_misprints(run, candidates)
    _complete_titles(run, candidates)
    # How much of the text the run spans: a list inside one item (nominees "A." to "G.") spans little.
    span = (run[-1].heading.index - run[0].heading.index + 1) / len(blocks)
    if _restarts(run, candidates):
        span = 0.0  # its count starts again outside it: one section's list, not the items
    run = _other_meetings(run, candidates)
    return {c.heading.index: c.heading for c in run}, span


def _end(candidate: _Candidate) -> int:
    """The last block of a heading: its title's, where the number stood above it."""
    heading = candidate.heading
    return heading.consumed if heading.consumed is not None else heading.index


def _text_width(blocks: list[Block]) -> int:
    """How wide the text's lines run: the longest lines but a few (headings are shorter)."""
    lengths = sorted(len(line) for b in blocks if not b.role for line in (b.lines or [b.text]))
    return lengths[int(0.95 * (len(lengths) - 1))] if lengths else 0


def _candidates(blocks: list[Block], index: int, cut: Cut, width: int) -> list[_Candidate]:
    block = blocks[index]
    if block.role or (not block.text[:1].isalnum() and block.text[:1] != "("):
        return []
    bare = _BARE.match(block.text)
    if bare:
        return _above(blocks, index, bare["label"], cut)
    first = block.first
    found = []
    label = _LABEL.match(first)
    if label and label["title"]:
        title_rest = _title(block, label["title"], cut, width)
        if title_rest:
            for key, value, number in _schemes(label):
                found.append(_candidate(block, index, key, value, number, *title_rest))
    if not found:
        found += _cross_referenced(blocks, index)
    tail = _TAIL.match(first)
    if tail and len(block.lines) <= 1:
        value = _value(tail["label"])
        kind = "tail-number" if tail["label"].isdigit() else "tail-letter"
        found.append(_candidate(block, index, (kind,), value, tail["label"], tail["title"], ""))
    return found


def _cross_referenced(blocks: list[Block], index: int) -> list[_Candidate]:
    """A title without a minute number whose agenda number is printed after it, on its line or the
    next: "Challenge Cards Update" / "(Item 5)", as minutes printed by ModernGov for bodies that do not
    number their minutes. The agenda numbers go up as items do, so they are a scheme like any other."""
    block = blocks[index]
    below = blocks[index + 1] if index + 1 < len(blocks) else None
    ref = CROSS_REF.search(block.text)
    consumed = None
    if not ref and below is not None and not below.role and CROSS_REF.fullmatch(" " + below.text):
        ref, consumed = CROSS_REF.search(below.text), index + 1
    if not ref or len(block.text) > 200:
        return []
    digits = re.search(r"\d+", ref.group())
    if not digits:
        return []
    value = int(digits.group())
    title = CROSS_REF.sub("", block.text).strip()
    candidate = _candidate(block, index, ("cross-ref",), value, str(value), title, "")
    candidate.heading.consumed = consumed
    return [candidate]


def _above(blocks: list[Block], index: int, label: str, cut: Cut) -> list[_Candidate]:
    """A number alone on its line, its title the block below ("6.1" / "Budget Monitoring"); not a page
    number, which is the first or last thing on its page, or stands away from the left margin."""
    if index + 1 >= len(blocks):
        return []
    block, below = blocks[index], blocks[index + 1]
    page = block.page
    if page is not None and (
        below.page != page or index == 0 or blocks[index - 1].page != page or block.indent > 20
    ):
        return []
    title_rest = _title(below, below.first, cut, 0)
    if not title_rest:
        return []
    *parts, last = label.split(".")
    key = ("above", ".".join(parts))
    candidate = _candidate(block, index, key, int(last), label, *title_rest)
    candidate.heading.consumed = index + 1
    return [candidate]


def _schemes(label: re.Match[str]) -> list[tuple[tuple[str, ...], int, str]]:
    """(scheme key, value, number) for each scheme the label may belong to."""
    word = (label["word"] or "").split()[0].lower() if label["word"] else ""
    shape = (word, "(" if label["open"] else "", label["sep"].strip() or " ")
    if label["num"]:
        pre, post = (label["pre"] or "").upper(), label["post"] or ""
        number = f"{pre}{label['num']}{post}"
        schemes: list[tuple[tuple[str, ...], int, str]] = [
            (("number", pre.strip(), post, *shape), int(label["num"]), number)
        ]
        if post and not pre:  # "14/037": the second number counts, the first is the year
            schemes.append((("slash", label["num"], *shape), int(post[1:]), number))
        return schemes
    if label["dots"]:
        number = f"{label['dots']}{label['dnum']}"
        dotted: list[tuple[tuple[str, ...], int, str]] = [
            (("dotted", label["dots"], *shape), int(label["dnum"]), number)
        ]
        # "3.0 Matters Arising" over "3.1 ...", "3.2 ...": item 3 written with a decimal; such headings
        # count by their whole number, a scheme of their own.
        if label["dnum"] == "0" and label["dots"].count(".") == 1:
            whole = label["dots"][:-1]
            dotted.append((("decimal", *shape), int(whole), whole))
        return dotted
    schemes = []
    if label["roman"]:
        roman = label["roman"]
        case = "upper" if roman.isupper() else "lower"
        schemes.append((("roman", case, *shape), _roman(roman), roman))
    letter = label["letter"] or (label["roman"] if len(label["roman"] or "") == 1 else None)
    if letter and (label["sep"].strip() or label["open"]):  # "A Parish meeting": a word
        case = "upper" if letter.isupper() else "lower"
        schemes.append((("letter", case, *shape), _value(letter), letter))
    return schemes


def _roman(text: str) -> int:
    values = [_ROMAN[c] for c in text.lower()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _value(label: str) -> int:
    return int(label) if label.isdigit() else ord(label.upper()) - ord("A") + 1


def _candidate(
    block: Block, index: int, key: tuple[str, ...], value: int, number: str, title: str, rest: str
) -> _Candidate:
    title = CROSS_REF.sub("", title).strip().rstrip(".:").strip()
    heading = Heading(index, number.rstrip(".").strip(), title, rest)
    return _Candidate(heading, key, value, _title_like(title), block.indent)


def _title(block: Block, text: str, cut: Cut, width: int) -> tuple[str, str] | None:
    """(title, text after it) of a block whose first line, after its number, is `text`. A title on
    a line of its own, shorter than the text's width, is that line (with a line it wraps onto, and
    without an "(Item 1)" under it); a title run into its text is cut where the text begins."""
    lines = block.lines or [block.text]
    cells = _cells(block, text)
    if cells:
        return cells
    if len(lines) > 1 and (not width or len(lines[0]) < 0.85 * width):
        title, rest = text, lines[1:]
        if rest and not CROSS_REF.fullmatch(" " + rest[0]) and _wraps(title, rest):
            title, rest = f"{title} {rest[0]}", rest[1:]
        if rest and CROSS_REF.fullmatch(" " + rest[0]):
            rest = rest[1:]
        return title, " ".join(rest)
    return cut(text if len(lines) <= 1 else f"{text} {' '.join(lines[1:])}")


def _cells(block: Block, text: str) -> tuple[str, str] | None:
    """(title, the rest) of a heading printed as a table's row ("BM 36/2122    Division of Agenda
    None"): the title is the first cell with words of the title, the other cells its text."""
    cells = re.split(r"\s{3,}", block.raw.strip()) if "   " in block.raw else []
    label_words = len(block.first.split()) - len(text.split())
    for k in range(1, len(cells)):  # a cell after the title's: a table's row, not a gap after a number
        words = " ".join(cells[:k]).split()
        if len(words) > label_words:
            title = " ".join(words[label_words:])
            rest = " ".join([*cells[k:], *block.lines[1:]])
            return title, " ".join(rest.split())
    return None


def _wraps(title: str, rest: list[str]) -> bool:
    """The title goes on over the next line: that line is no sentence, and ends the heading (the
    block, or an "(Item 2)" under it, ends after it)."""
    following = rest[0]
    ends_heading = len(rest) == 1 or bool(CROSS_REF.fullmatch(" " + rest[1]))
    return (
        title[-1:].isalnum()
        and len(following) <= 80
        and not following.endswith((".", ":"))
        and not FINITE.search(following)
        and (ends_heading or following[:1].islower())
    )


# What someone did, after a word: "Mr X proposed and Mr Y seconded ...", "The Leader introduced ...".
_DID = re.compile(
    r"\S\s+(?:proposed|seconded|moved|put|said|stated|introduced|welcomed|informed|commented|requested|"
    r"explained|opened|closed|declared|presented|discussed|gave|thanked|spoke|referred)\b"
    # a name, then what they did: "Mr Love, Cabinet Member for Education and Skills, provided ..."
    r"|\b[A-Z][a-z]+,?\s+[a-z]{3,}ed\b"
)


def _title_like(title: str) -> bool:
    """A title, not a sentence: starts with a capital or a figure, names no finite verb, is short."""
    words = title.split()
    return (
        not _DID.search(title)
        and bool(words)
        and (title[:1].isupper() or title[:1].isdigit() or title[:1] in "\"'(")
        and len(words) <= 25
        and not FINITE.search(title)
        and not _NOT_TITLE.match(title)
        and not title.endswith(",")
    )


def _best_run(candidates: list[_Candidate]) -> list[_Candidate]:
    """The run of one scheme, in document order, each number one more than the one before (or two,
    where one was misprinted or left out), with the most titles; runs mostly of sentences are out."""
    best_end: dict[tuple[tuple[str, ...], int], tuple[float, int]] = {}
    score: list[float] = []
    back: list[int | None] = []
    for i, c in enumerate(candidates):
        weight = (1.0 if c.title_like else 0.2) + (0.3 if c.has_body else 0.0)
        links = [(best_end.get((c.key, c.value - 1)), 0.0), (best_end.get((c.key, c.value - 2)), 0.8)]
        prior = max(((s - cost, j) for found, cost in links if found for s, j in [found]), default=None)
        if prior and prior[1] < i and candidates[prior[1]].heading.index < c.heading.index:
            score.append(prior[0] + weight)
            back.append(prior[1])
        else:
            score.append(weight)
            back.append(None)
        if score[i] > best_end.get((c.key, c.value), (float("-inf"), -1))[0]:
            best_end[(c.key, c.value)] = (score[i], i)
    for end in sorted(range(len(candidates)), key=lambda i: -score[i]):
        run = _chain(candidates, back, end)
        titled = sum(c.title_like for c in run) >= 0.6 * len(run)
        if len(run) >= 2 and titled and _consistent(run, candidates):
            return run
        if score[end] < 2:
            break
    return []


def _consistent(run: list[_Candidate], candidates: list[_Candidate]) -> bool:
    """No more titles of the same scheme left out between its first and last than half its length:
    numbers that start again under each section heading ("1. Minutes" / "2. Financials" under
    "CONSENT AGENDA", "1. Transportation" under "COMMITTEE REPORTS") are no run of items."""
    inside = {id(c) for c in run}
    first, last, key = run[0].heading.index, run[-1].heading.index, run[0].key
    skipped = sum(
        1
        for c in candidates
        if c.key == key and c.title_like and first < c.heading.index < last and id(c) not in inside
    )
    return 2 * skipped <= len(run)


def _restarts(run: list[_Candidate], candidates: list[_Candidate]) -> bool:
    """Another title of the run's scheme, outside it, numbered as its first or lower."""
    first, last = run[0].heading.index, run[-1].heading.index
    return any(
        c.key == run[0].key
        and c.title_like
        and c.value <= run[0].value
        and not first <= c.heading.index <= last
        for c in candidates
    )


def _chain(candidates: list[_Candidate], back: list[int | None], end: int) -> list[_Candidate]:
    run = []
    at: int | None = end
    while at is not None:
        run.append(candidates[at])
        at = back[at]
    return run[::-1]


def _other_meetings(run: list[_Candidate], candidates: list[_Candidate], depth: int = 2) -> list[_Candidate]:
    """Two meetings minuted in one file (an AGM, then the ordinary meeting after it) number their
    items from the start again each: a run of the same scheme before or after the best one, from the
    same first number, of three or more other titles with minutes under them, is items too. (An
    agenda listed above the minutes has the same titles, nothing under them, and stays out.)"""
    if depth == 0:
        return run
    key, first, last = run[0].key, run[0].heading.index, run[-1].heading.index
    before = [c for c in candidates if c.key == key and c.heading.index < first]
    after = [c for c in candidates if c.key == key and c.heading.index > last]
    found = []
    for part in (before, after):
        other = _best_run(part)
        if (
            len(other) >= 3
            and other[0].value == run[0].value
            and 2 * sum(c.has_body for c in other) >= len(other)
            and 2 * len(_heads(other) & _heads(run)) < len(other)  # not the agenda of the same meeting
        ):
            found.append(_other_meetings(other, part, depth - 1))
        else:
            found.append([])
    return [*found[0], *run, *found[1]]


def _heads(run: list[_Candidate]) -> set[str]:
    return {c.heading.title[:12].casefold() for c in run}


def _complete_titles(run: list[_Candidate], candidates: list[_Candidate]) -> None:
    """A title cut short by its table column ("To record those") is completed from the same number's
    entry in an agenda printed above the minutes ("To record those present, accept apologies ...")."""
    inside = {id(c) for c in run}
    listed = {c.value: c.heading.title for c in candidates if c.key == run[0].key and id(c) not in inside}
    for c in run:
        title, full = c.heading.title, listed.get(c.value, "")
        if len(full) > len(title) and full.casefold().startswith(title.casefold() + " "):
            c.heading.title = full


def _fill_misprints(run: list[_Candidate], candidates: list[_Candidate]) -> list[_Candidate]:
    """Where the run skips a number (55, 57), a title between them printed the same way and standing
    at the same margin is the missing item, whatever number a slip gave it ("6" for 56)."""
    margin = Counter(c.indent for c in run).most_common(1)[0][0]
    kind = run[0].key[0]
    filled = [run[0]]
    for before, after in pairwise(run):
        if after.value - before.value == 2:
            between = [
                c
                for c in candidates
                if before.heading.index < c.heading.index < after.heading.index
                and c.key[0] == kind
                and c.key[-1] == before.key[-1]
                and c.title_like
                and c.indent == margin
            ]
            if len(between) == 1:
                filled.append(between[0])
        filled.append(after)
    return filled

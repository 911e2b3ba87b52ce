"""Items: the blocks after the header cut into agenda items, each with its title, presenters,
documents, agenda text and minute paragraphs.

Where an item starts:
- a block that is only a number ("1.", "15"), as in ModernGov pages: the next block is its title;
- in ModernGov pages without printed numbers: the first block, a block after a cut-short item,
  a title with a document link, or a short block that reads as a heading, not a sentence;
- in other text: a numbered heading ("3. Title", "## 3. Title", "Item 3 Title") whose number
  follows the previous item's, or a Markdown heading where there are no numbered ones; the
  longest consistent run of any numbering scheme (see `numbering`), an outline of lettered
  sections and numbered entries, numbered headings Markdown marks (without the agenda that repeats
  them), matters under file numbers (2025-1786) in any order, business before the first minute
  under a title of its own; and, where nothing is numbered, headings set apart without numbers or
  the numbered agenda above the meeting's heading (see `headings`), said in the record's warnings.
Within an item, "Minutes:" separates the agenda part (presenters, documents, text) from the
minutes; pages without that marker have minutes from the first block that is not agenda.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from minutebook.parse import lines as L
from minutebook.parse.blocks import Block
from minutebook.parse.contents import cut_at_titles, table_of_contents
from minutebook.parse.headings import filed_headings, page_furniture, unnumbered_headings
from minutebook.parse.numbering import find_headings
from minutebook.record import Item, Paragraph

_PERSON_LINE = re.compile(
    r"^(?:(?:Lead|Deputy|Chief|Acting|Interim|Strategic|Assistant)\s+)*"
    r"(?:Commissioner|Councillor|Cllr|Sir|Dame|Dr|Professor|Mr|Mrs|Ms|Miss|Director|Officer|Leader|"
    r"Chief Executive|Manager|Head)\b[\w.,'’ -]{0,80}$"
)
_HEADING_NUMBER = re.compile(
    r"^(?:item\s+|[A-Z]-|\((?=\d{1,3}\)))?(?P<number>(?>\d{1,3}(?:\.\d{1,3}){0,3})[a-z]?)(?:[.):]\s*|\s+-\s+|\s+)"
    r"(?:\(\d+(?:\.\d+)*\)\s*)?(?P<title>(?-i:[A-Z0-9])\S*(?:\s.*)?)$",
    re.I,
)
_AGENDA_VERB = re.compile(r"^to\s+[a-z]", re.I)


@dataclass
class _State:
    items: list[Item] = field(default_factory=list)
    phase: str = "agenda"  # title | agenda | documents | minutes
    parent: str | None = None  # the minute number lettered points belong to
    cut_short: bool = False  # the current item ended with "view the full minutes text"


# "2. COMMISSIONERS' PROGRESS": a ModernGov page prints an item's number alone above its title; where
# the council types its titles in capitals, the blocks join the two as they join a heading in capitals
# to the number above it in other text (see `blocks`), so the number and the title are one block.
_NUMBER_OVER_CAPITALS = re.compile(r"^(?P<number>\d{1,3}[a-z]?)\.?\s+(?P<title>[^a-z]{4,})$")


def _number_over_capitals(text: str) -> re.Match[str] | None:
    joined = _NUMBER_OVER_CAPITALS.match(text)
    return joined if joined and joined["title"].isupper() else None


def moderngov_items(blocks: list[Block]) -> list[Item]:
    numbered = any(L.BARE_NUMBER.match(b.text) or _number_over_capitals(b.text) for b in blocks)
    marked = any(L.MINUTES_MARK.match(b.text) for b in blocks)
    state = _State()
    for block in blocks:
        text = block.text
        if not state.items and L.TABLE_FURNITURE.match(text):
            continue
        number = L.BARE_NUMBER.match(text) if numbered else None
        capitals = _number_over_capitals(text) if numbered and not number else None
        if number:
            _start(state, Item(title="", number=number["number"], line=block.line), "title")
        elif capitals:
            item = Item(title="", number=capitals["number"], line=block.line)
            _set_title(item, capitals["title"])
            _start(state, item, "agenda")
        elif state.phase == "title":
            _set_title(state.items[-1], text)
            state.phase = "agenda"
        elif not numbered and _opens_unnumbered_item(state, text):
            item = Item(title="", line=block.line)
            _set_title(item, text)
            _start(state, item, "agenda")
        elif not state.items:
            continue
        else:
            _add(state, block, marked)
    return state.items


UNNUMBERED = (
    "items found from unnumbered headings (topic labels, lines in capitals, a bullet outline): "
    "check where each begins"
)


AGENDA_ABOVE = (
    "items taken from the numbered agenda printed above the meeting's heading: the minutes number none"
)


def find_text_items(blocks: list[Block], above: list[Block] | None = None) -> tuple[list[Item], list[str]]:
    """The items of text that is not a ModernGov page, and warnings on how they were found. `above` are
    the blocks printed above the meeting's heading: where the minutes below it hold fewer than three
    items of their own, a numbered agenda of three or more titles there gives the items (working
    notes that list their agenda, then write the minutes unnumbered), the text below the heading
    going to the last of them until the minutes' own headings begin."""
    items, warnings = _text_items(blocks)
    if len(items) >= 3 or not above:
        return items, warnings
    agenda, _ = find_headings(above, _cut)
    if len(agenda) < 3 or len(agenda) <= len(items):
        return items, warnings
    listed = [Item(title="", number=h.number, line=above[i].line) for i, h in sorted(agenda.items())]
    for item, heading in zip(listed, (agenda[i] for i in sorted(agenda)), strict=True):
        _set_title(item, heading.title)
    state = _State(items=listed, phase="minutes")
    first = items[0].line if items else None
    for block in blocks:
        if first is not None and block.line >= first:
            break
        _add(state, block, marked=True)
    return [*listed, *items], [*(w for w in warnings if w != UNNUMBERED), AGENDA_ABOVE]


def _text_items(blocks: list[Block]) -> tuple[list[Item], list[str]]:
    warnings: list[str] = []
    furniture = page_furniture(blocks)
    sections = {i for i, b in enumerate(blocks) if _capital_heading(b.text) and i not in furniture}
    # "APPOINTMENT OF SPEAKER, DEPUTY SPEAKER, STANDING COMMITTEES" / "AND BOARDS AND COMMISSIONS": a
    # heading in capitals wrapped onto a second line that begins with a joining word is one heading.
    wrapped = {i for i in sections if i - 1 in sections and _JOINING.match(blocks[i].text)}
    sections -= wrapped
    contents = table_of_contents(blocks)
    numbered = {} if contents else _numbered_headings(blocks)
    rows = _table_rows(blocks)
    if rows:
        starts = rows
    elif contents:
        # The titles a table of contents lists are the items, wherever they stand in the text.
        first, end, entries = contents
        blocks, titles = cut_at_titles(blocks[:first] + blocks[end:], entries)
        starts = {i: _section(blocks[i].text) for i in titles}
    elif len(sections) >= 3 and len(numbered) <= len(sections):
        # Headings in capitals, with numbered entries under them that start again at 1 in each. An
        # unnumbered title line in mixed case over minute text heads an item as they do. (Where
        # more numbered headings run in one count through the capitals, the capitals are labels
        # and outcomes between items: "CONSENT AGENDA", "PLACED ON FILE".)
        sections |= {
            i
            for i, b in enumerate(blocks[:-1])
            if b.title_line
            and not _HEADING_NUMBER.match(b.text)
            and _is_prose(blocks[i + 1].text)
            and i not in furniture
        }
        starts = {i: _section(_joined(blocks, i, wrapped)) for i in sections}
        starts |= _numbered_headings(blocks, sections)
        starts = {i: start for i, start in starts.items() if i not in furniture}
        if 2 * sum(starts[i][0] is not None for i in sections) >= len(sections):
            starts = _numbered_sections(blocks, starts, sections)
    else:
        starts = dict(numbered) or {
            i: (None, b.text, "") for i, b in enumerate(blocks) if b.heading and len(b.text) < 120
        }
    # Where a table of contents cut the blocks, `sections` and `wrapped` index the blocks before the cut.
    consumed: set[int] = set(wrapped) if len(sections) >= 3 and not contents else set()
    capitals = (
        {}
        if contents
        else {i: start for i in sections if (start := _section(_joined(blocks, i, wrapped)))[0] is None}
    )
    marked = {} if rows or contents else _marked_headings(blocks)
    if marked:
        starts = marked
    if not (rows or contents or marked):
        # The longest consistent run of numbered headings in any scheme, where the rules above found
        # fewer items (see `numbering`).
        # A run of three or more titles that spans the text outweighs other headings (told by their
        # capitals, Markdown marks, or numbers that follow only the one before), unless those hold it.
        headings, span = find_headings(blocks, _cut)
        other = not headings.keys() <= starts.keys()
        if len(headings) > len(starts) or (len(headings) >= 3 and span >= 0.3 and other):
            starts = {i: (h.number, h.title, h.rest) for i, h in headings.items()}
            consumed = {h.consumed for h in headings.values() if h.consumed is not None}
    if not (rows or contents or marked):
        # Matters filed under file numbers are items whatever order their numbers come in, beside
        # the items found above; the headings in capitals between them ("PROCLAMATIONS", "CONSENT
        # CALENDAR") are items too.
        filed, taken = filed_headings(blocks)
        if filed:
            starts = {i: s for i, s in (capitals | starts).items() if i not in taken} | filed
            consumed = taken | wrapped
    if not (rows or contents):
        starts = _unnumbered_first(blocks, _capital_titles(starts))
    if not starts:
        # No numbered run, no headings marked as such: the business may still open with headings
        # set apart without numbers (see `headings`).
        blocks, found = unnumbered_headings(blocks)
        starts = dict(found)
        if starts:
            warnings.append(UNNUMBERED)
    state = _State()
    for index, block in enumerate(blocks):
        if index in consumed:
            continue
        if index in starts:
            number, title, rest = starts[index]
            item = Item(title="", number=number, line=block.line)
            _set_title(item, title)
            _start(state, item, "minutes")
            if rest:
                _add(state, Block(rest, block.line, page=block.page), marked=True)
        elif state.items:
            _add(state, block, marked=True)
    return state.items, warnings


# "| 4. | Chairman's Report | FRE | |": a Markdown table's row, the item's number and title in its
# first two cells, the minutes in the rows (and cells) after it.
_TABLE_ROW = re.compile(r"^\|\s*(?P<number>\d{1,3})\.?\s*\|\s*(?P<title>[^|]*[^|\s])\s*\|\s*(?P<rest>.*)$")


def _cut(text: str) -> tuple[str, str] | None:
    """(title, text after it) of the words after a heading's number; None for a payment's entry."""
    if _PAYMENT.search(text):
        return None
    return _split_title(text, set()) or _run_in_title(text)


# Words that open a sentence, not a title: an honorific before a name, a pronoun or article.
_SENTENCE_OPENER = re.compile(
    r"^(?:Mr|Mrs|Ms|Miss|Dr|Cllr|Councillor|Commissioner|Chair|Mayor|We|I|It|The|This|There|They|Our|"
    r"He|She|A|An|All|No|None)\.?$"
)
_JOIN = {"of", "and", "to", "for", "the", "in", "on", "with", "by", "&", "-", "–", "a", "an"}


def _run_in_title(text: str) -> tuple[str, str] | None:
    """(title, text) of a title run into its minutes on one line, with no stop between them: "Public
    Comment Mr. Beardmore mentions ...", "Superintendent's Report We have received ...". The title is
    the words in title case up to the first that opens the sentence (an honorific, a pronoun); where a
    lower-case word or a comma ends the run instead, its last two words are the sentence's subject (a
    name: "Chairs Report Don Adams, was a colleague"). None where fewer than two words are left."""
    words = text.split()
    end = 0
    while end < len(words):
        word = words[end]
        if _SENTENCE_OPENER.match(word):
            break
        if not (word[:1].isupper() or word[:1].isdigit() or (end and word in _JOIN)):
            end -= 2  # a lower-case word: the capitalised words before it are its subject
            break
        if word.endswith((",", ".", ";", ":")):
            end -= 1  # "Adams," ends a name that opens the sentence
            break
        end += 1
    else:
        return None  # no sentence after it: the whole is a title, too long for one
    while end > 0 and words[end - 1] in _JOIN:
        end -= 1
    if end < 2:
        return None
    return " ".join(words[:end]), " ".join(words[end:])


def _table_rows(blocks: list[Block]) -> dict[int, tuple[str | None, str, str]]:
    """A Markdown table whose first column numbers its rows from 1 and whose second holds titles is
    the list of items: the items are its numbered rows, wherever numbered lines stand outside it (a
    summons printed above the minutes)."""
    rows = {i: m for i, b in enumerate(blocks) if (m := _TABLE_ROW.match(b.text))}
    numbers = [int(m["number"]) for m in rows.values()]
    if len(numbers) < 2 or numbers != list(range(1, len(numbers) + 1)):
        return {}
    # The cells after the title are the row's other columns ("Action by"), empty ones only pipes.
    return {
        i: (m["number"], m["title"], re.sub(r"(?:\s*\|)+\s*", " ", m["rest"]).strip())
        for i, m in rows.items()
    }


def _is_prose(text: str) -> bool:
    """Minute text, not a list of names or a post under a signature: a sentence with a verb."""
    return bool(L.FINITE.search(text)) or len(re.findall(r"\b[a-z]{3,}\b", text)) >= 4


def _numbered_sections(
    blocks: list[Block], starts: dict[int, tuple[str | None, str, str]], sections: set[int]
) -> dict[int, tuple[str | None, str, str]]:
    """Where most headings in capitals are numbered ("4 AUDITED FINAL ACCOUNTS"), one without a
    number is no item: at the top of a page, just after a numbered title at the foot of the one
    before, it ends that title ("JUDGEMENT"); elsewhere it is a sub-heading inside an item."""
    kept: dict[int, tuple[str | None, str, str]] = {}
    for index in sorted(starts):
        number, title, rest = starts[index]
        if index not in sections or number is not None:
            kept[index] = starts[index]
            continue
        previous = max(kept, default=None)
        if (
            previous is not None
            and index - previous <= 3
            and blocks[index].page is not None
            and blocks[index].page != blocks[index - 1].page  # the first block of a new page
        ):
            number, before, _ = kept[previous]
            kept[previous] = (number, f"{before} {title}", rest)
    return kept


# A word that goes on from the line above: a heading's second line, not a heading of its own.
_JOINING = re.compile(r"^(?:AND|OF|THE|FOR|TO|IN|ON|WITH|BY|&)\b")


def _joined(blocks: list[Block], index: int, wrapped: set[int]) -> str:
    """A heading's text with the lines it wrapped onto."""
    text = blocks[index].text
    while index + 1 in wrapped:
        index += 1
        text = f"{text} {blocks[index].text}"
    return text


# "CALL TO ORDER Mayor Knox H. White": a word of four capitals, or two or more words in capitals (a lone
# "/" or "&" between them),
# then a word in mixed case that is no part of the title (not after a dash or in brackets).
_CAPITALS_THEN_TEXT = re.compile(
    r"^(?P<title>[A-Z]{4,}|(?:[A-Z0-9][A-Z0-9&/'’,.]*|[/&])(?:\s+(?:[A-Z0-9][A-Z0-9&/'’,.]*|[/&]))+)"
    r"\s+(?P<rest>[A-Z]?[a-z].*)$"
)


def _capital_titles(starts: dict[int, tuple[str | None, str, str]]) -> dict[int, tuple[str | None, str, str]]:
    """Where most titles of a run are printed in capitals, a title that goes on in mixed case after its
    capitals ran into the line under it (the presenter, "Mayor Knox H. White"; the outcome, "May 8,
    2023; Approved as submitted"): the capitals are the title, the rest its minutes."""
    trimmed = {i: _CAPITALS_THEN_TEXT.match(title) for i, (_, title, _) in starts.items()}
    capitals = sum(1 for i, (_, title, _) in starts.items() if trimmed[i] or title.isupper())
    if len(starts) < 3 or 3 * capitals < 2 * len(starts):
        return starts
    out = dict(starts)
    for i, match in trimmed.items():
        if match:
            number, _, rest = starts[i]
            out[i] = (number, match["title"], f"{match['rest']} {rest}".strip())
    return out


def _unnumbered_first(
    blocks: list[Block], starts: dict[int, tuple[str | None, str, str]]
) -> dict[int, tuple[str | None, str, str]]:
    """Business done before the first numbered minute, under a title of its own with numbered paragraphs
    ("Election of Chair" / "1. Mr Gough proposed ..." / "2. RESOLVED ..." before "283. Apologies"), is
    an item without a number: the paragraphs are minutes, which the header never holds."""
    if not starts or any(number is None for number, _, _ in starts.values()):
        return starts
    first = min(starts)
    opening = next(
        (
            k
            for k in range(1, first)
            if re.match(r"1[.)]\s+\S", blocks[k].text) and not blocks[k].heading and _is_prose(blocks[k].text)
        ),
        None,
    )
    if opening is None:
        return starts
    title = blocks[opening - 1]
    if title.role or title.text.isupper() or not _reads_as_heading(title.text):
        return starts
    return {opening - 1: (None, L.CROSS_REF.sub("", title.text).strip(), "")} | starts


def _marked_headings(blocks: list[Block]) -> dict[int, tuple[str | None, str, str]]:
    """Numbered headings that Markdown marks as headings ("#### 2. AGM", "## 9.1 Title"), where there
    are three or more: the writer said which lines head the items, so numbered lines that are not
    marked are points inside them ("1. Reminder of the Terms of Reference"). An agenda printed above
    the minutes with the same marked titles is left out (`_without_agenda`)."""
    marked = {
        i: (m["number"], m["title"].strip(), "")
        for i, b in enumerate(blocks)
        if b.heading and (m := _HEADING_NUMBER.match(b.text)) and not _PAYMENT.search(m["title"])
    }
    return _without_agenda(marked) if len(marked) >= 3 else {}


def _without_agenda(starts: dict[int, tuple[str | None, str, str]]) -> dict[int, tuple[str | None, str, str]]:
    """The headings without a list of them printed first: where the numbers start again and most of
    the titles before are printed again after, the first list is the agenda, the second the minutes."""
    order = sorted(starts)
    runs: list[list[int]] = []
    for index in order:
        number = starts[index][0] or ""
        if not runs or (number.isdigit() and number == "1"):
            runs.append([])
        runs[-1].append(index)
    kept: list[int] = []
    for k, run in enumerate(runs):
        later = {starts[i][1].casefold() for other in runs[k + 1 :] for i in other}
        repeated = sum(starts[i][1].casefold() in later for i in run)
        if 5 * repeated < 3 * len(run):
            kept += run
    return {i: starts[i] for i in kept}


def _section(text: str) -> tuple[str | None, str, str]:
    """A heading in capitals as (number, title, ""): '4 AUDITED FINAL ACCOUNTS' is item 4."""
    match = _HEADING_NUMBER.match(text)
    return (match["number"], match["title"], "") if match else (None, text, "")


def _capital_heading(text: str) -> bool:
    """'TO CONFIRM THE MINUTES OF THE LAST MEETING': a short line in capitals heads an item, unless it
    heads an attendance list ('PRESENT') or a signature ('CHAIRPERSON')."""
    text = L.CROSS_REF.sub("", text)
    return (
        "|" not in text  # a fragment of a table's cells ("MPO |")
        and text.isupper()
        and not text.endswith(":")
        and not re.search(r"^[^:]{1,30}:\s+\S", text)  # a field and its value: "SPONSOR /S: MR X"
        and 4 <= len(text) <= 100
        and sum(c.isalpha() for c in text) >= 0.7 * len(text.replace(" ", ""))
        and not _NOT_ITEM_CAPS.match(text)
    )


_NOT_ITEM_CAPS = re.compile(
    r"^(?:present|apologies|absent|in attendance|also present|members present|chair(?:man|person)?|"
    r"signed|clerk|minutes|agenda|open|confirmed|date|noted|agreed|resolved|carried|lost|approved)\W*$",
    re.I,
)


def _leading_count(number: str) -> int:
    """The count a heading's number opens with: 12 of "12.3a" (the heading pattern opens with digits)."""
    digits = re.match(r"\d+", number)
    return int(digits.group()) if digits else 0


def _numbered_headings(
    blocks: list[Block], sections: set[int] | None = None
) -> dict[int, tuple[str, str, str]]:
    """Blocks that open numbered items, as (number, title, text after the title), each number one
    more than the last. A title runs to its colon ("2. Apologies: Cllr X"), or is the whole block."""
    starts: dict[int, tuple[str, str, str]] = {}
    last = 0
    matches = {i: m for i, b in enumerate(blocks) if (m := _HEADING_NUMBER.match(b.text))}
    labels = _field_labels([m["title"] for m in matches.values()])
    values = {i: _leading_count(m["number"]) for i, m in matches.items()}
    for index, block in enumerate(blocks):
        if sections and index in sections:
            last = 0
        match = matches.get(index)
        if (
            not match
            or not (match["title"][:1].isupper() or block.heading)
            or _PAYMENT.search(match["title"])
        ):
            continue
        cut = _split_title(match["title"], labels)
        if cut is None:
            continue
        title, rest = cut
        value = values[index]
        follows = value == last + 1 or (value == last and match["number"][-1].isalpha())
        # The first item is numbered 1 to 3, or a later number that the next two headings follow
        # (minutes that go on from an earlier part of the agenda: "38 Request of ...", "39 ...").
        first = not starts and (
            value <= 3 or {value + 1, value + 2} <= {v for i, v in values.items() if i > index}
        )
        # A Markdown heading with a number is an item ("## 9.1 Title"); in plain text a dotted
        # number is a minute paragraph ("1.1 The Chair welcomed ...").
        if block.heading or ("." not in match["number"] and (follows or first)):
            starts[index] = (match["number"], title, rest.strip())
            last = value
    return starts if len(starts) >= 2 or sections else {}


def _split_title(text: str, labels: set[str]) -> tuple[str, str] | None:
    """(title, minute text after it) of the words after a heading's number, or None where they run
    on too long for a title. A title runs to its colon ("2. Apologies: Cllr X"), or is the whole."""
    title, colon, rest = _cut_at_label(text, labels) or text.partition(": ")
    if colon and re.search(r"\d$", title) and len(text) <= 160:
        # "Resolution 259-2018: Fee Schedule ...": the colon follows a reference, in the title
        title, colon, rest = text, "", ""
    elif colon and _too_long(title, colon) and not _too_long(_title_notes(text)[0], ""):
        # "... for the design of the NE 102nd Ave: NE Glisan to SE Washington": too long for a title
        # that a colon ends, and no sentence: the colon is inside a name, the block the title.
        title, colon, rest = text, "", ""
    presenter = _PRESENTED_BY.match(title)
    if presenter and not colon:
        # "WELCOME - Chair Jenkins": a title in capitals, then who presents it after a dash.
        return presenter["title"], f"{presenter['who']} {rest}".strip()
    lead = _CAPITAL_LEAD.match(title)
    if lead and (_too_long(title, colon) or (not colon and title.endswith("."))):
        # "6. LOCAL AUTHORITY REPORTS No further reports.": the words in capitals are the title,
        # where minute text (a long run, a sentence) follows them.
        title, rest = lead["title"], f"{title[lead.end() :]}{colon}{rest}"
    elif (notes := _title_notes(title))[1]:
        title, rest = notes[0], f"{notes[1]}{colon}{rest}"
    elif len(title) > 160 and (note := title.find(" (", 20)) > 0:
        # "Accept a grant ... area (Second Reading Agenda 13) (Y-5) 184354": a long title ends
        # where its bracketed notes begin.
        title, rest = title[:note], f"{title[note + 1 :]}{colon}{rest}"
    if _too_long(title, colon):
        return None
    return title, rest.strip()


# "INVOCATION - Lynn Taylor", "THOUGHT OF THE DAY - Commissioner Froerer": a title in capitals and, after
# a dash, a name in mixed case (up to five words, no sentence).
_PRESENTED_BY = re.compile(
    r"^(?P<title>[^a-z]*[A-Z]{2}[^a-z]*?)\s+[-–—]\s+(?P<who>[A-Z][a-z]+\.?(?:\s+[A-Z][\w.'’-]*){0,4})$"
)
# "Hylton Gott Petrol - £22.37": an entry that names a sum after a dash is a payment in a list of
# accounts, not an agenda item.
_PAYMENT = re.compile(r"\s[-–—]\s*[£$€]\s?\d")
# "PUBLIC FORUM (15 MINUTES) A representative ...": words without a lower-case letter, up to the first
# word with one (a one-letter word before it, "A" or "I", opens the sentence).
_CAPITAL_LEAD = re.compile(r"(?P<title>[^a-z]*?[A-Z]{2}[^a-z]*?)\s+(?=(?:[AI]\s+)?\W*[A-Za-z]*[a-z])")


# "(Ordinance)", "(Second Reading Agenda 13)", "(Y-5)": a note on the kind of paper or the vote, printed
# after a title, the record's number after the notes ("... Volunteers (Ordinance) (Y-5) 184349").
_NOTE = re.compile(
    r"\s*\((?:[YN]-\d+|(?:(?:Non-)?Emergency\s+)?Ordinance|Resolution|Report|Communication|"
    r"(?:First|Second)\s+Reading|Previous\s+Agenda)\b[^()]*\)"
)
_NOTES_ONLY = re.compile(rf"(?:{_NOTE.pattern})+(?:\s+\d{{4,}})?")


def _title_notes(title: str) -> tuple[str, str]:
    """(title, notes and what follows them) of a title that its notes end, or, past 160 characters,
    that runs on after its first note; else (title, "")."""
    note = _NOTE.search(title, 1)
    if not note or not (_NOTES_ONLY.fullmatch(title, note.start()) or len(title) > 160):
        return title, ""
    return title[: note.start()].rstrip(), title[note.start() :].strip()


def _too_long(title: str, colon: str) -> bool:
    """A title that runs on into minute text: a sentence past 100 characters (without a colon that
    would end it), anything with a colon or a verb past 160. A long name that is no sentence is a
    title ("Accept a grant ... and authorize an Intergovernmental Agreement for the design ... of
    the Intersection Improvements"), up to 400."""
    if colon or L.FINITE.search(title):
        return len(title) > 160 or (not colon and len(title) > 100)
    return len(title) > 400


# "Type of Report: Operational": a form's field, up to four words (the first capitalised) and a colon.
_LABEL = re.compile(r"(?=((?<!\S)[A-Z][^\s:]*(?:\s+[^\s:]+){0,3}):\s)")


def _field_labels(titles: list[str]) -> set[str]:
    """Labels of the form fields printed under each numbered title ("1. Disability Strategy Type of
    Report: Operational Legal Reference: N/A"), which the title runs on into where the text lost its
    line breaks: a label found after many titles."""
    counts: dict[str, int] = {}
    for title in titles:
        found = {" ".join(m.group(1).split()[-n:]) for m in _LABEL.finditer(title) for n in range(1, 5)}
        for label in found:
            counts[label] = counts.get(label, 0) + 1
    enough = max(3, len(titles) / 4)  # a form repeated in most items, not one title's colon
    return {label for label, count in counts.items() if count >= enough and label[0].isupper()}


def _cut_at_label(title: str, labels: set[str]) -> tuple[str, str, str] | None:
    """(title, ":", fields) cut where the earliest field label starts, as str.partition gives."""
    cuts = [m.start() for label in labels for m in re.finditer(rf"(?<!\S){re.escape(label)}:\s", title)]
    if not cuts or min(cuts) == 0:
        return None
    return title[: min(cuts)].strip(), ":", title[min(cuts) :]


def _start(state: _State, item: Item, phase: str) -> None:
    state.items.append(item)
    state.phase, state.parent, state.cut_short = phase, None, False


def _set_title(item: Item, text: str) -> None:
    link = L.document_link(text)
    if link:
        text, document = link
        document.title = text.rstrip(".") or document.title
        item.documents.append(document)
    item.title = L.CROSS_REF.sub("", text).strip().rstrip(".:").strip()


def _opens_unnumbered_item(state: _State, text: str) -> bool:
    if not state.items or state.cut_short:
        return not L.MINUTES_MARK.match(text)
    if state.phase == "documents" and L.ICON.search(text):
        return False
    if L.ICON.search(text):
        return True
    return _reads_as_heading(text)


def _reads_as_heading(text: str) -> bool:
    plain = L.ICON.sub("", text).strip()
    return (
        bool(plain)
        and plain[0].isupper()
        and len(plain) <= 120
        and len(plain.split()) <= 16
        and not plain.endswith((":", "-", "–", ";", ","))
        and not re.search(r"[.!?]\s+[A-Z]", plain)
        and not L.BULLET.match(plain)
        and not L.is_enumerated(plain)
        and not L.FINITE.search(plain)
        and not plain.lower().startswith(("resolved", "action", "minutes"))
    )


def _add(state: _State, block: Block, marked: bool) -> None:
    """Put one block into the current item, by phase."""
    item, text = state.items[-1], block.text
    if L.MINUTES_MARK.match(text):
        state.phase = "minutes"
        return
    if L.ADDITIONAL_DOCUMENTS.match(text):
        state.phase = "documents"
        return
    if state.phase in ("agenda", "documents"):
        link = L.document_link(text)
        if link:
            item.documents.append(link[1])
            return
        names_presenter = L.BULLET.match(text) or _PERSON_LINE.match(text) or L.TO_REPORT.search(text)
        if names_presenter and (marked or not item.agenda_text):
            item.presenters.append(L.presenter(text))
            return
        if marked or (_AGENDA_VERB.match(text) or (item.agenda_text and L.is_enumerated(text))):
            item.agenda_text = f"{item.agenda_text}\n{text}".strip()
            return
        state.phase = "minutes"
    _add_paragraph(state, item, block)


def _add_paragraph(state: _State, item: Item, block: Block) -> None:
    text = block.text
    cut = L.truncation(text)
    if cut:
        text, number = cut
        item.truncated = True
        state.cut_short = True
        if item.number is None:
            item.number, item.number_inferred = number, True
        if not text:
            return
    ref, state.parent, body = L.point(text, state.parent)
    item.minutes.append(Paragraph(ref=ref, text=body if ref else text, line=block.line))

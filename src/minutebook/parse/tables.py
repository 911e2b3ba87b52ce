"""Tables read by their columns: a line's cells, and action tables.

Cells stand a gap apart (a tab, three spaces or more) or between the pipes of a Markdown table.

An action table is minuted in columns such as "No | Item | Action by | Action date": its header row
names an owner column ("Action by", "Who", "By whom", "Owner", "Responsible"; "Action" where none of
those is there) and often a due-date column ("Action date", "Due", "By when", "Date"). Each later row
with words in the owner column is an action: its text the row's other cells (not its number), its
owner that cell as written (initials stay initials), its due date the date cell. The owner and date
cells are blanked out of the lines the blocks are made from, so that minute paragraphs hold only the
item's words.

A Markdown row may run over many lines (a converter kept a cell's line breaks): it ends at the pipe
that closes its last column. In a gap-separated table each word belongs to the column whose start in
the header row is nearest its own; a line with a number or an owner starts a row, and a line that
goes on with an unfinished sentence continues the row above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from minutebook.parse.blocks import clean
from minutebook.parse.dates import due_date
from minutebook.read.document import Line
from minutebook.record import Action, Item

_CELL = re.compile(r"\S+(?: {1,2}\S+)*")  # words apart by one or two spaces: a gap is three or more
PIPE_ROW = re.compile(r"^\s*(?:>\s*)*\|")
_DELIMITER = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")

_OWNER_HEAD = re.compile(
    r"(?:actions?\s+)?(?:by\s+whom|who|owner|responsib(?:le|ility)(?:\s+officer)?)|action\s+by"
)
_ACTION_HEAD = re.compile(r"actions?")
_OWNER_WORDS = ("action", "who", "owner", "responsib")  # a word every owner column's head holds
_DUE_HEAD = re.compile(r"(?:(?:action|due|target)\s+)?date|due(?:\s+(?:by|date))?|by\s+when|when|deadline")
_NUMBER_HEAD = re.compile(r"no\.?|number|ref\.?|#|(?:item|minute)\s+no\.?")
_NUMBER = re.compile(r"^\(?[A-Za-z]?\d{1,3}(?:\.\d{1,3})*[a-z]?[.)]?$")
_HEAD_CELL = 30  # a header cell is a few words: a longer one is minute text
_OWNER_CELL = 40  # an owner cell names a person or a post or two, not a sentence
_UNFINISHED = re.compile(r"[^.!?:;]$")
# An owner opens with a capital (a name, a post, initials) and is no label ("Date:", "following:").
_OWNER_SHAPE = re.compile(r"^[A-Z][^:]*$")
# What the owner column also holds that names nobody: notes on the row, or its progress.
_NOT_OWNERS = frozenset(
    {
        "note",
        "noted",
        "info",
        "information",
        "n/a",
        "na",
        "-",
        "–",
        "complete",
        "completed",
        "done",
        "ongoing",
    }
)
# A row that only titles an item or a sub-report ("4. Chairman's Report", "ii. Drainage") names who
# reports in the owner column, not who is to act.
_HEADING_TEXT = re.compile(r"^(?:[ivx]{1,5}[.)]\s+)?[^.!?]{1,80}$", re.IGNORECASE)
_SUB_NUMBER = re.compile(r"^[ivx]{1,5}[.)]\s", re.IGNORECASE)

Cells = list[tuple[int, str]]  # (start, cleaned text): the start is a column number in a pipe row


def cells(line: str) -> Cells:
    """The cells of a line as read: between a Markdown table's pipes, or a gap apart."""
    if PIPE_ROW.match(line):
        parts = line.split("|")[1:]
        parts = parts[:-1] if not parts[-1].strip() else parts  # the closing pipe
        return [(index, cell) for index, part in enumerate(parts) if (cell := clean(part))]
    text = _expanded(line)
    return [(m.start(), cell) for m in _CELL.finditer(text) if (cell := clean(m.group()))]


def _expanded(line: str) -> str:
    return line.replace("\t", "  \t").expandtabs()  # a tab is a gap, however few spaces it stands for


@dataclass
class _Columns:
    number: int | None
    owner: int
    due: int | None


@dataclass
class _Row:
    # Each piece of a cell: (index of its line, start, end, column); end is exclusive.
    pieces: list[tuple[int, int, int, int]] = field(default_factory=list)


def action_tables(lines: list[Line]) -> tuple[list[Line], list[Action]]:
    """`lines` with the owner and date cells of every action table blanked, and the tables' actions,
    each at the line where its row's words start."""
    texts = [line.text if line.role is None else "" for line in lines]
    found: list[Action] = []
    index = 0
    while index < len(texts):
        table = _pipe_table(texts, index) or _gap_table(texts, index)
        if table is None:
            index += 1
            continue
        columns, rows, index = table
        for row in rows:
            action = _action(texts, row, columns)
            if action is not None:
                found.append(action)
            for at, start, end, column in row.pieces:  # on every row: who and when are never minutes
                if column in (columns.owner, columns.due):
                    texts[at] = texts[at][:start] + " " * (end - start) + texts[at][end:]
    for action in found:  # the index of the line, until here: the source's line number from now on
        action.line = lines[action.line].number  # type: ignore[index]
    if not found:
        return lines, []
    changed = [
        replace(line, text=text) if line.role is None else line
        for line, text in zip(lines, texts, strict=True)
    ]
    return changed, found


# An action log printed before the minutes ("ACTIONS TO BE TAKEN: ITEM | BY WHOM | BY WHEN") gives each
# row the minute number it comes from ("67/2122 Minutes to website"): a number with a separator.
_LOGGED_REF = re.compile(r"^(?:[A-Z]{1,4}\s*)?(?P<number>\d{1,4})[a-z]?(?:\w{1,2}\))?(?P<rest>[/.]\d{1,4})\b")


def place(items: list[Item], actions: list[Action]) -> None:
    """Each action into the item its line falls in, citing the minute paragraph it stands in; an action
    of a log printed before the first item goes to the item whose minute number it gives."""
    for action in actions:
        item = next((i for i in reversed(items) if i.line is not None and i.line <= action.line), None)  # type: ignore[operator]
        if item is None and (ref := _LOGGED_REF.match(action.text)):
            number = ref["number"].lstrip("0") + ref["rest"]
            own = re.compile(rf"(?<!\d){re.escape(number)}\.?$")
            item = next((i for i in items if i.number and own.search(i.number.replace(" ", ""))), None)
            if item is not None:
                item.actions.append(action)
            continue
        if item is None:
            continue
        paragraph = next((p for p in reversed(item.minutes) if p.line <= action.line), None)  # type: ignore[operator]
        action.paragraph = paragraph.ref if paragraph else None
        item.actions.append(action)


def _columns(head: list[str]) -> _Columns | None:
    """The columns a header row names, if one is for the owner and another for the minute text."""
    words = [" ".join(cell.lower().rstrip(":").split()) for cell in head]
    if len(words) < 3 or any(len(word) > _HEAD_CELL for word in words):
        return None
    owner = next((i for i, w in enumerate(words) if _OWNER_HEAD.fullmatch(w)), None)
    if owner is None:  # "Action" heads the owner column only where no column says who
        owner = next((i for i, w in enumerate(words) if _ACTION_HEAD.fullmatch(w)), None)
    if not owner:  # the first column holds the minute text or its number, never the owner
        return None
    due = next((i for i, w in enumerate(words) if i != owner and _DUE_HEAD.fullmatch(w)), None)
    number = next((i for i, w in enumerate(words) if i < owner and _NUMBER_HEAD.fullmatch(w)), None)
    if not {i for i, w in enumerate(words) if w} - {owner, due, number}:
        return None
    return _Columns(number=number, owner=owner, due=due)


def _action(texts: list[str], row: _Row, columns: _Columns) -> Action | None:
    """The row's action, its line the index of the line where the row's minute text starts."""
    parts: dict[int, list[tuple[int, str]]] = {}
    for at, start, end, column in row.pieces:
        if words := clean(texts[at][start:end]):
            parts.setdefault(column, []).append((at, words))
    # A cell may name owners, or give dates, on lines of their own, one for each point in the minutes.
    named = (name.strip() for _, words in parts.get(columns.owner, []) for name in words.split(","))
    owners = (name for name in named if name and name.casefold() not in _NOT_OWNERS)
    owner = ", ".join(dict.fromkeys(owners))
    kept = [column for column in sorted(parts) if column not in (columns.owner, columns.due, columns.number)]
    text = " ".join(words for column in kept for _, words in parts[column])
    if not owner or not text or len(owner) > _OWNER_CELL or _is_heading(text, columns.number in parts):
        return None
    if not _OWNER_SHAPE.match(owner) or due_date(owner):  # minute text or a date run into the column
        return None
    if not re.search(r"[^\W\d_]{2}", text):  # a bullet alone: the "owner" is the bullet's own words
        return None
    due_cells = parts.get(columns.due, []) if columns.due is not None else []
    due = next((found for _, words in due_cells if (found := due_date(words))), None)
    first = min(at for column in kept for at, _ in parts[column])
    return Action(text=text, owner=owner, due=due, line=first)


def _is_heading(text: str, numbered: bool) -> bool:
    return bool(_HEADING_TEXT.match(text)) and (numbered or bool(_SUB_NUMBER.match(text)))


def _pipe_table(texts: list[str], index: int) -> tuple[_Columns, list[_Row], int] | None:
    """The Markdown table whose delimiter row ("| --- | --- |") is at `index`, if its header names
    an owner column: its columns, its rows, and the index after it."""
    if not _DELIMITER.match(texts[index]):
        return None
    width = texts[index].strip().strip("|").count("|") + 1
    head = index - 1  # the header row may run over lines above: up to the line that opens it
    while head > 0 and not (PIPE_ROW.match(texts[head]) and _pipes(texts[head:index]) >= width + 1):
        head -= 1
    cells_above = "\n".join(texts[head:index]).split("|")[1 : width + 1]
    columns = _columns([clean(cell) for cell in cells_above])
    if columns is None:
        return None
    rows: list[_Row] = []
    at = index + 1
    while at < len(texts) and PIPE_ROW.match(texts[at]):
        row, at = _pipe_row(texts, at, width)
        rows.append(row)
    return columns, rows, at


def _pipes(texts: list[str]) -> int:
    return sum(text.count("|") for text in texts)


def _pipe_row(texts: list[str], at: int, width: int) -> tuple[_Row, int]:
    """The row that opens at line `at`, up to the pipe that closes its last column, and the index
    of the line after it."""
    row, column = _Row(), -1
    while at < len(texts) and column < width:
        start = 0
        for position, character in enumerate(texts[at]):
            if character != "|":
                continue
            if 0 <= column < width:
                row.pieces.append((at, start, position, column))
            column, start = column + 1, position + 1
            if column == width:
                break
        else:
            if 0 <= column < width:
                row.pieces.append((at, start, len(texts[at]), column))
        at += 1
    return row, at


def _gap_table(texts: list[str], index: int) -> tuple[_Columns, list[_Row], int] | None:
    """The gap-separated table whose header row is at `index`, if it names an owner column: its
    columns, its rows, and the index after it (two blank lines, or a Markdown row, end it)."""
    if PIPE_ROW.match(texts[index]) or ("   " not in texts[index].strip() and "\t" not in texts[index]):
        return None
    folded = texts[index].casefold()
    if not any(word in folded for word in _OWNER_WORDS):  # cheap: few lines name an owner column
        return None
    head = cells(texts[index])
    columns = _columns([cell for _, cell in head])
    if columns is None:
        return None
    starts = [start for start, _ in head]
    rows: list[_Row] = []
    at = index + 1
    while (
        at < len(texts)
        and not PIPE_ROW.match(texts[at])
        and (texts[at].strip() or texts[at + 1 : at + 2] != [""])
    ):
        texts[at] = _expanded(texts[at])  # the pieces' places are in the text with its tabs expanded
        pieces = [
            (at, m.start(), m.end(), min(range(len(starts)), key=lambda i: abs(starts[i] - m.start())))
            for m in _CELL.finditer(texts[at])
        ]
        if pieces:
            if not rows or _opens_row(texts, pieces, columns, rows[-1]):
                rows.append(_Row())
            rows[-1].pieces += pieces
        at += 1
    return columns, rows, at


def _opens_row(
    texts: list[str], pieces: list[tuple[int, int, int, int]], columns: _Columns, above: _Row
) -> bool:
    """A line opens a row where it has a number or an owner, or where the row above ends a sentence
    and the line does not go on in lower case."""
    placed = {column: texts[at][start:end] for at, start, end, column in pieces}
    if columns.owner in placed or (
        columns.number is not None and _NUMBER.match(placed.get(columns.number, ""))
    ):
        return True
    last = [
        texts[at][start:end]
        for at, start, end, column in above.pieces
        if column not in (columns.owner, columns.due)
    ]
    first = texts[pieces[0][0]][pieces[0][1] : pieces[0][2]]
    return not (last and _UNFINISHED.search(last[-1])) and not first[:1].islower()

"""Actions: who was asked to do what. "Action: Commissioner Myers will take a fresh look …"
gives the text and the owner (the person or post before "will"/"to"); a paragraph that ends
with "Action: Clerk" or "ACTION – JB" gives its owner to the whole paragraph."""

from __future__ import annotations

import re

from minutebook.extract.names import mentions
from minutebook.parse.gate import fold
from minutebook.record import Action, Paragraph

# "Action: ...", "ACTION POINT: ...", "**Action:** ..." (Markdown bold kept by the reader).
_OPENS = re.compile(
    r"^(?:\*{1,2}|_{1,2})?actions?(?:\s+points?)?(?:\s+by)?\s*[:\-–—]\s*(?:\*{1,2}|_{1,2})?\s*(?P<text>.+)$",
    re.I | re.S,
)
# "... report back. Action: Clerk", "... for the bench. (Action: Clerk)", "... [ACTION: JB]"
_ENDS = re.compile(
    r"[.\s]\s*[(\[]?(?i:actions?(?:\s+by)?)\s*[:\-–—]\s*(?P<owner>[A-Z][\w.&/' ,]{0,40}?)\.?[)\]]?\.?$"
)
# "ACTION: Motion to approve ... Approved 5-0": US minutes label the board's action on an item so; a
# motion or its fate is a decision, not a task.
_MOTION_LABEL = re.compile(r"^(?:motion|moved|approved|adopted|passed|carried|denied|tabled)\b", re.I)
# "Actions: None": the minute says there is no action.
_NO_ACTION = re.compile(r"^(?:none|nil|n/?a|no\s+actions?|-+)\W*$", re.I)
# "The Chairman asked the Clerk to investigate and report back": the one asked owns the action.
_ASKED = re.compile(
    r"\b(?:asked|requested|instructed|tasked|authorised|delegated to)\s+(?:the\s+)?"
    r"(?P<owner>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3})\s+to\s+(?P<task>[a-z][^.;]*)"
)
# "... still ongoing.<tab>Clerk": an owner set at the right margin (the tab is the gap the
# reader kept). An owner is a name or a post, in capitalised words ("Cllrs. O. Williams and W.
# Loynton"); "Noted", "NO OBJECTIONS" or "The meeting closed" there is an outcome, not an owner.
_RIGHT = re.compile(r"\t(?P<owner>[A-Z][^\s\d£$]*(?:\s+(?:and|of|the|&)|\s+[A-Z][^\s\d£$]*)*)$")
# "... during this pandemic. ALL": initials or a word in capitals after the last sentence, as at
# the margin, where the reader kept no gap.
_CAPITALS_AFTER = re.compile(r"(?<=[a-z]{2}[.!?])\s+(?P<owner>[A-Z]{2,}(?:\s*[/&,]\s*[A-Z]{2,})*)$")
_OUTCOME = re.compile(r"\b(?:noted|agreed|approved|resolved|carried|lost|deferred|no)\b", re.I)
# "She asked Council to define ...": a request put to the meeting itself is no task it gave anyone.
_MEETING = {"council", "committee", "board", "cabinet", "panel", "commission", "members", "councillors"}
# "Ms. Benson to check on HUD status ...", "Clerk to write to the police": a sentence that opens with
# who, then "to" and a verb, the minute-taker's shorthand for a task; "Board consensus is for Ms.
# Benson to contact MRPC": the same after the meeting's agreement; "TF agreed to send the results
# round": a person (not the meeting) taking a task on.
_SHORTHAND = re.compile(
    r"(?:\b(?:consensus|agreed|decided|resolved)\s+(?:is\s+|was\s+)?for\s+)?"
    r"(?P<owner>(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s+"
    r"(?:(?:agreed|undertook|offered|volunteered)\s+)?to\s+(?!be\b)(?P<verb>[a-z]{3,})\b"
    r"(?P<rest>[^.;]*)"
)
# Where a shorthand task may open: a sentence's start, or the meeting's agreement "... for X to".
_SENTENCE_START = re.compile(r"(?<=[.;!?])\s+")
_AGREED_FOR = re.compile(r"\b(?:consensus|agreed|decided|resolved)\s+(?:is\s+|was\s+)?for\s")
_ASKED_WORDS = ("asked", "requested", "instructed", "tasked", "authorised", "delegated to")
# Posts that take on tasks, where no name is given.
_POSTS = re.compile(
    r"^(?:the\s+)?(?:(?:town|parish|deputy|assistant|acting)\s+)?(?:clerk|chair(?:man|person)?|secretary|"
    r"treasurer|officer|manager|director|headteacher|head|administrator|coordinator|co-ordinator)s?$",
    re.I,
)
_OWNER_VERB = re.compile(
    r"^(?P<owner>.{2,80}?)\s+(?:will|to|would|agreed to|is to|was asked to|undertook to)\s", re.I
)


def actions(paragraphs: list[Paragraph]) -> list[Action]:
    found: list[Action] = []
    for index, paragraph in enumerate(paragraphs):
        if "\t" in paragraph.text and len(rows := _margin_rows(paragraph.text)) > 1:
            for row in rows:
                row.paragraph, row.line = paragraph.ref, paragraph.line
            found += rows
            continue
        action = action_in(paragraph.text)
        previous = paragraphs[index - 1] if index else None
        if action is None and previous and not (found and found[-1].line == previous.line):
            # An owner on a line of its own ("Cllr. O. Williams/Clerk") owns the paragraph above.
            action = _owner_below(previous.text, paragraph.text)
            paragraph = previous if action else paragraph
        if action:
            action.paragraph, action.line = paragraph.ref, paragraph.line
            found.append(action)
    return found


# Minutes with an action column: each row's owner is set at the right margin, a tab after the row's
# last sentence. Where the reader joined several rows into one paragraph, each owner closes its row.
_MARGIN_OWNER = re.compile(r"(?<=[.!?])\t(?=[A-Z])")
_MARGIN_TOKEN = re.compile(r"[A-Z][\w.&'’-]*(?:\s*[/&]\s*[A-Z][\w.&'’-]*)*")


def _margin_rows(text: str) -> list[Action]:
    """The rows of a paragraph that holds several owners at the margin, each an action of its owner."""
    rows: list[Action] = []
    start = 0
    for gap in _MARGIN_OWNER.finditer(text):
        rest = text[gap.end() : gap.end() + 60]
        people = mentions(rest)
        token = _MARGIN_TOKEN.match(rest)
        if people and people[0].start == 0:
            who, end = people[0].form, gap.end() + people[0].end
        elif token and (
            _POSTS.match(token.group()) or re.fullmatch(r"[A-Z]{2,3}(?:\s*[/&]\s*[A-Z]{2,3})*", token.group())
        ):
            who, end = token.group(), gap.end() + token.end()
        else:
            continue
        rows.append(Action(text=text[start : gap.start()].strip(), owner=who))
        start = end
    return rows


def _owner_below(text: str, below: str) -> Action | None:
    """The sentence `text` as an action of `below`, where that is only a person's name."""
    if not text.endswith(".") or below.endswith((".", ":")) or len(below.split()) > 6:
        return None
    if len(text.split()) < 4 or re.search(r"\d", below):
        return None
    if re.search(r"\b(?:19|20)\d\d\.$", text):  # "Confirmed on the ... day of July, 2025." above a signatory
        return None
    people = mentions(below)
    if people and people[0].start == 0:
        return Action(text=text, owner=below)
    return None


def action_in(text: str) -> Action | None:
    # Each pattern is tried only where the text has what it needs (a tab, a last capital, the word
    # "action", a verb of asking): most paragraphs give no action, and the checks cost far less.
    opens = _OPENS.match(text)
    if opens:
        body = opens["text"].strip()
        if _NO_ACTION.match(body) or _MOTION_LABEL.match(body):
            return None
        return Action(text=body, owner=owner(body))
    right = ("\t" in text and _RIGHT.search(text)) or (
        _ends_in_capital(text) and _CAPITALS_AFTER.search(text)
    )
    if right and not _OUTCOME.search(right["owner"]):
        return Action(text=text[: right.start()].strip(), owner=right["owner"].strip())
    ends = "action" in fold(text) and _ENDS.search(text)
    if ends:
        return Action(text=text[: ends.start() + 1].strip(), owner=ends["owner"].strip(" ,"))
    asked = any(word in text for word in _ASKED_WORDS) and _ASKED.search(text)
    if asked and asked["owner"].lower() not in _MEETING:
        return Action(text=f"{asked['owner']} to {asked['task']}", owner=asked["owner"])
    return _shorthand(text)


def _ends_in_capital(text: str) -> bool:
    """True where the text's last letter (before a final line break) is a capital."""
    return text.rstrip("\n")[-1:].isupper()


# "It was agreed that the Clerk would write to the police": the meeting's decision gives the task.
_AGREED_THAT = re.compile(
    r"\b(?:agreed|resolved|decided)\s+that\s+(?P<owner>(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s+"
    r"(?:would|will|should|is\s+to|was\s+to)\s+(?!be\b)(?P<verb>[a-z]{3,})\b(?P<rest>[^.;]*)"
)


def _agreed_that(text: str) -> Action | None:
    for match in _AGREED_THAT.finditer(text):
        if name := _owner_named(match["owner"]):
            return Action(text=f"{name} to {match['verb']}{match['rest']}".strip(), owner=name)
    return None


def _owner_named(who: str) -> str | None:
    """`who` as an owner where it is a person, a post or initials; else None."""
    people = mentions(who)
    if people and people[0].start == 0 and len(people[0].form) >= len(who) - 4:
        return people[0].form
    if _POSTS.match(who) or re.fullmatch(r"[A-Z]{2,3}", who):
        return re.sub(r"^the\s+", "", who, flags=re.I)
    return None


def _openings(text: str) -> list[int]:
    """Where a shorthand task may open, in order: the text's start, each sentence's start, and each
    "consensus is for" / "agreed for" (those matched whole, from the word)."""
    starts = [0, *(m.end() for m in _SENTENCE_START.finditer(text))]
    if " for" in text:
        starts = sorted({*starts, *(m.start() for m in _AGREED_FOR.finditer(text))})
    return starts


def _shorthand(text: str) -> Action | None:
    """The first "X to <verb> ..." sentence whose X is a person or a post, as an action; else the first
    "agreed that X would <verb> ..." whose X is one."""
    end = 0
    for start in _openings(text) if " to" in text else ():
        if start < end or not (
            text[start].isupper()
            or text.startswith(("the", "consensus", "agreed", "decided", "resolved"), start)
        ):
            continue
        match = _SHORTHAND.match(text, start)
        if match is None:
            continue
        end = match.end()
        if name := _owner_named(match["owner"]):
            return Action(text=f"{name} to {match['verb']}{match['rest']}".strip(), owner=name)
    decided = "that" in text and ("agreed" in text or "resolved" in text or "decided" in text)
    return _agreed_that(text) if decided else None


def owner(text: str) -> str | None:
    """The person or post an action names first: 'Commissioner Myers will …' -> 'Commissioner Myers'."""
    people = mentions(text)
    if people and people[0].start == 0:
        return people[0].form
    match = _OWNER_VERB.match(text)
    if match and match["owner"][0].isupper() and len(match["owner"].split()) <= 6:
        return match["owner"]
    if len(text.split()) <= 4 and text[:1].isupper():
        return text.rstrip(".")
    return None

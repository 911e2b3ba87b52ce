"""Decision makers (issue 13, item 1, first part): who made a decision, when minutes say a person
made it rather than the meeting — read from the decision's own text when asked, so nothing is
stored and the record contract (../shared/record-schema.json) is unchanged.

The pattern claimed, in minutes of any council: a decision by a person names the maker by a post
("Commissioner", "Cabinet Member for ...", "Leader", "Portfolio Holder", "Director of ...",
optionally followed by a name) either as the subject of "is/was minded to" or of "decided" /
"has decided" / "approved" / "determined" (not "agreed to", which is how a person's undertaking,
an action, is minuted), or in a label before the decision ("Cabinet Member
decision:", "Decision of the Leader:", "Decision taken by the Director of Finance:"). A body as
subject ("The Cabinet resolved") is the meeting's decision and has no maker here: the posts
below are posts held by one person, named in the way minutes name them, never a council's people.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import Connection, or_, select

from minutebook.registers.actions import words
from minutebook.registers.common import citation_columns, cited, contains, narrowed
from minutebook.store import schema as t

# Posts held by one person. "Member"/"Holder" need their qualifier, so "Members" (a body of
# people) never reads as a maker.
_POST = (
    r"(?:Joint\s+|Lead\s+|Deputy\s+|Assistant\s+|Executive\s+|Strategic\s+|Corporate\s+|Interim\s+)*"
    r"(?:Commissioner|Councillor|Cllr\.?|Cabinet\s+Member|Portfolio\s+Holder|Lead\s+Member|"
    r"Executive\s+Member|Leader|Mayor|Chief\s+Executive|Director|Head\s+of\s+Service|Chief\s+Officer)"
)
_NAME_WORD = r"[A-Z][\w.'’-]*"
_QUALIFIER = (
    rf"(?:\s+(?:for|of)\s+(?:the\s+)?{_NAME_WORD}(?:(?:\s+|,\s*|\s+and\s+|\s+&\s+){_NAME_WORD}){{0,5}})"
)
_MAKER = rf"(?P<maker>{_POST}(?:{_QUALIFIER}|(?:\s+{_NAME_WORD}){{1,3}})?)"
_SUBJECT = re.compile(
    rf"(?:^|[.;:]\s+|\b(?i:that)\s+)(?:the\s+|The\s+)?{_MAKER}(?:\s*\([^)]{{0,60}}\))?\s+"
    r"(?:is|was|were|are|has\s+been|had\s+been)\s+minded\s+to\b"
    r"|(?:^|[.;:]\s+|\b(?i:that)\s+)(?:the\s+|The\s+)?" + _MAKER.replace("maker", "doer") + r"\s+"
    r"(?:has\s+|had\s+)?(?:decided|approved|determined)\b"
)
_LABEL = re.compile(
    rf"^(?:(?:Record\s+of\s+)?(?:the\s+)?{_MAKER}(?:[’']s)?\s+[Dd]ecisions?"
    rf"|(?:Record\s+of\s+)?[Dd]ecisions?\s+(?:of|taken\s+by|made\s+by|by)\s+(?:the\s+)?"
    + _MAKER.replace("maker", "by")
    + r")\s*[:–—-]\s*"
)


@dataclass(frozen=True)
class MadeDecision:
    """A stored decision that names the person who made it."""

    maker: str
    kind: str
    text: str
    date: str
    meeting_id: str
    body: str
    item_position: int
    item_number: str | None
    item_title: str
    position: int
    line: int | None


def decision_maker(text: str) -> str | None:
    """The post (and name) of the person a decision's text says made it, else None."""
    for pattern in (_LABEL, _SUBJECT):
        if match := pattern.search(text.strip()):
            found = next(group for group in match.groups() if group)
            return re.sub(r"\s+", " ", found).strip(" ,")
    return None


def made_decisions(
    connection: Connection,
    *,
    maker: str | None = None,
    kind: str | None = None,
    body: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[MadeDecision]:
    """Decisions whose text names their maker, newest first; `maker` keeps those whose maker
    holds its words ("Commissioner", "Ney"), ignoring case."""
    d = t.decisions
    columns = (d.c.position, d.c.kind, d.c.text, d.c.line)
    query = cited(select(*citation_columns(), *columns), d)
    # Only texts saying "minded", "decided"... or "decision" can name a maker: the database narrows.
    saying = ("minded", "decision", "decided", "approved", "determined")
    query = narrowed(
        query.where(or_(*(contains([d.c.text], w) for w in saying))), body=body, since=since, until=until
    )
    if kind:
        query = query.where(d.c.kind == kind)
    query = query.order_by(t.meetings.c.date.desc(), d.c.meeting_id, d.c.item_position, d.c.position)
    found = []
    wanted = (maker or "").casefold().split()
    for row in connection.execute(query):
        who = decision_maker(row.text)
        if who is None or not all(word in who.casefold() for word in wanted):
            continue
        found.append(
            MadeDecision(
                maker=who,
                kind=row.kind,
                text=row.text,
                date=row.date,
                meeting_id=row.meeting_id,
                body=row.body,
                item_position=row.item_position,
                item_number=row.item_number,
                item_title=row.item_title,
                position=row.position,
                line=row.line,
            )
        )
    return found


# Minded-to -> final: a person first says what they are minded to decide, takes comments, then
# decides; the final decision repeats the subject. A link needs the same maker, a later (or
# later-placed) final decision, and most of the minded-to decision's words repeated.
SAME_SUBJECT = 0.6  # share of the minded-to decision's words the final one must repeat


@dataclass(frozen=True)
class MindedLink:
    minded: MadeDecision
    final: MadeDecision | None  # None: no final decision recorded yet
    days: int | None


def _subject(text: str) -> frozenset[str]:
    """The words of a decision's subject, without those saying who decided or how."""
    return words(_HOW.sub(" ", text))


_HOW = re.compile(r"\b(?:minded|decided|decision|approved|determined|agree[ds]?|approve)\b", re.I)


def _same_maker(a: str, b: str) -> bool:
    """One maker's words hold the other's ("Commissioner" and "Commissioner Ney")."""
    x, y = set(a.casefold().split()), set(b.casefold().split())
    return x <= y or y <= x


def link_minded(made: list[MadeDecision]) -> list[MindedLink]:
    """Each minded-to decision with the final decision on its subject, oldest first; a final
    decision answers one minded-to decision (the one sharing most words), and unresolved ones
    have no final."""
    ordered = sorted(made, key=lambda d: (d.date, d.meeting_id, d.item_position, d.position))
    minded = [d for d in ordered if d.kind == "minded-to"]
    taken: set[int] = set()
    links = []
    for m in minded:
        subject = _subject(m.text)
        best, best_share = None, SAME_SUBJECT
        for index, final in enumerate(ordered):
            if index in taken or final.kind == "minded-to" or not _same_maker(m.maker, final.maker):
                continue
            if (final.date, final.meeting_id, final.item_position, final.position) <= (
                m.date,
                m.meeting_id,
                m.item_position,
                m.position,
            ):
                continue
            share = len(subject & _subject(final.text)) / len(subject) if subject else 0.0
            if share >= best_share and (best is None or share > best_share):
                best, best_share = index, share
        answer = ordered[best] if best is not None else None
        if best is not None:
            taken.add(best)
        days = (dt.date.fromisoformat(answer.date) - dt.date.fromisoformat(m.date)).days if answer else None
        links.append(MindedLink(m, answer, days))
    return links

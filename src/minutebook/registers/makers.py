"""Decision makers (issue 13, items 1-2): who made a decision, when minutes or a record of
decisions say a person (or a named body) made it rather than a meeting, and each minded-to
decision linked to its final one. Read from the stored decisions and paragraphs when asked, so
nothing more is stored and the record contract (../shared/record-schema.json) is unchanged.

Where the maker is read from:
- a record of decisions (`minutebook.parse.decision_records`): its item's "Made by: ..." and
  "Date made: ..." paragraphs, the maker and the decision's own date as the record prints them;
- minutes: the decision's text. The pattern claimed, in minutes of any council: a decision by a
  person names the maker by a post ("Commissioner", "Cabinet Member for ...", "Leader", "Portfolio
  Holder", "Director of ...", optionally followed by a name) either as the subject of "is/was
  minded to" or of "decided" / "has decided" / "approved" / "determined" (not "agreed to", which
  is how a person's undertaking, an action, is minuted), or in a label before the decision
  ("Cabinet Member decision:", "Decision of the Leader:", "Decision taken by the Director of
  Finance:"). A body as subject ("The Cabinet resolved") is the meeting's decision and has no
  maker here: the posts below are posts held by one person, named in the way minutes name them,
  never a council's people.

A maker is split into name, post and body (`maker_parts`) and resolved to a person of the people
register (`registers.people`): by the name as that meeting's people were linked, else by the post,
held by one person at that meeting or last before it.

The public functions, for the CLI, the web pages, the JSON API and the exports:
    made_decisions(connection, maker=, kind=, body=, since=, until=) -> [MadeDecision]
    link_minded(made) -> [MindedLink]          each minded-to decision with its final one (or None)
    answered_by(links) -> {MadeDecision.key: MindedLink}   the same link, from the final decision
    unresolved(links) -> [MindedLink]          minded-to decisions with no final one yet
    makers(made, links) -> [MakerSummary]      each maker with counts
    makers_of(connection, [(meeting id, item position, text)]) -> [maker or None]   for a page
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import Connection, func, or_, select, tuple_

from minutebook.parse.dates import find_date
from minutebook.parse.decision_records import DATE_LABEL, MAKER_LABEL
from minutebook.registers.actions import words
from minutebook.registers.common import citation_columns, cited, contains, narrowed
from minutebook.registers.people import form_key
from minutebook.store import schema as t
from minutebook.store.save import person_key

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
    rf"|(?:(?:Record\s+of\s+)?[Dd]ecisions?\s+)?(?:of|taken\s+by|made\s+by|by)\s+(?:the\s+)?"
    + _MAKER.replace("maker", "by")
    + r")\s*[:–—-]\s*"
)
# (The label's "Decision" may be gone: the decisions extractor keeps "of the Leader: ..." of
# "Decision of the Leader: ...", having taken "Decision" for its own label.)


@dataclass(frozen=True)
class MadeDecision:
    """A stored decision made by a person (or a body named as its maker): the public row of the
    makers register, for the CLI, the web pages, the JSON API and the exports.

    `maker` is the maker as printed ("Commissioner Mary Ney", "Cabinet Member for Housing");
    `maker_person` the people register's key of the person (`registers.people.person`) when the
    name or post resolves to one, else None; `maker_post` the post they were said to hold, in the
    decision or by the people register at that meeting; `maker_body` a body named as maker
    ("Cabinet", with or without a person). `body` is the body of the meeting or record the
    decision is stored under, `date` the decision's own date where a record of decisions prints
    one ("Date made:"), else the meeting's (`meeting_date`). `reference` is the decision's printed
    reference in a record of decisions (the item's number there), else None."""

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
    maker_person: str | None = None
    maker_post: str | None = None
    maker_body: str | None = None
    meeting_date: str | None = None
    reference: str | None = None

    @property
    def key(self) -> tuple[str, int, int]:
        """The decision's place: (meeting id, item position, position in the item)."""
        return (self.meeting_id, self.item_position, self.position)


def decision_maker(text: str) -> str | None:
    """The post (and name) of the person a decision's text says made it, else None."""
    for pattern in (_LABEL, _SUBJECT):
        if match := pattern.search(text.strip()):
            found = next(group for group in match.groups() if group)
            return re.sub(r"\s+", " ", found).strip(" ,")
    return None


# A maker as printed, in parts: "Councillor Jane Smith, Cabinet Member for Housing", "Mary Ney
# (Commissioner)", "Commissioner Mary Ney", "Cabinet". A post that is also a form of address
# (Commissioner, Councillor, Mayor) may lead the name; a plural or a committee word is a body.
_ADDRESS = re.compile(r"^(?:Lead\s+|Deputy\s+)?(?:Commissioner|Councillor|Cllr\.?|Mayor)\s+(?=[A-Z])")
_BODY_WORD = re.compile(
    r"\b(?:Cabinet|Council|Committee|Sub-Committee|Board|Panel|Executive|Commissioners|Authority|Forum)$"
)
_POST_AT_START = re.compile(rf"^(?:the\s+)?{_POST}{_QUALIFIER}?", re.I)


@dataclass(frozen=True)
class MakerParts:
    """A maker split into who and what: a person's name, their post, a body."""

    name: str | None
    post: str | None
    body: str | None


def maker_parts(maker: str) -> MakerParts:
    """The name, post and body in a maker as printed (each None when it names none)."""
    name = post = body = addressed = None
    if (whole := _POST_AT_START.match(maker)) and whole.end() >= len(maker.rstrip(" .")):
        return MakerParts(
            None, re.sub(r"^(?i:the)\s+", "", maker.strip(" .")), None
        )  # a post, commas and all
    for part in re.split(r"\s*[,(;]\s*|\s*\)\s*|\s+[–—-]\s+|\s+and\s+(?=the\s|The\s)", maker):
        part = part.strip(" .")
        if not part:
            continue
        if (address := _ADDRESS.match(part)) and not _BODY_WORD.search(part):
            addressed = addressed or address.group(0).strip()  # "Councillor": a post if no other is given
            name = name or part[address.end() :].strip()
        elif _BODY_WORD.search(part) and not re.search(r"\bMember\b|\bHolder\b", part):
            body = body or re.sub(r"^(?i:the)\s+", "", part)
        elif (found := _POST_AT_START.match(part)) and found.end() >= len(part) - 1:
            post = post or re.sub(r"^(?i:the)\s+", "", part)
        elif re.fullmatch(rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}}", part):
            name = name or part
    return MakerParts(name, post or addressed, body)


def made_decisions(
    connection: Connection,
    *,
    maker: str | None = None,
    kind: str | None = None,
    body: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[MadeDecision]:
    """Decisions made by a person or a named body, newest first: those whose text names their
    maker ("Commissioner Ney is minded to ...", "Cabinet Member decision: ...") and those of a
    record of decisions, whose item names it ("Made by: ..."). `maker` keeps those whose maker,
    or the name of the person it resolves to, holds its words ("Commissioner", "Ney"), ignoring
    case; `kind` one kind (minded-to, resolved, ...); `body`, `since`, `until` as the registers."""
    d = t.decisions
    columns = (d.c.position, d.c.kind, d.c.text, d.c.line)
    query = cited(select(*citation_columns(), *columns), d)
    labelled = _labelled(connection)
    # Only texts saying "minded", "decided"... or "decision" can name a maker: the database narrows.
    saying = ("minded", "decision", "decided", "approve", "determined")
    p = t.paragraphs  # items of records of decisions: a subquery, however many there are
    recorded = select(p.c.meeting_id, p.c.item_position).where(p.c.text.like(f"{MAKER_LABEL}: %"))
    in_records = tuple_(d.c.meeting_id, d.c.item_position).in_(recorded)
    labelled_by = (d.c.text.like(f"{word} %") for word in ("of", "by", "taken", "made"))  # see _LABEL
    query = narrowed(
        query.where(or_(in_records, *labelled_by, *(contains([d.c.text], w) for w in saying))),
        body=body,
        since=since,
        until=until,
    )
    if kind:
        query = query.where(d.c.kind == kind)
    query = query.order_by(t.meetings.c.date.desc(), d.c.meeting_id, d.c.item_position, d.c.position)
    resolver = _Resolver(connection)
    found = []
    for row in connection.execute(query):
        fields = labelled.get((row.meeting_id, row.item_position), {})
        who = fields.get(MAKER_LABEL) or decision_maker(row.text)
        if who is None:
            continue
        parts = maker_parts(who)
        person, post = resolver.person(row.meeting_id, row.date, who, parts)
        decided = _date(fields.get(DATE_LABEL)) or row.date
        found.append(
            MadeDecision(
                maker=who,
                kind=row.kind,
                text=row.text,
                date=decided,
                meeting_id=row.meeting_id,
                body=row.body,
                item_position=row.item_position,
                item_number=row.item_number,
                item_title=row.item_title,
                position=row.position,
                line=row.line,
                maker_person=person,
                maker_post=parts.post or post,
                maker_body=parts.body,
                meeting_date=row.date,
                reference=row.item_number if fields else None,
            )
        )
    if maker:
        found = [m for m in found if _answers(m, maker, resolver)]
    found.sort(key=lambda m: (m.date, m.meeting_id, -m.item_position, -m.position), reverse=True)
    return found


def _answers(made: MadeDecision, maker: str, resolver: _Resolver) -> bool:
    """Whether the words of `maker` are all in the maker as printed or in its person's name."""
    said = f"{made.maker} {resolver.name_of(made.maker_person)}".casefold()
    return all(word in said for word in maker.casefold().split())


def makers_of(connection: Connection, decisions: list[tuple[str, int, str]]) -> list[str | None]:
    """The maker of each decision given as (meeting id, item position, text), None where neither
    its text nor its item (in a record of decisions, "Made by: ...") names one: for a register
    that shows a page of decisions with their makers."""
    labelled = _labelled(connection, {meeting for meeting, _, _ in decisions})
    return [
        labelled.get((meeting, position), {}).get(MAKER_LABEL) or decision_maker(text)
        for meeting, position, text in decisions
    ]


def _labelled(
    connection: Connection, meetings: set[str] | None = None
) -> dict[tuple[str, int], dict[str, str]]:
    """The labelled fields ("Made by", "Date made") of the items of records of decisions, by item,
    in `meetings` (all when None). Such items are few (one a recorded decision), so one query
    reads them all; a page of meetings is read through the paragraphs' index by meeting."""
    p = t.paragraphs
    labels = (MAKER_LABEL, DATE_LABEL)
    query = select(p.c.meeting_id, p.c.item_position, p.c.text).where(
        or_(*(p.c.text.like(f"{label}: %") for label in labels))
    )
    if meetings is not None:
        query = query.where(p.c.meeting_id.in_(sorted(meetings)))
    fields: dict[tuple[str, int], dict[str, str]] = {}
    for row in connection.execute(query):
        label, _, value = row.text.partition(": ")
        fields.setdefault((row.meeting_id, row.item_position), {}).setdefault(label, value.strip())
    return {key: value for key, value in fields.items() if MAKER_LABEL in value}


def _date(text: str | None) -> str | None:
    found = find_date(text) if text else None
    return found[0] if found else None


class _Resolver:
    """A maker to a person of the people register (`registers.people`), at a meeting: by their
    name as that meeting's people were linked, else by the post, held by exactly one person at that
    meeting, or else by the person last said to hold it before that date (a post such as "Leader"
    is held by one person at a time). Answers are kept: a maker recurs across decisions."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._found: dict[tuple[str, str], tuple[str | None, str | None]] = {}
        self._names: dict[str, str] = {}

    def person(
        self, meeting_id: str, date: str, maker: str, parts: MakerParts
    ) -> tuple[str | None, str | None]:
        """(person key, post they held there) of the maker at a meeting; None where unknown."""
        if (meeting_id, maker) not in self._found:
            key = self._by_name(meeting_id, maker, parts) if parts.name else None
            if key is None and parts.post:
                key = self._by_post(meeting_id, date, parts.post)
            self._found[(meeting_id, maker)] = (key, self._post_of(key, meeting_id) if key else None)
        return self._found[(meeting_id, maker)]

    def name_of(self, key: str | None) -> str:
        if key is None:
            return ""
        if key not in self._names:
            i = t.person_identities
            name = self.connection.execute(select(i.c.name).where(i.c.key == key)).scalar()
            self._names[key] = name or ""
        return self._names[key]

    def _by_name(self, meeting_id: str, maker: str, parts: MakerParts) -> str | None:
        link, f, p = t.person_links, t.person_forms, t.people
        forms = {form_key(maker), person_key(parts.name or ""), form_key(parts.name or "")}
        printed = select(p.c.key).join(f, f.c.person_id == p.c.id)
        printed = printed.where(f.c.meeting_id == meeting_id, func.lower(f.c.form) == maker.casefold())
        forms |= set(self.connection.execute(printed).scalars())
        query = select(link.c.identity).where(
            link.c.meeting_id == meeting_id, link.c.person_key.in_(forms), link.c.identity.is_not(None)
        )
        found = set(self.connection.execute(query).scalars())
        return found.pop() if len(found) == 1 else None

    def _by_post(self, meeting_id: str, date: str, post: str) -> str | None:
        """The one person said to hold `post` at the meeting, else the last one before its date."""
        pp, p, link, m = t.person_posts, t.people, t.person_links, t.meetings
        query = (
            select(link.c.identity, m.c.date, pp.c.meeting_id)
            .join(p, p.c.id == pp.c.person_id)
            .join(link, (link.c.person_key == p.c.key) & (link.c.meeting_id == pp.c.meeting_id))
            .join(m, m.c.id == pp.c.meeting_id)
            .where(func.lower(pp.c.post) == _plain_post(post), m.c.date <= date, link.c.identity.is_not(None))
            .order_by(m.c.date.desc())
            .limit(20)
        )
        rows = list(self.connection.execute(query))
        here = {r.identity for r in rows if r.meeting_id == meeting_id}
        if here:
            return here.pop() if len(here) == 1 else None
        latest = {r.identity for r in rows if rows and r.date == rows[0].date}
        return latest.pop() if len(latest) == 1 else None

    def _post_of(self, key: str, meeting_id: str) -> str | None:
        """A post the person was said to hold at the meeting, if any."""
        pp, p, link = t.person_posts, t.people, t.person_links
        query = (
            select(pp.c.post)
            .join(p, p.c.id == pp.c.person_id)
            .join(link, (link.c.person_key == p.c.key) & (link.c.meeting_id == pp.c.meeting_id))
            .where(pp.c.meeting_id == meeting_id, link.c.identity == key)
            .order_by(pp.c.id)
            .limit(1)
        )
        return self.connection.execute(query).scalar()


def _plain_post(post: str) -> str:
    return " ".join(re.sub(r"^(?i:the)\s+", "", post).casefold().split())


# Minded-to -> final: a person first says what they are minded to decide, takes comments, then
# decides; the final decision cites the minded-to one (its reference, or "minded-to decision of
# <date>") or repeats its subject. A link needs the same maker, a later (or later-placed) final
# decision, and a citation or most of the minded-to decision's words repeated.
SAME_SUBJECT = 0.6  # share of the minded-to decision's words the final one must repeat


@dataclass(frozen=True)
class MindedLink:
    """A minded-to decision and the final decision that answers it (None: none recorded yet),
    with the days between their dates and how they were linked: "reference" (the final decision
    cites the minded-to one) or "subject" (same maker, most of its words repeated)."""

    minded: MadeDecision
    final: MadeDecision | None
    days: int | None
    how: str | None = None


def _subject(text: str) -> frozenset[str]:
    """The words of a decision's subject, without those saying who decided or how."""
    return words(_HOW.sub(" ", text))


_HOW = re.compile(r"\b(?:minded|decided|decision|approved|determined|agree[ds]?|approve)\b", re.I)
# "the minded-to decision of 13 January 2016", "(minded to decision dated 13/01/2016)"
_CITES_MINDED = re.compile(
    r"\bminded[- ]to\s+decision\s+(?:of|dated|made\s+on|taken\s+on|on)\s+(?P<date>.{6,30})", re.I
)


def _same_maker(a: MadeDecision, b: MadeDecision) -> bool:
    """One maker: one's words holding the other's ("Commissioner" and "Commissioner Ney"), or the
    same person of the people register ("Commissioner Ney", "Commissioner Mary Ney"). Two people
    are one maker only as one office named by its post alone ("the Cabinet Member for Housing"
    minded to decide before the post changed hands, and deciding after)."""
    x, y = set(a.maker.casefold().split()), set(b.maker.casefold().split())
    worded = x <= y or y <= x
    if a.maker_person and b.maker_person and a.maker_person != b.maker_person:
        return worded and not maker_parts(a.maker).name and not maker_parts(b.maker).name
    return worded or (a.maker_person is not None and a.maker_person == b.maker_person)


def _cites(final: MadeDecision, minded: MadeDecision) -> bool:
    """The final decision cites the minded-to one: its printed reference (not a bare item number,
    which every meeting reuses), or a minded-to decision of its date."""
    said = f"{final.item_title} {final.text}"
    ref = minded.reference or ""
    printed = len(ref) >= 3 and not ref.isdigit()
    if printed and (final.reference == ref or re.search(rf"(?<![\w/-]){re.escape(ref)}(?![\w/-])", said)):
        return True
    cited = _CITES_MINDED.search(said)
    found = find_date(cited["date"]) if cited else None
    return bool(found and found[0] == minded.date)


def _after(final: MadeDecision, minded: MadeDecision) -> bool:
    order = lambda d: (d.date, d.meeting_id, d.item_position, d.position)  # noqa: E731
    return order(final) > order(minded)


def link_minded(made: list[MadeDecision]) -> list[MindedLink]:
    """Each minded-to decision with the final decision on its subject, oldest first. A final
    decision answers one minded-to decision, earlier and by the same maker: the one it cites, else
    the one sharing most of its words (at least SAME_SUBJECT of them), the latest where several
    share as many; unresolved ones have no final."""
    ordered = sorted(made, key=lambda d: (d.date, d.meeting_id, d.item_position, d.position))
    minded = [d for d in ordered if d.kind == "minded-to"]
    finals = [d for d in ordered if d.kind != "minded-to"]
    taken: set[int] = set()
    chosen: dict[int, tuple[int, str]] = {}  # minded index -> (final index, how)
    for i, m in enumerate(minded):  # citations first: they are certain
        for j, final in enumerate(finals):
            if j not in taken and _after(final, m) and _cites(final, m) and _same_maker(m, final):
                chosen[i] = (j, "reference")
                taken.add(j)
                break
    # A final decision answers the latest minded-to decision on its subject not yet answered: a
    # subject may come round again years later, after an earlier minded-to decision lapsed.
    for j, final in enumerate(finals):
        if j in taken:
            continue
        best, best_key = None, (SAME_SUBJECT, "")
        for i, m in enumerate(minded):
            if i in chosen or not _after(final, m) or not _same_maker(m, final):
                continue
            subject = _subject(m.text)
            share = len(subject & _subject(final.text)) / len(subject) if subject else 0.0
            if (share, m.date) >= best_key:
                best, best_key = i, (share, m.date)
        if best is not None:
            chosen[best] = (j, "subject")
            taken.add(j)
    links = []
    for i, m in enumerate(minded):
        j, how = chosen.get(i, (-1, None))
        answer = finals[j] if how is not None else None
        days = (dt.date.fromisoformat(answer.date) - dt.date.fromisoformat(m.date)).days if answer else None
        links.append(MindedLink(m, answer, days, how))
    return links


def answered_by(links: list[MindedLink]) -> dict[tuple[str, int, int], MindedLink]:
    """The other way round: each final decision's key (`MadeDecision.key`) to its link, so a final
    decision shows the minded-to decision it answers."""
    return {link.final.key: link for link in links if link.final is not None}


def unresolved(links: list[MindedLink]) -> list[MindedLink]:
    """Minded-to decisions with no final decision recorded, oldest first."""
    return [link for link in links if link.final is None]


@dataclass(frozen=True)
class MakerSummary:
    """One maker with counts: `key` the person key where the maker resolves to a person, else the
    maker as printed, folded (one row for "Commissioner Mary Ney" and "Commissioner Ney" when both
    are the same person); `maker` the fullest printed form; `posts` the posts given for them."""

    key: str
    maker: str
    maker_person: str | None
    posts: list[str]
    decisions: int
    minded_to: int
    final: int  # decisions that are not minded-to
    resolved_minded: int  # minded-to decisions with a final decision recorded
    unresolved: int
    first_date: str
    last_date: str


def maker_key(made: MadeDecision) -> str:
    """The key a maker is counted under: its person, else its words as printed, folded."""
    return made.maker_person or " ".join(made.maker.casefold().split())


def makers(made: list[MadeDecision], links: list[MindedLink] | None = None) -> list[MakerSummary]:
    """Each maker of `made` (as `made_decisions` gives them) with counts, most decisions first;
    `links` (from `link_minded(made)`) count the minded-to decisions resolved and not."""
    links = link_minded(made) if links is None else links
    answered = {link.minded.key for link in links if link.final is not None}
    grouped: dict[str, list[MadeDecision]] = {}
    for decision in made:
        grouped.setdefault(maker_key(decision), []).append(decision)
    rows = []
    for key, theirs in grouped.items():
        minded = [d for d in theirs if d.kind == "minded-to"]
        done = sum(1 for d in minded if d.key in answered)
        dates = sorted(d.date for d in theirs)
        rows.append(
            MakerSummary(
                key=key,
                maker=max((d.maker for d in theirs), key=lambda m: (len(m.split()), m)),
                maker_person=theirs[0].maker_person,
                posts=sorted({d.maker_post for d in theirs if d.maker_post}),
                decisions=len(theirs),
                minded_to=len(minded),
                final=len(theirs) - len(minded),
                resolved_minded=done,
                unresolved=len(minded) - done,
                first_date=dates[0],
                last_date=dates[-1],
            )
        )
    return sorted(rows, key=lambda r: (-r.decisions, r.maker.casefold()))

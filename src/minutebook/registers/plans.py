"""Plans and their progress: where minutes report how far a named plan has got ("the Improvement
Plan which has completed 48% of its overall actions", "12 of 25 actions in the CSE Action Plan
are complete", "the Local Plan's RAG status: amber"), each reported figure is a data point with
its plan, date, meeting, item, paragraph and line. Computed from the stored paragraphs when asked,
like the timeline: nothing is kept but the minutes themselves.

The pattern claimed, in minutes of any council: a progress report names the plan and gives the
figure in the same clause (a sentence, or a part of one between semicolons, which minutes use to
list several updates in one paragraph). A plan is named as a proper name ending in "Plan"
(capitalised words, acronyms or quoted words before it: "CSE Action Plan", "Corporate 'Fresh
Start' Improvement Plan"), or as "the/its <word> plan" in lower case ("the action plan"). A figure
counts only when the clause ties it to progress, since plans carry other numbers (housing
targets, budgets): a percentage beside a word of completion or of actions ("complete",
"delivered", "of its actions"); "N of M actions" (or recommendations, milestones...) ; a RAG
status (red, amber, green, named as "RAG", "rated" or "status").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, or_, select

from minutebook.errors import MinutebookError
from minutebook.record import slug
from minutebook.registers.actions import ActionEntry, actions
from minutebook.registers.common import MAX_LIMIT, citation_columns, cited, contains, narrowed
from minutebook.store import schema as t

KINDS = ("percent", "count", "rag")

# A clause: minutes list several updates in one sentence separated by semicolons.
_CLAUSE_END = re.compile(r"(?<=[a-z0-9%)])[.!?](?=\s+[A-Z(])|;|\n")
_QUOTED = r"[‘'\"“][A-Z][^‘’'\"“”]{0,40}[’'\"”]"
_NAME_WORD = rf"(?:{_QUOTED}|[A-Z][A-Za-z0-9&/-]*|and|for|of|&)"
# A proper name: up to six name words (the last capitalised) before "Plan"; "of"/"and" inside.
_PROPER = re.compile(rf"((?:{_NAME_WORD}\s+){{0,6}}?)(Plan)\b")
_COMMON = re.compile(r"\b(?:the|its|their|our|this)\s+([a-z]{4,}\s+plan)\b")
_LEADING = re.compile(r"^(?:(?:The|This|Its|Our|Their|A|An|and|for|of|&)\s+)+")
_POSSESSIVE = re.compile(r"[’']s$")

_THINGS = r"actions|recommendations|milestones|objectives|measures|tasks|deliverables|projects|workstreams"
_COUNT = re.compile(
    rf"\b(\d{{1,4}})\s+(?:out\s+)?of\s+(?:the\s+|its\s+)?(\d{{1,4}})\s+(?:[a-z]+\s+){{0,2}}?({_THINGS})\b",
    re.IGNORECASE,
)
# "45 actions, of which 30 are complete": the same count said the other way round.
_OF_WHICH = re.compile(
    rf"\b(\d{{1,4}})\s+(?:[a-z]+\s+)?(?:{_THINGS})\b[^.;]{{0,40}}?\bof\s+which\s+(\d{{1,4}})\s+"
    r"(?:are|were|have\s+been|had\s+been|are\s+now)\s+(?:complete[d]?|delivered|achieved|implemented)\b",
    re.IGNORECASE,
)
_RAG = re.compile(
    r"\b(?:RAG\b[^.;:]{0,40}?|rated|status)\s*(?:of\s+|is\s+|was\s+|remains\s+|as\s+|:\s*|-\s*)?"
    r"(red|amber|green)(?:\s*[/-]\s*(red|amber|green))?\b",
    re.IGNORECASE,
)
# A percentage is progress when the words beside it say so, a word or two away at most (a plan
# also carries rates, increases and shares of homes): "48% of its overall actions", "80%
# delivered", "60% complete", "a completion rate of 48%", "has delivered 75%".
_SHARE = r"(\d{1,3}(?:\.\d+)?)\s?(?:%|per\s?cent\b)"
_DONE = r"complete[ds]?|delivered|achieved|implemented|on\s+track|on\s+target"
_PERCENT = re.compile(
    rf"\b{_SHARE}\s+(?:of\s+(?:its\s+|the\s+|all\s+)?(?:[a-z]+\s+)?(?:{_THINGS})\b"
    rf"|(?:[a-z]+\s+){{0,2}}?(?:{_DONE})\b)"
    rf"|\b(?:completed|delivered|achieved|implemented|completion|progress)\s+"
    rf"(?:(?:rate\s+)?(?:of|was|is|at|stood\s+at|now)\s+|[a-z]+\s+){{0,2}}?{_SHARE}",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Figure:
    """A figure of progress read from a clause: `value` as written ("48%", "12 of 25", "amber"),
    `percent` where it is a share (12 of 25 is 48.0), `clause` the words that report it."""

    plan: str
    kind: str  # percent | count | rag
    value: str
    percent: float | None
    clause: str


@dataclass(frozen=True)
class PlanPoint:
    """One reported figure of a plan, cited to its paragraph."""

    plan: str
    plan_slug: str
    kind: str
    value: str
    percent: float | None
    date: str
    meeting_id: str
    body: str
    body_slug: str
    item_position: int
    item_number: str | None
    item_title: str
    paragraph: int
    ref: str | None
    line: int
    quote: str


@dataclass(frozen=True)
class PlanSummary:
    """A plan with its latest reported figure and how many figures were reported."""

    plan: str
    plan_slug: str
    reports: int
    first_date: str
    latest: PlanPoint
    actions: int = 0  # actions of the actions register whose text names the plan
    actions_open: int = 0  # of those, the ones nobody has followed up or closed
    # The latest figure of each sort: a plan reported as "20 of 25 actions" and "rated green" at
    # once has both, and `latest` is whichever the minutes gave last.
    latest_share: PlanPoint | None = None  # the latest percentage or count
    latest_rag: PlanPoint | None = None  # the latest RAG status


def clauses(text: str) -> list[str]:
    """A paragraph cut into sentences and the parts of sentences between semicolons."""
    cut = [part.strip() for part in _CLAUSE_END.split(text)]
    return [part for part in cut if part]


def plan_names(clause: str) -> list[tuple[int, str]]:
    """The plans a clause names, with where each name ends: proper names ("the CSE Action
    Plan" -> "CSE Action Plan"), else "the <word> plan" in lower case ("the action plan")."""
    found = []
    for match in _PROPER.finditer(clause):
        words = match.group(1).split()
        # A heading's "Update On The ..." and an owner ("the Council's Improvement Plan") are not
        # part of the name: it starts after the last "The" or possessive.
        owners = [i for i, word in enumerate(words) if _POSSESSIVE.search(word) or word in ("The", "THE")]
        kept = " ".join(words[owners[-1] + 1 :] if owners else words)
        name = _LEADING.sub("", f"{kept} Plan".strip())
        found.append((match.end(), _plain_quotes(name)))
    if not found:
        found = [(m.end(), m.group(1).capitalize()) for m in _COMMON.finditer(clause)]
    return found


def _plain_quotes(name: str) -> str:
    return name.translate(str.maketrans("‘’“”", "''\"\""))


# What every figure needs, tested with plain substring checks first: a share ("%", "per cent"),
# a count ("12 of", "of which") or a colour. Text with none of them holds no figure and is not
# read further (naming the plans of every clause saying "plan" was most of a register's time).
_COUNTED = re.compile(r"\d\s+(?:out\s+)?of\b", re.IGNORECASE)
_PER_CENT = re.compile(r"per\s?cent", re.IGNORECASE)
_COLOUR = re.compile(r"\b(?:red|amber|green)\b", re.IGNORECASE)


def _could_hold_figure(text: str) -> bool:
    low = text.lower()
    return (
        "%" in text
        or ("cent" in low and bool(_PER_CENT.search(text)))
        or (" of" in low and ("of which" in low or bool(_COUNTED.search(text))))
        or (("red" in low or "amber" in low or "green" in low) and bool(_COLOUR.search(text)))
    )


def figures(text: str) -> list[Figure]:
    """Every figure of progress in a paragraph, each with the plan its clause names (the
    nearest name before the figure, else the first after it); clauses naming no plan give none."""
    found: list[Figure] = []
    if not _could_hold_figure(text):
        return found
    for clause in clauses(text):
        if not _could_hold_figure(clause):
            continue
        names = plan_names(clause)
        if not names:
            continue
        for start, kind, value, percent in _figures_in(clause):
            before = [name for end, name in names if end <= start]
            plan = before[-1] if before else names[0][1]
            found.append(Figure(plan, kind, value, percent, clause))
    return found


def _figures_in(clause: str) -> Iterator[tuple[int, str, str, float | None]]:
    counted: list[tuple[int, int]] = []
    for match in _COUNT.finditer(clause):
        done, total = int(match.group(1)), int(match.group(2))
        if total > 0 and done <= total:
            counted.append(match.span())
            yield match.start(), "count", f"{done} of {total}", round(100 * done / total, 1)
    for match in _OF_WHICH.finditer(clause):
        total, done = int(match.group(1)), int(match.group(2))
        if total > 0 and done <= total:
            counted.append(match.span())
            yield match.start(), "count", f"{done} of {total}", round(100 * done / total, 1)
    for match in _PERCENT.finditer(clause):
        figure = match.group(1) or match.group(2)
        share = float(figure)
        inside = any(a <= match.start() < b for a, b in counted)
        if share <= 100 and not inside:
            yield match.start(match.lastindex or 1), "percent", f"{figure}%", share
    for match in _RAG.finditer(clause):
        colours = [c.lower() for c in match.groups() if c]
        yield match.start(), "rag", "/".join(colours), None


@dataclass(frozen=True)
class _Paragraph:
    meeting_id: str
    body: str
    body_slug: str
    date: str
    item_position: int
    item_number: str | None
    item_title: str
    position: int
    ref: str | None
    line: int
    text: str


def points_in(paragraphs: Iterable[_Paragraph]) -> list[PlanPoint]:
    """The data points of stored paragraphs, in the order given."""
    points = []
    for p in paragraphs:
        for figure in figures(p.text):
            points.append(
                PlanPoint(
                    plan=figure.plan,
                    plan_slug=slug(figure.plan),
                    kind=figure.kind,
                    value=figure.value,
                    percent=figure.percent,
                    date=p.date,
                    meeting_id=p.meeting_id,
                    body=p.body,
                    body_slug=p.body_slug,
                    item_position=p.item_position,
                    item_number=p.item_number,
                    item_title=p.item_title,
                    paragraph=p.position,
                    ref=p.ref,
                    line=p.line,
                    quote=figure.clause,
                )
            )
    return points


def plan_points(
    connection: Connection,
    *,
    plan: str | None = None,
    body: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[PlanPoint]:
    """Every reported figure of progress, oldest first, in the order of the minutes; `plan`
    keeps the plans whose name holds its words (slugged: "improvement plan" finds "Corporate
    'Fresh Start' Improvement Plan")."""
    p = t.paragraphs
    query = cited(select(*citation_columns(), p.c.position, p.c.ref, p.c.line, p.c.text), p)
    # Only paragraphs saying "plan" can report on one: the database narrows, Python reads.
    query = narrowed(
        query.where(contains([p.c.text], "plan"), _could_report(p.c.text)),
        body=body,
        since=since,
        until=until,
    )
    query = query.order_by(t.meetings.c.date, p.c.meeting_id, p.c.item_position, p.c.position)
    rows = (_Paragraph(**row._mapping) for row in connection.execute(query))
    points = points_in(rows)
    if plan is not None:
        wanted = slug(plan)
        if not re.search(r"[^\W_]", plan):  # slug() names an empty name "meeting"
            raise MinutebookError(f"plan {plan!r}: give words of its name")
        points = [point for point in points if _names(point.plan_slug, wanted)]
    return points


# What the database can test of a figure's words, as plain substrings: a share ("%", "per cent"),
# a count of things ("actions", "milestones"...: _THINGS), or a colour with what names it a status
# ("RAG", "rated", "status"). More than the figures match, never fewer: Python reads the rest.
_THING_STEMS = [thing.removesuffix("s") for thing in _THINGS.split("|")]


def _could_report(text: Any) -> ColumnElement[bool]:
    def has(word: str) -> ColumnElement[bool]:
        return contains([text], word)

    status = or_(has("rag"), has("rated"), has("status"))
    colour = or_(has("red"), has("amber"), has("green"))
    return or_(has("%"), has("cent"), *(has(stem) for stem in _THING_STEMS), and_(colour, status))


def _names(plan_slug: str, wanted: str) -> bool:
    return f"-{wanted}-" in f"-{plan_slug}-"


def plans(
    connection: Connection,
    *,
    body: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[PlanSummary]:
    """Each plan reported on, with its latest figure; the most recently reported first."""
    by_plan: dict[str, list[PlanPoint]] = {}
    for point in plan_points(connection, body=body, since=since, until=until):
        by_plan.setdefault(point.plan_slug, []).append(point)
    summaries = [
        PlanSummary(
            series[-1].plan,
            key,
            len(series),
            series[0].date,
            series[-1],
            *_actions(connection, series),
            latest_share=next((p for p in reversed(series) if p.percent is not None), None),
            latest_rag=next((p for p in reversed(series) if p.kind == "rag"), None),
        )
        for key, series in by_plan.items()
    ]
    return sorted(summaries, key=lambda s: (s.latest.date, s.plan_slug), reverse=True)


def series_of(connection: Connection, plan_slug: str) -> list[PlanPoint]:
    """One plan's figures, oldest first, by its slug exactly (as `plans` gives it): the series a
    page of the plan shows, where `plan_points(plan=...)` would also take longer names."""
    return [point for point in plan_points(connection, plan=plan_slug) if point.plan_slug == plan_slug]


def plan_actions(connection: Connection, series: list[PlanPoint]) -> list[ActionEntry]:
    """The actions of the actions register that belong to the plan, newest first: the work
    minuted towards it, shown beside the figure its reports give. An action belongs to the plan
    when its text names the plan (by any name it was reported under), or when it was minuted
    under an item that reports the plan's progress and whose title names the plan ("Improvement
    Plan update"): minutes put the actions of an agenda item under that item, so a plan's own
    item holds its actions even when they do not repeat its name. Up to MAX_LIMIT a name or item."""
    seen: dict[str, ActionEntry] = {}
    for name in dict.fromkeys(point.plan for point in series):
        for entry in actions(connection, text=name, limit=MAX_LIMIT).rows:
            seen[entry.id] = entry
    for meeting_id, item_position in _plan_items(series):
        for entry in actions(connection, meeting_id=meeting_id, limit=MAX_LIMIT).rows:
            if entry.item_position == item_position:
                seen[entry.id] = entry
    return sorted(
        seen.values(), key=lambda a: (a.date, a.meeting_id, a.item_position, a.position), reverse=True
    )


def _plan_items(series: list[PlanPoint]) -> list[tuple[str, int]]:
    """The items reporting the plan whose titles name it: a plan named in the title whose words
    are all words of the plan's name ("Improvement Plan" for the "Fresh Start Improvement Plan")."""
    items = []
    for point in series:
        titled = [slug(name) for _, name in plan_names(point.item_title)]
        if any(_names(point.plan_slug, name) for name in titled):
            items.append((point.meeting_id, point.item_position))
    return list(dict.fromkeys(items))


def _actions(connection: Connection, series: list[PlanPoint]) -> tuple[int, int]:
    """How many actions name the plan, and how many of them are open."""
    found = plan_actions(connection, series)
    return len(found), sum(entry.status == "open" for entry in found)

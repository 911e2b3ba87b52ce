"""Topics over time: for a search query, how many passages match in each month or quarter, by
body, with the first and latest mention; and the same as an SVG chart for the web page.

Matching is `minutebook.search`'s: its query language (`parse_query`), written for FTS5 on
SQLite or for a tsquery on PostgreSQL, so a timeline counts exactly what a search would find.
Counting needs no ranking or snippets: the matches are grouped by body and month, on SQLite
by the meeting each falls in when there are many (see `_counted_by_meeting`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from html import escape
from itertools import pairwise
from typing import Any, NamedTuple

from sqlalchemy import Connection, func, select, text

from minutebook.errors import MinutebookError
from minutebook.record import slug
from minutebook.registers.common import checked_date
from minutebook.search.query import parse_query, to_fts5, to_tsquery
from minutebook.store import schema as t

PERIODS = ("month", "quarter")
# Above this many matches per meeting stored, counting by meeting (see `_counted_by_meeting`)
# beats looking each match up: at 10,000 meetings a lookup and its grouping cost about 1 µs, a
# meeting's span about 2.5 µs.
LOOKUPS_PER_MEETING = 2


@dataclass(frozen=True)
class Mention:
    meeting_id: str
    body: str
    date: str


@dataclass(frozen=True)
class Series:
    body: str
    points: list[tuple[str, int]]  # (period, hits), periods in order; only periods with hits


@dataclass(frozen=True)
class Timeline:
    query: str
    by: str  # month | quarter
    periods: list[str]  # every period from the first mention to the latest
    series: list[Series]  # one per body, most hits first
    total: int
    first: Mention | None
    latest: Mention | None

    def rows(self) -> list[dict[str, Any]]:
        """One row per body and period with hits: the shape of the CSV."""
        rows = [{"period": p, "body": s.body, "hits": n} for s in self.series for p, n in s.points]
        return sorted(rows, key=lambda row: (row["period"], row["body"]))


def period_of(date: str, by: str) -> str:
    """'2013-07-10' -> '2013-07' (month) or '2013-Q3' (quarter)."""
    return date[:7] if by == "month" else f"{date[:4]}-Q{(int(date[5:7]) - 1) // 3 + 1}"


def all_periods(first: str, last: str, by: str) -> list[str]:
    """Every month or quarter from `first` to `last` (both periods), so gaps show as zero."""
    year, step = int(first[:4]), 1
    index = int(first[5:7]) if by == "month" else int(first[-1])
    per_year = 12 if by == "month" else 4
    found = []
    while True:
        period = f"{year}-{index:02d}" if by == "month" else f"{year}-Q{index}"
        found.append(period)
        if period >= last:
            return found
        index += step
        if index > per_year:
            year, index = year + 1, 1


def timeline(
    connection: Connection,
    query: str,
    *,
    by: str = "month",
    body: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Timeline:
    """Hits for `query` per period and body (search syntax; see `minutebook.search.query`)."""
    if by not in PERIODS:
        raise MinutebookError(f"--by {by!r}: use month or quarter")
    node = parse_query(query)
    params: dict[str, Any] = {"body": slug(body) if body else None}
    params |= {"since": checked_date("since", since), "until": checked_date("until", until)}
    filters = "".join(
        sql
        for name, sql in (
            ("body", " AND e.body_id IN (SELECT id FROM bodies WHERE slug = :body)"),
            ("since", " AND e.date >= :since"),
            ("until", " AND e.date <= :until"),
        )
        if params[name]
    )
    if connection.dialect.name == "postgresql":
        source = "search_entries e"
        match = "to_tsvector('english', e.text) @@ to_tsquery('english', :match)"
        params["match"] = to_tsquery(node)
    else:
        source = "search_fts JOIN search_entries e ON e.id = search_fts.rowid"
        match = "search_fts MATCH :match"
        params["match"] = to_fts5(node)
    where = f"FROM {source} WHERE {match}{filters}"
    bound = {k: v for k, v in params.items() if v}
    counts = None
    if connection.dialect.name == "sqlite":
        counts = _counted_by_meeting(connection, params)
    if counts is None:
        # One pass over the matches, looking up each one's body and date (copied onto the entry,
        # so no join per match to meetings), grouped: a lookup per match, cheap when they are few.
        counts = connection.execute(
            text(
                "SELECT e.body_id, substr(e.date, 1, 7) AS month, count(*) AS hits,"
                f" min(e.date) AS first, max(e.date) AS latest {where} GROUP BY e.body_id, month"
            ),
            bound,
        ).all()
    b = t.bodies
    ids = {row.body_id for row in counts}
    names = dict(connection.execute(select(b.c.id, b.c.name).where(b.c.id.in_(ids))).all()) if ids else {}
    named = [Count(names[row.body_id], *row) for row in counts]
    return _timeline(query, by, named, _ends(connection, named))


class _Month(NamedTuple):
    body_id: int
    month: str
    hits: int
    first: str
    latest: str


def _counted_by_meeting(connection: Connection, params: dict[str, Any]) -> list[_Month] | None:
    """Hits per body and month counted by meeting, without looking up each match (SQLite only);
    None when a lookup per match is cheaper or the shortcut does not hold.

    A meeting's search entries are stored together, so their ids form a span of their own. FTS5
    gives the matching ids alone in a few ms, and the spans are two index seeks a meeting
    (`ix_search_entries_meeting` holds each entry's id), so a word in most meetings costs a pass
    over the meetings, not a lookup per match. The spans are checked: if any two overlap (entries
    interleaved by something other than `store.save`), the caller looks each match up instead.
    """
    # The ids as one string: fetching ~100,000 rows one at a time would cost more than the match.
    listed = connection.execute(
        text(
            "SELECT group_concat(rowid) FROM"
            " (SELECT rowid FROM search_fts WHERE search_fts MATCH :match ORDER BY rowid)"
        ),
        {"match": params["match"]},
    ).scalar_one()
    ids = sorted(map(int, listed.split(","))) if listed else []  # in order already: sorting is one pass
    meetings = connection.execute(select(func.count()).select_from(t.meetings)).scalar_one()
    if len(ids) < LOOKUPS_PER_MEETING * meetings:
        return None  # few: the caller's lookups cost less than reading every meeting's span
    spans = _spans(connection)
    if any(high >= low for (_, high, _, _), (low, _, _, _) in pairwise(spans)):
        return None
    body_ids = (
        set(connection.execute(select(t.bodies.c.id).where(t.bodies.c.slug == params["body"])).scalars())
        if params["body"]
        else None
    )
    since, until = params["since"] or "", params["until"] or "9999"
    months: dict[tuple[int, str], list[Any]] = {}  # -> [hits, first date, latest date]
    for low, high, body_id, date in spans:
        if (body_ids is not None and body_id not in body_ids) or not since <= date <= until:
            continue
        hits = bisect_right(ids, high) - bisect_left(ids, low)
        if hits:
            month = months.setdefault((body_id, date[:7]), [0, date, date])
            month[0] += hits
            month[1], month[2] = min(month[1], date), max(month[2], date)
    return [_Month(*key, *value) for key, value in months.items()]


Span = tuple[int, int, int, str]  # first and last search entry id, body id, date
# Spans per database file, with the mark they were read at (see `_spans`).
_KEPT_SPANS: dict[str, tuple[tuple[Any, ...], list[Span]]] = {}


def _spans(connection: Connection) -> list[Span]:
    """Each meeting's span of search entry ids (first, last), with its body and date (which its
    entries carry as copies), in id order; meetings without entries left out.

    Reading them is two index seeks a meeting, most of a common word's timeline, so they are kept
    for a database file until its mark moves: saving a meeting adds entries with higher ids than
    any before (the newest id moves) and removing one changes the count of meetings. A span kept
    for a meeting since replaced holds no id that still matches, so it counts nothing."""
    mark = tuple(
        connection.execute(
            text("SELECT (SELECT max(id) FROM search_entries), (SELECT count(*) FROM meetings)")
        ).one()
    )
    database = connection.engine.url.database
    key = str(connection.engine.url) if database and database != ":memory:" else None
    if key and key in _KEPT_SPANS and _KEPT_SPANS[key][0] == mark:
        return _KEPT_SPANS[key][1]
    low, high = (
        f"(SELECT {edge}(e.id) FROM search_entries e WHERE e.meeting_id = m.id)" for edge in ("min", "max")
    )
    rows = connection.execute(text(f"SELECT {low} AS low, {high} AS high, m.body_id, m.date FROM meetings m"))
    spans = sorted(tuple(row) for row in rows.all() if row.low is not None)
    if key:
        _KEPT_SPANS[key] = (mark, spans)
    return spans


@dataclass(frozen=True)
class Count:
    """Matches of one body in one month."""

    body: str
    body_id: int
    month: str
    hits: int
    first: str
    latest: str


def _ends(connection: Connection, counts: list[Count]) -> list[Mention]:
    """The first and latest mention: a body's meeting on the earliest and latest date matched
    (a body meets once a day, so the date names the meeting)."""
    if not counts:
        return []
    first = min(counts, key=lambda row: (row.first, row.body))
    latest = max(counts, key=lambda row: (row.latest, row.body))
    found = []
    for body_id, body, date in (
        (first.body_id, first.body, first.first),
        (latest.body_id, latest.body, latest.latest),
    ):
        meeting_id = connection.execute(
            select(t.meetings.c.id).where(t.meetings.c.body_id == body_id, t.meetings.c.date == date).limit(1)
        ).scalar_one()
        found.append(Mention(meeting_id, body, date))
    return found


def _timeline(query: str, by: str, counts: list[Count], ends: list[Mention]) -> Timeline:
    per_body: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in counts:
        per_body[row.body][period_of(f"{row.month}-01", by)] += row.hits
    series = [Series(name, sorted(points.items())) for name, points in per_body.items()]
    series.sort(key=lambda s: (-sum(n for _, n in s.points), s.body))
    first, latest = (ends[0], ends[-1]) if ends else (None, None)
    periods = (
        all_periods(period_of(first.date, by), period_of(latest.date, by), by) if first and latest else []
    )
    return Timeline(query, by, periods, series, sum(row.hits for row in counts), first, latest)


# -- the chart -----------------------------------------------------------------------------------

WIDTH, HEIGHT, LEFT, BOTTOM, TOP, RIGHT = 720, 260, 44, 40, 28, 12
# Each at least 4.5:1 against the white page (WCAG's 3:1 for graphics, with room to spare).
COLOURS = ("#1f77b4", "#d62728", "#2a7d2a", "#7b4fa8", "#8c564b", "#b8327f", "#6b6b6b", "#0e7c8a")
MAX_SERIES = len(COLOURS)


def timeline_svg(result: Timeline) -> str:
    """A stacked bar chart of hits per period, one colour per body (the rest as "Other bodies"),
    as plain SVG with a title, a description, axis labels and a legend, for screen readers too."""
    series = _top_series(result.series)
    periods = result.periods or ["-"]
    hits_of = [dict(s.points) for s in series]  # once: a decade by month is 120 periods per series
    totals = [sum(hits.get(p, 0) for hits in hits_of) for p in periods]
    peak = max(totals, default=0) or 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    bar = plot_w / len(periods)
    title = f"Mentions of “{result.query}” by {result.by}"
    when = f" from {result.first.date} to {result.latest.date}" if result.first and result.latest else ""
    desc = f"{result.total} matching passages{when}, in {len(result.series)} bodies."
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT + 18 * len(series)}"'
        ' role="img" aria-labelledby="timeline-title timeline-desc" font-family="sans-serif" font-size="11">',
        f'<title id="timeline-title">{escape(title)}</title>',
        f'<desc id="timeline-desc">{escape(desc)}</desc>',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" stroke="#333"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="#333"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end">{peak}</text>',
        f'<text x="{LEFT - 6}" y="{TOP + plot_h}" text-anchor="end">0</text>',
        f'<text x="12" y="{TOP + plot_h / 2}" transform="rotate(-90 12 {TOP + plot_h / 2})"'
        ' text-anchor="middle">hits</text>',
    ]
    label_every = -(-len(periods) // 10)  # at most ten period labels: more would overlap
    for i, period in enumerate(periods):
        x, y = LEFT + i * bar, TOP + plot_h
        for colour, s, of_series in zip(COLOURS, series, hits_of, strict=False):
            hits = of_series.get(period, 0)
            if hits:
                height = plot_h * hits / peak
                y -= height
                parts.append(
                    f'<rect x="{x + bar * 0.1:.1f}" y="{y:.1f}" width="{bar * 0.8:.1f}" height="{height:.1f}"'
                    f' fill="{colour}"><title>{escape(s.body)}, {period}: {hits}</title></rect>'
                )
        if i % label_every == 0:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{TOP + plot_h + 14}" text-anchor="middle">{period}</text>'
            )
    for i, (colour, s) in enumerate(zip(COLOURS, series, strict=False)):
        y = HEIGHT + 18 * i
        total = sum(n for _, n in s.points)
        parts.append(f'<rect x="{LEFT}" y="{y - 9}" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{LEFT + 16}" y="{y}">{escape(s.body)} ({total})</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _top_series(series: list[Series]) -> list[Series]:
    """The bodies with most hits, and the rest summed as one series, so colours stay few."""
    if len(series) <= MAX_SERIES:
        return series
    rest: dict[str, int] = defaultdict(int)
    for s in series[MAX_SERIES - 1 :]:
        for period, hits in s.points:
            rest[period] += hits
    return [*series[: MAX_SERIES - 1], Series("Other bodies", sorted(rest.items()))]

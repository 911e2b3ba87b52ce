"""Topics over time: for a search query, how many passages match in each month or quarter, by
body, with the first and latest mention; and the same as an SVG chart for the web page.

Matching is `minutebook.search`'s: its query language and its index (`search.index`), on both
backends, so a timeline counts what a search matches; a question in plain words counts the
passages holding all its words (a mention of the topic), where search ranks any of them.
Counting needs no ranking or snippets: the index groups the matches by body and month itself.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from html import escape
from typing import Any

from sqlalchemy import Connection, select

from minutebook.errors import MinutebookError
from minutebook.record import slug
from minutebook.registers.common import checked_date
from minutebook.search.index import count_by_month
from minutebook.search.query import parse_query
from minutebook.store import schema as t

PERIODS = ("month", "quarter")


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
    parse_query(query)  # a QueryError for what cannot be read
    body_ids = None
    if body:
        rows = connection.execute(select(t.bodies.c.id).where(t.bodies.c.slug == slug(body)))
        body_ids = list(rows.scalars())
    counts = count_by_month(
        connection,
        query,
        body_ids=body_ids,
        since=checked_date("since", since),
        until=checked_date("until", until),
    )
    b = t.bodies
    ids = {row.body_id for row in counts}
    names = dict(connection.execute(select(b.c.id, b.c.name).where(b.c.id.in_(ids))).all()) if ids else {}
    named = [
        Count(names[row.body_id], row.body_id, row.month, row.hits, row.first, row.latest) for row in counts
    ]
    return _timeline(query, by, named, _ends(connection, named))


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
        x, y = LEFT + i * bar, float(TOP + plot_h)
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

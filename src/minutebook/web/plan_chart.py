"""A plan's reported progress as a chart drawn on the server: plain inline SVG, no script.

Percentages and "N of M" counts are one line of percentages against time (a count is plotted as
its share: 12 of 25 is 48%); a RAG status has no number, so it is a coloured point on a strip
under the time axis, its colour also written as a letter (R, A, G) for those who cannot tell
the colours apart. Every point carries a <title> with its date and value as written; the page
gives the same figures as a table for screen readers and keyboards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from itertools import pairwise

from markupsafe import escape

from minutebook.registers.plans import PlanPoint

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP = 48, 24, 20
PLOT_BOTTOM = 210  # the 0% line; the date labels and the RAG strip are below it
RAG_Y = 262
LINE_COLOUR = "#1d4f91"
RAG_COLOURS = {"red": "#b3261e", "amber": "#c26a00", "green": "#1e7b34"}
MAX_DATE_LABELS = 8
DATE_ROOM = 80  # px a date label needs
LABEL_ROOM = 60  # px a figure above its point needs
RAG_RADIUS = 9
Scale = Callable[[dt.date], float]


def plan_svg(plan: str, points: Sequence[PlanPoint]) -> str:
    """The chart of `points` (oldest first) as an SVG element, titled and described."""
    shares = [p for p in points if p.percent is not None]
    rags = [p for p in points if p.kind == "rag"]
    days = [_day(p.date) for p in points]
    first, last = (min(days), max(days)) if days else (dt.date.today(), dt.date.today())
    x_of = _time_scale(first, last)
    height = HEIGHT if rags else RAG_Y - 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img"'
        ' aria-labelledby="plan-chart-title plan-chart-desc" font-family="sans-serif" font-size="12">',
        f'<title id="plan-chart-title">Reported progress of the {escape(plan)}</title>',
        f'<desc id="plan-chart-desc">{escape(_description(points, shares, rags))}</desc>',
        *_grid(),
        *_date_labels(sorted(set(days)), x_of),
    ]
    if shares:
        coords = [(x_of(_day(p.date)), _y_of(p.percent or 0.0)) for p in shares]
        if len(coords) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            parts.append(f'<polyline class="plan-line" points="{path}" fill="none" stroke="{LINE_COLOUR}"/>')
        # Each figure above its point while there is room; on a crowded line only the first and
        # the last (each point still has its <title>, and the table has every figure).
        labelled = range(len(coords))
        if _crowded([x for x, _ in coords], LABEL_ROOM):
            labelled = range(0, len(coords), max(1, len(coords) - 1))
        for index, ((x, y), point) in enumerate(zip(coords, shares, strict=True)):
            parts.append(
                f'<circle class="plan-point" cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{LINE_COLOUR}">'
                f"<title>{point.date}: {escape(point.value)}</title></circle>"
            )
            if index in labelled:
                parts.append(_point_label(x, y, _label(point)))
    if rags:
        parts.append(f'<text x="{LEFT - 8}" y="{RAG_Y + 4}" text-anchor="end">RAG</text>')
        spots = [x_of(_day(point.date)) for point in rags]
        lettered = not _crowded(spots, 2 * RAG_RADIUS + 2)
        for x, point in zip(spots, rags, strict=True):
            parts.extend(_rag_point(x, point, lettered))
    parts.append("</svg>")
    return "\n".join(parts)


def _day(iso: str) -> dt.date:
    try:
        return dt.date.fromisoformat(iso)
    except ValueError:  # a stored date is ISO; a malformed one is drawn at the epoch, not refused
        return dt.date(1970, 1, 1)


def _time_scale(first: dt.date, last: dt.date) -> Scale:
    """x of a date: the first report at the left, the last at the right (one report: centred)."""
    span = (last - first).days
    inner = WIDTH - LEFT - RIGHT - 40  # room for a point's label at each end

    def x_of(day: dt.date) -> float:
        if span == 0:
            return LEFT + (WIDTH - LEFT - RIGHT) / 2
        return LEFT + 20 + inner * (day - first).days / span

    return x_of


def _y_of(percent: float) -> float:
    return PLOT_BOTTOM - (PLOT_BOTTOM - TOP) * max(0.0, min(percent, 100.0)) / 100


def _grid() -> list[str]:
    lines = []
    for percent in (0, 25, 50, 75, 100):
        y = _y_of(percent)
        stroke = "#333" if percent == 0 else "#ddd"
        lines.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="{stroke}"/>')
        lines.append(f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">{percent}%</text>')
    return lines


def _crowded(xs: Sequence[float], room: float) -> bool:
    """Whether any two neighbouring positions are closer than `room`."""
    placed = sorted(set(xs))
    return any(b - a < room for a, b in pairwise(placed))


def _date_labels(days: list[dt.date], x_of: Scale) -> list[str]:
    """A label under each reported date while they fit; else evenly spaced dates across the span
    (reports come at uneven intervals, so every n-th report's date could still overlap)."""
    ticks = [(day, day.isoformat()) for day in days]
    if len(days) > MAX_DATE_LABELS or _crowded([x_of(day) for day in days], DATE_ROOM):
        first, span = days[0], (days[-1] - days[0]).days
        steps = MAX_DATE_LABELS - 2
        spaced = [first + dt.timedelta(days=round(span * i / steps)) for i in range(steps + 1)]
        ticks = [(day, day.isoformat()[: 7 if span > 365 else 10]) for day in spaced]
    labels = []
    for day, text in ticks:
        x = x_of(day)
        labels.append(
            f'<line x1="{x:.1f}" y1="{PLOT_BOTTOM}" x2="{x:.1f}" y2="{PLOT_BOTTOM + 5}" stroke="#333"/>'
        )
        labels.append(f'<text x="{x:.1f}" y="{PLOT_BOTTOM + 20}" text-anchor="middle">{text}</text>')
    return labels


def _point_label(x: float, y: float, label: str) -> str:
    """A point's figure above it; at either end of the axis it runs inwards, clear of the scale."""
    anchor, at = "middle", x
    if x < LEFT + 60:
        anchor, at = "start", x - 6
    elif x > WIDTH - RIGHT - 60:
        anchor, at = "end", x + 6
    return f'<text x="{at:.1f}" y="{y - 10:.1f}" text-anchor="{anchor}">{escape(label)}</text>'


def _label(point: PlanPoint) -> str:
    return point.value if point.kind == "percent" else f"{point.value} ({point.percent:g}%)"


def _rag_point(x: float, point: PlanPoint, lettered: bool = True) -> list[str]:
    """A RAG status: a point in its colour (the first of "amber/green"), with its letters while
    the points have room for them (smaller and unlettered when crowded: the table has them)."""
    colours = point.value.split("/")
    fill = RAG_COLOURS.get(colours[0], "#666")
    letters = "/".join(c[:1].upper() for c in colours)
    drawn = [
        f'<circle class="rag-point rag-{escape(colours[0])}" cx="{x:.1f}" cy="{RAG_Y}"'
        f' r="{RAG_RADIUS if lettered else 5}" fill="{fill}">'
        f"<title>{point.date}: RAG {escape(point.value)}</title></circle>",
    ]
    if lettered:
        drawn.append(
            f'<text x="{x:.1f}" y="{RAG_Y + 4}" text-anchor="middle" fill="#fff" font-weight="bold"'
            f' font-size="{10 if "/" in letters else 11}">{letters}</text>'
        )
    return drawn


def _description(points: Sequence[PlanPoint], shares: Sequence[PlanPoint], rags: Sequence[PlanPoint]) -> str:
    if not points:
        return "No figures reported."
    said = [f"{len(points)} reported figure{'s' if len(points) != 1 else ''}"]
    if shares:
        start, end = shares[0], shares[-1]
        said.append(f"progress from {_label(start)} on {start.date} to {_label(end)} on {end.date}")
    if rags:
        said.append(f"RAG status {rags[-1].value} on {rags[-1].date}")
    return "; ".join(said) + "."

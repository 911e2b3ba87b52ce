"""Legistar (Granicus) MeetingDetail pages -> a meeting Document with roles.

The page's header table names the body, date, time, location and minutes status; its grid has
one row per agenda item with File #, Agenda #, Title, Action and Result. Each row becomes an
item: the Action with a Result (a vote) is a decision; an Action without one ("Laid Over") is a
minutes line. The File # is the legislation file, kept in the number line's hints. Public
comments at the foot of the page follow as plain lines. Markup is read with selectolax; each
row's source line is found from its id.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from minutebook.errors import ReadError
from minutebook.read.detect import Reader
from minutebook.read.document import Document, Line
from minutebook.read.html import decode, tidy
from minutebook.read.html import sniff as html_sniff

PREFIX = "#ctl00_ContentPlaceHolder1_"
# Legistar's "Minutes status" -> the record's minutes status.
MINUTES_STATUS = {"final": "approved", "draft": "draft", "not viewable by the public": "none"}


def _text(node: LexborNode | None) -> str:
    return tidy(node.text(separator=" ")) if node is not None else ""


def _field(tree: LexborHTMLParser, name: str) -> str:
    return _text(tree.css_first(PREFIX + name))


def _source_line(source: str, node: LexborNode | None, fallback: int) -> int:
    """The line of the source where the node's id is written (selectolax keeps no positions)."""
    if node is None:
        return fallback
    node_id = node.attributes.get("id") or node.attributes.get("ID")
    where = source.find(f'"{node_id}"') if node_id else -1
    return source.count("\n", 0, where) + 1 if where >= 0 else fallback


def _us_date(text: str) -> str | None:
    try:
        return datetime.strptime(text, "%m/%d/%Y").date().isoformat()
    except ValueError:
        return None


def _us_time(text: str) -> str | None:
    try:
        return datetime.strptime(text.upper().replace(".", ""), "%I:%M %p").strftime("%H:%M")
    except ValueError:
        return None


def _venue(tree: LexborHTMLParser) -> str:
    # The location cell may go on, after a <br>, with a notice that is not part of the venue.
    node = tree.css_first(PREFIX + "lblLocation")
    if node is None:
        return ""
    html = node.html or ""
    return tidy(LexborHTMLParser(re.split(r"<br\s*/?>", html, maxsplit=1)[0]).text(separator=" "))


def _grid_rows(tree: LexborHTMLParser) -> tuple[list[str], list[LexborNode]]:
    grid = tree.css_first(PREFIX + "gridMain_ctl00") or tree.css_first("table.rgMasterTable")
    if grid is None:
        return [], []
    headers = [_text(th).replace("\xa0", " ").lower() for th in grid.css("thead th")]
    return headers, grid.css("tr.rgRow, tr.rgAltRow")  # not the pager, filter or "no records" rows


def _item_lines(headers: list[str], row: LexborNode, line: int) -> list[Line]:
    cells = dict(zip(headers, (_text(td) for td in row.css("td")), strict=False))
    link = row.css_first("td a[href*='LegislationDetail']")
    hints = {
        "number": cells.get("agenda #") or None,
        "file": cells.get("file #") or None,
        "type": cells.get("type") or None,
        "name": cells.get("name") or None,
        "legislation_url": link.attributes.get("href") if link is not None else None,
    }
    lines = []
    if cells.get("agenda #"):
        lines.append(Line(text=cells["agenda #"], number=line, role="item-number", hints=hints))
    title = cells.get("title") or cells.get("name") or cells.get("file #") or "(untitled item)"
    lines.append(Line(text=title, number=line, role="item-title", hints=hints))
    action, result = cells.get("action", ""), cells.get("result", "")
    outcome = {"action": action or None, "result": result or None}
    if action and result:
        lines.append(Line(text=f"{action} ({result})", number=line, role="decision", hints=outcome))
    elif action or result:
        lines.append(Line(text=action or result, number=line, role="minutes", hints=outcome))
    return lines


def _comment_lines(tree: LexborHTMLParser, source: str) -> list[Line]:
    grid = tree.css_first(PREFIX + "ucPublicComments_gridComments_ctl00")
    if grid is None:
        return []
    lines = []
    for row in grid.css("tbody tr"):
        cells = [_text(td) for td in row.css("td")]
        if len(cells) >= 6 and cells[5]:
            file_number, when, name, _, opinion, comment = cells[:6]
            text = f"Public comment on {file_number} by {name} ({when}, {opinion}): {comment}"
            lines.append(Line(text=text, number=_source_line(source, row, 1)))
    return lines


def read(data: bytes, name: str, sha256: str) -> Document:
    source = decode(data, name)
    tree = LexborHTMLParser(source)
    body = _field(tree, "hypName")
    headers, rows = _grid_rows(tree)
    if not body and not rows:
        raise ReadError(name, "Legistar page without a meeting (no meeting name and no agenda grid)")
    raw_date, raw_time = _field(tree, "lblDate"), _field(tree, "lblTime")
    venue = _venue(tree)
    status = _field(tree, "lblMinutesStatus")
    header_line = _source_line(source, tree.css_first(PREFIX + "hypName") or tree.root, 1)
    # Legistar names a meeting by its body alone ("City Council"): that name is the title too.
    hints: dict[str, object] = {
        "body": body or None,
        "title": body or None,
        "date": _us_date(raw_date),
        "time": _us_time(raw_time),
    }
    lines = [
        Line(
            text=" ".join(filter(None, [body, raw_date, raw_time])),
            number=header_line,
            role="header",
            hints=dict(hints),
        )
    ]
    if venue:
        lines.append(
            Line(
                text=venue,
                number=_source_line(source, tree.css_first(PREFIX + "lblLocation"), 1),
                role="venue",
            )
        )
    if status:
        lines.append(Line(text=f"Minutes status: {status}", number=header_line, role="status"))
    for row in rows:
        lines += _item_lines(headers, row, _source_line(source, row, header_line))
    lines += _comment_lines(tree, source)

    title = _text(tree.css_first("title"))
    council = title.split(" - Meeting of ")[0] if " - Meeting of " in title else None
    host = re.search(r"https?://[\w.-]+\.legistar\.com/", source)
    form = tree.css_first("form[action*='MeetingDetail']")
    url = urljoin(host.group(0), form.attributes.get("action") or "") if host and form is not None else None
    hints.update(
        venue=venue or None,
        council=council,
        url=url,
        minutes_status=MINUTES_STATUS.get(status.lower(), "unknown") if status else "none",
    )
    warnings = [] if hints["date"] else [f"meeting date {raw_date!r} is not an m/d/yyyy date"]
    return Document(
        name=name, sha256=sha256, format="legistar", lines=lines, hints=hints, warnings=warnings, url=url
    )


def sniff(head: bytes, name: str) -> int:
    if not html_sniff(head, name):  # the markers alone, as in a README, make no page
        return 0
    markers = (
        b"MeetingDetail.aspx",
        b"ContentPlaceHolder1_gridMain",
        b"legistar.com",
        b"ContentPlaceHolder1_lblDate",
    )
    found = sum(marker in head for marker in markers)
    return 80 + 5 * found if found >= 2 else 0


READER = Reader(format="legistar", sniff=sniff, read=read)

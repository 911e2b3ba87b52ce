"""Plans and decision makers on the site and in the API (issue 13): each page has its JSON twin
under /api/v1, as every page of `web.routes` does.

    /plans            each plan reported on, with its latest figure, how many reports, and the
                      actions of the actions register that name it (done and open)
    /plans/{slug}     the plan's series of figures, each cited to its paragraph, as a chart
                      (`web.plan_chart`) and a table, with the plan's actions
    /makers           each person a decision names as its maker, with counts
    /makers/{slug}    their decisions; minded-to ones with the final decision and the days
                      between, finals with the minded-to decision they answer; unresolved ones

Computed from the stored minutes when asked (`registers.plans`, `registers.makers`), like the
timeline; the answers are kept by `web.cache` until the data changes.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from markupsafe import Markup

from minutebook.errors import MinutebookError, NotFound
from minutebook.record import slug
from minutebook.registers.makers import (
    MadeDecision,
    MindedLink,
    answered_by,
    link_minded,
    made_decisions,
    maker_key,
    makers,
    unresolved,
)
from minutebook.registers.plans import PlanPoint, PlanSummary, plan_actions, plans, series_of
from minutebook.web.params import BodySlug, Page, page
from minutebook.web.plan_chart import plan_svg
from minutebook.web.render import API_PREFIX
from minutebook.web.routes import (
    ERRORS,
    Answer,
    linked_rows,
    meeting_line_urls,
    page_links,
    reader_connection,
    twin,
)

plans_api = APIRouter(prefix=API_PREFIX, responses=ERRORS)
plans_pages = APIRouter(include_in_schema=False)
ROUTERS = (plans_api, plans_pages)

PlanSlug = Annotated[str, Path(max_length=200, description="The plan's slug, as `/plans` gives it.")]
MakerSlug = Annotated[str, Path(max_length=200, description="The maker's slug, as `/makers` gives it.")]


# -- plans -----------------------------------------------------------------------------------------


@twin(
    "/plans",
    "plans.html",
    "Plans reported on in the minutes, each with its latest figure of progress and its actions",
    ROUTERS,
)
def plans_list(request: Request, pg: Annotated[Page, Depends(page)], body: BodySlug = None) -> Answer:
    try:
        with reader_connection(request) as conn:
            found = plans(conn, body=body or None)
            shown = found[pg.offset : pg.offset + pg.limit]
            cited = [p for s in shown for p in (s.latest, s.latest_share, s.latest_rag) if p]
            url = meeting_line_urls(conn, {p.meeting_id for p in cited})
    except MinutebookError as error:
        return _refused("Plans", pg, error)
    return _listed(request, "Plans", pg, [_summary(s, url) for s in shown], len(found))


def _listed(request: Request, title: str, pg: Page, rows: list[dict[str, Any]], total: int) -> Answer:
    """A page of a list (`rows`, at `pg.offset` of `total`), with links to the pages beside it."""
    more = pg.offset + len(rows) < total
    meta = {"offset": pg.offset, "limit": pg.limit, "more": more, "total": total}
    return Answer(rows, title, meta, page_links(request, pg, total, len(rows)), {"error": None})


def _refused(title: str, pg: Page, error: MinutebookError) -> Answer:
    """A filter value the register refuses: said on the page, a 400 from the API."""
    meta = {"offset": pg.offset, "limit": pg.limit, "more": False, "total": 0}
    return Answer([], title, meta, extra={"error": str(error)}, error=error)


def _summary(summary: PlanSummary, url: Any) -> dict[str, Any]:
    def cited(point: PlanPoint | None) -> dict[str, Any] | None:
        return (
            {**_point(point), "url": url(point.meeting_id, point.item_position, point.line)}
            if point
            else None
        )

    return {
        "plan": summary.plan,
        "plan_slug": summary.plan_slug,
        "url": f"/plans/{summary.plan_slug}",
        "reports": summary.reports,
        "first_date": summary.first_date,
        "latest": cited(summary.latest),
        "latest_share": cited(summary.latest_share),
        "latest_rag": cited(summary.latest_rag),
        "actions": {
            "total": summary.actions,
            "open": summary.actions_open,
            "done": summary.actions - summary.actions_open,
        },
    }


def _point(point: PlanPoint) -> dict[str, Any]:
    return {key: value for key, value in asdict(point).items() if key not in ("plan_slug",)}


@twin(
    "/plans/{plan_slug}",
    "plan.html",
    "One plan: its reported figures of progress over time, each cited to its paragraph, and the"
    " actions that name it (done and open)",
    ROUTERS,
)
def plan_page(request: Request, plan_slug: PlanSlug) -> Answer:
    with reader_connection(request) as conn:
        try:
            series = series_of(conn, plan_slug)
        except MinutebookError:  # a slug of no words: no plan has it
            series = []
        if not series:
            raise NotFound(f"plan '{plan_slug}'")
        url = meeting_line_urls(conn, {p.meeting_id for p in series})
        actions = linked_rows(conn, plan_actions(conn, series))
    points = [{**_point(p), "url": url(p.meeting_id, p.item_position, p.line)} for p in series]
    open_ones = sum(a["status"] == "open" for a in actions)
    data: dict[str, Any] = {
        "plan": series[-1].plan,
        "plan_slug": plan_slug,
        "names": list(dict.fromkeys(p.plan for p in series)),
        "reports": len(series),
        "first_date": series[0].date,
        "latest": points[-1],
        # The latest figure of each sort: a plan reported as "20 of 25" and "green" has both.
        "latest_share": next((p for p in reversed(points) if p["percent"] is not None), None),
        "latest_rag": next((p for p in reversed(points) if p["kind"] == "rag"), None),
        "points": points,
        "actions": {
            "total": len(actions),
            "open": open_ones,
            "done": len(actions) - open_ones,
            "rows": actions,
        },
    }
    name = series[-1].plan
    svg = Markup(plan_svg(name, series))
    return Answer(data, name, {"total": len(points)}, extra={"svg": svg})


# -- decision makers -------------------------------------------------------------------------------


@twin(
    "/makers",
    "makers.html",
    "People (or bodies) the minutes name as making decisions themselves, with counts of their"
    " decisions, minded-to ones and those still unresolved",
    ROUTERS,
)
def makers_list(request: Request, pg: Annotated[Page, Depends(page)], body: BodySlug = None) -> Answer:
    try:
        with reader_connection(request) as conn:
            made = made_decisions(conn, body=body or None)
    except MinutebookError as error:
        return _refused("Decision makers", pg, error)
    everyone = makers(made, link_minded(made))
    rows = [
        {**asdict(m), "maker_slug": slug(m.maker), "url": f"/makers/{slug(m.maker)}"}
        for m in everyone[pg.offset : pg.offset + pg.limit]
    ]
    return _listed(request, "Decision makers", pg, rows, len(everyone))


def _theirs(made: list[MadeDecision], maker_slug: str) -> list[MadeDecision]:
    """The decisions of the maker a slug names: the slug of any way their name was printed (the
    list links the fullest; the decisions register the one printed there), or of their key; all
    the decisions counted under the same maker (`makers.maker_key`) are theirs."""
    keys = {maker_key(d) for d in made if maker_slug in (slug(d.maker), slug(maker_key(d)))}
    return [d for d in made if maker_key(d) in keys]


@twin(
    "/makers/{maker_slug}",
    "maker.html",
    "One decision maker: their decisions, newest first; minded-to ones with the final decision and the"
    " days between, finals with the minded-to decision they answer; minded-to ones still unresolved",
    ROUTERS,
)
def maker_page(request: Request, maker_slug: MakerSlug, pg: Annotated[Page, Depends(page)]) -> Answer:
    with reader_connection(request) as conn:
        made = made_decisions(conn)
        links = link_minded(made)  # over every maker's decisions, as the makers register links them
        mine = _theirs(made, maker_slug)
        if not mine:
            raise NotFound(f"decision maker '{maker_slug}'")
        shown = mine[pg.offset : pg.offset + pg.limit]
        related = [d for link in links for d in (link.minded, link.final) if d is not None]
        url = meeting_line_urls(conn, {d.meeting_id for d in [*shown, *related]})
    keys = {maker_key(d) for d in mine}
    [summary] = makers(mine, [link for link in links if maker_key(link.minded) in keys])
    answered = {link.minded.key: link for link in links}
    answering = answered_by(links)
    rows = [_made(d, url, answered.get(d.key), answering.get(d.key)) for d in shown]
    still_open = [
        _made(link.minded, url, link, None) for link in unresolved(links) if maker_key(link.minded) in keys
    ]
    data = {
        **asdict(summary),
        "maker_slug": maker_slug,
        "decisions": rows,
        "unresolved": still_open,
        "counts": {"decisions": len(mine), "minded_to": summary.minded_to, "unresolved": len(still_open)},
    }
    more = pg.offset + len(rows) < len(mine)
    meta = {"offset": pg.offset, "limit": pg.limit, "more": more, "total": len(mine)}
    return Answer(data, summary.maker, meta, page_links(request, pg, len(mine), len(rows)))


def _made(
    decision: MadeDecision, url: Any, minded: MindedLink | None, final_of: MindedLink | None
) -> dict[str, Any]:
    """A made decision, cited; a minded-to one with its final decision (or none yet) and the days
    between; a final one with the minded-to decision it answers."""
    row = {**asdict(decision), "url": url(decision.meeting_id, decision.item_position, decision.line)}
    row["final"] = _other(minded.final, url, minded) if minded and minded.final else None
    row["minded_to"] = _other(final_of.minded, url, final_of) if final_of else None
    row["unresolved"] = bool(minded and minded.final is None)
    return row


def _other(decision: MadeDecision, url: Any, link: MindedLink) -> dict[str, Any]:
    return {
        "date": decision.date,
        "meeting_id": decision.meeting_id,
        "item_position": decision.item_position,
        "position": decision.position,
        "line": decision.line,
        "text": decision.text,
        "url": url(decision.meeting_id, decision.item_position, decision.line),
        "days": link.days,
        "how": link.how,  # reference (the final decision cites it) or subject (same words, same maker)
    }

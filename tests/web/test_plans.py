"""Plans and decision makers on the site and in the API (issue 13), on a SQLite file of meetings
written for them (tests/web/plan_meetings.py) stored through the real ingest: a plan reported at
23%, 31%, 48% and 60% comes out as that series in order, each figure cited to its paragraph; a
minded-to decision is linked to its final one both ways with the days between, and one with no
final decision is listed as unresolved."""

from __future__ import annotations

import re
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from itertools import pairwise
from typing import Any

import jsonschema
import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from minutebook.registers.plans import PlanPoint
from minutebook.web.app import create_app
from minutebook.web.plan_chart import plan_svg

from .answers import error, ok
from .plan_meetings import PLAN, PLAN_SLUG, SERIES, plan_database

SVG = "{http://www.w3.org/2000/svg}"

CITED = {
    "type": "object",
    "required": ["date", "meeting_id", "item_position", "line", "url"],
    "properties": {
        "date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "meeting_id": {"type": "string"},
        "item_position": {"type": "integer", "minimum": 0},
        "line": {"type": ["integer", "null"]},
        "url": {"type": "string", "pattern": "^/meetings/.+#.+"},
    },
}
POINT = {
    "allOf": [CITED],
    "type": "object",
    "required": ["plan", "kind", "value", "percent", "body", "item_title", "paragraph", "ref", "quote"],
    "properties": {
        "kind": {"enum": ["percent", "count", "rag"]},
        "value": {"type": "string"},
        "percent": {"type": ["number", "null"], "minimum": 0, "maximum": 100},
        "quote": {"type": "string", "minLength": 1},
    },
}
ACTIONS = {
    "type": "object",
    "required": ["total", "open", "done"],
    "properties": {"total": {"type": "integer"}, "open": {"type": "integer"}, "done": {"type": "integer"}},
}
PLANS_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["plan", "plan_slug", "url", "reports", "first_date", "latest", "actions"],
        "properties": {
            "url": {"pattern": "^/plans/[a-z0-9-]+$"},
            "latest": POINT,
            "latest_share": {"anyOf": [{"type": "null"}, POINT]},
            "latest_rag": {"anyOf": [{"type": "null"}, POINT]},
            "actions": ACTIONS,
        },
    },
}
PLAN_SCHEMA = {
    "type": "object",
    "required": ["plan", "plan_slug", "names", "reports", "first_date", "latest", "points", "actions"],
    "properties": {
        "points": {"type": "array", "minItems": 1, "items": POINT},
        "actions": {
            "allOf": [ACTIONS],
            "required": ["rows"],
            "properties": {"rows": {"type": "array", "items": CITED}},
        },
    },
}
MAKERS_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["maker", "maker_slug", "url", "decisions", "minded_to", "unresolved", "last_date"],
        "properties": {"decisions": {"type": "integer", "minimum": 1}, "url": {"pattern": "^/makers/.+"}},
    },
}
OTHER = {"anyOf": [{"type": "null"}, {"allOf": [CITED], "required": ["text", "days"]}]}
MADE = {
    "allOf": [CITED],
    "type": "object",
    "required": ["maker", "kind", "text", "final", "minded_to", "unresolved"],
    "properties": {"final": OTHER, "minded_to": OTHER, "unresolved": {"type": "boolean"}},
}
MAKER_SCHEMA = {
    "type": "object",
    "required": ["maker", "maker_slug", "decisions", "unresolved", "counts"],
    "properties": {
        "decisions": {"type": "array", "items": MADE},
        "unresolved": {"type": "array", "items": MADE},
    },
}


@pytest.fixture(scope="module")
def plan_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return plan_database(tmp_path_factory.mktemp("plans"))


@pytest.fixture(scope="module")
def plan_client(plan_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(plan_url)) as test_client:
        yield test_client


def _anchor_on_its_page(client: TestClient, url: str) -> str:
    """The element a citation's anchor names on the meeting page, as text."""
    path, anchor = url.split("#", 1)
    page = client.get(path)
    assert page.status_code == 200, url
    found = re.search(rf'<[^>]+id="{re.escape(anchor)}"[^>]*>(.*?)</(?:p|li|div|section)>', page.text, re.S)
    assert found, (url, anchor)
    return re.sub(r"<[^>]+>", " ", found.group(1))


# -- plans -----------------------------------------------------------------------------------------


def test_a_plan_reported_at_four_meetings_is_its_series_in_order_with_citations(
    plan_client: TestClient,
) -> None:
    answer = ok(plan_client, f"/api/v1/plans/{PLAN_SLUG}")
    data = answer["data"]
    jsonschema.validate(data, PLAN_SCHEMA)
    points = data["points"]
    assert [(p["date"], p["value"], p["percent"]) for p in points] == [
        (d, s, float(s[:-1])) for d, s in SERIES
    ]
    assert data["plan"] == PLAN and data["reports"] == 4 and answer["meta"]["total"] == 4
    for point, (day, share) in zip(points, SERIES, strict=True):
        assert (
            point["meeting_id"] == f"commissioners-public/{day}"
            and point["item_title"] == "Improvement Plan update"
        )
        assert share in _anchor_on_its_page(plan_client, point["url"])
    assert data["latest"]["value"] == "60%" and data["first_date"] == SERIES[0][0]
    # The action naming the plan was followed up (done); the one minuted under the plan's item,
    # which does not name it, is the plan's too, and open.
    assert {k: data["actions"][k] for k in ("total", "open", "done")} == {"total": 2, "open": 1, "done": 1}
    by_item, named = data["actions"]["rows"]  # newest first
    assert "publish the Fresh Start Improvement Plan" in named["text"] and named["status"] == "followed-up"
    assert "recruitment of social workers" in by_item["text"] and by_item["status"] == "open"
    assert answer["links"]["html"] == f"/plans/{PLAN_SLUG}"


def test_the_plans_list_gives_each_latest_figure_and_pages_like_the_other_lists(
    plan_client: TestClient,
) -> None:
    everything = ok(plan_client, "/api/v1/plans")
    jsonschema.validate(everything["data"], PLANS_SCHEMA)
    by_plan = {p["plan"]: p for p in everything["data"]}
    assert set(by_plan) == {PLAN, "CSE Action Plan"}
    assert (by_plan[PLAN]["reports"], by_plan[PLAN]["latest"]["value"]) == (4, "60%")
    assert by_plan[PLAN]["actions"] == {"total": 2, "open": 1, "done": 1}
    cse = by_plan["CSE Action Plan"]  # "rated green, with 20 of 25 actions complete": both kept
    assert (cse["latest_share"]["value"], cse["latest_rag"]["value"]) == ("20 of 25", "green")
    assert by_plan[PLAN]["latest_rag"] is None
    assert everything["meta"]["total"] == 2 and everything["meta"]["more"] is False
    first = ok(plan_client, "/api/v1/plans?limit=1")
    assert first["meta"]["more"] is True and "prev" not in first["links"]
    second = ok(plan_client, first["links"]["next"])
    assert second["meta"]["more"] is False and "prev" in second["links"]
    assert [p["plan"] for p in first["data"] + second["data"]] == [p["plan"] for p in everything["data"]]


def test_the_plan_page_draws_the_series_and_gives_it_as_a_table(plan_client: TestClient) -> None:
    page = plan_client.get(f"/plans/{PLAN_SLUG}")
    assert page.status_code == 200
    svg = ET.fromstring(re.search(r"<svg.*?</svg>", page.text, re.S).group(0))  # type: ignore[union-attr]
    assert svg.get("role") == "img" and svg.find(f"{SVG}title") is not None
    points = [c for c in svg.iter(f"{SVG}circle") if c.get("class") == "plan-point"]
    assert [c.find(f"{SVG}title").text for c in points] == [f"{d}: {s}" for d, s in SERIES]  # type: ignore[union-attr]
    heights = [float(c.get("cy", 0)) for c in points]
    assert heights == sorted(heights, reverse=True)  # rising figures: higher on the page each time
    table = page.text.split('class="register plan-series"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>\s*<td><a href=\"([^\"]+)\">(\d{4}-\d{2}-\d{2})</a>", table)
    assert [day for _, day in rows] == [d for d, _ in SERIES]
    assert all(url.startswith("/meetings/commissioners-public/") and "#" in url for url, _ in rows)
    assert "1 done</strong>, <strong>1 open" in page.text


def test_counts_are_plotted_as_their_share_and_rag_as_a_coloured_point(plan_client: TestClient) -> None:
    data = ok(plan_client, "/api/v1/plans/cse-action-plan")["data"]
    assert [(p["kind"], p["value"], p["percent"]) for p in data["points"]] == [
        ("count", "12 of 25", 48.0),
        ("count", "20 of 25", 80.0),
        ("rag", "green", None),
    ]
    page = plan_client.get("/plans/cse-action-plan").text
    svg = ET.fromstring(re.search(r"<svg.*?</svg>", page, re.S).group(0))  # type: ignore[union-attr]
    classes = [c.get("class") for c in svg.iter(f"{SVG}circle")]
    assert classes.count("plan-point") == 2 and "rag-point rag-green" in classes
    assert "G" in [t.text for t in svg.iter(f"{SVG}text")]  # the colour said as a letter too


def test_unknown_plans_are_not_found(plan_client: TestClient) -> None:
    assert "no plan 'local-plan'" in error(plan_client, "/api/v1/plans/local-plan", 404, "not_found")
    assert plan_client.get("/plans/--").status_code == 404


def test_the_chart_of_no_figures_and_of_a_name_with_markup_is_still_an_svg() -> None:
    assert "No figures reported." in plan_svg("Plan", [])
    point = PlanPoint(
        "<b> Plan",
        "b-plan",
        "percent",
        "5%",
        5.0,
        "2020-01-01",
        "m/2020-01-01",
        "M",
        "m",
        0,
        None,
        "T",
        0,
        None,
        1,
        "q",
    )
    drawn = ET.fromstring(plan_svg("<b> Plan", [point]))
    assert drawn.find(f"{SVG}title").text == "Reported progress of the <b> Plan"  # type: ignore[union-attr]


# -- decision makers ---------------------------------------------------------------------------------


def _makers(client: TestClient) -> dict[str, dict[str, Any]]:
    answer = ok(client, "/api/v1/makers")
    jsonschema.validate(answer["data"], MAKERS_SCHEMA)
    return {row["maker"]: row for row in answer["data"]}


def test_makers_are_listed_with_their_counts(plan_client: TestClient) -> None:
    makers = _makers(plan_client)
    assert {k: (v["decisions"], v["minded_to"], v["unresolved"]) for k, v in makers.items()} == {
        "Commissioner Ney": (2, 1, 0),
        "Commissioner Myers": (1, 1, 1),
    }
    page = plan_client.get("/makers").text
    assert '<a href="/makers/commissioner-ney">Commissioner Ney</a>' in page


def test_a_minded_to_decision_and_its_final_one_link_both_ways_with_the_days_between(
    plan_client: TestClient,
) -> None:
    answer = ok(plan_client, "/api/v1/makers/commissioner-ney")
    data = answer["data"]
    jsonschema.validate(data, MAKER_SCHEMA)
    final, minded = data["decisions"]  # newest first
    assert (minded["kind"], minded["date"], final["date"]) == ("minded-to", "2016-01-13", "2016-03-16")
    assert minded["final"]["days"] == 63 and minded["final"]["url"] == final["url"]
    assert final["minded_to"]["days"] == 63 and final["minded_to"]["url"] == minded["url"]
    assert data["unresolved"] == [] and data["counts"] == {"decisions": 2, "minded_to": 1, "unresolved": 0}
    assert "Licensing Policy" in _anchor_on_its_page(plan_client, minded["url"])
    page = plan_client.get("/makers/commissioner-ney").text
    assert re.search(r'Final decision: <a class="final" href="[^"]+">2016-03-16</a>,\s+63 days later', page)


def test_a_minded_to_decision_with_no_final_one_is_listed_unresolved(plan_client: TestClient) -> None:
    data = ok(plan_client, "/api/v1/makers/commissioner-myers")["data"]
    [unresolved] = data["unresolved"]
    assert "transport policy" in unresolved["text"] and unresolved["unresolved"] is True
    assert unresolved["final"] is None
    page = plan_client.get("/makers/commissioner-myers").text
    assert "No final decision yet" in page and 'id="unresolved"' in page
    assert "no decision maker 'nobody'" in error(plan_client, "/api/v1/makers/nobody", 404, "not_found")


def test_the_navigation_and_home_page_link_the_new_pages(plan_client: TestClient) -> None:
    home = plan_client.get("/").text
    assert home.count('href="/plans"') >= 2 and home.count('href="/makers"') >= 2


def test_the_api_describes_the_new_endpoints(plan_client: TestClient) -> None:
    paths = plan_client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/v1/plans",
        "/api/v1/plans/{plan_slug}",
        "/api/v1/makers",
        "/api/v1/makers/{maker_slug}",
    ):
        assert path in paths
    assert "/plans" not in paths  # the pages are not API


def test_the_export_page_lists_the_new_files(plan_client: TestClient) -> None:
    listed = plan_client.get("/api/v1/export").json()["meta"]["registers"]
    assert {"plan_points", "made_decisions"} <= {r["name"] for r in listed}
    page = plan_client.get("/export").text
    assert "<code>plan_points</code>" in page and "<code>made_decisions</code>" in page


def test_the_decisions_register_shows_and_links_the_maker(plan_client: TestClient) -> None:
    rows = ok(plan_client, "/api/v1/registers/decisions?limit=100")["data"]
    assert {row["maker"] for row in rows} == {"Commissioner Ney", "Commissioner Myers"}
    page = plan_client.get("/registers/decisions").text
    assert page.count('Made by <a href="/makers/commissioner-ney">Commissioner Ney</a>') == 2
    assert plan_client.get("/makers/commissioner-ney").status_code == 200


def _point(day: str, kind: str, value: str, percent: float | None) -> PlanPoint:
    return PlanPoint(
        "P Plan", "p-plan", kind, value, percent, day, f"m/{day}", "M", "m", 0, None, "T", 0, None, 1, "q"
    )


def test_a_long_series_keeps_its_labels_apart() -> None:
    days = [f"{2010 + i // 12}-{1 + i % 12:02d}-{1 + (i * 7) % 27:02d}" for i in range(40)]
    points = [_point(d, "percent", f"{i}%", float(i)) for i, d in enumerate(days)]
    points += [_point(d, "rag", "amber", None) for d in days]
    drawn = ET.fromstring(plan_svg("P Plan", points))
    texts = [(float(t.get("x", 0)), float(t.get("y", 0)), t.text or "") for t in drawn.iter(f"{SVG}text")]
    under_axis = sorted(x for x, y, _ in texts if y == 230)  # the date labels' line
    assert 2 <= len(under_axis) <= 8
    assert all(b - a >= 80 for a, b in pairwise(under_axis))
    figures = [text for x, _, text in texts if x > 48 and text.endswith("%")]  # not the scale's
    assert figures == ["0%", "39%"]  # crowded: the first and the last figure only
    assert len([c for c in drawn.iter(f"{SVG}circle") if c.get("class") == "plan-point"]) == 40
    rag = [c for c in drawn.iter(f"{SVG}circle") if "rag-point" in (c.get("class") or "")]
    assert len(rag) == 40 and all(c.get("r") == "5" for c in rag)  # crowded: smaller, no letters
    assert "A" not in [text for _, _, text in texts]


def test_the_lists_take_a_body_and_a_makers_decisions_page(plan_client: TestClient) -> None:
    assert ok(plan_client, "/api/v1/plans?body=commissioners-public")["meta"]["total"] == 2
    assert ok(plan_client, "/api/v1/plans?body=cabinet")["data"] == []
    assert ok(plan_client, "/api/v1/makers?body=cabinet")["data"] == []
    first = ok(plan_client, "/api/v1/makers/commissioner-ney?limit=1")
    assert first["meta"] == {"offset": 0, "limit": 1, "more": True, "total": 2}
    second = ok(plan_client, first["links"]["next"])
    assert [d["kind"] for d in first["data"]["decisions"] + second["data"]["decisions"]] == [
        "resolved",
        "minded-to",
    ]
    assert "next" not in second["links"] and second["data"]["counts"]["decisions"] == 2


def test_the_seeds_plan_on_each_backend(client: TestClient) -> None:
    """The real Commissioners' meeting of 16 March 2016 reports the improvement plan at 48%."""
    [found] = ok(client, "/api/v1/plans")["data"]
    assert (found["plan"], found["latest"]["value"]) == ("Corporate 'Fresh Start' Improvement Plan", "48%")
    assert "48%" in _anchor_on_its_page(client, found["latest"]["url"])
    page = client.get(found["url"])
    assert page.status_code == 200 and page.text.count('class="plan-point"') == 1
    assert client.get("/makers").status_code == 200

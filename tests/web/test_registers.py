"""The registers on the site and in the API: actions (status, follow-up, days open), decisions,
appointments by municipal year, resolved people, topics over time, and what the meeting page
shows of them. The real documents on both backends, and the action chain of
tests/registers/meetings.py (SQLite) for follow-ups, which the real documents hardly have."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from .answers import error, ok

CSE = "%22child+sexual+exploitation%22"
SVG = "{http://www.w3.org/2000/svg}"


def _walk(client: TestClient, url: str) -> list[dict[str, Any]]:
    """Every row of a register, page by page through `links.next`, checking the page metadata."""
    rows, answer = [], ok(client, url)
    while True:
        meta, links = answer["meta"], answer["links"]
        assert {"offset", "limit", "more"} <= set(meta)
        assert meta["more"] == ("next" in links)
        assert ("prev" in links) == (meta["offset"] > 0)
        rows.extend(answer["data"])
        if not meta["more"]:
            return rows
        answer = ok(client, links["next"])


def _key(row: dict[str, Any]) -> tuple:
    return row["meeting_id"], row["item_position"], row["position"]


# -- actions ------------------------------------------------------------------------------------


def test_actions_pages_are_stable_complete_and_sorted(client: TestClient) -> None:
    paged = _walk(client, "/api/v1/registers/actions?limit=7")
    everything = ok(client, "/api/v1/registers/actions?limit=100")["data"]
    assert len(paged) > 7
    assert [r["id"] for r in paged] == [r["id"] for r in everything]
    assert len({r["id"] for r in paged}) == len(paged)
    assert [r["date"] for r in paged] == sorted((r["date"] for r in paged), reverse=True)
    oldest = ok(client, "/api/v1/registers/actions?sort=date&limit=100")["data"]
    assert [r["date"] for r in oldest] == sorted(r["date"] for r in paged)
    by_body = ok(client, "/api/v1/registers/actions?sort=body&limit=100")["data"]
    assert [r["body"] for r in by_body] == sorted(r["body"] for r in paged)
    for row in paged:
        assert row["status"] in {"open", "followed-up", "closed"}
        assert row["days_open"] >= 0
        assert row["url"].startswith(f"/meetings/{row['meeting_id']}#")


def test_actions_link_to_the_paragraph_they_were_minuted_in(client: TestClient) -> None:
    row = ok(client, "/api/v1/registers/actions?q=fresh+look")["data"][0]
    meeting = ok(client, f"/api/v1/meetings/{row['meeting_id']}")["data"]
    anchor = row["url"].split("#", 1)[1]
    paragraph = next(p for i in meeting["items"] for p in i["paragraphs"] if p["anchor"] == anchor)
    assert "fresh look" in paragraph["text"]


def test_actions_filter_by_status_owner_text_body_and_dates(client: TestClient) -> None:
    everything = _walk(client, "/api/v1/registers/actions?limit=100")
    opened = _walk(client, "/api/v1/registers/actions?status=open&limit=100")
    assert opened and {r["status"] for r in opened} == {"open"}
    assert len(opened) == sum(r["status"] == "open" for r in everything)
    owned = _walk(client, "/api/v1/registers/actions?person=Myers&limit=100")
    assert owned and all("myers" in r["owner"].lower() for r in owned)
    day, body = everything[-1]["date"], everything[-1]["body_slug"]
    narrowed = _walk(client, f"/api/v1/registers/actions?body={body}&since={day}&until={day}")
    assert narrowed == [r for r in everything if r["body_slug"] == body and r["date"] == day]


def test_actions_page_is_a_captioned_table_with_labelled_filters(client: TestClient) -> None:
    html = client.get("/registers/actions?status=open").text
    assert "<caption>Actions 1 to" in html
    assert '<th scope="col">Days open</th>' in html.replace(' class="number"', "")
    for field in ("q", "person", "status", "body", "since", "until", "sort"):
        assert f'<label for="{field}">' in html and f'id="{field}"' in html
    assert '<option value="open" selected>Open</option>' in html


# -- the action chain: raised, followed up three ways, left open -------------------------------------


def test_chain_actions_say_how_and_where_they_were_followed_up(chain_client: TestClient) -> None:
    rows = {r["owner"]: r for r in ok(chain_client, "/api/v1/registers/actions")["data"]}
    depot = rows["The Strategic Director of Finance"]
    assert (depot["status"], depot["followup_how"]) == ("followed-up", "reference")
    assert depot["followup_url"] == "/meetings/cabinet/2014-02-12#p-2.1"
    assert rows["The Head of Highways"]["followup_how"] == "matters-arising"
    assert rows["Councillor Wyatt"]["followup_url"] == "/meetings/cabinet/2014-03-12#p-1.1"
    clerk = rows["The Clerk"]
    assert (clerk["status"], clerk["followup_how"]) == ("open", None)
    assert "followup_url" not in clerk
    followed = ok(chain_client, "/api/v1/registers/actions?status=followed-up")["data"]
    assert len(followed) == 3
    html = chain_client.get("/registers/actions").text
    assert html.count('class="followup" href=') == 3
    assert '<a class="followup" href="/meetings/cabinet/2014-02-12#p-2.1">' in html


def test_meeting_page_shows_action_status_and_references_both_ways(chain_client: TestClient) -> None:
    raised = ok(chain_client, "/api/v1/meetings/cabinet/2014-01-15")["data"]
    depot = raised["items"][1]
    assert depot["actions"][0]["status"] == "followed-up"
    assert depot["actions"][0]["followup_url"] == "/meetings/cabinet/2014-02-12#p-2.1"
    assert [r["url"] for r in depot["referred_to_by"]] == ["/meetings/cabinet/2014-02-12#p-2.1"]
    assert raised["items"][4]["actions"][0]["status"] == "open"
    later = ok(chain_client, "/api/v1/meetings/cabinet/2014-02-12")["data"]
    cites = later["items"][1]["refers_to"]
    assert [(r["status"], r["url"]) for r in cites] == [("resolved", "/meetings/cabinet/2014-01-15#item-2")]
    html = chain_client.get("/meetings/cabinet/2014-01-15").text
    assert "<h3>Referred to by</h3>" in html
    assert '<span class="status status-open">Open</span>' in html
    assert html.count('<span class="status status-followed-up">Followed up</span>') == 3
    assert "<h3>Refers to</h3>" in chain_client.get("/meetings/cabinet/2014-02-12").text


def test_unresolved_references_say_why(client: TestClient) -> None:
    answer = ok(client, "/api/v1/meetings/audit-committee/2026-02-10")["data"]
    unresolved = [r for i in answer["items"] for r in i["refers_to"] if r["status"] == "unresolved"]
    assert unresolved and all(r["reason"] and r["url"] is None for r in unresolved)
    html = client.get("/meetings/audit-committee/2026-02-10").text
    assert f"(not found: {unresolved[0]['reason']})" in html


# -- decisions ----------------------------------------------------------------------------------


def test_decisions_carry_movers_and_filter_by_person_text_and_kind(client: TestClient) -> None:
    everything = _walk(client, "/api/v1/registers/decisions?limit=100")
    assert len({_key(r) for r in everything}) == len(everything)
    moved = [r for r in everything if r["movers"]]
    assert moved and all(r["url"].startswith("/meetings/") for r in moved)
    mover = moved[0]["movers"][0].split()[-1]
    found = _walk(client, f"/api/v1/registers/decisions?person={quote(mover)}&limit=100")
    assert _key(moved[0]) in {_key(r) for r in found}
    assert all(
        mover.lower() in (str(r["movers"]) + str(r["seconders"]) + str(r["vote"]) + r["text"]).lower()
        for r in found
    )
    noted = _walk(client, "/api/v1/registers/decisions?kind=noted&limit=100")
    assert noted and {r["kind"] for r in noted} == {"noted"}
    minutes = _walk(client, "/api/v1/registers/decisions?q=minutes&limit=100")
    assert minutes and all("minutes" in r["text"].lower() for r in minutes)
    html = client.get(f"/registers/decisions?person={quote(mover)}").text
    assert f"Moved: {moved[0]['movers'][0]}" in html.replace("&#39;", "'")


# -- appointments -------------------------------------------------------------------------------


def test_appointments_by_municipal_year(client: TestClient) -> None:
    year = _walk(client, "/api/v1/registers/appointments?year=2013-2014&limit=5")
    assert year and {r["year"] for r in year} == {"2013-2014"}
    russell = next(r for r in year if "Russell" in r["person"])
    assert (russell["post"], russell["substitute"]) == (
        "Health, Welfare and Safety Panel",
        "Councillor S. Ali",
    )
    assert ok(client, "/api/v1/registers/appointments?year=2001-2002")["data"] == []
    html = client.get("/registers/appointments?year=2013-2014").text
    assert "Health, Welfare and Safety Panel" in html and 'value="2013-2014"' in html


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("/registers/appointments?year=2013", "municipal year"),
        ("/registers/appointments?year=2013-2015", "municipal year"),
        ("/registers/actions?since=2014-02-30", "not a date"),
        ("/registers/decisions?until=soon", "not a date"),
    ],
)
def test_bad_filter_values_are_400s_with_a_sentence(client: TestClient, url: str, said: str) -> None:
    assert said in error(client, "/api/v1" + url, 400, "bad_request")
    page = client.get(url)
    assert page.status_code == 400 and page.headers["content-type"].startswith("text/html")
    assert 'class="inline-error"' in page.text and said in page.text
    assert '<label for="body">' in page.text  # the form stays, to be corrected


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/registers/actions?status=done",
        "/api/v1/registers/actions?sort=owner",
        "/api/v1/registers/decisions?kind=vetoed",
        "/api/v1/registers/appointments?limit=101",
        "/api/v1/timeline?q=council&by=week",
    ],
)
def test_values_outside_the_documented_choices_are_422s(client: TestClient, url: str) -> None:
    assert error(client, url, 422, "invalid_parameter")


# -- people -------------------------------------------------------------------------------------


def test_people_are_resolved_across_name_forms(client: TestClient) -> None:
    people = _walk(client, "/api/v1/people?q=russell&limit=100")
    russell = next(p for p in people if p["key"] == "g. a. russell")
    assert {"Councillor G. A. Russell", "G. A. Russell"} <= set(russell["forms"])
    by_key = ok(client, f"/api/v1/people/{quote(russell['key'])}")["data"]
    by_form = ok(client, f"/api/v1/people/{quote('Councillor G. A. Russell')}")["data"]
    assert by_key == by_form
    assert [m["meeting_id"] for m in by_key["meetings"]] == ["improving-lives-select-commission/2013-07-10"]
    html = client.get(f"/people/{quote(russell['key'])}").text
    assert '<a href="/meetings/improving-lives-select-commission/2013-07-10">' in html
    assert "Health, Welfare and Safety Panel" in html
    listing = client.get("/people?q=russell").text
    assert f'href="/people/{quote(russell["key"])}"' in listing


def test_posts_over_time_carry_the_dates_they_were_stated(client: TestClient) -> None:
    everyone = _walk(client, "/api/v1/people?limit=100")
    with_posts = []
    for summary in everyone:
        person = ok(client, f"/api/v1/people/{quote(summary['key'])}")["data"]
        if person["posts"]:
            with_posts.append(person)
            break
    assert with_posts, "no person in the real documents has a stated post"
    post = with_posts[0]["posts"][0]
    assert post["first_date"] <= post["last_date"] and post["meetings"] >= 1
    html = client.get(f"/people/{quote(with_posts[0]['key'])}").text
    assert f"<td>{post['first_date']}</td>" in html


# -- timeline -----------------------------------------------------------------------------------


def test_timeline_counts_agree_with_its_table_and_csv(client: TestClient) -> None:
    answer = ok(client, f"/api/v1/timeline?q={CSE}")
    data = answer["data"]
    assert data["total"] == sum(r["hits"] for r in data["rows"]) > 0
    assert data["periods"][0] <= data["rows"][0]["period"]
    csv_response = client.get(answer["links"]["csv"])
    assert csv_response.status_code == 200
    assert csv_response.headers["content-type"].startswith("text/csv")
    assert "attachment" in csv_response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(csv_response.text)))
    assert [(r["period"], r["body"], int(r["hits"])) for r in rows] == [
        (r["period"], r["body"], r["hits"]) for r in data["rows"]
    ]
    quarters = ok(client, f"/api/v1/timeline?q={CSE}&by=quarter")["data"]
    assert quarters["total"] == data["total"] and all("-Q" in p for p in quarters["periods"])


def test_first_and_latest_mention_link_to_a_matching_paragraph(client: TestClient) -> None:
    data = ok(client, f"/api/v1/timeline?q={CSE}")["data"]
    for mention in (data["first"], data["latest"]):
        path, anchor = mention["url"].split("#", 1)
        assert path == f"/meetings/{mention['meeting_id']}"
        meeting = ok(client, f"/api/v1{path}")["data"]
        paragraphs = [p for i in meeting["items"] for p in i["paragraphs"] if p["anchor"] == anchor]
        assert paragraphs and "child sexual exploitation" in paragraphs[0]["text"].lower()
    assert data["first"]["date"] <= data["latest"]["date"]


def test_timeline_page_shows_an_accessible_svg_and_its_data_table(client: TestClient) -> None:
    response = client.get(f"/timeline?q={CSE}")
    assert response.status_code == 200
    html = response.text
    svg = ET.fromstring(html[html.index("<svg") : html.index("</svg>") + 6])
    assert svg.get("role") == "img" and svg.get("aria-labelledby")
    assert "child sexual exploitation" in svg.find(f"{SVG}title").text
    assert svg.find(f"{SVG}desc").text
    assert "<caption>Matching passages per month and body</caption>" in html
    assert 'class="first-mention" href="/meetings/' in html
    assert 'href="/api/v1/timeline.csv?q=' in html


def test_timeline_syntax_error_reads_as_on_the_search_page(client: TestClient) -> None:
    said = error(client, '/api/v1/timeline?q="unclosed', 400, "bad_query")
    assert said == error(client, '/api/v1/search?q="unclosed', 400, "bad_query")
    assert error(client, '/api/v1/timeline.csv?q="unclosed', 400, "bad_query") == said
    page = client.get('/timeline?q="unclosed')
    assert page.status_code == 400
    assert "That search could not be run:" in page.text and "quote" in page.text
    assert "<svg" not in page.text


def test_timeline_with_nothing_found_says_so(client: TestClient) -> None:
    data = ok(client, "/api/v1/timeline?q=hedgehogsxyz")["data"]
    assert (data["total"], data["first"], data["periods"]) == (0, None, [])
    assert "Nothing matched" in client.get("/timeline?q=hedgehogsxyz").text


# -- navigation ---------------------------------------------------------------------------------


def test_home_and_nav_link_the_registers_and_timeline(client: TestClient) -> None:
    html = client.get("/").text
    for path in (
        "/registers/decisions",
        "/registers/actions",
        "/registers/appointments",
        "/people",
        "/timeline",
    ):
        assert f'href="{path}"' in html
    assert 'href="/registers/actions?status=open"' in html
    nav = client.get("/bodies").text.split('<nav aria-label="Site">', 1)[1].split("</nav>", 1)[0]
    assert 'href="/timeline"' in nav and 'href="/registers/actions"' in nav

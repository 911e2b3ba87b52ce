"""The JSON API in-process, on a database built from the real seeds and corpus: every route, the
success and error shapes, pagination, conditional GET and the read-only policy."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from .answers import error, ok


def _walk(client: TestClient, url: str, key: str | None = None) -> tuple[list[dict[str, Any]], int | None]:
    """Every row of a paginated list (`data`, or `data[key]`), following `links.next`; and the
    total, for lists that count (the registers say `more` instead)."""
    rows, answer = [], ok(client, url)
    total = answer["meta"].get("total")
    while True:
        rows.extend(answer["data"][key] if key else answer["data"])
        if "next" not in answer["links"]:
            return rows, total
        answer = ok(client, answer["links"]["next"])


def test_home_lists_bodies_meetings_and_decisions(client: TestClient, seed_meetings: list[dict]) -> None:
    data = ok(client, "/api/v1/")["data"]
    bodies = {b["name"] for b in data["bodies"]}
    assert {m["body"] for m in seed_meetings} <= bodies
    assert data["recent_meetings"]
    dates = [m["date"] for m in data["recent_meetings"]]
    assert dates == sorted(dates, reverse=True)
    assert all(d["url"].startswith("/meetings/") for d in data["recent_decisions"])


def test_meeting_is_the_stored_record_with_anchors(client: TestClient, seed_meetings: list[dict]) -> None:
    for record in seed_meetings:
        data = ok(client, f"/api/v1/meetings/{record['id']}")["data"]
        assert (data["body"], data["date"], data["time"]) == (record["body"], record["date"], record["time"])
        assert [i["title"] for i in data["items"]] == [i["title"] for i in record["items"]]
        assert [i["truncated"] for i in data["items"]] == [i["truncated"] for i in record["items"]]
        assert [i["anchor"] for i in data["items"]] == [
            f"item-{n}" for n in range(1, len(record["items"]) + 1)
        ]
        for item, stored in zip(data["items"], record["items"], strict=True):
            assert [p["text"] for p in item["paragraphs"]] == [p["text"] for p in stored["minutes"]]


def test_paragraph_anchors_are_printed_refs_and_unique(client: TestClient, seed_meetings: list[dict]) -> None:
    record = next(m for m in seed_meetings if "commissioners" in m["id"])
    data = ok(client, f"/api/v1/meetings/{record['id']}")["data"]
    paragraphs = [p for item in data["items"] for p in item["paragraphs"]]
    refs = [p["ref"] for p in paragraphs if p["ref"]]
    assert "2.1(a)" in refs
    for p in paragraphs:
        if p["ref"] and refs.count(p["ref"]) == 1:
            assert p["anchor"] == f"p-{p['ref']}"
    anchors = [p["anchor"] for p in paragraphs]
    assert len(anchors) == len(set(anchors))


def test_meeting_page_marks_decisions_actions_and_truncation(
    client: TestClient, seed_meetings: list[dict]
) -> None:
    for record in seed_meetings:
        html = client.get(f"/meetings/{record['id']}").text
        items = record["items"]
        for action in (a for i in items for a in i["actions"]):
            assert (f"Action: {action['owner']}" if action["owner"] else "Action") in html
        decisions = sum(len(i["decisions"]) for i in items)
        assert html.count('<span class="badge">Decision') >= min(decisions, 1)
        assert html.count("cut these minutes short") == sum(i["truncated"] for i in items)
        refs = [p["ref"] for i in items for p in i["minutes"] if p["ref"]]
        for ref in refs:
            if refs.count(ref) == 1:
                assert f'id="p-{ref}"' in html
        source = ok(client, f"/api/v1/meetings/{record['id']}")["links"]["source"]
        assert f'href="{source.removeprefix("/api/v1")}#L' in html


def test_source_keeps_every_line(client: TestClient, seed_meetings: list[dict], seeds_dir) -> None:
    meeting = ok(client, f"/api/v1/meetings/{seed_meetings[0]['id']}")
    source = ok(client, meeting["links"]["source"])["data"]
    text = (seeds_dir / seed_meetings[0]["file"]).read_text(encoding="utf-8")
    assert source["lines"] == text.splitlines()
    html = client.get(meeting["links"]["source"].removeprefix("/api/v1")).text
    assert html.count('class="source-line"') == len(text.splitlines())
    assert f'id="L{len(text.splitlines())}"' in html


def test_a_pdf_source_shows_the_lines_its_facts_cite(client: TestClient) -> None:
    """A PDF is shown as its text was read, numbered through the pages as the record's lines are."""
    meeting = ok(client, "/api/v1/meetings/rivergrove-city-council/2018-12-10")["data"]
    source = ok(client, f"/api/v1/sources/{meeting['source']['id']}")["data"]
    lines, pages = source["lines"], source["pages"]
    assert lines and sorted(pages.values()) == list(range(1, len(pages) + 1))  # every page, in order
    cited = [p for item in meeting["items"] for p in item["minutes"]]
    assert len(cited) > 20
    for paragraph in cited:  # the line each cites opens with its first word (after its ref, if any)
        assert paragraph["text"].split()[0] in lines[paragraph["line"] - 1].split()[:2], paragraph


def test_bodies_and_body(client: TestClient, seed_meetings: list[dict]) -> None:
    listed = ok(client, "/api/v1/bodies")["data"]
    slug = seed_meetings[1]["id"].split("/")[0]
    assert slug in {b["slug"] for b in listed}
    body = ok(client, f"/api/v1/bodies/{slug}")["data"]
    assert body["name"] == seed_meetings[1]["body"]
    year = seed_meetings[1]["date"][:4]
    assert any(y["year"] == year and y["meetings"] for y in body["years"])
    improving = next(m for m in seed_meetings if "improving" in m["id"])
    answer = ok(client, f"/api/v1/bodies/{improving['id'].split('/')[0]}")
    members = [a["person"] for m in answer["data"]["membership"] for a in m["members"]]
    expected = [a["person"] for i in improving["items"] for a in i["appointments"]]
    assert expected
    assert sorted(members) == sorted(expected)  # one meeting appointed them all: all are current
    appointed, _ = _walk(client, answer["links"]["appointments"])
    assert sorted(a["person"] for a in appointed) == sorted(expected)


def test_bodies_of_councils_are_told_apart(client: TestClient) -> None:
    """Three councils' full meetings are each called "Council": each body is its own, under its council."""
    listed = ok(client, "/api/v1/bodies")["data"]
    councils = {b["slug"]: b["council"] for b in listed if b["name"] == "Council"}
    assert councils == {
        "council": None,
        "hastings-district-council/council": "Hastings District Council",
        "wairoa-district-council/council": "Wairoa District Council",
    }
    body = ok(client, "/api/v1/bodies/hastings-district-council/council")["data"]
    assert (body["name"], body["council"]) == ("Council", "Hastings District Council")
    meeting_id = body["years"][0]["meetings"][0]["id"]
    assert meeting_id == "hastings-district-council/council/2019-01-31"
    assert ok(client, f"/api/v1/meetings/{meeting_id}")["data"]["council"] == "Hastings District Council"
    page = client.get("/bodies/hastings-district-council/council").text
    assert "<h1>Council</h1>" in page and "Hastings District Council" in page
    home = client.get("/").text
    assert home.index("<h3>Hastings District Council</h3>") < home.index("<h3>Council not named</h3>")
    hits = ok(client, "/api/v1/search?q=Hastings&body=hastings-district-council/council")["data"]["hits"]
    assert hits and {(h["body_slug"], h["council"]) for h in hits} == {
        ("hastings-district-council/council", "Hastings District Council")
    }


def test_people_and_person(client: TestClient) -> None:
    people, _ = _walk(client, "/api/v1/people?limit=50")
    assert len(people) == len({p["key"] for p in people}) > 10
    russell = next(p for p in people if p["key"] == "g. a. russell")
    person = ok(client, f"/api/v1/people/{quote(russell['key'])}")["data"]
    assert person["name"] == russell["name"]
    assert person["meetings"]
    assert any(a["post"] == "Health, Welfare and Safety Panel" for a in person["appointments"])
    found = ok(client, "/api/v1/people?q=RUSSELL")["data"]
    assert found and all("russell" in p["name"].lower() for p in found)


@pytest.mark.parametrize("register", ["decisions", "actions"])
def test_registers_filter_by_body_and_dates(client: TestClient, register: str) -> None:
    rows, _ = _walk(client, f"/api/v1/registers/{register}?limit=7")
    assert rows
    body = rows[0]["body_slug"]
    narrowed, _ = _walk(client, f"/api/v1/registers/{register}?body={body}&limit=100")
    assert narrowed and {r["body_slug"] for r in narrowed} == {body}
    day = rows[0]["date"]
    dated, _ = _walk(client, f"/api/v1/registers/{register}?since={day}&until={day}&limit=100")
    assert dated and {r["date"] for r in dated} == {day}


def test_register_text_filter(client: TestClient) -> None:
    rows = ok(client, "/api/v1/registers/actions?q=fresh+look")["data"]
    assert rows and all("fresh look" in r["text"].lower() for r in rows)
    assert rows[0]["owner"] == "Commissioner Myers"


def test_meetings_pagination_is_stable_and_complete(client: TestClient) -> None:
    paged, total = _walk(client, "/api/v1/meetings?limit=4")
    everything = ok(client, "/api/v1/meetings?limit=100")["data"]
    assert [m["id"] for m in paged] == [m["id"] for m in everything]
    assert len(paged) == total == len({m["id"] for m in paged})
    second = ok(client, "/api/v1/meetings?limit=4&offset=4")
    assert second["links"]["prev"].endswith("offset=0")


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/api/v1/meetings/no-such-body/1999-01-01", 404, "not_found"),
        ("/api/v1/bodies/no-such-body", 404, "not_found"),
        ("/api/v1/people/nobody%20at%20all", 404, "not_found"),
        ("/api/v1/sources/999999", 404, "not_found"),
        ("/api/v1/no/such/route", 404, "not_found"),
        ("/api/v1/meetings?limit=101", 422, "invalid_parameter"),
        ("/api/v1/meetings?offset=-1", 422, "invalid_parameter"),
        ("/api/v1/registers/gossip", 404, "not_found"),
        ("/api/v1/registers/decisions?since=yesterday", 400, "bad_request"),
        (f"/api/v1/search?q={'a' * 501}", 422, "invalid_parameter"),
    ],
)
def test_errors_have_one_shape(client: TestClient, url: str, status: int, code: str) -> None:
    message = error(client, url, status, code)
    assert message


def test_bad_parameter_message_names_the_parameter(client: TestClient) -> None:
    assert error(client, "/api/v1/meetings?limit=101", 422, "invalid_parameter").startswith("limit:")


def test_pages_answer_errors_as_html(client: TestClient) -> None:
    response = client.get("/meetings/no-such-body/1999-01-01")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "There is no meeting" in response.text


def test_read_only(client: TestClient) -> None:
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        response = client.request(method, "/api/v1/meetings")
        assert response.status_code == 405
        assert response.json()["error"]["code"] == "method_not_allowed"
    head = client.head("/api/v1/meetings")
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["etag"] == client.get("/api/v1/meetings").headers["etag"]


@pytest.mark.parametrize("url", ["/", "/api/v1/meetings", "/search?q=council", "/static/site.css"])
def test_security_headers(client: TestClient, url: str) -> None:
    headers = client.get(url).headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"]


@pytest.mark.parametrize("url", ["/", "/api/v1/", "/meetings", "/api/v1/registers/decisions"])
def test_conditional_get(client: TestClient, url: str) -> None:
    first = client.get(url)
    tag = first.headers["etag"]
    again = client.get(url, headers={"if-none-match": tag})
    assert again.status_code == 304
    assert again.content == b""
    assert client.get(url, headers={"if-none-match": '"stale"'}).status_code == 200


def test_static_files_are_versioned_and_cached(client: TestClient) -> None:
    html = client.get("/").text
    css = html.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
    assert "?v=" in css
    response = client.get(css)
    assert response.status_code == 200
    assert "immutable" in response.headers["cache-control"]
    assert "max-age=31536000" in response.headers["cache-control"]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/bodies",
        "/meetings",
        "/people",
        "/registers/decisions",
        "/registers/actions",
        "/registers/appointments",
        "/timeline",
        "/timeline?q=governors",
        "/search",
        "/search?q=governors",
        "/search/facets?q=governors",
    ],
)
def test_every_page_has_its_json_twin(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    twin = html.split('rel="alternate" type="application/json" href="', 1)[1].split('"', 1)[0]
    assert twin == "/api/v1" + path.replace("?", "?").replace("&", "&amp;")
    ok(client, twin.replace("&amp;", "&"))
    assert 'href="#main"' in html and 'id="main"' in html
    assert "<script>" not in html and " style=" not in html


def test_openapi_describes_every_api_route(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    paths = set(spec["paths"])
    for route in [
        "/api/v1/",
        "/api/v1/search",
        "/api/v1/meetings/{meeting_id}",
        "/api/v1/registers/decisions",
        "/api/v1/registers/actions",
        "/api/v1/registers/appointments",
        "/api/v1/people/{key}",
        "/api/v1/timeline",
        "/api/v1/timeline.csv",
    ]:
        assert route in paths
    assert all(p.startswith("/api/v1/") for p in paths)
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "swagger-ui" in docs.text


def test_search_cites_and_links_each_hit_to_its_paragraph(
    client: TestClient, seed_meetings: list[dict]
) -> None:
    answer = ok(client, '/api/v1/search?q="child sexual exploitation"&limit=100')
    found = answer["data"]["hits"]
    assert {m["id"] for m in seed_meetings} <= {h["meeting_id"] for h in found}
    for hit in found:
        assert hit["highlights"] and "\ufdd0" not in hit["snippet"]
        if hit["kind"] == "paragraph":
            meeting = ok(client, f"/api/v1/meetings/{hit['meeting_id']}")["data"]
            paragraph = next(
                p for i in meeting["items"] for p in i["paragraphs"] if p["anchor"] == hit["anchor"]
            )
            assert paragraph["line"] == hit["line"]
            assert hit["url"] == f"/meetings/{hit['meeting_id']}#{hit['anchor']}"


def test_search_filters_and_pages(client: TestClient) -> None:
    everything = ok(client, "/api/v1/search?q=council&limit=100")
    total = everything["meta"]["total"]
    assert total and total > 10
    paged, _ = _walk(client, "/api/v1/search?q=council&limit=10", key="hits")
    assert len(paged) == total
    assert [(h["meeting_id"], h["line"], h["kind"]) for h in paged[:100]] == [
        (h["meeting_id"], h["line"], h["kind"]) for h in everything["data"]["hits"]
    ]
    body = everything["data"]["hits"][0]["body"]
    slug = next(b["slug"] for b in ok(client, "/api/v1/bodies")["data"] if b["name"] == body)
    narrowed = ok(client, f"/api/v1/search?q=council&body={slug}&limit=100")["data"]["hits"]
    assert narrowed and {h["body"] for h in narrowed} == {body}
    decisions = ok(client, "/api/v1/search?q=council&kind=decision&limit=100")["data"]["hits"]
    assert decisions and {h["kind"] for h in decisions} == {"decision"}
    year = ok(client, "/api/v1/search?q=council&year=2019&limit=100")["data"]["hits"]
    assert year and {h["date"][:4] for h in year} == {"2019"}
    dated = ok(client, "/api/v1/search?q=council&sort=date&limit=100")["data"]["hits"]
    assert [h["date"] for h in dated] == sorted((h["date"] for h in dated), reverse=True)


def test_search_by_person(client: TestClient) -> None:
    hits = ok(client, "/api/v1/search?person=Commissioner+Myers&limit=100")["data"]["hits"]
    assert hits and all("Commissioner" in h["snippet"] and "Myers" in h["snippet"] for h in hits)


def test_search_facets_count_the_window(client: TestClient) -> None:
    data = ok(client, "/api/v1/search/facets?q=council")["data"]
    best = ok(client, "/api/v1/search?q=council&limit=100")["data"]["hits"]
    assert data["window"] == len(best) or data["window"] > 100
    assert sum(f["count"] for f in data["body"]) == data["window"] == sum(f["count"] for f in data["year"])
    html = client.get("/search?q=council").text
    assert 'href="/search/facets?q=council"' in html


def test_search_syntax_error_is_a_400_with_an_actionable_message(client: TestClient) -> None:
    message = error(client, '/api/v1/search?q="unclosed', 400, "bad_query")
    assert "quote" in message
    page = client.get('/search?q="unclosed')
    assert page.status_code == 400
    assert 'class="inline-error"' in page.text and "quote" in page.text
    assert 'value="&#34;unclosed"' in page.text  # what the person typed stays in the box


def test_register_page_says_which_order_it_is_in(client: TestClient) -> None:
    assert '<option value="-date" selected>Newest first</option>' in client.get("/registers/actions").text
    assert (
        '<option value="date" selected>Oldest first</option>'
        in client.get("/registers/actions?sort=date").text
    )


def test_registers_filter_by_person(client: TestClient) -> None:
    owned = ok(client, "/api/v1/registers/actions?person=myers&limit=100")["data"]
    assert owned and all("myers" in a["owner"].lower() for a in owned)
    appointed = ok(client, "/api/v1/registers/appointments?person=lelliott")["data"]
    assert [a["post"] for a in appointed] == ["Recycling Group"]

"""Topics over time: hits per month or quarter by body, first and latest mention, and the chart."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
import sqlalchemy

from minutebook.errors import MinutebookError, QueryError
from minutebook.registers import timeline as timeline_module
from minutebook.registers.timeline import all_periods, timeline, timeline_svg
from minutebook.search.fulltext import lexical_search as search

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def topics(load) -> sqlalchemy.Engine:
    return load(
        [
            (
                "Cabinet",
                "2014-01-15",
                [("Flooding", ["Flooding on Ryton Road was reported.", "Flooding again."])],
            ),
            ("Cabinet", "2014-05-14", [("Roads", ["The resurfacing of Ryton Road was agreed."])]),
            (
                "Planning Board",
                "2014-02-06",
                [("Drainage", ["Surface water flooding at the site was noted."])],
            ),
        ]
    )


def test_hits_per_month_and_body_with_first_and_latest(topics: sqlalchemy.Engine) -> None:
    with topics.connect() as connection:
        result = timeline(connection, "flooding")
    assert result.rows() == [
        {"period": "2014-01", "body": "Cabinet", "hits": 3},  # two paragraphs and the item title
        {"period": "2014-02", "body": "Planning Board", "hits": 1},
    ]
    assert result.first is not None and result.first.meeting_id == "cabinet/2014-01-15"
    assert result.latest is not None and result.latest.meeting_id == "planning-board/2014-02-06"
    assert result.periods == ["2014-01", "2014-02"]


def test_counts_agree_with_search(topics: sqlalchemy.Engine) -> None:
    with topics.connect() as connection:
        result = timeline(connection, '"Ryton Road" OR drainage', by="quarter")
    found = search(topics, '"Ryton Road" OR drainage', limit=100)
    assert result.total == found.total == len(found.hits)
    assert result.periods == ["2014-Q1", "2014-Q2"]
    assert {(row["period"], row["body"]) for row in result.rows()} == {
        ("2014-Q1", "Cabinet"),
        ("2014-Q1", "Planning Board"),
        ("2014-Q2", "Cabinet"),
    }


def test_body_and_date_filters(topics: sqlalchemy.Engine) -> None:
    with topics.connect() as connection:
        cabinet = timeline(connection, "road", body="Cabinet", since="2014-03-01")
        nothing = timeline(connection, "hedgehogs")
    # The item "Roads", and "Ryton Road" in its paragraph and in the decision it records ("was agreed").
    assert cabinet.rows() == [{"period": "2014-05", "body": "Cabinet", "hits": 3}]
    assert (nothing.total, nothing.first, nothing.periods) == (0, None, [])


def test_the_chart_is_accessible_svg(topics: sqlalchemy.Engine) -> None:
    with topics.connect() as connection:
        svg = ET.fromstring(timeline_svg(timeline(connection, "flooding")))
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Mentions of “flooding” by month"
    assert "4 matching passages from 2014-01-15 to 2014-02-06" in svg.find(f"{SVG}desc").text
    bars = [
        rect.find(f"{SVG}title").text
        for rect in svg.iter(f"{SVG}rect")
        if rect.find(f"{SVG}title") is not None
    ]
    assert bars == ["Cabinet, 2014-01: 3", "Planning Board, 2014-02: 1"]
    labels = [node.text for node in svg.iter(f"{SVG}text")]
    assert {"2014-01", "2014-02", "Cabinet (3)", "Planning Board (1)", "hits"} <= set(labels)


def test_periods_run_without_gaps_across_years() -> None:
    assert all_periods("2013-11", "2014-02", "month") == ["2013-11", "2013-12", "2014-01", "2014-02"]
    assert all_periods("2013-Q4", "2014-Q1", "quarter") == ["2013-Q4", "2014-Q1"]


def test_bad_queries_and_periods_are_one_line_errors(topics: sqlalchemy.Engine) -> None:
    with topics.connect() as connection:
        with pytest.raises(QueryError, match="quote"):
            timeline(connection, '"flooding')
        with pytest.raises(MinutebookError, match="month or quarter"):
            timeline(connection, "flooding", by="week")


@pytest.mark.parametrize(
    ("query", "options", "as_search"),
    [
        ("council", {}, "council"),
        (
            "council",
            {"body": "Improving Lives Select Commission", "since": "2013-01-01", "until": "2016-12-31"},
            "council",
        ),
        ('"the committee"', {"by": "quarter"}, '"the committee"'),
        ("govern*", {}, "govern*"),
        ("report OR resolved", {}, "report OR resolved"),
        ("the council and its committee", {}, "council AND committee"),  # plain words: all but stop words
        ("hedgehogs", {}, "hedgehogs"),
    ],
)
def test_a_timeline_counts_what_search_matches(
    real_db: sqlalchemy.Engine, query: str, options: dict, as_search: str
) -> None:
    """The same matching as search (`search.index`): a timeline's total is the number of hits."""
    with real_db.connect() as connection:
        result = timeline(connection, query, **options)
    filters = {k: v for k, v in options.items() if k != "by"}
    hits, offset = 0, 0
    while True:
        page = search(real_db, as_search, limit=500, offset=offset, **filters)
        hits += len(page.hits)
        if not page.more:
            break
        offset += 500
    assert result.total == hits
    assert result.total > 0 or query == "hedgehogs"


def test_counting_follows_new_and_changed_meetings(topics: sqlalchemy.Engine, load) -> None:
    """The index follows the database: a meeting stored or replaced since counts at once."""

    def flooding() -> list[dict]:
        with topics.connect() as connection:
            return timeline(connection, "flooding").rows()

    assert {row["period"] for row in flooding()} == {"2014-01", "2014-02"}
    load([("Cabinet", "2014-06-11", [("Flooding", ["Flooding on Ryton Road had returned."])])])
    assert {row["period"] for row in flooding()} == {"2014-01", "2014-02", "2014-06"}
    load([("Cabinet", "2014-01-15", [("Roads", ["Nothing was reported."])])])  # replaces that meeting
    assert {row["period"] for row in flooding()} == {"2014-02", "2014-06"}


def test_chart_colours_stand_out_from_the_page() -> None:
    """WCAG 1.4.11: graphics need 3:1 contrast against what is around them (a white page)."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for colour in timeline_module.COLOURS:
        assert 1.05 / (luminance(colour) + 0.05) >= 3, colour

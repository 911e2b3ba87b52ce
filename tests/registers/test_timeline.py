"""Topics over time: hits per month or quarter by body, first and latest mention, and the chart."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
import sqlalchemy

from minutebook.errors import MinutebookError, QueryError
from minutebook.registers import timeline as timeline_module
from minutebook.registers.timeline import all_periods, timeline, timeline_svg
from minutebook.search import search

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
    assert cabinet.rows() == [{"period": "2014-05", "body": "Cabinet", "hits": 2}]  # "Roads", "Road"
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
    ("query", "options"),
    [
        ("council", {}),
        (
            "council",
            {"body": "Improving Lives Select Commission", "since": "2013-01-01", "until": "2016-12-31"},
        ),
        ('"the committee"', {"by": "quarter"}),
        ("govern*", {}),
        ("report OR resolved", {}),
        ("hedgehogs", {}),
    ],
)
def test_counting_by_meeting_agrees_with_a_lookup_per_match(
    real_db: sqlalchemy.Engine, monkeypatch: pytest.MonkeyPatch, query: str, options: dict
) -> None:
    with real_db.connect() as connection:
        monkeypatch.setattr(timeline_module, "LOOKUPS_PER_MEETING", 0)  # by meeting, on SQLite
        by_meeting = timeline(connection, query, **options)
        monkeypatch.setattr(timeline_module, "LOOKUPS_PER_MEETING", 10**6)
        looked_up = timeline(connection, query, **options)
    assert by_meeting == looked_up
    assert by_meeting.total > 0 or query == "hedgehogs"


def test_entries_stored_out_of_place_are_counted_where_they_belong(
    topics: sqlalchemy.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counting by meeting takes each meeting's search entries to be stored together; when an
    entry in the middle of one meeting's belongs to another, the matches are looked up instead."""
    with topics.begin() as connection:
        entries = connection.execute(
            sqlalchemy.text(
                "SELECT id FROM search_entries WHERE meeting_id = 'cabinet/2014-01-15'"
                " AND text LIKE 'Flooding%' ORDER BY id"
            )
        ).scalars()
        middle = sorted(entries)[1]
        connection.execute(
            sqlalchemy.text(
                "UPDATE search_entries SET meeting_id = m.id, body_id = m.body_id, date = m.date"
                " FROM meetings m WHERE m.id = 'planning-board/2014-02-06' AND search_entries.id = :id"
            ),
            {"id": middle},
        )
    monkeypatch.setattr(timeline_module, "LOOKUPS_PER_MEETING", 0)
    with topics.connect() as connection:
        result = timeline(connection, "flooding")
    assert result.rows() == [
        {"period": "2014-01", "body": "Cabinet", "hits": 2},
        {"period": "2014-02", "body": "Planning Board", "hits": 2},
    ]


def test_counting_by_meeting_follows_new_and_changed_meetings(
    topics: sqlalchemy.Engine, load, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Meetings' spans of entries are kept between calls (SQLite): a meeting stored or replaced
    since must count all the same."""
    monkeypatch.setattr(timeline_module, "LOOKUPS_PER_MEETING", 0)

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

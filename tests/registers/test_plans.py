"""Plans and their progress: figures read from small texts, a series over stored meetings with
its citations, and the one plan the seeds report on."""

from __future__ import annotations

import pytest
import sqlalchemy

from minutebook.errors import MinutebookError
from minutebook.registers.plans import clauses, figures, plan_points, plans


def _read(text: str) -> list[tuple[str, str, str, float | None]]:
    return [(f.plan, f.kind, f.value, f.percent) for f in figures(text)]


def test_a_percentage_of_actions_is_progress_of_the_plan_its_clause_names() -> None:
    text = (
        "Cllr Read updated on recent decisions; work on delivering the Council's Corporate 'Fresh Start'"
        " Improvement Plan which has completed 48% of its overall actions; work on the Partnership Plan"
        " priorities for 2016/17."
    )
    assert _read(text) == [("Corporate 'Fresh Start' Improvement Plan", "percent", "48%", 48.0)]


def test_counts_of_actions_and_rag_statuses() -> None:
    text = (
        "The Director reported that 12 of 25 actions in the CSE Action Plan were complete."
        " The RAG status of the Local Plan is amber. The Recovery Plan was rated Amber/Green overall."
        " Members noted that the action plan was 80% delivered."
    )
    assert _read(text) == [
        ("CSE Action Plan", "count", "12 of 25", 48.0),
        ("Local Plan", "rag", "amber", None),
        ("Recovery Plan", "rag", "amber/green", None),
        ("Action plan", "percent", "80%", 80.0),
    ]
    assert _read("Update On The Council Plan: 60% complete") == [("Council Plan", "percent", "60%", 60.0)]


@pytest.mark.parametrize(
    "text",
    [
        "The Local Plan requires 20% affordable housing on sites of ten or more homes.",  # not progress
        "Completion of 48% of the actions was reported by the Director.",  # no plan named
        "The plan for the green was agreed; 60% of residents supported it.",  # progress of no plan
        "The Improvement Plan was noted. 30 of 40 members attended.",  # members, not actions
        # A rate the plan assumes, with a word of delivery further off.
        "The Medium Term Financial Plan assumes a 2.99% Council Tax increase and savings to be delivered.",
    ],
)
def test_numbers_that_are_not_a_plans_progress_are_not_figures(text: str) -> None:
    assert figures(text) == []


def test_progress_said_other_ways() -> None:
    text = (
        "The Corporate Plan has 45 actions, of which 30 are complete. Workforce Plan completion"
        " stood at 75 per cent; the Digital Plan has delivered 40% so far."
    )
    assert _read(text) == [
        ("Corporate Plan", "count", "30 of 45", 66.7),
        ("Workforce Plan", "percent", "75%", 75.0),
        ("Digital Plan", "percent", "40%", 40.0),
    ]


def test_clauses_cut_at_sentences_and_semicolons_not_at_decimals() -> None:
    assert clauses("Spend was 2.5% over; the Plan is 50% complete. Next item.") == [
        "Spend was 2.5% over",
        "the Plan is 50% complete",
        "Next item.",
    ]


SERIES = [("2016-01-13", "23%"), ("2016-02-10", "31%"), ("2016-03-16", "48%"), ("2016-04-13", "60%")]


def test_a_plan_reported_at_four_meetings_is_a_series_in_order_with_citations(load) -> None:
    meetings = [
        (
            "Commissioners Public Meeting",
            day,
            [
                ("Apologies", ["None."]),
                (
                    "Improvement Plan update",
                    [
                        "The Chief Executive introduced the report.",
                        f"The Fresh Start Improvement Plan has now completed {share} of its overall actions.",
                        *(
                            ["Action: The Chief Executive will publish the Fresh Start Improvement Plan."]
                            if day == SERIES[0][0]
                            else []
                        ),
                    ],
                ),
            ],
        )
        for day, share in reversed(SERIES)  # stored in any order, read oldest first
    ]
    engine: sqlalchemy.Engine = load(meetings)
    with engine.connect() as connection:
        series = plan_points(connection, plan="improvement plan")
        [summary] = plans(connection)
        assert plan_points(connection, plan="local plan") == []
        with pytest.raises(MinutebookError):
            plan_points(connection, plan="--")
    assert [(p.date, p.value, p.percent) for p in series] == [(d, s, float(s[:-1])) for d, s in SERIES]
    first = series[0]
    assert first.plan == "Fresh Start Improvement Plan" and first.kind == "percent"
    assert (first.meeting_id, first.item_position, first.item_title) == (
        "commissioners-public/2016-01-13",
        1,  # positions count from 0: the second item
        "Improvement Plan update",
    )
    assert first.paragraph == 1 and first.line > 0 and "23%" in first.quote
    assert (summary.reports, summary.first_date, summary.latest.value) == (4, "2016-01-13", "60%")
    assert (summary.actions, summary.actions_open) == (1, 1)


def test_the_seeds_report_one_plan(real_db: sqlalchemy.Engine) -> None:
    with real_db.connect() as connection:
        [summary] = plans(connection)
        [point] = plan_points(
            connection, plan="Improvement Plan", body="Commissioners' Public Meeting with Councillors"
        )
    assert summary.plan == "Corporate 'Fresh Start' Improvement Plan" and summary.reports == 1
    assert (point.value, point.date, point.item_number) == ("48%", "2016-03-16", "4")

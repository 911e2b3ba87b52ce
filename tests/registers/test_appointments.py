"""The appointments register: by municipal year and body, and current membership of panels."""

from __future__ import annotations

import pytest
import sqlalchemy

from minutebook.errors import MinutebookError
from minutebook.registers.appointments import appointments, current_membership, term_year


def _appointing(year: str, *lines: str) -> tuple[str, list[str]]:
    return (
        "Appointments of representatives",
        [
            f"Resolved: -  That the following appointments for the {year} Municipal Year be approved: -",
            *lines,
        ],
    )


@pytest.fixture
def two_years(load) -> sqlalchemy.Engine:
    return load(
        [
            (
                "Improving Lives Select Commission",
                "2013-07-10",
                [
                    _appointing(
                        "2013-2014",
                        "(a)   Health, Welfare and Safety Panel – Councillor G. A. Russell"
                        " (Councillor S. Ali as her substitute).",
                        "(b)  Recycling Group – Councillor D. Lelliott.",
                    )
                ],
            ),
            (
                "Improving Lives Select Commission",
                "2014-06-11",
                [
                    _appointing(
                        "2014-2015", "(a)   Health, Welfare and Safety Panel – Councillor J. Hamilton."
                    )
                ],
            ),
        ]
    )


def test_the_seed_appointments_with_substitute_and_year(real_db: sqlalchemy.Engine) -> None:
    with real_db.connect() as connection:
        rows = appointments(connection, year="2013-2014").rows
    found = {(row.person, row.post, row.substitute) for row in rows}
    assert ("Councillor G. A. Russell", "Health, Welfare and Safety Panel", "Councillor S. Ali") in found
    assert ("Councillor L. Astbury", "Environment and Climate Change Strategy Group", None) in found
    assert {row.year for row in rows} == {"2013-2014"}
    # The corpus's West Dereham annual meeting (May 2013) elected its chairman in the same year.
    assert {row.body for row in rows} == {"Improving Lives Select Commission", "West Dereham Parish Council"}
    assert ("Claire Cann", "Chairman", None) in found


def test_year_body_person_and_post_filters(two_years: sqlalchemy.Engine) -> None:
    with two_years.connect() as connection:
        later = appointments(connection, year="2014-2015").rows
        russell = appointments(connection, person="russell").rows
        recycling = appointments(connection, post="Recycling").rows
        elsewhere = appointments(connection, body="Cabinet").rows
    assert [(row.person, row.year) for row in later] == [("Councillor J. Hamilton", "2014-2015")]
    assert [row.post for row in russell] == ["Health, Welfare and Safety Panel"]
    assert [row.person for row in recycling] == ["Councillor D. Lelliott"]
    assert elsewhere == []


def test_current_membership_is_each_posts_latest_term(two_years: sqlalchemy.Engine) -> None:
    with two_years.connect() as connection:
        members = {m.post: (m.year, [a.person for a in m.members]) for m in current_membership(connection)}
    assert members == {
        "Health, Welfare and Safety Panel": ("2014-2015", ["Councillor J. Hamilton"]),
        "Recycling Group": ("2013-2014", ["Councillor D. Lelliott"]),
    }


@pytest.mark.parametrize(
    ("term", "date", "year"),
    [
        ("2013-2014 Municipal Year", "2013-07-10", "2013-2014"),
        ("2013/14 municipal year", "2013-07-10", "2013-2014"),
        (None, "2014-03-05", "2013-2014"),  # before May: the year that began the May before
        (None, "2014-05-21", "2014-2015"),
    ],
)
def test_term_year(term: str | None, date: str, year: str) -> None:
    assert term_year(term, date) == year


def test_a_malformed_year_is_a_one_line_error(real_db: sqlalchemy.Engine) -> None:
    with real_db.connect() as connection, pytest.raises(MinutebookError, match="2013-2015"):
        appointments(connection, year="2013-2015")

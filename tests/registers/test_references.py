"""References resolved to the meeting and item they name, both ways, and the unresolved with why."""

from __future__ import annotations

import pytest
import sqlalchemy

from minutebook.registers.references import Catalogue, reference_register, references_from, references_to

CABINET = "Cabinet"


@pytest.fixture
def citing(load) -> sqlalchemy.Engine:
    return load(
        [
            (
                CABINET,
                "2014-01-15",
                [
                    ("Apologies for Absence", []),
                    ("Dinnington Depot", ["The Cabinet considered options for the depot."]),
                ],
            ),
            (
                "Overview and Scrutiny Management Board",
                "2014-02-14",
                [
                    (
                        "Dinnington Depot",
                        [
                            "Further to Minute No. 2 of the Cabinet meeting held on 15th January, 2014"
                            " (Dinnington Depot), the Board asked for the options appraisal.",
                            "Further to Minute No. C12 of the Cabinet meeting held on 3rd December, 2013"
                            " (Capital Programme), the Board noted the update.",
                            "The Board would return to the matter later (Agenda item 2).",
                        ],
                    ),
                    ("Work Programme", ["The work programme was noted."]),
                ],
            ),
            (
                CABINET,
                "2014-03-12",
                [
                    (
                        "Minutes",
                        ["Resolved: - That the minutes of the meeting held on 15 January be approved."],
                    )
                ],
            ),
        ]
    )


def test_a_named_minute_resolves_to_its_meeting_and_item(citing: sqlalchemy.Engine) -> None:
    with citing.connect() as connection:
        links = references_from(connection, "overview-and-scrutiny-management-board/2014-02-14")
    by_text = {link.text.split(" of the")[0]: link for link in links}
    found = by_text["Minute No. 2"]
    assert (found.status, found.target_meeting_id, found.target_item_title) == (
        "resolved",
        "cabinet/2014-01-15",
        "Dinnington Depot",
    )
    assert found.line is not None and found.item_title == "Dinnington Depot"


def test_a_minute_that_is_not_stored_is_listed_with_why(citing: sqlalchemy.Engine) -> None:
    with citing.connect() as connection:
        unresolved = reference_register(connection, status="unresolved").rows
    assert [(link.text.split(" of the")[0], link.reason) for link in unresolved] == [
        ("Minute No. C12", "no meeting of Cabinet on 2013-12-03 is stored")
    ]
    assert unresolved[0].target_meeting_id is None


def test_same_body_and_year_inferred_and_agenda_items(citing: sqlalchemy.Engine) -> None:
    with citing.connect() as connection:
        approving = references_from(connection, "cabinet/2014-03-12")
        board = references_from(
            connection, "overview-and-scrutiny-management-board/2014-02-14", item_position=0
        )
    assert [(link.status, link.target_meeting_id) for link in approving] == [
        ("resolved", "cabinet/2014-01-15")
    ]
    item = next(link for link in board if "Agenda item" in link.text)
    assert (item.target_meeting_id, item.target_item_title) == (
        "overview-and-scrutiny-management-board/2014-02-14",
        "Work Programme",
    )


def test_what_refers_to_a_meeting_and_to_one_item(citing: sqlalchemy.Engine) -> None:
    with citing.connect() as connection:
        meeting = references_to(connection, "cabinet/2014-01-15")
        depot = references_to(connection, "cabinet/2014-01-15", item_position=1)
        apologies = references_to(connection, "cabinet/2014-01-15", item_position=0)
    assert [link.meeting_id for link in meeting] == [
        "overview-and-scrutiny-management-board/2014-02-14",
        "cabinet/2014-03-12",
    ]
    assert [link.meeting_id for link in depot] == ["overview-and-scrutiny-management-board/2014-02-14"]
    assert apologies == []


def test_the_seed_reference_to_an_unstored_cabinet_minute(real_db: sqlalchemy.Engine) -> None:
    with real_db.connect() as connection:
        links = references_from(connection, "improving-lives-select-commission/2013-07-10")
    assert [(link.status, link.reason) for link in links] == [
        ("unresolved", "no meeting of Cabinet on 2012-11-21 is stored")
    ]
    assert links[0].text.startswith("Minute No. C97")


def test_a_body_name_shared_by_two_councils_resolves_to_the_citing_council() -> None:
    catalogue = Catalogue(
        {1: "Cabinet", 2: "Cabinet", 3: "Overview Board", 4: "Planning Board"},
        [],
        {},
        {1: "Brackenford Borough Council", 2: "Aldwick District Council", 3: "Aldwick District Council"},
    )
    assert catalogue.body("Cabinet", citing_body=3) == (2, None)
    assert catalogue.body("the Cabinet", citing_body=3)[0] is None  # not a body name at all
    for unknown_council in (None, 4):  # no citing body, or one of no known council
        found, why = catalogue.body("Cabinet", citing_body=unknown_council)
        assert found is None and why is not None and why.startswith("ambiguous")

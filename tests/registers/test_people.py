"""People across meetings: forms resolved to one person, namesakes kept apart, bare surnames
attached only when one person fits, posts over time, and the clerk's overrides."""

from __future__ import annotations

import pytest
import sqlalchemy

from minutebook.errors import MinutebookError
from minutebook.registers.people import (
    merge_people,
    people,
    person,
    rename_person,
    resolution_report,
    split_person,
)
from minutebook.store.schema import person_links

MEETINGS = [
    (
        "Cabinet",
        "2014-01-15",
        [
            (
                "Children's Services",
                [
                    "Councillor Christine Read, Cabinet Member for Children, introduced the report.",
                    "Councillor A. Read raised a question about the depot.",
                    "Councillor D. Smith asked about school places.",
                    "Jason Smith, Head of Democratic Services, advised members.",
                ],
            )
        ],
    ),
    (
        "Council",
        "2015-05-20",
        [("Leader's Statement", ["Councillor C. Read, Leader of the Council, welcomed members."])],
    ),
    ("Cabinet", "2015-06-10", [("Budget", ["Cllr Read, Leader of the Council, presented the budget."])]),
    (
        "Cabinet",
        "2015-07-08",
        [("Depot", ["Cllr Read asked about the timetable.", "Cllr Smith seconded the report."])],
    ),
]


@pytest.fixture
def council(load) -> sqlalchemy.Engine:
    return load(MEETINGS)


def _who(connection: sqlalchemy.Connection, meeting_id: str, key: str) -> tuple[str | None, list[str] | None]:
    link = person_links
    row = connection.execute(
        sqlalchemy.select(link.c.identity, link.c.candidates).where(
            (link.c.meeting_id == meeting_id) & (link.c.person_key == key)
        )
    ).one()
    return row.identity, row.candidates


def test_forms_of_one_person_are_merged_across_meetings_and_bodies(council: sqlalchemy.Engine) -> None:
    with council.connect() as connection:
        read = person(connection, "Councillor C. Read")
    assert read is not None and read.name == "Christine Read"
    assert {"Councillor Christine Read", "Councillor C. Read", "Cllr Read"} <= set(read.forms)
    assert [m.meeting_id for m in read.meetings] == [
        "cabinet/2015-06-10",
        "council/2015-05-20",
        "cabinet/2014-01-15",
    ]


def test_posts_are_kept_with_the_dates_they_were_stated(council: sqlalchemy.Engine) -> None:
    with council.connect() as connection:
        read = person(connection, "Christine Read")
    assert read is not None
    assert [(p.post, p.first_date, p.last_date) for p in read.posts] == [
        ("Cabinet Member for Children", "2014-01-15", "2014-01-15"),
        ("Leader of the Council", "2015-05-20", "2015-06-10"),
    ]


def test_namesakes_with_other_initials_stay_two_and_a_bare_surname_is_ambiguous(
    council: sqlalchemy.Engine,
) -> None:
    with council.connect() as connection:
        other = person(connection, "Councillor A. Read")
        bare_without_post = _who(connection, "cabinet/2015-07-08", "read")
        bare_with_post = _who(connection, "cabinet/2015-06-10", "read")
        report = resolution_report(connection)
    assert (
        other is not None and other.key == "a. read" and set(other.forms) == {"A. Read", "Councillor A. Read"}
    )
    assert bare_without_post == (None, ["a. read", "christine read"])
    assert bare_with_post == ("christine read", None)
    assert [m.meeting_id for m in other.meetings] == ["cabinet/2014-01-15"]
    assert report.ambiguous == 1 and report.ambiguous_forms == {"read": ["a. read", "christine read"]}
    assert report.merged == 3  # 'c. read' and 'read' into Christine Read, 'smith' into D. Smith


def test_a_bare_surname_attaches_when_exactly_one_person_fits(council: sqlalchemy.Engine) -> None:
    with council.connect() as connection:
        smith = person(connection, "Cllr Smith")
        listed = {p.name: p.meetings for p in people(connection).rows}
    assert smith is not None and smith.name == "D. Smith" and len(smith.meetings) == 2
    # Jason Smith, an officer never called Councillor, is no candidate for "Cllr Smith".
    assert listed == {"A. Read": 1, "Christine Read": 3, "D. Smith": 2, "Jason Smith": 1}


def test_overrides_merge_split_rename_and_survive_reingest(council: sqlalchemy.Engine, load) -> None:
    with council.begin() as connection:
        merge_people(connection, "Cllr Read", "Councillor A. Read", note="the clerk checked the recording")
        split_person(connection, "Councillor C. Read")
        rename_person(connection, "Christine Read", "Christine Read (Cllr)")
    changed = [
        *MEETINGS[:-1],
        ("Cabinet", "2015-07-08", [("Depot", ["Cllr Read asked about the new timetable."])]),
    ]
    load(changed)  # re-ingest a changed meeting, then refresh: the overrides still hold
    with council.connect() as connection:
        a_read = person(connection, "A. Read")
        c_read = person(connection, "C. Read")
        christine = person(connection, "Christine Read")
        report = resolution_report(connection)
    assert a_read is not None and {m.meeting_id for m in a_read.meetings} == {
        "cabinet/2014-01-15",
        "cabinet/2015-06-10",
        "cabinet/2015-07-08",
    }
    assert (
        c_read is not None
        and c_read.key == "c. read"
        and [m.meeting_id for m in c_read.meetings] == ["council/2015-05-20"]
    )
    # Christine Read keeps her own meeting: only the bare form and the split form left her.
    assert christine is not None and christine.name == "Christine Read (Cllr)"
    assert [m.meeting_id for m in christine.meetings] == ["cabinet/2014-01-15"]
    assert a_read.name == "A. Read"
    assert report.ambiguous == 0


def test_overrides_name_stored_forms_only(council: sqlalchemy.Engine) -> None:
    with council.begin() as connection, pytest.raises(MinutebookError, match="Nobody"):
        merge_people(connection, "Councillor Nobody", "Christine Read")


def test_the_seeds_people(real_db: sqlalchemy.Engine) -> None:
    with real_db.connect() as connection:
        myers = person(connection, "Commissioner Myers")
        report = resolution_report(connection)
    assert myers is not None and myers.name == "Derek Myers"
    assert {"Lead Commissioner", "Commissioner"} <= {p.post for p in myers.posts}
    assert report.forms >= report.people > 0

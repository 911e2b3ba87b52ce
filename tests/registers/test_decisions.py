"""The decisions register on the real documents and on meetings written for the purpose."""

from __future__ import annotations

import pytest
import sqlalchemy

from minutebook.errors import MinutebookError
from minutebook.registers import common
from minutebook.registers import decisions as decisions_module
from minutebook.registers.decisions import decisions


def test_every_stored_decision_is_listed_newest_first(real_db: sqlalchemy.Engine) -> None:
    with real_db.connect() as connection:
        page = decisions(connection, limit=1000)
        stored = connection.execute(sqlalchemy.text("SELECT count(*) FROM decisions")).scalar_one()
    assert len(page.rows) == stored > 0
    assert not page.more
    dates = [row.date for row in page.rows]
    assert dates == sorted(dates, reverse=True)


def test_pages_are_stable_and_cover_the_register(real_db: sqlalchemy.Engine) -> None:
    with real_db.connect() as connection:
        whole = decisions(connection, limit=1000).rows
        pages = [decisions(connection, offset=offset, limit=7) for offset in range(0, len(whole), 7)]
    assert [row for page in pages for row in page.rows] == whole
    assert all(page.more for page in pages[:-1]) and not pages[-1].more


def test_filters_by_body_dates_kind_and_text(real_db: sqlalchemy.Engine) -> None:
    with real_db.connect() as connection:
        lives = decisions(connection, body="Improving Lives Select Commission").rows
        in_2013 = decisions(connection, since="2013-01-01", until="2013-12-31", limit=1000).rows
        resolved = decisions(connection, kind="resolved", limit=1000).rows
        appointing = decisions(connection, text="APPOINTMENTS of representatives").rows
    assert lives and {row.body_slug for row in lives} == {"improving-lives-select-commission"}
    assert in_2013 and all("2013-01-01" <= row.date <= "2013-12-31" for row in in_2013)
    assert resolved and {row.kind for row in resolved} == {"resolved"}
    assert [row.meeting_id for row in appointing] == ["improving-lives-select-commission/2013-07-10"]
    assert appointing[0].item_title.startswith("Appointments of representatives")


def test_person_filter_matches_movers_seconders_and_text(load) -> None:
    engine = load(
        [
            (
                "Planning Board",
                "2014-03-05",
                [
                    (
                        "Planning application RB2014/0001",
                        [
                            "Moved by Councillor Wyatt, seconded by Councillor Hoddinott.",
                            "Resolved: - That the application be granted.",
                        ],
                    ),
                    (
                        "Appeal decisions",
                        ["Resolved: - That Councillor Pickering's report on appeals be noted."],
                    ),
                    ("Updates", ["Resolved: - That the updates be noted."]),
                ],
            )
        ]
    )
    with engine.connect() as connection:
        moved = decisions(connection, person="Wyatt").rows
        seconded = decisions(connection, person="hoddinott").rows
        mentioned = decisions(connection, person="Pickering").rows
        nobody = decisions(connection, person="Lelliott").rows
        shouted = decisions(connection, person="WYATT").rows
        wildcards = [decisions(connection, person=p).rows for p in ("W_att", "Wy%", "%")]
    assert "resolved" in {row.kind for row in moved}
    assert all(row.movers == ["Councillor Wyatt"] for row in moved)
    assert {row.kind for row in seconded} == {row.kind for row in moved}
    assert all(row.seconders == ["Councillor Hoddinott"] for row in seconded)
    assert [row.item_title for row in mentioned] == ["Appeal decisions"]
    assert nobody == []
    assert shouted == moved  # case is ignored, on both backends
    assert wildcards == [[], [], []]  # `_` and `%` are plain characters


@pytest.mark.parametrize(
    ("options", "field"),
    [({"since": "2013-13-01"}, "since"), ({"kind": "maybe"}, "kind"), ({"limit": 0}, "limit")],
)
def test_bad_filters_are_one_line_errors(real_db: sqlalchemy.Engine, options: dict, field: str) -> None:
    with real_db.connect() as connection, pytest.raises(MinutebookError, match=field):
        decisions(connection, **options)


def test_text_finds_the_same_with_or_without_the_full_text_index(
    real_db: sqlalchemy.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    with real_db.connect() as connection:
        narrowed = decisions(connection, text="minutes", limit=1000).rows
        monkeypatch.setattr(common, "FEW_MATCHES", 1)  # as if the words were common: no index
        walked = decisions(connection, text="minutes", limit=1000).rows
    assert narrowed and narrowed == walked
    assert all("minutes" in row.text.lower() for row in narrowed)


@pytest.mark.parametrize("person", ["council", "Councillor", "CLLR", "Read", "e", "nobody at all"])
def test_person_filter_finds_the_same_whether_its_matches_are_few_or_many(
    real_db: sqlalchemy.Engine, monkeypatch: pytest.MonkeyPatch, person: str
) -> None:
    with real_db.connect() as connection:
        narrowed = decisions(connection, person=person, limit=1000).rows
        paged = decisions(connection, person=person, offset=3, limit=5).rows
        monkeypatch.setattr(decisions_module, "FEW_MATCHES", 1)  # as if many: the walk by date alone
        walked = decisions(connection, person=person, limit=1000).rows
    assert narrowed == walked
    assert paged == walked[3:8]
    assert narrowed or person == "nobody at all"

"""The search index follows the database: rebuilt when missing, caught up when behind, on both
backends; and a question naming a person lifts what that person was given."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
import sqlalchemy

from minutebook.record import MeetingRecord
from minutebook.sample import generated_meetings
from minutebook.search import index as search_index
from minutebook.search.fulltext import asked_kinds
from minutebook.search.fulltext import lexical_search as search
from minutebook.store.save import delete_meetings, save_batch

Seeds = list[tuple[MeetingRecord, bytes]]


@pytest.fixture
def index_dir(tmp_path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """PostgreSQL's index under this test's folder, not the user's cache."""
    monkeypatch.setenv("MINUTEBOOK_INDEX_DIR", str(tmp_path / "indexes"))
    yield
    search_index._OPEN.clear()


def stored(engine: sqlalchemy.Engine, seeds: Seeds) -> sqlalchemy.Engine:
    save_batch(engine, [(record.to_dict(), data) for record, data in seeds])
    return engine


def keys(engine: sqlalchemy.Engine, query: str) -> list[tuple]:
    return [(h.meeting_id, h.kind, h.line, h.score) for h in search(engine, query, limit=100).hits]


def test_a_missing_index_is_rebuilt_from_the_database(
    engine: sqlalchemy.Engine, seed_records: Seeds, index_dir: None
) -> None:
    stored(engine, seed_records)
    before = keys(engine, "child sexual exploitation")
    assert before
    location = search_index.index_location(engine)
    assert location is not None and location.is_dir()
    search_index._OPEN.clear()  # as a new process would find it
    shutil.rmtree(location)
    assert keys(engine, "child sexual exploitation") == before


def test_an_index_behind_the_database_catches_up(
    engine: sqlalchemy.Engine, seed_records: Seeds, index_dir: None
) -> None:
    """A write committed without bringing the index up to date (another process's, say) is
    seen by the next search."""
    stored(engine, seed_records)
    gone = seed_records[0][0].id
    assert any(h.meeting_id == gone for h in search(engine, "council", limit=500).hits)
    with engine.begin() as connection:
        delete_meetings(connection, [gone])
    assert not any(h.meeting_id == gone for h in search(engine, "council", limit=500).hits)
    save_batch(engine, [(seed_records[0][0].to_dict(), seed_records[0][1])])
    assert any(h.meeting_id == gone for h in search(engine, "council", limit=500).hits)


def test_an_index_of_another_database_is_not_taken_for_this_one(
    engine: sqlalchemy.Engine, seed_records: Seeds, index_dir: None
) -> None:
    stored(engine, seed_records[:1])
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE search_index_state SET token = 'another database'")
    search_index._OPEN.clear()
    stored(engine, seed_records[1:])
    hits = search(engine, "council", limit=500).hits
    assert {h.meeting_id for h in hits} == {record.id for record, _ in seed_records}


def test_a_question_naming_a_person_lifts_their_appointments(
    engine: sqlalchemy.Engine, index_dir: None
) -> None:
    meetings = [m.record for m in generated_meetings(40, seed=2)]  # a seed whose 40 appoint people
    save_batch(engine, [(m.to_dict(), m.id.encode()) for m in meetings])
    appointed = {
        (m.id, item.title, a.person) for m in meetings for item in m.items for a in item.appointments
    }
    person = sorted(person for _, _, person in appointed)[0]
    surname = person.split()[-1]
    given = {  # items where the person was appointed, moved or seconded, or given an action
        (m.id, item.title)
        for m in meetings
        for item in m.items
        if any(surname in a.person for a in item.appointments)
        or any(surname in (a.owner or "") for a in item.actions)
        or any(surname in " ".join([*d.movers, *d.seconders]) for d in item.decisions)
    }
    hits = search(engine, f"what did Councillor {surname} get appointed to", limit=5).hits
    assert hits and (hits[0].meeting_id, hits[0].item_title) in given
    assert any((h.meeting_id, h.item_title, person) in appointed for h in hits)


def test_both_backends_give_the_same_best_hits(
    tmp_path, postgres_server: str, postgres_template: str, seed_records: Seeds, index_dir: None
) -> None:
    """One engine ranks for both, so the same data gives the same hits in the same order."""
    from minutebook.store import migrate, open_engine

    sqlite = open_engine(f"sqlite:///{tmp_path / 'same.db'}")
    migrate(sqlite)
    name = "same_" + tmp_path.name.lower().replace("-", "_")[-20:]
    admin = sqlalchemy.create_engine(f"{postgres_server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {postgres_template}")
    postgres = open_engine(f"{postgres_server}/{name}")
    try:
        for engine in (sqlite, postgres):
            stored(engine, seed_records)
        for query in (
            "council",
            "child sexual exploitation",
            '"adult social care" OR safeguarding',
            "govern*",
        ):
            assert keys(sqlite, query)[:10] == keys(postgres, query)[:10], query
    finally:
        postgres.dispose()
        sqlite.dispose()
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
        admin.dispose()


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("what did Councillor Russell get appointed to", {"appointments"}),
        ("which panels does Cllr Alam sit on", {"appointments"}),
        ("who moved the budget amendment", {"decisions"}),
        ("what actions was the Clerk given", {"actions"}),
        ("Councillor Russell", set()),
        ("library closures", set()),
    ],
)
def test_a_question_says_which_kind_of_fact_it_asks_about(question: str, kinds: set[str]) -> None:
    assert asked_kinds(question) == kinds

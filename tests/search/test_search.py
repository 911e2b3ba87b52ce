"""Full-text search over the stored seed meetings, on SQLite (FTS5) and PostgreSQL alike."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

import pytest
import sqlalchemy

from minutebook.errors import QueryError
from minutebook.record import MeetingRecord
from minutebook.search import MARK_END, MARK_START, SearchHit, fulltext, search, snippet_parts
from minutebook.store import open_engine, save

Seeds = list[tuple[MeetingRecord, bytes]]


def save_all(engine: sqlalchemy.Engine, seeds: Seeds) -> sqlalchemy.Engine:
    for record, data in seeds:
        save(engine, record, data)
    return engine


@pytest.fixture(scope="module")
def seeded(module_database_url: str, parsed_seeds: Seeds) -> Iterator[sqlalchemy.Engine]:
    """The seeds stored once per backend, for the tests that only search."""
    engine = save_all(open_engine(module_database_url), parsed_seeds)
    yield engine
    engine.dispose()


def total(engine: sqlalchemy.Engine, query: str, **filters: str) -> int:
    result = search(engine, query, limit=500, **filters)
    assert result.total is not None
    return result.total


def test_child_sexual_exploitation_is_found_in_both_seeds_with_citations(
    seeded: sqlalchemy.Engine, seed_records: Seeds
) -> None:
    result = search(seeded, "child sexual exploitation", kind="paragraph", limit=50)
    records = {record.id: (record, data.decode("utf-8").splitlines()) for record, data in seed_records}
    assert {hit.meeting_id for hit in result.hits} == set(records)
    for hit in result.hits:
        record, lines = records[hit.meeting_id]
        assert (hit.body, hit.date) == (record.body, record.date)
        item = next(i for i in record.items if i.title == hit.item_title)
        assert hit.item_number == item.number
        paragraph = next(p for p in item.minutes if p.line == hit.line)
        assert hit.ref == paragraph.ref
        # The cited line of the source holds the paragraph's opening words (quotes may differ).
        assert " ".join(words(paragraph.text)[:6]) in " ".join(words(lines[hit.line - 1]))
        marked = " ".join(piece.lower() for piece, is_match in snippet_parts(hit.snippet) if is_match)
        assert "exploitation" in marked
    assert result.total == len(result.hits)


def test_best_match_first(seeded: sqlalchemy.Engine) -> None:
    hits = search(seeded, "child sexual exploitation", limit=50).hits
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_phrase_prefix_or_not(seeded: sqlalchemy.Engine) -> None:
    words = total(seeded, "child sexual exploitation")
    assert 0 < total(seeded, '"child sexual exploitation"') <= words
    assert total(seeded, '"exploitation sexual child"') == 0
    assert total(seeded, "exploit*") >= total(seeded, "exploitation") > 0
    # NOT and OR agree with plain counting.
    assert total(seeded, "child") == total(seeded, "child sexual") + total(seeded, "child -sexual")
    assert total(seeded, "child NOT sexual") == total(seeded, "child -sexual")
    both = total(seeded, "child commissioner")
    assert (
        total(seeded, "child OR commissioner")
        == total(seeded, "child") + total(seeded, "commissioner") - both
    )


def test_filters(seeded: sqlalchemy.Engine, seed_records: Seeds) -> None:
    first, second = sorted((record for record, _ in seed_records), key=lambda r: r.date)
    for kind in fulltext.KINDS:
        assert all(hit.kind == kind for hit in search(seeded, "council", kind=kind, limit=100).hits)
    items = search(seeded, "child", kind="item").hits
    assert items and all(hit.ref == hit.item_number for hit in items)
    by_name = search(seeded, "council", body=first.body, limit=100)
    by_slug = search(seeded, "council", body=first.id.split("/")[0], limit=100)
    assert by_name.hits and by_name == dataclasses.replace(by_slug, query=by_name.query)
    assert {hit.meeting_id for hit in by_name.hits} == {first.id}
    assert {h.date for h in search(seeded, "council", since=second.date, limit=100).hits} == {second.date}
    assert {h.date for h in search(seeded, "council", until=first.date, limit=100).hits} == {first.date}
    assert search(seeded, "council", since="2099-01-01").hits == []


def test_pages(seeded: sqlalchemy.Engine) -> None:
    whole = search(seeded, "council", limit=6)
    first, second = search(seeded, "council", limit=3), search(seeded, "council", limit=3, offset=3)
    assert first.more and first.hits + second.hits == whole.hits
    last = search(seeded, "council", limit=5, offset=whole.total - 2)
    assert len(last.hits) == 2 and not last.more


@pytest.mark.parametrize(
    ("arguments", "reason"),
    [
        ({"query": '"unclosed'}, "quote"),
        ({"query": "AND OR"}, "no words"),
        ({"query": "council", "kind": "minute"}, "kind"),
        ({"query": "council", "since": "last week"}, "not a date"),
        ({"query": "council", "limit": 0}, "limit"),
    ],
)
def test_bad_queries_are_query_errors(seeded: sqlalchemy.Engine, arguments: dict, reason: str) -> None:
    with pytest.raises(QueryError, match=reason):
        search(seeded, **arguments)


def test_index_follows_a_replaced_meeting(engine: sqlalchemy.Engine, seed_records: Seeds) -> None:
    seeded = save_all(engine, seed_records)
    record, data = seed_records[0]
    item = record.items[-1]
    paragraph = dataclasses.replace(item.minutes[0], text="Councillors discussed zymurgical heritage.")
    changed = dataclasses.replace(
        record,
        items=[dataclasses.replace(item, minutes=[paragraph])],
        source=dataclasses.replace(record.source, sha256="f" * 64),
    )
    before = total(seeded, "child sexual exploitation")
    save(seeded, changed, data + b" ")
    assert total(seeded, "zymurgical") == 1
    assert total(seeded, "child sexual exploitation") < before
    assert total(seeded, "child sexual exploitation", body=record.body) == 0


def test_ranking_is_exact_under_the_bound_and_bounded_over_it(
    seeded: sqlalchemy.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    rare, common = (search(seeded, q, limit=500) for q in ('"child sexual exploitation"', "council"))
    assert rare.total is not None and common.total is not None and common.total > rare.total + 1
    bound = rare.total + 1
    monkeypatch.setattr(fulltext, "CANDIDATES", bound)
    # Under the bound the ranking is exact: the same hits in the same order.
    assert search(seeded, '"child sexual exploitation"', limit=500) == rare
    bounded = search(seeded, "council", limit=500)
    if seeded.dialect.name == "sqlite":
        # Over it, only the newest `bound` matches are ranked, and the result says there are more.
        assert bounded.total is None and len(bounded.hits) == bound
        assert {key(h) for h in bounded.hits} <= {key(h) for h in common.hits}
        assert [h.score for h in bounded.hits] == sorted((h.score for h in bounded.hits), reverse=True)
    else:
        assert bounded == common  # PostgreSQL ranks every match


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def key(hit: SearchHit) -> tuple:
    return (hit.meeting_id, hit.kind, hit.line, hit.ref)


def test_snippet_parts() -> None:
    snippet = f"a {MARK_START}child{MARK_END} at risk of {MARK_START}child sexual exploitation{MARK_END}."
    assert snippet_parts(snippet) == [
        ("a ", False),
        ("child", True),
        (" at risk of ", False),
        ("child sexual exploitation", True),
        (".", False),
    ]

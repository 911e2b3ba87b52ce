"""Full-text search over stored meetings, on SQLite and PostgreSQL alike (one tantivy index each)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

import pytest
import sqlalchemy

from minutebook.errors import QueryError
from minutebook.record import MeetingRecord
from minutebook.sample import generated_meetings
from minutebook.search import KINDS, MARK_END, MARK_START, SearchHit, snippet_parts
from minutebook.search.fulltext import lexical_search as search
from minutebook.search.fulltext import lexical_with_coverage
from minutebook.store import open_engine, save
from minutebook.store.save import save_batch

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


def total(
    engine: sqlalchemy.Engine, query: str, *, limit: int = 500, page: bool = False, **filters: str
) -> int:
    """Every match of `query`: the total a search says when one page holds them all, else (with
    `page`) counted page by page, or None."""
    result = search(engine, query, limit=limit, **filters)
    if result.total is not None or not page:
        return result.total  # type: ignore[return-value]
    offset = 0
    while result.more:
        offset += limit
        result = search(engine, query, limit=limit, offset=offset, **filters)
    return offset + len(result.hits)


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
    assert total(seeded, "child") == total(seeded, "child AND sexual") + total(seeded, "child -sexual")
    assert total(seeded, "child NOT sexual") == total(seeded, "child -sexual")
    both = total(seeded, "child AND commissioner")
    assert (
        total(seeded, "child OR commissioner")
        == total(seeded, "child") + total(seeded, "commissioner") - both
    )


def test_filters(seeded: sqlalchemy.Engine, seed_records: Seeds) -> None:
    first, second = sorted((record for record, _ in seed_records), key=lambda r: r.date)
    for kind in KINDS:
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
    assert whole.more and whole.total == total(seeded, "council")  # few enough to count
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


def test_an_old_paragraph_that_matches_best_comes_first_among_thousands(engine: sqlalchemy.Engine) -> None:
    """Ranking covers every match: the oldest meeting's paragraph that matches a common query
    best is the first hit, though thousands of newer passages match it too."""
    meetings = [m.record for m in generated_meetings(100, seed=7)]
    oldest = min(range(len(meetings)), key=lambda i: meetings[i].date)
    record = meetings[oldest]
    item = record.items[-1]
    planted = "Report noted: the report was noted, and the report noted."
    paragraph = dataclasses.replace(item.minutes[0], text=planted) if item.minutes else None
    assert paragraph is not None
    meetings[oldest] = dataclasses.replace(
        record, items=[*record.items[:-1], dataclasses.replace(item, minutes=[paragraph, *item.minutes[1:]])]
    )
    saved = save_batch(engine, [(m.to_dict(), m.id.encode()) for m in meetings])
    assert set(saved) == {"new"}
    assert total(engine, "report OR noted", page=True) > 2000  # the old cut-off ranked 2,000
    hits = search(engine, "report noted", limit=10).hits
    assert (hits[0].meeting_id, hits[0].line) == (record.id, paragraph.line)
    assert MARK_START in hits[0].snippet


def test_plain_words_are_ranked_retrieval(seeded: sqlalchemy.Engine) -> None:
    """A question in plain words finds passages with any of its words, stop words aside, and
    those with the words together first; operators keep their meaning."""
    question = search(seeded, "what is being done about the exploitation of children", limit=50)
    assert question.hits and "exploitation" in question.hits[0].snippet.lower()
    assert total(seeded, "exploitation AND zymurgical") == 0
    assert search(seeded, "exploitation zymurgical", limit=5).hits  # any word is enough
    assert search(seeded, "the of what", limit=5).hits  # stop words alone still search
    phrase = search(seeded, "sexual exploitation", limit=5).hits[0]
    assert "sexual exploitation" in phrase.snippet.replace(MARK_START, "").replace(MARK_END, "").lower()


def test_coverage_says_how_much_of_a_question_a_hit_holds(seeded: sqlalchemy.Engine) -> None:
    """For hybrid search's weights: a hit holding every word of a plain question holds all of it;
    one holding only the question's commonest word, little; a word the minutes never say counts
    against every hit; a query with operators asked for what its matches hold."""
    question = "child sexual exploitation"
    result, held = lexical_with_coverage(seeded, question, {}, 200)
    assert result.hits == search(seeded, question, limit=200).hits
    plain = [h.snippet.replace(MARK_START, "").replace(MARK_END, "").lower() for h in result.hits]
    whole = [share for text, share in zip(plain, held, strict=True) if question in text]
    assert whole and set(whole) == {1.0}
    assert 0 < min(held) < 1  # passages that say "child" alone, or "exploitation" alone, hold less
    _, unknown = lexical_with_coverage(seeded, question + " zymurgical", {}, 200)
    assert max(unknown) < 0.6
    exact, shares = lexical_with_coverage(seeded, '"sexual exploitation" OR zymurgical', {}, 20)
    assert exact.hits and set(shares) == {1.0}


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

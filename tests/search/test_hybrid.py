"""The public search call's modes: reciprocal rank fusion, and the lexical fallback with a notice
when there is no model or nothing embedded (on a SQLite file and on PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy

from minutebook.errors import QueryError
from minutebook.record import MeetingRecord
from minutebook.search import SearchHit, hybrid, search, semantic, snippet_parts
from minutebook.store import open_engine, save

Seeds = list[tuple[MeetingRecord, bytes]]


def hit(meeting: str, line: int, score: float = 1.0) -> SearchHit:
    return SearchHit(
        meeting, "Cabinet", "cabinet", None, "2020-01-01", "1", "T", "paragraph", None, line, "", score
    )


def test_fusion_adds_reciprocal_ranks_with_k_60() -> None:
    a, b, c, d = hit("m", 1), hit("m", 2), hit("m", 3), hit("m", 4)
    fused = hybrid.fuse([[a, b, c], [c, d]])
    # c: 1/63 + 1/61 beats a's 1/61 alone; b (1/62) and d (1/62) tie and keep the first list's order.
    assert [h.line for h in fused] == [3, 1, 2, 4]
    assert fused[0].score == round(1 / 63 + 1 / 61, 6)


def test_fusion_weighs_each_hit_of_a_weighted_list() -> None:
    """A lexical hit holding little of the question (weight 0.2) falls below semantic's first."""
    a, b, c = hit("m", 1), hit("m", 2), hit("m", 3)
    fused = hybrid.fuse([[a, b], [c]], [[0.2, 1.0], None])
    assert [h.line for h in fused] == [3, 2, 1]
    assert fused[2].score == round(0.2 / 61, 6)


def test_the_semantic_half_runs_on_kept_threads_made_again_after_a_fork(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pool = hybrid._side_thread()
    assert hybrid._side_thread() is pool and pool.submit(lambda: 42).result() == 42
    monkeypatch.setattr(hybrid.os, "getpid", lambda: -1)  # as a forked child sees it
    child = hybrid._side_thread()
    assert child is not pool and child.submit(lambda: 43).result() == 43


def test_fusion_keeps_the_first_lists_hit_for_its_snippet() -> None:
    lexical = SearchHit(**{**vars(hit("m", 1)), "snippet": "«taxi» licensing"})
    meaning = SearchHit(**{**vars(hit("m", 1)), "snippet": "taxi licensing"})
    assert [h.snippet for h in hybrid.fuse([[lexical], [meaning]])] == ["«taxi» licensing"]


def test_semantic_snippet_marks_shared_words_near_the_first() -> None:
    text = " ".join(["filler"] * 40) + " the licensing of taxis was reviewed " + " ".join(["more"] * 40)
    snippet = hybrid.snippet(text, {"licensing", "taxi"})
    assert snippet.startswith("…")
    assert [p for p, is_match in snippet_parts(snippet) if is_match] == ["licensing", "taxis"]


def test_a_documents_own_guillemets_are_text_in_a_semantic_snippet() -> None:
    snippet = hybrid.snippet("The clerk read «the licensing policy» aloud \ufdd0twice\ufdd1.", {"licensing"})
    assert [p for p, is_match in snippet_parts(snippet) if is_match] == ["licensing"]
    assert "«the" in snippet and "policy»" in snippet and "twice" in snippet


@pytest.fixture(scope="module")
def stored(module_database_url: str, parsed_seeds: Seeds) -> Iterator[sqlalchemy.Engine]:
    """The seeds stored, nothing embedded."""
    engine = open_engine(module_database_url)
    for record, data in parsed_seeds:
        save(engine, record, data)
    yield engine
    engine.dispose()


def test_without_embeddings_every_mode_answers_lexically_with_a_notice(stored: sqlalchemy.Engine) -> None:
    lexical = search(stored, "child sexual exploitation", mode="lexical", limit=10)
    assert lexical.hits and lexical.notice is None
    for mode in ("hybrid", "semantic"):
        result = search(stored, "child sexual exploitation", mode=mode, limit=10)
        assert result.mode == "lexical" and result.hits == lexical.hits
        assert "embed" in result.notice or "semantic" in result.notice
    assert search(stored, "child sexual exploitation").to_dict()["mode"] == "lexical"


def test_without_the_model_search_says_how_to_install_it(
    stored: sqlalchemy.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(semantic, "installed", lambda: False)
    result = search(stored, "child sexual exploitation", mode="hybrid", limit=5)
    assert result.hits and result.mode == "lexical"
    assert "minutebook[semantic]" in result.notice


def test_an_unknown_mode_is_a_query_error(stored: sqlalchemy.Engine) -> None:
    with pytest.raises(QueryError, match="mode"):
        search(stored, "budget", mode="fuzzy")


def test_the_api_takes_a_mode_and_reports_the_fallback(stored: sqlalchemy.Engine) -> None:
    from fastapi.testclient import TestClient

    from minutebook.web.app import create_app

    client = TestClient(create_app(stored, cache=False))
    meta = client.get("/api/v1/search", params={"q": "exploitation", "mode": "semantic"}).json()["meta"]
    assert meta["mode"] == "lexical" and "embed" in meta["notice"]
    assert client.get("/api/v1/search", params={"q": "exploitation", "mode": ""}).status_code == 200
    assert client.get("/api/v1/search", params={"q": "exploitation", "mode": "fuzzy"}).status_code == 422
    page = client.get("/search", params={"q": "exploitation", "mode": "lexical"}).text
    assert '<label for="mode">' in page and '<option value="lexical" selected>' in page

"""Semantic search over the stored seeds, on a SQLite file and on PostgreSQL: embeddings stored per
search entry, found by meaning where no word is shared, kept current when a meeting changes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy

from minutebook.record import MeetingRecord
from minutebook.search import search, semantic
from minutebook.store import open_engine, save

Seeds = list[tuple[MeetingRecord, bytes]]

if semantic.load_model() is None:
    pytest.skip(f"{semantic.model_missing()}", allow_module_level=True)

# Says what the seeds' taxi paragraph says, in none of the words of the question below.
PLANTED = (
    "Members reviewed the enhanced criminal record checks now required of every applicant for a taxi"
    " licence, and the safeguarding training that licence holders must complete."
)
QUESTION = "vetting of minicab drivers"


def planted(seeds: Seeds) -> Seeds:
    """The seeds with one paragraph (the one about taxi licensing) reworded as PLANTED."""
    for record, _ in seeds:
        for item in record.items:
            for paragraph in item.minutes:
                if "taxi" in paragraph.text.lower():
                    paragraph.text = PLANTED
                    return seeds
    raise AssertionError("the seeds no longer mention taxis")


@pytest.fixture(scope="module")
def embedded(module_database_url: str, parsed_seeds: Seeds) -> Iterator[sqlalchemy.Engine]:
    import copy

    engine = open_engine(module_database_url)
    for record, data in planted(copy.deepcopy(parsed_seeds)):
        save(engine, record, data)
    report = semantic.embed(engine, semantic.load_model())
    assert report.embedded == report.total > 0
    yield engine
    engine.dispose()


def test_a_paraphrase_finds_the_paragraph_lexical_search_misses(embedded: sqlalchemy.Engine) -> None:
    lexical = search(embedded, QUESTION, mode="lexical", limit=50)
    assert all("criminal record checks" not in hit.snippet for hit in lexical.hits)
    for mode in ("semantic", "hybrid"):
        result = search(embedded, QUESTION, mode=mode, limit=5)
        assert result.mode == mode and result.notice is None
        assert any("criminal record" in hit.snippet for hit in result.hits[:3]), mode


def test_semantic_hits_are_cited_and_ranked(embedded: sqlalchemy.Engine) -> None:
    hits = search(embedded, "protecting children from abuse", mode="semantic", limit=10).hits
    assert len(hits) == 10
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert all(h.meeting_id and h.date and h.body and h.line for h in hits)


def test_filters_apply_to_semantic_hits(embedded: sqlalchemy.Engine) -> None:
    both = search(embedded, "protecting children from abuse", mode="semantic", limit=50).hits
    dates = sorted({h.date for h in both})
    assert len(dates) == 2
    later = search(embedded, "protecting children from abuse", mode="semantic", since=dates[1], limit=50)
    assert later.hits and {h.date for h in later.hits} == {dates[1]}
    titles = search(embedded, "protecting children from abuse", mode="semantic", kind="item", limit=50)
    assert titles.hits and {h.kind for h in titles.hits} == {"item"}


def test_embed_is_resumable_and_follows_changed_entries(database_url: str, seed_records: Seeds) -> None:
    engine = open_engine(database_url)
    model = semantic.load_model()
    (first, first_data), (second, second_data) = seed_records
    save(engine, first, first_data)
    done = semantic.embed(engine, model)
    assert done.embedded == done.total > 0
    # Nothing new: nothing embedded. A second meeting: only its entries.
    assert semantic.embed(engine, model).embedded == 0
    save(engine, second, second_data)
    added = semantic.embed(engine, model)
    assert 0 < added.embedded < added.total == done.total + added.embedded
    # A meeting stored again with a reworded paragraph: that entry is embedded again, and the
    # rewording is what semantic search now finds.
    paragraph = next(p for item in second.items for p in item.minutes if len(p.text) > 80)
    paragraph.text = PLANTED
    save(engine, second, second_data + b"\n")
    again = semantic.embed(engine, model)
    # (SQLite gives the new entries the old ids; PostgreSQL new ones, whose vectors move over.)
    assert again.embedded == 1 and again.reused in (0, added.embedded - 1)
    top = search(engine, QUESTION, mode="semantic", limit=3).hits
    assert any("criminal record" in hit.snippet for hit in top)
    engine.dispose()


def test_a_large_index_uses_the_hnsw_graph_with_the_same_answers(
    embedded: sqlalchemy.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    exact = search(embedded, QUESTION, mode="semantic", limit=5).hits
    monkeypatch.setattr(semantic, "EXACT_LIMIT", 10)
    monkeypatch.setattr(semantic, "_indexes", {})
    try:
        index = semantic.index_for(embedded, semantic.MODEL)
        assert index is not None and index.graph is not None
        assert semantic.graph_path(embedded, semantic.MODEL).exists()
        graph = search(embedded, QUESTION, mode="semantic", limit=5).hits
        # int8 vectors in the graph may swap near ties, not the best hit.
        assert graph[0].snippet == exact[0].snippet
        assert len({h.snippet for h in graph} & {h.snippet for h in exact}) >= 3
        # A filter that few of the nearest pass: the search widens, then ranks the filtered entries.
        titles = search(embedded, QUESTION, mode="semantic", kind="action", limit=3).hits
        assert titles and {h.kind for h in titles} == {"action"}
    finally:
        semantic.graph_path(embedded, semantic.MODEL).unlink(missing_ok=True)
        semantic.graph_path(embedded, semantic.MODEL).with_suffix(".version").unlink(missing_ok=True)


def test_opening_a_graph_before_the_model_does_not_crash_the_process() -> None:
    import subprocess
    import sys

    # Importing onnxruntime after usearch crashed the process (libstdc++); the index imports it first.
    code = (
        "from minutebook.search import semantic; semantic._usearch_index();"
        " semantic.load_model().encode(['x'])"
    )
    assert subprocess.run([sys.executable, "-c", code], timeout=120).returncode == 0

"""Snippet highlights are structure, never characters of the text (issue 10, item 7): a document
that quotes with « » (French, Welsh and many others do) or holds the search's own mark characters
shows them as text; only the words that matched are highlighted, on the page and in the API."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest

from minutebook.ingest import ingest
from minutebook.store.engine import open_engine
from minutebook.store.migrate import migrate
from minutebook.web.app import create_app
from minutebook.web.render import snippet

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

MINUTES = (
    "Kelby Town Council\n\nMinutes of the Finance Committee held on 5 March 2024\n\n"
    "1. Apologies\n\nNone were received.\n\n2. Accounts\n\n"
    "The clerk read the letter «this is not a match» and the \ufdd0other\ufdd1 note, then the "
    "committee approved the budget for the year.\n"
)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("snippets")
    (folder / "minutes").mkdir()
    (folder / "minutes" / "finance.txt").write_text(MINUTES, encoding="utf-8")
    engine = open_engine(f"sqlite:///{folder / 'minutebook.db'}")
    migrate(engine)
    assert ingest(engine, [folder / "minutes"], workers=1).new == 1
    with TestClient(create_app(engine, cache=False)) as client:
        yield client
    engine.dispose()


def test_the_api_gives_the_snippet_as_text_and_its_matches_as_offsets(client: TestClient) -> None:
    hits = client.get("/api/v1/search?q=budget&mode=lexical").json()["data"]["hits"]
    assert hits
    for hit in hits:
        text = hit["snippet"]
        assert "«this is not a match»" in text and "\ufdd0" not in text
        assert [text[start:end].lower() for start, end in hit["highlights"]] == ["budget"]


def test_the_page_marks_only_the_matched_words(client: TestClient) -> None:
    page = client.get("/search?q=budget&mode=lexical").text
    assert "«this is not a match»" in page
    assert page.count("<mark>") == page.count("</mark>") >= 1
    assert "<mark>this is not a match</mark>" not in page and "<mark>budget</mark>" in page


def test_offsets_are_escaped_and_bad_ones_ignored() -> None:
    assert snippet("a <b> budget", [[6, 12]]) == "a &lt;b&gt; <mark>budget</mark>"
    assert snippet("short", [[2, 99]]) == "short"
    assert snippet("«quoted» words", []) == "«quoted» words"

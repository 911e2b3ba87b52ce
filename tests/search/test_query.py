"""The query language: what people type becomes a safe FTS5 / tsquery expression, or a QueryError."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minutebook.errors import QueryError
from minutebook.search.query import And, Not, Or, Term, parse_query, to_fts5, to_tsquery


@pytest.mark.parametrize(
    ("typed", "tree"),
    [
        ("council tax", And((Term(("council",)), Term(("tax",))))),
        ("council AND tax", And((Term(("council",)), Term(("tax",))))),
        ('"child sexual exploitation"', Term(("child", "sexual", "exploitation"))),
        ("exploit*", Term(("exploit",), prefix=True)),
        ("fire OR police", Or((Term(("fire",)), Term(("police",))))),
        ("budget -closed", And((Term(("budget",)), Not(Term(("closed",)))))),
        ("budget NOT closed", And((Term(("budget",)), Not(Term(("closed",)))))),
        ("(fire OR police) budget", And((Or((Term(("fire",)), Term(("police",)))), Term(("budget",))))),
        ("s.106", Term(("s", "106"))),
        ("and or not", And((Term(("and",)), Term(("or",)), Term(("not",))))),
        ("NEAR", Term(("NEAR",))),
    ],
)
def test_what_people_type(typed: str, tree: object) -> None:
    assert parse_query(typed) == tree


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ('"child sexual', "quote is not closed"),
        ("AND", "no words"),
        ("AND OR", "no words"),
        ("council AND", "AND needs words"),
        ("OR council", "OR needs words"),
        ("council OR", "OR needs words"),
        ("council *", r"'\*' goes at the end"),
        ("coun*cil", r"'\*' goes at the end"),
        ("NEAR(council tax", "bracket is not closed"),
        ("council)", "unmatched"),
        ("council ()", "empty brackets"),
        ("-council", "what to find"),
        ("NOT council", "what to find"),
        ("council NOT", "NOT needs a word"),
        ("", "no words"),
        ("...", "no words"),
    ],
)
def test_queries_that_cannot_be_read_say_why(typed: str, reason: str) -> None:
    with pytest.raises(QueryError, match=reason) as error:
        parse_query(typed)
    assert "\n" not in str(error.value)


def test_fts5_and_tsquery_forms() -> None:
    tree = parse_query('"child exploitation" exploit* OR police -closed')
    assert to_fts5(tree) == '(("child exploitation" AND "exploit"*) OR (("police") NOT "closed"))'
    assert to_tsquery(tree) == "((('child' <-> 'exploitation') & ('exploit':*)) | (('police') & !('closed')))"


@pytest.fixture(scope="module")
def fts() -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:")
    connection.execute(
        "CREATE VIRTUAL TABLE t USING fts5(text, tokenize='porter unicode61 remove_diacritics 2')"
    )
    connection.execute("INSERT INTO t VALUES ('the council agreed the planning application')")
    return connection


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab c\"()*-:^+NEARANDORNOT{}.'")), max_size=30)
    | st.text(max_size=30)
)
def test_any_input_is_a_query_error_or_runs(fts: sqlite3.Connection, typed: str) -> None:
    try:
        tree = parse_query(typed)
    except QueryError:
        return
    fts.execute("SELECT count(*) FROM t WHERE t MATCH ?", (to_fts5(tree),)).fetchone()

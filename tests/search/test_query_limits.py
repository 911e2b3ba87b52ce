"""What one query may cost: bounds on its length, words and prefixes (issue 10: a 458-character
OR of prefixes took seconds, and four clients looping it starved every cheap request)."""

from __future__ import annotations

import pytest

from minutebook.errors import QueryError
from minutebook.search.query import MAX_PREFIXES, MAX_QUERY_CHARS, MAX_WORDS, parse_query

# The kind of query issue 10 sent: many short prefixes joined by OR, 458 characters.
SYLLABLES = [f"{a}{b}" for a in "bcdfghlmnprst" for b in "aeiou"]
PREFIX_OR = " OR ".join(f"{syllable}*" for syllable in SYLLABLES)[:458].rsplit(" OR", 1)[0]


def test_an_or_of_many_prefixes_is_refused_as_too_broad() -> None:
    with pytest.raises(QueryError, match=r"too broad: \d+ words ending in '\*', at most 8"):
        parse_query(PREFIX_OR)


def test_a_prefix_of_one_letter_is_refused() -> None:
    with pytest.raises(QueryError, match=r"too broad: 'a\*' matches too many words"):
        parse_query("budget a*")


def test_too_many_words_and_too_long_a_query_are_refused() -> None:
    with pytest.raises(QueryError, match=f"at most {MAX_WORDS}"):
        parse_query(" ".join(f"word{n}" for n in range(MAX_WORDS + 1)))
    with pytest.raises(QueryError, match=f"at most {MAX_QUERY_CHARS}"):
        parse_query("x" * (MAX_QUERY_CHARS + 1))


def test_queries_within_the_limits_are_read_as_ever() -> None:
    parse_query(" OR ".join(f"exploit{n}*" for n in range(MAX_PREFIXES)))
    parse_query(" ".join(f"word{n}" for n in range(MAX_WORDS)))
    parse_query("support for steelworkers losing their jobs")
    parse_query('"child exploitation" (fire OR police) budget -closed ex*')

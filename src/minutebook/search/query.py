"""The query language people type, read into a small tree and written out for each backend.

    council tax          both words (AND is implied; writing AND is allowed)
    "child exploitation" the phrase
    exploit*             a word starting with "exploit"
    fire OR police       either
    -closed, NOT closed  without the word
    (fire OR police) budget

A query with none of these marks (no quotes, brackets, AND/OR/NOT, leading "-" or "*") is a
question in plain words: `plain_words` gives its words, and search ranks passages by how well
they match any of them (`search.index.compile_query`): "support for steelworkers losing their
jobs" finds passages about steelworkers' jobs even where "support" is not said. Stop words
(STOP_WORDS) do not decide a match unless the question has nothing else. Every other query keeps
the operators' meaning: with an AND, "council tax" and "council AND tax" are the same.

Only upper-case AND, OR and NOT are operators; "and", "or", "not" are words. Punctuation inside
a word splits it the way the index does ("s.106" is the phrase "s 106"). Anything else that
cannot be read — an unclosed quote or bracket, an operator with nothing to join, a `*` that
ends no word, a query of exclusions only — is a QueryError saying what to change. The tree is
never passed on raw: `search.index` builds tantivy queries from it word by word (no text reaches
tantivy's query parser), and `to_fts5` and `to_tsquery`, kept for comparisons (the search
benchmark's FTS5 and Datasette runs), quote every word, so no input can reach FTS5's or
PostgreSQL's own syntax (NEAR, column filters, ^, :, &).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from minutebook.errors import QueryError

# Letters and digits: what both FTS5's unicode61 tokenizer and our splitting call a word.
WORD = re.compile(r"[^\W_]+")
TOKEN = re.compile(r'"[^"]*"|\(|\)|[^\s"()]+|"')


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # more than one: a phrase
    prefix: bool = False


@dataclass(frozen=True)
class Not:
    part: Node


@dataclass(frozen=True)
class And:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Node, ...]


Node = Term | Not | And | Or
OPERATORS = {"AND", "OR", "NOT"}
# English function words and question words: they carry no topic, so in a plain-words question
# they neither make a passage match nor rank it (a general list, not fitted to any document).
_STOP_WORDS = """a about above after again against all am an and any are as at be been before being below
    between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me
    more most my myself no nor not now of off on once only or other our ours ourselves out over own
    same she should so some such than that the their theirs them themselves then there these they
    this those through to too under until up very was we were what when where which while who whom
    why will with would you your yours yourself yourselves tell told say said any anything get got
    did does"""
STOP_WORDS = frozenset(_STOP_WORDS.split())


# What one query may cost (issue 10: a 458-character OR of prefixes took 2.4 s to search and 5.5 s
# for a timeline on 2,000 meetings, and four clients looping it starved every cheap request).
# Each prefix stands for up to `index.PREFIX_TERMS` (64) words, so prefixes are what multiply the
# work: at most MAX_PREFIXES of them, each at least MIN_PREFIX_LETTERS long ("a*" is most of the
# index). A question in plain words is ranked by its words, so MAX_WORDS bounds it too.
MAX_QUERY_CHARS = 500
MAX_WORDS = 32
MAX_PREFIXES = 8
MIN_PREFIX_LETTERS = 2


def parse_query(text: str) -> Node:
    """Read a query as typed; raise QueryError for what cannot be read, or would cost too much."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query is {len(text)} characters long: at most {MAX_QUERY_CHARS}, please")
    tokens = _tokens(text)
    if not any(isinstance(token, Term) for token in tokens):
        raise QueryError(f"query {text!r}: no words to search for")
    check_cost([token for token in tokens if isinstance(token, Term)], text)
    parser = _Parser(tokens, text)
    node = parser.or_expression()
    if parser.peek() is not None:
        raise QueryError(f"query {text!r}: unmatched ')'")
    return node


def check_cost(terms: list[Term], text: str) -> None:
    """Refuse a query too broad to answer quickly, saying what to narrow."""
    prefixes = [term for term in terms if term.prefix]
    if len(prefixes) > MAX_PREFIXES:
        raise QueryError(
            f"query {text!r} is too broad: {len(prefixes)} words ending in '*', at most {MAX_PREFIXES}"
        )
    short = next((t for t in prefixes if len(t.words[-1]) < MIN_PREFIX_LETTERS), None)
    if short is not None:
        raise QueryError(
            f"query {text!r} is too broad: '{short.words[-1]}*' matches too many words; "
            f"give at least {MIN_PREFIX_LETTERS} letters before '*'"
        )
    words = sum(len(term.words) for term in terms)
    if words > MAX_WORDS:
        raise QueryError(f"query {text!r} is too broad: {words} words, at most {MAX_WORDS}")


def plain_words(text: str) -> tuple[str, ...] | None:
    """The words of a query written without any operator, or None when it has one."""
    raw = TOKEN.findall(text)
    if any(t.startswith(('"', "(", ")", "-")) or t in OPERATORS or t.endswith("*") for t in raw):
        return None
    words = tuple(WORD.findall(text))
    return words or None


def content_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """`words` without stop words; all of them when nothing else is left."""
    kept = tuple(word for word in words if word.lower() not in STOP_WORDS)
    return kept or words


def _tokens(text: str) -> list[Term | str]:
    """Words and phrases as Terms; operators and brackets as strings."""
    tokens: list[Term | str] = []
    for raw in TOKEN.findall(text):
        if raw == '"':
            raise QueryError(f"query {text!r}: a quote is not closed")
        if raw.startswith('"'):
            words = tuple(WORD.findall(raw[1:-1]))
            if words:
                tokens.append(Term(words))
            continue
        if raw in ("(", ")") or raw in OPERATORS:
            tokens.append(raw)
            continue
        negated = raw.startswith("-") and len(raw) > 1
        if negated:
            tokens.append("NOT")
            raw = raw[1:]
        prefix = raw.endswith("*")
        stem = raw.rstrip("*") if prefix else raw
        if "*" in stem or (prefix and not WORD.search(stem)) or (prefix and raw.count("*") > 1):
            raise QueryError(f"query {text!r}: '*' goes at the end of a word, as in exploit*")
        words = tuple(WORD.findall(stem))
        if words:
            tokens.append(Term(words, prefix))
        elif negated:
            tokens.pop()  # "-" before punctuation only: nothing to exclude
    return tokens


class _Parser:
    """Recursive descent over: or := and ('OR' and)* ; and := unary (['AND'] unary)* ;
    unary := 'NOT' primary | primary ; primary := Term | '(' or ')'."""

    def __init__(self, tokens: list[Term | str], text: str) -> None:
        self.tokens, self.text, self.at = tokens, text, 0

    def peek(self) -> Term | str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> Term | str | None:
        token = self.peek()
        self.at += 1
        return token

    def fail(self, reason: str) -> QueryError:
        return QueryError(f"query {self.text!r}: {reason}")

    def or_expression(self) -> Node:
        parts = [self.and_expression()]
        while self.peek() == "OR":
            self.take()
            parts.append(self.and_expression())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def and_expression(self) -> Node:
        parts: list[Node] = []
        while self.peek() not in (None, ")", "OR"):
            if self.peek() == "AND":
                self.take()
                if not parts or self.peek() in (None, ")", "OR", "AND"):
                    raise self.fail("AND needs words on both sides")
                continue
            parts.append(self.unary())
        if not parts:
            beside_or = "OR" in (self.peek(), self.tokens[self.at - 1] if self.at else None)
            raise self.fail("OR needs words on both sides" if beside_or else "nothing to search for")
        if all(isinstance(part, Not) for part in parts):
            raise self.fail("say what to find as well as what to leave out")
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def unary(self) -> Node:
        if self.peek() == "NOT":
            self.take()
            if self.peek() in (None, ")", "OR", "AND", "NOT"):
                raise self.fail("NOT needs a word after it")
            return Not(self.primary())
        return self.primary()

    def primary(self) -> Node:
        token = self.take()
        if isinstance(token, Term):
            return token
        if token == "(":
            if self.peek() in (None, ")"):
                raise self.fail("empty brackets" if self.peek() else "a bracket is not closed")
            node = self.or_expression()
            if self.take() != ")":
                raise self.fail("a bracket is not closed")
            return node
        raise self.fail(f"unexpected {token!r}")


def to_fts5(node: Node) -> str:
    """The tree as an FTS5 MATCH expression: every word double-quoted."""
    if isinstance(node, Term):
        return '"' + " ".join(node.words) + '"' + ("*" if node.prefix else "")
    if isinstance(node, Or):
        return "(" + " OR ".join(to_fts5(part) for part in node.parts) + ")"
    if isinstance(node, And):
        wanted = [to_fts5(p) for p in node.parts if not isinstance(p, Not)]
        expression = "(" + " AND ".join(wanted) + ")"
        for part in node.parts:
            if isinstance(part, Not):  # FTS5's NOT is binary: "a NOT b"
                expression = f"({expression} NOT {to_fts5(part.part)})"
        return expression
    raise QueryError("NOT needs words to find beside it")  # a bare Not is refused by the parser


def to_tsquery(node: Node) -> str:
    """The tree as PostgreSQL to_tsquery input: every word single-quoted."""
    if isinstance(node, Term):
        last = len(node.words) - 1
        words = [f"'{w}'" + (":*" if node.prefix and i == last else "") for i, w in enumerate(node.words)]
        return "(" + " <-> ".join(words) + ")"
    if isinstance(node, Not):
        return "!" + to_tsquery(node.part)
    joiner = " | " if isinstance(node, Or) else " & "
    return "(" + joiner.join(to_tsquery(part) for part in node.parts) + ")"

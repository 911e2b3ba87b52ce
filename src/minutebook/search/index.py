"""The search index: one owner for writing, rebuilding, matching, counting and its data version.

The text of every `search_entries` row (paragraphs, item titles, decisions, actions) is indexed
by tantivy, on SQLite and PostgreSQL alike, so both backends rank the same way: BM25 (length
normalised), exact top-k over every match (block-max WAND skips what cannot reach the top, so
no recency cut-off is needed to be fast). The index lives beside a SQLite file
(`minutebook.db.search/`); for PostgreSQL, or wherever `MINUTEBOOK_INDEX_DIR` says, under a
folder per database. In-memory SQLite gets an in-memory index.

Keeping it in step with the database, from any process:
- `search_index_state` (migration 0006) holds a token naming the database and a `version`
  that `store.save` moves in the same transaction as the rows it writes or deletes, and
  `search_index_changes` lists the meetings each version touched (`note_changes`).
- The index keeps, beside its files, the token and version it reflects. Before every read
  (`current`) the two are compared: one one-row SELECT. When the database is ahead, the meetings
  touched since are taken out of the index and put back from the database; when the index is
  missing, from another database, of an older format, or too far behind, it is rebuilt whole.
- `store.save_batch` brings the index up to date right after each committed batch, so readers
  usually just reopen it. tantivy lets one writer at a time hold an index; a reader that finds
  the index behind waits for that writer, then catches up itself if still needed.
Versions are taken under the state row's lock (an UPDATE), so they follow commit order.

Words: split at anything not a letter or digit (like `query.WORD`), lower-cased, accents folded,
Porter-stemmed (English), so "governance" and "governments" meet at "govern".
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any, cast

import tantivy
from sqlalchemy import Connection, Engine, bindparam, inspect, text

from minutebook.search.query import STOP_WORDS, And, Not, Or, Term, content_words, parse_query, plain_words

FORMAT = 2  # of the index's fields and analysis: a change rebuilds every index
ANALYZER = "minutes"
META = "minutebook-index.json"
WRITER_HEAP = 96_000_000
WRITER_WAIT_SECONDS = 60.0
# Past this many touched meetings, rebuilding whole is simpler than catching up meeting by meeting.
CATCH_UP_MEETINGS = 5000
CHUNK = 500


def analyzer() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )


_ANALYZER = analyzer()
_ANALYZER_LOCK = threading.Lock()


def analyse(words: str) -> list[str]:
    """The index's terms for `words`, in order."""
    with _ANALYZER_LOCK:
        return list(_ANALYZER.analyze(words))


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", indexed=True, fast=True)  # search_entries.id
    builder.add_text_field("meeting", tokenizer_name="raw")  # meeting id: deleted by it
    builder.add_text_field("item", tokenizer_name="raw")  # "<meeting id>#<item position>"
    builder.add_text_field("kind", tokenizer_name="raw")
    builder.add_integer_field("body", indexed=True, fast=True)
    builder.add_integer_field("date", indexed=True, fast=True)  # 20130710
    builder.add_integer_field("month", fast=True)  # body * 1,000,000 + 201307: a timeline's bucket
    builder.add_text_field("text", stored=True, tokenizer_name=ANALYZER)
    # Neighbouring content words as one term each ("report_noted"), stop words skipped: how close
    # a question's words stand, scored like words (see `pairs`).
    builder.add_text_field("pairs", tokenizer_name="whitespace", index_option="freq")
    return builder.build()


SCHEMA = _schema()


def date_number(date: str) -> int:
    """'2013-07-10' -> 20130710."""
    return int(date[:4]) * 10000 + int(date[5:7]) * 100 + int(date[8:10])


def month_key(body_id: int, date: str) -> int:
    return body_id * 1_000_000 + int(date[:4]) * 100 + int(date[5:7])


@dataclass(frozen=True)
class Stamp:
    """What a database holds (token, version), or what an index reflects."""

    token: str
    version: int
    format: int = FORMAT


class SearchIndex:
    """One database's tantivy index, opened once per process (see `index_for`)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        if path is not None:
            path.mkdir(parents=True, exist_ok=True)
        self.index = _opened(path)
        self.index.register_tokenizer(ANALYZER, analyzer())
        self.lock = threading.Lock()
        self._memory_stamp: Stamp | None = None
        self._seen: tuple[int, Stamp | None] = (-1, None)  # meta file mtime, and what it said
        self.loaded: Stamp | None = self.stamp()

    # -- the stamp kept beside the index -------------------------------------------------------

    def stamp(self) -> Stamp | None:
        if self.path is None:
            return self._memory_stamp
        meta = self.path / META
        try:
            mtime = meta.stat().st_mtime_ns
        except FileNotFoundError:
            return None
        if mtime != self._seen[0]:
            try:
                found = Stamp(**json.loads(meta.read_text()))
            except (ValueError, TypeError):
                found = None
            self._seen = (mtime, found)
        return self._seen[1]

    def _write_stamp(self, stamp: Stamp) -> None:
        if self.path is None:
            self._memory_stamp = stamp
            return
        meta = self.path / META
        partial = meta.with_suffix(".partial")
        partial.write_text(json.dumps(stamp.__dict__))
        partial.replace(meta)

    # -- reading -------------------------------------------------------------------------------

    def searcher(self, connection: Connection) -> tantivy.Searcher:
        """A searcher over the index as of the database's current version."""
        self.current(connection)
        return self.index.searcher()

    def current(self, connection: Connection) -> None:
        """Bring the index up to the database's version (see the module's docstring)."""
        wanted = database_stamp(connection)
        if self.loaded == wanted:
            return
        with self.lock:
            if self.stamp() != wanted:
                self._catch_up(connection, wanted)
            self.index.reload()
            self.loaded = self.stamp()

    # -- writing -------------------------------------------------------------------------------

    def _catch_up(self, connection: Connection, wanted: Stamp) -> None:
        writer = self._writer()
        try:
            have = self.stamp()  # another process may have written while we waited
            if have == wanted:
                return
            behind = have is not None and have.token == wanted.token and have.format == FORMAT
            touched = _touched_since(connection, have.version) if behind and have else None
            ahead = have is not None and have.version > wanted.version
            if touched is None or len(touched) > CATCH_UP_MEETINGS or ahead:
                writer.delete_all_documents()
                _add(writer, _entries(connection, None))
            else:
                for meeting_id in touched:
                    writer.delete_documents_by_term("meeting", meeting_id)
                for chunk in _chunks(touched, CHUNK):
                    _add(writer, _entries(connection, chunk))
            writer.commit()
            writer.wait_merging_threads()
            self._write_stamp(wanted)
        except BaseException:
            writer.rollback()
            raise

    def _writer(self) -> Any:
        """tantivy's writer; another process's writer is waited for."""
        deadline = time.monotonic() + WRITER_WAIT_SECONDS
        while True:
            try:
                return self.index.writer(heap_size=WRITER_HEAP, num_threads=1)
            except ValueError as error:
                if "LockBusy" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)


def _opened(path: Path | None) -> tantivy.Index:
    """The index at `path`; one of another format (other fields) is removed and begun afresh,
    and the next read rebuilds it from the database (its stamp is gone with it)."""
    try:
        return tantivy.Index(SCHEMA, path=str(path) if path else None, reuse=True)
    except ValueError as error:
        if path is None or "schema does not match" not in str(error):
            raise
    shutil.rmtree(path)
    path.mkdir(parents=True)
    return tantivy.Index(SCHEMA, path=str(path), reuse=True)


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


ENTRY_COLUMNS = "SELECT id, meeting_id, item_position, kind, body_id, date, text FROM search_entries"


def _entries(connection: Connection, meetings: list[str] | None) -> Iterable[Any]:
    if meetings is None:
        return connection.execution_options(yield_per=5000).execute(text(ENTRY_COLUMNS))
    statement = text(f"{ENTRY_COLUMNS} WHERE meeting_id IN :keys").bindparams(
        bindparam("keys", expanding=True)
    )
    return connection.execute(statement, {"keys": meetings})


_STOP_TERMS = frozenset(term for word in STOP_WORDS for term in analyse(word))


def pairs(terms: list[str]) -> list[str]:
    """Each pair of neighbouring terms once stop words are left out: "report of the council was
    noted" -> report_council, council_note. Indexed as words are, a pair ranks passages where a
    question's words stand together with BM25 too, and with the same pruning (block-max WAND)
    a phrase query cannot have: it walks every passage holding both words."""
    content = [term for term in terms if term not in _STOP_TERMS]
    return [f"{a}_{b}" for a, b in pairwise(content)]


def _add(writer: Any, rows: Iterable[Any]) -> None:
    for row in rows:
        document = tantivy.Document()
        document.add_unsigned("id", row.id)
        document.add_text("meeting", row.meeting_id)
        document.add_text("item", f"{row.meeting_id}#{row.item_position}")
        document.add_text("kind", row.kind)
        document.add_integer("body", row.body_id)
        document.add_integer("date", date_number(row.date))
        document.add_integer("month", month_key(row.body_id, row.date))
        document.add_text("text", row.text)
        document.add_text("pairs", " ".join(pairs(analyse(row.text))))
        writer.add_document(document)


# -- the database's side: version, and what each version touched --------------------------------


def database_stamp(connection: Connection) -> Stamp:
    token, version = connection.execute(text("SELECT token, version FROM search_index_state")).one()
    return Stamp(token, version)


def note_changes(connection: Connection, meeting_ids: Iterable[str]) -> None:
    """Record, in the writer's transaction, that these meetings' entries changed (written,
    replaced or deleted): the index catches up on them (see the module's docstring)."""
    meetings = sorted(set(meeting_ids))
    if not meetings or not _has_state(connection):
        return
    # The UPDATE takes the row's lock until commit, so versions follow commit order.
    version = connection.execute(
        text("UPDATE search_index_state SET version = version + 1 RETURNING version")
    ).scalar_one()
    connection.execute(
        text("INSERT INTO search_index_changes (version, meeting_id) VALUES (:version, :meeting_id)"),
        [{"version": version, "meeting_id": meeting_id} for meeting_id in meetings],
    )


_MIGRATED: set[str] = set()  # databases known to have the state table (migration 0006)


def _has_state(connection: Connection) -> bool:
    """Whether the database has the index's state: one stored before migration 0006 (an old
    schema being upgraded step by step) is written as it was; its index is rebuilt once migrated."""
    key = connection.engine.url.render_as_string(hide_password=True)
    if key not in _MIGRATED and inspect(connection).has_table("search_index_state"):
        _MIGRATED.add(key)
    return key in _MIGRATED


def _touched_since(connection: Connection, version: int) -> list[str]:
    rows = connection.execute(
        text("SELECT DISTINCT meeting_id FROM search_index_changes WHERE version > :version"),
        {"version": version},
    )
    return sorted(row.meeting_id for row in rows)


def new_token() -> str:
    return uuid.uuid4().hex


# -- where each database's index is ------------------------------------------------------------

_OPEN: dict[Any, SearchIndex] = {}
_OPEN_LOCK = threading.Lock()


def index_location(engine: Engine) -> Path | None:
    """Beside a SQLite file; else under MINUTEBOOK_INDEX_DIR or the user's cache, one folder per
    database (server, port and name); None for an in-memory SQLite database."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        if url.database in (None, "", ":memory:") or url.query.get("uri"):
            return None
        return Path(url.database).resolve().with_name(Path(url.database).name + ".search")
    root = os.environ.get("MINUTEBOOK_INDEX_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "minutebook", "search"
    )
    where = f"{url.host or 'local'}-{url.port or 5432}-{url.database}"
    from minutebook.store.engine import server_identity  # here: store imports this module

    # Not the user: a read-only role reads the index the writer keeps (`store.engine.server_identity`).
    digest = hashlib.sha256(server_identity(url).encode()).hexdigest()[:8]
    return Path(root) / f"{re.sub(r'[^A-Za-z0-9._-]', '_', where)}-{digest}"


def index_for(engine: Engine) -> SearchIndex:
    """The open index of `engine`'s database (opened on first use)."""
    path = index_location(engine)
    key = path if path is not None else id(engine)
    with _OPEN_LOCK:
        found = _OPEN.get(key)
        if found is None:
            found = _OPEN[key] = SearchIndex(path)
        return found


def refresh_index(engine: Engine) -> None:
    """Bring `engine`'s index up to date now (after a committed write), rather than at the next
    search."""
    with engine.connect() as connection:
        if _has_state(connection):
            index_for(engine).current(connection)


# -- queries -----------------------------------------------------------------------------------
# A query as typed (see `search.query`) becomes a tantivy query over the `text` field. Plain
# words: any of the question's content words matches, each scored by BM25, and passages that
# hold neighbouring words of the question together score more (`pairs`, scored by BM25 too).
# Operators keep their meaning.

PREFIX_TERMS = 64  # a prefix stands for its most frequent completions, each ranked as a word
PAIR_LIFT = 1.0

_FOLD = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(tantivy.Filter.lowercase())
_FOLDER = _FOLD.filter(tantivy.Filter.ascii_fold()).build()


def compile_query(
    searcher: tantivy.Searcher, typed: str, *, all_words: bool = False, terms_used: list[str] | None = None
) -> tantivy.Query:
    """The tantivy query for `typed`. `all_words`: plain words must all be there (for counting
    mentions, as a timeline does), else any one of them is enough and ranking does the rest.
    `terms_used`, when given, is filled with the words (index terms) the query looks up."""
    used = terms_used if terms_used is not None else []
    words = plain_words(typed)
    if words is None:
        return _node_query(searcher, parse_query(typed), used)
    terms = list(dict.fromkeys(t for word in content_words(words) for t in analyse(word)))
    used += terms
    if not terms:
        return tantivy.Query.empty_query()
    occur = tantivy.Occur.Must if all_words else tantivy.Occur.Should
    clauses = [(occur, _term(t)) for t in terms]
    for pair in dict.fromkeys(pairs([t for word in words for t in analyse(word)])):
        near = tantivy.Query.term_query(SCHEMA, "pairs", pair, index_option="freq")
        clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(near, PAIR_LIFT)))
    return tantivy.Query.boolean_query(clauses)


def _term(term: str) -> tantivy.Query:
    return tantivy.Query.term_query(SCHEMA, "text", term)


def _node_query(searcher: tantivy.Searcher, node: Term | Not | And | Or, used: list[str]) -> tantivy.Query:
    if isinstance(node, Term):
        return _term_query(searcher, node, used)
    if isinstance(node, Or):
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, _node_query(searcher, p, used)) for p in node.parts]
        )
    if isinstance(node, And):
        clauses = [
            (tantivy.Occur.MustNot, _node_query(searcher, p.part, []))
            if isinstance(p, Not)
            else (tantivy.Occur.Must, _node_query(searcher, p, used))
            for p in node.parts
        ]
        return tantivy.Query.boolean_query(clauses)
    if isinstance(node, Not):  # the parser refuses a bare NOT; here for completeness
        return tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, tantivy.Query.all_query()),
                (tantivy.Occur.MustNot, _node_query(searcher, node.part, [])),
            ]
        )
    raise TypeError(node)


def _term_query(searcher: tantivy.Searcher, term: Term, used: list[str]) -> tantivy.Query:
    """A word, a phrase, or either ending in a prefix."""
    *leading, last = term.words
    tokens = [t for word in leading for t in analyse(word)]
    used += tokens
    if term.prefix:
        completions = _completions(searcher, last)
        used += completions
        if not completions:
            return tantivy.Query.empty_query()
        if not tokens:
            return tantivy.Query.boolean_query([(tantivy.Occur.Should, _term(c)) for c in completions])
        return tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Should, tantivy.Query.phrase_query(SCHEMA, "text", [*tokens, c]))
                for c in completions
            ]
        )
    tokens += analyse(last)
    used += tokens
    if not tokens:
        return tantivy.Query.empty_query()
    if len(tokens) == 1:
        return _term(tokens[0])
    return tantivy.Query.phrase_query(SCHEMA, "text", [*tokens])


def _completions(searcher: tantivy.Searcher, prefix: str) -> list[str]:
    """Indexed terms starting with `prefix` as typed or as stemmed ("applications*" must still
    find the stem "applic"), the most frequent first."""
    with _ANALYZER_LOCK:
        folded = list(_FOLDER.analyze(prefix))
    starts = {folded[0]} if folded else set()
    starts.update(analyse(prefix)[:1])
    found: dict[str, int] = {}
    for start in starts:
        for term, count in searcher.terms_with_prefix("text", start, limit=PREFIX_TERMS):
            found[term] = max(found.get(term, 0), count)
    return sorted(found, key=lambda t: (-found[t], t))[:PREFIX_TERMS]


def filtered(
    query: tantivy.Query,
    *,
    body_ids: list[int] | None = None,
    since: str | None = None,
    until: str | None = None,
    kind: str | None = None,
) -> tantivy.Query:
    """`query` within a body (any of `body_ids`), a date range and a kind; filters do not score."""
    filters = []
    if body_ids is not None:
        filters.append(tantivy.Query.term_set_query(SCHEMA, "body", body_ids or [-1]))
    if since or until:
        low, high = (date_number(d) if d else None for d in (since, until))
        filters.append(tantivy.Query.range_query(SCHEMA, "date", tantivy.FieldType.Integer, low, high))
    if kind:
        filters.append(tantivy.Query.term_query(SCHEMA, "kind", kind))
    if not filters:
        return query
    zero = [(tantivy.Occur.Must, tantivy.Query.const_score_query(f, 0.0)) for f in filters]
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, query), *zero])


def lifted_only(query: tantivy.Query, items: list[str]) -> tantivy.Query:
    """`query`'s matches within these items ("<meeting id>#<item position>"), scored as by `query`."""
    within = tantivy.Query.const_score_query(tantivy.Query.term_set_query(SCHEMA, "item", items), 0.0)
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, within)])


def entry_ids(searcher: tantivy.Searcher, hits: list[tuple[float, Any]]) -> list[int]:
    return cast(list[int], searcher.fast_field_values("id", [address for _, address in hits]))  # ids are ints


# -- matching and counting for the registers and the timeline ----------------------------------


def searcher_for(connection: Connection) -> tantivy.Searcher:
    """A searcher over the index of `connection`'s database, up to date with it."""
    return index_for(connection.engine).searcher(connection)


@dataclass(frozen=True)
class MonthCount:
    """Matches of one body in one month, with the first and latest date matched."""

    body_id: int
    month: str  # '2013-07'
    hits: int
    first: str
    latest: str


def count_by_month(
    connection: Connection,
    typed: str,
    *,
    body_ids: list[int] | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[MonthCount]:
    """How many entries match `typed` in each body and month (a timeline's counts). Plain words
    must all be there: a timeline counts mentions of a topic, where search ranks any word."""
    searcher = searcher_for(connection)
    query = filtered(
        compile_query(searcher, typed, all_words=True), body_ids=body_ids, since=since, until=until
    )
    dates = {"first": {"min": {"field": "date"}}, "latest": {"max": {"field": "date"}}}
    found = searcher.aggregate(query, {"m": {"terms": {"field": "month", "size": 1_000_000}, "aggs": dates}})
    counts = []
    for bucket in found["m"]["buckets"]:
        body_id, month = divmod(int(bucket["key"]), 1_000_000)
        first, latest = (_iso(bucket[end]["value"]) for end in ("first", "latest"))
        counts.append(
            MonthCount(body_id, f"{month // 100:04d}-{month % 100:02d}", bucket["doc_count"], first, latest)
        )
    return counts


def _iso(number: float) -> str:
    value = int(number)
    return f"{value // 10000:04d}-{value // 100 % 100:02d}-{value % 100:02d}"


def entries_saying(connection: Connection, node: Term, *, kind: str | None = None, limit: int) -> list[int]:
    """Ids of up to `limit` entries (of `kind`) matching `node` (a word, phrase or prefix)."""
    searcher = searcher_for(connection)
    query = filtered(_node_query(searcher, node, []), kind=kind)
    return entry_ids(searcher, searcher.search(query, limit, count=False).hits)

"""Semantic search inside PostgreSQL with pgvector, where the server has the extension.

Where the server offers `vector` (pgvector 0.5 or later: HNSW), `prepare` creates the extension
(when the role may) and gives `search_vectors` an `embedding vector(384)` column with an HNSW
index (cosine distance). `search.semantic` then writes each vector twice: as float16 bytes, as on
SQLite, and into this column (the same float16 values, so both backends rank alike); and
`nearest` answers with `ORDER BY embedding <=> :q` in the SQL that applies the filters, with no
index in the process's memory or on its disk, so several web servers share one index with nothing
to keep in step.

Filters: pgvector's HNSW scan (0.6, as `pgserver` bundles; no iterative scans before 0.8) yields
at most `hnsw.ef_search` rows, which the filters then thin. So the first query asks for
EF_SEARCH candidates; when fewer than `k` pass, it asks again with EF_WIDE (pgvector's largest)
if the share that passed says that would be enough; else (a narrow filter) it ranks every entry
that passes exactly, by an ORDER BY the index cannot serve. That last costs a scan of the
vectors or of the entries (search_entries has no index on kind, body or date; nor does the
embedded index's exact path use one): measured in docs/performance.md.

Where the server lacks the extension (Debian bookworm's PostgreSQL 15 has no package for it) or
the role may not create it, nothing changes: the embedded index answers, and `notice` says why
in one line (`minutebook embed`, `serve`, `db check`). SQLite always uses the embedded index.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    import numpy as np

EXTENSION = "vector"
COLUMN = "embedding"
INDEX = "ix_search_vectors_embedding"
# Candidates the HNSW scan yields before the filters (its ef_search; pgvector's default is 40).
# The embedded index asks its graph for 50 and ranks them again; 100 here gave recall@10 against
# exact search of 0.99 at 100k stand-in vectors (docs/performance.md).
EF_SEARCH = 100
EF_WIDE = 1000  # pgvector's largest ef_search: the widest a filtered index scan can look


def is_postgresql(engine_or_connection: Engine | Connection) -> bool:
    return engine_or_connection.dialect.name == "postgresql"


# --- The extension, the column and the index ----------------------------------------------------


def prepare(connection: Connection) -> str | None:
    """Create the extension (where offered and allowed), the vectors' tables, the column and its
    index; None when pgvector is ready, else why not (one line). Safe to repeat."""
    from minutebook.search.semantic import DIMS, vectors_metadata

    if not is_postgresql(connection):
        return "SQLite has no pgvector"
    if not _installed(connection):
        reason = _create_extension(connection)
        if reason:
            return reason
    vectors_metadata.create_all(connection, checkfirst=True)
    connection.exec_driver_sql(f"ALTER TABLE search_vectors ADD COLUMN IF NOT EXISTS {COLUMN} vector({DIMS})")
    connection.exec_driver_sql(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON search_vectors USING hnsw ({COLUMN} vector_cosine_ops)"
    )
    return None


def _installed(connection: Connection) -> bool:
    found = connection.execute(text("SELECT 1 FROM pg_extension WHERE extname = :e"), {"e": EXTENSION})
    return found.first() is not None


def _create_extension(connection: Connection) -> str | None:
    offered = connection.execute(
        text("SELECT default_version FROM pg_available_extensions WHERE name = :e"), {"e": EXTENSION}
    ).first()
    if offered is None:
        return "this PostgreSQL server has no pgvector extension"
    try:
        with connection.begin_nested():  # a refusal must not end the caller's transaction
            connection.exec_driver_sql(f"CREATE EXTENSION IF NOT EXISTS {EXTENSION}")
    except DBAPIError as error:
        first = str(error.orig or error).strip().splitlines()[0]
        return f"pgvector is on the server but this role may not create it ({first}): CREATE EXTENSION vector"
    return None


def ready(connection: Connection) -> bool:
    """Whether this database stores vectors in the pgvector column (extension and column there)."""
    if not is_postgresql(connection):
        return False
    found = connection.execute(
        text(
            "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()"
            " AND table_name = 'search_vectors' AND column_name = :c"
        ),
        {"c": COLUMN},
    )
    return found.first() is not None and _installed(connection)


_ready: dict[str, tuple[Any, bool]] = {}  # database URL -> (vectors' version, ready): the latest only
_ready_lock = threading.Lock()


def in_use(engine: Engine, state: Any) -> bool:
    """`ready`, asked once per database and vectors' version (`semantic.stored_state`), so a search
    costs no catalogue query; a server whose vectors move to pgvector follows at the next version."""
    if not is_postgresql(engine):
        return False
    url = engine.url.render_as_string(hide_password=False)
    with _ready_lock:
        known = _ready.get(url)
    if known is not None and known[0] == state:
        return known[1]
    with engine.connect() as connection:
        answer = ready(connection)
    with _ready_lock:
        _ready[url] = (state, answer)
    return answer


def notice(engine: Engine) -> str | None:
    """One line for a PostgreSQL database whose semantic search cannot use pgvector, or None (also
    for SQLite, where the embedded index is the design, not a fallback)."""
    if not is_postgresql(engine):
        return None
    with engine.connect() as connection:
        if ready(connection):
            return None
        reason = "pgvector is on the server but not created in this database"
        if not _installed(connection):
            offered = connection.execute(
                text("SELECT 1 FROM pg_available_extensions WHERE name = :e"), {"e": EXTENSION}
            ).first()
            reason = reason if offered else "this PostgreSQL server has no pgvector extension"
    return f"{reason}: semantic search uses minutebook's own index (run `minutebook embed` after adding it)"


# --- Writing ------------------------------------------------------------------------------------


def as_text(vector: np.ndarray) -> str:
    """A vector in pgvector's text form ('[0.1,0.2,...]'), which psycopg sends as it is: float16
    values have at most 5 significant digits, so '%.5g' loses nothing of what SQLite stores."""
    return "[" + ",".join(f"{x:.5g}" for x in vector.tolist()) + "]"


def from_float16(blob: bytes) -> str:
    import numpy as np

    return as_text(np.frombuffer(blob, dtype=np.float16))


INSERT = text(
    "INSERT INTO search_vectors (model, entry_id, digest, vector, embedding)"
    " VALUES (:model, :entry_id, :digest, :vector, CAST(:embedding AS vector))"
)


def insert(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert vectors' rows (model, entry_id, digest, float16 `vector`), the column filled from them."""
    if rows:
        connection.execute(INSERT, [{**row, "embedding": from_float16(row["vector"])} for row in rows])


def backfill(connection: Connection, batch: int = 1024) -> int:
    """Copy vectors stored before the column existed into it; how many were copied."""
    copied = 0
    while True:
        rows = connection.execute(
            text(f"SELECT model, entry_id, vector FROM search_vectors WHERE {COLUMN} IS NULL LIMIT :n"),
            {"n": batch},
        ).all()
        if not rows:
            return copied
        connection.execute(
            text(
                f"UPDATE search_vectors SET {COLUMN} = CAST(:e AS vector) WHERE model = :m AND entry_id = :i"
            ),
            [{"m": r.model, "i": r.entry_id, "e": from_float16(r.vector)} for r in rows],
        )
        copied += len(rows)


def missing(connection: Connection, model: str) -> int:
    """Vectors of `model` not yet in the column (`backfill` copies them)."""
    return connection.execute(
        text(f"SELECT count(*) FROM search_vectors WHERE model = :m AND {COLUMN} IS NULL"), {"m": model}
    ).scalar_one()


def version(connection: Connection) -> str | None:
    return connection.execute(
        text("SELECT extversion FROM pg_extension WHERE extname = :e"), {"e": EXTENSION}
    ).scalar()


# --- Searching ----------------------------------------------------------------------------------


def nearest(
    engine: Engine, query: np.ndarray, model: str, where: str, params: dict[str, Any], k: int
) -> list[tuple[int, float]]:
    """The `k` entries nearest `query` that pass `where` (conditions on search_entries `e`, each
    starting with AND) and whose text is still what was embedded, best first, as (entry id,
    cosine similarity)."""
    from minutebook.search.semantic import digest

    wanted = max(k, 1)
    values = {**params, "q": as_text(query), "m": model, "n": wanted + STALE_MARGIN}
    first = min(max(EF_SEARCH, wanted), EF_WIDE)
    with engine.connect() as connection:
        rows = _ask(connection, where, values, first, ORDERED)
        # Short of `n` only when the filters thinned the scan's `first` candidates: widen if the
        # share that passed says EF_WIDE candidates would hold enough, else rank exactly.
        short = len(rows) < values["n"] and bool(where)
        if short and first < EF_WIDE and len(rows) * EF_WIDE >= values["n"] * first:
            rows = _ask(connection, where, values, EF_WIDE, ORDERED)
        if len(rows) < values["n"] and where:
            rows = _ask(connection, where, values, 0, EXACT)
        connection.rollback()
    live = [(r.entry_id, 1.0 - float(r.distance)) for r in rows if r.digest == digest(r.text)]
    return live[:k]


def _ask(connection: Connection, where: str, values: dict[str, Any], ef: int, order: str) -> list[Any]:
    if ef:  # for this transaction only: the pooled connection goes back as it came
        connection.execute(text("SELECT set_config('hnsw.ef_search', :ef, true)"), {"ef": str(ef)})
    return list(connection.execute(text(SELECT.format(where=where, order=order)), values).all())


# Entries whose text changed since they were embedded (a meeting stored again, `embed` not yet
# run) are left out after the query: asking for a few more keeps `k` when some are.
STALE_MARGIN = 10
SELECT = (
    "SELECT v.entry_id, v.digest, e.text, v.embedding <=> CAST(:q AS vector) AS distance"
    " FROM search_vectors v JOIN search_entries e ON e.id = v.entry_id"
    " WHERE v.model = :m AND v.embedding IS NOT NULL{where}"
    " ORDER BY {order} LIMIT :n"
)
ORDERED = "v.embedding <=> CAST(:q AS vector)"  # the HNSW index serves this order
EXACT = "(v.embedding <=> CAST(:q AS vector)) + 0"  # the index cannot: every passing entry is ranked

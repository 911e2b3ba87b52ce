"""Semantic search inside PostgreSQL with pgvector (`search.pgvector`), on a real PostgreSQL 16 with
pgvector 0.6 from the `pgserver` wheel (a test dependency), and its absence on Debian's PostgreSQL
15 (the session's `postgres_server`), where the embedded index answers and a notice says why."""

from __future__ import annotations

import copy
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pgserver
import pytest
import sqlalchemy
from alembic import command
from typer.testing import CliRunner

from minutebook.cli.app import app
from minutebook.cli.db import run_checks
from minutebook.record import MeetingRecord
from minutebook.search import hybrid, pgvector, search, semantic
from minutebook.store import migrate, open_engine, save
from minutebook.store.migrate import alembic_config

from .test_semantic import PLANTED, QUESTION, planted

Seeds = list[tuple[MeetingRecord, bytes]]


@pytest.fixture(scope="module", autouse=True)
def own_index_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The search index folders of this module's databases, kept out of the user's cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MINUTEBOOK_INDEX_DIR", str(tmp_path_factory.mktemp("indexes")))
        yield


@pytest.fixture(scope="module")
def pgvector_server() -> Iterator[str]:
    """PostgreSQL 16 with pgvector, started from the pgserver wheel; yields its server URL. The
    folder is new and directly in the temporary folder: run as root, pgserver starts the server as
    its own user, who must reach the folder (pytest's folders are private to root)."""
    folder = Path(tempfile.gettempdir()) / f"minutebook-pgv-{uuid.uuid4().hex[:8]}"
    server = pgserver.get_server(folder, cleanup_mode="stop")
    try:
        yield f"postgresql+psycopg://postgres@/?host={folder}"
    finally:
        server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)


def _database(server_url: str) -> str:
    """A new, migrated database on the server; its URL."""
    name = f"pgv_{uuid.uuid4().hex[:10]}"
    base, query = server_url.split("/?")
    admin = sqlalchemy.create_engine(f"{base}/postgres?{query}", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    admin.dispose()
    url = f"{base}/{name}?{query}"
    engine = open_engine(url)
    migrate(engine)
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def embedded_pg(pgvector_server: str, parsed_seeds: Seeds) -> Iterator[sqlalchemy.Engine]:
    engine = open_engine(_database(pgvector_server))
    for record, data in planted(copy.deepcopy(parsed_seeds)):
        save(engine, record, data)
    report = semantic.embed(engine, semantic.load_model())
    assert report.embedded == report.total > 0
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def embedded_sqlite(
    tmp_path_factory: pytest.TempPathFactory, parsed_seeds: Seeds
) -> Iterator[sqlalchemy.Engine]:
    path = tmp_path_factory.mktemp("sqlite") / "minutebook.db"
    engine = open_engine(f"sqlite:///{path}")
    migrate(engine)
    for record, data in planted(copy.deepcopy(parsed_seeds)):
        save(engine, record, data)
    semantic.embed(engine, semantic.load_model())
    yield engine
    engine.dispose()


def _column_filled(engine: sqlalchemy.Engine) -> tuple[int, int]:
    with engine.connect() as connection:
        return connection.exec_driver_sql("SELECT count(embedding), count(*) FROM search_vectors").one()


def test_the_migration_makes_the_column_and_its_hnsw_index(pgvector_server: str) -> None:
    engine = open_engine(_database(pgvector_server))
    with engine.connect() as connection:
        assert pgvector.ready(connection) and pgvector.version(connection)
        indexes = connection.exec_driver_sql(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'search_vectors'"
        ).scalars()
        assert any("hnsw (embedding vector_cosine_ops)" in d for d in indexes)
    assert pgvector.notice(engine) is None
    # Down to 0011 drops the column and index (the extension stays); up again puts them back.
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0011")
    with engine.connect() as connection:
        assert not pgvector.ready(connection) and pgvector.version(connection)
    migrate(engine)
    with engine.connect() as connection:
        assert pgvector.ready(connection)
    engine.dispose()


def test_vectors_go_into_the_column_and_no_embedded_index_is_built(embedded_pg: sqlalchemy.Engine) -> None:
    filled, rows = _column_filled(embedded_pg)
    assert filled == rows > 0
    search(embedded_pg, QUESTION, mode="semantic", limit=5)
    url = embedded_pg.url.render_as_string(hide_password=False)
    assert not any(key[0] == url for key in semantic._indexes)  # no vectors loaded into the process
    assert not semantic.graph_path(embedded_pg, semantic.MODEL).exists()


def test_a_paraphrase_is_found_through_pgvector(embedded_pg: sqlalchemy.Engine) -> None:
    for mode in ("semantic", "hybrid"):
        result = search(embedded_pg, QUESTION, mode=mode, limit=5)
        assert result.mode == mode and result.notice is None
        assert any("criminal record" in hit.snippet for hit in result.hits[:3]), mode


@pytest.mark.parametrize(
    "question", [QUESTION, "protecting children from abuse", "the council's budget for next year"]
)
def test_the_same_hits_as_the_embedded_index(
    embedded_pg: sqlalchemy.Engine, embedded_sqlite: sqlalchemy.Engine, question: str
) -> None:
    """The same vectors (float16 on both), so the same entries in the same order; scores agree to
    float16's precision."""
    for mode in ("semantic", "hybrid"):
        pg = search(embedded_pg, question, mode=mode, limit=10).hits
        lite = search(embedded_sqlite, question, mode=mode, limit=10).hits
        assert [hybrid.hit_key(h) for h in pg] == [hybrid.hit_key(h) for h in lite], mode
        if mode == "semantic":
            assert [h.score for h in pg] == pytest.approx([h.score for h in lite], abs=2e-3)


def test_filters_apply_in_the_same_sql(
    embedded_pg: sqlalchemy.Engine, embedded_sqlite: sqlalchemy.Engine
) -> None:
    question = "protecting children from abuse"
    dates = sorted({h.date for h in search(embedded_pg, question, mode="semantic", limit=50).hits})
    assert len(dates) == 2
    for filters in ({"since": dates[1]}, {"kind": "item"}, {"kind": "action"}):
        pg = search(embedded_pg, question, mode="semantic", limit=20, **filters).hits
        lite = search(embedded_sqlite, question, mode="semantic", limit=20, **filters).hits
        assert pg, filters
        assert [hybrid.hit_key(h) for h in pg] == [hybrid.hit_key(h) for h in lite], filters
    assert {
        h.date for h in search(embedded_pg, question, mode="semantic", since=dates[1], limit=50).hits
    } == {dates[1]}


def test_a_narrow_filter_is_ranked_exactly(
    embedded_pg: sqlalchemy.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the index scan's candidates hold too few that pass, every passing entry is ranked."""
    monkeypatch.setattr(pgvector, "EF_SEARCH", 1)
    monkeypatch.setattr(pgvector, "EF_WIDE", 1)
    actions = search(embedded_pg, QUESTION, mode="semantic", kind="action", limit=5).hits
    with embedded_pg.connect() as connection:
        stored = connection.exec_driver_sql(
            "SELECT count(*) FROM search_entries WHERE kind = 'action'"
        ).scalar()
    assert len(actions) == min(5, stored) > 0 and {h.kind for h in actions} == {"action"}
    assert [h.score for h in actions] == sorted((h.score for h in actions), reverse=True)


def test_embed_follows_changes_and_fills_a_column_added_later(
    pgvector_server: str, seed_records: Seeds
) -> None:
    engine = open_engine(_database(pgvector_server))
    model = semantic.load_model()
    (first, first_data), (second, second_data) = seed_records
    save(engine, first, first_data)
    save(engine, second, second_data)
    done = semantic.embed(engine, model)
    # Vectors stored before pgvector was there (the column dropped stands for it): copied over.
    with engine.begin() as connection:
        connection.exec_driver_sql("ALTER TABLE search_vectors DROP COLUMN embedding")
    again = semantic.embed(engine, model)
    assert again.embedded == 0 and _column_filled(engine) == (done.total, done.total)
    # A reworded paragraph, stored again: until `embed` runs, its old vector is not a hit.
    paragraph = next(p for item in second.items for p in item.minutes if len(p.text) > 80)
    before = paragraph.text
    paragraph.text = PLANTED
    save(engine, second, second_data + b"\n")
    hits = search(engine, before[:120], mode="semantic", limit=10).hits
    assert hits and all("criminal record" not in h.snippet for h in hits)
    assert semantic.embed(engine, model).embedded == 1
    top = search(engine, QUESTION, mode="semantic", limit=3).hits
    assert any("criminal record" in hit.snippet for hit in top)
    engine.dispose()


def test_a_role_that_may_not_create_the_extension_gets_a_notice(pgvector_server: str) -> None:
    """pgvector on the server but not in the database, and a role that may not create it: the
    migration is a no-op and the notice says what to do, not an error."""
    name, role = f"pgv_{uuid.uuid4().hex[:10]}", f"owner_{uuid.uuid4().hex[:8]}"
    base, query = pgvector_server.split("/?")
    admin = sqlalchemy.create_engine(f"{base}/postgres?{query}", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE ROLE {role} LOGIN")
        connection.exec_driver_sql(f"CREATE DATABASE {name} OWNER {role}")
    engine = open_engine(f"{base.replace('postgres@', f'{role}@')}/{name}?{query}")
    try:
        migrate(engine)
        assert semantic.ensure_tables(engine) is False
        notice = pgvector.notice(engine)
        assert notice and "pgvector is on the server but not created in this database" in notice
        with engine.connect() as connection:
            assert not pgvector.ready(connection) and pgvector.version(connection) is None
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
            connection.exec_driver_sql(f"DROP ROLE {role}")
        admin.dispose()


# --- Without pgvector (Debian's PostgreSQL 15) ------------------------------------------------


def test_without_pgvector_a_notice_and_the_embedded_index(
    postgres_server: str, seed_records: Seeds, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"{postgres_server}/pgv_none_{uuid.uuid4().hex[:8]}"
    admin = sqlalchemy.create_engine(f"{postgres_server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {url.rsplit('/', 1)[1]}")
    admin.dispose()
    engine = open_engine(url)
    migrate(engine)  # the migration is a no-op here, not an error
    save(engine, *seed_records[0])
    notice = pgvector.notice(engine)
    assert notice and "no pgvector" in notice and "\n" not in notice
    finding = next(f for f in run_checks(engine) if f.check == "semantic search")
    assert finding.ok and "no pgvector" in finding.detail
    result = CliRunner().invoke(app, ["embed", "--database", url])
    assert result.exit_code == 0, result.output
    assert "no pgvector" in result.output
    with engine.connect() as connection:
        assert not pgvector.ready(connection)
    assert search(engine, "licensing", mode="semantic", limit=3).mode == "semantic"
    # `serve` says it once as it starts (uvicorn itself not run here).
    import uvicorn

    served: list[object] = []
    monkeypatch.setattr(uvicorn, "run", lambda site, **options: served.append(site))
    result = CliRunner().invoke(app, ["serve", "--workers", "1", "--database", url])
    assert result.exit_code == 0, result.output
    assert served and "notice: this PostgreSQL server has no pgvector" in result.output
    engine.dispose()
    with admin.connect() as connection:
        connection.exec_driver_sql(f"DROP DATABASE {url.rsplit('/', 1)[1]} WITH (FORCE)")
    admin.dispose()

"""Fixtures shared by every test package: where the real documents are, and databases."""

from __future__ import annotations

import contextlib
import copy
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy

from minutebook.record import MeetingRecord

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MINUTEBOOK_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "seeds").is_dir():
        pytest.fail(f"the real documents are missing: expected {SHARED}/seeds (set MINUTEBOOK_SHARED)")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    return shared_dir / "seeds"


@pytest.fixture(scope="session")
def corpus_dir(shared_dir: Path) -> Path:
    return shared_dir / "corpus"


# --- Databases -------------------------------------------------------------------------------
# Every store and search test runs twice: on a SQLite file and on a real PostgreSQL server that
# this session starts from Debian's binaries (CI installs the `postgresql` package). Nothing is
# mocked, and missing binaries fail the run rather than skipping half of it.


def _postgres_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if not found:
        pytest.fail("PostgreSQL binaries not found in /usr/lib/postgresql/*/bin: apt-get install postgresql")
    return found[-1].parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A throwaway PostgreSQL on a free loopback port; yields the URL of its server (no database)."""
    bin_dir = _postgres_bin()
    # initdb refuses to run as root, so a root session runs the server as the postgres user.
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    home = Path(tempfile.mkdtemp(prefix="minutebook-pg-"))
    if as_user:
        shutil.chown(home, "postgres")
    data, port = home / "data", _free_port()

    def run(*args: str) -> None:
        done = subprocess.run([*as_user, *args], capture_output=True, text=True)
        if done.returncode != 0:
            pytest.fail(f"{Path(args[0]).name} failed: {done.stderr.strip() or done.stdout.strip()}")

    run(str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
    options = f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    run(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(home / "log"), "-w", "-o", options, "start")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_template(postgres_server: str) -> str:
    """A migrated database on the session's PostgreSQL, which each test's database is copied from:
    copying is much faster than migrating each time."""
    from minutebook.store import migrate, open_engine

    with _postgres_admin(postgres_server) as admin:
        admin.exec_driver_sql("CREATE DATABASE minutebook_template")
    engine = open_engine(f"{postgres_server}/minutebook_template")
    migrate(engine)
    engine.dispose()
    return "minutebook_template"


@contextlib.contextmanager
def _postgres_admin(server: str) -> Iterator[sqlalchemy.Connection]:
    admin = sqlalchemy.create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            yield connection
    finally:
        admin.dispose()


@contextlib.contextmanager
def _fresh_database(request: pytest.FixtureRequest, folder: Path) -> Iterator[str]:
    """A migrated, empty database of the kind `request.param` names; yields its URL."""
    if request.param == "sqlite":
        from minutebook.store import migrate, open_engine

        url = f"sqlite:///{folder / 'minutebook.db'}"
        engine = open_engine(url)
        migrate(engine)
        engine.dispose()
        yield url
        return
    server = request.getfixturevalue("postgres_server")
    template = request.getfixturevalue("postgres_template")
    name = f"test_{uuid.uuid4().hex[:12]}"
    with _postgres_admin(server) as admin:
        admin.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY")
    yield f"{server}/{name}"
    with _postgres_admin(server) as admin:
        admin.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")


BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty database for one test: a SQLite file, or a database on the session's
    PostgreSQL."""
    with _fresh_database(request, tmp_path) as url:
        yield url


@pytest.fixture(scope="module", params=BACKENDS)
def module_database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """As `database_url`, shared by a module's tests that only read."""
    with _fresh_database(request, tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture
def engine(database_url: str) -> Iterator[sqlalchemy.Engine]:
    """A migrated, empty minutebook database on each backend."""
    from minutebook.store import open_engine

    engine = open_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def seed_files(seeds_dir: Path) -> list[Path]:
    """The two Rotherham ModernGov pages."""
    return sorted(seeds_dir.glob("rotherham-*.txt"))


@pytest.fixture(scope="session")
def parsed_seeds(seed_files: list[Path]) -> list[tuple[MeetingRecord, bytes]]:
    """Each seed parsed once for the session, with its bytes: shared, so never change them."""
    from minutebook.parse import parse_document
    from minutebook.read.detect import read_path

    return [(parse_document(read_path(path)), path.read_bytes()) for path in seed_files]


@pytest.fixture
def seed_records(parsed_seeds: list[tuple[MeetingRecord, bytes]]) -> list[tuple[MeetingRecord, bytes]]:
    """Each seed parsed into a record (a fresh copy for each test, so tests may change them)."""
    return copy.deepcopy(parsed_seeds)


def _finance_minutes(council: str, day: int) -> str:
    return (
        f"{council}\n\nMinutes of the Finance Committee held on {day} March 2024\n\n"
        "1. Apologies\n\nNone were received.\n\n"
        "2. Churchyard\n\nRESOLVED: that the churchyard wall be mended.\n"
    )


@pytest.fixture
def two_councils(tmp_path: Path) -> Path:
    """A folder of two councils' Finance Committee minutes for the council alias tests: "Aberteifi
    Town Council" on 5 March 2024 and "Cardigan Town Council" on 12 March (the town's Welsh and
    English names, both under an English type of council, so no meeting id carries a language)."""
    folder = tmp_path / "minutes"
    folder.mkdir()
    (folder / "a.txt").write_text(_finance_minutes("Aberteifi Town Council", 5), encoding="utf-8")
    (folder / "b.txt").write_text(_finance_minutes("Cardigan Town Council", 12), encoding="utf-8")
    return folder

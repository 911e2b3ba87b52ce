"""Several `minutebook serve` processes on one database, with an ingest running beside them: every
answer is whole (no 5xx) while it runs, and after it every server shows what was stored (no stale
page from any server's answer cache), on both backends."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import httpx

from minutebook.ingest import ingest
from minutebook.store import migrate, open_engine
from web.conftest import _served


def _total(base: str) -> int:
    answer = httpx.get(base + "/api/v1/meetings", timeout=30)
    assert answer.status_code == 200, answer.text
    return int(answer.json()["meta"]["total"])


def test_two_servers_stay_whole_and_current_while_an_ingest_runs(
    database_url: str, seed_files: list[Path], corpus_dir: Path
) -> None:
    engine = open_engine(database_url)
    migrate(engine)
    ingest(engine, seed_files, workers=1)
    engine.dispose()
    with _served(database_url) as first, _served(database_url) as second:
        assert _total(first) == _total(second) == 2
        minutebook = str(Path(sys.executable).with_name("minutebook"))
        loading = subprocess.Popen(
            [minutebook, "ingest", str(corpus_dir), "--database", database_url],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        statuses: list[int] = []

        def browse() -> None:
            with httpx.Client(timeout=30) as client:
                while loading.poll() is None:
                    for base in (first, second):
                        for path in ("/meetings", "/search?q=council", "/api/v1/meetings"):
                            statuses.append(client.get(base + path).status_code)

        reader = threading.Thread(target=browse)
        reader.start()
        output, _ = loading.communicate(timeout=600)
        reader.join(timeout=60)
        assert loading.returncode == 0, output.decode()
        assert statuses and set(statuses) == {200}
        stored = open_engine(database_url)
        with stored.connect() as connection:
            count = connection.exec_driver_sql("SELECT count(*) FROM meetings").scalar_one()
        stored.dispose()
        assert count > 2
        assert _total(first) == _total(second) == count

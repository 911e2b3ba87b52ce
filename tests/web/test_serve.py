"""`minutebook serve`: refuses, in one line, a database it cannot serve; runs one worker per core
(each with its own answer cache, none of them serving a page older than the data)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from typer.testing import CliRunner

from minutebook.cli import app
from minutebook.errors import MinutebookError
from minutebook.ingest import ingest
from minutebook.store.engine import open_engine
from minutebook.store.migrate import migrate
from minutebook.web import workers
from minutebook.web.workers import worker_app


def test_serve_refuses_a_database_without_tables(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--database", f"sqlite:///{tmp_path / 'empty.db'}"])
    assert result.exit_code == 1
    assert "has no minutebook tables" in result.output
    assert "Traceback" not in result.output


def test_serve_refuses_a_malformed_url() -> None:
    result = CliRunner().invoke(app, ["serve", "--database", "nonsense"])
    assert result.exit_code == 1
    assert "not a database URL" in result.output


@pytest.fixture(scope="module")
def seed_url(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> str:
    """A SQLite file of the first seed meeting."""
    folder = tmp_path_factory.mktemp("serve")
    (folder / "pages").mkdir()
    shutil.copy(sorted(seeds_dir.glob("*.txt"))[0], folder / "pages")
    url = f"sqlite:///{folder / 'minutebook.db'}"
    engine = open_engine(url)
    migrate(engine)
    ingest(engine, [folder / "pages"], workers=1)
    engine.dispose()
    return url


def test_serve_runs_one_worker_per_core_by_default(seed_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[list[socket.socket]] = []

    def run(supervisor: workers.Supervisor) -> int:
        started.append(supervisor.sockets)
        return 0

    monkeypatch.setattr(workers.Supervisor, "run", run)
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    # Restored after the test: serve passes the URL and the cache setting to its workers this way.
    monkeypatch.setenv("MINUTEBOOK_DATABASE_URL", "sqlite:///elsewhere.db")
    monkeypatch.setenv("MINUTEBOOK_SERVE_CACHE", "1")
    port = _free_port()
    result = CliRunner().invoke(app, ["serve", "--database", seed_url, "--no-cache", "--port", str(port)])
    assert result.exit_code == 0, result.output
    [sockets] = started
    assert len(sockets) == 3  # one listening socket per worker, all on the one port
    assert {s.getsockname()[1] for s in sockets} == {port}
    for listener in sockets:
        listener.close()
    # What each worker process builds from the environment its parent set.
    worker = worker_app()
    assert worker.state.response_cache is None
    assert str(worker.state.engine.url) == seed_url


def test_sockets_have_nagle_off_and_a_taken_port_is_refused() -> None:
    sockets = workers.listeners("127.0.0.1", 0, 2)
    try:
        port = sockets[0].getsockname()[1]
        assert sockets[1].getsockname()[1] == port
        # Nagle off, or each answer in two writes waits ~40 ms for the client's delayed ACK
        assert all(s.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) for s in sockets)
        with pytest.raises(MinutebookError, match=f"cannot listen on 127.0.0.1:{port}"):
            workers.listeners("127.0.0.1", port, 2)  # a second serve on the port would share it
    finally:
        for listener in sockets:
            listener.close()


def test_serve_with_one_worker_runs_the_app_itself(seed_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[object, dict]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append((app, options)))
    result = CliRunner().invoke(app, ["serve", "--database", seed_url, "--workers", "1"])
    assert result.exit_code == 0, result.output
    [(site, options)] = calls
    assert isinstance(site, FastAPI)
    assert site.state.response_cache is not None
    assert "workers" not in options


def test_two_workers_serve_and_see_a_new_ingest(seed_url: str, seeds_dir: Path, tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    minutebook = str(Path(sys.executable).with_name("minutebook"))
    command = [minutebook, "serve", "--port", str(port), "--database", seed_url, "--workers", "2"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                before = httpx.get(base + "/api/v1/meetings", timeout=2).json()["meta"]["total"]
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
                time.sleep(0.1)
        else:
            pytest.fail("minutebook serve --workers 2 did not start within 20 s")
        with httpx.Client(base_url=base) as client:  # several connections' worth, to reach both workers
            assert {client.get("/api/v1/meetings").status_code for _ in range(10)} == {200}
        (tmp_path / "more").mkdir()
        shutil.copy(sorted(seeds_dir.glob("*.txt"))[1], tmp_path / "more")
        engine = open_engine(seed_url)
        ingest(engine, [tmp_path / "more"], workers=1)
        engine.dispose()
        totals = {httpx.get(base + "/api/v1/meetings").json()["meta"]["total"] for _ in range(10)}
        assert totals == {before + 1}
    finally:
        server.terminate()
        server.wait(timeout=30)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _children(pid: int) -> set[int]:
    return {int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}


def _holders(port: int) -> dict[int, int]:
    """Which processes hold the established connections to `port`: {pid: connections}."""
    inode_pid = {}
    for fd in Path("/proc").glob("[0-9]*/fd/*"):
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inode_pid[target[8:-1]] = int(fd.parts[2])
    held: dict[int, int] = {}
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].split(":")[1], 16) == port and fields[3] == "01" and fields[9] in inode_pid:
            pid = inode_pid[fields[9]]
            held[pid] = held.get(pid, 0) + 1
    return held


def _wait_for(check: Any, seconds: float = 30) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.1)
    pytest.fail("gave up waiting")


def test_keep_alive_clients_spread_over_the_workers_which_are_replaced_and_stopped(seed_url: str) -> None:
    """Issue 10: with one shared socket, 8 keep-alive clients split 1/7 or 2/6. With a socket per
    worker (SO_REUSEPORT), 16 clients all on one of 2 workers has odds of 2 in 65,536. A worker
    killed outright is replaced and the site keeps answering; SIGTERM stops every process."""
    port = _free_port()
    minutebook = str(Path(sys.executable).with_name("minutebook"))
    command = [minutebook, "serve", "--port", str(port), "--database", seed_url, "--workers", "2"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    clients = [httpx.Client(base_url=base, timeout=30) for _ in range(16)]
    try:
        _wait_for(lambda: len(_children(server.pid)) == 2)
        first = _children(server.pid)

        def answered() -> bool:
            try:
                return all(c.get("/api/v1/bodies").status_code == 200 for c in clients)
            except httpx.TransportError:
                return False

        _wait_for(answered)
        held = _holders(port)
        assert set(held) == first, held  # every connection held by a worker, and both hold some
        assert sum(held.values()) == 16
        victim = min(first)
        os.kill(victim, signal.SIGKILL)
        replaced = _wait_for(lambda: (c := _children(server.pid)) - first and len(c) == 2 and c)
        assert victim not in replaced
        for client in clients:
            client.close()
        clients[:] = [httpx.Client(base_url=base, timeout=30) for _ in range(16)]
        _wait_for(answered)  # new connections on the new worker's socket are served too
        assert set(_holders(port)) == replaced
    finally:
        for client in clients:
            client.close()
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=40)
    assert server.returncode == 0, output.decode()
    assert f"worker {victim} exited with status -9" in output.decode()
    for pid in replaced:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()

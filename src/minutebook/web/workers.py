"""The worker processes of `minutebook serve --workers N`, each with a listening socket of its own.

Why not uvicorn's own supervisor: its workers share one listening socket, and the worker that
accepts first keeps its keep-alive clients (issue 10: 8 clients split 1/7 or 2/6 in every run,
so one core did most of the work). Here the parent binds N sockets to the same address with
SO_REUSEPORT and the kernel spreads new connections over them by a hash of each connection's
addresses; worker i serves socket i. The parent keeps every socket open, so when a worker dies the
connections the kernel sends to its socket wait in the backlog until the worker started in its
place accepts them (none is refused).

The parent (`Supervisor`) starts the workers (`python -m minutebook.web.workers FD`), starts a new
one in the place of any that exits while serving (giving up when they keep dying at start, as a
database that went away makes them), and on SIGINT or SIGTERM asks each to stop with SIGTERM
(uvicorn then finishes the requests in hand), killing any still running after GRACE_SECONDS. A
worker dies with its parent (PR_SET_PDEATHSIG), so a killed `serve` leaves none behind. Workers
read the database URL and the cache setting from the environment the parent hands down (`cli.serve`).
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from minutebook.errors import MinutebookError

if TYPE_CHECKING:
    from fastapi import FastAPI

CACHE_VARIABLE = "MINUTEBOOK_SERVE_CACHE"  # "1" or "0", set by the parent for its workers
GRACE_SECONDS = 30  # how long a stopping worker may take to finish its requests before it is killed
WORKER_GRACE_SECONDS = 20  # uvicorn's own bound on that, inside the parent's
QUICK_DEATH_SECONDS = 5  # a worker that exits sooner than this after its start did not start
MAX_QUICK_DEATHS = 5  # that many in a row: the workers cannot start, so serve stops and says so
BACKLOG = 2048


def listeners(host: str, port: int, count: int) -> list[socket.socket]:
    """`count` listening sockets on one address with SO_REUSEPORT, inheritable and Nagle off.

    Nagle's algorithm is off on each (accepted connections inherit it): with it on, every answer
    sent in two writes waits ~40 ms for the client's delayed ACK. Port 0 puts them all on the port
    the first one is given."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    _refuse_taken(family, host, port)
    made: list[socket.socket] = []
    try:
        for _ in range(count):
            listener = socket.socket(family, socket.SOCK_STREAM)
            made.append(listener)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            listener.bind((host, port))
            port = listener.getsockname()[1]
            listener.listen(BACKLOG)
            listener.set_inheritable(True)
    except OSError as error:
        for listener in made:
            listener.close()
        raise MinutebookError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    return made


def _refuse_taken(family: socket.AddressFamily, host: str, port: int) -> None:
    """A port another server holds is refused, as it would be without SO_REUSEPORT: a second
    `serve` on the same port by the same user would otherwise join the first one's sockets and
    take half its connections. A socket without the option cannot bind beside any listener."""
    if port == 0:
        return
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT of a past run is fine
        try:
            probe.bind((host, port))
        except OSError as error:
            raise MinutebookError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None


@dataclass
class Supervisor:
    """Keeps one worker process serving each socket until told to stop."""

    sockets: list[socket.socket]
    workers: list[subprocess.Popen[bytes] | None] = field(default_factory=list)
    started: list[float] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    quick_deaths: int = 0

    def run(self) -> int:
        """Serve until SIGINT or SIGTERM (0), or until the workers cannot start (1)."""
        previous = {sig: signal.signal(sig, self._stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            self.workers = [None] * len(self.sockets)
            self.started = [0.0] * len(self.sockets)
            for index in range(len(self.sockets)):
                self._start(index)
            while not self.stopping.wait(0.2):
                if not self._replace_dead():
                    return 1
            return 0
        finally:
            self._stop_all()
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _stop(self, signum: int, frame: object) -> None:
        self.stopping.set()

    def _start(self, index: int) -> None:
        fd = self.sockets[index].fileno()
        command = [sys.executable, "-m", "minutebook.web.workers", str(fd)]
        self.workers[index] = subprocess.Popen(command, pass_fds=(fd,))
        self.started[index] = time.monotonic()

    def _replace_dead(self) -> bool:
        """Start a worker in the place of each that exited; False when they keep dying at start."""
        for index, worker in enumerate(self.workers):
            if worker is None or worker.poll() is None or self.stopping.is_set():
                continue
            lived = time.monotonic() - self.started[index]
            self.quick_deaths = self.quick_deaths + 1 if lived < QUICK_DEATH_SECONDS else 0
            if self.quick_deaths >= MAX_QUICK_DEATHS:
                print(
                    f"minutebook: workers exit as they start ({MAX_QUICK_DEATHS} in a row, the last"
                    f" with status {worker.returncode}); stopping",
                    file=sys.stderr,
                )
                return False
            self._start(index)
            replacement = self.workers[index]
            print(
                f"minutebook: worker {worker.pid} exited with status {worker.returncode} after"
                f" {lived:.0f} s; worker {replacement.pid if replacement else '?'} started in its place",
                file=sys.stderr,
                flush=True,
            )
        return True

    def _stop_all(self) -> None:
        """SIGTERM to each worker (uvicorn finishes what it has in hand), SIGKILL after the grace."""
        running = [w for w in self.workers if w is not None and w.poll() is None]
        for worker in running:
            worker.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + GRACE_SECONDS
        for worker in running:
            try:
                worker.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
        for listener in self.sockets:
            listener.close()


def worker_app() -> FastAPI:
    """The app of one worker process, as its parent `serve` was asked for (URLs from the
    environment: MINUTEBOOK_DATABASE_URL, MINUTEBOOK_READONLY_DATABASE_URL)."""
    from minutebook.web.app import create_app

    return create_app(None, cache=os.environ.get(CACHE_VARIABLE, "1") == "1")


def _die_with_parent() -> None:
    """Ask Linux to SIGTERM this worker when its parent dies (PR_SET_PDEATHSIG), so that a
    `serve` killed outright leaves no worker holding the port; elsewhere, nothing."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGTERM), 0, 0, 0)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return


def serve_socket(fd: int) -> None:
    """Run one worker: uvicorn serving `worker_app` on the inherited listening socket `fd`."""
    import uvicorn

    parent = os.getppid()
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before the request above took effect
        return
    listener = socket.socket(fileno=fd)
    config = uvicorn.Config(
        "minutebook.web.workers:worker_app",
        factory=True,
        log_level="warning",
        access_log=False,
        server_header=False,
        timeout_graceful_shutdown=WORKER_GRACE_SECONDS,
    )
    uvicorn.Server(config).run(sockets=[listener])


if __name__ == "__main__":
    serve_socket(int(sys.argv[1]))

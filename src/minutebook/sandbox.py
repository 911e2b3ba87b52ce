"""Read each file in a worker process with limits, so that no file can take an ingest down.

A hostile or unlucky document (a compression bomb, a text whose parsing is slow, a reader that
crashes in C code) costs its own file and nothing else. Ingest hands files to a few forked worker
processes, one file at a time, and each file is read under three limits:

- memory: an address-space limit (RLIMIT_AS, soft) on the worker, set to what the worker holds
  when it starts plus `memory_mb`; an allocation over it raises MemoryError (or kills the worker
  in C code), and the file fails with the limit named;
- CPU: RLIMIT_CPU, raised before each file to what the worker has used plus `cpu_seconds`;
  the kernel stops the worker with SIGXCPU when a file runs over;
- wall clock: the main process kills a worker whose file takes over `seconds` (a reader stuck
  waiting, or starved on a busy machine).

A worker that dies, however it dies, is replaced; the file it held is reported with the reason
and the others go on. Results come back in the order of the items, whatever order the workers
finish in (ingest stores in path order, so a run always leaves the same database). The limits
come from the environment (`Limits.from_environment`): MINUTEBOOK_READ_MEMORY_MB,
MINUTEBOOK_READ_CPU_SECONDS and MINUTEBOOK_READ_SECONDS.
"""

from __future__ import annotations

import ctypes
import faulthandler
import multiprocessing
import os
import resource
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# A worker is retired after this many files: a long-lived reader's heap only grows (fragmented
# by large documents), and a fresh fork costs a few milliseconds.
FILES_PER_WORKER = 500
# Files handed out ahead of the first one not yet returned: bounds what waits in memory behind
# one slow file (each result holds its file's bytes).
AHEAD_PER_WORKER = 4


@dataclass(frozen=True)
class Limits:
    """What reading one file may take. Defaults are some ten times what the largest real
    document in the corpora needs (1.5 s and 360 MB of address space)."""

    memory_mb: int = 2048  # address space beyond what the worker holds when it starts
    cpu_seconds: int = 60
    seconds: float = 120.0

    @classmethod
    def from_environment(cls) -> Limits:
        """The defaults, as MINUTEBOOK_READ_MEMORY_MB, _CPU_SECONDS and _SECONDS override them."""
        default = cls()
        return cls(
            memory_mb=_positive("MINUTEBOOK_READ_MEMORY_MB", default.memory_mb),
            cpu_seconds=_positive("MINUTEBOOK_READ_CPU_SECONDS", default.cpu_seconds),
            seconds=float(_positive("MINUTEBOOK_READ_SECONDS", int(default.seconds))),
        )


def _positive(variable: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(variable, default)))
    except ValueError:
        return default


@dataclass(frozen=True)
class Stopped:
    """An item whose reading was stopped, and why (one line, naming the limit to raise)."""

    reason: str


@dataclass
class _Worker(Generic[Item]):
    process: BaseProcess
    connection: Connection
    job: tuple[int, Item] | None = None
    started: float = 0.0
    done: int = 0


def run_each(
    func: Callable[[Item], Result], items: Sequence[Item], workers: int, limits: Limits | None = None
) -> Iterator[Result | Stopped]:
    """`func(item)` for each item, in order, each in a worker process under `limits`; an item
    whose reading was stopped gives a `Stopped`. `func` should not raise (an exception it raises
    is a `Stopped` too). Workers are forked, so `func` may be any function, a test's included."""
    limits = limits or Limits.from_environment()
    context = multiprocessing.get_context("fork")
    queue = deque(enumerate(items))
    ready: dict[int, Result | Stopped] = {}
    pool: list[_Worker[Item]] = []
    next_out = 0

    def start() -> _Worker[Item]:
        ours, theirs = context.Pipe()
        # The worker closes the main process's ends it inherits (its own, its elders'): while
        # any copy of an end is open, the process at the other end never reads it as closed.
        inherited = [ours, *(worker.connection for worker in pool)]
        process = context.Process(target=_serve, args=(theirs, func, limits, inherited), daemon=True)
        process.start()
        theirs.close()
        return _Worker(process, ours)

    try:
        while next_out < len(items):
            for worker in _idle(pool, min(workers, len(items)), start):
                if not queue or queue[0][0] >= next_out + AHEAD_PER_WORKER * workers:
                    break
                worker.job, worker.started = queue.popleft(), time.monotonic()
                worker.connection.send(worker.job)
            _collect(pool, ready, limits)
            while next_out in ready:
                yield ready.pop(next_out)
                next_out += 1
    finally:
        for worker in pool:
            _stop(worker)


def _idle(
    pool: list[_Worker[Item]], size: int, start: Callable[[], _Worker[Item]]
) -> Iterator[_Worker[Item]]:
    """The workers free for a file, after replacing the dead and retiring the worn."""
    for worker in list(pool):
        if worker.job is None and (worker.done >= FILES_PER_WORKER or not worker.process.is_alive()):
            _stop(worker)
            pool.remove(worker)
    while len(pool) < size:
        pool.append(start())
    yield from (worker for worker in pool if worker.job is None)


def _collect(pool: list[_Worker[Item]], ready: dict[int, Any], limits: Limits) -> None:
    """Wait for a busy worker to answer, die or run out of time; put what came in `ready`."""
    busy = [worker for worker in pool if worker.job is not None]
    if not busy:
        return
    now = time.monotonic()
    timeout = max(0.0, min(worker.started + limits.seconds for worker in busy) - now)
    waiting: list[Any] = [worker.connection for worker in busy] + [worker.process.sentinel for worker in busy]
    wait(waiting, timeout=timeout)
    for worker in busy:
        assert worker.job is not None
        index = worker.job[0]
        if worker.connection.poll():
            try:
                answer_index, answer, retire = worker.connection.recv()
            except (EOFError, OSError):  # died while answering
                ready[index] = Stopped(_death(worker, limits))
                _replace(worker, pool)
                continue
            assert answer_index == index
            ready[index] = answer
            worker.job, worker.done = None, worker.done + 1
            if retire:
                _replace(worker, pool)
        elif not worker.process.is_alive():
            ready[index] = Stopped(_death(worker, limits))
            _replace(worker, pool)
        elif time.monotonic() - worker.started > limits.seconds:
            ready[index] = Stopped(
                f"reading took over {limits.seconds:.0f} s and was stopped (limit: MINUTEBOOK_READ_SECONDS)"
            )
            _replace(worker, pool)


def _replace(worker: _Worker[Item], pool: list[_Worker[Item]]) -> None:
    """Kill `worker` and drop it from the pool; the next round starts another."""
    _stop(worker)
    pool.remove(worker)


def _stop(worker: _Worker[Item]) -> None:
    if worker.process.is_alive():
        worker.process.kill()
    worker.process.join(5)
    worker.connection.close()


def _death(worker: _Worker[Item], limits: Limits) -> str:
    """Why a worker died, in words, from its exit status."""
    worker.process.join(5)
    code = worker.process.exitcode
    if code is None or code >= 0:
        return f"the reader process ended unexpectedly (exit status {code})"
    number = -code
    if number == signal.SIGXCPU:
        return (
            f"reading used over {limits.cpu_seconds} s of CPU and was stopped "
            "(limit: MINUTEBOOK_READ_CPU_SECONDS)"
        )
    name = signal.Signals(number).name if number in signal.valid_signals() else f"signal {number}"
    if number == signal.SIGKILL:
        return f"the reader process was killed ({name}; out of memory?)"
    if number in (signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS):  # C code failing an allocation
        return (
            f"the reader process crashed ({name}; over its {limits.memory_mb} MB memory limit, "
            "MINUTEBOOK_READ_MEMORY_MB?)"
        )
    return f"the reader process crashed ({name})"


# --- in the worker -------------------------------------------------------------------------


def _serve(
    connection: Connection, func: Callable[[Any], Any], limits: Limits, inherited: list[Connection]
) -> None:
    """A worker's life: read what the main process sends, one item at a time, until told to stop
    or the main process is gone. Each answer says whether the worker should be retired: a heap
    that failed an allocation is not trusted with the next file."""
    for other in inherited:
        other.close()
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    faulthandler.disable()  # a crash is the main process's one line to report, not a dump here
    _limit_memory(limits.memory_mb)
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        index, item = job
        _limit_cpu(limits.cpu_seconds)
        try:
            connection.send((index, func(item), False))
        except MemoryError:  # what failed is freed as the stack unwinds
            message = (
                f"reading needed over {limits.memory_mb} MB of memory and was stopped "
                "(limit: MINUTEBOOK_READ_MEMORY_MB)"
            )
            connection.send((index, Stopped(message), True))
        except Exception as error:  # func should not raise; if it does, its file fails alone
            connection.send((index, Stopped(f"could not read: {type(error).__name__}: {error}"), False))


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the process that started it dies, however it dies
    (kill -9 included); elsewhere the closed pipe alone ends the worker."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:  # the parent died before the request was made
        os._exit(0)


PR_SET_PDEATHSIG = 1


def _limit_memory(memory_mb: int) -> None:
    """Address space: what this process maps now, plus `memory_mb`. Only the soft limit, so a
    reader's own child (tesseract) can be given a limit of its own."""
    with open("/proc/self/statm") as statm:
        mapped = int(statm.read().split()[0]) * resource.getpagesize()
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    soft = mapped + (memory_mb << 20)
    resource.setrlimit(
        resource.RLIMIT_AS, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard)
    )


def _limit_cpu(cpu_seconds: int) -> None:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = int(usage.ru_utime + usage.ru_stime) + cpu_seconds + 1
    resource.setrlimit(
        resource.RLIMIT_CPU, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard)
    )

"""Robustness: every reader, fed mutated and truncated corpus files, reads them or fails cleanly.

"Cleanly" means a MinutebookError whose message is one line naming the source, within a time
limit: no other exception, no hang. Hypothesis chooses the file and the damage; the number
of examples keeps this file to about 20 seconds on two cores.
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutebook.errors import MinutebookError
from minutebook.read.detect import read_bytes, readers

T = TypeVar("T")
TIME_LIMIT = 10.0  # seconds for one document: far above what any corpus file takes (< 0.3 s)
NAME = "fuzzed-source"
FUZZ = settings(
    max_examples=600,
    deadline=None,
    database=None,
    derandomize=True,  # the same examples on every run: a failure here is reproducible
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def sources(corpus_dir: Path) -> list[bytes]:
    paths = sorted(p for p in corpus_dir.iterdir() if p.suffix in {".xml", ".pdf", ".html", ".txt", ".md"})
    paths = [p for p in paths if p.name != "SOURCES.md"]
    assert len(paths) >= 30
    return [p.read_bytes() for p in paths]


def within(seconds: float, call: Callable[[], T]) -> T:
    """Run `call` in a worker thread; fail the test if it has not finished in time (a hang)."""
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    try:
        return pool.submit(call).result(timeout=seconds)
    except concurrent.futures.TimeoutError:
        pytest.fail(f"reading took over {seconds} s: a hang")
    finally:
        pool.shutdown(wait=False)


@st.composite
def damaged(draw: st.DrawFn, originals: list[bytes]) -> bytes:
    data = bytearray(draw(st.sampled_from(originals)))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["truncate", "flip", "insert", "delete", "repeat", "entity"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "truncate":
            del data[at:]
        elif kind == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 4096))]
        elif kind == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 2048))] * draw(st.integers(2, 50))
        elif kind == "entity":
            data[at:at] = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>&b;'
    return bytes(data)


def check_failure(error: MinutebookError) -> None:
    message = str(error)
    assert "\n" not in message, message
    assert message.startswith(f"{NAME}: "), message
    assert len(message) < 300, message


def test_damaged_sources_read_or_fail_cleanly(sources: list[bytes]) -> None:
    @FUZZ
    @given(data=damaged(sources))
    def run(data: bytes) -> None:
        try:
            doc = within(TIME_LIMIT, lambda: read_bytes(data, NAME))
        except MinutebookError as error:
            check_failure(error)
        else:
            assert all(line.number >= 1 for line in doc.lines)

    run()


def test_every_reader_fails_cleanly_on_any_format(sources: list[bytes]) -> None:
    """Each reader, given any damaged source (whatever its format), reads it or says why not."""
    # Cut to 16 KiB: the point is every reader meeting every format, not large inputs.
    heads = [source[:16384] for source in sources]

    @settings(FUZZ, max_examples=1200)  # small inputs: more of them in the same time
    @given(data=damaged(heads), reader=st.sampled_from(readers()))
    def run(data: bytes, reader: object) -> None:
        try:
            within(TIME_LIMIT, lambda: reader.read(data, NAME, "0" * 64))
        except MinutebookError as error:
            check_failure(error)

    run()

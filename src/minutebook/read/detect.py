"""Choose a reader for some bytes and run it: the one entry point to `read`.

Every reader module exposes `READER`, a `Reader`. Detection asks each reader how sure it is
that the bytes are its format (content first, the file name's extension only as a tie-break)
and uses the surest. The checks every source gets — empty, too large, binary, undecodable —
happen here, once, before any reader runs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from minutebook.errors import ReadError
from minutebook.read.document import Document

DEFAULT_SIZE_LIMIT = 50 * 1024 * 1024


@dataclass(frozen=True)
class Reader:
    format: str
    # How sure (0-100) the reader is that `head` (the first 64 KiB) in a file called `name`
    # is its format. 0 means never.
    sniff: Callable[[bytes, str], int]
    # Read the whole source; raise ReadError for what it cannot read.
    read: Callable[[bytes, str, str], Document]  # (data, name, sha256)


def readers() -> list[Reader]:
    # Imported here so that each reader module can import from `read` without a cycle.
    from minutebook.read import (
        docx,
        html,
        legacy_word,
        legistar,
        moderngov_html,
        moderngov_text,
        moderngov_xml,
        odt,
        pdf,
        plain,
    )

    return [
        moderngov_text.READER,
        moderngov_xml.READER,
        moderngov_html.READER,
        pdf.READER,
        docx.READER,
        odt.READER,
        legacy_word.DOC_READER,
        legacy_word.RTF_READER,
        legistar.READER,
        html.READER,
        plain.READER,
    ]


def read_bytes(data: bytes, name: str, *, size_limit: int = DEFAULT_SIZE_LIMIT) -> Document:
    """Read one source's bytes into a Document, or raise ReadError saying why not."""
    if not data:
        raise ReadError(name, "file is empty")
    if len(data) > size_limit:
        raise ReadError(
            name, f"file is {len(data) / 2**20:.1f} MB, over the {size_limit / 2**20:.0f} MB limit"
        )
    head = data[:65536]
    scored = sorted(
        ((r.sniff(head, name), i, r) for i, r in enumerate(readers())), key=lambda t: (-t[0], t[1])
    )
    score, _, reader = scored[0]
    if score <= 0:
        raise ReadError(name, "not a document minutebook can read (binary or unknown format)")
    return reader.read(data, name, hashlib.sha256(data).hexdigest())


def read_path(path: str | Path, *, size_limit: int = DEFAULT_SIZE_LIMIT) -> Document:
    """Read a file; its size is checked before its bytes are loaded."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > size_limit:
            raise ReadError(
                str(path), f"file is {size / 2**20:.1f} MB, over the {size_limit / 2**20:.0f} MB limit"
            )
        data = path.read_bytes()
    except OSError as error:
        raise ReadError(str(path), error.strerror or str(error)) from None
    return read_bytes(data, str(path), size_limit=size_limit)

"""Documents clerks upload, held between the preview and the click that publishes them.

An upload is written, within the size limit ingest applies, to a folder of its own
(MINUTEBOOK_UPLOAD_DIR, else `minutebook-uploads` in the system's temporary folder) under a name
made of its SHA-256 and its own file name made safe; it is read exactly as ingest reads a file
(`ingest.read_sources`: a worker process with memory, CPU and time limits), so a hostile upload
costs only its own request.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import Protocol

from minutebook.errors import MinutebookError
from minutebook.ingest import Parsed, read_sources

_HELD = re.compile(r"^[0-9a-f]{16}-[A-Za-z0-9._-]{1,120}$")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
CHUNK = 1 << 20


class Readable(Protocol):
    filename: str | None

    async def read(self, size: int = -1) -> bytes: ...


def folder() -> Path:
    path = Path(os.environ.get("MINUTEBOOK_UPLOAD_DIR") or Path(tempfile.gettempdir()) / "minutebook-uploads")
    path.mkdir(parents=True, exist_ok=True)
    return path


async def keep(file: Readable, size_limit: int) -> Path:
    """Write the upload to the folder; a MinutebookError if it is larger than `size_limit`."""
    name = _UNSAFE.sub("-", Path(file.filename or "upload").name).strip(".-")[:120] or "upload"
    digest, chunks, size = hashlib.sha256(), [], 0
    while chunk := await file.read(CHUNK):
        size += len(chunk)
        if size > size_limit:
            raise MinutebookError(f"{name}: larger than {size_limit >> 20} MB, the limit for one document")
        digest.update(chunk)
        chunks.append(chunk)
    if not size:
        raise MinutebookError(f"{name}: the file is empty")
    path = folder() / f"{digest.hexdigest()[:16]}-{name}"
    path.write_bytes(b"".join(chunks))
    return path


def held(name: str) -> Path:
    """The held upload called `name` (as the preview's form gives it back), or a one-line error."""
    path = folder() / name
    if not _HELD.match(name) or not path.is_file():
        raise MinutebookError("that upload is no longer held: upload the document again")
    return path


def read(path: Path, given: dict[str, str]) -> Parsed:
    """Read a held upload as ingest reads a file, under the same limits; the source is named by
    the file name the clerk uploaded, not where it was held."""
    [parsed] = read_sources([path], path.stat().st_size + 1, workers=1, given=given or None)
    if parsed.as_dict is not None:
        parsed.as_dict["source"]["name"] = path.name.split("-", 1)[1]
    return parsed

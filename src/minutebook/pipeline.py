"""The pipeline, one stage after another: read -> parse -> extract (-> store -> refresh, in
`minutebook.ingest`). Every caller that wants a document's whole record — `minutebook parse`,
ingest, harvest, the demo — comes through here, so they all read a document the same way.
"""

from __future__ import annotations

import json
from pathlib import Path

from minutebook.extract import extract
from minutebook.parse import parse
from minutebook.read.detect import DEFAULT_SIZE_LIMIT, read_path
from minutebook.read.document import Document
from minutebook.record import MeetingRecord

__all__ = ["parse_document", "read_meeting"]


HEADER_FIELDS = ("body", "date", "council", "title", "time", "venue", "minutes_status")


def parse_document(doc: Document, given: dict[str, str] | None = None) -> MeetingRecord:
    """The whole record of `doc`: its structure (parse), then its facts (extract). `given` header
    fields (from the command line) stand over what the document says."""
    return extract(parse(doc, given))


def read_meeting(
    path: Path, size_limit: int = DEFAULT_SIZE_LIMIT, given: dict[str, str] | None = None
) -> MeetingRecord:
    """Read the file at `path` and give its whole record. A sidecar `NAME.meta.json` beside it
    (what a harvest knows of the meeting: body, date, council, title...) is taken as the reader's
    hints, over what the text says; `given` stands over both."""
    doc = read_path(path, size_limit=size_limit)
    doc.hints.update(sidecar(path))
    return parse_document(doc, given)


def sidecar(path: Path) -> dict[str, str]:
    """The header fields of `NAME.meta.json` (or `NAME.<ext>.meta.json`) beside `path`; {} if none."""
    for meta in (path.with_name(f"{path.stem}.meta.json"), path.with_name(f"{path.name}.meta.json")):
        if meta != path and meta.is_file():
            try:
                data = json.loads(meta.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return {}
            if isinstance(data, dict):
                return {k: str(v) for k, v in data.items() if k in HEADER_FIELDS and v}
    return {}

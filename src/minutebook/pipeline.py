"""The pipeline, one stage after another: read -> parse -> extract (-> store -> refresh, in
`minutebook.ingest`). Every caller that wants a document's whole record — `minutebook parse`,
ingest, harvest, the demo — comes through here, so they all read a document the same way.
"""

from __future__ import annotations

from pathlib import Path

from minutebook.extract import extract
from minutebook.parse import parse
from minutebook.read.detect import DEFAULT_SIZE_LIMIT, read_path
from minutebook.read.document import Document
from minutebook.record import MeetingRecord

__all__ = ["parse_document", "read_meeting"]


def parse_document(doc: Document) -> MeetingRecord:
    """The whole record of `doc`: its structure (parse), then its facts (extract)."""
    return extract(parse(doc))


def read_meeting(path: Path, size_limit: int = DEFAULT_SIZE_LIMIT) -> MeetingRecord:
    """Read the file at `path` and give its whole record."""
    return parse_document(read_path(path, size_limit=size_limit))

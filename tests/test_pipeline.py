"""The pipeline runs read -> parse -> extract, and parse knows nothing of extract."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from minutebook.extract import extract
from minutebook.parse import parse
from minutebook.pipeline import parse_document, read_meeting
from minutebook.read.detect import read_path


def test_parse_imports_nothing_of_extract() -> None:
    code = (
        "import sys, minutebook.parse, minutebook.read.detect\n"
        "assert not [m for m in sys.modules if m.startswith('minutebook.extract')], 'parse imported extract'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_parse_gives_the_structure_and_extract_the_facts(seeds_dir: Path) -> None:
    path = seeds_dir / "rotherham-commissioners-public-meeting-2016-03-16.txt"
    parsed = parse(read_path(path))
    assert parsed.record.items and not parsed.record.people
    assert not any(item.decisions for item in parsed.record.items)
    record = extract(parsed)
    assert record.people
    assert read_meeting(path).to_dict() == parse_document(read_path(path)).to_dict() == record.to_dict()


def test_a_record_says_what_was_not_found() -> None:
    from minutebook.read.detect import read_bytes

    text = "X Parish Council\n\nMinutes of the meeting held on 2 December 2025\n\nThe chair opened it.\n"
    record = parse_document(read_bytes(text.encode(), "m.txt"))
    assert any(w.startswith("no agenda items found") for w in record.warnings)
    assert any(w.startswith("no attendance found") for w in record.warnings)

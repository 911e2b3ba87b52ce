"""The source page's lines: what the facts' line numbers cite, for text, PDF and Word sources."""

from __future__ import annotations

from pathlib import Path

import docx

from minutebook.read.detect import read_path
from minutebook.store.browse import source_lines


def test_a_word_source_shows_the_lines_its_facts_cite(tmp_path: Path) -> None:
    path = tmp_path / "minutes.docx"
    document = docx.Document()
    for text in ("Minutes of the Parish Council, 2 May 2024", "1. Apologies", "None were received."):
        document.add_paragraph(text)
    document.save(path)
    shown = source_lines(path.read_bytes(), path.name)
    assert shown["lines"] == [line.text for line in read_path(path).lines]
    assert shown["lines"][shown["lines"].index("1. Apologies") + 2] == "None were received."
    assert shown["pages"] is None

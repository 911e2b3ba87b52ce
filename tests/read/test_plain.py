"""The plain-text fallback reader: Markdown and text files of the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from minutebook.read import plain
from minutebook.read.detect import read_path


@pytest.mark.parametrize(
    "name", ["stoke-ferry-parish-council-2013-07-10.md", "hastings-nz-district-council-2019-01-31.txt"]
)
def test_corpus_text_is_read_as_plain_text(corpus_dir: Path, name: str) -> None:
    document = read_path(corpus_dir / name)
    assert document.format == "plain-text"
    assert document.lines[0].number == 1
    assert len(document.lines) == len((corpus_dir / name).read_text(encoding="utf-8").splitlines())


def test_plain_claims_any_text_but_low() -> None:
    assert 0 < plain.READER.sniff(b"Anything at all", "notes") < 20


def test_plain_refuses_binary() -> None:
    assert plain.READER.sniff(b"\x89PNG\r\n\x1a\n\x00\x00", "image.png") == 0

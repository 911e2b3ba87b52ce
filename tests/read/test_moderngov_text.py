"""The ModernGov copied-text reader on the seed pages and on bytes that are not text."""

from __future__ import annotations

from pathlib import Path

import pytest

from minutebook.errors import ReadError
from minutebook.read import moderngov_text, plain
from minutebook.read.detect import read_bytes, read_path

COMMISSIONERS = "rotherham-commissioners-public-meeting-2016-03-16.txt"
IMPROVING_LIVES = "rotherham-improving-lives-select-commission-2013-07-10.txt"


@pytest.mark.parametrize("name", [COMMISSIONERS, IMPROVING_LIVES])
def test_seed_pages_are_read_as_moderngov_text(seeds_dir: Path, name: str) -> None:
    document = read_path(seeds_dir / name)
    assert document.format == "moderngov-text"
    assert len(document.lines) == len((seeds_dir / name).read_text(encoding="utf-8").splitlines())


def test_line_numbers_are_the_source_lines(seeds_dir: Path) -> None:
    document = read_path(seeds_dir / COMMISSIONERS)
    raw = (seeds_dir / COMMISSIONERS).read_text(encoding="utf-8").splitlines()
    header = next(line for line in document.lines if "Wednesday 16 March 2016" in line.text)
    assert "Wednesday 16 March 2016" in raw[header.number - 1]


def test_layout_artefacts_are_made_plain(seeds_dir: Path) -> None:
    document = read_path(seeds_dir / COMMISSIONERS)
    text = document.text
    assert "\u00a0" in (seeds_dir / COMMISSIONERS).read_text(encoding="utf-8")
    assert "\u00a0" not in text and "\u2019" not in text
    assert "party's progress" in text
    # A line of non-breaking spaces is a blank line.
    assert any(line.text == "" for line in document.lines[20:30])


def test_sniff_prefers_moderngov_text_over_plain(seeds_dir: Path) -> None:
    head = (seeds_dir / IMPROVING_LIVES).read_bytes()[:65536]
    assert moderngov_text.READER.sniff(head, IMPROVING_LIVES) > plain.READER.sniff(head, IMPROVING_LIVES) > 0


def test_sniff_ignores_text_without_moderngov_markers() -> None:
    assert moderngov_text.READER.sniff(b"Minutes of the Parish Council held on 1 May 2020", "x.txt") == 0


def test_utf8_with_bom_is_read() -> None:
    data = "\ufeffAgenda and minutes\n\nMinutes:\n\nCllr Read\u2019s report".encode()
    document = read_bytes(data, "bom.txt")
    assert document.lines[0].text == "Agenda and minutes"
    assert document.lines[4].text == "Cllr Read's report"


def test_cp1252_is_read_when_it_clearly_is() -> None:
    data = "Minutes:\n\nThe Council\u2019s budget of \u00a350k".encode("cp1252")
    document = read_bytes(data, "old.txt")
    assert document.lines[2].text == "The Council's budget of \u00a350k"


def test_binary_is_refused_in_one_line() -> None:
    with pytest.raises(ReadError, match=r"^blob\.bin: not a document minutebook can read"):
        read_bytes(b"\x00\x01\x02PK\x03\x04" * 100, "blob.bin")


def test_undecodable_text_is_refused() -> None:
    with pytest.raises(ReadError, match=r"^bad\.txt: not UTF-8 text"):
        moderngov_text.read(b"Minutes:\n\x81\x8d\x8f\x90\x9d", "bad.txt", "0")

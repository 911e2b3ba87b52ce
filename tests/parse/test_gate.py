"""Gated patterns find exactly what their patterns find, on real minutes and on awkward letters."""

from __future__ import annotations

import re
from pathlib import Path

from minutebook.extract import decisions, names
from minutebook.parse import lines
from minutebook.parse.gate import Gated, fold
from minutebook.read.detect import read_path


def _gated() -> list[Gated]:
    found = [v for module in (decisions, lines, names) for v in vars(module).values() if isinstance(v, Gated)]
    assert len(found) >= 6
    return found


def test_gates_change_no_match_on_real_minutes(seeds_dir: Path, corpus_dir: Path) -> None:
    texts = [
        line.text
        for path in [*seeds_dir.glob("*.txt"), *corpus_dir.glob("*.md"), *corpus_dir.glob("*.txt")]
        for line in read_path(path).lines
    ]
    for gated in _gated():
        hits = [text for text in texts if gated.pattern.search(text)]
        assert [text for text in texts if gated.search(text)] == hits
        assert [gated.sub("", text) for text in hits] == [gated.pattern.sub("", text) for text in hits]


def test_gates_see_what_ignorecase_sees() -> None:
    # re.IGNORECASE matches "ı", "İ" and "ſ" to "i" and "s"; the gate must let those through too.
    carried = Gated(re.compile(r"\bcarried\b", re.I), ("carried",))
    for text in ("Motion CARRİED", "motion carrıed", "Motion Carried"):
        assert carried.search(text), text
    passed = Gated(re.compile(r"\bpassed\b", re.I), ("passed",))
    assert passed.search("Motion paſſed")
    assert fold("İ") == "i"


def test_gate_refuses_text_without_its_words() -> None:
    gated = Gated(re.compile(r"\w+"), ("resolved",))
    assert gated.search("nothing decided here") is None
    assert list(gated.finditer("nothing decided here")) == []
    assert gated.search("it was resolved") is not None

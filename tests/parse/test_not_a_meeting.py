"""Files that hold no meeting are refused with NotAMeeting (ingest skips them); meetings still parse."""

from __future__ import annotations

from pathlib import Path

import pytest

from minutebook.errors import NotAMeeting
from minutebook.pipeline import parse_document
from minutebook.read.detect import read_bytes, read_path
from minutebook.read.document import Document, Line


def _not_meetings(seeds_dir: Path, corpus_dir: Path) -> list[Path]:
    return [
        seeds_dir / "README.md",
        corpus_dir / "SOURCES.md",
        *seeds_dir.glob("*.expected.json"),
        *corpus_dir.glob("*.expected.json"),
        *corpus_dir.glob("*getcommittees*.xml"),
        *corpus_dir.glob("*getmeetings-*.xml"),
        *corpus_dir.glob("*getcouncillorsbyward*.xml"),
        *corpus_dir.glob("*getattachment*.xml"),
        *corpus_dir.glob("*cancelled*.xml"),
    ]


def test_files_without_a_meeting_are_refused(seeds_dir: Path, corpus_dir: Path) -> None:
    files = _not_meetings(seeds_dir, corpus_dir)
    assert len(files) >= 20
    for path in files:
        with pytest.raises(NotAMeeting) as refused:
            parse_document(read_path(path))
        assert str(path) in str(refused.value) and "\n" not in str(refused.value)


def test_every_meeting_of_the_corpus_still_parses(seeds_dir: Path, corpus_dir: Path) -> None:
    refused = set(_not_meetings(seeds_dir, corpus_dir))
    meetings = [p for p in [*seeds_dir.iterdir(), *corpus_dir.iterdir()] if p not in refused]
    assert len(meetings) >= 25
    for path in meetings:
        assert parse_document(read_path(path)).date, path


def test_json_and_yaml_data_are_not_meetings() -> None:
    with pytest.raises(NotAMeeting, match="JSON"):
        parse_document(read_bytes(b'[{"date": "2016-03-16", "body": "Cabinet - 16 March 2016"}]', "m.txt"))
    yaml = b"meeting:\n  body: Cabinet - Wednesday 16 March 2016\n  items:\n    - Apologies\n"
    with pytest.raises(NotAMeeting, match="YAML"):
        parse_document(read_bytes(yaml, "m.yaml"))


@pytest.mark.parametrize(
    "line",
    [
        "| cabinet-2016-03-16.txt | the cabinet's minutes |",
        "Cabinet minutes are in cabinet-2016-03-16.txt",
        "See minutes_16 March 2016.pdf for the Cabinet",
        'The page header names the body and date ("Cabinet - Wednesday 21 November 2012").',
    ],
)
def test_a_date_in_a_file_name_or_table_row_is_no_header(line: str) -> None:
    document = Document(name="notes.md", sha256="0" * 64, format="plain-text", lines=[Line(line, 1)])
    with pytest.raises(NotAMeeting, match="no meeting header"):
        parse_document(document)


def test_a_heading_with_a_date_is_a_header() -> None:
    lines = [Line("Cabinet - Wednesday 16 March 2016 10.00 a.m.", 1), Line("1. Apologies", 3)]
    record = parse_document(Document(name="m.txt", sha256="0" * 64, format="plain-text", lines=lines))
    assert (record.body, record.date) == ("Cabinet", "2016-03-16")


MINUTES_WITHOUT_HEADING = (
    "Present: Troy Daniels, Kevin Smith\n\n"
    "Sewer Extension: Motion by Troy, seconded by Kevin, to approve the plans. Vote taken was unanimous.\n\n"
    "Adjournment - motion to adjourn, seconded, unanimous.\n"
)


def test_minutes_without_a_heading_are_kept_with_their_date_from_the_file_name() -> None:
    record = parse_document(read_bytes(MINUTES_WITHOUT_HEADING.encode(), "sewer-commission-20140604.txt"))
    assert (record.date, record.body) == ("2014-06-04", None)
    assert any("file name" in w for w in record.warnings) and any("no body" in w for w in record.warnings)
    undated = parse_document(read_bytes(MINUTES_WITHOUT_HEADING.encode(), "sewer.txt"))
    assert undated.date is None and any("no meeting date" in w for w in undated.warnings)


def test_a_sidecar_and_the_command_line_give_what_the_document_lacks(tmp_path: Path) -> None:
    from minutebook.pipeline import read_meeting

    path = tmp_path / "sewer.txt"
    path.write_text(MINUTES_WITHOUT_HEADING)
    (tmp_path / "sewer.meta.json").write_text('{"body": "Sewer Commission", "date": "2014-06-04"}')
    record = read_meeting(path)
    assert (record.body, record.date) == ("Sewer Commission", "2014-06-04")
    record = read_meeting(path, given={"date": "2014-06-05", "council": "Town of Lunenburg"})
    assert (record.body, record.date, record.council) == (
        "Sewer Commission",
        "2014-06-05",
        "Town of Lunenburg",
    )


@pytest.mark.parametrize(
    ("text", "status"),
    [
        (
            "PUBLIC NOTICE\n\nA Meeting of X Parish Council will be held on 2 December 2025.\n\nAGENDA\n\n"
            "1. To receive apologies\n\n2. Roll call\n",
            "none",
        ),
        (
            "X Parish Council\n\nMeeting held on 2 December 2025\n\nPresent: Cllr A Smith, Cllr B Jones\n\n"
            "1. Apologies\n\nProposed by Cllr Smith, seconded by Cllr Jones.\n",
            "unknown",
        ),
        (
            "X Board\n\nMeeting of 28 August 2024\n\n1. Call to order\n\n"
            "MINUTES APPROVED ON: December 11, 2024\n",
            "approved",
        ),
    ],
)
def test_agendas_are_told_from_minutes(text: str, status: str) -> None:
    assert parse_document(read_bytes(text.encode(), "m.txt")).minutes_status == status

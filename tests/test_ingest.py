"""Ingest: folders of real documents into the database, idempotently, one bad file at a time."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy
from sqlalchemy import func, select

from minutebook.ingest import IngestReport, ingest
from minutebook.store import schema as t


def snapshot(engine: sqlalchemy.Engine) -> dict[str, list[tuple]]:
    """Every row of every table, sorted: equal snapshots mean equal databases."""
    with engine.connect() as connection:
        return {
            table.name: sorted(tuple(repr(v) for v in row) for row in connection.execute(select(table)))
            for table in t.metadata.sorted_tables
        }


def counts(report: IngestReport) -> tuple[int, int, int, int, int]:
    return report.read, report.new, report.updated, report.unchanged, len(report.failed)


def test_ingesting_the_seeds_twice_gives_the_same_database(
    engine: sqlalchemy.Engine, seed_files: list[Path]
) -> None:
    first = ingest(engine, seed_files, workers=1)
    assert counts(first) == (2, 2, 0, 0, 0)
    before = snapshot(engine)
    assert len(before["meetings"]) == 2 and before["paragraphs"]
    again = ingest(engine, seed_files, workers=1)
    assert counts(again) == (2, 0, 0, 2, 0)
    assert snapshot(engine) == before


def test_bad_files_fail_alone_and_leave_the_database_untouched(
    engine: sqlalchemy.Engine, seed_files: list[Path], tmp_path: Path
) -> None:
    bad = {
        "empty.txt": b"",
        "binary.bin": bytes(range(256)) * 8,
        "latin1.txt": "Caf\xe9 minutes".encode("latin-1") + b"\x00\xff\xfe" * 50,
        "notes.txt": b"Shopping list\nmilk\neggs\n",
        "big.txt": seed_files[0].read_bytes() * 3,
    }
    folder = tmp_path / "bad"
    folder.mkdir()
    for name, data in bad.items():
        (folder / name).write_bytes(data)
    limit = len(seed_files[0].read_bytes()) * 2  # the seeds fit, big.txt does not
    report = ingest(engine, [folder, *seed_files, folder / "missing.txt"], size_limit=limit, workers=1)
    failed = {Path(p.name).name: p.reason for p in report.failed}
    assert set(failed) == {*bad, "missing.txt"} - {"notes.txt"}
    assert [Path(p.name).name for p in report.skipped] == ["notes.txt"]  # text, but not a meeting
    assert "empty" in failed["empty.txt"]
    assert "limit" in failed["big.txt"]
    assert "no such file" in failed["missing.txt"]
    assert all(reason and "\n" not in reason for reason in failed.values())
    assert counts(report) == (8, 2, 0, 0, 5) and not report.ok
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(t.sources)) == 2
        assert connection.scalar(select(func.count()).select_from(t.meetings)) == 2


def test_the_same_meeting_twice_in_a_batch_is_stored_once(
    engine: sqlalchemy.Engine, seed_files: list[Path], tmp_path: Path
) -> None:
    copy = tmp_path / "copy.txt"
    shutil.copy(seed_files[0], copy)
    copy.write_bytes(copy.read_bytes() + b"\n")  # other bytes, same meeting
    report = ingest(engine, [seed_files[0], copy], workers=1)
    assert counts(report) == (2, 1, 0, 0, 0)
    assert [Path(p.name).name for p in report.skipped] == ["copy.txt"]
    again = ingest(engine, [seed_files[0], copy], workers=1)
    assert counts(again) == (2, 0, 0, 1, 0)


def test_a_changed_file_updates_its_meeting(
    engine: sqlalchemy.Engine, seed_files: list[Path], tmp_path: Path
) -> None:
    path = tmp_path / "meeting.txt"
    text = seed_files[1].read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    ingest(engine, [path], workers=1)
    path.write_text(text.replace("Exploitation", "Exploitation and Abuse", 1), encoding="utf-8")
    assert counts(ingest(engine, [path], workers=1)) == (1, 0, 1, 0, 0)
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(t.sources)) == 2
        assert connection.scalar(select(func.count()).select_from(t.meetings)) == 1


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_process_pool_stores_what_one_process_stores(
    database_url: str, corpus_dir: Path, seeds_dir: Path, tmp_path: Path
) -> None:
    from minutebook.store import migrate, open_engine

    serial, pooled = open_engine(database_url), open_engine(f"sqlite:///{tmp_path / 'pooled.db'}")
    migrate(pooled)
    files = sorted(corpus_dir.glob("*.md")) + sorted(seeds_dir.glob("*.txt"))
    assert len(files) >= 16  # enough for the pool to be used
    one, many = ingest(serial, files, workers=1), ingest(pooled, files, workers=2)
    assert counts(one) == counts(many) and one.new > 10
    assert one.skipped == many.skipped and one.failed == many.failed
    left, right = snapshot(serial), snapshot(pooled)
    del left["sources"], right["sources"]  # read_at differs
    assert left == right

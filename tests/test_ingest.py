"""Ingest: folders of real documents into the database, idempotently, one bad file at a time."""

from __future__ import annotations

import importlib
import multiprocessing
import os
import shutil
from pathlib import Path

import pytest
import sqlalchemy
from sqlalchemy import func, select

from minutebook import ingest as ingest_module
from minutebook.ingest import IngestReport, ingest, read_source
from minutebook.sample import generate_council
from minutebook.store import open_engine
from minutebook.store import schema as t

save_module = importlib.import_module("minutebook.store.save")  # `minutebook.store.save` is also a function


# The search index's bookkeeping (a token naming each database and the version each batch gave
# the index) and the registers' marker (a count of writing batches): they differ with how a run
# was batched, not with what it stored.
BOOKKEEPING = {"search_index_state", "search_index_changes", "registers_state"}


def snapshot(engine: sqlalchemy.Engine) -> dict[str, list[tuple]]:
    """Every row of every table, sorted: equal snapshots mean equal databases."""
    with engine.connect() as connection:
        return {
            table.name: sorted(tuple(repr(v) for v in row) for row in connection.execute(select(table)))
            for table in t.metadata.sorted_tables
            if table.name not in BOOKKEEPING
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


def test_full_council_meetings_of_three_councils_are_three_bodies(
    engine: sqlalchemy.Engine, corpus_dir: Path
) -> None:
    """Hastings (NZ), Wairoa (NZ) and London (Ontario) each call their full meeting "Council"."""
    files = [
        corpus_dir / f"{name}.txt"
        for name in ("hastings-nz-district-council-2019-01-31", "wairoa-nz-district-council-2019-02-05")
    ]
    files.append(corpus_dir / "london-on-special-council-2025-03-25.md")
    assert counts(ingest(engine, files, workers=1)) == (3, 3, 0, 0, 0)
    with engine.connect() as connection:
        bodies = connection.execute(
            select(t.bodies.c.slug, t.bodies.c.council)
            .where(t.bodies.c.name == "Council")
            .order_by(t.bodies.c.slug)
        ).all()
    # London's pages do not name their council: its body stays keyed by name alone.
    assert bodies == [
        ("council", None),
        ("hastings-district-council/council", "Hastings District Council"),
        ("wairoa-district-council/council", "Wairoa District Council"),
    ]
    before = snapshot(engine)
    assert counts(ingest(engine, files, workers=1)) == (3, 0, 0, 3, 0)
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
    for side in (left, right):  # and when a council's name was learnt (its last column, made_at)
        side["council_aliases"] = [row[:-1] for row in side["council_aliases"]]
    assert left == right


# --- Batches: several meetings a transaction, each still all or nothing ----------------------


@pytest.fixture
def pages(tmp_path: Path) -> list[Path]:
    """Ten generated meeting pages, in the order ingest reads them."""
    return sorted(generate_council(tmp_path / "pages", meetings=10, seed=3))


def meeting_ids(engine: sqlalchemy.Engine) -> set[str]:
    with engine.connect() as connection:
        return set(connection.scalars(select(t.meetings.c.id)))


def assert_only_whole_meetings(engine: sqlalchemy.Engine) -> None:
    """Every row below a meeting belongs to a stored meeting, and each stored meeting has as many
    paragraph and search rows as its record says."""
    stored = meeting_ids(engine)
    with engine.connect() as connection:
        for table in t.MEETING_TABLES[:-1]:
            assert set(connection.scalars(select(table.c.meeting_id).distinct())) <= stored, table.name
        for meeting_id, record in connection.execute(select(t.meetings.c.id, t.meetings.c.record)):
            items = record["items"]
            searchable = sum(1 + len(i["minutes"]) + len(i["decisions"]) + len(i["actions"]) for i in items)
            for table, expected in (
                (t.paragraphs, sum(len(i["minutes"]) for i in items)),
                (t.search_entries, searchable),
            ):
                query = select(func.count()).select_from(table).where(table.c.meeting_id == meeting_id)
                assert connection.scalar(query) == expected, (meeting_id, table.name)


def test_a_meeting_failing_to_store_in_mid_batch_fails_alone(
    engine: sqlalchemy.Engine, pages: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    rows_for = save_module.meeting_rows
    bad_id = read_source(pages[4]).record.id  # type: ignore[union-attr]

    def breaking_one(record: dict, **ids: object) -> dict[str, list[dict]]:
        rows = rows_for(record, **ids)  # type: ignore[arg-type]
        if record["id"] == bad_id:
            rows["paragraphs"][-1]["text"] = None  # NOT NULL: fails after the meeting's other rows
        return rows

    monkeypatch.setattr(save_module, "meeting_rows", breaking_one)
    monkeypatch.setattr(ingest_module, "BATCH_SECONDS", 600.0)  # all ten in one batch
    report = ingest(engine, pages, workers=1)
    assert counts(report) == (10, 9, 0, 0, 1)
    assert report.failed[0].name == str(pages[4]) and f"could not store {bad_id}" in report.failed[0].reason
    assert bad_id not in meeting_ids(engine) and len(meeting_ids(engine)) == 9
    assert_only_whole_meetings(engine)
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(t.sources)) == 9

    monkeypatch.undo()
    before = snapshot(engine)
    again = ingest(engine, pages, workers=1)
    assert counts(again) == (10, 1, 0, 9, 0)
    after = snapshot(engine)
    assert all(set(before[name]) <= set(after[name]) for name in before)  # nothing else changed
    assert counts(ingest(engine, pages, workers=1)) == (10, 0, 0, 10, 0)
    assert snapshot(engine) == after


def _ingest_until_killed(url: str, pages: list[Path]) -> None:
    """In a child process: ingest `pages`, and die (no cleanup at all) in the middle of writing
    the second batch."""
    engine = open_engine(url)
    written: list[str] = []

    def die_in_second_batch(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.startswith(("INSERT INTO paragraphs", "COPY paragraphs")):  # COPY: PostgreSQL bulk path
            written.append(statement)
            if len(written) == 2:
                os._exit(3)

    sqlalchemy.event.listen(engine, "before_cursor_execute", die_in_second_batch)
    ingest(engine, pages, workers=1)


def test_a_crash_in_mid_batch_leaves_only_whole_meetings(
    database_url: str, pages: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest_module, "BATCH_MEETINGS", 4)
    monkeypatch.setattr(ingest_module, "BATCH_SECONDS", 600.0)
    child = multiprocessing.get_context("fork").Process(
        target=_ingest_until_killed, args=(database_url, pages)
    )
    child.start()
    child.join(60)
    assert child.exitcode == 3
    engine = open_engine(database_url)
    try:
        assert len(meeting_ids(engine)) == 4  # the first batch, committed; none of the second
        assert_only_whole_meetings(engine)
        assert counts(ingest(engine, pages, workers=1)) == (10, 6, 0, 4, 0)
        assert_only_whole_meetings(engine)
    finally:
        engine.dispose()


def test_a_record_without_a_date_fails_to_store_with_a_one_line_reason(
    engine: sqlalchemy.Engine, tmp_path: Path
) -> None:
    path = tmp_path / "sewer.txt"
    path.write_text("Present: Troy Daniels\n\nMotion by Troy, seconded by Kevin. Vote taken was unanimous.\n")
    report = ingest(engine, [path], workers=1)
    assert len(report.failed) == 1 and "\n" not in report.failed[0].reason
    assert "--date" in report.failed[0].reason and "sewer.meta.json" in report.failed[0].reason
    report = ingest(engine, [path], workers=1, given={"date": "2014-06-04", "body": "Sewer Commission"})
    assert report.new == 1


def test_a_record_without_a_body_is_filed_under_its_file_name_with_a_warning(
    engine: sqlalchemy.Engine, tmp_path: Path
) -> None:
    path = tmp_path / "sewer-commission-minutes-2014-06-04.txt"
    path.write_text("Present: Troy Daniels\n\nMotion by Troy, seconded by Kevin. Vote taken was unanimous.\n")
    report = ingest(engine, [path], workers=1)
    assert report.new == 1, report.failed
    with engine.connect() as connection:
        [(body, warnings)] = connection.execute(
            select(t.bodies.c.name, t.meetings.c.warnings).join(
                t.meetings, t.meetings.c.body_id == t.bodies.c.id
            )
        ).all()
    assert body == "Sewer Commission"
    assert any("from the file name" in warning and "Sewer Commission" in warning for warning in warnings)

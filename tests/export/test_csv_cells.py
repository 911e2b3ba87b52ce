"""The export's CSV is spreadsheet-safe (issue 10, item 7): a cell of document text that starts
like a formula ("=", "+", "-", "@") is written with a leading "'", so a spreadsheet shows it and
never runs it; the JSON formats keep the text as it is."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import sqlalchemy

from minutebook.export import export
from minutebook.record import MeetingRecord
from minutebook.store import save

FORMULA = '=HYPERLINK("http://x","Agreed")'


def test_formula_like_text_is_text_in_the_csv_and_as_written_in_ndjson(
    engine: sqlalchemy.Engine, seed_records: list[tuple[MeetingRecord, bytes]], tmp_path: Path
) -> None:
    record, data = next((r, d) for r, d in seed_records if any(i.decisions for i in r.items))
    decision = next(d for i in record.items for d in i.decisions)
    decision.text = FORMULA
    save(engine, record, data)
    export(engine, "csv", tmp_path / "csv")
    with (tmp_path / "csv" / "decisions.csv").open(encoding="utf-8", newline="") as file:
        texts = [row["text"] for row in csv.DictReader(file)]
    assert "'" + FORMULA in texts and FORMULA not in texts
    export(engine, "ndjson", tmp_path / "meetings.ndjson")
    [line] = (tmp_path / "meetings.ndjson").read_text(encoding="utf-8").splitlines()
    assert FORMULA in [d["text"] for i in json.loads(line)["items"] for d in i["decisions"]]

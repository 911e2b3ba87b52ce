"""CSV from the web is spreadsheet-safe (issue 10, item 7): a cell of text from a document that
starts like a formula ("=", "+", "-", "@") is written with a leading "'", as the CLI's and the
export's CSV are, so a spreadsheet opening the download shows it and never runs it."""

from __future__ import annotations

import csv
import io

import sqlalchemy
from fastapi.testclient import TestClient

from minutebook.record import MeetingRecord
from minutebook.store import save
from minutebook.web.app import create_app


def test_a_body_named_like_a_formula_is_text_in_the_timeline_csv(
    engine: sqlalchemy.Engine, seed_records: list[tuple[MeetingRecord, bytes]]
) -> None:
    record, data = seed_records[0]
    record.body = '=HYPERLINK("http://x","Cabinet")'
    save(engine, record, data)
    with TestClient(create_app(engine.url.render_as_string(hide_password=False))) as client:
        answer = client.get("/api/v1/timeline.csv", params={"q": "council", "by": "month"})
    assert answer.status_code == 200, answer.text
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert rows and {row["body"] for row in rows} == {"'" + record.body}

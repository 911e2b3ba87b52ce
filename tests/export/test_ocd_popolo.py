"""`minutebook export --format ocd|popolo` read back against the published schemas (shipped in
tests/export/schemas: Open Civic Data's event schema from pupa, Popolo's person, organization,
post and membership schemas), over the real seeds and corpus, on both backends; and the --body
and --since filters for every format."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft3Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT3
from typer.testing import CliRunner

from minutebook.cli import app
from minutebook.export import FORMATS

runner = CliRunner()
SCHEMAS = {
    path.stem: json.loads(path.read_text()) for path in (Path(__file__).parent / "schemas").glob("*.json")
}
POPOLO = Registry().with_resources(
    (schema["id"], DRAFT3.create_resource(schema)) for schema in SCHEMAS.values() if "popolo" in schema["id"]
)
COMMISSIONERS = "Commissioners' Public Meeting with Councillors"


def validator(name: str) -> Draft3Validator:
    return Draft3Validator(SCHEMAS[name], registry=POPOLO, format_checker=FormatChecker())


def problems(name: str, instance: dict[str, Any]) -> list[str]:
    return [f"{list(e.path)}: {e.message}" for e in validator(name).iter_errors(instance)]


@pytest.fixture(scope="module")
def stored(module_database_url: str, seeds_dir: Path, corpus_dir: Path) -> str:
    for command in (["ingest", str(seeds_dir), str(corpus_dir)], ["refresh"]):
        result = runner.invoke(app, [*command, "-d", module_database_url])
        assert result.exit_code == 0, result.output
    return module_database_url


def _export(stored: str, *args: str) -> str:
    result = runner.invoke(app, ["export", *args, "-d", stored])
    assert result.exit_code == 0, result.output
    return result.output


def _records(stored: str, tmp_path: Path) -> list[dict[str, Any]]:
    out = tmp_path / "records.ndjson"
    _export(stored, "-f", "ndjson", "-o", str(out))
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_the_schemas_catch_what_they_claim() -> None:
    """The shipped schemas are live: a missing name, a bad date and an empty source list fail."""
    assert problems("ocd-event", {"name": "Cabinet", "start_date": "2020-01-01"})  # no status, sources
    assert problems("ocd-event", {**_minimal_event(), "start_date": "2020-01-01T10:00"})  # no offset
    assert not problems("ocd-event", _minimal_event())
    assert problems("person", {"id": "p", "other_names": [{"note": "no name"}]})
    assert problems("membership", {"person_id": "p", "start_date": "10/07/2013"})


def _minimal_event() -> dict[str, Any]:
    return {
        "name": "Cabinet",
        "start_date": "2020-01-01T10:00:00+00:00",
        "status": "passed",
        "classification": "committee-meeting",
        "sources": [{"url": "https://example.org/minutes.pdf"}],
    }


def test_ocd_events_validate_and_carry_the_minutes(stored: str, tmp_path: Path) -> None:
    records = _records(stored, tmp_path)
    out = tmp_path / "events.jsonl"
    _export(stored, "--format", "ocd", "--out", str(out))
    events = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(events) == len(records) > 20
    for found in events:
        assert not problems("ocd-event", found), found["extras"]["minutebook_id"]
    by_id = {found["extras"]["minutebook_id"]: found for found in events}
    for record in records:
        found = by_id[record["id"]]
        assert [item["description"] for item in found["agenda"]] == [
            item["title"] or "(untitled item)" for item in record["items"]
        ]
        # The minutes text is in the items, a note a paragraph.
        assert [note for item in found["agenda"] for note in item["notes"]] == [
            p["text"] for item in record["items"] for p in item["minutes"] if p["text"]
        ]
        people = [p["name"] for p in found["participants"] if p["type"] == "person"]
        assert people == [a["name"] for a in record["attendance"] if a["name"]]
        assert found["status"] == ("cancelled" if record["cancelled"] else "passed")
    # Same ids in a second export, and the folder form holds the same events.
    folder = tmp_path / "events"
    _export(stored, "--format", "ocd", "--out", str(folder))
    written = {json.loads(p.read_text(encoding="utf-8"))["id"] for p in folder.glob("event_*.json")}
    assert written == {found["id"] for found in events}


def test_ocd_start_has_the_councils_offset(stored: str, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    _export(stored, "-f", "ocd", "-o", str(out), "--body", COMMISSIONERS)
    [found] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert found["start_date"].startswith("2016-03-16T")
    assert found["start_date"].endswith("+00:00")  # March in London: GMT


def test_popolo_validates_and_hangs_together(stored: str, tmp_path: Path) -> None:
    out = tmp_path / "popolo.json"
    _export(stored, "--format", "popolo", "--out", str(out))
    document = json.loads(out.read_text(encoding="utf-8"))
    sections = {
        "persons": "person",
        "organizations": "organization",
        "posts": "post",
        "memberships": "membership",
    }
    assert set(document) == set(sections)
    for section, schema in sections.items():
        assert document[section], section
        for found in document[section]:
            assert not problems(schema, found), found
        ids = [found["id"] for found in document[section]]
        assert len(ids) == len(set(ids)), section
    persons = {p["id"] for p in document["persons"]}
    organizations = {o["id"] for o in document["organizations"]}
    posts = {p["id"] for p in document["posts"]}
    for membership in document["memberships"]:
        assert membership["person_id"] in persons
        assert membership["organization_id"] in organizations
        assert membership.get("post_id") is None or membership["post_id"] in posts
        assert membership["start_date"] <= membership.get("end_date", "9999")
    assert all(o.get("parent_id") in organizations for o in document["organizations"] if "parent_id" in o)
    # The seed's appointment: Councillor Russell to the Health, Welfare and Safety Panel in 2013.
    [appointed] = [
        m
        for m in document["memberships"]
        if m["role"] == "Health, Welfare and Safety Panel" and "russell" in m["person_id"]
    ]
    assert appointed["start_date"] == "2013-07-10" and appointed["id"].startswith("appointment/")


def test_popolo_membership_ends_only_when_the_body_met_without_them(stored: str, tmp_path: Path) -> None:
    out = tmp_path / "popolo.json"
    _export(stored, "-f", "popolo", "-o", str(out))
    document = json.loads(out.read_text(encoding="utf-8"))
    members = [m for m in document["memberships"] if m["role"] == "member"]
    assert members
    # Every body in the corpus met once or twice: most memberships run on to its last meeting.
    assert sum("end_date" not in m for m in members) > sum("end_date" in m for m in members)


def _rows(fmt: str, out: Path) -> dict[str, list[str]]:
    """The bodies and dates an export of each format holds, read as its consumers read it."""
    if fmt == "csv":
        with (out / "meetings.csv").open(encoding="utf-8", newline="") as file:
            rows = list(csv.DictReader(file))
        return {"bodies": [r["body"] for r in rows], "dates": [r["date"] for r in rows]}
    if fmt == "sqlite":
        with sqlite3.connect(out) as db:
            rows = db.execute("SELECT body, date FROM meetings").fetchall()
        return {"bodies": [r[0] for r in rows], "dates": [r[1] for r in rows]}
    if fmt == "popolo":
        document = json.loads(out.read_text(encoding="utf-8"))
        committees = [o["name"] for o in document["organizations"] if o["classification"] == "committee"]
        return {"bodies": committees, "dates": [m["start_date"] for m in document["memberships"]]}
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    if fmt == "ocd":
        return {
            "bodies": [e["extras"]["body"] for e in lines],
            "dates": [e["start_date"][:10] for e in lines],
        }
    return {"bodies": [r["body"] for r in lines], "dates": [r["date"] for r in lines]}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_takes_body_and_since(stored: str, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / {"csv": "csv", "ocd": "out.jsonl"}.get(fmt, f"out.{fmt}")
    _export(stored, "-f", fmt, "-o", str(out))
    everything = _rows(fmt, out)
    assert len(set(everything["bodies"])) > 5
    _export(stored, "-f", fmt, "-o", str(out), "--body", COMMISSIONERS, "--since", "2016-01-01")
    chosen = _rows(fmt, out)
    assert set(chosen["bodies"]) == {COMMISSIONERS}
    assert chosen["dates"] and all(date >= "2016-01-01" for date in chosen["dates"])
    _export(stored, "-f", fmt, "-o", str(out), "--since", "2020-01-01")
    later = _rows(fmt, out)
    assert later["dates"] and all(date >= "2020-01-01" for date in later["dates"])
    assert COMMISSIONERS not in later["bodies"]

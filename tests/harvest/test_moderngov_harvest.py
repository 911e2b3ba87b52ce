"""The ModernGov harvester against a local web service that answers with the recorded XML.

The server runs on 127.0.0.1 in a thread and serves two sites: /manchester and /gloucester,
each at ModernGov's web-service paths. It never forwards anything: no council is contacted.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from typer.testing import CliRunner

from minutebook.cli import app
from minutebook.errors import ReadError
from minutebook.harvest.moderngov import STATE_FILE, Fetcher, HarvestError, harvest, same_site

SITES = {
    "manchester": {
        "GetCommittees": "manchester-getcommittees-excerpt.xml",
        "GetMeetings 144": "manchester-audit-committee-getmeetings-2026-01-to-02.xml",
        "GetMeeting 4966": "manchester-audit-committee-getmeeting-cancelled-2026-01-13.xml",
        "GetMeeting 4967": "manchester-audit-committee-getmeeting-2026-02-10.xml",
        # The minutes PDF linked from meeting 4967 is not in the corpus; a real minutes PDF stands in.
        "mgConvert2PDF.aspx 60860": "rivergrove-or-city-council-2018-12-10.pdf",
    },
    "gloucester": {
        "GetCommittees": "gloucester-getcommittees.xml",
        "GetMeetings 129": "gloucester-cabinet-getmeetings-2024-2025.xml",
        "GetMeeting 7837": "gloucester-cabinet-special-getmeeting-2025-11-21.xml",
    },
}


class Council:
    """What the test server saw, and failures to inject: key -> how many 503s to answer first."""

    def __init__(self, corpus_dir: Path) -> None:
        self.corpus_dir = corpus_dir
        self.requests: list[str] = []
        self.queries: list[dict[str, list[str]]] = []
        self.unavailable: Counter[str] = Counter()

    def answer(self, path: str, query: str) -> tuple[int, bytes]:
        site, _, call = path.strip("/").partition("/")
        call = call.removeprefix("mgWebService.asmx/")
        params = parse_qs(query)
        self.queries.append(params)
        argument = (params.get("lCommitteeId") or params.get("lMeetingId") or params.get("ID") or [""])[0]
        key = f"{call} {argument}".strip()
        self.requests.append(f"{site} {key}")
        if self.unavailable[key] > 0:
            self.unavailable[key] -= 1
            return 503, b"busy"
        file = SITES.get(site, {}).get(key)
        if file is None:
            return 404, b"not found"
        return 200, (self.corpus_dir / file).read_bytes()


@pytest.fixture
def council(corpus_dir: Path) -> Iterator[tuple[str, Council]]:
    state = Council(corpus_dir)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            status, body = state.answer(parts.path, parts.query)
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # keep the test output quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", state
    server.shutdown()
    server.server_close()


def run(base_url: str, out: Path, **options: object) -> tuple[object, list[float]]:
    sleeps: list[float] = []
    with httpx.Client() as client:
        fetcher = Fetcher(client, delay=0, retries=2, backoff=0.5, sleep=sleeps.append)
        report = harvest(base_url, out, fetcher, since=date(2024, 1, 1), until=date(2026, 12, 31), **options)
    return report, sleeps


def test_whole_committee_then_nothing_new(
    council: tuple[str, Council], tmp_path: Path, corpus_dir: Path
) -> None:
    root, server = council
    report, _ = run(f"{root}/manchester", tmp_path, committee_ids=["144"], documents=True)
    assert sorted(path.name for path in report.meetings_fetched) == ["meeting-4966.xml", "meeting-4967.xml"]
    assert [path.name for path in report.documents_fetched] == ["60860.pdf"]
    assert report.failures == []
    assert (tmp_path / "meeting-4967.xml").read_bytes() == (
        corpus_dir / "manchester-audit-committee-getmeeting-2026-02-10.xml"
    ).read_bytes()
    assert (tmp_path / "documents" / "60860.pdf").read_bytes()[:5] == b"%PDF-"
    assert server.queries[1]["sFromDate"] == ["01/01/2024"] and server.queries[1]["sToDate"] == ["31/12/2026"]
    first_run = len(server.requests)

    report, _ = run(f"{root}/manchester", tmp_path, committee_ids=["144"], documents=True)
    second_run = server.requests[first_run:]
    # Only the lists are asked for again; no meeting and no document is fetched twice.
    assert second_run == ["manchester GetCommittees", "manchester GetMeetings 144"]
    assert report.meetings_fetched == [] and report.documents_fetched == []
    assert report.meetings_skipped == 2


def test_retries_with_backoff_then_succeeds(council: tuple[str, Council], tmp_path: Path) -> None:
    root, server = council
    server.unavailable["GetMeeting 4967"] = 2
    report, sleeps = run(f"{root}/manchester", tmp_path, committee_ids=["144"])
    assert server.requests.count("manchester GetMeeting 4967") == 3
    assert sleeps == [0.5, 1.0]
    assert report.failures == []


def test_requests_are_spaced_by_the_delay(council: tuple[str, Council]) -> None:
    root, server = council
    sleeps: list[float] = []
    with httpx.Client() as client:
        fetcher = Fetcher(client, delay=30.0, sleep=sleeps.append)  # sleeps are recorded, not slept
        for _ in range(3):
            fetcher.get(f"{root}/manchester/mgWebService.asmx/GetCommittees")
    assert len(server.requests) == fetcher.requests == 3
    assert len(sleeps) == 2 and all(29 < pause <= 30 for pause in sleeps)


def test_failures_are_reported_and_the_rest_goes_on(council: tuple[str, Council], tmp_path: Path) -> None:
    root, _ = council
    report, sleeps = run(f"{root}/gloucester", tmp_path, committee_ids=["129"])
    # The Gloucester list names 20 meetings; the recorded service holds only meeting 7837.
    assert [path.name for path in report.meetings_fetched] == ["meeting-7837.xml"]
    assert len(report.failures) == 19
    assert all(failure.endswith("HTTP 404") and "\n" not in failure for failure in report.failures)
    assert sleeps == []  # a 404 is not retried
    assert '"7837"' in (tmp_path / STATE_FILE).read_text()


def test_damaged_state_file_is_a_clear_error(council: tuple[str, Council], tmp_path: Path) -> None:
    root, _ = council
    (tmp_path / STATE_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(ReadError, match=r"harvest-state\.json: harvest state is not valid JSON; delete it"):
        run(f"{root}/manchester", tmp_path, committee_ids=["144"])


def test_unknown_committee(council: tuple[str, Council], tmp_path: Path) -> None:
    root, _ = council
    with pytest.raises(HarvestError, match="no committee with id 999 "):
        run(f"{root}/manchester", tmp_path, committee_ids=["999"])


def test_cli(council: tuple[str, Council], tmp_path: Path) -> None:
    root, _ = council
    args = ["harvest", "moderngov", f"{root}/manchester", "--committee", "144", "--since", "2026-01-01"]
    args += ["--until", "2026-03-01", "--out", str(tmp_path), "--delay", "0"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "2 meetings fetched, 0 unchanged" in result.output
    assert (tmp_path / "committees.xml").exists() and (tmp_path / "meetings-144.xml").exists()

    result = CliRunner().invoke(
        app, [*args[:3], "--committee", "999", "--out", str(tmp_path), "--delay", "0"]
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith("minutebook: ")
    assert "no committee with id 999" in result.output


def test_cli_ingests_what_it_fetched(council: tuple[str, Council], tmp_path: Path) -> None:
    root, _ = council
    database = f"sqlite:///{tmp_path / 'minutebook.db'}"
    args = ["harvest", "moderngov", f"{root}/manchester", "--committee", "144", "--out", str(tmp_path / "h")]
    result = CliRunner().invoke(app, [*args, "--delay", "0", "--ingest", "--database", database])
    assert result.exit_code == 0, result.output
    # The meeting with minutes is stored; the cancelled one names no body, so it is skipped, not failed.
    assert "read 2, new 1, updated 0, unchanged 0, failed 0, skipped 1" in result.output

    result = CliRunner().invoke(app, [*args, "--delay", "0", "--ingest", "--database", database])
    assert "0 meetings fetched, 2 unchanged" in result.output
    assert "read 0" not in result.output  # nothing new fetched, so nothing to store


def test_documents_are_fetched_from_the_harvested_site() -> None:
    url = "https://democracy.manchester.gov.uk/mgConvert2PDF.aspx?ID=60860"
    assert (
        same_site("http://127.0.0.1:8080/site/", url)
        == "http://127.0.0.1:8080/site/mgConvert2PDF.aspx?ID=60860"
    )

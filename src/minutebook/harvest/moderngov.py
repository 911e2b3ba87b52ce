"""Harvest a ModernGov site through its web service: GetCommittees -> GetMeetings -> GetMeeting.

Everything fetched is written to the output folder as received:

    committees.xml                 GetCommittees
    meetings-<committee id>.xml    GetMeetings for the date range
    meeting-<meeting id>.xml       GetMeeting (what `minutebook parse` reads)
    documents/<attachment id>.pdf  linked documents whose title says "minutes" (with documents=True)
    harvest-state.json             what was fetched, so a second run skips it

A meeting is fetched again only while it can still change: until its minutes are published or
it is cancelled. The lists are fetched on every run (one request per committee), since they
are how new meetings are found. Requests go one at a time, at least `delay` seconds apart,
and a failed request is retried with a growing pause; a meeting that still fails is reported
and the harvest goes on.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from minutebook import __version__
from minutebook.errors import MinutebookError, ReadError
from minutebook.read import moderngov_xml

STATE_FILE = "harvest-state.json"
USER_AGENT = f"minutebook/{__version__} (public-record harvester; +https://github.com/minutebook)"
RETRY_STATUS = {429, 500, 502, 503, 504}


class HarvestError(MinutebookError):
    """A request that failed for good (after retries), or an answer that is not what was asked for."""


@dataclass
class Fetcher:
    """Polite HTTP: one request at a time, `delay` seconds apart, retried with backoff."""

    client: httpx.Client
    delay: float = 1.0
    retries: int = 3
    backoff: float = 2.0  # the first retry waits this long, each next one twice as long
    sleep: Callable[[float], None] = time.sleep
    requests: int = 0
    _last: float = field(default=0.0, repr=False)

    def get(self, url: str, params: dict[str, str] | None = None) -> bytes:
        for attempt in range(self.retries + 1):
            wait = self.delay - (time.monotonic() - self._last)
            if wait > 0:
                self.sleep(wait)
            self._last = time.monotonic()
            self.requests += 1
            try:
                response = self.client.get(url, params=params)
            except httpx.TransportError as error:
                problem = f"{type(error).__name__}: {error}"
            else:
                if response.status_code == 200:
                    return response.content
                problem = f"HTTP {response.status_code}"
                if response.status_code not in RETRY_STATUS:
                    break
            if attempt < self.retries:
                self.sleep(self.backoff * 2**attempt)
        raise HarvestError(f"{url}: {problem}")


@dataclass
class State:
    """What earlier runs fetched: meeting id -> {sha256, final, fetched}; attachment id -> file."""

    path: Path
    meetings: dict[str, dict] = field(default_factory=dict)
    documents: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> State:
        if not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(path, dict(data.get("meetings", {})), dict(data.get("documents", {})))
        except (ValueError, AttributeError):
            raise ReadError(
                str(path), "harvest state is not valid JSON; delete it to fetch everything again"
            ) from None

    def save(self) -> None:
        data = {"meetings": self.meetings, "documents": self.documents}
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
        temporary.replace(self.path)  # atomic: an interrupted run leaves the old state whole


@dataclass
class Report:
    meetings_fetched: list[Path] = field(default_factory=list)
    meetings_skipped: int = 0
    documents_fetched: list[Path] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def service_url(base_url: str, call: str) -> str:
    return f"{base_url.rstrip('/')}/mgWebService.asmx/{call}"


def same_site(base_url: str, url: str) -> str:
    """A linked document's URL, moved onto the site being harvested (path and query kept):
    ModernGov writes its own host name into links, which need not be how we reach it."""
    parts = urlsplit(url)
    return f"{base_url.rstrip('/')}{parts.path}" + (f"?{parts.query}" if parts.query else "")


def _uk_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _write(path: Path, data: bytes) -> None:
    temporary = path.with_suffix(path.suffix + ".part")
    temporary.write_bytes(data)
    temporary.replace(path)


def is_final(meeting: ET.Element) -> bool:
    """Whether a GetMeeting answer can no longer change much: cancelled, or its minutes published."""
    cancelled = "cancelled" in (meeting.findtext("meetingstatus") or "").lower()
    return cancelled or any((e.text or "").strip() for e in meeting.iter("minutesnonemptyhtmlbody"))


def minutes_documents(meeting: ET.Element) -> Iterable[tuple[str, str]]:
    """(attachment id, url) of the linked documents whose title says they are minutes."""
    for doc in meeting.iter("linkeddoc"):
        attachment_id, url = (doc.findtext("attachmentid") or "").strip(), (doc.findtext("url") or "").strip()
        if attachment_id and url and re.search(r"\bminutes\b", doc.findtext("title") or "", re.IGNORECASE):
            yield attachment_id, url


def harvest(
    base_url: str,
    out_dir: Path,
    fetcher: Fetcher,
    *,
    committee_ids: list[str] | None = None,
    since: date,
    until: date,
    documents: bool = False,
    progress: Callable[[str, int], None] = lambda description, total: None,
    advance: Callable[[], None] = lambda: None,
) -> Report:
    """Fetch every meeting of the chosen committees (all, if none chosen) between two dates.

    `progress(description, total)` is called when the number of meetings is known and
    `advance()` after each one, so a caller can show a progress bar.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    state = State.load(out_dir / STATE_FILE)
    report = Report()

    answer = fetcher.get(service_url(base_url, "GetCommittees"))
    _write(out_dir / "committees.xml", answer)
    committees = moderngov_xml.committees(answer, f"{base_url} GetCommittees")
    known = {c.id for c in committees}
    for wanted in committee_ids or []:
        if wanted not in known:
            raise HarvestError(
                f"{base_url}: no committee with id {wanted} (GetCommittees lists {len(known)})"
            )
    chosen = committee_ids or [c.id for c in committees if not c.deleted]

    meetings: list[moderngov_xml.MeetingSummary] = []
    params = {"sFromDate": _uk_date(since), "sToDate": _uk_date(until)}
    for committee_id in chosen:
        try:
            answer = fetcher.get(
                service_url(base_url, "GetMeetings"), {"lCommitteeId": committee_id, **params}
            )
            meetings += moderngov_xml.meetings(answer, f"{base_url} GetMeetings {committee_id}")
        except MinutebookError as error:
            report.failures.append(str(error))
            continue
        _write(out_dir / f"meetings-{committee_id}.xml", answer)

    progress(f"{urlsplit(base_url).hostname}: {len(meetings)} meetings", len(meetings))
    for meeting in meetings:
        path = out_dir / f"meeting-{meeting.id}.xml"
        if state.meetings.get(meeting.id, {}).get("final") and path.exists():
            report.meetings_skipped += 1
        else:
            try:
                _fetch_meeting(base_url, meeting.id, path, fetcher, state, report, documents, out_dir)
            except MinutebookError as error:
                report.failures.append(str(error))
            state.save()
        advance()
    return report


def _fetch_meeting(
    base_url: str,
    meeting_id: str,
    path: Path,
    fetcher: Fetcher,
    state: State,
    report: Report,
    documents: bool,
    out_dir: Path,
) -> None:
    answer = fetcher.get(service_url(base_url, "GetMeeting"), {"lMeetingId": meeting_id})
    meeting = moderngov_xml.parse_xml(answer, f"{base_url} GetMeeting {meeting_id}").root
    if meeting.tag != "meeting":
        raise HarvestError(f"{base_url} GetMeeting {meeting_id}: answer is <{meeting.tag}>, not <meeting>")
    _write(path, answer)
    report.meetings_fetched.append(path)
    for attachment_id, url in minutes_documents(meeting) if documents else ():
        target = out_dir / "documents" / f"{attachment_id}.pdf"
        if attachment_id in state.documents and target.exists():
            continue
        target.parent.mkdir(exist_ok=True)
        _write(target, fetcher.get(same_site(base_url, url)))
        state.documents[attachment_id] = target.name
        report.documents_fetched.append(target)
    # Recorded last: if a document failed, the next run fetches the meeting (and tries it) again.
    state.meetings[meeting_id] = {
        "sha256": hashlib.sha256(answer).hexdigest(),
        "final": is_final(meeting),
        "fetched": datetime.now(UTC).isoformat(timespec="seconds"),
    }

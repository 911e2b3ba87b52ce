"""Layouts that hid the meeting from the parser: an agenda pack carrying the minutes of an earlier
meeting (Merton), a table of contents that lists every item title before the minutes repeat them
in broken lines (Hastings, NZ), and Welsh minutes (Manordeilo and Salem)."""

from __future__ import annotations

from pathlib import Path

import pytest

from minutebook.parse import parse_document
from minutebook.parse.blocks import document_blocks
from minutebook.parse.contents import table_of_contents
from minutebook.read.detect import read_path
from minutebook.record import MeetingRecord

HASTINGS = "hastings-nz-district-council-2019-01-31.txt"


@pytest.fixture(scope="module")
def merton(corpus_dir: Path) -> MeetingRecord:
    return parse_document(read_path(corpus_dir / "merton-audit-committee-agenda-pack-2009-10-22.pdf"))


@pytest.fixture(scope="module")
def hastings(corpus_dir: Path) -> MeetingRecord:
    return parse_document(read_path(corpus_dir / HASTINGS))


def test_minutes_inside_an_agenda_pack_are_the_record(merton: MeetingRecord) -> None:
    # The cover gives notice of 22 October 2009; the minutes inside are of 24 September.
    assert (merton.body, merton.date, merton.time, merton.venue) == (
        "Audit Committee",
        "2009-09-24",
        "19:15",
        None,
    )
    # "All minutes are draft until agreed at the next meeting" is printed at the foot of each page.
    assert merton.minutes_status == "draft"


def test_numbered_headings_in_capitals_and_a_title_cut_by_a_page_break(merton: MeetingRecord) -> None:
    assert [(i.number, i.title) for i in merton.items] == [
        ("1", "DECLARATIONS OF INTEREST"),
        ("2", "MINUTES OF THE MEETING HELD ON 23 JUNE 2009"),
        ("3", "AUDIT COMMISSION INTERIM REPORT"),
        ("4", "AUDITED FINAL ACCOUNTS 2008/09 AND USE OF RESOURCES JUDGEMENT"),
        ("5", "ANNUAL GOVERNANCE REPORT 2008/09"),
        ("6", "ANNUAL GOVERNANCE REPORT 2008/09 – PENSION FUND"),
        ("7", "WORK PROGRAMME"),
    ]
    # "... a partner in Strover-Leader & Co which carried out auditing work" decides nothing.
    assert merton.items[0].decisions == []


def test_table_of_contents_found(corpus_dir: Path) -> None:
    blocks, _ = document_blocks(read_path(corpus_dir / HASTINGS))
    contents = table_of_contents(blocks)
    assert contents is not None
    first, _, entries = contents
    assert blocks[first].text == "1. Prayer 1"
    numbers = [e.number for e in entries]
    assert numbers[:7] == ["1", "2", "3", "4", "5", "7", "6"] and numbers[-2:] == ["19", "16"]
    assert " ".join(entries[5].words) == "Petition - Object to Ebbett Park being Sold"


def test_items_where_the_contents_titles_are_repeated(hastings: MeetingRecord) -> None:
    numbers = [i.number for i in hastings.items]
    # In printed order: 7 taken before 6, 16 deferred until after the public-excluded business.
    assert numbers == ["1", "2", "3", "4", "5", "7", "6", *map(str, range(8, 20)), "16"]
    assert hastings.items[5].title == "Petition - Object to Ebbett Park being Sold"
    # The title ends where the contents say, though the scraped text runs on into the minutes.
    assert hastings.items[1].minutes[0].text.startswith("Councillor Lawson/Councillor Redstone")
    assert (hastings.body, hastings.date, hastings.time) == ("Council", "2019-01-31", "13:00")


def test_venue_from_the_heading_restated_below_the_contents(hastings: MeetingRecord) -> None:
    # "OF A MEETING OF THE COUNCIL HELD IN THE Council Chamber, ..., Hastings ON Thursday, 31 January 2019"
    assert hastings.venue is not None
    assert hastings.venue.endswith(
        "Council Chamber, Ground Floor, Civic Administration Building, Lyndon Road East, Hastings"
    )


def test_carried_after_a_motion(hastings: MeetingRecord) -> None:
    apologies = hastings.items[1].decisions[0]
    assert apologies.text.startswith("That an apology for absence from Councillor O'Keefe")
    assert (apologies.movers, apologies.seconders) == (["Councillor Lawson"], ["Councillor Redstone"])
    assert apologies.vote is not None and apologies.vote.result == "carried"
    assert [len(i.decisions) for i in hastings.items[:4]] == [0, 2, 1, 0]


def test_welsh_minutes_are_a_meeting(corpus_dir: Path) -> None:
    record = parse_document(read_path(corpus_dir / "manordeilo-salem-community-council-2020-06-10-cy.html"))
    assert (record.date, record.time) == ("2020-06-10", "19:30")
    assert "CROESO AC YMDDIHEURIADAU" in [i.title for i in record.items]


def test_motion_line_and_a_colon_after_a_reference(corpus_dir: Path) -> None:
    record = parse_document(read_path(corpus_dir / "rivergrove-or-city-council-2018-12-10.pdf"))
    titles = [i.title for i in record.items]
    # "Resolution 259-2018: Fee Schedule ...": the colon follows a reference, so the title goes on.
    assert (
        "Resolution 259-2018: Fee Schedule and Agreement to Meet Costs of Development, Tree Cutting,"
        " and Appeal" in titles
    )
    # "Motion: Councilor Nyberg moved ..." on the line below a title starts the item's text.
    assert "Minutes from the November 14, 2018 City Council Meeting" in titles
    minutes = record.items[titles.index("Minutes from the November 14, 2018 City Council Meeting")]
    assert minutes.minutes[0].text.startswith("Motion: Councilor Nyberg moved to accept")


def test_summons_followed_by_its_own_minutes_stays_one_meeting(corpus_dir: Path) -> None:
    # Boughton: "Councillors are summoned to a meeting on 2nd August 2013", then the minutes of
    # that same meeting ("Date held: 2nd August 2013 ... Present:"): the summons' header stands.
    record = parse_document(read_path(corpus_dir / "boughton-parish-council-2013-08-02.md"))
    assert record.date == "2013-08-02"
    assert record.body.startswith("Boughton Parish Council")

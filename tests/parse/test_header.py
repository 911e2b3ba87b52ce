"""The meeting's header on unseen layouts: each rule with a small text written for it, then
the real document it was found on."""

from __future__ import annotations

from pathlib import Path

import pytest

from minutebook.pipeline import parse_document
from minutebook.read.detect import read_bytes, read_path
from minutebook.record import MeetingRecord


def parse_text(text: str, name: str = "minutes.txt") -> MeetingRecord:
    return parse_document(read_bytes(text.encode(), name))


@pytest.mark.parametrize(
    "heading",
    [
        "MEETING 3rd MARCH 2021",
        "Special Meeting 3 March 2021",
        "Cyfarfod 3ydd Mawrth 2021",
        "Minutes 3 March 2021",
    ],
)
def test_a_word_for_meeting_is_never_the_body(heading: str) -> None:
    record = parse_text(f"FERNDALE TOWN COUNCIL\n{heading}\n\n1. Apologies\nNone were received.\n")
    assert (record.body, record.date) == ("Ferndale Town Council", "2021-03-03")


def test_welsh_sentence_names_the_body() -> None:
    text = (
        "<time>Cyfarfod 3ydd Mawrth 2021</time>\n"
        "<p>Cynhaliwyd cyfarfod Cyngor Tref Ferndale yn Neuadd y Dref am 7pm ar y 3ydd Mawrth 2021.</p>\n"
        "<h4>YMDDIHEURIADAU</h4><p>Dim.</p>\n"
    )
    record = parse_document(read_bytes(f"<html><body>{text}</body></html>".encode(), "cofnodion.html"))
    assert record.body == "Cyngor Tref Ferndale"


def test_meeting_of_x_was_held_names_the_body() -> None:
    record = parse_text(
        "OFFICIAL MINUTES A REGULAR MEETING OF THE BOARD OF ALDERMEN OF THE TOWN OF OAKVILLE WAS HELD "
        "THIS 4TH DAY OF MAY, 2015 AT 7:00 P.M.\n\nThe clerk arrived at 7:05 p.m.\n\n1. Roll call\n"
    )
    assert (record.body, record.date, record.time) == (
        "Board of Aldermen of the Town of Oakville",
        "2015-05-04",
        "19:00",
    )


def test_body_is_the_name_before_a_sentence() -> None:
    record = parse_text(
        "Ferndale Town Council. Members are summoned to a meeting on 3 March 2021 at 7pm.\n\n1. Apologies\n"
    )
    assert record.body == "Ferndale Town Council"


def test_page_stamp_and_kind_of_meeting_are_not_the_body() -> None:
    record = parse_text(
        "0903/03/2021 MINUTES OF FERNDALE TOWN COUNCIL EXTRAORDINARY MEETING HELD ON MARCH 3RD 2021\n"
    )
    assert record.body == "Ferndale Town Council"


def test_ocr_noise_is_not_the_body_a_summons_names_it() -> None:
    record = parse_text(
        "= Ferndale\n= & Town Council\nCivic Offices,\nxQrbT\n\n2nd March, 2021.\n\n"
        "You are requested to attend a Meeting of Ferndale Town Council to be held in the Chamber.\n\n"
        "1. Minutes\n"
    )
    assert record.body == "Ferndale Town Council"


@pytest.mark.parametrize("above", ["Mayor Smith arrived at 9:36 a.m.", "Minutes status: Final"])
def test_sentence_or_field_above_a_date_is_no_heading(above: str) -> None:
    # With nothing else naming a body, the body is unknown (and said so) rather than a sentence.
    record = parse_text(f"{above}\n\n3 March 2021 page 2\n\n1. Roll call\n\nMotion carried.\n")
    assert record.body is None and any("no body" in w for w in record.warnings)


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("manordeilo-salem-community-council-2016-02-10.txt", "Manordeilo & Salem Community Council"),
        ("manordeilo-salem-community-council-2020-06-10-cy.html", "Cyngor Cymuned Manordeilo a Salem"),
        ("portland-or-city-council-2011-01-12.txt", "Council of the City of Portland, Oregon"),
        ("limerick-city-county-council-ordinary-agenda-2025-01-27.md", "Limerick City and County Council"),
        ("wretton-parish-council-virtual-2020-05-04.md", "Wretton Parish Council"),
        ("boughton-parish-council-2013-08-02.md", "Boughton Parish Council"),
    ],
)
def test_bodies_of_documents_without_answer_keys(corpus_dir: Path, name: str, body: str) -> None:
    assert parse_document(read_path(corpus_dir / name)).body == body


@pytest.mark.parametrize(
    ("head", "body"),
    [
        # "of a meeting of the": an article before the meeting is no part of the body
        (
            "KENT COUNTY COUNCIL\nMINUTES of a meeting of the Cabinet held on Thursday, 30 January 2025.",
            "Cabinet",
        ),
        # a form's field labels in capitals
        ("COMMITTEE: DATE:\nBusiness Management Committee 24 January 2022", "Business Management Committee"),
        ("COMMITTEE    Full Governing Body    DATE    07/12/2020", "Full Governing Body"),
        # a cover page: the body on a line of its own below the date, time and room
        (
            "Meeting Minutes\n\nTuesday, April 29, 2025\n\n10:00 AM\n\nCouncil Chambers\n\nCity Council",
            "City Council",
        ),
        # a generic meeting heading under a letterhead
        (
            "**GOVAN COMMUNITY COUNCIL**\n\n**MINUTES OF**\n\n**GENERAL MEETING MONDAY 3 MARCH 2025**",
            "Govan Community Council",
        ),
        # a meeting of a parish's electors is a body of its own
        ("X PARISH COUNCIL\nMINUTES OF THE ANNUAL PARISH MEETING 23 APRIL 2024", "Annual Parish Meeting"),
        (
            "MINUTES\n\nFORMAL MEETING OF CITY COUNCIL\n\nCity Hall, 206 S. Main Street, Council Chambers"
            "\n\nMonday, May 22, 2023",
            "City Council",
        ),
    ],
)
def test_body_from_headings_of_other_styles(head: str, body: str) -> None:
    record = parse_text(f"{head}\n\n1. Apologies\nNone were received.\n")
    assert record.body.lower() == body.lower()


def test_a_us_document_writes_numeric_dates_month_first() -> None:
    record = parse_text(
        "Planning Commission\nRegular Meeting\n1/7/2019 6:30 PM\n\n1. Minutes of December 17, 2018\n"
    )
    assert record.date == "2019-01-07"
    record = parse_text(
        "Planning Commission\nRegular Meeting\n1/7/2019 6:30 PM\n\n1. Minutes of 17 December 2018\n"
    )
    assert record.date == "2019-07-01"


@pytest.mark.parametrize(
    ("head", "venue"),
    [
        (
            "GOVAN COMMUNITY COUNCIL\n\nGENERAL MEETING MONDAY 3 MARCH 2025\n\n"
            "Held in the Pearce Institute at 7 p.m.",
            "Pearce Institute",
        ),
        (
            "Meeting Minutes\n\nTuesday, April 29, 2025\n\n10:00 AM\n\nCouncil Chambers\n\nCity Council",
            "Council Chambers",
        ),
    ],
)
def test_venue_below_the_heading(head: str, venue: str) -> None:
    assert parse_text(f"{head}\n\n1. Apologies\nNone were received.\n").venue == venue


@pytest.mark.parametrize(
    ("sentence", "time"),
    [
        ("The meeting commenced at 1835.", "18:35"),
        ("Chair Fullmer opened the meeting at 6:00 PM.", "18:00"),
        ("The Council met at the hour of 7:30 P.M. in the hall.", "19:30"),
    ],
)
def test_start_time_from_the_minutes_own_record(sentence: str, time: str) -> None:
    record = parse_text(
        f"Finance Committee\n\nMinutes of 24 January 2022\n\nPresent: A Smith\n\n{sentence}\n"
    )
    assert record.time == time


@pytest.mark.parametrize(
    ("heading", "venue"),
    [
        # a place introduced by "in" or "at" after the date and time
        (
            "Minutes of Special Meeting of Ferndale Town Council held on Monday 3rd March, 2021 – 11.00 a.m. "
            "in the Riverside Park Hotel, Ferndale, County Down.",
            "Riverside Park Hotel, Ferndale, County Down",
        ),
        (
            "Minutes of Ferndale Town Council held Monday 3rd March, 2021 in the Council Chamber at 12.30pm",
            "Council Chamber",
        ),
        (
            "Ferndale Board minutes from Wednesday, March 3, 2021 – 9:00am at Carbon Arc Bar & Board",
            "Carbon Arc Bar & Board",
        ),
        # a bare run after the time: a room or an address, up to the sentence after it
        (
            "FERNDALE BOARD Wednesday, March 3, 2021 - 10:00 a.m. 2380 Main Blvd., Ferndale, Utah "
            "In accordance with law",
            "2380 Main Blvd., Ferndale, Utah",
        ),
        # a sentence in capitals: the place further on, past "the hour of"
        (
            "THE FERNDALE TOWN COUNCIL MET ON FRIDAY, MARCH 3, 2021, PURSUANT TO ADJOURNMENT, AT THE HOUR OF "
            "6:00 P.M., AT THE FERNDALE COMMUNITY CENTRE, 85 W STATE HIGHWAY, FERNDALE, UTAH.",
            "Ferndale Community Centre, 85 W State Highway, Ferndale, Utah",
        ),
    ],
)
def test_place_after_the_date(heading: str, venue: str) -> None:
    record = parse_text(f"FERNDALE TOWN COUNCIL\n\n{heading}\n\n1. Apologies\nNone were received.\n")
    assert record.venue == venue


def test_place_line_run_into_a_heading_in_capitals_ends_there() -> None:
    record = parse_text(
        "Ferndale City Council\nMeeting Minutes Wednesday, March 3, 2021 10:00 AM Council Chambers "
        "STANDING COMMITTEES AGENDA\n\n1. Roll call\n"
    )
    assert record.venue == "Council Chambers"


def test_place_field_among_others_on_a_line() -> None:
    record = parse_text(
        "FERNDALE PLANNING BOARD\n\nWorkshop Minutes May 21, 2012\n\n"
        "Meeting Posted: Yes Place: Ritter Building, 960 Main Avenue, Ferndale, MA 01462 Time: 6:30 PM\n\n"
        "1. Master plan\n"
    )
    assert (record.venue, record.time) == ("Ritter Building, 960 Main Avenue, Ferndale, MA 01462", "18:30")


def test_place_line_above_the_date() -> None:
    record = parse_text(
        "MINUTES\nFORMAL MEETING OF CITY COUNCIL\n\nCity Hall, 206 S. Main Street, Council Chambers\n\n"
        "Monday, May 22, 2023 - 5:30 p.m.\n\n1. CALL TO ORDER\n"
    )
    assert record.venue == "City Hall, 206 S. Main Street, Council Chambers"


def test_place_broken_over_two_lines() -> None:
    record = parse_text(
        "CORPORATE PARENTING PANEL – 10th December 2024\n\nMINUTES of the meeting held in the Darent Room, "
        "Sessions House, County\nHall, Maidstone.\n\nPRESENT: Jo Bloggs (Chair)\n"
    )
    assert record.venue == "Darent Room, Sessions House, County Hall, Maidstone"


def test_dated_heading_without_a_body_still_gives_time_and_place() -> None:
    record = parse_text(
        "414 Main Street Ferndale, PA 15219\n\nMeeting Minutes\n\n"
        "Wednesday, May 14, 2025 2:00 PM Council Chambers\n\nPresent: Council Member Wilson\n\n"
        "A motion was made that this matter be Approved. The motion carried.\n"
    )
    assert (record.body, record.date, record.time, record.venue) == (
        None,
        "2025-05-14",
        "14:00",
        "Council Chambers",
    )
    assert any("no body named" in warning for warning in record.warnings)


def test_start_time_in_a_table_cell_without_a_colon() -> None:
    record = parse_text(
        "COMMITTEE Full Governing Body DATE 07/12/2020\n\nFGB 20/2021 To record those present "
        "The meeting commenced at 1832 were present, accept apologies\n"
    )
    assert record.time == "18:32"


def test_body_named_after_the_date_and_place() -> None:
    record = parse_text(
        "414 Main Street Ferndale, PA 15219\n\nMeeting Minutes Wednesday, April 30, 2025 10:00 AM "
        "Council Chambers STANDING COMMITTEES AGENDA ROLL CALL\n\nPresent 9 - Council Member Wilson\n"
    )
    assert (record.body, record.venue, record.time) == ("Standing Committees", "Council Chambers", "10:00")


def test_papers_title_and_jurisdiction_are_not_the_body() -> None:
    record = parse_text(
        "FERNDALE PLANNING BOARD\nTOWN OF FERNDALE\n\nWorkshop Minutes Master Planning May 21, 2012\n\n"
        "Present: Emerick Bakaysa, Chair\n"
    )
    assert record.body == "Ferndale Planning Board"


def test_minutes_listing_their_agenda_are_minutes() -> None:
    record = parse_text(
        "Plenary December, 2020-12-03\n\nAttendees\nJo Bloggs (Chair)\nSam Smith\n\nAgenda\n\n"
        "1. Confirm minutes\n2. Proposals\n\nAttendees unanimously agreed to this proposal.\n\n"
        "Sam Smith presented on the background to the project.\n"
    )
    assert record.minutes_status == "unknown"


def test_an_agenda_alone_is_no_minutes() -> None:
    record = parse_text(
        "FERNDALE TOWN COUNCIL\n\nAgenda\n\nMeeting on 3 March 2021 at 7pm\n\n"
        "1. Apologies\n2. Minutes\n3. Planning\n"
    )
    assert record.minutes_status == "none"


def test_council_named_by_its_type_takes_the_letterhead_name() -> None:
    record = parse_text(
        "FERNDALE-CUM-WALDEN PARISH COUNCIL\n"
        "MINUTES OF THE PARISH COUNCIL MEETING HELD ON TUESDAY, 4 NOVEMBER 2025\n\n"
        "Present: Miss Jane Ritchie\n"
    )
    assert record.body == "Ferndale-cum-Walden Parish Council"


def test_council_printed_by_its_type_on_a_line_of_its_own_keeps_it() -> None:
    record = parse_text(
        "FERNDALE COUNTY COUNCIL\n\nCOUNTY COUNCIL\n\nMINUTES of a meeting of the County Council held in the "
        "Council Chamber on Thursday, 9 January 2025.\n\nPRESENT: Mr N Baker\n"
    )
    assert record.body == "County Council"


def test_opening_sentence_gives_the_fuller_name_and_the_place() -> None:
    record = parse_text(
        "Ferndale Council Meeting Minutes — 2019-12-20\n\n"
        "THE FERNDALE METRO TOWNSHIP COUNCIL, STATE OF UTAH, MET ON FRIDAY, DECEMBER 20, 2019, AT THE HOUR "
        "OF 6:00 P.M., AT THE FERNDALE IMPROVEMENT DISTRICT, 85 W STATE HIGHWAY, FERNDALE, UTAH.\n\n"
        "PRESENT: RON PATRICK\n"
    )
    assert (record.body, record.venue) == (
        "Ferndale Metro Township Council",
        "Ferndale Improvement District, 85 W State Highway, Ferndale, Utah",
    )


def test_board_named_by_its_word_alone_is_the_letterhead_organisation() -> None:
    record = parse_text(
        "Ferndale Special Service Area #21\n\nCommission Meeting Minutes\n\n"
        "Minutes from Monday, January 29, 2018 – 9:00am at Carbon Arc Bar & Board\n\n"
        "Commissioners Present: Anthony Qaiyum, Zach Maiorca\n"
    )
    assert (record.body, record.venue, record.time) == (
        "Ferndale Special Service Area #21",
        "Carbon Arc Bar & Board",
        "09:00",
    )


@pytest.mark.parametrize(("clock", "time"), [("6:30", "18:30"), ("10:00", "10:00"), ("12:15", "12:15")])
def test_clock_time_without_am_or_pm(clock: str, time: str) -> None:
    record = parse_text(
        f"SCHOOL COMMITTEE MEETING\nWednesday, May 1, 2024 Town Hall, Meeting Room {clock} - Hybrid\n\n"
        "1. Call to Order\n"
    )
    assert (record.time, record.venue) == (time, "Town Hall, Meeting Room")
    assert f"the meeting's time is printed without am or pm: read as {time}" in record.warnings


def test_no_place_from_a_roster_or_a_label_after_the_date() -> None:
    record = parse_text(
        "FERNDALE TOWN COUNCIL\n\nMinutes of the meeting held on Monday 3 March 2025 at 7pm. "
        "Present: Cllr Smith (in the Chair), Cllr Jones\n\n1. Apologies\n"
    )
    assert record.venue is None
    record = parse_text(
        "FERNDALE TOWN COUNCIL\n\nMonday 3 March 2025 7pm Council Chamber, Town Hall PRESENT: Cllr Smith\n\n"
        "1. Apologies\n"
    )
    assert record.venue == "Council Chamber, Town Hall"


def test_a_printed_stamp_is_not_the_meeting_date() -> None:
    record = parse_text(
        "Printed on 4 April 2025 at 10:15\n\nFERNDALE TOWN COUNCIL\n"
        "Minutes of the meeting held on 3 March 2025\n\n1. Apologies\n"
    )
    assert (record.date, record.body) == ("2025-03-03", "Ferndale Town Council")


def test_minutes_of_a_meeting_held_names_no_body_a() -> None:
    record = parse_text(
        "Hutt City Council\nMinutes of a meeting held in the Council Chambers, 30 Laings Road, Lower Hutt on "
        "Tuesday 12 March 2024 commencing at 2.00pm\n\nPRESENT: Mayor C Barry\n\n1. APOLOGIES\nNone.\n"
    )
    assert (record.body, record.time, record.minutes_status) == ("Hutt City Council", "14:00", "unknown")


def test_a_24_hour_clock_after_the_date_is_no_guess() -> None:
    record = parse_text(
        "Draft minutes of the Finance Committee meeting, 4 March 2024, 18:00, Committee Room 2\n\n"
        "Present: A Smith\n\n1. Apologies\n"
    )
    assert (record.body, record.time, record.venue) == ("Finance Committee", "18:00", "Committee Room 2")
    assert not any("am or pm" in warning for warning in record.warnings)


def test_the_above_council_is_the_letterhead() -> None:
    record = parse_text(
        "FERNDALE TOWN COUNCIL\n\nMinutes of a meeting of the above council held on Monday 3 March 2025 "
        "at 7pm in the Pavilion\n\nPresent: Cllr A Smith\n\n1. Apologies\n"
    )
    assert (record.body, record.venue) == ("Ferndale Town Council", "Pavilion")


def test_held_at_a_time_leaves_the_place_to_what_follows() -> None:
    record = parse_text(
        "MINUTES OF THE MEETING OF FERNDALE PARISH COUNCIL HELD AT 7.30PM ON THURSDAY 5TH DECEMBER 2024 "
        "IN THE VILLAGE HALL\n\nPRESENT: Cllrs Smith (Chairman), Jones\n\n2659. Police Report: None\n"
    )
    assert (record.time, record.venue) == ("19:30", "Village Hall")


def test_place_in_the_sentence_that_opens_the_meeting() -> None:
    record = parse_text(
        "Ferndale Water District\n\nBoard of Directors Meeting Minutes\n\nMarch 3, 2025\n\n"
        "The regular meeting of the Board of Directors was called to order at 5:02 p.m. by President Smith "
        "at the District Office, 100 Main Street.\n\nPresent: Directors Smith, Jones\n"
    )
    assert (record.time, record.venue) == ("17:02", "District Office, 100 Main Street")


def test_a_meeting_held_online_names_the_service_and_no_body_runs_past_held() -> None:
    record = parse_text(
        "Ferndale Parish Council\n\nMinutes of the Parish Council meeting held remotely via Zoom on Monday "
        "11 May 2020 at 7pm\n\nPresent: Cllr Smith\n\n1. Apologies\n"
    )
    assert (record.body, record.venue, record.minutes_status) == (
        "Ferndale Parish Council",
        "Zoom",
        "unknown",
    )


@pytest.mark.parametrize(
    "heading",
    [
        "Minutes of the meeting of Ferndale Town Council held on 3 March 2025 at 19.30 in the Town Hall",
        "Minutes of the meeting of Ferndale Town Council held on 3 March 2025 at 1930 hrs in the Town Hall",
        "FERNDALE TOWN COUNCIL | 3 March 2025 | 7:30pm | Town Hall",
    ],
)
def test_twenty_four_hour_clocks_and_bars_between_the_fields(heading: str) -> None:
    record = parse_text(f"{heading}\n\nPresent: Cllr Smith\n\n1. Apologies\nNone.\n")
    assert (record.body, record.time, record.venue) == ("Ferndale Town Council", "19:30", "Town Hall")


def test_a_draft_mark_on_a_line_of_its_own_anywhere() -> None:
    minutes = "FERNDALE TOWN COUNCIL\nMinutes of the meeting held on 3 March 2025\n\nPresent: Cllr Smith\n\n"
    minutes += "".join(f"{n}. Item {n}\nThe council noted the report.\n\n" for n in range(1, 8))
    assert parse_text(minutes + "DRAFT\n").minutes_status == "draft"
    assert parse_text(minutes + "Draft budget to follow.\n").minutes_status != "draft"


@pytest.mark.parametrize(
    ("heading", "body"),
    [
        ("Ferndale Borough Council Council Meeting Minutes March 3, 2025", "Ferndale Borough Council"),
        ("Ferndale School Board Regular Board Meeting March 3, 2025 at 6:00 PM", "Ferndale School Board"),
        (
            "Ferndale Library Board of Trustees\n\nMinutes\n\nMarch 3, 2025",
            "Ferndale Library Board of Trustees",
        ),
    ],
)
def test_letterhead_run_into_the_title(heading: str, body: str) -> None:
    assert parse_text(f"{heading}\n\nPresent: Cllr Smith\n\n1. Apologies\nNone.\n").body == body


def test_a_roster_label_after_the_date_is_no_body() -> None:
    record = parse_text(
        "March 3, 2025 Directors Present: Smith, Jones\n\n1. Call to order\n"
        "The meeting was called to order at 7:00 p.m.\n\n"
        "2. Budget\nMoved by Smith, seconded by Jones. Carried.\n"
    )
    assert record.body is None

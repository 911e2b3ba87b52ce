"""References to other minutes and items."""

from __future__ import annotations

from minutebook.extract.references import references


def test_minute_of_another_body() -> None:
    text = (
        "Further to Minute No. C97 of the Cabinet meeting held on 21st November, 2012 (Response to Scrutiny "
        "Review: The Role of School Governors) where the outcomes of the review were accepted"
    )
    (found,) = references(text, "2013-07-10")
    assert (found.minute, found.body, found.date) == ("C97", "Cabinet", "2012-11-21")


def test_minutes_of_a_meeting_without_year() -> None:
    (found,) = references("The minutes of the meeting held on 10 July were approved.", "2013-09-04")
    assert found.date == "2013-07-10" and found.minute is None
    (earlier,) = references("The minutes of the meeting held on 10 December were approved.", "2014-01-15")
    assert earlier.date == "2013-12-10"


def test_agenda_item() -> None:
    (found,) = references("The Panel discussed the budget (Agenda item 4) at length.", "2020-01-01")
    assert found.item == "4"


def test_no_reference() -> None:
    assert references("Individual Commissioners responded as appropriate.", "2016-03-16") == []


def test_a_date_without_year_in_undated_minutes_is_left_out() -> None:
    """Minutes with no date of their own (record.date None) give a day and month no year: the
    reference is kept without a date, where reading it used to crash the whole parse."""
    (found,) = references("The minutes of the meeting held on 10 July were approved.", None)
    assert found.date is None and found.text.startswith("minutes of the meeting")
    (dated,) = references("Minute No. 12 of the Cabinet meeting held on 3 May 2012", None)
    assert dated.date == "2012-05-03"

"""Dates and times as councils print them."""

from __future__ import annotations

import pytest

from minutebook.parse.dates import day_month, find_date, find_time


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Commissioners' Public Meeting with Councillors - Wednesday 16 March 2016 11.00 a.m.", "2016-03-16"),
        ("Minute No. C97 of the Cabinet meeting held on 21st November, 2012", "2012-11-21"),
        ("ON TUESDAY, 10TH DECEMBER, 2024 AT 10.00 A.M.", "2024-12-10"),
        ("March 19, 2025, at 10:00 AM", "2025-03-19"),
        ("HELD ON MAY 4TH 2020 Present:", "2020-05-04"),
        ("Meeting Date: 2019-02-19", "2019-02-19"),
        ("Meeting held on 10/07/2013", "2013-07-10"),
    ],
)
def test_find_date(text: str, iso: str) -> None:
    found = find_date(text)
    assert found is not None and found[0] == iso


def test_no_date_and_impossible_date() -> None:
    assert find_date("Questions from Elected Members") is None
    assert find_date("31 February 2016") is None


@pytest.mark.parametrize(
    ("text", "hhmm"),
    [
        ("Wednesday 16 March 2016 11.00 a.m.", "11:00"),
        ("Wednesday 10 July 2013 1.30 p.m.", "13:30"),
        ("Tuesday 2nd April 2019, 7.30pm Northwold Village Hall", "19:30"),
        ("10.00 am", "10:00"),
        ("March 25, 2025, at 11:30 AM", "11:30"),
        ("ONLINE, ON THURSDAY, 19TH DECEMBER, 2024, AT 9.30AM.", "09:30"),
        ("at 15:00 hrs", "15:00"),
    ],
)
def test_find_time(text: str, hhmm: str) -> None:
    assert find_time(text) == hhmm


def test_no_time_in_a_date() -> None:
    assert find_time("21st November, 2012") is None


def test_day_month_takes_the_year_given() -> None:
    assert day_month("the meeting held on 10 July", 2013) == "2013-07-10"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Cyfarfod 10fed Mehefin 2020", "2020-06-10"),
        ("Banc Lloyds, Taflen Rif 27 dyddiedig 1af Ebrill 2020", "2020-04-01"),
        ("CYFRIFON BLYNYDDOL AM Y FLWYDDYN YN DIWEDDU 31AIN MAWRTH 2020", "2020-03-31"),
        ("Dydd Mercher, 8fed Gorffennaf 2020", "2020-07-08"),
    ],
)
def test_welsh_dates(text: str, iso: str) -> None:
    found = find_date(text)
    assert found is not None and found[0] == iso


def test_time_range_gives_the_start() -> None:
    assert find_time("(19:15 TO 19:25 AND 20:25 TO 20:27)") == "19:15"
    assert find_time("Room 12:30 - 14:00") == "12:30"
    assert find_time("Chq No 1366, 10:30 cheque") is None

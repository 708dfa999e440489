"""Dates as exports write them: one ISO date each, by the module's time-zone rule."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.dates import parse_date, zone
from analysis.errors import InputError

TODAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-06-09", "2020-06-09"),
        ("2020-06-09T23:30:00", "2020-06-09"),  # no offset: taken as written
        ("2020-06-09T23:30:00-07:00", "2020-06-10"),  # an instant: its UTC date
        ("2020-06-09T01:30:00+02:00", "2020-06-08"),
        ("2020-06-09T23:30:00Z", "2020-06-09"),
        ("Tue, 09 Jun 2020 23:30:00 GMT", "2020-06-09"),
        ("Wed, 10 Jun 2020 01:00:00 +0200", "2020-06-09"),
        ("June 9, 2020", "2020-06-09"),
        ("9 June 2020 5:30PM", "2020-06-09"),
        ("  Tuesday,  9 June 2020 ", "2020-06-09"),
        ("1591747200", "2020-06-10"),  # Unix seconds (2020-06-10 00:00 UTC)
        ("1591747200000", "2020-06-10"),  # milliseconds
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value, today=TODAY) == expected


def test_the_study_time_zone_decides_the_date_of_an_instant():
    instant = "2020-06-09T23:30:00-07:00"
    assert parse_date(instant, tz=zone("America/Los_Angeles"), today=TODAY) == "2020-06-09"
    assert parse_date(instant, tz=zone("Asia/Kolkata"), today=TODAY) == "2020-06-10"
    assert parse_date("2020-06-09T23:30:00", tz=zone("Asia/Kolkata"), today=TODAY) == "2020-06-09"  # no offset: as written


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("", "no date"),
        ("03/04/2020", "ambiguous"),
        ("banana", "not understood"),
        ("2020-13-01", "not understood"),
        ("June 2020", "lacks its day or year"),
        ("June 9", "lacks its day or year"),
        ("1850-01-01", "not plausible"),
        ("2031-01-01", "not plausible"),
    ],
)
def test_bad_dates_say_why(value, why):
    with pytest.raises(ValueError, match=why):
        parse_date(value, today=TODAY)


def test_a_format_settles_a_numeric_date():
    assert parse_date("03/04/2020", date_format="%d/%m/%Y", today=TODAY) == "2020-04-03"
    assert parse_date("03/04/2020", date_format="%m/%d/%Y", today=TODAY) == "2020-03-04"
    with pytest.raises(ValueError, match="does not match"):
        parse_date("2020-04-03", date_format="%d/%m/%Y", today=TODAY)


def test_unknown_time_zone_is_an_input_error():
    with pytest.raises(InputError, match="unknown time zone"):
        zone("Mars/Olympus")

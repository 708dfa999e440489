"""Publication dates as exports write them, parsed once into the corpus's ISO dates.

The rule for time zones: a timestamp that carries its offset ("2020-06-09T23:30:00-07:00",
"Tue, 09 Jun 2020 23:30:00 GMT", a Unix time) names an instant, and its date is the calendar
date of that instant in the study's time zone (`--timezone`, UTC unless given). A timestamp
without an offset, and a bare date, are taken as already in that zone: their written date is
kept. So one instant always falls on one date, whatever zone the exporting tool wrote it in.

Accepted: ISO 8601 dates and timestamps, RFC 2822 (e-mail and RSS), dates with the month in
words ("June 9, 2020", "9 June 2020", "Jun 9 2020 5:30PM"), Unix times in seconds or
milliseconds, and any format given as a strftime pattern (`--date-format`). A purely numeric
date such as 03/04/2020 is ambiguous (March or April?) and is refused unless a format says
which; so is a date before 1900 or more than a day in the future.
"""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from analysis.errors import InputError

_UNIX = re.compile(r"\d{9,10}(\d{3})?(\.\d+)?")
_NUMERIC = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(\s.*)?")
_MONTH_WORD = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b",
    re.IGNORECASE,
)
EARLIEST = dt.date(1900, 1, 1)


def zone(name: str) -> dt.tzinfo:
    """The time zone called `name` (IANA, e.g. "Europe/London", or "UTC")."""
    try:
        return dt.UTC if name.upper() == "UTC" else ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(f"unknown time zone {name!r} (use an IANA name such as UTC or America/Toronto)") from None


def parse_date(value: str, *, tz: dt.tzinfo = dt.UTC, date_format: str = "", today: dt.date | None = None) -> str:
    """`value` as an ISO date (YYYY-MM-DD) by the module's rule; ValueError (one line) when it
    is empty, not understood, ambiguous or implausible."""
    text = " ".join(str(value).split())
    if not text:
        raise ValueError("no date")
    when = _parse(text, date_format)
    if isinstance(when, dt.datetime):
        when = when.astimezone(tz).date() if when.tzinfo else when.date()
    limit = (today or dt.datetime.now(tz).date()) + dt.timedelta(days=1)
    if not EARLIEST <= when <= limit:
        raise ValueError(f"date {text[:40]!r} is not plausible for a news article")
    return when.isoformat()


def _parse(text: str, date_format: str) -> dt.date | dt.datetime:
    if date_format:
        try:
            return dt.datetime.strptime(text, date_format)
        except ValueError:
            raise ValueError(f"date {text[:40]!r} does not match --date-format {date_format!r}") from None
    if _UNIX.fullmatch(text):
        seconds = float(text) / (1000 if len(text.split(".")[0]) > 10 else 1)
        return dt.datetime.fromtimestamp(seconds, dt.UTC)
    iso = text.replace("Z", "+00:00") if text.endswith("Z") else text
    try:
        return dt.date.fromisoformat(iso) if len(iso) == 10 else dt.datetime.fromisoformat(iso)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        pass
    if _NUMERIC.fullmatch(text):
        raise ValueError(f"date {text[:40]!r} is ambiguous (day or month first?): give --date-format, e.g. %d/%m/%Y")
    if _MONTH_WORD.search(text):
        from dateutil import parser  # pandas' dependency

        try:  # parsed against two defaults: a part missing from the text (the day) shows as a difference
            first, second = (parser.parse(text, default=dt.datetime(2000 + m, m, m)) for m in (1, 2))
        except (ValueError, OverflowError):
            pass
        else:
            if first.date() != second.date():
                raise ValueError(f"date {text[:40]!r} lacks its day or year")
            return first
    raise ValueError(f"date {text[:40]!r} not understood (ISO 8601, RFC 2822 or month in words; else give --date-format)")

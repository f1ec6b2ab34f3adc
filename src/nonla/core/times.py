"""Times people type, read one way everywhere, and the text form the store keeps times in.

The store writes a time as ISO text in UTC with microseconds and a 'Z' (``events.utc_now``), so that comparing the
text compares the times on SQLite and PostgreSQL alike. What a typed time means differs between callers in two
points only, which each caller states: the zone of a time written without an offset, and whether a date alone is
the start or the end of its day.

>>> stored_text(read_time("2026-11-24T08:00:00+07:00"))
'2026-11-24T01:00:00.000000Z'
>>> stored_text(read_time("2026-11-24", zone=VIETNAM))
'2026-11-23T17:00:00.000000Z'
>>> stored_text(read_time("2027-01-31", date_ends_day=True))
'2027-01-31T23:59:59.999999Z'
>>> stored_text(read_time("0999-01-01"))  # four digits, or the text would sort after '2026-...'
'0999-01-01T00:00:00.000000Z'
>>> read_time("yesterday", "since")
Traceback (most recent call last):
...
nonla.core.errors.InvalidInput: since 'yesterday' is not a date or time.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo

from nonla.core.errors import InvalidInput

VIETNAM = timezone(timedelta(hours=7))  # no daylight saving: a fixed offset is exact
_DATE_ALONE = re.compile(r"\d{4}-\d{2}-\d{2}")
EXAMPLE = "2026-11-24 or 2026-11-24T08:00:00+07:00"


def stored_text(moment: datetime) -> str:
    """The stored form of an aware time."""
    moment = moment.astimezone(UTC)
    return f"{moment.year:04d}" + moment.strftime("-%m-%dT%H:%M:%S.%fZ")  # %Y writes the year 999 as '999'


def read_time(value: str, field: str = "time", *, zone: tzinfo = UTC, date_ends_day: bool = False) -> datetime:
    """An ISO date or date-time as an aware UTC time, or InvalidInput naming ``field``.

    A time without an offset is in ``zone``; a date alone is its midnight there, or its last microsecond when
    ``date_ends_day`` (an expiry date includes that day).
    """
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(f"{field} '{text[:40]}' is not a date or time.", hint=f"Write it as {EXAMPLE}.",
                           field=field) from None  # fmt: skip
    if date_ends_day and _DATE_ALONE.fullmatch(text):
        moment = moment.replace(hour=23, minute=59, second=59, microsecond=999999)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # 0001-01-01 in a zone east of UTC is before the first day datetime can hold
        raise InvalidInput(f"{field} '{text[:40]}' is out of range.", hint=f"Write it as {EXAMPLE}.",
                           field=field) from None  # fmt: skip


def stored_time(value: str, field: str = "time", *, zone: tzinfo = UTC, date_ends_day: bool = False) -> str:
    """``read_time`` in the stored form."""
    return stored_text(read_time(value, field, zone=zone, date_ends_day=date_ends_day))

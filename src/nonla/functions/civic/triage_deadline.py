"""Handling deadlines counted in working days (Monday to Friday; public holidays are not known here).

The day a message is received does not count: a message received on Friday with one working day is due on Monday.

>>> from datetime import date
>>> add_working_days(date(2026, 11, 20), 1)  # a Friday
datetime.date(2026, 11, 23)
>>> add_working_days(date(2026, 11, 21), 3)  # a Saturday: Monday, Tuesday, Wednesday
datetime.date(2026, 11, 25)
>>> add_working_days(date(2026, 11, 16), 5)  # a Monday: due the next Monday
datetime.date(2026, 11, 23)
"""

from __future__ import annotations

from datetime import date, timedelta

SATURDAY = 5


def add_working_days(start: date, days: int) -> date:
    day, left = start, days
    while left > 0:
        day += timedelta(days=1)
        if day.weekday() < SATURDAY:
            left -= 1
    return day

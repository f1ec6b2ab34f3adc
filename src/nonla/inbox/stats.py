"""Inbox statistics per category, department, ward or province, over days, weeks or months.

For each group: how many messages were received, how many were answered, the median handling time (received →
answered, in hours, over the answered ones), how many are overdue (the deadline has passed and they are still not
answered) and how many were answered after their deadline. Periods are days in Vietnam (UTC+7); a week is an ISO
week ('2025-W09'). The medians are computed here, not in SQL, so both databases give the same figures.

>>> period_of("2025-03-02", "week"), period_of("2025-03-02", "month"), period_of("2025-03-02", None)
('2025-W09', '2025-03', 'all')
>>> summarise([("answered", "2025-01-01T00:00:00.000000Z", "2025-01-01T10:30:00.000000Z", "2025-01-05"),
...            ("new", "2024-12-20T02:00:00.000000Z", None, "2024-12-31")], as_of="2025-01-02")
{'count': 2, 'answered': 1, 'median_handling_hours': 10.5, 'overdue': 1, 'answered_late': 0}
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any, Literal

from sqlalchemy import select

from nonla.core.errors import InvalidInput
from nonla.inbox.model import OPEN, local_day, parse_time, today
from nonla.inbox.reviews import sync_reviews
from nonla.inbox.service import filtered
from nonla.store.db import session
from nonla.store.schema import InboxMessage

GroupBy = Literal["category", "department", "ward", "province", "channel", "urgency", "status"]
GROUPS: tuple[str, ...] = ("category", "department", "ward", "province", "channel", "urgency", "status")
Period = Literal["day", "week", "month"]
PERIODS: tuple[str, ...] = ("day", "week", "month")


def period_of(day: str, period: str | None) -> str:
    """The label of the period a day (YYYY-MM-DD) falls in."""
    if period is None:
        return "all"
    if period == "month":
        return day[:7]
    if period == "week":
        year, week, _ = date.fromisoformat(day).isocalendar()
        return f"{year}-W{week:02d}"
    return day


def _hours(received_at: str, answered_at: str) -> float:
    return (parse_time(answered_at) - parse_time(received_at)).total_seconds() / 3600


def summarise(rows: Iterable[tuple[Any, ...]], as_of: str) -> dict[str, Any]:
    """Figures of one group from its (status, received_at, answered_at, deadline) rows."""
    count = answered = overdue = late = 0
    hours: list[float] = []
    for status, received_at, answered_at, deadline in rows:
        count += 1
        if answered_at is not None:
            answered += 1
            hours.append(_hours(received_at, answered_at))
            if deadline is not None and local_day(answered_at) > deadline:
                late += 1
        elif status in OPEN and deadline is not None and deadline < as_of:
            overdue += 1
    median = round(statistics.median(hours), 2) if hours else None
    return {"count": count, "answered": answered, "median_handling_hours": median, "overdue": overdue,
            "answered_late": late}  # fmt: skip


def stats(
    tenant: str = "default",
    by: str = "category",
    period: str | None = "month",
    as_of: str | None = None,
    include_held: bool = True,
    **filters: Any,
) -> dict[str, Any]:
    """Figures per (period, group), newest period first and the largest group first, and for the whole selection.

    ``as_of`` (a day, default today in Vietnam) decides what is overdue; ``filters`` are those of ``messages``.
    """
    if by not in GROUPS:
        raise InvalidInput(f"Cannot group by '{by}'.", hint=f"Use one of: {', '.join(GROUPS)}.", field="by")
    if period is not None and period not in PERIODS:
        raise InvalidInput(f"Unknown period '{period}'.", hint="Use day, week or month (or none for all time).",
                           field="period")  # fmt: skip
    try:  # 20260105 and 2026-W02-1 are ISO dates too; deadlines compare as YYYY-MM-DD text
        as_of = date.fromisoformat(as_of).isoformat() if as_of else today()
    except ValueError:
        raise InvalidInput(f"as_of is not a date: {as_of[:40]!r}.", hint="Write it as 2025-03-02.") from None
    sync_reviews(tenant)
    conditions = filtered(tenant, include_held=include_held, as_of=as_of, **filters)
    key = getattr(InboxMessage, by)
    query = select(InboxMessage.received_on, key, InboxMessage.status, InboxMessage.received_at,
                   InboxMessage.answered_at, InboxMessage.deadline).where(*conditions)  # fmt: skip
    groups: dict[tuple[str, Any], list[tuple[Any, ...]]] = defaultdict(list)
    every: list[tuple[Any, ...]] = []
    with session() as s:
        for received_on, group, *figures in s.execute(query):
            groups[(period_of(received_on, period), group)].append(tuple(figures))
            every.append(tuple(figures))
    rows = [{"period": label, by: group, **summarise(found, as_of)} for (label, group), found in groups.items()]
    rows.sort(key=lambda r: (r["period"], -r["count"], str(r[by])))
    rows.sort(key=lambda r: r["period"], reverse=True)  # stable: newest period first, largest group first within
    return {"by": by, "period": period or "all", "as_of": as_of, "total": summarise(every, as_of), "rows": rows}

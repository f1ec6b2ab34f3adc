"""Rate limits and daily quotas per API key: requests per minute and per UTC day, checked before any route runs.

A key without limits costs one dictionary lookup per request (limits sit in memory for a second); a limited key
costs one counter update per request, in the store, so every server process counts the same requests.

>>> windows(datetime(2026, 11, 22, 19, 30, 5, tzinfo=UTC))
('m:2026-11-22T19:30', 'd:2026-11-22', 55, 16195)
"""

from __future__ import annotations

import os
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from nonla.core.config import settings
from nonla.core.errors import InvalidInput, NotFound, RateLimited
from nonla.core.events import Changed, utc_now
from nonla.governance.audit import append
from nonla.store.db import session
from nonla.store.schema import ApiKey
from nonla.store.schema_governance import KeyQuota, KeyUsage

CACHE_SECONDS = 1.0
MAX_LIMIT = 10_000_000
_clock = time.monotonic


def windows(now: datetime) -> tuple[str, str, int, int]:
    """(minute window, day window, seconds until the minute ends, seconds until the day ends)."""
    minute_end = now.replace(second=0, microsecond=0) + timedelta(minutes=1)
    day_end = now.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    return (f"m:{now:%Y-%m-%dT%H:%M}", f"d:{now:%Y-%m-%d}", max(1, int((minute_end - now).total_seconds())),
            max(1, int((day_end - now).total_seconds())))  # fmt: skip


def _check(value: int | None, field: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_LIMIT:
        raise InvalidInput(f"{field} must be a whole number from 1 to {MAX_LIMIT:,} (or empty for no limit).",
                           field=field)  # fmt: skip
    return value


def _view(row: KeyQuota) -> dict[str, Any]:
    return {"key_id": row.key_id, "per_minute": row.per_minute, "per_day": row.per_day,
            "updated_by": row.updated_by, "updated_at": row.updated_at}  # fmt: skip


def set_quota(key_id: str, per_minute: int | None = None, per_day: int | None = None, *,
              tenant: str | None = None, actor: str = "local") -> dict[str, Any]:  # fmt: skip
    """Set (or, with both None, remove) a key's limits; ``tenant`` restricts it to that tenant's keys. Audited."""
    per_minute, per_day = _check(per_minute, "per_minute"), _check(per_day, "per_day")
    with session(write=True) as s:
        key = s.get(ApiKey, key_id)
        if key is None or (tenant is not None and key.tenant != tenant):
            raise NotFound(f"There is no key with id '{key_id}'.", hint="List keys with `nonla keys list`.")
        row = s.get(KeyQuota, key_id)
        if per_minute is None and per_day is None:
            if row is not None:
                s.delete(row)
            body = {"key_id": key_id, "per_minute": None, "per_day": None}
        else:
            if row is None:
                row = KeyQuota(key_id=key_id)
                s.add(row)
            row.per_minute, row.per_day, row.updated_by, row.updated_at = per_minute, per_day, actor[:64], utc_now()
            body = _view(row)
        append(s, Changed(actor=actor, action="key.quota", target=key_id,
                          detail={"tenant": key.tenant, "per_minute": per_minute, "per_day": per_day}))  # fmt: skip
    _invalidate()
    return body


def quotas(tenant: str | None = None) -> list[dict[str, Any]]:
    with session() as s:
        query = select(KeyQuota).join(ApiKey, ApiKey.id == KeyQuota.key_id).order_by(KeyQuota.key_id)
        if tenant is not None:
            query = query.where(ApiKey.tenant == tenant)
        return [_view(row) for row in s.scalars(query)]


_cache: dict[tuple[str | None, str | None], tuple[float, dict[str, tuple[int | None, int | None]]]] = {}
_lock = threading.Lock()


def _invalidate() -> None:
    with _lock:
        _cache.clear()


def _limits() -> dict[str, tuple[int | None, int | None]]:
    store = (os.environ.get("NONLA_DATABASE_URL"), os.environ.get("NONLA_HOME"))
    cached = _cache.get(store)
    moment = _clock()
    if cached is None or cached[0] <= moment:
        with session(url=settings().database_url) as s:
            loaded = {row.key_id: (row.per_minute, row.per_day) for row in s.scalars(select(KeyQuota))}
        with _lock:
            _cache[store] = cached = (moment + CACHE_SECONDS, loaded)
    return cached[1]


def _count(s: Any, key_id: str, period: str) -> int:
    insert = pg_insert if s.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(KeyUsage).values(key_id=key_id, period=period, count=1)
    statement = statement.on_conflict_do_update(index_elements=["key_id", "period"],
                                                set_={"count": KeyUsage.count + 1})  # fmt: skip
    s.execute(statement)
    return int(s.scalar(select(KeyUsage.count).where(KeyUsage.key_id == key_id, KeyUsage.period == period)) or 0)


def check(key_id: str, now: datetime | None = None) -> None:
    """Count one request of the key; RateLimited (429, Retry-After) once it is over a limit."""
    limits = _limits().get(key_id)
    if limits is None:
        return
    per_minute, per_day = limits
    minute, day, minute_left, day_left = windows(now or datetime.now(UTC))
    with session(write=True) as s:
        used_minute = _count(s, key_id, minute) if per_minute else 0
        used_day = _count(s, key_id, day) if per_day else 0
    if per_day and used_day > per_day:
        raise RateLimited(f"This key used its {per_day:,} requests for today (UTC).", retry_after=day_left)
    if per_minute and used_minute > per_minute:
        raise RateLimited(f"This key may make {per_minute:,} requests a minute.", retry_after=minute_left)


def prune(now: datetime | None = None) -> int:
    """Drop counters of windows that ended (yesterday's days, minutes before this one)."""
    from sqlalchemy import delete

    minute, day, _, _ = windows(now or datetime.now(UTC))
    with session(write=True) as s:
        stale = (KeyUsage.period.startswith("m:") & (KeyUsage.period < minute)) | (
            KeyUsage.period.startswith("d:") & (KeyUsage.period < day))  # fmt: skip
        return int(s.execute(delete(KeyUsage).where(stale)).rowcount or 0)

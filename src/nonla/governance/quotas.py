"""Rate limits and daily quotas per API key: requests per minute and per UTC day, checked before any route runs.

A key without limits costs one dictionary lookup per request (limits sit in memory for a second); a limited key
costs one counter update per request, in the store, so every server process counts the same requests. An agency's
limit over all its keys together (nonla.governance.tenant_quotas) is checked the same way, after the key's.

Limits answer to whoever set them: the installation (the CLI, admins of the default tenant) sets and lifts any key's;
an agency's admins set their agency's other keys' limits and change only those, so a limit the installation put on
an agency cannot be lifted by the agency it limits, nor a key's limit by the key itself.

>>> windows(datetime(2026, 11, 22, 19, 30, 5, tzinfo=UTC))
('m:2026-11-22T19:30', 'd:2026-11-22', 55, 16195)
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from nonla.core.config import settings
from nonla.core.context import DEFAULT_TENANT
from nonla.core.errors import Forbidden, InvalidInput, NotFound, RateLimited
from nonla.core.events import Changed, utc_now
from nonla.governance.audit import append
from nonla.store.db import session
from nonla.store.schema import ApiKey
from nonla.store.schema_governance import KeyQuota, KeyUsage, TenantUsage

CACHE_SECONDS = 1.0
MAX_LIMIT = 10_000_000
_clock = time.monotonic


def windows(now: datetime) -> tuple[str, str, int, int]:
    """(minute window, day window, seconds until the minute ends, seconds until the day ends)."""
    minute_end = now.replace(second=0, microsecond=0) + timedelta(minutes=1)
    day_end = now.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    return (f"m:{now:%Y-%m-%dT%H:%M}", f"d:{now:%Y-%m-%d}", max(1, int((minute_end - now).total_seconds())),
            max(1, int((day_end - now).total_seconds())))  # fmt: skip


def checked_limit(value: int | None, field: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_LIMIT:
        raise InvalidInput(f"{field} must be a whole number from 1 to {MAX_LIMIT:,} (or empty for no limit).",
                           field=field)  # fmt: skip
    return value


def _view(row: KeyQuota) -> dict[str, Any]:
    return {"key_id": row.key_id, "per_minute": row.per_minute, "per_day": row.per_day, "set_by": row.set_by,
            "updated_by": row.updated_by, "updated_at": row.updated_at}  # fmt: skip


class QuotaSetByInstallation(Forbidden):
    code = "quota_set_by_installation"
    default_hint = "Only the installation's admins can change or remove it: ask them."


class UnknownTenant(NotFound):
    code = "unknown_tenant"
    default_hint = "Check the agency's id: an agency is known once a key has been created for it (nonla keys list)."


class OwnKeyQuota(Forbidden):
    code = "own_key_quota"
    default_hint = "Ask another admin of your agency, or the installation's admins, to change this key's limits."


@dataclass(frozen=True)
class QuotaRefused(Changed):
    """A refused change of a key's limits: audited, so a key that tried to lift its own limit shows in the log."""

    code: str = ""

    def audit_fields(self) -> dict[str, Any]:
        return {**super().audit_fields(), "status": "refused", "error_code": self.code}


def set_quota(key_id: str, per_minute: int | None = None, per_day: int | None = None, *,
              tenant: str | None = None, caller_key: str | None = None, actor: str = "local") -> dict[str, Any]:  # fmt: skip
    """Set (or, with both None, remove) a key's limits. Audited, refusals too.

    ``tenant`` None is the installation (the CLI, an admin of the default tenant): any key, any limit. Another
    ``tenant`` is that agency's admin, ``caller_key`` its key: only the agency's keys, never ``caller_key`` itself,
    and only limits the agency set (a limit the installation set is not the limited agency's to lift)."""
    per_minute, per_day = checked_limit(per_minute, "per_minute"), checked_limit(per_day, "per_day")
    set_by = "installation" if tenant is None or tenant == DEFAULT_TENANT else "agency"
    with session(write=True) as s:
        key = s.get(ApiKey, key_id)
        if key is None or (tenant is not None and key.tenant != tenant):
            raise NotFound(f"There is no key with id '{key_id}'.", hint="List keys with `nonla keys list`.")
        row = s.get(KeyQuota, key_id)
        detail = {"tenant": key.tenant, "per_minute": per_minute, "per_day": per_day, "set_by": set_by}
        refusal = _refusal(key_id, row, set_by, caller_key)
        if refusal is not None:  # the refusal's audit row commits with this transaction; the error is raised after
            append(s, QuotaRefused(actor=actor, action="key.quota.refused", target=key_id, detail=detail,
                                   code=refusal.code))  # fmt: skip
        else:
            body = _apply(s, key_id, row, per_minute, per_day, set_by, actor)
            append(s, Changed(actor=actor, action="key.quota", target=key_id, detail=detail))
    if refusal is not None:
        raise refusal
    invalidate()
    return body


def _refusal(key_id: str, row: KeyQuota | None, set_by: str, caller_key: str | None) -> Forbidden | None:
    """Why an agency's admin may not change this key's limits (None: it may; the installation always may)."""
    if set_by == "installation":
        return None
    if key_id == caller_key:  # a limited key would otherwise lift its own limit
        return OwnKeyQuota("A key cannot change its own rate limit or quota.")
    if row is not None and row.set_by == "installation":
        return QuotaSetByInstallation("The installation set this key's limits; your agency cannot change or remove "
                                      "them.")  # fmt: skip
    return None


def _apply(s: Any, key_id: str, row: KeyQuota | None, per_minute: int | None, per_day: int | None, set_by: str,
           actor: str) -> dict[str, Any]:  # fmt: skip
    written = store_limits(s, row, lambda: KeyQuota(key_id=key_id), per_minute, per_day, actor, set_by=set_by)
    return _view(written) if written is not None else {"key_id": key_id, "per_minute": None, "per_day": None}


def store_limits(s: Any, row: Any, new_row: Callable[[], Any], per_minute: int | None, per_day: int | None,
                 actor: str, **fields: Any) -> Any:  # fmt: skip
    """Write the limits (and ``fields``) into ``row``, added from ``new_row()`` when there is none yet; both
    limits None deletes the row, since no row means unlimited. Returns the row written, or None when deleted."""
    if per_minute is None and per_day is None:
        if row is not None:
            s.delete(row)
        return None
    if row is None:
        row = new_row()
        s.add(row)
    row.per_minute, row.per_day = per_minute, per_day
    for name, value in fields.items():
        setattr(row, name, value)
    row.updated_by, row.updated_at = actor[:64], utc_now()
    return row


def quotas(tenant: str | None = None) -> list[dict[str, Any]]:
    with session() as s:
        query = select(KeyQuota).join(ApiKey, ApiKey.id == KeyQuota.key_id).order_by(KeyQuota.key_id)
        if tenant is not None:
            query = query.where(ApiKey.tenant == tenant)
        return [_view(row) for row in s.scalars(query)]


Limits = tuple[int | None, int | None]  # (per minute, per day)
_cache: dict[tuple[str, str | None, str | None], tuple[float, dict[str, Limits]]] = {}
_lock = threading.Lock()


def invalidate() -> None:
    with _lock:
        _cache.clear()


def cached_limits(owner: Any = KeyQuota.key_id) -> dict[str, Limits]:
    """Every limit of a quota table by its owner (``KeyQuota.key_id``, or ``TenantQuota.tenant`` for agencies), read
    from the store at most once a second per process: an unlimited caller costs no store read."""
    table = owner.class_
    store = (table.__tablename__, os.environ.get("NONLA_DATABASE_URL"), os.environ.get("NONLA_HOME"))
    cached = _cache.get(store)
    moment = _clock()
    if cached is None or cached[0] <= moment:
        with session(url=settings().database_url) as s:
            rows = s.execute(select(owner, table.per_minute, table.per_day))
            loaded = {name: (per_minute, per_day) for name, per_minute, per_day in rows}
        with _lock:
            _cache[store] = cached = (moment + CACHE_SECONDS, loaded)
    return cached[1]


def count_in(s: Any, owner: Any, name: str, period: str) -> int:
    """Add one request to ``name``'s counter of ``period`` in a usage table (``owner`` is its ``KeyUsage.key_id`` or
    ``TenantUsage.tenant``) and return the new count: one upsert, so concurrent processes never lose a request."""
    usage = owner.class_
    insert = pg_insert if s.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(usage).values({owner.key: name, "period": period, "count": 1})
    statement = statement.on_conflict_do_update(index_elements=[owner.key, "period"],
                                                set_={"count": usage.count + 1})  # fmt: skip
    s.execute(statement)
    return int(s.scalar(select(usage.count).where(owner == name, usage.period == period)) or 0)


def _count(s: Any, key_id: str, period: str) -> int:
    return count_in(s, KeyUsage.key_id, key_id, period)


def spend(owner: Any, name: str, limits: Limits, now: datetime, whose: str, hint: str | None = None) -> None:
    """Count one request of ``name`` in the usage table of ``owner``; RateLimited once it is over ``limits``
    (``whose`` starts the message: 'This key', 'Your agency')."""
    per_minute, per_day = limits
    minute, day, minute_left, day_left = windows(now)
    with session(write=True) as s:
        used_minute = count_in(s, owner, name, minute) if per_minute else 0
        used_day = count_in(s, owner, name, day) if per_day else 0
    if per_day and used_day > per_day:
        raise RateLimited(f"{whose} used its {per_day:,} requests for today (UTC).", hint=hint, retry_after=day_left)
    if per_minute and used_minute > per_minute:
        raise RateLimited(f"{whose} may make {per_minute:,} requests a minute.", hint=hint,
                          retry_after=minute_left)  # fmt: skip


def check(key_id: str, now: datetime | None = None, tenant: str | None = None) -> None:
    """Count one request of the key, then of its agency; RateLimited (429, Retry-After) once either is over a limit.

    ``tenant`` is the key's agency; left out, it is read from the store, and only while some agency is limited."""
    from nonla.governance.tenant_quotas import check_agency  # that module builds on this one

    moment = now or datetime.now(UTC)
    limits = cached_limits().get(key_id)
    if limits is not None:
        spend(KeyUsage.key_id, key_id, limits, moment, "This key")
    check_agency(key_id, tenant, moment)


def prune(now: datetime | None = None) -> int:
    """Drop counters of windows that ended (yesterday's days, minutes before this one), of keys and of agencies."""
    from sqlalchemy import delete

    minute, day, _, _ = windows(now or datetime.now(UTC))
    dropped = 0
    with session(write=True) as s:
        for usage in (KeyUsage, TenantUsage):
            stale = (usage.period.startswith("m:") & (usage.period < minute)) | (
                usage.period.startswith("d:") & (usage.period < day))  # fmt: skip
            dropped += int(s.execute(delete(usage).where(stale)).rowcount or 0)
    return dropped

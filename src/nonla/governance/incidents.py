"""Incidents, breaches and suspensions of functions and models.

An incident names a function (``name``, every version) or one version (``name@version``), a severity and what
happened. Suspending a target makes every surface refuse it (``FunctionSuspended``, HTTP 423) through the runner's
guard hook, until an admin resumes it. A breach of personal data starts the 72-hour clock within which the
authority must be notified (Nghị định 13/2023/NĐ-CP, Art. 23; GDPR Art. 33): ``notify_by`` and ``overdue`` show it.

The guard runs on every call, so suspensions sit in memory for at most a second: a suspension made by another
process (the CLI while the server runs) applies within that second.

>>> deadline("2026-11-20T08:00:00.000000Z")
'2026-11-23T08:00:00.000000Z'
"""

from __future__ import annotations

import os
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from nonla.core.catalog import CatalogEntry
from nonla.core.config import settings
from nonla.core.context import OWNED, tenant_scope
from nonla.core.errors import Conflict, FunctionSuspended, InvalidInput, NotFound
from nonla.core.events import Changed, utc_now
from nonla.core.runner import guard_unattended
from nonla.core.times import read_time, stored_text
from nonla.governance.audit import append
from nonla.store.db import session
from nonla.store.schema_governance import Incident, Suspension

SEVERITIES = ("low", "medium", "high", "critical")
KINDS = ("incident", "breach")
NOTIFY_WITHIN = timedelta(hours=72)
CACHE_SECONDS = 1.0
_clock = time.monotonic
CLOCK_SKEW = timedelta(minutes=5)  # the recording machine's clock and the server's may differ a little


def past_time(value: str, field: str, not_before: str | None = None) -> str:
    """A time something happened, as stored: never in the future, never before ``not_before``; else InvalidInput.

    >>> past_time("2026-11-20", "detected_at")
    '2026-11-20T00:00:00.000000Z'
    """
    moment = read_time(value, field)
    if moment > datetime.now(UTC) + CLOCK_SKEW:
        raise InvalidInput(f"{field} {value[:40]} is in the future.",
                           hint="Give the time it happened (or leave it out for now).", field=field)  # fmt: skip
    stored = stored_text(moment)
    if not_before is not None and stored < not_before:
        raise InvalidInput(f"{field} {value[:40]} is before the incident was detected ({not_before}).",
                           hint="Give a time after its detection.", field=field)  # fmt: skip
    return stored


def deadline(detected_at: str) -> str:
    """When the authority must have been told of a breach detected at ``detected_at``."""
    return stored_text(read_time(detected_at, "detected_at") + NOTIFY_WITHIN)


def view(row: Incident, now: datetime | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"id": row.id, "kind": row.kind, "target": row.target, "severity": row.severity,
                            "description": row.description, "status": row.status, "detected_at": row.detected_at,
                            "closed_at": row.closed_at, "created_by": row.created_by, "created_at": row.created_at}  # fmt: skip
    if row.kind == "breach":
        notify_by = deadline(row.detected_at)
        moment = now or datetime.now(UTC)
        body.update(notify_by=notify_by, notified_at=row.notified_at,
                    overdue=row.notified_at is None and moment > read_time(notify_by))  # fmt: skip
    return body


def _target(target: str, tenant: str = "default") -> str:
    """The function named (its latest version's name, or name@version), checked against the catalogue as
    ``tenant`` sees it (a custom model or pipeline is that agency's own)."""
    from nonla.sources import catalog

    value = target.strip()
    if not value:
        raise InvalidInput("Name the function or model, as name or name@version.", field="target")
    with tenant_scope(tenant):
        entry = catalog().resolve(value)
    return entry.ref if "@" in value else entry.name


def held_key(target: str, tenant: str) -> str:
    """What a suspension is stored under: a built-in function by its name, for every agency; a custom model or
    pipeline (each agency names its own) as ``tenant:name``, so suspending one agency's model leaves another's
    of the same name alone.

    >>> held_key("vi.words@1", "so-y-te"), held_key("custom.muc_do", "so-y-te")
    ('vi.words@1', 'so-y-te:custom.muc_do')
    """
    return f"{tenant}:{target}" if target.startswith(OWNED) else target


def record(target: str, severity: str, description: str, *, kind: str = "incident", detected_at: str | None = None,
           tenant: str = "default", actor: str = "local") -> dict[str, Any]:  # fmt: skip
    """Record an incident (or a breach) against a function or model; audited."""
    if severity not in SEVERITIES:
        raise InvalidInput(f"Unknown severity '{severity}'.", hint=f"Use one of: {', '.join(SEVERITIES)}.")
    if kind not in KINDS:
        raise InvalidInput(f"Unknown kind '{kind}'.", hint=f"Use one of: {', '.join(KINDS)}.")
    if not description.strip() or len(description) > 10_000:
        raise InvalidInput("Describe what happened (1 to 10,000 characters).", field="description")
    name = _target(target, tenant)
    detected = past_time(detected_at, "detected_at") if detected_at else utc_now()
    with session(write=True) as s:
        row = Incident(tenant=tenant, kind=kind, target=name, severity=severity, description=description.strip(),
                       status="open", detected_at=detected, created_by=actor[:64], created_at=utc_now())  # fmt: skip
        s.add(row)
        s.flush()
        append(s, Changed(actor=actor, action=f"{kind}.record", target=name,
                          detail={"tenant": tenant, "id": row.id, "severity": severity}))  # fmt: skip
        return view(row)


def incidents(tenant: str = "default", kind: str | None = None, open_only: bool = False,
              now: datetime | None = None) -> list[dict[str, Any]]:  # fmt: skip
    with session() as s:
        query = select(Incident).where(Incident.tenant == tenant)
        if kind:
            query = query.where(Incident.kind == kind)
        if open_only:
            query = query.where(Incident.status == "open")
        return [view(row, now) for row in s.scalars(query.order_by(Incident.id.desc()))]


def _find(s: Any, incident_id: int, tenant: str) -> Incident:
    row = s.get(Incident, incident_id)
    if row is None or row.tenant != tenant:
        raise NotFound(f"There is no incident {incident_id}.", hint="List them with `nonla incidents list`.")
    return row


def close(incident_id: int, *, tenant: str = "default", actor: str = "local") -> dict[str, Any]:
    with session(write=True) as s:
        row = _find(s, incident_id, tenant)
        if row.status == "closed":
            raise Conflict(f"Incident {incident_id} is already closed.")
        row.status, row.closed_at = "closed", utc_now()
        append(s, Changed(actor=actor, action=f"{row.kind}.close", target=row.target,
                          detail={"tenant": tenant, "id": row.id}))  # fmt: skip
        return view(row)


def notified(
    incident_id: int, *, at: str | None = None, tenant: str = "default", actor: str = "local"
) -> dict[str, Any]:
    """Record that the authority was notified of a breach (stops the overdue flag)."""
    with session(write=True) as s:
        row = _find(s, incident_id, tenant)
        if row.kind != "breach":
            raise InvalidInput(f"Incident {incident_id} is not a breach; only breaches are notified.")
        row.notified_at = past_time(at, "notified_at", not_before=row.detected_at) if at else utc_now()
        append(s, Changed(actor=actor, action="breach.notified", target=row.target,
                          detail={"tenant": tenant, "id": row.id, "notified_at": row.notified_at}))  # fmt: skip
        return view(row)


def suspend(target: str, reason: str, *, incident_id: int | None = None, tenant: str = "default",
            actor: str = "local") -> dict[str, Any]:  # fmt: skip
    """Refuse every call of ``target`` on every surface until resumed; audited. A built-in function is refused for
    every tenant; a custom model or pipeline is ``tenant``'s own and refused for that agency only."""
    if not reason.strip():
        raise InvalidInput("Say why the function is suspended.", field="reason")
    name = held_key(_target(target, tenant), tenant)
    with session(write=True) as s:
        if incident_id is not None:
            _find(s, incident_id, tenant)  # a suspension names an incident of this agency that exists
        if s.get(Suspension, name) is not None:
            raise Conflict(f"{name} is already suspended.", hint=f"Resume it with `nonla incidents resume {name}`.")
        row = Suspension(target=name, reason=reason.strip(), incident_id=incident_id, suspended_by=actor[:64],
                         suspended_at=utc_now())  # fmt: skip
        s.add(row)
        append(s, Changed(actor=actor, action="function.suspend", target=name,
                          detail={"reason": row.reason, "incident_id": incident_id}))  # fmt: skip
        body = _suspension(row)
    _invalidate()
    return body


def resume(target: str, *, tenant: str = "default", actor: str = "local") -> dict[str, Any]:
    name = held_key(target.strip(), tenant)
    with session(write=True) as s:
        row = s.get(Suspension, name) or s.get(Suspension, target.strip())  # also one stored before agencies
        if row is None:
            raise NotFound(f"{name} is not suspended.", hint="List suspensions with `nonla incidents suspended`.")
        body = _suspension(row)
        s.delete(row)
        append(s, Changed(actor=actor, action="function.resume", target=name, detail={}))
    _invalidate()
    return body


def _suspension(row: Suspension) -> dict[str, Any]:
    tenant, _, target = row.target.rpartition(":")
    return {"target": target, "tenant": tenant or None, "reason": row.reason, "incident_id": row.incident_id,
            "suspended_by": row.suspended_by, "suspended_at": row.suspended_at}  # fmt: skip


def suspensions(tenant: str | None = None) -> list[dict[str, Any]]:
    """Every suspension, or those that concern ``tenant``: the built-in functions' and its own models'."""
    with session() as s:
        rows = [_suspension(row) for row in s.scalars(select(Suspension).order_by(Suspension.target))]
    return [row for row in rows if tenant is None or row["tenant"] in (None, tenant)]


_cache: dict[tuple[str | None, str | None], tuple[float, dict[str, str]]] = {}
_cache_lock = threading.Lock()


def _invalidate() -> None:
    with _cache_lock:
        _cache.clear()


def suspended() -> dict[str, str]:
    """{target: reason} from memory, reloaded at most every second (keyed by the variables that pick the store)."""
    store = (os.environ.get("NONLA_DATABASE_URL"), os.environ.get("NONLA_HOME"))
    cached = _cache.get(store)
    now = _clock()
    if cached is None or cached[0] <= now:
        with session(url=settings().database_url) as s:
            loaded = {row.target: row.reason for row in s.scalars(select(Suspension))}
        with _cache_lock:
            _cache[store] = cached = (now + CACHE_SECONDS, loaded)
    return cached[1]


def guard(entry: CatalogEntry, tenant: str = "default") -> None:
    """The runner's guard hook: refuse a suspended function (all versions) or version.

    A routed name (``custom.NAME``) is guarded again on the version routing picks (core.runner.guard_answering), so
    suspending ``custom.NAME@N`` also refuses the calls of ``custom.NAME`` that version would answer."""
    held = suspended()
    if not held:
        return
    for target in (entry.ref, entry.name):
        # a custom model suspended before each agency named its own was stored by its bare name: it stays refused
        for key in dict.fromkeys((held_key(target, tenant), target)):
            if key in held:
                raise FunctionSuspended(f"{entry.ref} is suspended: {held[key]}", target=target)


guard_unattended(guard)  # collections and other code calling functions outside a runner call are guarded too

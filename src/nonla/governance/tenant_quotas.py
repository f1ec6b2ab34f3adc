"""Limits of an agency (a tenant) over all its keys together: requests per minute and per UTC day.

Per-key limits alone leave a hole: an agency's admin creates more keys of the agency, each unlimited until someone
limits it. An agency's limit counts the requests of every key of the agency, in the store (so every server process
counts the same requests), and is checked after the key's own limit on every request.

Only the installation (the CLI, admins of the default tenant) sets, changes or lifts an agency's limit; the agency's
admins read their agency's limit and what it used, and a try to change it is refused (403) and audited. The default
tenant is the installation itself: its keys are limited one by one.

An agency without a limit costs one dictionary lookup per request, as an unlimited key does: the limits sit in memory
for a second (``quotas.cached_limits``) and nothing is counted.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from nonla.core.context import DEFAULT_TENANT, TENANT_ID
from nonla.core.errors import InvalidInput
from nonla.core.events import Changed
from nonla.governance.audit import append
from nonla.governance.quotas import (
    QuotaRefused,
    QuotaSetByInstallation,
    UnknownTenant,
    cached_limits,
    checked_limit,
    invalidate,
    spend,
    store_limits,
    windows,
)
from nonla.store.db import session
from nonla.store.schema import ApiKey
from nonla.store.schema_governance import TenantQuota, TenantUsage

AGENCY_HINT = ("This is your agency's limit, over all its keys together: wait for the number of seconds in "
               "Retry-After, or ask the installation's admins to raise it.")  # fmt: skip


def set_tenant_quota(tenant: str, per_minute: int | None = None, per_day: int | None = None, *,
                     caller_tenant: str | None = None, actor: str = "local") -> dict[str, Any]:  # fmt: skip
    """Set (or, with both None, lift) an agency's limits over all its keys. Audited, refusals too.

    ``caller_tenant`` None or 'default' is the installation, which alone may do it; an agency's admin is refused
    (QuotaSetByInstallation) for its own agency and does not see any other (UnknownTenant)."""
    per_minute, per_day = checked_limit(per_minute, "per_minute"), checked_limit(per_day, "per_day")
    installation = caller_tenant is None or caller_tenant == DEFAULT_TENANT
    detail = {"tenant": tenant, "per_minute": per_minute, "per_day": per_day}
    with session(write=True) as s:
        _known(s, tenant, caller_tenant)
        if not installation:  # the refusal's audit row commits with this transaction; the error is raised after
            refusal = QuotaSetByInstallation("Your agency's limits are the installation's to set; your agency "
                                             "cannot change or remove them.")  # fmt: skip
            append(s, QuotaRefused(actor=actor, action="tenant.quota.refused", target=tenant, detail=detail,
                                   code=refusal.code))  # fmt: skip
        else:
            body = _apply(s, tenant, per_minute, per_day, actor)
            append(s, Changed(actor=actor, action="tenant.quota", target=tenant, detail=detail))
    if not installation:
        raise refusal
    invalidate()
    return body


def clear_tenant_quota(tenant: str, *, caller_tenant: str | None = None, actor: str = "local") -> dict[str, Any]:
    """Lift an agency's limits (the installation only): its keys keep their own."""
    return set_tenant_quota(tenant, None, None, caller_tenant=caller_tenant, actor=actor)


def _known(s: Any, tenant: str, caller_tenant: str | None) -> None:
    """UnknownTenant unless ``tenant`` is an agency with a key (revoked ones count) that the caller may see."""
    if tenant == DEFAULT_TENANT:
        raise InvalidInput("The default tenant is the installation itself: limit its keys one by one.",
                           field="tenant", hint="Give an agency's id (nonla keys list shows each key's tenant).")  # fmt: skip
    visible = caller_tenant in (None, DEFAULT_TENANT, tenant)
    known = TENANT_ID.fullmatch(tenant) and s.scalar(select(ApiKey.id).where(ApiKey.tenant == tenant).limit(1))
    if not (visible and known):
        raise UnknownTenant(f"There is no agency '{tenant}'.")


def _apply(s: Any, tenant: str, per_minute: int | None, per_day: int | None, actor: str) -> dict[str, Any]:
    row = store_limits(s, s.get(TenantQuota, tenant), lambda: TenantQuota(tenant=tenant), per_minute, per_day, actor)
    return _view(row) if row is not None else {"tenant": tenant, "per_minute": None, "per_day": None}


def _view(row: TenantQuota) -> dict[str, Any]:
    return {"tenant": row.tenant, "per_minute": row.per_minute, "per_day": row.per_day,
            "updated_by": row.updated_by, "updated_at": row.updated_at}  # fmt: skip


def tenant_quota(tenant: str, *, caller_tenant: str | None = None, now: datetime | None = None) -> dict[str, Any]:
    """An agency's limits (None: unlimited) and the requests its keys made this minute and today (UTC), counted
    while a limit is set. Its own admins may read it; UnknownTenant for an agency the caller does not see."""
    minute, day, _, _ = windows(now or datetime.now(UTC))
    with session() as s:
        _known(s, tenant, caller_tenant)
        row = s.get(TenantQuota, tenant)
        body = _view(row) if row is not None else {"tenant": tenant, "per_minute": None, "per_day": None}
        used = dict(s.execute(select(TenantUsage.period, TenantUsage.count).where(
            TenantUsage.tenant == tenant, TenantUsage.period.in_([minute, day]))).all())  # fmt: skip
    return {**body, "used_this_minute": used.get(minute, 0), "used_today": used.get(day, 0)}


def tenant_quotas(caller_tenant: str | None = None) -> list[dict[str, Any]]:
    """The agencies with limits: every one for the installation, only its own for an agency's admin."""
    with session() as s:
        query = select(TenantQuota).order_by(TenantQuota.tenant)
        if caller_tenant not in (None, DEFAULT_TENANT):
            query = query.where(TenantQuota.tenant == caller_tenant)
        return [_view(row) for row in s.scalars(query)]


def check_agency(key_id: str, tenant: str | None, now: datetime) -> None:
    """Count one request of the key's agency; RateLimited (429, Retry-After) once the agency is over its limit.

    Nothing is read or written while no agency is limited; ``tenant`` None is looked up from the key."""
    limited = cached_limits(TenantQuota.tenant)
    if not limited:
        return
    agency = tenant if tenant is not None else _tenant_of(key_id)
    limits = limited.get(agency) if agency is not None else None
    if limits is not None and agency is not None:
        spend(TenantUsage.tenant, agency, limits, now, "Your agency", hint=AGENCY_HINT)


def _tenant_of(key_id: str) -> str | None:
    with session() as s:
        return s.scalar(select(ApiKey.tenant).where(ApiKey.id == key_id))

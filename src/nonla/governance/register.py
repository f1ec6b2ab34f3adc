"""The risk register: every function and custom model with its risk class, intended use and human-oversight rule.

Human oversight is built in: every result of a high-risk function goes to the review queue (``always``) in every
tenant, unless the tenant's admin stored their own review policy for it or recorded an audited exception here.
``review_policy.policy_for`` asks ``built_in_policy`` when a tenant has no policy of its own.

>>> oversight_rule(None, "high", excepted=False)
'built-in: every result goes to the review queue'
"""

from __future__ import annotations

import os
import threading
import time
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from nonla.core.config import settings
from nonla.core.context import current_tenant, tenant_scope
from nonla.core.errors import InvalidInput, NonlaError, NotFound
from nonla.core.events import Changed, utc_now
from nonla.core.function import Risk
from nonla.governance.audit import append
from nonla.store.db import session
from nonla.store.schema_governance import OversightException

if TYPE_CHECKING:
    from nonla.governance.review_policy import Policy

CACHE_SECONDS = 5.0
BUILT_IN = "built-in"
_clock = time.monotonic
_cache: dict[tuple[str | None, str | None], tuple[float, set[tuple[str, str]], dict[str, str]]] = {}
_lock = threading.Lock()


def _invalidate() -> None:
    with _lock:
        _cache.clear()


def _state() -> tuple[float, set[tuple[str, str]], dict[str, str]]:
    store = (os.environ.get("NONLA_DATABASE_URL"), os.environ.get("NONLA_HOME"))
    cached = _cache.get(store)
    now = _clock()
    if cached is None or cached[0] <= now:
        with session(url=settings().database_url) as s:
            excepted = {(row.tenant, row.function) for row in s.scalars(select(OversightException))}
        with _lock:
            _cache[store] = cached = (now + CACHE_SECONDS, excepted, {})
    return cached


def risk_of(function: str) -> str:
    """The risk class on the function's card as the current tenant's catalogue has it (remembered for a few seconds
    per tenant: the review hook asks on every call, and two agencies' custom models or pipelines of one name may
    carry different classes)."""
    _, _, risks = _state()
    key = (current_tenant(), function)
    if key not in risks:
        from nonla.sources import catalog

        try:
            risks[key] = str(catalog().resolve(function).spec.card.risk)
        except NonlaError:
            risks[key] = str(Risk.MINIMAL)
    return risks[key]


def built_in_policy(tenant: str, function: str) -> Policy | None:
    """The policy a tenant without its own gets: always review a high-risk function, unless excepted."""
    with tenant_scope(tenant):
        if risk_of(function) != Risk.HIGH:
            return None
    _, excepted, _ = _state()
    if (tenant, function) in excepted:
        return None
    from nonla.governance.review_policy import Policy

    return Policy(tenant, function, always=True, updated_by=BUILT_IN)


def oversight_rule(policy: Policy | None, risk: str, excepted: bool) -> str:
    """The rule in words, as the register shows it."""
    if policy is not None:
        parts = [f"confidence below {policy.threshold}" if policy.threshold is not None else "",
                 "every result" if policy.always else ""]  # fmt: skip
        held = ", held until decided" if policy.required else ""
        return f"tenant policy: {' or '.join(p for p in parts if p)} goes to the review queue{held}"
    if risk == Risk.HIGH:
        if excepted:
            return "exception recorded by an admin: no review unless a tenant policy says so"
        return "built-in: every result goes to the review queue"
    return "none: results go out directly (a tenant may add a review policy)"


def set_exception(function: str, reason: str, tenant: str = "default", actor: str = "local") -> dict[str, Any]:
    """Record that a high-risk function's results need not all be reviewed in this tenant; audited."""
    from nonla.sources import catalog

    entry = catalog().resolve(function)
    if entry.spec.card.risk != Risk.HIGH:
        raise InvalidInput(f"{entry.name} is not high-risk; its results are not reviewed by default.",
                           hint="Exceptions apply to high-risk functions only.")  # fmt: skip
    if not reason.strip():
        raise InvalidInput("Say why this function's results need no review.", field="reason")
    with session(write=True) as s:
        row = s.scalar(select(OversightException).where(OversightException.tenant == tenant,
                                                        OversightException.function == entry.name))  # fmt: skip
        if row is None:
            row = OversightException(tenant=tenant, function=entry.name)
            s.add(row)
        row.reason, row.created_by, row.created_at = reason.strip(), actor[:64], utc_now()
        append(s, Changed(actor=actor, action="oversight.exception", target=entry.name,
                          detail={"tenant": tenant, "reason": row.reason}))  # fmt: skip
        body = {"tenant": tenant, "function": entry.name, "reason": row.reason, "created_by": row.created_by,
                "created_at": row.created_at}  # fmt: skip
    _invalidate()
    return body


def remove_exception(function: str, tenant: str = "default", actor: str = "local") -> None:
    name = function.split("@", 1)[0]
    with session(write=True) as s:
        row = s.scalar(select(OversightException).where(OversightException.tenant == tenant,
                                                        OversightException.function == name))  # fmt: skip
        if row is None:
            raise NotFound(f"There is no oversight exception for {name}.")
        s.delete(row)
        append(s, Changed(actor=actor, action="oversight.exception.remove", target=name, detail={"tenant": tenant}))
    _invalidate()


def register(tenant: str = "default") -> list[dict[str, Any]]:
    """Every function's (latest version's) risk class, intended use and oversight rule in this tenant."""
    from nonla.governance.review_policy import policies
    from nonla.sources import catalog

    own = {p.function: p for p in policies(tenant)}
    with session() as s:
        excepted = {row.function for row in s.scalars(select(OversightException)
                                                      .where(OversightException.tenant == tenant))}  # fmt: skip
    rows = []
    with tenant_scope(tenant):  # the built-in functions and this agency's own models and pipelines
        entries = catalog().entries(latest_only=True)
    for entry in entries:
        card = entry.spec.card
        rows.append({"function": entry.ref, "source": entry.source, "risk": str(card.risk),
                     "intended_use": card.intended_use, "limitations": card.limitations,
                     "oversight": oversight_rule(own.get(entry.name), card.risk, entry.name in excepted),
                     "exception": entry.name in excepted})  # fmt: skip
    return rows

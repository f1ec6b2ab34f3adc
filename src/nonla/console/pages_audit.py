"""The audit log: rows by actor, action and date, newest first, and a check of the whole hash chain."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from nonla.console.web import ConsoleRoute, render, signed_in
from nonla.core.errors import InvalidInput
from nonla.governance import audit
from nonla.governance.audit_scope import installation_wide, tenant_actors, visible
from nonla.store.db import session
from nonla.store.schema import AuditRecord

router = APIRouter(prefix="/console/audit", route_class=ConsoleRoute, include_in_schema=False)
SHOWN = 200


def _day(value: str, name: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(f"'{name}' is not a date: {value[:40]!r}.", hint="Write it as 2026-03-02.") from None


def rows(
    actor: str = "", action: str = "", since: date | None = None, until: date | None = None, tenant: str = "default"
) -> list[dict[str, Any]]:
    """Matching rows the tenant may read, newest first (at most SHOWN); actor and action match a part of the
    value."""
    query = audit.with_raw_detail()
    if actor:
        query = query.where(AuditRecord.actor.contains(actor, autoescape=True))
    if action:
        query = query.where(AuditRecord.action.contains(action, autoescape=True))
    if since:
        query = query.where(AuditRecord.at >= since.isoformat())
    if until:  # inclusive: everything before the next day
        query = query.where(AuditRecord.at < (until + timedelta(days=1)).isoformat())
    names = (*audit.HASHED_FIELDS, *audit.OPTIONAL_HASHED)

    def fields(row: AuditRecord, raw: str, s: Session) -> dict[str, Any]:
        return {name: audit.shown_detail(raw, s) if name == "detail" else getattr(row, name) for name in names}

    if installation_wide(tenant):
        with session() as s:
            return [fields(row, raw, s) for row, raw in s.execute(query.order_by(AuditRecord.seq.desc()).limit(SHOWN))]
    actors, shown = tenant_actors(tenant), []
    with session() as s:  # another tenant's rows are skipped, newest first, until a page is full
        for row, raw in s.execute(query.order_by(AuditRecord.seq.desc()).execution_options(yield_per=500)):
            if visible(found := fields(row, raw, s), tenant, actors):
                shown.append(found)
                if len(shown) >= SHOWN:
                    break
    return shown


@router.get("")
async def audit_page(request: Request) -> Response:
    _, who = signed_in(request, "audit.read")
    params = request.query_params
    search = {name: params.get(name, "").strip()[:200] for name in ("actor", "action", "from", "to")}
    since, until = _day(search["from"], "from"), _day(search["to"], "to")
    found = await run_in_threadpool(rows, search["actor"], search["action"], since, until, who.tenant)
    verdict = await run_in_threadpool(audit.verify) if params.get("verify") else None
    return render(request, "audit.html", rows=found, search=search, verdict=verdict, shown=SHOWN)

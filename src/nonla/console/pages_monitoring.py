"""Monitoring: figures per function and model (volume, latency, errors, review share, drift) and open alerts,
which admins acknowledge here."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from nonla.console.web import ConsoleRoute, posted, redirect, render, signed_in
from nonla.monitoring import alerts, service

router = APIRouter(prefix="/console/monitoring", route_class=ConsoleRoute, include_in_schema=False)


@router.get("")
async def monitoring_page(request: Request) -> Response:
    _, who = signed_in(request, "monitoring.read")  # the same permission as GET /v1/monitoring
    rows = await run_in_threadpool(service.summary, who.tenant)
    found = await run_in_threadpool(lambda: service.alerts_of(who.tenant, open_only=True))
    acked = request.query_params.get("acked", "")[:12]
    return render(request, "monitoring.html", rows=rows, alerts=found, acked=acked if acked.isdigit() else "")


@router.post("/alerts/{alert_id}/ack")
async def acknowledge(alert_id: int, request: Request) -> Response:
    _, who = signed_in(request, "monitoring.admin")  # the same permission as POST /v1/monitoring/alerts/ID/ack
    await posted(request)
    await run_in_threadpool(alerts.acknowledge, who.tenant, alert_id, who.actor)
    return redirect(request, f"/console/monitoring?acked={alert_id}")

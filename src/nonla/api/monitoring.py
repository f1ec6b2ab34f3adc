"""/v1/monitoring: figures per function and model, drift against the evaluation baseline, thresholds and alerts.

Reading needs ``monitoring.read`` (admin, auditor); thresholds, baselines and acknowledging alerts need
``monitoring.admin`` (admin). Everything is the key's tenant's.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, File, Query, UploadFile
from pydantic import BaseModel, ConfigDict, Field

from nonla.api.auth import require
from nonla.core.context import tenant_scope
from nonla.governance.keys import Principal
from nonla.monitoring import alerts, baseline, service

router = APIRouter(tags=["monitoring"])


class ThresholdsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    error_rate: float | None = Field(None, ge=0, le=1, description="Share of items ending in an error.")
    review_share: float | None = Field(None, ge=0, le=1, description="Share of items queued for review.")
    latency_p95_ms: float | None = Field(None, ge=0, le=alerts.LIMITS["latency_p95_ms"][1],
                                         description="95th percentile latency of a call.")  # fmt: skip
    psi: float | None = Field(None, ge=0, le=100, description="Drift of inputs or confidences (PSI).")
    min_calls: int | None = Field(None, ge=1, le=1_000_000, description="Calls needed in the window before judging.")
    window_minutes: int | None = Field(None, ge=5, le=10_080, description="The window judged, in minutes.")


@router.get("/v1/monitoring")
def summary(who: Principal = Depends(require("monitoring.read"))) -> dict[str, Any]:
    return {"functions": service.summary(who.tenant), "open_alerts": len(alerts.alerts(who.tenant, open_only=True))}


@router.get("/v1/monitoring/alerts")
def list_alerts(open_only: bool = Query(False, alias="open"),
                who: Principal = Depends(require("monitoring.read"))) -> dict[str, Any]:  # fmt: skip
    return {"alerts": service.alerts_of(who.tenant, open_only=open_only)}


@router.post("/v1/monitoring/alerts/{alert_id}/ack")
def acknowledge(alert_id: int, who: Principal = Depends(require("monitoring.admin"))) -> dict[str, Any]:
    return alerts.acknowledge(who.tenant, alert_id, who.actor)


@router.put("/v1/monitoring/thresholds/{ref}")
def set_thresholds(ref: str, body: ThresholdsIn,
                   who: Principal = Depends(require("monitoring.admin"))) -> dict[str, Any]:  # fmt: skip
    from nonla.sources import catalog

    with tenant_scope(who.tenant):
        name = catalog().resolve(ref).name
    return alerts.set_thresholds(who.tenant, name, body.model_dump(exclude_none=True), who.actor)


@router.post("/v1/monitoring/baselines/{ref}", status_code=201)
def record_baseline(ref: str, data: UploadFile = File(..., description="JSONL: one input object per line."),
                    who: Principal = Depends(require("monitoring.admin"))) -> dict[str, Any]:  # fmt: skip
    from nonla.sources import catalog

    with tenant_scope(who.tenant):
        entry = catalog().resolve(ref)  # an unknown function is 404 before the upload is read
    rows = baseline.read_jsonl(data.file.read(baseline.MAX_BYTES + 1))
    return baseline.record(entry.ref, rows, source=f"upload {data.filename or ''}".strip(), tenant=who.tenant,
                           actor=who.actor)  # fmt: skip


@router.get("/v1/monitoring/{ref}")
def show(ref: str, who: Principal = Depends(require("monitoring.read"))) -> dict[str, Any]:
    rows = service.summary(who.tenant, ref)
    name = rows[0]["function"] if rows else ref.split("@")[0]
    return {"ref": ref, "versions": rows, "alerts": service.alerts_of(who.tenant, function=name)}

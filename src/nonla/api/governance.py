"""/v1/subjects, /v1/governance, /v1/incidents, /v1/suspensions and key quotas: responsible AI over REST.

- data-subject requests (export, erase): ``subjects.manage`` (admin), within the key's tenant;
- retention, incidents, breaches, oversight exceptions: ``governance.manage`` (admin);
- key quotas: ``keys.manage`` (admin); an agency's admins change only limits their agency set on its other keys, never
  one the installation set nor their own key's (403 ``quota_set_by_installation``, ``own_key_quota``);
- agency quotas (all keys of a tenant together): ``keys.manage``; only the installation's admins set or lift them, an
  agency's admins read their own agency's (403 ``quota_set_by_installation``; 404 ``unknown_tenant`` for another);
- the risk register, incidents and impact reports: ``governance.read`` (admin, auditor);
- suspending and resuming a function applies to every tenant, so only the installation's admins (keys of the
  default tenant) may do it. A suspended function answers 423 (``function_suspended``) on every surface.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from nonla.api.admin import installation_wide
from nonla.api.auth import require
from nonla.api.body_guard import refuse_nul
from nonla.api.tenancy import tenant_scoped
from nonla.core.context import TENANT_ID
from nonla.core.errors import Forbidden
from nonla.governance import incidents, quotas, register, report, retention, subjects, tenant_quotas
from nonla.governance.keys import Principal

router = APIRouter(tags=["governance"], dependencies=[Depends(tenant_scoped)])  # names resolve as the caller sees them


class IncidentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    target: str = Field(min_length=1, max_length=200, description="Function or model: name or name@version.")
    severity: Literal["low", "medium", "high", "critical"]
    description: str = Field(min_length=1, max_length=10_000)
    kind: Literal["incident", "breach"] = "incident"
    detected_at: str | None = Field(None, description="When it was detected (ISO time); now when left out.")


class SuspensionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    target: str = Field(min_length=1, max_length=200)
    reason: str = Field(min_length=1, max_length=2000)
    incident_id: int | None = None
    tenant: str = Field("default", pattern=TENANT_ID.pattern,
                        description="The agency whose custom model or pipeline is meant (built-in functions: all).")


class RetentionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_age_days: int | None = Field(None, ge=1, le=retention.MAX_DAYS, description="Empty removes the policy.")


class QuotaIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    per_minute: int | None = Field(None, ge=1, le=quotas.MAX_LIMIT)
    per_day: int | None = Field(None, ge=1, le=quotas.MAX_LIMIT)


class ExceptionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=2000)


class NotifiedIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    at: str | None = Field(None, description="When the authority was notified (ISO time); now when left out.")


# ':path': a subject id may hold '/' (a dossier number such as HS/2024/001234), as stored data accepts
@router.get("/v1/subjects/{subject_id:path}")
def export_subject(subject_id: str, who: Principal = Depends(require("subjects.manage"))) -> dict[str, Any]:
    return subjects.export(refuse_nul(subject_id, "subject_id"), who.tenant, who.actor)


@router.delete("/v1/subjects/{subject_id:path}")
def erase_subject(subject_id: str, who: Principal = Depends(require("subjects.manage"))) -> dict[str, Any]:
    return subjects.erase(refuse_nul(subject_id, "subject_id"), who.tenant, who.actor)


@router.get("/v1/governance/register")
def risk_register(who: Principal = Depends(require("governance.read"))) -> dict[str, Any]:
    return {"functions": register.register(who.tenant)}


@router.get("/v1/governance/report/{name}", response_model=None, response_class=Response,
            responses={200: {"description": "The impact report: Markdown, or PDF with format=pdf",
                             "content": {"text/markdown": {"schema": {"type": "string"}},
                                         "application/pdf": {"schema": {"type": "string", "format": "binary"}}}}})
def impact_report(
    name: str, format: Literal["md", "pdf"] = "md", who: Principal = Depends(require("governance.read"))
) -> Response:
    blocks = report.assessment(name, who.tenant)
    if format == "pdf":
        return Response(report.blocks_to_pdf(blocks), media_type="application/pdf")
    return Response(report.blocks_to_markdown(blocks), media_type="text/markdown; charset=utf-8")


@router.put("/v1/governance/exceptions/{function}")
def add_exception(
    function: str, body: ExceptionIn, who: Principal = Depends(require("governance.manage"))
) -> dict[str, Any]:
    return register.set_exception(function, body.reason, who.tenant, who.actor)


@router.delete("/v1/governance/exceptions/{function}", status_code=204)
def remove_exception(function: str, who: Principal = Depends(require("governance.manage"))) -> Response:
    register.remove_exception(function, who.tenant, who.actor)
    return Response(status_code=204)


@router.get("/v1/governance/retention")
def retention_list(who: Principal = Depends(require("governance.manage"))) -> dict[str, Any]:
    return {"policies": retention.policies(who.tenant)}


@router.put("/v1/governance/retention/{kind}")
def retention_set(
    kind: str, body: RetentionIn, who: Principal = Depends(require("governance.manage"))
) -> dict[str, Any]:
    return {"policy": retention.set_policy(kind, body.max_age_days, who.tenant, who.actor)}


@router.post("/v1/governance/retention/purge")
def retention_purge(who: Principal = Depends(require("governance.manage"))) -> dict[str, Any]:
    return {"purged": retention.purge(tenant=who.tenant, actor=who.actor)}


@router.get("/v1/incidents")
def list_incidents(
    kind: Literal["incident", "breach"] | None = None,
    open_only: bool = Query(False, alias="open"),
    who: Principal = Depends(require("governance.read")),
) -> dict[str, Any]:
    return {"incidents": incidents.incidents(who.tenant, kind, open_only)}


@router.post("/v1/incidents", status_code=201)
def record_incident(body: IncidentIn, who: Principal = Depends(require("governance.manage"))) -> dict[str, Any]:
    return incidents.record(body.target, body.severity, body.description, kind=body.kind,
                            detected_at=body.detected_at, tenant=who.tenant, actor=who.actor)  # fmt: skip


@router.post("/v1/incidents/{incident_id}/close")
def close_incident(incident_id: int, who: Principal = Depends(require("governance.manage"))) -> dict[str, Any]:
    return incidents.close(incident_id, tenant=who.tenant, actor=who.actor)


@router.post("/v1/incidents/{incident_id}/notified")
def breach_notified(
    incident_id: int, body: NotifiedIn | None = None, who: Principal = Depends(require("governance.manage"))
) -> dict[str, Any]:
    return incidents.notified(incident_id, at=body.at if body else None, tenant=who.tenant, actor=who.actor)


def _installation_admin(who: Principal) -> None:
    if not installation_wide(who):
        raise Forbidden("Suspensions are the installation's to make: only its admins may change them (a built-in "
                        "function's applies to every agency).")


@router.get("/v1/suspensions")
def list_suspensions(who: Principal = Depends(require("governance.read"))) -> dict[str, Any]:
    return {"suspensions": incidents.suspensions(None if installation_wide(who) else who.tenant)}


@router.post("/v1/suspensions", status_code=201)
def suspend(body: SuspensionIn, who: Principal = Depends(require("governance.manage"))) -> dict[str, Any]:
    _installation_admin(who)
    return incidents.suspend(body.target, body.reason, incident_id=body.incident_id, tenant=body.tenant,
                             actor=who.actor)  # fmt: skip


@router.delete("/v1/suspensions/{target}")
def resume(
    target: str,
    who: Principal = Depends(require("governance.manage")),
    tenant: str = Query("default", pattern=TENANT_ID.pattern, description="The agency of a custom model or pipeline."),
) -> dict[str, Any]:
    _installation_admin(who)
    return incidents.resume(target, tenant=tenant, actor=who.actor)


@router.get("/v1/quotas")
def list_quotas(who: Principal = Depends(require("keys.manage"))) -> dict[str, Any]:
    return {"quotas": quotas.quotas(None if installation_wide(who) else who.tenant)}


@router.put("/v1/keys/{key_id}/quota")
def set_quota(key_id: str, body: QuotaIn, who: Principal = Depends(require("keys.manage"))) -> dict[str, Any]:
    tenant = None if installation_wide(who) else who.tenant
    return quotas.set_quota(key_id, body.per_minute, body.per_day, tenant=tenant, caller_key=who.key_id,
                            actor=who.actor)  # fmt: skip


@router.get("/v1/quotas/tenants")
def list_tenant_quotas(who: Principal = Depends(require("keys.manage"))) -> dict[str, Any]:
    return {"quotas": tenant_quotas.tenant_quotas(who.tenant)}


@router.get("/v1/quotas/tenants/{tenant}")
def show_tenant_quota(tenant: str, who: Principal = Depends(require("keys.manage"))) -> dict[str, Any]:
    return tenant_quotas.tenant_quota(tenant, caller_tenant=who.tenant)


@router.put("/v1/quotas/tenants/{tenant}")
def set_tenant_quota(tenant: str, body: QuotaIn, who: Principal = Depends(require("keys.manage"))) -> dict[str, Any]:
    return tenant_quotas.set_tenant_quota(tenant, body.per_minute, body.per_day, caller_tenant=who.tenant,
                                          actor=who.actor)  # fmt: skip


@router.delete("/v1/quotas/tenants/{tenant}")
def clear_tenant_quota(tenant: str, who: Principal = Depends(require("keys.manage"))) -> dict[str, Any]:
    return tenant_quotas.clear_tenant_quota(tenant, caller_tenant=who.tenant, actor=who.actor)

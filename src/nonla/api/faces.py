"""/v1/faces and /v1/consents: biometric consent and face galleries, scoped to the key's tenant.

- consents: record, list, withdraw (withdrawing erases the faces enrolled under the consent): ``consent.manage``;
- enrol a face (base64 photo or a vision.faces embedding) under a valid consent: ``faces.enroll``;
- search a gallery 1:N: ``faces.search``; erase a subject's faces: ``consent.manage``.

A photo is turned into a descriptor by vision.faces, so the key's scopes must also allow that function.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from nonla.api.auth import require
from nonla.api.body_guard import refuse_nul
from nonla.faces import gallery as service
from nonla.functions.vision.faces_image import MAX_BASE64_CHARS
from nonla.governance import consent
from nonla.governance.consent import LegalBasis
from nonla.governance.keys import Principal

router = APIRouter(tags=["faces"])


class ConsentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    subject_id: str = Field(min_length=1, max_length=200, description="The data subject, e.g. a staff or ID number.")
    purpose: str = Field(min_length=1, max_length=64, description="What the faces are for, e.g. 'access-control'.")
    legal_basis: LegalBasis = "consent"
    granted_by: str = Field(min_length=1, max_length=200, description="Who agreed: the subject or a guardian.")
    granted_at: str | None = Field(None, max_length=40, description="When (ISO date/time); default now.")
    expires_at: str | None = Field(None, max_length=40, description="Until when (ISO date/time); default no end.")


class FaceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    data: str | None = Field(None, min_length=1, max_length=MAX_BASE64_CHARS, description="A photo, base64.")
    embedding: list[float] | None = Field(None, min_length=128, max_length=128,
                                          description="Or a descriptor from vision.faces (task embed).")  # fmt: skip


class EnrolIn(FaceIn):
    subject_id: str = Field(min_length=1, max_length=200)
    purpose: str = Field(min_length=1, max_length=64)
    consent_id: int | None = Field(None, description="Enrol under this consent (default: the subject's valid one).")


class SearchIn(FaceIn):
    top_k: int = Field(5, ge=1, le=service.MAX_TOP_K)


def _runner(request: Request, who: Principal, body: FaceIn) -> Any:
    if body.data is not None:
        who.require_function("vision.faces")  # a key scoped away from vision.faces may not have it run here
    return request.app.state.runner


@router.post("/v1/consents", status_code=201)
def grant(body: ConsentIn, who: Principal = Depends(require("consent.manage"))) -> dict[str, Any]:
    return consent.grant(body.subject_id, body.purpose, body.granted_by, body.legal_basis, tenant=who.tenant,
                         expires_at=body.expires_at, granted_at=body.granted_at, actor=who.actor)  # fmt: skip


@router.get("/v1/consents")
def list_consents(
    subject_id: str | None = Query(None, max_length=200),
    active: bool = Query(False, description="Only consents in force now."),
    who: Principal = Depends(require("consent.manage")),
) -> dict[str, Any]:
    if subject_id is not None:
        refuse_nul(subject_id, "subject_id")
    return {"consents": consent.consents(who.tenant, subject_id, active_only=active)}


@router.post("/v1/consents/{consent_id}/revoke")
def revoke(consent_id: int, who: Principal = Depends(require("consent.manage"))) -> dict[str, Any]:
    """Withdraw a consent; the faces enrolled under it are erased at once."""
    return consent.revoke(consent_id, tenant=who.tenant, actor=who.actor)


@router.get("/v1/faces/galleries")
def galleries(who: Principal = Depends(require("faces.search"))) -> dict[str, Any]:
    return {"galleries": service.galleries(who.tenant)}


@router.post("/v1/faces/galleries/{gallery}/faces", status_code=201)
def enroll(gallery: str, body: EnrolIn, request: Request,
           who: Principal = Depends(require("faces.enroll"))) -> dict[str, Any]:  # fmt: skip
    """Enrol one face of a subject who consented to the purpose (403 consent_required otherwise)."""
    return service.enroll(gallery, body.subject_id, body.purpose, data=body.data, embedding=body.embedding,
                          consent_id=body.consent_id, tenant=who.tenant, actor=who.actor,
                          runner=_runner(request, who, body))  # fmt: skip


@router.post("/v1/faces/galleries/{gallery}/search")
def search(gallery: str, body: SearchIn, request: Request,
           who: Principal = Depends(require("faces.search"))) -> dict[str, Any]:  # fmt: skip
    """The nearest enrolled subjects, nearest first, with same_person at the calibrated threshold."""
    return service.search(gallery, data=body.data, embedding=body.embedding, top_k=body.top_k, tenant=who.tenant,
                          actor=who.actor, runner=_runner(request, who, body))  # fmt: skip


# ':path': a subject id may hold '/' (a dossier number such as HS/2024/001234), as stored data accepts
@router.get("/v1/faces/subjects/{subject_id:path}")
def subject(subject_id: str, who: Principal = Depends(require("consent.manage"))) -> dict[str, Any]:
    """Which faces of a subject are enrolled (answering an access request); never the descriptors."""
    return {"subject_id": subject_id, "faces": service.subject_faces(refuse_nul(subject_id, "subject_id"), who.tenant)}


@router.delete("/v1/faces/subjects/{subject_id:path}")
def delete_subject(
    subject_id: str,
    gallery: str | None = Query(None, max_length=100),
    who: Principal = Depends(require("consent.manage")),
) -> dict[str, Any]:
    """Erase every face of a subject (or only those in one gallery)."""
    subject_id = refuse_nul(subject_id, "subject_id")
    return service.delete_subject(subject_id, tenant=who.tenant, gallery=gallery, actor=who.actor)

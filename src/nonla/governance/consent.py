"""Consent to process biometric data: who agreed, to what purpose, on which legal basis, until when.

Face embeddings are sensitive personal data (Nghị định 13/2023/NĐ-CP): a face is enrolled only under a consent
that names the subject and the purpose, has not expired and has not been revoked. Revoking a consent erases the
embeddings enrolled under it in the same transaction, and the photos and descriptors of them the review queue kept
(nonla.faces.photos). Every grant and revocation is audited.

>>> check_purpose(" Access-Control ")
'access-control'
"""

from __future__ import annotations

import re
from typing import Any, Literal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from nonla.core.context import check_tenant
from nonla.core.errors import Forbidden, InvalidInput, NotFound
from nonla.core.events import Changed, utc_now
from nonla.core.times import stored_time
from nonla.faces.photos import erase_unenrolled
from nonla.governance.audit import append
from nonla.governance.incidents import past_time
from nonla.governance.review import check_subject, subject_forms
from nonla.store.db import session
from nonla.store.schema_faces import ConsentRecord, FaceEmbedding

LegalBasis = Literal["consent", "contract", "legal_obligation", "vital_interests", "public_task"]
LEGAL_BASES = ("consent", "contract", "legal_obligation", "vital_interests", "public_task")
_PURPOSE = re.compile(r"^[a-z][a-z0-9_.-]{0,63}$")


class ConsentRequired(Forbidden):
    code = "consent_required"
    default_hint = "Record the subject's consent for this purpose first: `nonla consent grant` or POST /v1/consents."


def check_purpose(value: str) -> str:
    purpose = value.strip().lower()
    if not _PURPOSE.match(purpose):
        raise InvalidInput(
            f"'{value[:64]}' is not a purpose name.",
            hint="Name the purpose in lower case letters, digits, '-', '_' or '.', e.g. 'access-control'.",
            field="purpose",
        )
    return purpose


def view(row: ConsentRecord, now: str | None = None) -> dict[str, Any]:
    now = now or utc_now()
    active = row.revoked_at is None and row.granted_at <= now and (row.expires_at is None or row.expires_at > now)
    fields = ("id", "tenant", "subject_id", "purpose", "legal_basis", "granted_by", "granted_at", "expires_at",
              "revoked_at", "revoked_by", "recorded_by", "recorded_at")  # fmt: skip
    return {**{name: getattr(row, name) for name in fields}, "active": active}


def grant(
    subject_id: str,
    purpose: str,
    granted_by: str,
    legal_basis: str = "consent",
    *,
    tenant: str = "default",
    expires_at: str | None = None,
    granted_at: str | None = None,
    actor: str = "local",
) -> dict[str, Any]:
    """Record a consent; returns it with its id (the id enrolments refer to)."""
    check_tenant(tenant)
    subject = check_subject(subject_id)
    if subject is None:
        raise InvalidInput("A consent needs the data subject's id.", field="subject_id")
    if legal_basis not in LEGAL_BASES:
        raise InvalidInput(f"Unknown legal basis '{legal_basis}'.", hint=f"Use one of: {', '.join(LEGAL_BASES)}.",
                           field="legal_basis")  # fmt: skip
    if not granted_by.strip() or len(granted_by) > 200:
        raise InvalidInput("Say who gave the consent (1 to 200 characters).", field="granted_by")
    now = utc_now()
    # consent given on paper is recorded after it, never before (the clock skew incidents allow, allowed here)
    given = past_time(granted_at, "granted_at") if granted_at else now
    until = stored_time(expires_at, "expires_at", date_ends_day=True) if expires_at else None
    if until is not None and until <= given:
        raise InvalidInput("The consent expires before it was given.", field="expires_at")
    row = ConsentRecord(tenant=tenant, subject_id=subject, purpose=check_purpose(purpose), legal_basis=legal_basis,
                        granted_by=granted_by.strip(), granted_at=given, expires_at=until, recorded_by=actor[:64],
                        recorded_at=now)  # fmt: skip
    with session(write=True) as s:
        s.add(row)
        s.flush()
        append(s, Changed(actor=actor, action="consent.grant", target=f"consent:{row.id}",
                          detail={"tenant": tenant, "purpose": row.purpose, "legal_basis": legal_basis,
                                  "expires_at": until}))  # fmt: skip
        return view(row, now)


def _find(s: Session, tenant: str, consent_id: int) -> ConsentRecord:
    row = s.get(ConsentRecord, consent_id)
    if row is None or row.tenant != tenant:
        raise NotFound(f"There is no consent {consent_id}.", hint="List consents with `nonla consent list`.")
    return row


def revoke(consent_id: int, *, tenant: str = "default", actor: str = "local") -> dict[str, Any]:
    """Withdraw a consent and erase every face enrolled under it, with the enrolment photos the review queue kept
    (one transaction, audited)."""
    with session(write=True) as s:
        row = _find(s, tenant, consent_id)
        if row.revoked_at is None:
            row.revoked_at, row.revoked_by = utc_now(), actor[:64]
        erased = s.execute(delete(FaceEmbedding).where(FaceEmbedding.consent_id == row.id)).rowcount or 0
        photos = erase_unenrolled(s, tenant, row.subject_id)  # their photos, unless a face of another consent stays
        append(s, Changed(actor=actor, action="consent.revoke", target=f"consent:{row.id}",
                          detail={"tenant": tenant, "purpose": row.purpose, "faces_erased": erased, **photos}))  # fmt: skip
        return {**view(row), "faces_erased": erased, **photos}


def consents(tenant: str = "default", subject_id: str | None = None, active_only: bool = False) -> list[dict[str, Any]]:
    """The tenant's consents (one subject's with subject_id), newest first."""
    now = utc_now()
    with session() as s:
        query = select(ConsentRecord).where(ConsentRecord.tenant == tenant)
        if subject_id:
            query = query.where(ConsentRecord.subject_id.in_(subject_forms(check_subject(subject_id) or "")))
        rows = [view(r, now) for r in s.scalars(query.order_by(ConsentRecord.id.desc()))]
    return [r for r in rows if r["active"]] if active_only else rows


def valid_consent(
    s: Session, tenant: str, subject_id: str, purpose: str, consent_id: int | None = None
) -> ConsentRecord:
    """The consent that allows enrolling this subject for this purpose now, or ConsentRequired."""
    now = utc_now()
    # the subject's consents in any form of the id: one given to an older server beside this one counts too
    query = select(ConsentRecord).where(ConsentRecord.tenant == tenant,
                                        ConsentRecord.subject_id.in_(subject_forms(subject_id)),
                                        ConsentRecord.purpose == purpose, ConsentRecord.revoked_at.is_(None))  # fmt: skip
    if consent_id is not None:
        query = query.where(ConsentRecord.id == consent_id)
    for row in s.scalars(query.order_by(ConsentRecord.id.desc())):
        if row.granted_at <= now and (row.expires_at is None or row.expires_at > now):
            return row
    raise ConsentRequired(
        f"There is no valid consent of subject '{subject_id}' for the purpose '{purpose}'.",
        subject_id=subject_id,
        purpose=purpose,
    )

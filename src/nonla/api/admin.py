"""/v1/keys and /v1/audit: key management for admins, the audit chain for auditors."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from nonla.api.auth import require
from nonla.api.errors import STORE_INT_MAX
from nonla.core.errors import Forbidden, NotFound
from nonla.governance import audit, keys
from nonla.governance.audit_scope import tenant_actors, visible
from nonla.governance.keys import Principal
from nonla.store.schema import ApiKey

router = APIRouter(prefix="/v1", tags=["governance"])


class NewKey(BaseModel):
    role: str = Field(description="admin, developer, caller, reviewer or auditor")
    name: str = Field(min_length=1, max_length=200)
    scopes: list[str] = Field(default_factory=list, description="Function name patterns, e.g. ['vi.*']; empty = all")
    tenant: str | None = Field(None, max_length=64, description="The agency the key is for, e.g. 'so-y-te' (only "
                               "admins of the default tenant may name another agency); default: the caller's own")


def key_view(record: ApiKey) -> dict[str, Any]:
    return {"id": record.id, "name": record.name, "role": record.role, "scopes": record.scopes,
            "tenant": record.tenant, "created_at": record.created_at, "revoked_at": record.revoked_at}  # fmt: skip


def installation_wide(who: Principal) -> bool:
    """Keys of the default tenant run the installation; every other tenant's keys see only their own tenant."""
    return who.tenant == "default"


def _mine(who: Principal, record: ApiKey) -> bool:
    return installation_wide(who) or record.tenant == who.tenant


@router.get("/keys")
def list_keys(who: Principal = Depends(require("keys.manage"))) -> dict[str, Any]:
    return {"keys": [key_view(k) for k in keys.list_keys() if _mine(who, k)]}


@router.post("/keys", status_code=201)
def create_key(body: NewKey, who: Principal = Depends(require("keys.manage"))) -> dict[str, Any]:
    tenant = body.tenant or who.tenant
    if tenant != who.tenant and not installation_wide(who):
        raise Forbidden("Only an admin of the installation (the default tenant) creates keys for another agency.",
                        hint="Leave 'tenant' out to create a key for your own agency.")  # fmt: skip
    secret, record = keys.create_key(body.role, body.name, body.scopes, tenant=tenant, actor=who.actor, creator=who)
    return {**key_view(record), "key": secret, "note": "Store this key now: it is shown only once."}


@router.delete("/keys/{key_id}")
def revoke_key(key_id: str, who: Principal = Depends(require("keys.manage"))) -> dict[str, Any]:
    if not any(k.id == key_id and _mine(who, k) for k in keys.list_keys()):  # another tenant's key does not exist
        raise NotFound(f"There is no key with id '{key_id}'.", hint="List keys with GET /v1/keys.")
    return key_view(keys.revoke_key(key_id, actor=who.actor))


@router.get("/audit")
def list_audit(
    since: int = Query(0, ge=0, le=STORE_INT_MAX, description="Return rows after this sequence number"),
    limit: int = Query(100, ge=1, le=10_000),
    action: str | None = None,
    who: Principal = Depends(require("audit.read")),
) -> dict[str, Any]:
    if installation_wide(who):
        return {"rows": list(audit.export(since_seq=since, limit=limit, action=action))}
    return {"rows": tenant_rows(who.tenant, since, limit, action)}


def tenant_rows(tenant: str, since: int, limit: int, action: str | None) -> list[dict[str, Any]]:
    """The rows a tenant may read: its keys' actions, its calls and changes to its data (see audit_scope)."""
    actors = tenant_actors(tenant)
    rows: list[dict[str, Any]] = []
    for row in audit.export(since_seq=since, action=action):
        if visible(row, tenant, actors):
            rows.append(row)
            if len(rows) >= limit:
                break
    return rows


@router.get("/audit/verify")
def verify_audit(_: Principal = Depends(require("audit.read"))) -> dict[str, Any]:
    verdict = audit.verify()
    return {"ok": verdict.ok, "rows": verdict.rows, "first_bad_seq": verdict.first_bad_seq, "reason": verdict.reason}

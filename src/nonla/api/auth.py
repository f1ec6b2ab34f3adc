"""Bearer keys → Principal. Every /v1 route depends on this, so a request without a valid key never gets further."""

from __future__ import annotations

from fastapi import Request

from nonla.core.errors import Unauthorized
from nonla.governance.keys import Principal, authenticate
from nonla.governance.quotas import check as check_quota


def bearer_key(header: str) -> str:
    """The key of an 'Authorization: Bearer <key>' header; Unauthorized when there is none."""
    scheme, _, key = header.partition(" ")
    if not header:
        raise Unauthorized("This request has no API key.")
    if scheme.lower() != "bearer" or not key.strip():
        raise Unauthorized("The Authorization header must read 'Bearer <key>'.")
    return key.strip()


def principal(request: Request) -> Principal:
    found = authenticate(bearer_key(request.headers.get("authorization", "")))
    if getattr(request.state, "principal", None) != found:  # routes that ask twice count as one request
        check_quota(found.key_id, tenant=found.tenant)  # the key's limits, then its agency's
    request.state.principal = found
    return found


def require(permission: str):  # type: ignore[no-untyped-def]
    def check(request: Request) -> Principal:
        who = principal(request)
        who.require(permission)
        return who

    return check

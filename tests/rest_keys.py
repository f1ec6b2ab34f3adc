"""API keys for the REST tests: a fresh key of a role, in an agency, optionally limited to some functions, as the
headers a request sends it in."""

from __future__ import annotations

from nonla.governance import keys


def bearer(role: str, tenant: str = "default", scopes: list[str] | None = None) -> dict[str, str]:
    key, _ = keys.create_key(role, f"test {role}", scopes, tenant=tenant)
    return {"Authorization": f"Bearer {key}"}

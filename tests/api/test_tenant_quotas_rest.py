"""Over REST, on both databases: an agency's limit counts the requests of all its keys, in every server process on
the store; only the installation's admins set or lift it, the agency's admins read it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer

from nonla.api.app import create_app
from nonla.governance import keys

pytestmark = pytest.mark.usefixtures("database")  # every test on SQLite and PostgreSQL

AGENCY, OTHER = "so-y-te", "so-xay-dung"


def _key(role: str = "caller", tenant: str = AGENCY) -> dict[str, str]:
    return bearer(role, tenant=tenant)


def _statuses(app: TestClient, headers: dict[str, str], times: int) -> list[int]:
    return [app.get("/v1/functions", headers=headers).status_code for _ in range(times)]


def test_the_agencys_keys_share_its_limit_in_every_server_process(app: TestClient) -> None:
    root, first, second, elsewhere = bearer("admin"), _key(), _key(), _key(tenant=OTHER)
    made = app.put(f"/v1/quotas/tenants/{AGENCY}", json={"per_day": 3}, headers=root)
    assert made.status_code == 200 and made.json()["per_day"] == 3, made.text
    assert _statuses(app, first, 3) == [200, 200, 200]  # (a UTC day could end between two requests: rare enough)
    with TestClient(create_app(), raise_server_exceptions=False) as another_process:
        refused = another_process.get("/v1/functions", headers=second)
    assert refused.status_code == 429, refused.text
    error = refused.json()["error"]
    assert error["code"] == "rate_limited" and "agency" in error["message"] and "agency" in error["hint"]
    assert int(refused.headers["Retry-After"]) >= 1
    assert _statuses(app, elsewhere, 5) == [200] * 5
    assert app.get("/v1/functions", headers=root).status_code == 200  # the installation's keys are not the agency's

    shown = app.get(f"/v1/quotas/tenants/{AGENCY}", headers=root).json()
    assert (shown["per_day"], shown["used_today"]) == (3, 4)
    assert app.delete(f"/v1/quotas/tenants/{AGENCY}", headers=root).json()["per_day"] is None
    assert app.get("/v1/functions", headers=second).status_code == 200  # lifted (the process's cache is dropped)


def test_an_agency_admin_reads_but_never_changes_its_agencys_limit(app: TestClient) -> None:
    root, admin = bearer("admin"), _key("admin")
    assert app.put(f"/v1/quotas/tenants/{AGENCY}", json={"per_minute": 100}, headers=root).status_code == 200
    for method, body in (("PUT", {"per_minute": 1000}), ("PUT", {}), ("DELETE", None)):
        refused = app.request(method, f"/v1/quotas/tenants/{AGENCY}", json=body, headers=admin)
        assert refused.status_code == 403 and refused.json()["error"]["code"] == "quota_set_by_installation"
        assert refused.json()["error"]["hint"]
    seen = app.get(f"/v1/quotas/tenants/{AGENCY}", headers=admin)
    assert seen.status_code == 200 and seen.json()["per_minute"] == 100, seen.text
    assert [q["tenant"] for q in app.get("/v1/quotas/tenants", headers=admin).json()["quotas"]] == [AGENCY]

    _key("admin", tenant=OTHER)
    hidden = app.get(f"/v1/quotas/tenants/{OTHER}", headers=admin)
    assert hidden.status_code == 404 and hidden.json()["error"]["code"] == "unknown_tenant"
    assert app.put(f"/v1/quotas/tenants/{OTHER}", json={"per_day": 1}, headers=admin).status_code == 404
    assert app.get("/v1/quotas/tenants", headers=_key("admin", tenant=OTHER)).json()["quotas"] == []
    assert app.get(f"/v1/quotas/tenants/{AGENCY}", headers=_key()).status_code == 403  # a caller key manages none

    auditor = _key("auditor")
    rows = app.get("/v1/audit", headers=auditor, params={"action": "tenant.quota.refused"}).json()["rows"]
    assert [r["error_code"] for r in rows] == ["quota_set_by_installation"] * 3
    changed = app.get("/v1/audit", headers=bearer("auditor"), params={"action": "tenant.quota"}).json()["rows"]
    assert [(r["target"], r["detail"]["per_minute"]) for r in changed] == [(AGENCY, 100)]


def test_bad_limits_and_unknown_agencies(app: TestClient) -> None:
    root = bearer("admin")
    keys.create_key("caller", "portal", tenant=AGENCY)
    for body in ({"per_minute": 0}, {"per_day": -5}, {"per_day": "many"}, {"per_hour": 5}):
        bad = app.put(f"/v1/quotas/tenants/{AGENCY}", json=body, headers=root)
        assert bad.status_code == 422, bad.text
    for tenant in ("so-khong-co", "BAD"):
        unknown = app.put(f"/v1/quotas/tenants/{tenant}", json={"per_day": 5}, headers=root)
        assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "unknown_tenant", unknown.text
    assert app.get("/v1/quotas/tenants/so-khong-co", headers=root).status_code == 404
    assert app.put("/v1/quotas/tenants/default", json={"per_day": 5}, headers=root).status_code == 422
    assert app.get("/v1/quotas/tenants", headers=root).json()["quotas"] == []

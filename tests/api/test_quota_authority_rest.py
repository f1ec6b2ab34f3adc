"""Over REST, on both databases: an agency's admin key cannot lift the quota the installation set on it, nor any
key its own limits; the agency still limits its other keys, and its auditors read the refusals."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer

from nonla.governance import keys

pytestmark = pytest.mark.usefixtures("database")  # every test on SQLite and PostgreSQL

AGENCY = "so-y-te"


def _key(role: str, tenant: str = AGENCY) -> tuple[str, dict[str, str]]:
    secret, record = keys.create_key(role, f"test {role}", tenant=tenant)
    return record.id, {"Authorization": f"Bearer {secret}"}


def test_an_agency_admin_cannot_lift_the_installations_quota_on_it(app: TestClient) -> None:
    root = bearer("admin")
    limited_id, limited = _key("admin")
    _, other_admin = _key("admin")
    assert app.put(f"/v1/keys/{limited_id}/quota", json={"per_day": 3}, headers=root).status_code == 200
    own = app.put(f"/v1/keys/{limited_id}/quota", json={}, headers=limited)
    assert own.status_code == 403 and own.json()["error"]["code"] == "own_key_quota", own.text
    assert own.json()["error"]["hint"]
    lifted = app.put(f"/v1/keys/{limited_id}/quota", json={"per_day": 1000}, headers=other_admin)
    assert lifted.status_code == 403 and lifted.json()["error"]["code"] == "quota_set_by_installation"
    statuses = [app.get("/v1/functions", headers=limited).status_code for _ in range(4)]  # the refused PUT was one
    assert 429 in statuses  # (four, in case a UTC day ends between two of them)
    kept = app.get("/v1/quotas", headers=root).json()["quotas"]
    assert [(q["key_id"], q["per_day"], q["set_by"]) for q in kept] == [(limited_id, 3, "installation")]
    seen = app.get("/v1/quotas", headers=other_admin).json()["quotas"]
    assert seen and seen[0]["set_by"] == "installation"  # the agency sees why it may not change it

    _, auditor = _key("auditor")
    rows = app.get("/v1/audit", headers=auditor, params={"action": "key.quota.refused"}).json()["rows"]
    assert [r["error_code"] for r in rows] == ["own_key_quota", "quota_set_by_installation"]


def test_an_agency_admin_limits_its_other_keys(app: TestClient) -> None:
    admin_id, admin = _key("admin")
    caller_id, caller = _key("caller")
    made = app.put(f"/v1/keys/{caller_id}/quota", json={"per_minute": 1}, headers=admin)
    assert made.status_code == 200 and made.json()["set_by"] == "agency", made.text
    assert 429 in [app.get("/v1/functions", headers=caller).status_code for _ in range(3)]  # (a minute may end)
    assert app.put(f"/v1/keys/{caller_id}/quota", json={}, headers=admin).json()["per_minute"] is None
    assert app.put(f"/v1/keys/{admin_id}/quota", json={"per_day": 5}, headers=admin).status_code == 403
    _, elsewhere = _key("admin", tenant="so-xay-dung")
    assert app.put(f"/v1/keys/{caller_id}/quota", json={"per_day": 5}, headers=elsewhere).status_code == 404

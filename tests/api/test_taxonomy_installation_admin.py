"""Another agency's triage set-up (taxonomy, routing table, model) is changed only by the installation's admins:
the default tenant's other keys read it and triage with it, as before, but change nothing of it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer

from nonla.governance import audit

MESSAGE = {"text": "Trạm y tế phường không có thuốc cho trẻ em.", "agency": "so-a"}
OVERRIDE = {"categories": {"health": {"department": "Sở Y tế tỉnh A"}}}


def _department(app: TestClient, headers: dict[str, str]) -> str:
    triaged = app.post("/v1/functions/civic.triage", headers=headers, json=MESSAGE)
    assert triaged.status_code == 200, triaged.text
    return str(triaged.json()["output"]["department"])


@pytest.mark.parametrize("role", ["developer", "caller", "reviewer"])
def test_a_default_tenant_key_that_is_no_admin_sets_up_no_agency(app: TestClient, role: str) -> None:
    root, a_admin, key = bearer("admin"), bearer("admin", tenant="so-a"), bearer(role)
    assert app.put("/v1/civic/agencies/so-a/taxonomy", headers=a_admin, json=OVERRIDE).status_code == 200
    changed = {"categories": {"health": {"department": "Phòng X"}}}
    refused = app.put("/v1/civic/agencies/so-a/taxonomy", headers=key, json=changed)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    train = app.post("/v1/civic/agencies/so-a/train", headers=key, files={"data": ("h.csv", b"text,category\n")})
    assert train.status_code == 403
    shown = app.get("/v1/civic/agencies/so-a/taxonomy", headers=root).json()
    assert shown["categories"]["health"]["department"] == "Sở Y tế tỉnh A", "nothing changed"
    assert [row["target"] for row in audit.export(action="civic.taxonomy")] == ["so-a"]


def test_the_default_tenants_keys_still_read_and_use_any_agency_and_its_admins_set_up_any(app: TestClient) -> None:
    root, developer = bearer("admin"), bearer("developer")
    assert app.put("/v1/civic/agencies/so-a/taxonomy", headers=root, json=OVERRIDE).status_code == 200
    assert app.get("/v1/civic/agencies/so-a/taxonomy", headers=developer).status_code == 200
    assert _department(app, developer) == "Sở Y tế tỉnh A"


def test_an_agency_still_sets_up_its_own_triage_with_a_developer_key(app: TestClient) -> None:
    a_developer, a_caller = bearer("developer", tenant="so-a"), bearer("caller", tenant="so-a")
    assert app.put("/v1/civic/agencies/so-a/taxonomy", headers=a_developer, json=OVERRIDE).status_code == 200
    assert _department(app, a_caller) == "Sở Y tế tỉnh A"
    assert app.put("/v1/civic/agencies/so-b/taxonomy", headers=a_developer, json=OVERRIDE).status_code == 403

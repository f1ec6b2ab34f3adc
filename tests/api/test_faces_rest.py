"""/v1/consents and /v1/faces over HTTP: roles, tenants, consent before enrolment, and clear 4xx errors."""

from __future__ import annotations

import numpy as np
import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer

from nonla.functions.vision.faces_examples import FACE_JPEG, FACE_MIRRORED_JPEG, NO_FACE_PNG
from nonla.governance import audit

pytestmark = pytest.mark.usefixtures("database")  # every test on SQLite and PostgreSQL


def unit(seed: int) -> list[float]:
    vector = np.random.default_rng(seed).normal(size=128)
    return [float(v) for v in vector / np.linalg.norm(vector)]


def test_consent_enrol_search_erase(app: TestClient) -> None:
    admin, caller = bearer("admin"), bearer("caller")
    body = {"subject_id": "nv-01", "purpose": "access-control", "granted_by": "nv-01", "expires_at": "2999-01-01"}
    assert app.post("/v1/consents", json=body, headers=caller).status_code == 403
    granted = app.post("/v1/consents", json=body, headers=admin)
    assert granted.status_code == 201 and granted.json()["active"]
    enrol = {"subject_id": "nv-01", "purpose": "access-control", "embedding": unit(1)}
    assert app.post("/v1/faces/galleries/staff/faces", json=enrol, headers=caller).status_code == 403
    assert app.post("/v1/faces/galleries/staff/faces", json=enrol, headers=admin).status_code == 201
    found = app.post("/v1/faces/galleries/staff/search", json={"embedding": unit(1)}, headers=caller)
    assert found.status_code == 200 and found.json()["matches"][0]["subject_id"] == "nv-01"
    other_tenant = app.post(
        "/v1/faces/galleries/staff/search", json={"embedding": unit(1)}, headers=bearer("caller", "so-b")
    )
    assert other_tenant.json()["matches"] == []
    assert app.get("/v1/faces/galleries", headers=caller).json()["galleries"][0]["faces"] == 1
    assert app.get("/v1/faces/subjects/nv-01", headers=admin).json()["faces"][0]["gallery"] == "staff"
    erased = app.delete("/v1/faces/subjects/nv-01", headers=admin)
    assert erased.status_code == 200 and erased.json()["faces_erased"] == 1
    assert app.get("/v1/consents?subject_id=nv-01", headers=admin).json()["consents"][0]["id"] == granted.json()["id"]
    assert {"consent.grant", "faces.enroll", "faces.search", "faces.delete_subject"} <= {
        r["action"] for r in audit.export()
    }


def test_enrol_without_consent_and_bad_input(app: TestClient) -> None:
    admin = bearer("admin")
    enrol = {"subject_id": "x", "purpose": "access", "embedding": unit(2)}
    refused = app.post("/v1/faces/galleries/g/faces", json=enrol, headers=admin)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "consent_required"
    app.post("/v1/consents", json={"subject_id": "x", "purpose": "access", "granted_by": "x"}, headers=admin)
    for bad in ({**enrol, "embedding": [1.0]}, {**enrol, "data": "not base64!"}, {**enrol, "embedding": None},
                {"subject_id": "x", "purpose": "access", "data": NO_FACE_PNG}, {**enrol, "extra": 1}):  # fmt: skip
        response = app.post("/v1/faces/galleries/g/faces", json=bad, headers=admin)
        assert 400 <= response.status_code < 500, (bad.keys(), response.text)
        assert response.json()["error"]["code"]
    assert app.post("/v1/consents", json={"subject_id": "x", "purpose": "access", "granted_by": "x",
                                          "legal_basis": "whim"}, headers=admin).status_code == 422  # fmt: skip
    assert app.post("/v1/consents/12345/revoke", headers=admin).status_code == 404
    assert (
        app.post("/v1/faces/galleries/g/search", json={"embedding": unit(2), "top_k": 0}, headers=admin).status_code
        == 422
    )


def test_enrol_and_search_by_photo(app: TestClient) -> None:
    admin = bearer("admin")
    granted = app.post("/v1/consents", json={"subject_id": "a", "purpose": "access", "granted_by": "a"}, headers=admin)
    enrol = app.post("/v1/faces/galleries/crew/faces", json={"subject_id": "a", "purpose": "access", "data": FACE_JPEG},
                     headers=admin)  # fmt: skip
    assert enrol.status_code == 201, enrol.text
    found = app.post("/v1/faces/galleries/crew/search", json={"data": FACE_MIRRORED_JPEG}, headers=admin).json()
    assert found["matches"][0]["same_person"]
    scoped = bearer("caller", scopes=["vi.*"])
    assert app.post("/v1/faces/galleries/crew/search", json={"data": FACE_JPEG}, headers=scoped).status_code == 403
    revoked = app.post(f"/v1/consents/{granted.json()['id']}/revoke", headers=admin).json()
    assert revoked["faces_erased"] == 1 and not revoked["active"]

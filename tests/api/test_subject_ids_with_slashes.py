"""A data subject whose id holds '/' (a dossier number) is exported and erased over REST like any other, on both
databases: the id is the whole rest of the path, sent percent-encoded or not."""

from __future__ import annotations

import numpy as np
import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer

from nonla import inbox

pytestmark = pytest.mark.usefixtures("database")  # every test on SQLite and PostgreSQL

DOSSIER = "HS/2024/001234"
ENCODED = "HS%2F2024%2F001234"
TEXT = "Đường ngập nước trước nhà số 5, đề nghị xử lý."


def _unit(seed: int) -> list[float]:
    vector = np.random.default_rng(seed).normal(size=128)
    return [float(v) for v in vector / np.linalg.norm(vector)]


def test_a_subject_id_with_slashes_is_exported_and_erased(app: TestClient) -> None:
    admin = bearer("admin")
    inbox.submit(TEXT, subject_id=DOSSIER)
    inbox.submit(TEXT, subject_id="HS")  # a subject whose id is the first segment stays
    for path in (ENCODED, DOSSIER):
        exported = app.get(f"/v1/subjects/{path}", headers=admin)
        assert exported.status_code == 200, exported.text
        assert exported.json()["subject_id"] == DOSSIER and len(exported.json()["inbox_messages"]) == 1
    erased = app.delete(f"/v1/subjects/{ENCODED}", headers=admin)
    assert erased.status_code == 200 and erased.json()["erased"]["inbox_messages"] == 1
    assert app.get(f"/v1/subjects/{ENCODED}", headers=admin).json()["inbox_messages"] == []
    assert len(app.get("/v1/subjects/HS", headers=admin).json()["inbox_messages"]) == 1


def test_faces_of_a_subject_id_with_slashes_are_listed_and_erased(app: TestClient) -> None:
    admin = bearer("admin")
    consent = {"subject_id": DOSSIER, "purpose": "access-control", "granted_by": DOSSIER, "expires_at": "2999-01-01"}
    assert app.post("/v1/consents", json=consent, headers=admin).status_code == 201
    enrol = {"subject_id": DOSSIER, "purpose": "access-control", "embedding": _unit(1)}
    assert app.post("/v1/faces/galleries/staff/faces", json=enrol, headers=admin).status_code == 201
    listed = app.get(f"/v1/faces/subjects/{ENCODED}", headers=admin)
    assert listed.status_code == 200 and listed.json()["subject_id"] == DOSSIER
    assert [face["gallery"] for face in listed.json()["faces"]] == ["staff"]
    erased = app.delete(f"/v1/faces/subjects/{DOSSIER}", params={"gallery": "staff"}, headers=admin)
    assert erased.status_code == 200 and erased.json()["faces_erased"] == 1

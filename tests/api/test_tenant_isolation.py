"""Two agencies on one server: neither sees the other's collections, inbox messages, review items, keys, audit rows
or data subjects; the installation's admins (keys of the default tenant) see the whole audit log."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from nonla.api.app import create_app
from nonla.governance import keys

TEXT = "Đường Nguyễn Trãi có ổ gà lớn trước số nhà 25, đề nghị sửa chữa gấp."
LETTER = "Đơn đề nghị cấp lại giấy phép xây dựng nhà ở tại phường Bến Nghé."


@pytest.fixture
def app(database: str) -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        yield client


def bearer(role: str, tenant: str) -> tuple[dict[str, str], str]:
    key, record = keys.create_key(role, f"{tenant} {role}", tenant=tenant)
    return {"Authorization": f"Bearer {key}"}, record.id


def test_two_tenants_never_see_each_others_data(app: TestClient) -> None:
    (a, a_id), (b, b_id) = bearer("admin", "so-xay-dung"), bearer("admin", "so-y-te")
    (root, _) = bearer("admin", "default")
    # agency A stores a collection, an inbox message of a data subject and a review item
    assert app.post("/v1/collections", headers=a, json={"name": "ho-so"}).status_code == 201
    added = app.post("/v1/collections/ho-so/documents", headers=a,
                     json={"documents": [{"id": "don-1", "text": LETTER, "subject_id": "cccd-1"}]})  # fmt: skip
    assert added.status_code == 200, added.text
    message = app.post("/v1/inbox/messages", headers=a, json={"text": TEXT, "channel": "app", "subject_id": "cccd-1"})
    assert message.status_code == 201, message.text
    mid = message.json()["id"]
    assert app.put("/v1/review/policies/text.language", headers=a, json={"always": True}).status_code == 200
    called = app.post("/v1/functions/text.language", headers=a, json={"text": "xin chao"})
    assert called.status_code == 200
    [item] = app.get("/v1/review", headers=a).json()["items"]

    # agency B sees none of it
    assert app.get("/v1/collections", headers=b).json()["collections"] == []
    assert app.get("/v1/collections/ho-so/search", headers=b, params={"q": "giấy phép"}).status_code == 404
    assert app.delete("/v1/collections/ho-so/documents/don-1", headers=b).status_code == 404
    assert app.get("/v1/inbox/messages", headers=b).json()["total"] == 0
    assert app.get(f"/v1/inbox/messages/{mid}", headers=b).status_code == 404
    assert app.get("/v1/review", headers=b).json()["items"] == []
    assert app.get(f"/v1/review/{item['id']}", headers=b).status_code == 404
    assert app.post(f"/v1/review/{item['id']}/decision", headers=b, json={"accept": True}).status_code == 404
    exported = app.get("/v1/subjects/cccd-1", headers=b).json()
    assert exported["inbox_messages"] == [] and exported["documents"] == []
    assert app.delete("/v1/subjects/cccd-1", headers=b).json()["total"] == 0
    assert len(app.get("/v1/subjects/cccd-1", headers=a).json()["documents"]) == 1

    # keys: each tenant's admin lists and revokes only its own
    assert {k["tenant"] for k in app.get("/v1/keys", headers=b).json()["keys"]} == {"so-y-te"}
    assert app.delete(f"/v1/keys/{a_id}", headers=b).status_code == 404
    assert {k["tenant"] for k in app.get("/v1/keys", headers=root).json()["keys"]} >= {"so-xay-dung", "so-y-te"}

    # audit: a tenant's admin reads its own keys' actions and its own data's changes; the installation reads all
    rows_b = app.get("/v1/audit", headers=b, params={"limit": 10_000}).json()["rows"]
    assert all(r["actor"] == f"key:{b_id}" or r["detail"].get("tenant") == "so-y-te" for r in rows_b)
    assert not any(r["actor"] == f"key:{a_id}" for r in rows_b)
    rows_a = app.get("/v1/audit", headers=a, params={"limit": 10_000}).json()["rows"]
    assert {"function.call", "review.queue", "document.add"} <= {r["action"] for r in rows_a}
    rows_root = app.get("/v1/audit", headers=root, params={"limit": 10_000}).json()["rows"]
    assert len(rows_root) > len(rows_a) and any(r["actor"] == f"key:{a_id}" for r in rows_root)
    assert app.put(f"/v1/keys/{a_id}/quota", headers=b, json={"per_minute": 1}).status_code == 404

"""Two agencies on one server: neither sees the other's collections (nor legal.search/answer results from them),
inbox messages, feedback, review items, keys, custom models, pipelines, jobs, audit rows or data subjects; the
installation's admins (keys of the default tenant) see the whole audit log."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import nonla
from nonla.cli import app as cli
from nonla.core.context import current_tenant, tenant_scope
from nonla.core.errors import NotFound
from nonla.core.runner import Runner
from nonla.governance import keys
from nonla.sources import catalog

pytestmark = pytest.mark.usefixtures("database")  # every test on SQLite and PostgreSQL

TEXT = "Đường Nguyễn Trãi có ổ gà lớn trước số nhà 25, đề nghị sửa chữa gấp."
LETTER = "Đơn đề nghị cấp lại giấy phép xây dựng nhà ở tại phường Bến Nghé."


def bearer(role: str, tenant: str) -> tuple[dict[str, str], str]:
    key, record = keys.create_key(role, f"{tenant} {role}", tenant=tenant)
    return {"Authorization": f"Bearer {key}"}, record.id


def test_the_installation_gives_an_agency_its_first_key(app: TestClient) -> None:
    (root, _), (b, _) = bearer("admin", "default"), bearer("admin", "so-y-te")
    created = app.post("/v1/keys", headers=root, json={"role": "admin", "name": "so tu phap", "tenant": "so-tu-phap"})
    assert created.status_code == 201 and created.json()["tenant"] == "so-tu-phap", created.text
    theirs = {"Authorization": f"Bearer {created.json()['key']}"}
    own = app.post("/v1/keys", headers=theirs, json={"role": "caller", "name": "cong thong tin"})  # its own agency
    assert own.status_code == 201 and own.json()["tenant"] == "so-tu-phap"
    assert {k["tenant"] for k in app.get("/v1/keys", headers=theirs).json()["keys"]} == {"so-tu-phap"}
    rows = app.get("/v1/audit", headers=theirs, params={"limit": 1000}).json()["rows"]
    assert {r["target"] for r in rows if r["action"] == "key.create"} == {created.json()["id"], own.json()["id"]}
    # an agency's admin cannot make keys for another agency; a tenant id is a plain slug
    other = app.post("/v1/keys", headers=b, json={"role": "admin", "name": "x", "tenant": "so-tu-phap"})
    assert other.status_code == 403 and other.json()["error"]["code"] == "forbidden"
    for bad in ("Sở Y tế", "../x", "-a", "a" * 65):
        refused = app.post("/v1/keys", headers=root, json={"role": "caller", "name": "x", "tenant": bad})
        assert refused.status_code == 422 and "tenant" in refused.text, (bad, refused.text)


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
    assert all(r["actor"] == f"key:{b_id}" or "so-y-te" in (r["tenant"], r["detail"].get("tenant")) for r in rows_b)
    assert not any(r["actor"] == f"key:{a_id}" or r["tenant"] == "so-xay-dung" for r in rows_b)
    rows_a = app.get("/v1/audit", headers=a, params={"limit": 10_000}).json()["rows"]
    assert {"function.call", "review.queue", "document.add"} <= {r["action"] for r in rows_a}
    calls_a = [r for r in rows_a if r["action"] == "function.call"]
    assert calls_a and {r["tenant"] for r in calls_a} == {"so-xay-dung"}  # each call's row names its tenant
    rows_root = app.get("/v1/audit", headers=root, params={"limit": 10_000}).json()["rows"]
    assert len(rows_root) > len(rows_a) and any(r["actor"] == f"key:{a_id}" for r in rows_root)
    assert app.put(f"/v1/keys/{a_id}/quota", headers=b, json={"per_minute": 1}).status_code == 404


ARTICLES = {
    "so-xay-dung": "Điều 1. Giấy phép xây dựng\nChủ đầu tư phải có giấy phép xây dựng trước khi khởi công công trình.",
    "so-y-te": "Điều 1. Giấy phép hành nghề\nNgười hành nghề khám bệnh phải có giấy phép hành nghề do Sở Y tế cấp.",
}


def _search(app: TestClient, headers: dict[str, str], function: str, **body: Any) -> Any:
    return app.post(f"/v1/functions/{function}", headers=headers, json={"collection": "quy-dinh", **body})


def test_legal_search_and_answer_read_only_the_callers_collections(app: TestClient) -> None:
    (a, _), (b, _), (c, _) = bearer("admin", "so-xay-dung"), bearer("admin", "so-y-te"), bearer("admin", "so-tu-phap")
    for headers, tenant in ((a, "so-xay-dung"), (b, "so-y-te")):  # the same collection name in two agencies
        assert app.post("/v1/collections", headers=headers, json={"name": "quy-dinh"}).status_code == 201
        added = app.post("/v1/collections/quy-dinh/documents", headers=headers,
                         json={"documents": [{"id": f"qd-{tenant}", "text": ARTICLES[tenant]}]})  # fmt: skip
        assert added.status_code == 200, added.text
    found_a = _search(app, a, "legal.search", query="giấy phép").json()["output"]["results"]
    found_b = _search(app, b, "legal.search", query="giấy phép").json()["output"]["results"]
    assert {r["document"] for r in found_a} == {"qd-so-xay-dung"} and {r["document"] for r in found_b} == {"qd-so-y-te"}
    answer_b = _search(app, b, "legal.answer", question="Ai cấp giấy phép hành nghề khám bệnh?").json()["output"]
    assert "Sở Y tế" in answer_b["answer"] and "xây dựng" not in answer_b["answer"]
    # feedback on the answer stays the agency's
    rated = app.post("/v1/legal/ratings", headers=b, json={"answer_id": answer_b["answer_id"], "rating": 4,
                                                           "collection": "quy-dinh", "subject_id": "cccd-9"})  # fmt: skip
    assert rated.status_code == 201, rated.text
    assert app.get("/v1/legal/ratings/report", headers=b).json()["collections"]["quy-dinh"]["ratings"] == 1
    assert app.get("/v1/legal/ratings/report", headers=a).json()["collections"] == {}
    assert app.get("/v1/subjects/cccd-9", headers=a).json()["answer_ratings"] == []
    assert len(app.get("/v1/subjects/cccd-9", headers=b).json()["answer_ratings"]) == 1
    # an agency without the collection gets the same 404 as for a name nobody uses
    for function, field in (("legal.search", "query"), ("legal.answer", "question")):
        missing = _search(app, c, function, **{field: "giấy phép"})
        assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found", missing.text
        nowhere = app.post(f"/v1/functions/{function}", headers=c, json={"collection": "khong-co", field: "giấy phép"})
        assert nowhere.json()["error"]["message"].replace("khong-co", "quy-dinh") == missing.json()["error"]["message"]
    assert app.get("/v1/collections/quy-dinh/search", headers=c, params={"q": "giấy phép"}).status_code == 404

    # Python and the CLI without a key run for the default tenant, which has no such collection
    with pytest.raises(NotFound):
        nonla.run("legal.search", query="giấy phép", collection="quy-dinh")
    ran = CliRunner().invoke(cli, ["run", "legal.search", "-f", "query=giấy phép", "-f", "collection=quy-dinh"])
    assert ran.exit_code != 0 and "no collection named 'quy-dinh'" in f"{ran.output} {ran.exception}"
    # the runner hands the tenant to the function (and to the functions it calls), and restores it afterwards
    called = Runner(catalog()).call("legal.answer", [{"question": "giấy phép xây dựng", "collection": "quy-dinh"}],
                                    tenant="so-xay-dung")  # fmt: skip
    assert called.ok and called.results[0].articles[0].document == "qd-so-xay-dung"  # type: ignore[union-attr]
    assert called.event.tenant == "so-xay-dung" and current_tenant() == "default"


TABLE = "so_tang,dien_tich,muc_do\n" + "".join(
    f"{floors},{area},{'cao' if floors > 5 else 'thap'}\n" for floors in range(1, 11) for area in (50, 80, 120, 200)
)
PIPELINE = "name: chuan_hoa\nsteps:\n  - function: vi.normalize\n    inputs: {text: $input.text}\n"
YAML = {"Content-Type": "application/yaml"}


def _trained(app: TestClient, headers: dict[str, str], name: str, table: str = TABLE) -> dict[str, Any]:
    started = app.post("/v1/models/train", headers=headers,
                       json={"kind": "tabular", "name": name, "csv": table, "target": "muc_do"})  # fmt: skip
    assert started.status_code == 202, started.text
    for _ in range(600):
        job = app.get(f"/v1/models/train/{started.json()['id']}", headers=headers).json()
        if job["status"] in ("done", "failed", "cancelled"):
            return job
        time.sleep(0.05)
    raise AssertionError(job)


def _job(app: TestClient, headers: dict[str, str], body: dict[str, Any], subject: str | None = None) -> dict[str, Any]:
    extra = {"X-Subject-Id": subject} if subject else {}
    created = app.post("/v1/jobs", headers={**headers, **extra}, json=body)
    assert created.status_code == 202, created.text
    for _ in range(600):
        job = app.get(f"/v1/jobs/{created.json()['id']}", headers=headers).json()
        if job["status"] in ("done", "failed", "cancelled"):
            return job
        time.sleep(0.05)
    raise AssertionError(job)


def test_models_pipelines_and_jobs_belong_to_their_tenant(app: TestClient) -> None:
    (a, _), (b, _) = bearer("admin", "so-xay-dung"), bearer("admin", "so-y-te")
    trained = _trained(app, a, "muc_do")
    assert trained["status"] == "done"
    assert app.get(f"/v1/models/train/{trained['id']}", headers=b).status_code == 404  # nor its training job
    assert app.post(f"/v1/models/train/{trained['id']}/cancel", headers=b).status_code == 404
    assert [m["name"] for m in app.get("/v1/models", headers=a).json()["models"]] == ["muc_do"]
    assert app.get("/v1/models", headers=b).json()["models"] == []
    assert app.post("/v1/functions/custom.muc_do", headers=a, json={"so_tang": 8, "dien_tich": 80}).status_code == 200
    for method, path, body in (("GET", "/v1/models/muc_do", None), ("GET", "/v1/models/muc_do/versions/1", None),
                               ("POST", "/v1/models/muc_do/promote", {"version": 1}),
                               ("POST", "/v1/models/muc_do/archive", {"version": 1}),
                               ("POST", "/v1/models/muc_do/rollback", None), ("DELETE", "/v1/models/muc_do/rollout", None),
                               ("GET", "/v1/models/muc_do/report", None), ("GET", "/v1/functions/custom.muc_do", None),
                               ("POST", "/v1/functions/custom.muc_do", {"so_tang": 8, "dien_tich": 80})):  # fmt: skip
        response = app.request(method, path, headers=b, json=body)
        assert response.status_code == 404, (path, response.text)
    assert not any(f["name"].startswith("custom.") for f in app.get("/v1/functions", headers=b).json()["functions"])
    assert app.post("/v1/models/muc_do/promote", headers=a, json={"version": 1}).json()["stage"] == "production"
    with pytest.raises(nonla.NonlaError):  # Python and the CLI without a key: the default tenant's models only
        nonla.run("custom.muc_do", so_tang=8, dien_tich=80)
    with tenant_scope("so-xay-dung"):
        assert nonla.run("custom.muc_do", so_tang=8, dien_tich=80).label == "cao"  # type: ignore[attr-defined]

    assert app.post("/v1/pipelines", headers={**a, **YAML}, content=PIPELINE).status_code == 201
    assert [p["name"] for p in app.get("/v1/pipelines", headers=a).json()["pipelines"]] == ["pipeline.chuan_hoa"]
    assert app.get("/v1/pipelines", headers=b).json()["pipelines"] == []
    assert app.get("/v1/pipelines/chuan_hoa", headers=b).status_code == 404
    assert app.delete("/v1/pipelines/chuan_hoa", headers=b).status_code == 404
    assert app.post("/v1/functions/pipeline.chuan_hoa", headers=b, json={"text": "xin chao"}).status_code == 404
    assert app.post("/v1/functions/pipeline.chuan_hoa", headers=a, json={"text": "xin chào"}).status_code == 200

    # jobs run the owner's models and pipelines (the tenant travels with the job); another tenant sees no job
    for function, item in (
        ("pipeline.chuan_hoa", {"text": "Xin chào"}),
        ("custom.muc_do", {"so_tang": 2, "dien_tich": 50}),
    ):
        job = _job(app, a, {"function": function, "items": [item]})
        assert (job["status"], job["errors"]) == ("done", 0), job
        assert app.get(f"/v1/jobs/{job['id']}", headers=b).status_code == 404
        assert app.get(f"/v1/jobs/{job['id']}/results", headers=b).status_code == 404
        assert app.post(f"/v1/jobs/{job['id']}/cancel", headers=b).status_code == 404
    assert (
        app.post("/v1/jobs", headers=b, json={"function": "custom.muc_do", "items": [{"so_tang": 1}]}).status_code
        == 404
    )
    assert app.get("/v1/jobs", headers=b).json()["jobs"] == []
    rows_b = app.get("/v1/audit", headers=b, params={"limit": 10_000}).json()["rows"]
    assert not any("muc_do" in r["target"] or "chuan_hoa" in r["target"] for r in rows_b)

    # A name is each tenant's own: another agency's "muc_do" and "chuan_hoa" are new models of its own, version 1,
    # serving its own answers, and nothing of the first agency's changes.
    theirs = _trained(app, b, "muc_do", TABLE.replace("cao", "x").replace("thap", "cao").replace("x", "thap"))
    assert theirs["status"] == "done" and theirs["result"]["version"] == 1, theirs
    item = {"so_tang": 8, "dien_tich": 80}
    assert app.post("/v1/functions/custom.muc_do", headers=a, json=item).json()["output"]["label"] == "cao"
    assert app.post("/v1/functions/custom.muc_do", headers=b, json=item).json()["output"]["label"] == "thap"
    [model_a], [model_b] = (app.get("/v1/models", headers=h).json()["models"] for h in (a, b))
    assert (model_a["serving"], model_b["serving"]) == (1, 1) and model_a["versions"][0]["stage"] == "production"
    assert model_b["versions"][0]["stage"] == "draft"
    folders = [app.get("/v1/models/muc_do/versions/1", headers=h).json()["folder"] for h in (a, b)]
    assert folders[0] != folders[1] and all(any(Path(f).iterdir()) for f in folders)
    added = app.post("/v1/pipelines", headers={**b, **YAML}, content=PIPELINE)
    assert added.status_code == 201 and added.json()["version"] == 1, added.text
    assert app.post("/v1/functions/pipeline.chuan_hoa", headers=b, json={"text": "xin chào"}).status_code == 200
    assert [p["versions"] for p in app.get("/v1/pipelines", headers=a).json()["pipelines"]] == [[1]]


def test_a_subjects_jobs_are_exported_and_erased_with_their_files(app: TestClient) -> None:
    (a, _), (b, _) = bearer("admin", "so-xay-dung"), bearer("admin", "so-y-te")
    mine = _job(app, a, {"function": "vi.words", "items": [{"text": "Nguyễn Văn An, 12 Lê Lợi"}]}, subject="cccd-7")
    other = _job(app, a, {"function": "vi.words", "items": [{"text": "Trần Thị Bình"}]})
    assert app.get("/v1/subjects/cccd-7", headers=b).json()["jobs"] == []
    assert app.delete("/v1/subjects/cccd-7", headers=b).json()["erased"]["jobs"] == 0
    [exported] = app.get("/v1/subjects/cccd-7", headers=a).json()["jobs"]
    assert exported["id"] == mine["id"] and exported["inputs"] == [{"text": "Nguyễn Văn An, 12 Lê Lợi"}]
    assert exported["results"][0]["output"]["words"][0] == "Nguyễn Văn An"
    from nonla.jobs import service

    kept = [Path(exported["output"]["path"]), Path(exported["input"]["ref"])]
    assert all(path.is_file() and path.is_relative_to(service.jobs_dir()) for path in kept)
    erased = app.delete("/v1/subjects/cccd-7", headers=a).json()
    assert erased["erased"]["jobs"] == 1 and erased["erased"]["job_files"] == 2, erased
    assert not any(path.exists() for path in kept)
    assert app.get(f"/v1/jobs/{mine['id']}", headers=a).status_code == 404
    assert app.get(f"/v1/jobs/{other['id']}", headers=a).json()["status"] == "done"  # another person's job stays
    rows = app.get("/v1/audit", headers=a, params={"action": "subject.erase"}).json()["rows"]
    [jobs_row] = [r for r in rows if r["detail"]["store"] == "jobs" and r["detail"]["counts"]["jobs"] == 1]
    assert "cccd-7" not in json.dumps(jobs_row, ensure_ascii=False)  # counts and a digest, never the subject id
